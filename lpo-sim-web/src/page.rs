//! The pages' frame: one small inline style sheet, no script, no external resource.

use std::fmt::Write;

/// Escapes `text` for HTML text and attribute values: the report crate's escaper, so the
/// pages around a report escape exactly as the report does.
pub use lpo_sim_report::html::escape_html as escape;

const STYLE: &str = "\
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#1f2328;background:#fff;\
margin:0;line-height:1.45}\
main{max-width:60rem;margin:0 auto;padding:1rem 1.5rem 3rem}\
nav.serve{background:#f3f4f6;border-bottom:1px solid #d0d7de;padding:.6rem 1.5rem;\
font-size:.95rem}\
nav.serve a{margin-right:1.2rem}\
h1{font-size:1.6rem;margin:.6rem 0}\
.field{margin:.7rem 0}\
.field label{display:block;font-weight:600}\
.field input,.field select{font:inherit;padding:.3rem .4rem;min-width:16rem;\
border:1px solid #8c959f;border-radius:4px}\
.help{margin:.15rem 0 0;color:#57606a;font-size:.9rem;max-width:44rem}\
.columns{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1.5rem}\
.columns .field input,.columns .field select{min-width:0;width:100%;box-sizing:border-box}\
fieldset{border:1px solid #d0d7de;border-radius:6px;padding:.4rem 1rem}\
legend{font-weight:700}\
button{font:inherit;font-weight:600;padding:.45rem 1.2rem;margin-top:1rem;border-radius:6px;\
border:1px solid #1a7f37;background:#1f883d;color:#fff;cursor:pointer}\
.errors{border:2px solid #cf222e;background:#ffebe9;border-radius:6px;padding:.6rem 1rem;\
margin:1rem 0}\
.errors h2{font-size:1.1rem;margin:.2rem 0;color:#a40e26}\
.note{color:#57606a;font-size:.9rem}";

/// The navigation bar at the top of every page.
pub fn nav(extra: &str) -> String {
    format!(
        "<nav class=\"serve\"><a href=\"/\">A study</a><a href=\"/compare\">Two situations side \
         by side</a>{extra}</nav>\n"
    )
}

/// A whole page: `title`, then `body` (already HTML).
pub fn page(title: &str, body: &str) -> String {
    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} · lpo-sim</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{nav}\
         <main>\n<h1>{title}</h1>\n{body}</main>\n</body>\n</html>\n",
        title = escape(title),
        nav = nav(""),
    );
    html
}

/// The problems with a submitted form, as a block at the top of the form.
pub fn problems(list: &[String]) -> String {
    if list.is_empty() {
        return String::new();
    }
    let mut html =
        String::from("<div class=\"errors\" role=\"alert\"><h2>Please correct the form</h2><ul>\n");
    for problem in list {
        let _ = writeln!(html, "<li>{}</li>", escape(problem));
    }
    html.push_str("</ul></div>\n");
    html
}

/// Puts `nav` at the top of a report page of the report crate (after `<body>`), so the page
/// keeps the report's own style.
pub fn with_nav(report: &str, nav: &str) -> String {
    match report.find("<body>\n") {
        Some(at) => {
            let at = at + "<body>\n".len();
            let style = "<style>nav.serve{font-family:system-ui,sans-serif;background:#f3f4f6;\
                         border-bottom:1px solid #d0d7de;padding:.6rem 1.5rem}\
                         nav.serve a{margin-right:1.2rem}</style>\n";
            format!("{}{style}{nav}{}", &report[..at], &report[at..])
        }
        None => format!("{nav}{report}"),
    }
}
