//! The pages' frame: one small inline style sheet, no external resource (the progress page
//! adds one inline script of its own).

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
.note{color:#57606a;font-size:.9rem}\
progress{display:block;width:100%;height:1.6rem;margin:.8rem 0;-webkit-appearance:none;\
appearance:none;border:1px solid #8c959f;border-radius:6px;background:#eaeef2;overflow:hidden}\
progress::-webkit-progress-bar{background:#eaeef2}\
progress::-webkit-progress-value{background:#1f883d}\
progress::-moz-progress-bar{background:#1f883d}\
.about{color:#57606a;margin:.2rem 0 1rem}\
.status{font-size:1.15rem;font-weight:600;margin:1.2rem 0 .4rem}\
.busy{font-size:1.1rem;font-weight:600;border:2px solid #9a6700;background:#fff8c5;\
border-radius:6px;padding:.6rem 1rem}\
h2{font-size:1.25rem;margin:1.4rem 0 .5rem}\
h3{font-size:1.05rem;margin:1rem 0 .3rem}\
fieldset+fieldset{margin-top:.8rem}\
.dash{display:flex;flex-wrap:wrap;gap:.6rem;margin:1rem 0}\
.dash div{border:1px solid #d0d7de;border-radius:6px;padding:.4rem .8rem;min-width:7rem;\
background:#f6f8fa}\
.dash span{display:block;font-size:.8rem;color:#57606a}\
.dash b{font-size:1.15rem}\
.dash b.neg,td.neg{color:#a40e26}\
.period,.end{border-left:4px solid #0969da;padding:.1rem 1rem;margin:1rem 0;background:#f6f8fa}\
.end{border-left-color:#1a7f37}\
ul.events{margin:.3rem 0;padding-left:1.2rem}\
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(27rem,1fr));gap:.8rem;\
margin:1rem 0}\
.chart{max-width:100%;height:auto;border:1px solid #d0d7de;border-radius:6px;background:#fff}\
table.lines,table.ranking{border-collapse:collapse;margin:.6rem 0;width:100%}\
table.lines th,table.lines td,table.ranking th,table.ranking td{border-bottom:1px solid #d0d7de;\
padding:.3rem .5rem;text-align:left}\
table.lines input,table.lines select{font:inherit;padding:.2rem .3rem;width:7rem;\
border:1px solid #8c959f;border-radius:4px}\
td.now{color:#57606a;font-size:.9rem}\
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\
tr.builtin td{color:#57606a;font-style:italic}\
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(17rem,1fr));gap:0 1.2rem}\
.grid .field input,.grid .field select{min-width:0;width:100%;box-sizing:border-box}\
.code{font-size:1.1rem;border:2px solid #0969da;border-radius:6px;padding:.2rem 1rem;\
background:#ddf4ff}\
.code b{font-family:ui-monospace,monospace;font-size:1.3rem;letter-spacing:.1em}";

/// The navigation bar at the top of every page.
pub fn nav(extra: &str) -> String {
    format!(
        "<nav class=\"serve\"><a href=\"/\">A study</a><a href=\"/compare\">Two situations side \
         by side</a><a href=\"/play\">Play</a><a href=\"/class/new\">A class</a>{extra}</nav>\n"
    )
}

/// A whole page: `title`, then `body` (already HTML).
pub fn page(title: &str, body: &str) -> String {
    page_with_head(title, "", body)
}

/// A whole page with `head` (already HTML) added to its head.
pub fn page_with_head(title: &str, head: &str, body: &str) -> String {
    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} · lpo-sim</title>\n<style>{STYLE}</style>\n{head}</head>\n<body>\n\
         {nav}<main>\n<h1>{title}</h1>\n{body}</main>\n</body>\n</html>\n",
        title = escape(title),
        nav = nav(""),
    );
    html
}

/// The problems with a submitted form, as a block at the top of the form.
pub fn problems(list: &[String]) -> String {
    problems_titled("Please correct the form", list)
}

/// Problems under the heading `title`.
pub fn problems_titled(title: &str, list: &[String]) -> String {
    if list.is_empty() {
        return String::new();
    }
    let mut html = format!(
        "<div class=\"errors\" role=\"alert\"><h2>{}</h2><ul>\n",
        escape(title)
    );
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
