//! Where a scenario's parse errors are made: each names the line, column and field, and says
//! what the field takes (which needs the scenario's parameters, hence not in `error.rs`).

use super::Scenario;
use crate::error::ScenarioError;
use crate::params::list_params;

impl ScenarioError {
    pub(crate) fn from_toml(
        origin: &str,
        text: &str,
        error: toml::de::Error,
        path: String,
    ) -> Self {
        let span = error.span();
        Self::from_toml_at(origin, text, error, path, span)
    }

    /// As [`ScenarioError::from_toml`], at `span` of `text` (for errors found in a table read
    /// from the text, which carry no span of their own).
    pub(crate) fn from_toml_at(
        origin: &str,
        text: &str,
        error: toml::de::Error,
        path: String,
        span: Option<std::ops::Range<usize>>,
    ) -> Self {
        let (line, column) = match span.clone() {
            Some(span) => {
                let before = &text[..span.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
                (Some(line), Some(column))
            }
            None => (None, None),
        };
        let mut message = error.message().trim().to_owned();
        if message == "duplicate key"
            && let Some(span) = span
        {
            // Name the key: the text of the span, up to its `=` or the end of the line.
            let key = text.get(span.clone()).unwrap_or("");
            let key = key.split(['=', '\n']).next().unwrap_or("").trim();
            if !key.is_empty() {
                message = format!("duplicate key `{key}`: each key may appear once per table");
            }
        }
        if let Some(range) = out_of_range_integer(&message, &path) {
            message = range;
        }
        ScenarioError::Parse {
            file: origin.to_owned(),
            line,
            column,
            path,
            message,
        }
    }

    pub(crate) fn from_json(origin: &str, error: serde_json::Error, path: String) -> Self {
        let known = error.line() > 0;
        let mut message = error.to_string();
        // serde_json appends " at line L column C"; we print the location ourselves.
        if let Some(cut) = message.rfind(" at line ") {
            message.truncate(cut);
        }
        ScenarioError::Parse {
            file: origin.to_owned(),
            line: known.then_some(error.line()),
            column: known.then_some(error.column()),
            path,
            message,
        }
    }
}

/// An integer too large for any number type (`invalid type: integer `N` as i128`) reported as
/// the parameter's range, which is what the user needs to know.
fn out_of_range_integer(message: &str, path: &str) -> Option<String> {
    let digits = message
        .strip_prefix("invalid type: integer `")?
        .split('`')
        .next()?;
    let info = list_params(&mut Scenario::default())
        .into_iter()
        .find(|p| p.path == path)?;
    Some(format!(
        "{digits} is out of range: allowed {} to {} ({})",
        info.min, info.max, info.unit
    ))
}
