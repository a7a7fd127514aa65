//! Step two: turn the parsed arguments into validated library objects. After this step a
//! command only runs the model and prints; every "your input is wrong" error comes from here.

use crate::args::{CareerArgs, Format, InitArgs, RunArgs};
use crate::error::CliError;
use lpo_sim_core::{BuiltinStrategy, Scenario};
use std::path::{Path, PathBuf};

/// How the embedded default scenario is named in output.
pub const DEFAULT_SCENARIO_ORIGIN: &str = "<embedded default>";

/// A validated scenario and where it came from.
#[derive(Debug, Clone)]
pub struct LoadedScenario {
    /// The scenario, already validated by the library.
    pub scenario: Scenario,
    /// The file it was read from, or [`DEFAULT_SCENARIO_ORIGIN`].
    pub origin: String,
}

impl LoadedScenario {
    /// Reads and validates `path`, or takes the embedded default without one.
    pub fn load(path: Option<&Path>) -> Result<Self, CliError> {
        match path {
            Some(path) => Ok(LoadedScenario {
                scenario: Scenario::from_path(path)?,
                origin: path.display().to_string(),
            }),
            None => Ok(LoadedScenario {
                scenario: Scenario::default(),
                origin: DEFAULT_SCENARIO_ORIGIN.to_owned(),
            }),
        }
    }
}

/// Everything `lpo-sim run` needs.
#[derive(Debug, Clone)]
pub struct RunRequest {
    /// The scenario.
    pub scenario: LoadedScenario,
    /// The strategy: `--strategy`, else the scenario's.
    pub strategy: BuiltinStrategy,
    /// The seed.
    pub seed: u64,
    /// The output format.
    pub format: Format,
}

impl RunRequest {
    /// Loads the scenario and resolves the strategy.
    pub fn from_args(args: RunArgs) -> Result<Self, CliError> {
        let scenario = LoadedScenario::load(args.scenario.as_deref())?;
        let strategy = match args.strategy.as_deref() {
            Some(name) => parse_strategy(name)?,
            None => scenario.scenario.strategy.name,
        };
        Ok(RunRequest {
            scenario,
            strategy,
            seed: args.seed,
            format: args.format,
        })
    }
}

/// Everything `lpo-sim career` needs.
#[derive(Debug, Clone)]
pub struct CareerRequest {
    /// The scenario.
    pub scenario: LoadedScenario,
    /// The seed.
    pub seed: u64,
    /// The output format.
    pub format: Format,
}

impl CareerRequest {
    /// Loads the scenario.
    pub fn from_args(args: CareerArgs) -> Result<Self, CliError> {
        Ok(CareerRequest {
            scenario: LoadedScenario::load(args.scenario.as_deref())?,
            seed: args.seed,
            format: args.format,
        })
    }
}

/// Where `lpo-sim init` writes the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InitTarget {
    /// Standard output.
    Stdout,
    /// A file, replaced atomically.
    File {
        /// The file.
        path: PathBuf,
        /// Whether an existing file may be replaced (`--force`).
        overwrite: bool,
    },
}

impl InitTarget {
    /// Checks that the file can be written as asked. The check for an existing file is
    /// repeated when the file is put in place, so a file created in between is not clobbered.
    pub fn from_args(args: InitArgs) -> Result<Self, CliError> {
        let Some(path) = args.path else {
            return Ok(InitTarget::Stdout);
        };
        let shown = path.display();
        if path.is_dir() {
            return Err(CliError::Usage {
                message: format!("`{shown}` is a directory"),
                hint: format!(
                    "give a file name, e.g. `lpo-sim init {}`",
                    path.join("scenario.toml").display()
                ),
            });
        }
        let parent = parent_dir(&path);
        if !parent.is_dir() {
            return Err(CliError::Usage {
                message: format!("directory `{}` does not exist", parent.display()),
                hint: format!("create it first (`mkdir -p {}`)", parent.display()),
            });
        }
        if path.exists() && !args.force {
            return Err(already_exists(&path));
        }
        Ok(InitTarget::File {
            path,
            overwrite: args.force,
        })
    }
}

/// The directory a file lives in (`.` for a bare file name).
pub fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// The error for refusing to replace an existing file.
pub fn already_exists(path: &Path) -> CliError {
    CliError::Usage {
        message: format!("`{}` already exists; not overwriting it", path.display()),
        hint: "use --force to replace it, or give another path".to_owned(),
    }
}

/// A strategy name as typed. Clap already restricts the values to the built-in names; this
/// keeps the error helpful should the two ever disagree.
fn parse_strategy(name: &str) -> Result<BuiltinStrategy, CliError> {
    BuiltinStrategy::from_name(name).ok_or_else(|| CliError::Usage {
        message: format!("unknown strategy `{name}`"),
        hint: format!("valid names: {}", strategy_list()),
    })
}

/// The built-in strategy names, comma-separated.
pub fn strategy_list() -> String {
    BuiltinStrategy::ALL.map(BuiltinStrategy::name).join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_name_parses_and_unknown_names_list_the_valid_ones() {
        for strategy in BuiltinStrategy::ALL {
            assert_eq!(parse_strategy(strategy.name()).unwrap(), strategy);
        }
        let error = parse_strategy("reckless").unwrap_err();
        assert_eq!(error.exit_code(), crate::error::EXIT_INVALID_INPUT);
        assert!(error.hint().unwrap().contains("quality-first"));
    }

    #[test]
    fn bare_file_name_lives_in_the_current_directory() {
        assert_eq!(parent_dir(Path::new("scenario.toml")), Path::new("."));
        assert_eq!(parent_dir(Path::new("a/b.toml")), Path::new("a"));
    }
}
