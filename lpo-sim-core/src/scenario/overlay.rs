//! A scenario file is an overlay on the embedded default scenario: it holds only the values
//! that differ, and every value it leaves out keeps its default. Before the file is laid over
//! the default, every key is checked against the declarations (an unknown key or table is
//! refused at its own line, with the closest real names), and amounts written as text
//! (`"30k"`, `"2.5%"`) are read by their parameter's unit.

use super::{DEFAULT_SCENARIO_TOML, Scenario};
use crate::error::ScenarioError;
use crate::params::{
    ParamKind, ParamSpec, ParamValue, ParamVisitor, TextSpec, WrittenForm, closest_paths,
    read_written_value, walk,
};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use toml::de::{DeTable, DeValue};

/// What the declarations say about one dotted path.
enum Node {
    /// A numeric parameter of this kind and unit.
    Number(ParamKind, &'static str),
    /// A text field (a label or a name from a list): checked by its type.
    Text,
    /// A table of further keys.
    Section,
    /// Nothing: the closest real paths, best first.
    Unknown(Vec<String>),
}

/// Every path of a scenario: parameters, text fields and sections.
struct Schema {
    numbers: BTreeMap<String, (ParamKind, &'static str)>,
    texts: BTreeSet<String>,
    sections: BTreeSet<String>,
}

impl Schema {
    fn new() -> Schema {
        let mut schema = Schema {
            numbers: BTreeMap::new(),
            texts: BTreeSet::new(),
            sections: BTreeSet::new(),
        };
        walk(&mut Scenario::default(), &mut schema);
        schema
    }

    fn node(&self, path: &str) -> Node {
        if let Some(&(kind, unit)) = self.numbers.get(path) {
            Node::Number(kind, unit)
        } else if self.texts.contains(path) {
            Node::Text
        } else if self.sections.contains(path) {
            Node::Section
        } else {
            let all: Vec<String> = (self.numbers.keys())
                .chain(&self.texts)
                .chain(&self.sections)
                .cloned()
                .collect();
            Node::Unknown(closest_paths(path, &all))
        }
    }

