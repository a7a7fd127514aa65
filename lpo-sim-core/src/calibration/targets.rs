//! Targets: the emergent figures the model should reproduce, each with an exact definition
//! over the month records, its published range and source, read from a TOML file.

use crate::record::MonthRecord;
use serde::{Deserialize, Serialize};

/// The embedded targets file: every emergent figure with a published range, its definition,
/// source and weight (`lpo-sim calibrate check --targets FILE` reads another).
pub const DEFAULT_TARGETS_TOML: &str = include_str!("targets.toml");

/// A per-month quantity of a firm, summed over a target's months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quantity {
    /// Revenue.
    Revenue,
    /// Staff employed in the month (after hiring and layoffs, quitters included): a
    /// staff-month each.
    StaffEmployed,
    /// Hours staff spent on client work.
    BillableHours,
    /// Standard hours of client work staff delivered (on their own line and as cover): the
    /// hours the firm bills for their work.
    BilledHours,
    /// Hours paid to staff.
    PaidHours,
    /// Staff who quit.
    Quits,
    /// Clients served in the month (those at the month's end plus those lost in it): a
    /// client-month each.
    ClientMonths,
    /// Clients lost.
    ClientsLost,
    /// Clients under contract (past their pilot): a client-month each.
    ContractClientMonths,
    /// Clients under contract who left.
    ContractClientsLost,
    /// Cash spent on training (trainers, training cost, trainees' pay for hours in class).
    TrainingSpend,
    /// Associates who reached full productivity.
    RampedUp,
    /// Tenures (completed months) at which they did.
    RampMonths,
    /// 1 when the firm is open at the month's end (neither insolvent nor closed in it).
    OpenFirms,
    /// Staff (associates and trainers) at the month's end of a firm open then; 0 otherwise.
    OpenFirmStaff,
}

impl Quantity {
    /// Its value in one month.
    pub fn of(self, m: &MonthRecord) -> f64 {
        match self {
            Quantity::Revenue => m.revenue,
            Quantity::StaffEmployed => f64::from(m.headcount() + m.quits),
            Quantity::BillableHours => m.billable_hours,
            Quantity::BilledHours => m.delivered_hours.sum() - m.founder_hours.sum(),
            Quantity::PaidHours => m.paid_hours,
            Quantity::Quits => f64::from(m.quits),
            Quantity::ClientMonths => f64::from(m.total_clients() + m.clients_lost),
            Quantity::ClientsLost => f64::from(m.clients_lost),
            Quantity::ContractClientMonths => f64::from(m.contract_clients),
            Quantity::ContractClientsLost => f64::from(m.contract_clients_lost),
            Quantity::TrainingSpend => m.training_spend,
            Quantity::RampedUp => f64::from(m.ramped_up),
            Quantity::RampMonths => f64::from(m.ramp_months),
            Quantity::OpenFirms => f64::from(u8::from(!(m.bankrupt || m.closed))),
            Quantity::OpenFirmStaff => {
                if m.bankrupt || m.closed {
                    0.0
                } else {
                    f64::from(m.headcount())
                }
            }
        }
    }

    /// Rounding step of its exact sums (0.01 for money and hours, 1 for counts).
    pub fn quantum(self) -> f64 {
        match self {
            Quantity::Revenue
            | Quantity::BillableHours
            | Quantity::BilledHours
            | Quantity::PaidHours
            | Quantity::TrainingSpend => 0.01,
            _ => 1.0,
        }
    }
}

