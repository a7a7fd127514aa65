//! Monte Carlo over replicates of a whole market (MODEL.md §5.8, §11b): the same replicate
//! seeds, rounds, threads and cancel flag as [`crate::mc`], into an exact, mergeable state,
//! so results are bit-identical for any thread count and any split into shards.

use super::engine::{Entrant, Market, check_market};
use super::outcome::MarketOutcome;
use super::params::MarketParams;
use crate::error::SimError;
use crate::mc::{ExactMoments, McConfig, Proportion, StopReason, Z95};
use crate::mc::{Merge, Progress, drive};
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::sync::atomic::AtomicBool;

/// Quantum of money sums.
const MONEY: f64 = 0.01;
/// Quantum of shares and price ratios.
const SHARE: f64 = 1e-9;

/// One firm's tallies over replicates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FirmTally {
    /// The entrant's name.
    pub name: String,
    /// Replicates.
    pub runs: u64,
    /// Replicates it was open at the end (neither bankrupt nor closed).
    pub open: u64,
    /// Replicates it went bankrupt.
    pub bankrupt: u64,
    /// Replicates its founder closed it.
    pub closed: u64,
    /// Its revenue over the run.
    pub revenue: ExactMoments,
    /// Its share of the market's revenue over the run (replicates with revenue).
    pub revenue_share: ExactMoments,
    /// Its share of the market's clients at the end (replicates with clients).
    pub client_share: ExactMoments,
    /// Its mean price against the market rate (replicates where it offered a line).
    pub price_ratio: ExactMoments,
    /// Its cash at the end.
    pub final_cash: ExactMoments,
    /// Clients it won from prospects rivals had reached.
    pub won_from_rivals: ExactMoments,
    /// Clients who switched to it from rivals.
    pub switched_in: ExactMoments,
    /// Months it ran (what a study's cost per firm-month is counted over).
    pub months_run: ExactMoments,
}

fn months_moments() -> ExactMoments {
    ExactMoments::new(1.0)
}

impl FirmTally {
    fn new(name: &str) -> Self {
        FirmTally {
            name: name.to_owned(),
            runs: 0,
            open: 0,
            bankrupt: 0,
            closed: 0,
            revenue: ExactMoments::new(MONEY),
            revenue_share: ExactMoments::new(SHARE),
            client_share: ExactMoments::new(SHARE),
            price_ratio: ExactMoments::new(SHARE),
            final_cash: ExactMoments::new(MONEY),
            won_from_rivals: ExactMoments::new(1.0),
            switched_in: ExactMoments::new(1.0),
            months_run: months_moments(),
        }
    }

    /// Every accumulator with its field name, in declaration order (for the file's checks).
    pub(super) fn moments(&self) -> [(&'static str, &ExactMoments); 8] {
        [
            ("revenue", &self.revenue),
            ("revenue_share", &self.revenue_share),
            ("client_share", &self.client_share),
            ("price_ratio", &self.price_ratio),
            ("final_cash", &self.final_cash),
            ("won_from_rivals", &self.won_from_rivals),
            ("switched_in", &self.switched_in),
            ("months_run", &self.months_run),
        ]
    }

    fn merge(&mut self, other: &FirmTally) {
        self.runs += other.runs;
        self.open += other.open;
        self.bankrupt += other.bankrupt;
        self.closed += other.closed;
        self.revenue.merge(&other.revenue);
        self.revenue_share.merge(&other.revenue_share);
        self.client_share.merge(&other.client_share);
        self.price_ratio.merge(&other.price_ratio);
        self.final_cash.merge(&other.final_cash);
        self.won_from_rivals.merge(&other.won_from_rivals);
        self.switched_in.merge(&other.switched_in);
        self.months_run.merge(&other.months_run);
    }
}

/// A market study's exact, mergeable state: per firm and for the market.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarketState {
    /// Replicates.
    pub runs: u64,
    /// Every firm, in entry order.
    pub firms: Vec<FirmTally>,
    /// Firms open at the end.
    pub survivors: ExactMoments,
    /// The market's revenue over the run.
    pub total_revenue: ExactMoments,
    /// Herfindahl–Hirschman index of revenue shares (replicates with revenue).
    pub revenue_hhi: ExactMoments,
}

