//! The save file of a game: JSON with a version, the game's moves and where it stands, and a
//! digest of the content, as study files have.

use super::game::{Game, MAX_PERIOD_MONTHS};
use super::strategy::Move;
use crate::error::SimError;
use crate::record::RunOutcome;
use crate::scenario::Scenario;
use serde::{Deserialize, Serialize};

/// The version of the save-file layout this crate writes and reads.
pub const GAME_FILE_VERSION: u32 = 1;

/// Largest save file read: 16 MiB (a game of the longest horizon, a move every month, is
/// far below it).
pub const MAX_GAME_FILE_BYTES: usize = 16 << 20;

/// What the digest covers: every field but the digest, in this order, as compact JSON.
#[derive(Serialize)]
struct Content<'a> {
    version: u32,
    crate_version: &'a str,
    seed: u64,
    period_months: u32,
    months_played: u32,
    finished: bool,
    outcome: &'a RunOutcome,
    moves: &'a [Move],
    scenario: &'a Scenario,
}

/// The file as written.
#[derive(Serialize)]
struct Sealed<'a> {
    #[serde(flatten)]
    content: &'a Content<'a>,
    digest: String,
}

/// The file as read, before any check.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Stored {
    version: u32,
    crate_version: String,
    seed: u64,
    period_months: u32,
    months_played: u32,
    finished: bool,
    outcome: RunOutcome,
    moves: Vec<Move>,
    scenario: Scenario,
    digest: Option<String>,
}

impl Stored {
    fn content(&self) -> Content<'_> {
        Content {
            version: self.version,
            crate_version: &self.crate_version,
            seed: self.seed,
            period_months: self.period_months,
            months_played: self.months_played,
            finished: self.finished,
            outcome: &self.outcome,
            moves: &self.moves,
            scenario: &self.scenario,
        }
    }
}

/// Why a save file cannot be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GameFileError {
    /// Larger than [`MAX_GAME_FILE_BYTES`].
    #[error("{file} is {bytes} bytes, more than a saved game can be ({MAX_GAME_FILE_BYTES})")]
    TooLarge {
        /// The file.
        file: String,
        /// Its size.
        bytes: usize,
    },
    /// Not a save file's JSON.
    #[error("{file} is not a saved game: {message}")]
    Syntax {
        /// The file.
        file: String,
        /// What the parser said.
        message: String,
    },
    /// Written by another layout version.
    #[error(
        "{file} is a saved game of version {found}; this version of lpo-sim reads version {GAME_FILE_VERSION}"
    )]
    Version {
        /// The file.
        file: String,
        /// Its version.
        found: u32,
    },
    /// Without a digest.
    #[error("{file} has no digest: it was not written by `lpo-sim play`")]
    NoDigest {
        /// The file.
        file: String,
    },
    /// The content does not match the digest: edited or damaged.
    #[error("{file} was edited or damaged: its digest is {stored}, its content gives {computed}")]
    Digest {
        /// The file.
        file: String,
        /// The digest it carries.
        stored: String,
        /// The digest of its content.
        computed: String,
    },
    /// A field out of range.
    #[error("{file} is damaged: {flaw}")]
    Damaged {
        /// The file.
        file: String,
        /// Which field and why.
        flaw: String,
    },
    /// Re-running the moves does not give the outcome the file recorded (a file from a version
    /// whose model differs).
    #[error(
        "{file} does not replay: re-running its moves gives another result than the one it \
         recorded (it was written by lpo-sim-core {version})"
    )]
    Replay {
        /// The file.
        file: String,
        /// The crate version that wrote it.
        version: String,
    },
    /// The simulation stopped while re-running the game.
    #[error("{file}: {source}")]
    Simulation {
        /// The file.
        file: String,
        /// Why.
        source: Box<SimError>,
    },
}

fn digest_of(content: &Content<'_>) -> String {
    format!("fnv1a64:{:016x}", crate::digest::fnv1a64_of_json(content))
}

