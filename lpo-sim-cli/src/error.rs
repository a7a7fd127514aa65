//! Every way a command can fail, with the exit code and the fix-it hint for each.

use lpo_sim_core::analysis::AnalysisError;
use lpo_sim_core::calibration::CalibrationError;
use lpo_sim_core::mc::MergeError;
use lpo_sim_core::{ScenarioError, SimError};
use lpo_sim_report::{RenderError, WriteError};
use std::fmt;
use std::io;
use std::path::Path;

/// Exit code for invalid input or usage (same as clap's usage errors).
pub const EXIT_INVALID_INPUT: u8 = 2;
/// Exit code for everything else: failed output, a broken strategy.
pub const EXIT_FAILURE: u8 = 1;
/// Exit code after Ctrl-C (128 + SIGINT, as shells report it).
pub const EXIT_INTERRUPTED: u8 = 130;

/// A command failed.
#[derive(Debug)]
pub enum CliError {
    /// The scenario could not be read, parsed or validated.
    Scenario(ScenarioError),
    /// The command line asks for something that cannot be done as given.
    Usage {
        /// What is wrong.
        message: String,
        /// How to fix it.
        hint: String,
    },
    /// The simulation stopped (a strategy decided something out of range).
    Simulation(SimError),
    /// Writing the output failed.
    Output {
        /// Where the output was going (`stdout` or a path).
        target: String,
        /// Why.
        source: io::Error,
    },
    /// Shard files that are not the shards of one complete study.
    Merge(MergeError),
    /// The HTML report could not be made.
    Report(String),
    /// Ctrl-C: what was finished has been printed and written.
    Interrupted {
        /// What happened to the results.
        message: String,
    },
    /// The command ran, and its result is a failure the user asked to be told of by the exit
    /// code (`calibrate check --strict`), or a history match found nothing plausible.
    Failed {
        /// What failed.
        message: String,
        /// What to do about it, if anything useful can be said.
        hint: Option<String>,
    },
}

impl CliError {
    /// A failure to write to standard output.
    pub fn stdout(source: io::Error) -> Self {
        CliError::Output {
            target: "standard output".to_owned(),
            source,
        }
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Scenario(_) | CliError::Usage { .. } | CliError::Merge(_) => {
                EXIT_INVALID_INPUT
            }
            CliError::Simulation(_)
            | CliError::Output { .. }
            | CliError::Report(_)
            | CliError::Failed { .. } => EXIT_FAILURE,
            CliError::Interrupted { .. } => EXIT_INTERRUPTED,
        }
    }

    /// Whether the reader of our output went away (`lpo-sim run | head`). That is how pipes
    /// end, not a failure, so it is reported as success without a message.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, CliError::Output { source, .. } if source.kind() == io::ErrorKind::BrokenPipe)
    }

    /// One line on how to fix the problem, when there is something useful to say.
    pub fn hint(&self) -> Option<String> {
        match self {
            CliError::Scenario(error) => Some(scenario_hint(error)),
            CliError::Usage { hint, .. } => Some(hint.clone()),
            CliError::Failed { hint, .. } => hint.clone(),
            CliError::Simulation(SimError::WorkerThreads(_)) => {
                Some("try fewer --threads, or free some system resources".to_owned())
            }
            CliError::Simulation(_) => Some(
                "this is a bug in the strategy, not in your input; please report it with the \
                 scenario and seed"
                    .to_owned(),
            ),
            CliError::Output { source, .. } => output_hint(source),
            // Merge errors already say how to fix them.
            CliError::Merge(_) | CliError::Report(_) | CliError::Interrupted { .. } => None,
        }
    }

    /// The word before the message on stderr: an interruption is not an error.
    pub fn label(&self) -> &'static str {
        match self {
            CliError::Interrupted { .. } => "interrupted",
            _ => "error",
        }
    }
}

/// The failures of a write that the user can fix on their side.
fn output_hint(source: &io::Error) -> Option<String> {
    match source.kind() {
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => {
            Some("free some space on that file system, or give a path on another one".to_owned())
        }
        io::ErrorKind::NotFound => Some(
            "its directory is gone (removed while the command ran?); give a directory that \
             exists, and run again"
                .to_owned(),
        ),
        _ => None,
    }
}

