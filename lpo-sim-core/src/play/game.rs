//! [`Game`]: one player's firm, played a period at a time, replayable from its moves.

use super::choices::{Change, Choices};
use super::strategy::{Move, PlayerStrategy};
use crate::error::SimError;
use crate::record::{MonthRecord, Recorder, RunOutcome};
use crate::scenario::Scenario;
use crate::simulation::Simulation;

/// Longest period a game may step, in months.
pub const MAX_PERIOD_MONTHS: u32 = 120;

/// One player's firm: the scenario, the seed of its luck, and the player's moves. Its
/// simulation is the ordinary [`Simulation`] of the scenario on the seed, run by a
/// [`PlayerStrategy`]; every period re-runs it from month 0 with the moves made so far,
/// so a game is exactly reproduced by its moves (a 60-month firm takes well under a
/// millisecond).
#[derive(Debug, Clone, PartialEq)]
pub struct Game {
    scenario: Scenario,
    seed: u64,
    period_months: u32,
    moves: Vec<Move>,
    months_played: u32,
    finished: bool,
}

/// What a game cannot do as asked.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GameError {
    /// The period is out of range.
    #[error("a period must be 1 to {MAX_PERIOD_MONTHS} months, not {0}")]
    Period(u32),
    /// The game has ended: nothing more can be played or changed.
    #[error("the game is over (the firm's run ended at month {0})")]
    Finished(u32),
    /// The simulation stopped.
    #[error(transparent)]
    Simulation(#[from] SimError),
}

/// The months one call of [`Game::play_period`] simulated.
#[derive(Debug, Clone, PartialEq)]
pub struct Period {
    /// The month before the period (`None` for the first).
    pub before: Option<MonthRecord>,
    /// The months, in order (fewer than the period when the run ended in it).
    pub months: Vec<MonthRecord>,
    /// The run's result so far (its end, when the game is over).
    pub outcome: RunOutcome,
    /// Whether the run has ended: horizon reached, out of cash, or closed by the founder.
    pub finished: bool,
}

/// A whole game re-run from month 0 ([`Game::replay`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Replay {
    /// Every month played.
    pub months: Vec<MonthRecord>,
    /// The result at the last month played.
    pub outcome: RunOutcome,
}

impl Game {
    /// A new game of `scenario` on `seed`, stepping `period_months` at a time.
    ///
    /// # Errors
    /// [`GameError::Period`] for a period out of 1..=[`MAX_PERIOD_MONTHS`];
    /// [`GameError::Simulation`] for an invalid scenario.
    pub fn new(scenario: Scenario, seed: u64, period_months: u32) -> Result<Game, GameError> {
        if !(1..=MAX_PERIOD_MONTHS).contains(&period_months) {
            return Err(GameError::Period(period_months));
        }
        scenario.validate().map_err(SimError::from)?;
        Ok(Game {
            scenario,
            seed,
            period_months,
            moves: Vec::new(),
            months_played: 0,
            finished: false,
        })
    }

    /// A game as stored: the caller (the save file) has checked the fields, and
    /// [`Game::replay`] re-runs it.
    pub(crate) fn from_parts(
        scenario: Scenario,
        seed: u64,
        period_months: u32,
        moves: Vec<Move>,
        months_played: u32,
        finished: bool,
    ) -> Game {
        Game {
            scenario,
            seed,
            period_months,
            moves,
            months_played,
            finished,
        }
    }

    /// The scenario.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The seed of the firm's luck.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Months per period.
    pub fn period_months(&self) -> u32 {
        self.period_months
    }

    /// The player's moves, in month order.
    pub fn moves(&self) -> &[Move] {
        &self.moves
    }

    /// Months simulated so far.
    pub fn months_played(&self) -> u32 {
        self.months_played
    }

    /// Whether the run has ended.
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// The choices in force for the next month.
    pub fn choices(&self) -> Choices {
        self.moves.last().map(|m| m.choices).unwrap_or_default()
    }

    /// Changes the player's choices from the next month on.
    ///
    /// # Errors
    /// [`GameError::Finished`] once the game is over.
    pub fn change(&mut self, change: Change) -> Result<(), GameError> {
        if self.finished {
            return Err(GameError::Finished(self.months_played));
        }
        let month = self.months_played;
        match self.moves.last_mut() {
            Some(last) if last.from_month == month => last.choices.change(change),
            _ => {
                let mut choices = self.choices();
                choices.change(change);
                self.moves.push(Move {
                    from_month: month,
                    choices,
                });
            }
        }
        Ok(())
    }

    /// The game's simulation at month 0.
    ///
    /// # Errors
    /// [`SimError::InvalidScenario`] for an invalid scenario.
    pub fn simulation(&self) -> Result<Simulation<PlayerStrategy>, SimError> {
        let player = PlayerStrategy::new(&self.scenario.strategy.rule, self.moves.clone());
        Simulation::new(&self.scenario, player, self.seed)
    }

    /// Runs the simulation from month 0 to month `until` (or the end of the run).
    fn run_to(&self, until: u32) -> Result<(Vec<MonthRecord>, RunOutcome, bool), SimError> {
        let mut simulation = self.simulation()?;
        let mut months = Recorder::default();
        while simulation.month() < until {
            match simulation.step()? {
                Some(record) => months.months.push(record),
                None => break,
            }
        }
        Ok((
            months.months,
            simulation.outcome(),
            simulation.is_finished(),
        ))
    }

    /// Plays the next period: re-runs the firm from month 0 with every move so far, to the
    /// end of the period (or of the run).
    ///
    /// # Errors
    /// [`GameError::Finished`] once the game is over; [`GameError::Simulation`] when the
    /// simulation stops (a decision out of range, or the firm past the work limit).
    pub fn play_period(&mut self) -> Result<Period, GameError> {
        if self.finished {
            return Err(GameError::Finished(self.months_played));
        }
        let start = self.months_played;
        let until = (start + self.period_months).min(self.scenario.horizon_months);
        let (mut months, outcome, finished) = self.run_to(until)?;
        let before = start
            .checked_sub(1)
            .and_then(|i| months.get(i as usize).copied());
        months.drain(..(start as usize).min(months.len()));
        self.months_played = outcome.months_run;
        self.finished = finished;
        Ok(Period {
            before,
            months,
            outcome,
            finished,
        })
    }

    /// Re-runs every month played from month 0: the same months, bit for bit, as were
    /// played.
    ///
    /// # Errors
    /// [`SimError`] as [`Game::play_period`].
    pub fn replay(&self) -> Result<Replay, SimError> {
        let (months, outcome, _) = self.run_to(self.months_played)?;
        Ok(Replay { months, outcome })
    }

    /// Whether re-running the months played ends the run exactly where the game says it is
    /// (used when a saved game is read).
    pub(crate) fn replay_state(&self) -> Result<(RunOutcome, bool), SimError> {
        let (_, outcome, finished) = self.run_to(self.months_played)?;
        Ok((outcome, finished))
    }
}
