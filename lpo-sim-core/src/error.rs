//! Errors, one enum per phase: setting a parameter, loading a scenario, and running a
//! simulation. This module imports nothing from the rest of the crate, so every module can
//! use it without a cycle; the constructors that read a scenario's parameters live with the
//! scenario (`scenario/parse_error.rs`).

/// Why a value cannot be given to a parameter.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SetError {
    /// No parameter has the path.
    #[error("no parameter `{path}`{}", suggestion(.closest))]
    Unknown {
        /// The path given.
        path: String,
        /// The closest existing paths (at most three), best first.
        closest: Vec<String>,
    },
    /// The value is not of the parameter's kind (a fraction for a whole number, not 0 or 1
    /// for a switch, NaN or infinite).
    #[error("`{path}` is {expected}; {value} is not")]
    Kind {
        /// The parameter.
        path: String,
        /// What it takes.
        expected: &'static str,
        /// The value given.
        value: f64,
    },
    /// The value is outside the parameter's range.
    #[error("`{path}` = {value} is out of range: allowed {min} to {max} ({unit})")]
    Range {
        /// The parameter.
        path: String,
        /// The value given.
        value: f64,
        /// Smallest allowed.
        min: f64,
        /// Largest allowed.
        max: f64,
        /// Unit.
        unit: &'static str,
    },
}

fn suggestion(closest: &[String]) -> String {
    match closest {
        [] => String::new(),
        [one] => format!("; did you mean `{one}`?"),
        many => format!(
            "; did you mean one of {}?",
            many.iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

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
    Set(#[from] SetError),
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

fn field_prefix(path: &str) -> String {
    if path.is_empty() || path == "." {
        String::new()
    } else {
        format!("field `{path}`: ")
    }
}

impl ScenarioError {
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