fn scenario_hint(error: &ScenarioError) -> String {
    match error {
        ScenarioError::Io { file, source } if source.kind() == io::ErrorKind::NotFound => format!(
            "check the path, or run `lpo-sim init {file}` to write a commented template there"
        ),
        ScenarioError::Io { source, .. } if source.kind() == io::ErrorKind::IsADirectory => {
            "give the path of a scenario file inside that directory".to_owned()
        }
        ScenarioError::Io { .. } => "check that the file exists and is readable".to_owned(),
        ScenarioError::Parse { message, .. }
            if message.contains("unknown field")
                || message.contains("unknown key")
                || message.contains("unknown table") =>
        {
            "check the spelling and the [section] the field is in; `lpo-sim init` prints every \
             valid field with a comment"
                .to_owned()
        }
        // An amount or share in a form its unit does not take: the message shows the form.
        ScenarioError::Parse { message, path, .. }
            if !is_top_level(path)
                && (message.contains("` is not a")
                    || message.contains("` is a percentage")
                    || message.contains("` is an amount with a k/M suffix")) =>
        {
            let last = path.rsplit('.').next().unwrap_or(path);
            format!(
                "write the value in the form shown; `lpo-sim params --filter {last}` shows its \
                 unit and range"
            )
        }
        ScenarioError::Parse { message, path, .. } if message.contains("missing field") => {
            let place = if is_top_level(path) {
                "the top of the file".to_owned()
            } else {
                format!("[{path}]")
            };
            format!(
                "add the missing field to {place}; `lpo-sim init` prints every field with its default"
            )
        }
        ScenarioError::Parse { message, .. } if message.contains("is a table") => {
            "a table's `[name]` goes on a line of its own, its keys on the lines below; \
             `lpo-sim init --minimal` shows the layout"
                .to_owned()
        }
        ScenarioError::Parse { message, .. } if message.contains("unknown variant") => {
            "use one of the names listed".to_owned()
        }
        ScenarioError::Parse { path, .. } if is_top_level(path) => {
            "fix the syntax at the line:column shown; `lpo-sim init` prints a well-formed \
             template to compare with"
                .to_owned()
        }
        ScenarioError::Parse { path, .. } => format!(
            "give `{path}` a value of the expected type (whole numbers for counts, numbers for \
             the rest, also \"30k\" for money and \"2.5%\" for shares, names in quotes); the \
             template from `lpo-sim init` shows each one"
        ),
        ScenarioError::Invalid { .. } => "fix the values listed above (each with its allowed \
                                          range), then re-check with `lpo-sim validate`"
            .to_owned(),
        // A kind of error added to the library later: its message has to speak for itself.
        _ => "re-check the file with `lpo-sim validate`".to_owned(),
    }
}

/// serde_path_to_error calls the document root `.`.
fn is_top_level(path: &str) -> bool {
    path.is_empty() || path == "."
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Scenario(error) => error.fmt(f),
            CliError::Usage { message, .. } => f.write_str(message),
            CliError::Simulation(error) => write!(f, "simulation failed: {error}"),
            CliError::Output { target, source } => write!(f, "cannot write to {target}: {source}"),
            CliError::Merge(error) => error.fmt(f),
            CliError::Report(message) => write!(f, "cannot make the HTML report: {message}"),
            CliError::Interrupted { message } | CliError::Failed { message, .. } => {
                f.write_str(message)
            }
        }
    }
}

/// The error for a failed write to `path`.
pub fn output_error(path: &Path, source: io::Error) -> CliError {
    CliError::Output {
        target: format!("`{}`", path.display()),
        source,
    }
}

/// The error for refusing to replace an existing file.
pub fn already_exists(path: &Path) -> CliError {
    CliError::Usage {
        message: format!("`{}` already exists; not overwriting it", path.display()),
        hint: "use --force to replace it, or give another path".to_owned(),
    }
}

/// A file that could not be written: exit code 1 naming the path, except a file that may not
/// be replaced, which is a usage error.
impl From<WriteError> for CliError {
    fn from(error: WriteError) -> Self {
        match error {
            WriteError::Io { path, source } => output_error(&path, source),
            WriteError::AlreadyExists { path } => already_exists(&path),
            WriteError::Render(error) => error.into(),
            other => CliError::Report(other.to_string()),
        }
    }
}

