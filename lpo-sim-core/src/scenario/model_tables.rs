//! MODEL.md's parameter tables (§12), generated from the parameter declarations.

use super::Scenario;
use crate::params::{ParamKind, ParamSpec, ParamValue, ParamVisitor, TextSpec, walk};
use std::fmt::Write;

/// Title of each top-level section's table, in walk order (the empty key: the scenario's own
/// numbers).
const TITLES: [(&str, &str); 12] = [
    ("", "Run"),
    (
        "founder",
        "Founder (`[founder]`, used when the career is not simulated)",
    ),
    ("lines", "Service lines (`[lines.*]`)"),
    ("workforce", "Workforce (`[workforce]`)"),
    ("clients", "Clients and trust (`[clients]`)"),
    ("quality", "Delivery and quality (`[quality]`)"),
    ("finance", "Finance and certification (`[finance]`)"),
    ("consultant", "Consultant (`[consultant]`)"),
    ("closure", "Closure (`[closure]`)"),
    ("career", "Career (`[career]`)"),
    ("strategy", "Rule-based strategy (`[strategy.rule]`)"),
    ("ai", "Automation (`[ai]`)"),
];

/// A number for people: whole numbers of 100,000 and more as `1e6`, others as Rust prints them.
pub(crate) fn human_number(x: f64) -> String {
    if x != 0.0 && x.abs() >= 1e5 && x.fract() == 0.0 {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// A default as the tables and the scenario file show it.
pub(crate) fn default_text(kind: ParamKind, value: f64) -> String {
    match kind {
        ParamKind::Real => format!("{value:?}"),
        ParamKind::Count => human_number(value),
        ParamKind::Flag => (value != 0.0).to_string(),
    }
}

struct Row {
    section: String,
    cells: String,
    assumption: bool,
}

#[derive(Default)]
struct Collector {
    rows: Vec<Row>,
    texts: Vec<String>,
}

fn top(path: &str) -> String {
    match path.split_once('.') {
        Some((first, _)) => first.to_owned(),
        None => String::new(),
    }
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

impl ParamVisitor for Collector {
    fn visit(&mut self, path: &str, _: ParamValue<'_>, spec: &ParamSpec) {
        let cells = format!(
            "| `{path}` | {} | {} | {}–{} | {} |",
            default_text(spec.kind, spec.default),
            spec.unit,
            human_number(spec.min),
            human_number(spec.max),
            cell(spec.source)
        );
        self.rows.push(Row {
            section: top(path),
            cells,
            assumption: spec.source.starts_with("assumption"),
        });
    }

    fn text(&mut self, path: &str, _: &str, spec: &TextSpec) {
        self.texts.push(format!(
            "| `{path}` | `{}` | {} | {} |",
            spec.default,
            cell(spec.values),
            cell(spec.source)
        ));
    }
}

/// The body of MODEL.md §12 from the declarations: the count of sourced and assumed
/// parameters per section, one table per section (`| path | default | unit | range | source |`)
/// and the table of non-numeric fields.
///
/// # Panics
/// If a top-level section has no title in this generator (add one when adding a section).
pub fn parameter_tables_markdown() -> String {
    let mut collected = Collector::default();
    walk(&mut Scenario::default(), &mut collected);
    let mut out = String::new();
    let total = collected.rows.len();
    let assumed = collected.rows.iter().filter(|r| r.assumption).count();
    let _ = writeln!(
        out,
        "{total} numeric parameters: {} sourced from a row (directly, by conversion, or chosen \
         inside or between a row's values) and {assumed} assumptions. The strategy thresholds and \
         career plan are policy choices, not facts about the world, and count as assumptions.\n",
        total - assumed
    );
    out.push_str("| section | rows | sourced | assumption |\n|---|---|---|---|\n");
    for (key, title) in TITLES {
        let rows: Vec<&Row> = collected.rows.iter().filter(|r| r.section == key).collect();
        let short = title.split(" (").next().unwrap_or(title);
        let a = rows.iter().filter(|r| r.assumption).count();
        let _ = writeln!(
            out,
            "| {short} | {} | {} | {a} |",
            rows.len(),
            rows.len() - a
        );
    }
    let _ = writeln!(
        out,
        "| **all** | **{total}** | **{}** | **{assumed}** |",
        total - assumed
    );
    for row in &collected.rows {
        assert!(
            TITLES.iter().any(|(key, _)| *key == row.section),
            "section `{}` has no title in scenario/model_tables.rs",
            row.section
        );
    }
    for (i, (key, title)) in TITLES.into_iter().enumerate() {
        let _ = writeln!(
            out,
            "\n### 12.{} {title}\n\n| path | default | unit | range | source |\n|---|---|---|---|---|",
            i + 1
        );
        for row in collected.rows.iter().filter(|r| r.section == key) {
            let _ = writeln!(out, "{}", row.cells);
        }
    }
    let _ = writeln!(
        out,
        "\n### 12.{} Non-numeric fields\n\n| field | default | values | source |\n|---|---|---|---|",
        TITLES.len() + 1
    );
    for row in &collected.texts {
        let _ = writeln!(out, "{row}");
    }
    out
}
