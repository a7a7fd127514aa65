//! Keeps MODEL.md in sync with the code.
//!
//! MODEL.md documents every scenario parameter in tables headed
//! `| path | default | unit | range | source |`, one row per parameter whose first cell is the
//! backticked dotted path listed by `params::list_params`. These tests check that the rows and
//! the code agree: every parameter has exactly one row, every row names a parameter, and the
//! row's default, unit and range are the code's. They also check the non-numeric fields table
//! and the strategy presets table. When a test fails, its message names the path, what MODEL.md
//! says and what the code says: fix whichever is wrong.

use lpo_sim_core::params::{ParamInfo, list_params};
use lpo_sim_core::{BuiltinStrategy, Scenario};
use std::collections::{BTreeMap, BTreeSet};

const PARAM_HEADER: [&str; 5] = ["path", "default", "unit", "range", "source"];
const FIELD_HEADER: [&str; 4] = ["field", "default", "values", "source"];

/// One table row of MODEL.md: its 1-based line number and its cells, trimmed.
struct Row {
    line: usize,
    cells: Vec<String>,
}

/// A Markdown table: the header cells and the body rows (the separator row dropped).
struct Table {
    header: Vec<String>,
    rows: Vec<Row>,
}

fn model_md() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../MODEL.md");
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// Splits `| a | b |` into `["a", "b"]`, honouring `\|` as a literal bar.
fn split_cells(line: &str) -> Vec<String> {
    let inner = line.trim();
    let inner = inner.strip_prefix('|').unwrap_or(inner);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cell.push('|');
                chars.next();
            }
            '|' => cells.push(std::mem::take(&mut cell).trim().to_owned()),
            _ => cell.push(c),
        }
    }
    cells.push(cell.trim().to_owned());
    cells
}

fn is_separator(cells: &[String]) -> bool {
    cells
        .iter()
        .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
}

/// Every table of the document, outside fenced code blocks.
fn tables(text: &str) -> Vec<Table> {
    let mut tables = Vec::new();
    let mut current: Option<Table> = None;
    let mut in_code = false;
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        let is_row = !in_code && line.trim_start().starts_with('|');
        if !is_row {
            tables.extend(current.take());
            continue;
        }
        let cells = split_cells(line);
        match current.as_mut() {
            None => {
                current = Some(Table {
                    header: cells,
                    rows: Vec::new(),
                })
            }
            Some(table) => {
                if !(table.rows.is_empty() && is_separator(&cells)) {
                    table.rows.push(Row { line: i + 1, cells });
                }
            }
        }
    }
    tables.extend(current);
    tables
}

fn tables_with_header<'t>(tables: &'t [Table], header: &[&str]) -> Vec<&'t Table> {
    tables.iter().filter(|t| t.header == header).collect()
}

/// The text between backticks when the whole cell is one code span.
fn backticked(cell: &str) -> Option<&str> {
    let inner = cell.strip_prefix('`')?.strip_suffix('`')?;
    (!inner.is_empty() && !inner.contains('`')).then_some(inner)
}

/// A documented number: `true`/`false` as 1/0, else an f64 (`1e9` allowed).
fn parse_number(cell: &str) -> Option<f64> {
    let cell = backticked(cell).unwrap_or(cell);
    match cell {
        "true" => Some(1.0),
        "false" => Some(0.0),
        _ => cell.replace('_', "").parse().ok(),
    }
}

fn same(doc: f64, code: f64) -> bool {
    doc == code || (doc - code).abs() <= 1e-9 * doc.abs().max(code.abs())
}

/// `min–max` (en dash).
fn parse_range(cell: &str) -> Option<(f64, f64)> {
    let (min, max) = cell.split_once('–')?;
    Some((parse_number(min.trim())?, parse_number(max.trim())?))
}

fn fail_if_any(problems: &[String], what: &str) {
    assert!(
        problems.is_empty(),
        "MODEL.md is out of sync with the code ({what}); {} problem(s):\n  - {}",
        problems.len(),
        problems.join("\n  - ")
    );
}

/// Rewrites `path` with `generated` under `LPO_SIM_BLESS=1`; otherwise fails when the committed
/// text differs, naming the first differing line.
fn compare_or_bless(what: &str, path: &str, committed: &str, generated: &str, whole: &str) {
    if std::env::var_os("LPO_SIM_BLESS").is_some() {
        std::fs::write(path, whole).unwrap_or_else(|e| panic!("cannot write {path}: {e}"));
        return;
    }
    if committed != generated {
        let line = committed
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(committed.lines().count().min(generated.lines().count()));
        panic!(
            "{what} is out of date with the parameter declarations (first differing line {} of \
             the generated text):\n  committed: {}\n  generated: {}\n\
             Run `LPO_SIM_BLESS=1 cargo test -p lpo-sim-core --test model_doc` to regenerate it.",
            line + 1,
            committed.lines().nth(line).unwrap_or("<end>"),
            generated.lines().nth(line).unwrap_or("<end>")
        );
    }
}