impl MarketState {
    /// Empty, for firms named `names`.
    pub fn new<'n>(names: impl IntoIterator<Item = &'n str>) -> Self {
        MarketState {
            runs: 0,
            firms: names.into_iter().map(FirmTally::new).collect(),
            survivors: ExactMoments::new(1.0),
            total_revenue: ExactMoments::new(MONEY),
            revenue_hhi: ExactMoments::new(SHARE),
        }
    }

    /// The market's own accumulators with their field names (for the file's checks).
    pub(super) fn moments(&self) -> [(&'static str, &ExactMoments); 3] {
        [
            ("survivors", &self.survivors),
            ("total_revenue", &self.total_revenue),
            ("revenue_hhi", &self.revenue_hhi),
        ]
    }

    /// Adds one replicate.
    pub fn add(&mut self, m: &MarketOutcome) {
        self.runs += 1;
        for (k, (tally, f)) in self.firms.iter_mut().zip(&m.firms).enumerate() {
            tally.runs += 1;
            tally.open += u64::from(f.open());
            tally.bankrupt += u64::from(f.outcome.bankrupt_month.is_some());
            tally.closed += u64::from(f.outcome.closed_month.is_some());
            tally.revenue.add(f.outcome.total_revenue);
            if let Some(s) = m.revenue_share(k) {
                tally.revenue_share.add(s);
            }
            if let Some(s) = m.client_share(k) {
                tally.client_share.add(s);
            }
            if let Some(r) = f.mean_price_ratio {
                tally.price_ratio.add(r);
            }
            tally.final_cash.add(f.outcome.final_cash);
            tally.won_from_rivals.add(f64::from(f.won_from_rivals));
            tally.switched_in.add(f64::from(f.switched_in));
            tally.months_run.add(f64::from(f.outcome.months_run));
        }
        self.survivors.add(f64::from(m.survivors()));
        self.total_revenue.add(m.total_revenue());
        if let Some(h) = m.revenue_hhi() {
            self.revenue_hhi.add(h);
        }
    }

    /// Adds everything in `other` (the same market's state over other replicates). Exact:
    /// any grouping gives the same bits.
    ///
    /// # Errors
    /// The states are of different markets (different firm names or counts).
    pub fn merge(&mut self, other: &MarketState) -> Result<(), String> {
        let names = |s: &MarketState| s.firms.iter().map(|f| f.name.clone()).collect::<Vec<_>>();
        if names(self) != names(other) {
            return Err(format!(
                "cannot merge the states of different markets: firms {:?} and {:?}",
                names(self),
                names(other)
            ));
        }
        self.runs += other.runs;
        for (a, b) in self.firms.iter_mut().zip(&other.firms) {
            a.merge(b);
        }
        self.survivors.merge(&other.survivors);
        self.total_revenue.merge(&other.total_revenue);
        self.revenue_hhi.merge(&other.revenue_hhi);
        Ok(())
    }
}

impl Merge for MarketState {
    fn merge_from(&mut self, other: &Self) {
        self.merge(other)
            .expect("a study's chunks are states of the same market");
    }
}

/// A mean with its 95 % confidence interval (normal approximation).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MeanEstimate {
    /// Values.
    pub n: u64,
    /// Mean (NaN without values).
    pub mean: f64,
    /// Half-width of the 95 % interval (NaN with fewer than 2 values).
    pub half_width: f64,
}

impl MeanEstimate {
    /// From exact moments.
    pub fn of(m: &ExactMoments) -> Self {
        let half_width = if m.n >= 2 {
            Z95 * (m.sample_variance() / m.n as f64).sqrt()
        } else {
            f64::NAN
        };
        MeanEstimate {
            n: m.n,
            mean: m.mean(),
            half_width,
        }
    }
}

/// One firm's statistics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FirmSummary {
    /// The entrant's name.
    pub name: String,
    /// P(open at the end).
    pub open: Proportion,
    /// P(bankrupt).
    pub bankrupt: Proportion,
    /// P(closed by the founder).
    pub closed: Proportion,
    /// Share of the market's revenue.
    pub revenue_share: MeanEstimate,
    /// Share of the market's clients at the end.
    pub client_share: MeanEstimate,
    /// Mean price against the market rate.
    pub price_ratio: MeanEstimate,
    /// Revenue over the run.
    pub revenue: MeanEstimate,
    /// Cash at the end.
    pub final_cash: MeanEstimate,
    /// Clients won from prospects rivals had reached.
    pub won_from_rivals: MeanEstimate,
    /// Clients who switched in from rivals.
    pub switched_in: MeanEstimate,
    /// Months it ran.
    pub months_run: MeanEstimate,
}

/// Every statistic of a market study.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MarketSummary {
    /// Replicates.
    pub runs: u64,
    /// Every firm, in entry order.
    pub firms: Vec<FirmSummary>,
    /// Firms open at the end.
    pub survivors: MeanEstimate,
    /// The market's revenue over the run.
    pub total_revenue: MeanEstimate,
    /// Herfindahl–Hirschman index of revenue shares.
    pub revenue_hhi: MeanEstimate,
}

impl MarketSummary {
    /// From a state.
    pub fn of(s: &MarketState) -> Self {
        MarketSummary {
            runs: s.runs,
            firms: s
                .firms
                .iter()
                .map(|f| FirmSummary {
                    name: f.name.clone(),
                    open: Proportion::new(f.open, f.runs),
                    bankrupt: Proportion::new(f.bankrupt, f.runs),
                    closed: Proportion::new(f.closed, f.runs),
                    revenue_share: MeanEstimate::of(&f.revenue_share),
                    client_share: MeanEstimate::of(&f.client_share),
                    price_ratio: MeanEstimate::of(&f.price_ratio),
                    revenue: MeanEstimate::of(&f.revenue),
                    final_cash: MeanEstimate::of(&f.final_cash),
                    won_from_rivals: MeanEstimate::of(&f.won_from_rivals),
                    switched_in: MeanEstimate::of(&f.switched_in),
                    months_run: MeanEstimate::of(&f.months_run),
                })
                .collect(),
            survivors: MeanEstimate::of(&s.survivors),
            total_revenue: MeanEstimate::of(&s.total_revenue),
            revenue_hhi: MeanEstimate::of(&s.revenue_hhi),
        }
    }
}