impl Game {
    /// The save file: pretty JSON with a final newline, ending with the digest of its
    /// content (FNV-1a of the compact JSON of every other field). Byte-identical for the same
    /// game. It guards against accidents (an edited or damaged file), not forgery.
    ///
    /// # Errors
    /// [`SimError`] when re-running the game to record where it stands fails.
    pub fn to_json(&self) -> Result<String, SimError> {
        let (outcome, _) = self.replay_state()?;
        let content = Content {
            version: GAME_FILE_VERSION,
            crate_version: env!("CARGO_PKG_VERSION"),
            seed: self.seed(),
            period_months: self.period_months(),
            months_played: self.months_played(),
            finished: self.is_finished(),
            outcome: &outcome,
            moves: self.moves(),
            scenario: self.scenario(),
        };
        let sealed = Sealed {
            digest: digest_of(&content),
            content: &content,
        };
        Ok(serde_json::to_string_pretty(&sealed).expect("a game always serialises") + "\n")
    }

    /// Reads a save file written by [`Game::to_json`]; `origin` names it in errors. Checks,
    /// in order: the size, the syntax (every field known), the version, the digest, every
    /// field's range, and that re-running the moves gives exactly the outcome recorded.
    ///
    /// # Errors
    /// [`GameFileError`] naming the file.
    pub fn from_json(text: &str, origin: &str) -> Result<Game, GameFileError> {
        let file = || origin.to_owned();
        if text.len() > MAX_GAME_FILE_BYTES {
            return Err(GameFileError::TooLarge {
                file: file(),
                bytes: text.len(),
            });
        }
        let stored: Stored = serde_json::from_str(text).map_err(|e| GameFileError::Syntax {
            file: file(),
            message: e.to_string(),
        })?;
        if stored.version != GAME_FILE_VERSION {
            return Err(GameFileError::Version {
                file: file(),
                found: stored.version,
            });
        }
        let computed = digest_of(&stored.content());
        match &stored.digest {
            None => return Err(GameFileError::NoDigest { file: file() }),
            Some(d) if *d != computed => {
                return Err(GameFileError::Digest {
                    file: file(),
                    stored: d.clone(),
                    computed,
                });
            }
            Some(_) => {}
        }
        let damaged = |flaw: String| GameFileError::Damaged { file: file(), flaw };
        if let Err(e) = stored.scenario.validate() {
            return Err(damaged(format!("its scenario: {e}")));
        }
        if !(1..=MAX_PERIOD_MONTHS).contains(&stored.period_months) {
            return Err(damaged(format!(
                "period_months {} is not 1 to {MAX_PERIOD_MONTHS}",
                stored.period_months
            )));
        }
        if stored.months_played > stored.scenario.horizon_months {
            return Err(damaged(format!(
                "months_played {} is past the horizon {}",
                stored.months_played, stored.scenario.horizon_months
            )));
        }
        let mut last = None;
        for m in &stored.moves {
            if last.is_some_and(|l| m.from_month <= l) || m.from_month > stored.months_played {
                return Err(damaged(format!(
                    "moves: from_month {} is out of order or after the months played",
                    m.from_month
                )));
            }
            last = Some(m.from_month);
            if let Some(problem) = m.choices.problem() {
                return Err(damaged(format!(
                    "moves from month {}: {problem}",
                    m.from_month
                )));
            }
        }
        let game = Game::from_parts(
            stored.scenario,
            stored.seed,
            stored.period_months,
            stored.moves,
            stored.months_played,
            stored.finished,
        );
        let (outcome, finished) =
            game.replay_state()
                .map_err(|source| GameFileError::Simulation {
                    file: file(),
                    source: Box::new(source),
                })?;
        if outcome != stored.outcome
            || finished != stored.finished
            || outcome.months_run != stored.months_played
        {
            return Err(GameFileError::Replay {
                file: file(),
                version: stored.crate_version,
            });
        }
        Ok(game)
    }
}
