//! Which strategy runs the firm (`[strategy]`), and the thresholds of the rule-based
//! strategy (MODEL.md §10).

use crate::params::{Declared, TextValue, declare_params};

declare_params! {
    /// Which strategy runs the firm.
    #[derive(Copy)]
    pub struct StrategyConfig {
        /// Built-in strategy name.
        name: BuiltinStrategy = text(
            || BuiltinStrategy::RuleBased,
            "`rule-based`, `cautious`, `aggressive`, `quality-first`",
            "assumption (policy choice)",
        ),
        /// Thresholds of the `rule-based` strategy.
        rule: RuleParams = section(),
    }
}

declare_params! {
    /// Thresholds of the rule-based strategy. Every number it uses is here.
    #[derive(Copy)]
    pub struct RuleParams {
        /// Hire on a line when its load (demand / capacity) exceeds this.
        hire_above_utilisation: f64 = real(0.85, 0.0, 10.0, "load", "assumption (policy choice) near the utilization-targets row (BPO 80–90 %)"),
        /// Shed staff on a line when its load is below this and runway is short.
        shed_below_utilisation: f64 = real(0.35, 0.0, 10.0, "load", "assumption: policy choice"),
        /// Capacity to staff for, as a multiple of demand.
        capacity_headroom: f64 = real(1.1, 0.1, 10.0, "factor", "assumption: policy choice"),
        /// No demand-driven hiring, and marketing at the floor, when runway is below this (the
        /// `min_staff_per_line` floor and the trainer ratio still apply).
        min_runway_months: f64 = real(4.0, 0.0, 120.0, "months", "assumption: policy choice"),
        /// Marketing as a share of last month's revenue.
        marketing_share_of_revenue: f64 = real(0.05, 0.0, 1.0, "share", "assumption: policy choice"),
        /// Least marketing per month.
        marketing_floor: f64 = real(800.0, 0.0, 1e8, "currency/month", "assumption: policy choice"),
        /// Most marketing per month.
        marketing_cap: f64 = real(5000.0, 0.0, 1e8, "currency/month", "assumption: policy choice"),
        /// Trainer places per trainee wanted: trainers = ceil(coverage · trainees /
        /// trainees_per_trainer), trainees counting pending hires (0: no trainers).
        trainer_coverage: f64 = real(1.0, 0.0, 2.0, "share", "assumption: policy choice: a trainer place for every trainee"),
        /// Quality of trainers hired, 0 to 1 (1 = the best trainers the market offers; better
        /// trainers ramp trainees faster and cost more).
        trainer_quality: f64 = real(0.6, 0.0, 1.0, "share", "assumption: policy choice"),
        /// Candidates screened per hire.
        hiring_rigor: u32 = count(3, 1, 50, "candidates/hire", "assumption: policy choice"),
        /// Share of hours spent on QA.
        qa_share: f64 = real(0.12, 0.0, 0.9, "share", "assumption (policy choice) near the QC-sampling row's 1 document in 10"),
        /// Price as a multiple of the reference billing rate.
        price_multiplier: f64 = real(1.0, 0.1, 10.0, "factor", "assumption (policy choice): sell at the reference billing rates"),
        /// Pay as a multiple of market pay.
        pay_level: f64 = real(1.0, 0.25, 4.0, "factor", "assumption (policy choice): pay the market"),
        /// Sell only the lines whose `skill_requirement` the founder's knowledge meets (the
        /// lines closest to it when none is met); off: sell every line, paying for what the
        /// founder does not know through conversion and errors.
        sell_only_known_lines: bool = flag(false, "assumption: policy choice: sell every line; the knowledge a line lacks costs through conversion (§5.3) and supervision errors (§6)"),
        /// Pursue certification once monthly revenue reaches this.
        certify_above_revenue: f64 = real(20000.0, 0.0, 1e9, "currency/month", "assumption: policy choice"),
        /// Engage the consultant for the first this many months.
        consultant_months: u32 = count(0, 0, 1200, "months", "assumption: policy choice"),
        /// Most associates hired in one month, all lines together, to follow demand (the
        /// `min_staff_per_line` floor is kept on top of this).
        max_hires_per_month: u32 = count(3, 0, 10000, "people", "assumption: policy choice"),
        /// Associates kept on each offered line.
        min_staff_per_line: u32 = count(0, 0, 10000, "people", "assumption: policy choice"),
        /// Use AI when the lead-weighted automatable share of the lines sold is above this
        /// (MODEL.md §5.7; 1: never). Without automation nothing is automatable, so no firm
        /// adopts.
        #[serde(default = "default_ai_adopt_above", skip_serializing_if = "is_default_ai_adopt_above")]
        ai_adopt_above: f64 = real(0.1, 0.0, 1.0, "share", "assumption: policy choice: adopt once a tenth of the work sold is automatable"),
    }
}