/// How a target's figure is computed from a study.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Figure {
    /// `scale · Σ numerator / Σ denominator`, both summed over months `months[0]..=months[1]`
    /// (from 1) of every firm while it runs, over all firms of the study (a ratio of sums,
    /// so each firm weighs by its denominator).
    Ratio {
        /// Summed on top.
        numerator: Quantity,
        /// Summed below.
        denominator: Quantity,
        /// First and last month counted (inclusive, from 1).
        months: [u32; 2],
        /// Multiplies the ratio (12 turns a monthly rate into a yearly one).
        scale: f64,
    },
    /// The share of firms still open (neither insolvent nor closed) at the end of `month`.
    Survival {
        /// Month, from 1.
        month: u32,
    },
    /// Of the firms that ended (insolvent or closed) by the end of `month`, the share whose
    /// founder closed them for another reason than the firm's pay (a sale, retirement, a
    /// better job: a successful closure).
    ExitShare {
        /// Month, from 1.
        month: u32,
    },
    /// Of the firms still open at the end of month `months[0]`, the share still open at the
    /// end of month `months[1]` (a cohort's survival between two ages, as published cohort
    /// tables give it: the hazard of the years between, not of the years before).
    ConditionalSurvival {
        /// The two months, from 1, the first before the second.
        months: [u32; 2],
    },
}

fn one() -> f64 {
    1.0
}

/// One emergent figure and the published range it should fall in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawTarget", into = "RawTarget")]
pub struct Target {
    /// Short identifier, e.g. `billable_utilisation`.
    pub id: String,
    /// What it is, for people.
    pub name: String,
    /// How it is computed.
    pub figure: Figure,
    /// The published range `[low, high]`.
    pub range: [f64; 2],
    /// Unit, for people.
    pub unit: String,
    /// Weight in summaries of fit (history matching uses implausibility, not weights).
    pub weight: f64,
    /// The row of the published figures it comes from, and how the range follows from it.
    pub source: String,
}

/// A target as written in the file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTarget {
    id: String,
    name: String,
    figure: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    numerator: Option<Quantity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    denominator: Option<Quantity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    months: Option<[u32; 2]>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    scale: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    month: Option<u32>,
    range: [f64; 2],
    unit: String,
    #[serde(default = "one")]
    weight: f64,
    source: String,
}

impl TryFrom<RawTarget> for Target {
    type Error = String;
    fn try_from(raw: RawTarget) -> Result<Self, String> {
        let need = |field: &str| {
            format!(
                "target `{}`: a `{}` figure needs `{field}`",
                raw.id, raw.figure
            )
        };
        let extra = |field: &str| {
            format!(
                "target `{}`: a `{}` figure takes no `{field}`",
                raw.id, raw.figure
            )
        };
        // The optional fields, in the order a foreign one is reported: each figure names the
        // ones it takes, and the first other one present is refused.
        let present = [
            ("numerator", raw.numerator.is_some()),
            ("denominator", raw.denominator.is_some()),
            ("months", raw.months.is_some()),
            ("month", raw.month.is_some()),
            ("scale", raw.scale.is_some()),
        ];
        let takes_only = |takes: &[&str]| match present
            .iter()
            .find(|(field, here)| *here && !takes.contains(field))
        {
            Some((field, _)) => Err(extra(field)),
            None => Ok(()),
        };
        let figure = match raw.figure.as_str() {
            "ratio" => {
                takes_only(&["numerator", "denominator", "months", "scale"])?;
                Figure::Ratio {
                    numerator: raw.numerator.ok_or_else(|| need("numerator"))?,
                    denominator: raw.denominator.ok_or_else(|| need("denominator"))?,
                    months: raw.months.ok_or_else(|| need("months"))?,
                    scale: raw.scale.unwrap_or(1.0),
                }
            }
            "survival" => {
                takes_only(&["month"])?;
                Figure::Survival {
                    month: raw.month.ok_or_else(|| need("month"))?,
                }
            }
            "exit_share" => {
                takes_only(&["month"])?;
                Figure::ExitShare {
                    month: raw.month.ok_or_else(|| need("month"))?,
                }
            }
            "conditional_survival" => {
                takes_only(&["months"])?;
                Figure::ConditionalSurvival {
                    months: raw.months.ok_or_else(|| need("months"))?,
                }
            }
            other => {
                return Err(format!(
                    "target `{}`: unknown figure `{other}`; figures are `ratio`, `survival`, \
                     `conditional_survival` and `exit_share`",
                    raw.id
                ));
            }
        };
        Ok(Target {
            id: raw.id,
            name: raw.name,
            figure,
            range: raw.range,
            unit: raw.unit,
            weight: raw.weight,
            source: raw.source,
        })
    }
}

