//! Why firms close (MODEL.md §15.5): from a study, the hazard of ending by year of age, the
//! closure rate of late firm-months by profit quintile, and the closure rate in recessions
//! against expansions, and the size of the open firms by year of age. These are the shapes
//! published cohorts describe (the hazard peaks in the first years and then falls; a
//! profitable firm closes less often than a poor one; young firms stay small). The survival
//! they imply at 7 and 10 years, and the size at 1 and 5 years, are matched by the
//! calibration; the rest is checked, not matched (MODEL.md §15.5).

use crate::error::SimError;
use crate::mc::{MakeStrategy, McConfig, Merge, drive};
use crate::record::{ClosureReason, MonthRecord, Observer};
use crate::scenario::Scenario;
use crate::simulation::Simulation;
use serde::Serialize;

/// The largest staff (associates and trainers) of a "very small" firm: five or fewer
/// employees, as Eubanks & Wiczer (2017) class establishments.
pub const SMALL_FIRM_STAFF: u32 = 5;

/// The published hazard by year of age, years 1 to 10: the share of the establishments open at
/// the start of each year that closed in it, for the BLS Business Employment Dynamics cohort
/// born in March 1994 (open after 1 to 10 years: 79.6, 68.1, 60.6, 54.3, 49.6, 45.2, 41.5,
/// 38.3, 35.7, 33.6 %; BLS, The Economics Daily, Nov. 2018; MODEL.md §16). Printed beside the
/// model's for comparison; only survival at 12–120 months is matched.
pub const PUBLISHED_HAZARD_BY_YEAR: [f64; 10] = [
    0.204, 0.144, 0.110, 0.104, 0.087, 0.089, 0.082, 0.077, 0.068, 0.059,
];

/// Months of operating profit averaged to rank a firm-month by profit.
pub const PROFIT_TRAILING_MONTHS: usize = 12;

/// One year of age: firms open at its start and how many ended in it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct YearHazard {
    /// Year of age, from 1.
    pub year: u32,
    /// Firms open at the start of the year.
    pub open_at_start: u64,
    /// Firms that ended in the year (insolvent or closed by their founder).
    pub ended: u64,
    /// Of those, firms the founder closed for another reason than the firm's pay (a sale,
    /// retirement, a better job).
    pub exits: u64,
}

impl YearHazard {
    /// The share of firms open at the start of the year that ended in it (0 when none was
    /// open).
    pub fn hazard(&self) -> f64 {
        share(self.ended, self.open_at_start)
    }
}

/// Firm-months and the ends among them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Exposure {
    /// Months firms were open (each month a firm ran, its last included).
    pub firm_months: u64,
    /// Firms that ended in those months.
    pub ended: u64,
    /// Of those, firms their founder closed for low income.
    pub low_income: u64,
}

impl Exposure {
    /// Ends per firm-month.
    pub fn rate(&self) -> f64 {
        share(self.ended, self.firm_months)
    }

    fn add(&mut self, ended: bool, low_income: bool) {
        self.firm_months += 1;
        self.ended += u64::from(ended);
        self.low_income += u64::from(low_income);
    }

    fn merge(&mut self, other: &Exposure) {
        self.firm_months += other.firm_months;
        self.ended += other.ended;
        self.low_income += other.low_income;
    }
}

/// The size of the firms open at the end of one year of age.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SizeAtAge {
    /// Year of age, from 1.
    pub year: u32,
    /// Firms open at the end of the year.
    pub open: u64,
    /// Their staff (associates and trainers) at the end of its last month, summed.
    pub staff: u64,
    /// Of them, firms with fewer than 10 staff.
    pub under_ten: u64,
}

impl SizeAtAge {
    /// Mean staff of the open firms (0 when none is open).
    pub fn mean_staff(&self) -> f64 {
        share(self.staff, self.open)
    }

    /// Share of the open firms with fewer than 10 staff.
    pub fn share_under_ten(&self) -> f64 {
        share(self.under_ten, self.open)
    }
}

/// The late firm-months of one profit quintile.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct ProfitQuintile {
    /// Quintile, 1 (least profitable) to 5.
    pub quintile: u32,
    /// Mean over its firm-months of the trailing monthly operating profit (before the
    /// founder's pay).
    pub mean_profit: f64,
    /// Its firm-months and the ends among them.
    pub exposure: Exposure,
}