/// The declared default of `strategy.rule.ai_adopt_above`, for files written before it existed.
fn default_ai_adopt_above() -> f64 {
    RuleParams::declared_default(None).ai_adopt_above
}

/// Whether `value` is that default (a serialised scenario leaves the field out then, so its
/// fingerprint is the one it had before the field existed).
fn is_default_ai_adopt_above(value: &f64) -> bool {
    value.to_bits() == default_ai_adopt_above().to_bits()
}

/// The built-in strategies, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BuiltinStrategy {
    /// The rule-based strategy with the scenario's `[strategy.rule]` thresholds.
    RuleBased,
    /// Grows only from demand, keeps a long runway, little marketing.
    Cautious,
    /// Hires ahead of demand, markets hard, sells every line, prices low.
    Aggressive,
    /// Rigorous hiring, many good trainers, heavy QA, early certification, premium prices.
    QualityFirst,
}

impl BuiltinStrategy {
    /// Every built-in strategy.
    pub const ALL: [BuiltinStrategy; 4] = [
        BuiltinStrategy::RuleBased,
        BuiltinStrategy::Cautious,
        BuiltinStrategy::Aggressive,
        BuiltinStrategy::QualityFirst,
    ];

    /// The name used on the command line and in scenario files.
    pub const fn name(self) -> &'static str {
        match self {
            BuiltinStrategy::RuleBased => "rule-based",
            BuiltinStrategy::Cautious => "cautious",
            BuiltinStrategy::Aggressive => "aggressive",
            BuiltinStrategy::QualityFirst => "quality-first",
        }
    }

    /// Parses a name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The thresholds this strategy uses; `rule` is the scenario's `[strategy.rule]`.
    pub fn params(self, rule: &RuleParams) -> RuleParams {
        match self {
            BuiltinStrategy::RuleBased => *rule,
            BuiltinStrategy::Cautious => RuleParams::cautious(),
            BuiltinStrategy::Aggressive => RuleParams::aggressive(),
            BuiltinStrategy::QualityFirst => RuleParams::quality_first(),
        }
    }
}

impl std::fmt::Display for BuiltinStrategy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl TextValue for BuiltinStrategy {
    fn text(&self) -> String {
        self.name().to_owned()
    }
}

impl RuleParams {
    /// Grows only from demand, keeps a long runway, little marketing.
    pub const fn cautious() -> Self {
        RuleParams {
            hire_above_utilisation: 0.9,
            shed_below_utilisation: 0.5,
            capacity_headroom: 1.0,
            min_runway_months: 6.0,
            marketing_share_of_revenue: 0.03,
            marketing_floor: 600.0,
            marketing_cap: 3000.0,
            trainer_coverage: 0.5,
            trainer_quality: 0.5,
            hiring_rigor: 2,
            qa_share: 0.1,
            price_multiplier: 1.0,
            pay_level: 1.0,
            sell_only_known_lines: false,
            certify_above_revenue: 40_000.0,
            consultant_months: 0,
            max_hires_per_month: 2,
            min_staff_per_line: 0,
            ai_adopt_above: 0.3,
        }
    }

    /// Hires ahead of demand, markets hard, sells every line, prices low.
    pub const fn aggressive() -> Self {
        RuleParams {
            hire_above_utilisation: 0.7,
            shed_below_utilisation: 0.2,
            capacity_headroom: 1.4,
            min_runway_months: 3.0,
            marketing_share_of_revenue: 0.15,
            marketing_floor: 1500.0,
            marketing_cap: 10_000.0,
            trainer_coverage: 0.3,
            trainer_quality: 0.4,
            hiring_rigor: 1,
            qa_share: 0.05,
            price_multiplier: 0.85,
            pay_level: 1.0,
            sell_only_known_lines: false,
            certify_above_revenue: 10_000.0,
            consultant_months: 6,
            max_hires_per_month: 8,
            min_staff_per_line: 0,
            ai_adopt_above: 0.05,
        }
    }

    /// Rigorous hiring, many good trainers, heavy QA, early certification, premium prices.
    pub const fn quality_first() -> Self {
        RuleParams {
            hire_above_utilisation: 0.85,
            shed_below_utilisation: 0.35,
            capacity_headroom: 1.15,
            min_runway_months: 4.0,
            marketing_share_of_revenue: 0.05,
            marketing_floor: 1000.0,
            marketing_cap: 5000.0,
            trainer_coverage: 1.5,
            trainer_quality: 0.9,
            hiring_rigor: 6,
            qa_share: 0.2,
            price_multiplier: 1.15,
            pay_level: 1.15,
            sell_only_known_lines: false,
            certify_above_revenue: 8000.0,
            consultant_months: 2,
            max_hires_per_month: 2,
            min_staff_per_line: 0,
            ai_adopt_above: 0.2,
        }
    }
}