    /// "unknown table `[founders]`; did you mean `[founder]`?" and the like.
    fn unknown(&self, path: &str, is_table: bool, closest: &[String]) -> String {
        let shown = |p: &str| {
            if self.sections.contains(p) {
                format!("`[{p}]`")
            } else {
                format!("`{p}`")
            }
        };
        let what = if is_table {
            format!("unknown table `[{path}]`")
        } else {
            // The error's field path names the table it is in.
            format!("unknown key `{}`", path.rsplit('.').next().unwrap_or(path))
        };
        let hint = match closest {
            [] => "; `lpo-sim params` lists every parameter".to_owned(),
            _ => format!(
                "; did you mean {}? (`lpo-sim params` lists every parameter)",
                closest
                    .iter()
                    .map(|p| shown(p))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
        };
        format!("{what}{hint}")
    }
}

/// Collects the paths.
impl ParamVisitor for Schema {
    fn visit(&mut self, path: &str, _: ParamValue<'_>, spec: &ParamSpec) {
        self.numbers.insert(path.to_owned(), (spec.kind, spec.unit));
    }
    fn text(&mut self, path: &str, _: &str, _: &TextSpec) {
        self.texts.insert(path.to_owned());
    }
    fn enter(&mut self, path: &str, _: &'static str) {
        self.sections.insert(path.to_owned());
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_owned()
    } else {
        format!("{prefix}.{key}")
    }
}

fn section_message(path: &str) -> String {
    format!("`{path}` is a table: write `[{path}]` and its keys on the lines below it")
}

/// A TOML scenario laid over the default: the merged table, and where each path the file
/// gives sits in its text (for errors found when the merged table is read).
pub(super) struct TomlOverlay {
    pub merged: toml::Table,
    spans: BTreeMap<String, Range<usize>>,
}

impl TomlOverlay {
    /// Where `path` (or the nearest table holding it that the file gives) sits in the text.
    pub fn span_of(&self, path: &str) -> Option<Range<usize>> {
        let mut path = path;
        loop {
            if let Some(span) = self.spans.get(path) {
                return Some(span.clone());
            }
            path = &path[..path.rfind('.')?];
        }
    }
}

/// Lays the TOML `text` of file `origin` over the default scenario.
///
/// # Errors
/// [`ScenarioError::Parse`] at the line of the first syntax error, unknown key or table,
/// unreadable amount, or table written as a value.
pub(super) fn overlay_toml(text: &str, origin: &str) -> Result<TomlOverlay, ScenarioError> {
    let user = DeTable::parse(text).map_err(|e| syntax_error(origin, text, e))?;
    let mut reader = TomlReader {
        schema: Schema::new(),
        text,
        origin,
        spans: BTreeMap::new(),
    };
    let user = reader.table(user.get_ref(), "")?;
    let mut merged: toml::Table = DEFAULT_SCENARIO_TOML
        .parse()
        .expect("the embedded default scenario parses");
    merge_toml(&mut merged, user);
    Ok(TomlOverlay {
        merged,
        spans: reader.spans,
    })
}

fn syntax_error(origin: &str, text: &str, error: toml::de::Error) -> ScenarioError {
    let mut scenario_error = ScenarioError::from_toml(origin, text, error, String::new());
    if let ScenarioError::Parse {
        line: Some(line),
        message,
        ..
    } = &mut scenario_error
        && let Some(hint) = unquoted_amount_hint(text, *line)
    {
        message.push_str(&hint);
    }
    scenario_error
}

/// A hint for `savings = 30k` or `rate = 2.5%` on `line` (1-based): TOML reads a suffix only
/// inside quotes.
fn unquoted_amount_hint(text: &str, line: usize) -> Option<String> {
    let (key, value) = text.lines().nth(line - 1)?.split_once('=')?;
    let value = value.split('#').next()?.trim();
    if crate::params::read_any_written_number(value).is_none() || value.parse::<f64>().is_ok() {
        return None;
    }
    // The parameter: the last `[table]` header above the line, then the key.
    let header = text
        .lines()
        .take(line - 1)
        .filter_map(|l| l.trim().strip_prefix('[')?.strip_suffix(']'))
        .last()
        .unwrap_or("");
    let path = join(header.trim(), key.trim());
    let (kind, unit) = match Schema::new().node(&path) {
        Node::Number(kind, unit) => (kind, unit),
        _ => return Some(format!("; write `{value}` in quotes: \"{value}\"")),
    };
    Some(match read_written_value(value, kind, unit) {
        Ok(number) => {
            format!("; `{path}` takes `{value}` in quotes: write \"{value}\" (or {number})")
        }
        Err(problem) => format!("; {problem}"),
    })
}

struct TomlReader<'t> {
    schema: Schema,
    text: &'t str,
    origin: &'t str,
    spans: BTreeMap<String, Range<usize>>,
}

impl TomlReader<'_> {
    fn error(&self, span: Range<usize>, path: &str, message: String) -> ScenarioError {
        let before = &self.text[..span.start.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
        ScenarioError::Parse {
            file: self.origin.to_owned(),
            line: Some(line),
            column: Some(column),
            path: path.to_owned(),
            message,
        }
    }

    /// The file's table at `prefix`, checked against the declarations and converted.
    fn table(&mut self, table: &DeTable<'_>, prefix: &str) -> Result<toml::Table, ScenarioError> {
        let mut out = toml::Table::new();
        for (key, value) in table {
            let path = join(prefix, key.get_ref());
            self.spans.insert(path.clone(), value.span());
            let converted = match self.schema.node(&path) {
                Node::Number(kind, unit) => self.number(value, &path, kind, unit)?,
                Node::Text => self.any(value, &path)?,
                Node::Section => match value.get_ref() {
                    DeValue::Table(inner) => toml::Value::Table(self.table(inner, &path)?),
                    _ => return Err(self.error(value.span(), &path, section_message(&path))),
                },
                Node::Unknown(closest) => {
                    let is_table = matches!(value.get_ref(), DeValue::Table(_));
                    let message = self.schema.unknown(&path, is_table, &closest);
                    return Err(self.error(key.span(), prefix, message));
                }
            };
            out.insert(key.get_ref().to_string(), converted);
        }
        Ok(out)
    }

    /// A numeric parameter's value: a number, or text read by the parameter's unit.
    fn number(
        &mut self,
        value: &toml::Spanned<DeValue<'_>>,
        path: &str,
        kind: ParamKind,
        unit: &'static str,
    ) -> Result<toml::Value, ScenarioError> {
        let DeValue::String(written) = value.get_ref() else {
            return self.any(value, path);
        };
        let number = read_written_value(written, kind, unit)
            .map_err(|m| self.error(value.span(), path, m))?;
        Ok(match WrittenForm::of(kind, unit) {
            WrittenForm::Flag => toml::Value::Boolean(number != 0.0),
            // Out of range for an i64 is out of range for the parameter too.
            WrittenForm::Count if number.abs() < 9e18 => toml::Value::Integer(number as i64),
            _ => toml::Value::Float(number),
        })
    }

    /// Any value, as written.
    fn any(
        &mut self,
        value: &toml::Spanned<DeValue<'_>>,
        path: &str,
    ) -> Result<toml::Value, ScenarioError> {
        Ok(match value.get_ref() {
            DeValue::String(s) => toml::Value::String(s.to_string()),
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => toml::Value::Integer(n),
                Err(_) => {
                    let message = match self.schema.numbers.get(path) {
                        Some(_) => {
                            let info = crate::params::list_params(&mut Scenario::default())
                                .into_iter()
                                .find(|p| p.path == path)
                                .expect("a declared path is listed");
                            format!(
                                "{} is out of range: allowed {} to {} ({})",
                                i.as_str(),
                                info.min,
                                info.max,
                                info.unit
                            )
                        }
                        None => format!("{} is too large an integer", i.as_str()),
                    };
                    return Err(self.error(value.span(), path, message));
                }
            },
            DeValue::Float(f) => {
                let text = f.as_str();
                let unsigned = text.trim_start_matches(['+', '-']);
                let number = if unsigned == "nan" {
                    f64::NAN
                } else {
                    text.parse().unwrap_or(f64::NAN)
                };
                toml::Value::Float(number)
            }
            DeValue::Boolean(b) => toml::Value::Boolean(*b),
            DeValue::Datetime(d) => toml::Value::Datetime(*d),
            DeValue::Array(items) => toml::Value::Array(
                items
                    .iter()
                    .map(|item| self.any(item, path))
                    .collect::<Result<_, _>>()?,
            ),
            DeValue::Table(inner) => {
                let mut out = toml::Table::new();
                for (key, item) in inner {
                    out.insert(key.get_ref().to_string(), self.any(item, path)?);
                }
                toml::Value::Table(out)
            }
        })
    }
}

fn merge_toml(base: &mut toml::Table, user: toml::Table) {
    for (key, value) in user {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(inner)), toml::Value::Table(user_inner)) => {
                merge_toml(inner, user_inner);
            }
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// Lays the JSON `text` of file `origin` over the default scenario.
///
/// # Errors
/// [`ScenarioError::Parse`] for syntax errors, trailing data, unknown keys, unreadable amounts
/// and tables written as values.
pub(super) fn overlay_json(text: &str, origin: &str) -> Result<serde_json::Value, ScenarioError> {
    let user: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| ScenarioError::from_json(origin, e, String::new()))?;
    let schema = Schema::new();
    let bad = |path: &str, message: String| ScenarioError::Parse {
        file: origin.to_owned(),
        line: None,
        column: None,
        path: path.to_owned(),
        message,
    };
    let serde_json::Value::Object(user) = user else {
        return Err(bad(
            "",
            "a scenario is a JSON object: write `{}` around its tables".to_owned(),
        ));
    };
    let user = check_json(&schema, user, "", &bad)?;
    let mut merged = serde_json::to_value(Scenario::default()).expect("a scenario serialises");
    merge_json(&mut merged, serde_json::Value::Object(user));
    Ok(merged)
}

