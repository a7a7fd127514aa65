//! Play mode: a person runs one firm, a period (3 months by default) at a time, through the
//! same decision interface as the built-in strategies.
//!
//! - [`Choices`] are the player's standing decisions (lines offered and prices, staff per
//!   line, hiring rigor, pay, trainers, QA share, marketing, consultant, certification, AI),
//!   each in force until changed; a [`Change`] is one of them, typed as a line of text.
//! - [`PlayerStrategy`] is the rule-based strategy with the choices of the last [`Move`]
//!   over its decisions: a player who changes nothing runs exactly `rule-based`.
//! - A [`Game`] is the scenario, the seed and the moves. Each period re-runs the ordinary
//!   [`Simulation`](crate::Simulation) from month 0 with the moves so far, so a saved game
//!   ([`Game::to_json`], with a digest) replays bit for bit ([`Game::replay`]).
//! - [`Odds`] and [`Standing`] set the firm among firms of the built-in strategies
//!   ([`Field`]): the odds from here, and at the end the percentile and the paired difference
//!   on the same luck.
//!
//! # Examples
//! ```
//! use lpo_sim_core::Scenario;
//! use lpo_sim_core::play::{Change, Game};
//! let mut scenario = Scenario::default();
//! scenario.horizon_months = 12;
//! let mut game = Game::new(scenario, 7, 3)?;
//! let first = game.play_period()?;
//! assert_eq!(first.months.len(), 3);
//! game.change(Change::parse("rigor 4").unwrap())?;
//! while !game.is_finished() {
//!     game.play_period()?;
//! }
//! let saved = game.to_json()?;
//! let again = Game::from_json(&saved, "game.json").unwrap();
//! assert_eq!(again.replay()?, game.replay()?);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod choices;
mod events;
mod file;
mod game;
mod outlook;
mod strategy;

pub use choices::{CHANGE_HELP, Change, Choices, MAX_PLAYER_STAFF};
pub use events::{PeriodSummary, month_events, staff_by_line};
pub use file::{GAME_FILE_VERSION, GameFileError, MAX_GAME_FILE_BYTES};
pub use game::{Game, GameError, MAX_PERIOD_MONTHS, Period, Replay};
pub use outlook::{FIELD_FIRMS, Field, Odds, Standing};
pub use strategy::{Move, PlayerStrategy};
