//! Errors, one enum per phase: loading a scenario, and running a simulation.

/// A scenario could not be read, parsed or validated. Every variant is fatal for that
/// scenario: fix the input and try again.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScenarioError {
    /// The file could not be read.
    #[error("cannot read scenario file `{file}`: {source}")]
    Io {
        /// The file.
        file: String,
        /// The reason.
        #[source]
        source: std::io::Error,
    },
    /// Syntax error, unknown field or wrong type.
    #[error("{file}{}: {}{message}", location(*line, *column), field_prefix(path))]
    Parse {
        /// The file.
        file: String,
        /// 1-based line, when known.
        line: Option<usize>,
        /// 1-based column, when known.
        column: Option<usize>,
        /// Dotted path of the field, empty when the error is not in a field.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The file is larger than [`crate::MAX_SCENARIO_BYTES`].
    #[error("`{file}` is larger than {limit} bytes: a scenario file is a few kB; check the path")]
    TooLarge {
        /// The file.
        file: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// A parameter set by path could not take its value.
    #[error(transparent)]
    Set(#[from] crate::params::SetError),
    /// One or more values out of range.
    #[error("{file}: invalid scenario:\n  - {}", problems.join("\n  - "))]
    Invalid {
        /// The file.
        file: String,
        /// One line per problem, each naming the field and its allowed range.
        problems: Vec<String>,
    },
}

fn location(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(":{l}:{c}"),
        (Some(l), None) => format!(":{l}"),
        _ => String::new(),
    }
}

/// An integer too large for any number type (`invalid type: integer `N` as i128`) reported as
/// the parameter's range, which is what the user needs to know.
fn out_of_range_integer(message: &str, path: &str) -> Option<String> {
    let digits = message
        .strip_prefix("invalid type: integer `")?
        .split('`')
        .next()?;
    let info = crate::params::list_params(&mut crate::Scenario::default())
        .into_iter()
        .find(|p| p.path == path)?;
    Some(format!(
        "{digits} is out of range: allowed {} to {} ({})",
        info.min, info.max, info.unit
    ))
}

fn field_prefix(path: &str) -> String {
    if path.is_empty() || path == "." {
        String::new()
    } else {
        format!("field `{path}`: ")
    }
}

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

    /// The file the error is about.
    pub fn file(&self) -> &str {
        match self {
            ScenarioError::Io { file, .. }
            | ScenarioError::Parse { file, .. }
            | ScenarioError::TooLarge { file, .. }
            | ScenarioError::Invalid { file, .. } => file,
            ScenarioError::Set(_) => "<scenario>",
        }
    }
}

/// A simulation or study could not be built, stepped or run. A [`ScenarioError`] converts into
/// it, so one `?` serves loading a scenario and running it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SimError {
    /// The scenario failed to load or validate (fatal: fix the scenario).
    #[error(transparent)]
    InvalidScenario(#[from] ScenarioError),
    /// The worker threads of a study could not be started (not fatal: the same study can be
    /// run again with fewer threads, or later).
    #[error("cannot start the study's worker threads: {0}")]
    WorkerThreads(String),
    /// The strategy returned a decision outside its range (fatal: the strategy is broken).
    #[error("strategy `{strategy}` decided {field} = {value} in month {month}; allowed {allowed}")]
    InvalidDecision {
        /// Strategy name.
        strategy: String,
        /// Month of the decision.
        month: u32,
        /// Decision field.
        field: &'static str,
        /// Offending value.
        value: f64,
        /// Allowed range.
        allowed: &'static str,
    },
    /// The firm grew beyond the work one run may do (fatal for this scenario: its markets or
    /// caps are far outside what the model describes).
    #[error(
        "the firm holds {entities} staff, pending hires and clients in month {month}, more than \
         the {limit} a run may hold; lower `clients.market_potential` or the strategy's targets"
    )]
    WorkLimit {
        /// Month (from 1) in which the limit was passed.
        month: u32,
        /// Staff, pending hires and clients at the end of that month.
        entities: u64,
        /// The limit ([`crate::MAX_ENTITIES`]).
        limit: u64,
    },
}

impl SimError {
    /// Whether retrying the same inputs must fail again. Only [`SimError::WorkerThreads`] is
    /// not fatal: the system may grant the threads later, or fewer threads will do.
    pub fn is_fatal(&self) -> bool {
        !matches!(self, SimError::WorkerThreads(_))
    }
}