/// The result of a market study.
#[derive(Debug, Clone, PartialEq)]
pub struct MarketStudyOutcome {
    /// Replicates actually run.
    pub replicates: Range<u64>,
    /// Why it stopped.
    pub stop: StopReason,
    /// The mergeable state.
    pub state: MarketState,
}

impl MarketStudyOutcome {
    /// Every statistic.
    pub fn summary(&self) -> MarketSummary {
        MarketSummary::of(&self.state)
    }
}

/// A Monte Carlo study of a market: replicates `config.replicates` of the market of
/// `entrants`, replicate `k` with seed [`crate::mc::replicate_seed`]`(config.seed, k)` (firm 0
/// runs on it, the others on [`super::firm_seed`]s from it).
///
/// # Examples
/// ```
/// use lpo_sim_core::market::{Entrant, MarketParams, MarketStudy};
/// use lpo_sim_core::mc::McConfig;
/// use lpo_sim_core::{BuiltinStrategy, Scenario, Strategy};
/// let scenario = Scenario::default();
/// let rule = scenario.strategy.rule;
/// let make = move || Box::new(BuiltinStrategy::RuleBased.build(&rule)) as Box<dyn Strategy>;
/// let entrants = [
///     Entrant { name: "a", scenario: &scenario, strategy: &make },
///     Entrant { name: "b", scenario: &scenario, strategy: &make },
/// ];
/// let study = MarketStudy::new(&entrants, MarketParams::default(), McConfig::default().runs(8));
/// let summary = study.run(None)?.summary();
/// assert_eq!(summary.runs, 8);
/// # Ok::<(), lpo_sim_core::SimError>(())
/// ```
#[derive(Debug, Clone)]
pub struct MarketStudy<'a> {
    /// The firms, in entry order.
    pub entrants: &'a [Entrant<'a>],
    /// The market's parameters.
    pub params: MarketParams,
    /// Seed, replicates and threads (`until`, `ensemble` and `fans` are not used: a market
    /// study refuses `until` and `ensemble`).
    pub config: McConfig,
}

impl<'a> MarketStudy<'a> {
    /// A study of `entrants` under `params`.
    pub fn new(entrants: &'a [Entrant<'a>], params: MarketParams, config: McConfig) -> Self {
        MarketStudy {
            entrants,
            params,
            config,
        }
    }

    /// Runs the study; `cancel`, when set, stops it after the rounds that finished.
    ///
    /// # Errors
    /// As [`check_market`]; a precision target or an ensemble in the configuration; a
    /// firm's [`SimError::InvalidDecision`] or [`SimError::WorkLimit`] (the first in replicate
    /// order); [`SimError::WorkerThreads`].
    pub fn run(&self, cancel: Option<&AtomicBool>) -> Result<MarketStudyOutcome, SimError> {
        self.run_with(cancel, &mut |_, _| {}, &mut |_, _| {})
    }

    /// As [`MarketStudy::run`], giving every replicate's outcome to `on_replicate` in index
    /// order (round by round), and `(done, planned)` to `on_round` after each round.
    ///
    /// # Errors
    /// As [`MarketStudy::run`].
    pub fn run_with(
        &self,
        cancel: Option<&AtomicBool>,
        on_replicate: &mut dyn FnMut(u64, &MarketOutcome),
        on_round: &mut dyn FnMut(u64, u64),
    ) -> Result<MarketStudyOutcome, SimError> {
        check_market(self.entrants, &self.params)?;
        if self.config.until.is_some() || self.config.ensemble.is_some() {
            return Err(SimError::InvalidScenario(
                crate::error::ScenarioError::Invalid {
                    file: "<market>".to_owned(),
                    problems: vec![
                        "a market study takes no precision target (`until`) and no ensemble"
                            .to_owned(),
                    ],
                },
            ));
        }
        let names = || self.entrants.iter().map(|e| e.name);
        let driven = drive(
            &self.config,
            cancel,
            || MarketState::new(names()),
            |_, seed, state: &mut MarketState| {
                let outcome = Market::new_unchecked(self.entrants, &self.params, seed).run()?;
                state.add(&outcome);
                Ok(Some(outcome))
            },
            |_| false,
            &mut |progress| match progress {
                Progress::Row(k, outcome) => on_replicate(k, outcome),
                Progress::Round { done, planned } => on_round(done, planned),
            },
        )?;
        Ok(MarketStudyOutcome {
            replicates: driven.replicates,
            stop: driven.stop,
            state: driven.accumulator,
        })
    }
}