/// Printing to standard output: a failed write is an output error (a closed pipe among
/// them); a chart that cannot be drawn is a failed report.
impl From<RenderError> for CliError {
    fn from(error: RenderError) -> Self {
        match error {
            RenderError::Io(source) => CliError::stdout(source),
            other => CliError::Report(other.to_string()),
        }
    }
}

impl From<ScenarioError> for CliError {
    fn from(error: ScenarioError) -> Self {
        CliError::Scenario(error)
    }
}

impl From<MergeError> for CliError {
    fn from(error: MergeError) -> Self {
        CliError::Merge(error)
    }
}

/// Input errors of an analysis are usage errors (exit code 2); a failed simulation is not.
impl From<AnalysisError> for CliError {
    fn from(error: AnalysisError) -> Self {
        match error {
            AnalysisError::Sim(error) => CliError::Simulation(error),
            other => CliError::Usage {
                message: other.to_string(),
                hint: "`lpo-sim params` lists every parameter with its allowed range".to_owned(),
            },
        }
    }
}

/// A history match's bad inputs and mismatched files are usage errors (exit code 2); a failed
/// simulation is not, and neither is finding nothing plausible (a result about the model).
impl From<CalibrationError> for CliError {
    fn from(error: CalibrationError) -> Self {
        match error {
            CalibrationError::Sim(error) => CliError::Simulation(error),
            CalibrationError::Scenario(error) => CliError::Scenario(error),
            error @ CalibrationError::NothingPlausible { .. } => CliError::Failed {
                message: error.to_string(),
                hint: None,
            },
            CalibrationError::File { file, message } => CliError::Usage {
                message: format!("`{file}`: {message}"),
                hint: "give a calibration file written by `lpo-sim calibrate run`, `init`, \
                       `wave` or `merge`, unedited"
                    .to_owned(),
            },
            CalibrationError::Mismatch(message) => CliError::Usage {
                message,
                hint: "give the part files `calibrate wave FILE.json --shard I/N` wrote for \
                       every shard of one wave of one calibration file"
                    .to_owned(),
            },
            other => CliError::Usage {
                message: other.to_string(),
                hint: "`lpo-sim params` lists every parameter with its allowed range; \
                       lpo-sim-core/src/calibration/priors.toml shows the priors file's form"
                    .to_owned(),
            },
        }
    }
}

impl From<SimError> for CliError {
    fn from(error: SimError) -> Self {
        CliError::Simulation(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_pipe_is_recognised_only_on_output() {
        let pipe = CliError::stdout(io::Error::from(io::ErrorKind::BrokenPipe));
        assert!(pipe.is_broken_pipe());
        let full = CliError::stdout(io::Error::from(io::ErrorKind::StorageFull));
        assert!(!full.is_broken_pipe());
        assert_eq!(full.exit_code(), EXIT_FAILURE);
    }

    fn parse_error(path: &str, message: &str) -> CliError {
        CliError::Scenario(ScenarioError::Parse {
            file: "s.toml".to_owned(),
            line: Some(1),
            column: Some(1),
            path: path.to_owned(),
            message: message.to_owned(),
        })
    }

    #[test]
    fn parse_hints_fit_the_problem() {
        let hint = |path, message| parse_error(path, message).hint().unwrap();
        assert!(hint(".", "missing field `currency`").contains("top of the file"));
        assert!(hint("clients", "missing field `x`").contains("[clients]"));
        assert!(hint("clients.x", "unknown field `x`").contains("spelling"));
        assert!(hint("", "extra `=`").contains("syntax"));
        assert!(hint("finance.loan_term_months", "invalid type").contains("whole numbers"));
    }

    #[test]
    fn missing_file_hint_suggests_init_with_the_same_path() {
        let error = CliError::Scenario(ScenarioError::Io {
            file: "my.toml".to_owned(),
            source: io::Error::from(io::ErrorKind::NotFound),
        });
        assert_eq!(error.exit_code(), EXIT_INVALID_INPUT);
        assert!(error.hint().unwrap().contains("lpo-sim init my.toml"));
    }
}
