//! The scenario: every parameter of the model, each declared once with its default, range,
//! unit, doc line and source (see [`crate::params`]); read from TOML or JSON and validated.
//!
//! One file per section of MODEL.md's parameter tables; [`load`](self) reads files.

mod ai;
mod career;
mod clients;
mod closure;
mod consultant;
mod finance;
mod founder;
mod lines;
mod load;
mod model_tables;
mod overlay;
mod parse_error;
mod quality;
mod strategy;
mod toml_file;
mod workforce;

pub use ai::*;
pub use career::*;
pub use clients::*;
pub use closure::*;
pub use consultant::*;
pub use finance::*;
pub use founder::*;
pub use lines::*;
pub use load::MAX_SCENARIO_BYTES;
pub use model_tables::parameter_tables_markdown;
pub use quality::*;
pub use strategy::*;
pub use toml_file::default_scenario_toml;
pub use workforce::*;

use crate::error::ScenarioError;
use crate::line::PerLine;
use crate::params::{Declared, declare_params, range_violations};

/// The embedded default scenario as a commented TOML file: every parameter with its unit, doc
/// line and source. Generated from the declarations ([`default_scenario_toml`]); a test keeps
/// the two equal.
pub const DEFAULT_SCENARIO_TOML: &str = include_str!("../default_scenario.toml");

/// A short commented scenario holding only what a founder would change (savings, knowledge,
/// law degree, experience, strategy...), each at its default: what `lpo-sim init --minimal`
/// writes. Like every scenario file it is an overlay on the default scenario, so it reads as
/// [`Scenario::default`] until edited.
///
/// # Examples
/// ```
/// use lpo_sim_core::{MINIMAL_SCENARIO_TOML, Scenario};
/// let scenario = Scenario::from_toml_str(MINIMAL_SCENARIO_TOML, "minimal.toml")?;
/// assert_eq!(scenario, Scenario::default());
/// # Ok::<(), lpo_sim_core::ScenarioError>(())
/// ```
pub const MINIMAL_SCENARIO_TOML: &str = include_str!("../minimal_scenario.toml");

declare_params! {
    /// Every parameter of one simulated world.
    ///
    /// # Examples
    /// ```
    /// use lpo_sim_core::Scenario;
    /// let scenario = Scenario::default();
    /// assert_eq!(scenario.horizon_months, 60);
    /// assert!(scenario.validate().is_ok());
    /// ```
    pub struct Scenario {
        /// Currency of every amount (a label; no conversion is done).
        currency: String = text(
            || "USD".to_owned(),
            "any label; amounts are never converted",
            "assumption: most billing and pay rows are quoted in US dollars; rupee and pound rows are converted as above",
        ),
        /// Months the firm is simulated after founding.
        horizon_months: u32 = count(60, 1, 1200, "months", "assumption: five years, long enough to see break-even or failure"),
        /// The founder, when the career is not simulated.
        founder: FounderProfile = section(),
        /// Parameters of each service line.
        lines: PerLine<LineParams> = line_sections(),
        /// Hiring, training and attrition.
        workforce: WorkforceParams = section(),
        /// Leads, conversion, trust and churn.
        clients: ClientParams = section(),
        /// Delivery and quality assurance.
        quality: QualityParams = section(),
        /// Costs, loan and credit.
        finance: FinanceParams = section(),
        /// The LPO consultant.
        consultant: ConsultantParams = section(),
        /// When a founder closes a solvent firm.
        closure: ClosureParams = section(),
        /// The career before founding.
        career: CareerParams = section(),
        /// Which strategy runs the firm, and the rule-based strategy's thresholds.
        strategy: StrategyConfig = section(),
        /// Automation by generative AI (off: the historical world). Left out of a serialised
        /// scenario at its default, so scenarios, fingerprints and calibration files written
        /// before it existed are unchanged.
        #[serde(default, skip_serializing_if = "AiParams::is_default")]
        ai: AiParams = section(),
    }
}

impl Default for Scenario {
    /// Every parameter at its declared default (what `lpo-sim init` writes).
    fn default() -> Self {
        Scenario::declared_default(None)
    }
}

/// Longest currency label.
pub const MAX_CURRENCY_LEN: usize = 16;

/// What is wrong with a currency label, if anything (for scenarios and study files alike).
pub(crate) fn currency_problem(currency: &str) -> Option<String> {
    let valid = !currency.is_empty()
        && currency.chars().count() <= MAX_CURRENCY_LEN
        && currency
            .chars()
            .all(|c| c.is_alphanumeric() || " $€£¥₹.-_".contains(c))
        && !currency.starts_with(' ')
        && !currency.ends_with(' ');
    (!valid).then(|| {
        format!(
            "= {currency:?}: give a label of 1 to {MAX_CURRENCY_LEN} letters, digits, spaces or \
             $€£¥₹.-_ (e.g. \"USD\"), without leading or trailing spaces"
        )
    })
}