impl From<Target> for RawTarget {
    fn from(t: Target) -> Self {
        let mut raw = RawTarget {
            id: t.id,
            name: t.name,
            figure: String::new(),
            numerator: None,
            denominator: None,
            months: None,
            scale: None,
            month: None,
            range: t.range,
            unit: t.unit,
            weight: t.weight,
            source: t.source,
        };
        match t.figure {
            Figure::Ratio {
                numerator,
                denominator,
                months,
                scale,
            } => {
                raw.figure = "ratio".to_owned();
                raw.numerator = Some(numerator);
                raw.denominator = Some(denominator);
                raw.months = Some(months);
                raw.scale = Some(scale);
            }
            Figure::Survival { month } => {
                raw.figure = "survival".to_owned();
                raw.month = Some(month);
            }
            Figure::ExitShare { month } => {
                raw.figure = "exit_share".to_owned();
                raw.month = Some(month);
            }
            Figure::ConditionalSurvival { months } => {
                raw.figure = "conditional_survival".to_owned();
                raw.months = Some(months);
            }
        }
        raw
    }
}

impl Target {
    /// The centre of the range.
    pub fn centre(&self) -> f64 {
        (self.range[0] + self.range[1]) / 2.0
    }

    /// Half the range's width.
    pub fn half_width(&self) -> f64 {
        (self.range[1] - self.range[0]) / 2.0
    }

    /// Whether `value` lies inside the published range, ends included (NaN never does).
    pub fn contains(&self, value: f64) -> bool {
        self.range[0] <= value && value <= self.range[1]
    }

    /// How far `value` lies outside the range, in units of the range's width (0 inside).
    pub fn distance(&self, value: f64) -> f64 {
        let width = (self.range[1] - self.range[0]).max(f64::MIN_POSITIVE);
        if value < self.range[0] {
            (self.range[0] - value) / width
        } else if value > self.range[1] {
            (value - self.range[1]) / width
        } else {
            0.0
        }
    }

    /// The last month the figure needs (the horizon must reach it).
    pub fn last_month(&self) -> u32 {
        match self.figure {
            Figure::Ratio { months, .. } | Figure::ConditionalSurvival { months } => months[1],
            Figure::Survival { month } | Figure::ExitShare { month } => month,
        }
    }
}

/// How implausibility is measured (Vernon, Goldstein & Bower 2010):
/// `I = |estimate − centre| / sqrt(V_obs + V_mc + V_disc)`, with the observation SD
/// `observation_sd · half-width` and the model-discrepancy SD `discrepancy_sd · half-width`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImplausibilitySettings {
    /// One SD of the published figure, as a share of its range's half-width.
    pub observation_sd: f64,
    /// One SD of what the model cannot represent, as a share of the half-width.
    pub discrepancy_sd: f64,
    /// Points whose implausibility exceeds this are ruled out.
    pub cutoff: f64,
    /// Which implausibility is compared with the cut-off: 1 the largest, 2 the second
    /// largest (tolerating one badly represented target), ...
    pub rank: usize,
    /// Whether a member kept after validation must also have every estimate inside its
    /// published range on the validation seeds, not only be plausible there (MODEL.md §15.3).
    /// Default `true` in a targets file; always written into a calibration file, which is
    /// refused without it (earlier versions left it out, meaning either rule).
    #[serde(default = "yes")]
    pub validation_inside_every_range: bool,
}

fn yes() -> bool {
    true
}