/// Why firms close, from one study.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClosureProfile {
    /// Firms in the study.
    pub runs: u64,
    /// Months each firm could run.
    pub horizon_months: u32,
    /// The hazard by year of age, for each whole year of the horizon.
    pub by_year: Vec<YearHazard>,
    /// The months (from 1, inclusive) whose firm-months are ranked by profit.
    pub profit_months: [u32; 2],
    /// Closure of those firm-months by quintile of their trailing operating profit
    /// ([`PROFIT_TRAILING_MONTHS`] months, fewer at first; before the founder's pay).
    pub by_profit: Vec<ProfitQuintile>,
    /// Firm-months in a recession.
    pub recession: Exposure,
    /// Firm-months in an expansion.
    pub expansion: Exposure,
    /// Recession firm-months of firms with at most [`SMALL_FIRM_STAFF`] staff at the month's
    /// start (the size class whose exits Eubanks & Wiczer 2017 compare with all firms').
    pub recession_small: Exposure,
    /// Expansion firm-months of firms that small, for comparison (small young firms close
    /// more often in any month).
    pub expansion_small: Exposure,
    /// Firms open at the end of each month (index month − 1).
    pub open_by_month: Vec<u64>,
    /// The size of the open firms at the end of each whole year of age.
    pub size_by_year: Vec<SizeAtAge>,
    /// Firms that hired anyone in their first 12 months (of all firms).
    pub hired_in_first_year: u64,
}

impl ClosureProfile {
    /// The share of firms open at the end of `month` (NaN beyond the horizon).
    pub fn open_at(&self, month: u32) -> f64 {
        if month > self.horizon_months || self.runs == 0 {
            return f64::NAN;
        }
        self.open_by_month[month as usize - 1] as f64 / self.runs as f64
    }

    /// The year of age with the highest hazard (from 1; 0 without years).
    pub fn peak_year(&self) -> u32 {
        self.by_year
            .iter()
            .fold((0, -1.0), |(best, h), y| {
                if y.hazard() > h {
                    (y.year, y.hazard())
                } else {
                    (best, h)
                }
            })
            .0
    }
}

/// Runs a study of `scenario` under `config` and profiles why its firms close; firm-months
/// in months `profit_months` (from 1, inclusive) are ranked by profit. Bit-identical for any
/// thread count.
///
/// # Errors
/// As [`crate::mc::Study::run`]; [`SimError::InvalidScenario`] for an invalid scenario.
///
/// # Examples
/// ```
/// use lpo_sim_core::calibration::closure_profile;
/// use lpo_sim_core::{Scenario, mc::{McConfig, ScenarioStrategy}};
/// let config = McConfig::default().runs(200);
/// let profile = closure_profile(&Scenario::default(), &ScenarioStrategy, &config, [37, 60])?;
/// assert_eq!(profile.by_year.len(), 5);
/// assert_eq!(profile.by_profit.len(), 5);
/// # Ok::<(), lpo_sim_core::SimError>(())
/// ```
pub fn closure_profile<M: MakeStrategy>(
    scenario: &Scenario,
    make: &M,
    config: &McConfig,
    profit_months: [u32; 2],
) -> Result<ClosureProfile, SimError> {
    scenario.validate()?;
    let horizon = scenario.horizon_months;
    let driven = drive(
        config,
        None,
        || ProfileState::new(horizon),
        |_, seed, state: &mut ProfileState| {
            let mut sim = Simulation::new_unchecked(scenario, make.make(scenario), seed);
            let mut recorder = FirmRecorder::new(profit_months, state);
            sim.run_with(&mut recorder)?;
            Ok(None::<()>)
        },
        |_| false,
        &mut |_| {},
    )?;
    Ok(driven.accumulator.profile(profit_months))
}

fn share(n: u64, d: u64) -> f64 {
    if d == 0 { 0.0 } else { n as f64 / d as f64 }
}

/// What the replicates add into.
struct ProfileState {
    runs: u64,
    horizon: u32,
    /// Firms open at the end of each month.
    open: Vec<u64>,
    /// Ends in each month (index month − 1), and exits among them.
    ends: Vec<u64>,
    exits: Vec<u64>,
    /// Late firm-months: trailing profit, ended, closed for low income; in replicate order.
    late: Vec<(f64, bool, bool)>,
    recession: Exposure,
    expansion: Exposure,
    recession_small: Exposure,
    expansion_small: Exposure,
    /// Per whole year: open firms, their staff, those under 10.
    size: Vec<SizeAtAge>,
    hired_in_first_year: u64,
}

impl ProfileState {
    fn new(horizon: u32) -> Self {
        let n = horizon as usize;
        ProfileState {
            runs: 0,
            horizon,
            open: vec![0; n],
            ends: vec![0; n],
            exits: vec![0; n],
            late: Vec::new(),
            recession: Exposure::default(),
            expansion: Exposure::default(),
            recession_small: Exposure::default(),
            expansion_small: Exposure::default(),
            size: (1..=horizon / 12)
                .map(|year| SizeAtAge {
                    year,
                    ..SizeAtAge::default()
                })
                .collect(),
            hired_in_first_year: 0,
        }
    }