fn check_json(
    schema: &Schema,
    object: serde_json::Map<String, serde_json::Value>,
    prefix: &str,
    bad: &dyn Fn(&str, String) -> ScenarioError,
) -> Result<serde_json::Map<String, serde_json::Value>, ScenarioError> {
    let mut out = serde_json::Map::new();
    for (key, value) in object {
        let path = join(prefix, &key);
        let converted = match (schema.node(&path), value) {
            (Node::Number(kind, unit), serde_json::Value::String(written)) => {
                let number = read_written_value(&written, kind, unit).map_err(|m| bad(&path, m))?;
                match WrittenForm::of(kind, unit) {
                    WrittenForm::Flag => serde_json::Value::Bool(number != 0.0),
                    WrittenForm::Count if (0.0..9e18).contains(&number) => {
                        serde_json::Value::from(number as u64)
                    }
                    _ => serde_json::Value::from(number),
                }
            }
            (Node::Number(..) | Node::Text, value) => value,
            (Node::Section, serde_json::Value::Object(inner)) => {
                serde_json::Value::Object(check_json(schema, inner, &path, bad)?)
            }
            (Node::Section, _) => {
                return Err(bad(
                    &path,
                    format!("`{path}` is a table: give it as an object of its keys"),
                ));
            }
            (Node::Unknown(closest), value) => {
                return Err(bad(
                    prefix,
                    schema.unknown(&path, value.is_object(), &closest),
                ));
            }
        };
        out.insert(key, converted);
    }
    Ok(out)
}

fn merge_json(base: &mut serde_json::Value, user: serde_json::Value) {
    match (base, user) {
        (serde_json::Value::Object(base), serde_json::Value::Object(user)) => {
            for (key, value) in user {
                match base.get_mut(&key) {
                    Some(existing) if existing.is_object() && value.is_object() => {
                        merge_json(existing, value);
                    }
                    _ => {
                        base.insert(key, value);
                    }
                }
            }
        }
        (base, user) => *base = user,
    }
}