/// Every target, and how implausibility is measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Targets {
    /// How implausibility is measured.
    pub implausibility: ImplausibilitySettings,
    /// The targets, in the file's order.
    #[serde(rename = "target")]
    pub targets: Vec<Target>,
    /// Figures with a published range that are computed and shown beside the targets but
    /// never matched: their source describes other firms or counts differently (MODEL.md
    /// §15.1 says why for each). No implausibility, history match or validation reads them.
    #[serde(rename = "reported", default, skip_serializing_if = "Vec::is_empty")]
    pub reported: Vec<Target>,
}

/// A targets file that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {message}")]
pub struct TargetsError {
    /// The file.
    pub file: String,
    /// What is wrong, naming the target and field.
    pub message: String,
}

impl Default for Targets {
    /// The embedded targets ([`DEFAULT_TARGETS_TOML`]).
    fn default() -> Self {
        Targets::from_toml_str(DEFAULT_TARGETS_TOML, "<embedded targets>")
            .expect("the embedded targets are valid (tested)")
    }
}

impl Targets {
    /// Parses and checks a targets file. `origin` names it in errors.
    ///
    /// # Errors
    /// [`TargetsError`] naming the target and the field.
    pub fn from_toml_str(text: &str, origin: &str) -> Result<Targets, TargetsError> {
        let error = |message: String| TargetsError {
            file: origin.to_owned(),
            message,
        };
        let targets: Targets = toml::from_str(text).map_err(|e| error(e.to_string()))?;
        targets.check().map_err(error)?;
        Ok(targets)
    }

    /// Checks every setting and target (what [`Targets::from_toml_str`] checks after parsing):
    /// a message naming the target and the field when one is out of bounds.
    ///
    /// # Errors
    /// The first problem found.
    pub fn check(&self) -> Result<(), String> {
        let targets = self;
        let s = &targets.implausibility;
        let positive = |x: f64| x.is_finite() && x > 0.0;
        let valid = positive(s.observation_sd)
            && positive(s.cutoff)
            && s.discrepancy_sd.is_finite()
            && s.discrepancy_sd >= 0.0;
        if !valid || s.rank == 0 || s.rank > targets.targets.len().max(1) {
            return Err(
                "[implausibility]: observation_sd and cutoff must be above 0, discrepancy_sd at \
                 least 0, and rank between 1 and the number of targets"
                    .to_owned(),
            );
        }
        let n = targets.targets.len();
        let all: Vec<&Target> = targets.targets.iter().chain(&targets.reported).collect();
        for (i, t) in all.iter().enumerate() {
            let at = |field: &str, why: &str| {
                if i < n {
                    format!("target `{}` ({}): `{field}` {why}", t.id, i + 1)
                } else {
                    format!(
                        "reported figure `{}` ({}): `{field}` {why}",
                        t.id,
                        i - n + 1
                    )
                }
            };
            if all[..i].iter().any(|o| o.id == t.id) {
                return Err(at("id", "is used twice"));
            }
            let [lo, hi] = t.range;
            if !(lo.is_finite() && hi.is_finite() && lo < hi) {
                return Err(at("range", "must be two finite numbers, low below high"));
            }
            if !(t.weight.is_finite() && t.weight >= 0.0) {
                return Err(at("weight", "must be a finite number, at least 0"));
            }
            match t.figure {
                Figure::Ratio {
                    months,
                    scale,
                    numerator,
                    denominator,
                } => {
                    if months[0] == 0 || months[0] > months[1] || months[1] > 1200 {
                        return Err(at(
                            "months",
                            "must be [first, last] with 1 ≤ first ≤ last ≤ 1200",
                        ));
                    }
                    if !(scale.is_finite() && scale > 0.0) {
                        return Err(at("scale", "must be a finite number above 0"));
                    }
                    if numerator == denominator {
                        return Err(at("denominator", "must differ from the numerator"));
                    }
                }
                Figure::Survival { month } | Figure::ExitShare { month } => {
                    if month == 0 || month > 1200 {
                        return Err(at("month", "must be between 1 and 1200"));
                    }
                }
                Figure::ConditionalSurvival { months } => {
                    if months[0] == 0 || months[0] >= months[1] || months[1] > 1200 {
                        return Err(at("months", "must be [FROM, TO] with 1 ≤ FROM < TO ≤ 1200"));
                    }
                }
            }
        }
        Ok(())
    }

