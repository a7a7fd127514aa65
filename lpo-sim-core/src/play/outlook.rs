//! The player's firm among firms of the built-in strategies: the odds from here
//! ([`Odds`]) and where the finished firm stands ([`Standing`]).

use crate::error::SimError;
use crate::mc::replicate_seed;
use crate::parallel::Workers;
use crate::record::RunOutcome;
use crate::scenario::{BuiltinStrategy, Scenario};
use crate::simulation::Simulation;

/// Firms compared with the player's by default: replicates `0..1000` of the game's seed.
pub const FIELD_FIRMS: u64 = 1_000;

/// Firms of one built-in strategy on the game's scenario, replicate `k` on
/// [`replicate_seed`]`(seed, k)` as `lpo-sim mc --seed` runs them: other luck than the
/// player's firm, which runs on the seed itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The strategy.
    pub strategy: BuiltinStrategy,
    /// Each firm's result, in replicate order.
    pub outcomes: Vec<RunOutcome>,
}

impl Field {
    /// Runs `firms` firms of `strategy` on `threads` workers (`None`: one per core); the
    /// same bits for any thread count.
    ///
    /// # Errors
    /// [`SimError`] from a run or the worker threads.
    pub fn run(
        scenario: &Scenario,
        seed: u64,
        strategy: BuiltinStrategy,
        firms: u64,
        threads: Option<usize>,
    ) -> Result<Field, SimError> {
        scenario.validate()?;
        let workers = Workers::new(threads)?;
        let runs = workers.map((0..firms).collect(), |k| {
            let run = strategy.build(&scenario.strategy.rule);
            Simulation::new_unchecked(scenario, run, replicate_seed(seed, k)).run()
        });
        Ok(Field {
            strategy,
            outcomes: runs.into_iter().collect::<Result<_, _>>()?,
        })
    }
}

/// The odds from here, as the firms of a [`Field`] give them: of its firms still open after
/// `month`, the share still open at the horizon. The firms had other luck and the
/// built-in strategy's decisions; the player's own cash and staff do not enter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Odds {
    /// Months played.
    pub month: u32,
    /// The run's horizon.
    pub horizon: u32,
    /// Firms in the field.
    pub firms: usize,
    /// Of those, how many were still open after `month`.
    pub open_now: usize,
    /// Of those, how many were still open at the horizon.
    pub open_at_horizon: usize,
    /// The median final cash of the firms still open after `month` (the lower middle one:
    /// an actual firm's), if any.
    pub median_final_cash: Option<f64>,
}

impl Odds {
    /// The odds after `month` months, from `field`.
    pub fn of(field: &Field, month: u32, horizon: u32) -> Odds {
        let open: Vec<&RunOutcome> = field
            .outcomes
            .iter()
            .filter(|o| o.months_open() >= month)
            .collect();
        let mut cash: Vec<f64> = open.iter().map(|o| o.final_cash).collect();
        cash.sort_by(f64::total_cmp);
        Odds {
            month,
            horizon,
            firms: field.outcomes.len(),
            open_now: open.len(),
            open_at_horizon: open.iter().filter(|o| o.survived()).count(),
            median_final_cash: cash.get(cash.len().saturating_sub(1) / 2).copied(),
        }
    }

    /// `open_at_horizon / open_now`, if any firm was open.
    pub fn share(&self) -> Option<f64> {
        (self.open_now > 0).then(|| self.open_at_horizon as f64 / self.open_now as f64)
    }
}

/// Where the player's finished firm stands against one built-in strategy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Standing {
    /// The strategy.
    pub strategy: BuiltinStrategy,
    /// Firms of the strategy in the field.
    pub firms: usize,
    /// Percentile of the player's final cash among the field's (mid-rank: the percentage
    /// of firms below it, plus half of those equal).
    pub cash_percentile: f64,
    /// Percentile of what the player's founder drew over the run, the same way.
    pub income_percentile: f64,
    /// Share of the field's firms open at the horizon.
    pub open_share: f64,
    /// The strategy run on the player's own seed: the same luck.
    pub paired: RunOutcome,
    /// Player's final cash minus the paired firm's.
    pub cash_difference: f64,
    /// Player's founder income minus the paired firm's.
    pub income_difference: f64,
}

impl Standing {
    /// Where `player` (a run on `seed` of `scenario`) stands against `field`.
    ///
    /// # Errors
    /// [`SimError`] from the paired run.
    pub fn of(
        player: &RunOutcome,
        field: &Field,
        scenario: &Scenario,
        seed: u64,
    ) -> Result<Standing, SimError> {
        let run = field.strategy.build(&scenario.strategy.rule);
        let paired = Simulation::new(scenario, run, seed)?.run()?;
        let n = field.outcomes.len();
        Ok(Standing {
            strategy: field.strategy,
            firms: n,
            cash_percentile: percentile(player.final_cash, field, |o| o.final_cash),
            income_percentile: percentile(player.founder_income, field, |o| o.founder_income),
            open_share: field.outcomes.iter().filter(|o| o.survived()).count() as f64
                / n.max(1) as f64,
            paired,
            cash_difference: player.final_cash - paired.final_cash,
            income_difference: player.founder_income - paired.founder_income,
        })
    }
}

/// Mid-rank percentile of `value` among the field's `of`: 100 × (below + equal / 2) / n.
fn percentile(value: f64, field: &Field, of: fn(&RunOutcome) -> f64) -> f64 {
    let (mut below, mut equal) = (0usize, 0usize);
    for o in &field.outcomes {
        let x = of(o);
        if x < value {
            below += 1;
        } else if x == value {
            equal += 1;
        }
    }
    let n = field.outcomes.len().max(1) as f64;
    100.0 * (below as f64 + equal as f64 / 2.0) / n
}