    fn profile(mut self, profit_months: [u32; 2]) -> ClosureProfile {
        let years = self.horizon / 12;
        let mut open_at_start = self.runs;
        let by_year = (1..=years)
            .map(|year| {
                let months = (12 * (year - 1) as usize)..(12 * year as usize);
                let ended = self.ends[months.clone()].iter().sum();
                let exits = self.exits[months].iter().sum();
                let y = YearHazard {
                    year,
                    open_at_start,
                    ended,
                    exits,
                };
                open_at_start -= ended;
                y
            })
            .collect();
        // Stable sort of firm-months kept in replicate order: the same quintiles every time.
        self.late.sort_by(|a, b| a.0.total_cmp(&b.0));
        let n = self.late.len();
        let by_profit = (0..5)
            .map(|q| {
                let part = &self.late[q * n / 5..(q + 1) * n / 5];
                let mut exposure = Exposure::default();
                let mut sum = 0.0;
                for &(profit, ended, low_income) in part {
                    exposure.add(ended, low_income);
                    sum += profit;
                }
                ProfitQuintile {
                    quintile: q as u32 + 1,
                    mean_profit: if part.is_empty() {
                        0.0
                    } else {
                        sum / part.len() as f64
                    },
                    exposure,
                }
            })
            .collect();
        ClosureProfile {
            runs: self.runs,
            horizon_months: self.horizon,
            by_year,
            profit_months,
            by_profit,
            recession: self.recession,
            expansion: self.expansion,
            recession_small: self.recession_small,
            expansion_small: self.expansion_small,
            open_by_month: self.open,
            size_by_year: self.size,
            hired_in_first_year: self.hired_in_first_year,
        }
    }
}

impl Merge for ProfileState {
    fn merge_from(&mut self, other: &Self) {
        self.runs += other.runs;
        for (a, b) in self.open.iter_mut().zip(&other.open) {
            *a += b;
        }
        for (a, b) in self.ends.iter_mut().zip(&other.ends) {
            *a += b;
        }
        for (a, b) in self.exits.iter_mut().zip(&other.exits) {
            *a += b;
        }
        self.late.extend_from_slice(&other.late);
        self.recession.merge(&other.recession);
        self.expansion.merge(&other.expansion);
        self.recession_small.merge(&other.recession_small);
        self.expansion_small.merge(&other.expansion_small);
        for (a, b) in self.size.iter_mut().zip(&other.size) {
            a.open += b.open;
            a.staff += b.staff;
            a.under_ten += b.under_ten;
        }
        self.hired_in_first_year += other.hired_in_first_year;
    }
}

/// One firm's months into the study's state.
struct FirmRecorder<'a> {
    profit_months: [u32; 2],
    state: &'a mut ProfileState,
    /// Ring of the last operating profits.
    profits: [f64; PROFIT_TRAILING_MONTHS],
    months: usize,
    hired: bool,
    /// Staff at the end of the previous month (0 before the first).
    staff_before: u32,
}

impl<'a> FirmRecorder<'a> {
    fn new(profit_months: [u32; 2], state: &'a mut ProfileState) -> Self {
        state.runs += 1;
        FirmRecorder {
            profit_months,
            state,
            profits: [0.0; PROFIT_TRAILING_MONTHS],
            months: 0,
            hired: false,
            staff_before: 0,
        }
    }
}

impl Observer for FirmRecorder<'_> {
    fn on_month(&mut self, m: &MonthRecord) {
        let operating = m.revenue - (m.costs.expenses() - m.costs.founder_draw);
        self.profits[self.months % PROFIT_TRAILING_MONTHS] = operating;
        self.months += 1;
        let kept = self.months.min(PROFIT_TRAILING_MONTHS);
        let trailing = self.profits[..kept].iter().sum::<f64>() / kept as f64;
        let ended = m.bankrupt || m.closed;
        let low_income = m.closed && m.closure_reason == Some(ClosureReason::LowIncome);
        let i = m.month as usize - 1;
        if ended {
            self.state.ends[i] += 1;
            self.state.exits[i] += u64::from(m.closure_reason == Some(ClosureReason::Exit));
        } else {
            self.state.open[i] += 1;
        }
        if m.recession {
            self.state.recession.add(ended, low_income);
            if self.staff_before <= SMALL_FIRM_STAFF {
                self.state.recession_small.add(ended, low_income);
            }
        } else {
            self.state.expansion.add(ended, low_income);
            if self.staff_before <= SMALL_FIRM_STAFF {
                self.state.expansion_small.add(ended, low_income);
            }
        }
        if m.hires > 0 && !self.hired && m.month <= 12 {
            self.hired = true;
            self.state.hired_in_first_year += 1;
        }
        if !ended
            && m.month.is_multiple_of(12)
            && let Some(size) = self.state.size.get_mut(m.month as usize / 12 - 1)
        {
            let staff = m.associates.iter().map(|(_, n)| *n).sum::<u32>() + m.trainers;
            size.open += 1;
            size.staff += u64::from(staff);
            size.under_ten += u64::from(staff < 10);
        }
        self.staff_before = m.headcount();
        if (self.profit_months[0]..=self.profit_months[1]).contains(&m.month) {
            self.state.late.push((trailing, ended, low_income));
        }
    }
}
