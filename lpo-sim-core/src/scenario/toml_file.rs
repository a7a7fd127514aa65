//! The commented default scenario file, generated from the parameter declarations.

use super::Scenario;
use super::model_tables::{default_text, human_number};
use crate::params::{ParamKind, ParamSpec, ParamValue, ParamVisitor, TextSpec, doc_line, walk};
use std::fmt::Write;

/// The default scenario as a TOML file in which every parameter carries its doc line, unit,
/// allowed range and source as comments. [`super::DEFAULT_SCENARIO_TOML`] is this text,
/// committed so it can be read without building; a test keeps the two equal.
pub fn default_scenario_toml() -> String {
    let mut writer = TomlWriter {
        out: String::from(HEADER),
        sections: Vec::new(),
        header_written: String::new(),
    };
    walk(&mut Scenario::default(), &mut writer);
    writer.out
}

const HEADER: &str = "\
# lpo-sim scenario: every parameter of the model, at its default.
# Each parameter: what it is [unit, allowed range], then where its default comes from: a row of
# the published figures (LPO-FIGURES.md, copied into MODEL.md with its source) or \"assumption\".
# MODEL.md has the equations. Money is in `currency`, per month unless stated; probabilities
# are per month unless stated.
# Generated from the parameter declarations in lpo-sim-core/src/scenario/ (do not edit by hand:
# edit a declaration, then run `LPO_SIM_BLESS=1 cargo test -p lpo-sim-core --test model_doc`).
";

struct TomlWriter {
    out: String,
    /// Sections entered, with their doc lines.
    sections: Vec<(String, &'static str)>,
    /// The last `[table]` header written.
    header_written: String,
}

impl TomlWriter {
    /// Writes the `[table]` header of the innermost section before its first key.
    fn header(&mut self) {
        let Some((path, doc)) = self.sections.last() else {
            return;
        };
        if *path == self.header_written {
            return;
        }
        let (path, doc) = (path.clone(), doc_line(doc));
        self.out.push('\n');
        if !doc.is_empty() {
            write_comment(&mut self.out, &doc);
        }
        let _ = writeln!(self.out, "[{path}]");
        self.header_written = path;
    }

    fn key(&mut self, path: &str, value: &str, comment: &str, source: &str) {
        self.header();
        let key = path.rsplit('.').next().unwrap_or(path);
        write_comment(&mut self.out, comment);
        let _ = writeln!(self.out, "# source: {source}\n{key} = {value}");
    }
}

/// Longest comment line written, `# ` included (sources excepted: they are quoted whole).
pub(crate) const COMMENT_WIDTH: usize = 100;

/// Writes `text` as `# ` comment lines of at most [`COMMENT_WIDTH`] characters, breaking at
/// spaces (a longer word gets a line of its own).
pub(crate) fn write_comment(out: &mut String, text: &str) {
    let mut line = String::from("#");
    for word in text.split_whitespace() {
        if line.len() > 1 && line.chars().count() + 1 + word.chars().count() > COMMENT_WIDTH {
            out.push_str(&line);
            out.push('\n');
            line.truncate(1);
        }
        line.push(' ');
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
}

/// A number as TOML writes it: reals always with a decimal point or exponent.
fn number(kind: ParamKind, value: f64) -> String {
    match kind {
        ParamKind::Count => format!("{value}"),
        _ => default_text(kind, value),
    }
}

impl ParamVisitor for TomlWriter {
    fn visit(&mut self, path: &str, value: ParamValue<'_>, spec: &ParamSpec) {
        let range = match spec.kind {
            ParamKind::Flag => "true/false".to_owned(),
            _ => format!(
                "{}, {} to {}",
                spec.unit,
                human_number(spec.min),
                human_number(spec.max)
            ),
        };
        // The values of a per-line table share the table's doc line.
        let doc = doc_line(spec.doc);
        let shared = self
            .sections
            .last()
            .is_some_and(|(_, d)| doc_line(d) == doc);
        let comment = if shared {
            format!("[{range}]")
        } else {
            format!("{doc} [{range}]")
        };
        self.key(path, &number(spec.kind, value.get()), &comment, spec.source);
    }

    fn text(&mut self, path: &str, value: &str, spec: &TextSpec) {
        let quoted = serde_json::to_string(value).expect("a string serialises");
        let comment = format!("{} [{}]", doc_line(spec.doc), spec.values);
        self.key(path, &quoted, &comment, spec.source);
    }

    fn enter(&mut self, path: &str, doc: &'static str) {
        self.sections.push((path.to_owned(), doc));
    }

    fn leave(&mut self) {
        self.sections.pop();
    }
}