/// Serialises the tests that rewrite MODEL.md under `LPO_SIM_BLESS=1` (tests run in
/// parallel; each rewrites its own block of the same file).
static MODEL_MD: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Checks (or, under `LPO_SIM_BLESS=1`, rewrites) the block of MODEL.md between the line
/// starting with `begin` and the line `end`.
fn generated_block(what: &str, begin: &str, end: &str, generated: &str) {
    let _guard = MODEL_MD.lock().unwrap_or_else(|e| e.into_inner());
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../MODEL.md");
    let text = model_md();
    let start = text
        .find(begin)
        .unwrap_or_else(|| panic!("MODEL.md has the marker `{begin}`"));
    let body_start = start + text[start..].find('\n').expect("marker line ends") + 1;
    let stop = text
        .find(end)
        .unwrap_or_else(|| panic!("MODEL.md has the marker `{end}`"));
    let whole = format!("{}{generated}{}", &text[..body_start], &text[stop..]);
    compare_or_bless(what, path, &text[body_start..stop], generated, &whole);
}

#[test]
fn model_md_parameter_tables_are_generated_from_the_declarations() {
    generated_block(
        "MODEL.md §12",
        "<!-- BEGIN GENERATED: parameter tables",
        "<!-- END GENERATED: parameter tables -->",
        &lpo_sim_core::parameter_tables_markdown(),
    );
}

#[test]
fn model_md_market_parameter_table_is_generated_from_the_declarations() {
    generated_block(
        "MODEL.md §5.8",
        "<!-- BEGIN GENERATED: market parameter table",
        "<!-- END GENERATED: market parameter table -->",
        &lpo_sim_core::market::MarketParams::markdown_table(),
    );
}

#[test]
fn model_md_targets_table_is_generated_from_the_targets_file() {
    generated_block(
        "MODEL.md §15.1",
        "<!-- BEGIN GENERATED: targets table",
        "<!-- END GENERATED: targets table -->",
        &lpo_sim_core::calibration::Targets::default().markdown_table(),
    );
}

#[test]
fn default_scenario_file_is_generated_from_the_declarations() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/default_scenario.toml");
    let generated = lpo_sim_core::default_scenario_toml();
    let committed = lpo_sim_core::DEFAULT_SCENARIO_TOML;
    compare_or_bless(
        "src/default_scenario.toml",
        path,
        committed,
        &generated,
        &generated,
    );
}

#[test]
fn the_default_scenario_file_reads_back_as_the_declared_defaults() {
    let generated = lpo_sim_core::default_scenario_toml();
    let parsed =
        Scenario::from_toml_str(&generated, "generated").expect("the generated file is valid");
    assert_eq!(parsed, Scenario::default());
}

/// Every row of the generated tables is a parameter with the code's default, unit and range:
/// guards the generator itself.
#[test]
fn generated_rows_match_the_listing() {
    let generated = lpo_sim_core::parameter_tables_markdown();
    let tables = tables(&generated);
    let params = list_params(&mut Scenario::default());
    let by_path: BTreeMap<&str, &ParamInfo> = params.iter().map(|p| (p.path.as_str(), p)).collect();
    let mut seen = BTreeSet::new();
    for row in tables_with_header(&tables, &PARAM_HEADER)
        .iter()
        .flat_map(|t| &t.rows)
    {
        let path = backticked(&row.cells[0]).expect("a backticked path");
        let p = by_path
            .get(path)
            .unwrap_or_else(|| panic!("`{path}` is not a parameter"));
        assert!(seen.insert(path.to_owned()), "`{path}` twice");
        assert!(
            same(parse_number(&row.cells[1]).unwrap(), p.value),
            "`{path}` default"
        );
        assert_eq!(row.cells[2], p.unit, "`{path}` unit");
        let (min, max) = parse_range(&row.cells[3]).unwrap();
        assert!(same(min, p.min) && same(max, p.max), "`{path}` range");
        assert!(!row.cells[4].is_empty(), "`{path}` has no source");
    }
    assert_eq!(seen.len(), params.len(), "every parameter has a row");
}

/// Leaves of the default scenario as JSON, by dotted path.
fn json_leaves(
    value: &serde_json::Value,
    prefix: &str,
    out: &mut BTreeMap<String, serde_json::Value>,
) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, child) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                json_leaves(child, &path, out);
            }
        }
        leaf => {
            out.insert(prefix.to_owned(), leaf.clone());
        }
    }
}

fn default_scenario_leaves() -> BTreeMap<String, serde_json::Value> {
    let json = serde_json::to_value(Scenario::default()).expect("a scenario serialises");
    let mut leaves = BTreeMap::new();
    json_leaves(&json, "", &mut leaves);
    leaves
}

/// Guards the premise of the parameter tables: `list_params` walks every number and flag of
/// the scenario, so a field added to a struct but not to its `walk` cannot go undocumented.
#[test]
fn list_params_covers_every_number_and_flag_of_the_scenario() {
    let listed: BTreeSet<String> = list_params(&mut Scenario::default())
        .into_iter()
        .map(|p| p.path)
        .collect();
    let numeric: BTreeSet<String> = default_scenario_leaves()
        .into_iter()
        .filter(|(_, v)| v.is_number() || v.is_boolean())
        .map(|(path, _)| path)
        .collect();
    let unlisted: Vec<_> = numeric.difference(&listed).collect();
    assert!(
        unlisted.is_empty(),
        "scenario fields not walked by `Params::walk` (so neither validated nor documented): {unlisted:?}"
    );
}