impl Scenario {
    /// Checks every parameter's range and the cross-field rules.
    ///
    /// # Errors
    /// [`ScenarioError::Invalid`] listing every problem found.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        self.validate_as("<scenario>")
    }

    pub(crate) fn validate_as(&self, origin: &str) -> Result<(), ScenarioError> {
        let mut copy = self.clone();
        let mut problems: Vec<String> = range_violations(&mut copy)
            .into_iter()
            .map(|v| v.to_string())
            .collect();
        problems.extend(self.rule_problems());
        if problems.is_empty() {
            Ok(())
        } else {
            Err(ScenarioError::Invalid {
                file: origin.to_owned(),
                problems,
            })
        }
    }

    /// Checks the rules that tie parameters together (every parameter inside its own range
    /// is [`Scenario::validate`]'s other half): for a scenario made of a valid one by giving
    /// parameters values that passed their own checks.
    pub(crate) fn check_rules(&self) -> Result<(), ScenarioError> {
        let problems = self.rule_problems();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(ScenarioError::Invalid {
                file: "<scenario>".to_owned(),
                problems,
            })
        }
    }

    /// What breaks the rules that tie parameters together.
    fn rule_problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let lead_total = self.lines.map(|_, l| l.lead_share).sum();
        if (lead_total - 1.0).abs() > 1e-6 {
            problems.push(format!(
                "`lines.*.lead_share` sum to {lead_total}: they must sum to 1"
            ));
        }
        if self.clients.happy_trust <= 0.0 {
            problems.push("`clients.happy_trust` must be above 0".to_owned());
        }
        problems.extend(self.career.start_problems());
        if let Some(problem) = currency_problem(&self.currency) {
            problems.push(format!("`currency` {problem}"));
        }
        problems
    }

    /// A short, stable identity of every value in the scenario: FNV-1a (64-bit) of its JSON
    /// form, as 16 hex digits. Equal scenarios have equal fingerprints on every machine.
    pub fn fingerprint(&self) -> String {
        format!("{:016x}", crate::digest::fnv1a64_of_json(self))
    }

    /// The scenario as TOML (without comments; [`DEFAULT_SCENARIO_TOML`] has them), which
    /// [`Scenario::from_toml_str`] reads back as this scenario. (Its serde JSON leaves out the
    /// four fields below at the values older files meant, so [`Scenario::from_json_str`],
    /// an overlay on the default, reads such a scenario back with the default's values for
    /// them; write TOML to round-trip.)
    pub fn to_toml_string(&self) -> String {
        let text = toml::to_string_pretty(self).expect("a scenario always serialises");
        // Four fields are left out of the serialised scenario at the value a file written
        // before they existed meant (so that calibration files keep their fingerprints), but a
        // scenario file read as an overlay takes the default's value for a field it lacks:
        // such a field is written back in, the sections then in alphabetical order.
        let w = &self.workforce;
        let c = &self.closure;
        let left_out = [
            (
                "workforce",
                "efficiency_volatility",
                w.efficiency_volatility,
            ),
            ("workforce", "desired_staff_median", w.desired_staff_median),
            (
                "workforce",
                "desired_staff_dispersion",
                w.desired_staff_dispersion,
            ),
            (
                "closure",
                "exit_hazard_dispersion",
                c.exit_hazard_dispersion,
            ),
        ];
        let mut table: toml::Table = toml::from_str(&text).expect("its own TOML reads");
        let mut added = false;
        for (section, field, value) in left_out {
            if let Some(toml::Value::Table(t)) = table.get_mut(section)
                && !t.contains_key(field)
            {
                t.insert(field.to_owned(), toml::Value::Float(value));
                added = true;
            }
        }
        if added {
            toml::to_string_pretty(&table).expect("a table always serialises")
        } else {
            text
        }
    }

    /// Sets the parameter at dotted `path` (as `lpo-sim params` lists it) after checking its
    /// kind and range; returns the previous value. See [`crate::params::set_param`].
    ///
    /// # Errors
    /// [`ScenarioError::Set`] naming the path: unknown (with the closest paths), wrong kind
    /// (a fraction for a whole number, not 0 or 1 for a switch), or out of range.
    ///
    /// # Examples
    /// ```
    /// use lpo_sim_core::Scenario;
    /// let mut s = Scenario::default();
    /// s.set("strategy.rule.hiring_rigor", 4.0)?;
    /// assert_eq!(s.strategy.rule.hiring_rigor, 4);
    /// let error = s.set("strategy.rule.hiring_rigour", 4.0).unwrap_err();
    /// assert!(error.to_string().contains("did you mean `strategy.rule.hiring_rigor`"));
    /// # Ok::<(), lpo_sim_core::ScenarioError>(())
    /// ```
    pub fn set(&mut self, path: &str, value: f64) -> Result<f64, ScenarioError> {
        crate::params::set_param(self, path, value).map_err(ScenarioError::Set)
    }
}