    /// The targets followed by the reported figures, as one list of targets with nothing
    /// reported: what a check measures (the first `targets.len()` are the targets).
    pub fn with_reported_as_targets(&self) -> Targets {
        Targets {
            implausibility: self.implausibility,
            targets: self.targets.iter().chain(&self.reported).cloned().collect(),
            reported: Vec::new(),
        }
    }

    /// Reads a targets file.
    ///
    /// # Errors
    /// [`TargetsError`] when it cannot be read or is not valid.
    pub fn from_path(path: &std::path::Path) -> Result<Targets, TargetsError> {
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| TargetsError {
            file: origin.clone(),
            message: format!("cannot read it: {e}"),
        })?;
        Targets::from_toml_str(&text, &origin)
    }

    /// The horizon a study of `scenario` against these targets runs: the scenario's, or longer
    /// when a target needs more months (a firm's first months do not depend on how long it
    /// runs, so the other targets are the same).
    pub fn horizon_for(&self, scenario: &crate::scenario::Scenario) -> u32 {
        scenario.horizon_months.max(self.months_needed())
    }

    /// The longest horizon any target or reported figure needs (a reported figure that reads
    /// later months than every target lengthens every study of a history match too).
    pub fn months_needed(&self) -> u32 {
        self.targets
            .iter()
            .chain(&self.reported)
            .map(Target::last_month)
            .max()
            .unwrap_or(0)
    }
}

impl Targets {
    /// MODEL.md's table of targets (§15.1), generated from the targets file: id, definition,
    /// range and source of each.
    pub fn markdown_table(&self) -> String {
        let mut out = markdown_rows("target", &self.targets);
        if !self.reported.is_empty() {
            out.push_str(
                "\nReported beside the targets by `calibrate check`, never matched (no \
                 implausibility reads them):\n\n",
            );
            out.push_str(&markdown_rows("reported figure", &self.reported));
        }
        out
    }
}

/// A markdown table of `targets`, the first column headed `head`.
fn markdown_rows(head: &str, targets: &[Target]) -> String {
    let mut out =
        format!("| {head} | definition | range | unit | source |\n|---|---|---|---|---|\n");
    let cell = |s: &str| s.replace('|', "\\|");
    for t in targets {
        let definition = match t.figure {
            Figure::Ratio {
                numerator,
                denominator,
                months,
                scale,
            } => {
                let scaled = if scale == 1.0 {
                    String::new()
                } else {
                    format!("{scale} · ")
                };
                format!(
                    "{scaled}Σ `{}` / Σ `{}`, months {}–{} of every firm while it runs",
                    quantity_name(numerator),
                    quantity_name(denominator),
                    months[0],
                    months[1]
                )
            }
            Figure::Survival { month } => {
                format!(
                    "share of firms open (neither insolvent nor closed) at the end of month {month}"
                )
            }
            Figure::ExitShare { month } => format!(
                "of the firms ended (insolvent or closed) by month {month}, the share closed for another reason than the firm's pay"
            ),
            Figure::ConditionalSurvival { months } => format!(
                "of the firms open at the end of month {}, the share still open at the end of month {}",
                months[0], months[1]
            ),
        };
        out.push_str(&format!(
            "| `{}` | {} | {}–{} | {} | {} |\n",
            t.id,
            cell(&definition),
            t.range[0],
            t.range[1],
            cell(&t.unit),
            cell(&t.source)
        ));
    }
    out
}

/// The name a quantity has in the targets file.
fn quantity_name(q: Quantity) -> String {
    serde_json::to_value(q)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