#[test]
fn non_numeric_fields_match_the_default_scenario() {
    let text = model_md();
    let tables = tables(&text);
    let leaves = default_scenario_leaves();
    let expected: BTreeMap<&str, &str> = leaves
        .iter()
        .filter_map(|(path, v)| Some((path.as_str(), v.as_str()?)))
        .collect();
    let mut problems = Vec::new();
    let mut documented = BTreeSet::new();
    for row in tables_with_header(&tables, &FIELD_HEADER)
        .iter()
        .flat_map(|t| &t.rows)
    {
        let at = format!("MODEL.md:{}", row.line);
        let Some(path) = row.cells.first().and_then(|c| backticked(c)) else {
            problems.push(format!("{at}: first cell is not a backticked field path"));
            continue;
        };
        documented.insert(path.to_owned());
        let doc = row.cells.get(1).map(|c| backticked(c).unwrap_or(c));
        match (expected.get(path), doc) {
            (None, _) => problems.push(format!(
                "{at}: `{path}` is not a text field of the scenario"
            )),
            (Some(code), Some(doc)) if doc == *code => {}
            (Some(code), doc) => problems.push(format!(
                "{at}: `{path}` default: MODEL.md says {:?}, the default scenario has {code:?}",
                doc.unwrap_or("<missing>")
            )),
        }
    }
    for path in expected.keys() {
        if !documented.contains(*path) {
            problems.push(format!(
                "`{path}` (default {:?}) has no row in the `| {} |` table",
                expected[path],
                FIELD_HEADER.join(" | ")
            ));
        }
    }
    fail_if_any(&problems, "non-numeric fields");
}

#[test]
fn strategy_presets_table_matches_the_code() {
    let text = model_md();
    let tables = tables(&text);
    let presets: Vec<&Table> = tables
        .iter()
        .filter(|t| t.header.first().map(String::as_str) == Some("parameter"))
        .filter(|t| {
            t.header
                .iter()
                .any(|h| h == BuiltinStrategy::RuleBased.name())
        })
        .collect();
    assert_eq!(
        presets.len(),
        1,
        "MODEL.md should have exactly one presets table headed `| parameter | rule-based | …`"
    );
    let table = presets[0];
    let rule = Scenario::default().strategy.rule;
    let mut problems = Vec::new();
    for strategy in BuiltinStrategy::ALL {
        let name = strategy.name();
        let Some(column) = table.header.iter().position(|h| h == name) else {
            problems.push(format!("the presets table has no `{name}` column"));
            continue;
        };
        let mut params = strategy.params(&rule);
        let code: BTreeMap<String, f64> = list_params(&mut params)
            .into_iter()
            .map(|p| (p.path, p.value))
            .collect();
        let mut seen = BTreeSet::new();
        for row in &table.rows {
            let at = format!("MODEL.md:{}", row.line);
            let Some(field) = row.cells.first().and_then(|c| backticked(c)) else {
                problems.push(format!("{at}: first cell is not a backticked parameter"));
                continue;
            };
            seen.insert(field.to_owned());
            let Some(&value) = code.get(field) else {
                problems.push(format!(
                    "{at}: `{field}` is not a field of the rule-based strategy's parameters"
                ));
                continue;
            };
            let cell = row.cells.get(column).map_or("", String::as_str);
            match parse_number(cell) {
                Some(doc) if same(doc, value) => {}
                _ => problems.push(format!(
                    "{at}: `{field}` for `{name}`: MODEL.md says `{cell}`, the code has {value}"
                )),
            }
        }
        for field in code.keys() {
            if !seen.contains(field) {
                problems.push(format!(
                    "`{field}` (`{name}`: {}) has no row in the presets table",
                    code[field]
                ));
            }
        }
    }
    problems.sort();
    problems.dedup();
    fail_if_any(&problems, "strategy presets");
}

#[test]
fn the_table_parser_reads_cells_and_skips_code() {
    let text = "x\n| a | b |\n|---|---|\n| `p.q` | 1 \\| 2 |\n```\n| not | a table |\n```\n";
    let tables = tables(text);
    assert_eq!(tables.len(), 1);
    assert_eq!(tables[0].header, ["a", "b"]);
    assert_eq!(tables[0].rows.len(), 1);
    assert_eq!(tables[0].rows[0].line, 4);
    assert_eq!(tables[0].rows[0].cells, ["`p.q`", "1 | 2"]);
    assert_eq!(backticked("`p.q`"), Some("p.q"));
    assert_eq!(parse_number("true"), Some(1.0));
    assert_eq!(parse_number("1e9"), Some(1e9));
    assert_eq!(parse_range("0.01–1e6"), Some((0.01, 1e6)));
}
