//! `lpo-sim play` and `lpo-sim replay-game`: a new game from the scenario arguments, or a
//! saved game read and checked.

use super::LoadedScenario;
use super::reads::Reader;
use crate::args::{PlayArgs, ReplayGameArgs};
use crate::error::CliError;
use lpo_sim_core::BuiltinStrategy;
use lpo_sim_core::play::{Game, GameError, GameFileError, MAX_GAME_FILE_BYTES, MAX_PERIOD_MONTHS};
use lpo_sim_core::reads::Simulated;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Everything `lpo-sim play` needs.
#[derive(Debug, Clone)]
pub struct PlayRequest {
    /// The game: new (month 0), or as saved.
    pub game: Game,
    /// Where the scenario came from (a resumed game: the save file).
    pub origin: String,
    /// Whether the game was read from its file.
    pub resumed: bool,
    /// The save file.
    pub save: PathBuf,
    /// Firms of each built-in strategy to compare with.
    pub firms: u64,
}

impl PlayRequest {
    /// A new game (`--save`) or a saved one (`--resume`).
    pub fn from_args(args: PlayArgs) -> Result<Self, CliError> {
        if let Some(path) = args.resume {
            let input = &args.input;
            if input.scenario.is_some()
                || !input.set.is_empty()
                || input.ai.is_some()
                || args.seed.is_some()
                || args.period_months.is_some()
            {
                return Err(CliError::Usage {
                    message: "--resume continues a saved game with its own scenario, seed and \
                              period; a scenario, --set, --ai, --seed or --period-months \
                              cannot change it"
                        .to_owned(),
                    hint: format!(
                        "run `lpo-sim play --resume {}` alone, or start a new game with --save",
                        path.display()
                    ),
                });
            }
            let game = read_game(&path)?;
            if game.is_finished() {
                return Err(CliError::Usage {
                    message: format!(
                        "the game in `{}` is over (its run ended at month {})",
                        path.display(),
                        game.months_played()
                    ),
                    hint: format!(
                        "`lpo-sim replay-game {}` shows it; start a new game with `lpo-sim play \
                         --save FILE`",
                        path.display()
                    ),
                });
            }
            return Ok(PlayRequest {
                game,
                origin: path.display().to_string(),
                resumed: true,
                save: path,
                firms: args.firms,
            });
        }
        let Some(save) = args.save else {
            return Err(CliError::Usage {
                message: "`lpo-sim play` needs a file to save the game to".to_owned(),
                hint: "give --save FILE for a new game, or --resume FILE to continue one"
                    .to_owned(),
            });
        };
        if save.exists() {
            return Err(CliError::Usage {
                message: format!("`{}` already exists; not overwriting it", save.display()),
                hint: format!(
                    "continue that game with `lpo-sim play --resume {}`, or give another path",
                    save.display()
                ),
            });
        }
        let scenario = LoadedScenario::from_args(&args.input)?;
        Reader {
            command: "play",
            simulated: Simulated::Firms,
            strategies: &[BuiltinStrategy::RuleBased],
        }
        .check_scenario(&args.input, &scenario)?;
        let period = args.period_months.unwrap_or(3);
        let period = u32::try_from(period)
            .ok()
            .filter(|p| *p <= MAX_PERIOD_MONTHS)
            .ok_or_else(|| CliError::Usage {
                message: format!("--period-months {period} is too long"),
                hint: format!("give 1 to {MAX_PERIOD_MONTHS} months (3 is a quarter)"),
            })?;
        let game = match Game::new(scenario.scenario, args.seed.unwrap_or(1), period) {
            Ok(game) => game,
            Err(GameError::Simulation(e)) => return Err(e.into()),
            Err(other) => {
                return Err(CliError::Usage {
                    message: other.to_string(),
                    hint: format!("give --period-months from 1 to {MAX_PERIOD_MONTHS}"),
                });
            }
        };
        Ok(PlayRequest {
            game,
            origin: scenario.origin,
            resumed: false,
            save,
            firms: args.firms,
        })
    }
}

/// Everything `lpo-sim replay-game` needs.
#[derive(Debug, Clone)]
pub struct ReplayGameRequest {
    /// The game as saved (already re-run once: its outcome matched the file's).
    pub game: Game,
    /// The file.
    pub file: PathBuf,
    /// Firms of each built-in strategy to compare with.
    pub firms: u64,
}

impl ReplayGameRequest {
    /// Reads and checks the game.
    pub fn from_args(args: ReplayGameArgs) -> Result<Self, CliError> {
        Ok(ReplayGameRequest {
            game: read_game(&args.file)?,
            file: args.file,
            firms: args.firms,
        })
    }
}

/// Reads a save file: at most [`MAX_GAME_FILE_BYTES`], digest and every field checked.
fn read_game(path: &Path) -> Result<Game, CliError> {
    let shown = path.display().to_string();
    let unreadable = |e: std::io::Error| CliError::Usage {
        message: format!("cannot read the saved game `{shown}`: {e}"),
        hint: "check the path; `lpo-sim play --save FILE` starts a new game".to_owned(),
    };
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let mut text = String::new();
    file.take(MAX_GAME_FILE_BYTES as u64 + 1)
        .read_to_string(&mut text)
        .map_err(unreadable)?;
    Game::from_json(&text, &shown).map_err(|error| {
        let hint = match &error {
            GameFileError::Digest { .. } | GameFileError::NoDigest { .. } => {
                "a saved game must not be edited: play it with `lpo-sim play --resume` from an \
                 unedited copy, or start a new one"
            }
            GameFileError::Replay { .. } | GameFileError::Version { .. } => {
                "replay it with the version of lpo-sim that saved it"
            }
            _ => "give a file written by `lpo-sim play --save`",
        };
        CliError::Usage {
            message: error.to_string(),
            hint: hint.to_owned(),
        }
    })
}
