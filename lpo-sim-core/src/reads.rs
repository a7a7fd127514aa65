//! Which parameters a run reads. A value given to a parameter the run never reads changes
//! nothing, and a study over it prints the same figure at every point; a front end uses
//! [`unread`] to refuse such a value, and [`Scenario::unread_values`] to warn of the values of
//! a scenario file that will go unused.

use crate::params::list_params;
use crate::{BuiltinStrategy, Scenario};
use std::fmt;

/// What a run simulates, which decides the parameters it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Simulated {
    /// Careers alone: `career.*` (and `currency`) are read; no firm is founded.
    Careers,
    /// Firms founded by the scenario's `[founder]`: the career is not simulated, so
    /// `career.*` is not read.
    Firms,
    /// A career, then the firm it founds: the career produces the founder, so `founder.*` is
    /// not read.
    Lifecycles,
}

/// Why a run does not read a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Unread {
    /// A career parameter, and the run simulates no career: each firm starts with
    /// `[founder]`.
    NoCareer,
    /// A founder parameter, and the founder of each firm is the one the simulated career
    /// produced.
    FounderFromCareer,
    /// A firm parameter, and the run simulates careers only.
    NoFirm,
    /// A threshold of the `rule-based` strategy, and every strategy the run uses is a preset
    /// with thresholds of its own (the first of them is named).
    PresetStrategy(BuiltinStrategy),
    /// An automation parameter (`ai.*` but the switch, or the rule-based strategy's adoption
    /// threshold), and automation is off (`ai.enabled = false`).
    AutomationOff,
}

impl fmt::Display for Unread {
    /// Why, as a clause for people (no command-line flags: front ends add their own hint).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unread::NoCareer => f.write_str(
                "the career is not simulated, so each firm starts with the [founder] section",
            ),
            Unread::FounderFromCareer => f.write_str(
                "the founder of each firm is the one the simulated career produced, not the \
                 [founder] section",
            ),
            Unread::NoFirm => f.write_str("only careers are simulated, no firm"),
            Unread::AutomationOff => f.write_str(
                "automation is off (ai.enabled = false), so nothing reads the [ai] section",
            ),
            Unread::PresetStrategy(strategy) => write!(
                f,
                "only the rule-based strategy reads [strategy.rule]; `{strategy}` has thresholds \
                 of its own"
            ),
        }
    }
}

/// Why a run that simulates `simulated` with `strategies` does not read the parameter at
/// dotted `path`, or `None` when it reads it. Whole sections decide: `career.*` is read only
/// when careers are simulated, `founder.*` only when firms start without a simulated career,
/// every other parameter only when firms are simulated (`currency`, a label, always), and
/// `strategy.rule.*` only when one of `strategies` is `rule-based` (the presets carry their
/// own thresholds). An empty `strategies` means a strategy of the embedder's own, assumed to
/// read everything.
///
/// # Examples
/// ```
/// use lpo_sim_core::BuiltinStrategy::{Cautious, RuleBased};
/// use lpo_sim_core::reads::{Simulated, Unread, unread};
///
/// let lpo_months = "career.plan.lpo_months";
/// assert_eq!(unread(lpo_months, Simulated::Firms, &[RuleBased]), Some(Unread::NoCareer));
/// assert_eq!(unread(lpo_months, Simulated::Lifecycles, &[RuleBased]), None);
/// assert_eq!(
///     unread("strategy.rule.qa_share", Simulated::Firms, &[Cautious]),
///     Some(Unread::PresetStrategy(Cautious))
/// );
/// assert_eq!(unread("strategy.rule.qa_share", Simulated::Firms, &[Cautious, RuleBased]), None);
/// ```
pub fn unread(path: &str, simulated: Simulated, strategies: &[BuiltinStrategy]) -> Option<Unread> {
    let within = |section: &str| {
        path.strip_prefix(section)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
    };
    if within("currency") {
        return None;
    }
    match simulated {
        Simulated::Careers if within("career") => None,
        Simulated::Careers => Some(Unread::NoFirm),
        Simulated::Firms if within("career") => Some(Unread::NoCareer),
        Simulated::Lifecycles if within("founder") => Some(Unread::FounderFromCareer),
        Simulated::Firms | Simulated::Lifecycles => {
            let preset = strategies
                .iter()
                .all(|strategy| *strategy != BuiltinStrategy::RuleBased);
            match strategies.first() {
                Some(first) if preset && within("strategy.rule") => {
                    Some(Unread::PresetStrategy(*first))
                }
                _ => None,
            }
        }
    }
}

/// A value of a scenario that differs from its parameter's default and that a run does not
/// read (see [`Scenario::unread_values`]).
#[derive(Debug, Clone, PartialEq)]
pub struct UnreadValue {
    /// Dotted path.
    pub path: String,
    /// The scenario's value (flags as 0 or 1).
    pub value: f64,
    /// The declared default.
    pub default: f64,
    /// Why the run does not read it.
    pub reason: Unread,
}

impl Scenario {
    /// Why a run of this scenario that simulates `simulated` with `strategies` does not read
    /// the parameter at `path`: [`unread`]'s sections, and the automation parameters while
    /// automation is off (they act only with `ai.enabled`).
    ///
    /// # Examples
    /// ```
    /// use lpo_sim_core::{BuiltinStrategy::RuleBased, Scenario};
    /// use lpo_sim_core::reads::{Simulated, Unread};
    ///
    /// let mut scenario = Scenario::default();
    /// let firms = Simulated::Firms;
    /// assert_eq!(scenario.unread_param("ai.speed", firms, &[RuleBased]), Some(Unread::AutomationOff));
    /// assert_eq!(scenario.unread_param("ai.enabled", firms, &[RuleBased]), None);
    /// scenario.set("ai.enabled", 1.0)?;
    /// assert_eq!(scenario.unread_param("ai.speed", firms, &[RuleBased]), None);
    /// # Ok::<(), lpo_sim_core::ScenarioError>(())
    /// ```
    pub fn unread_param(
        &self,
        path: &str,
        simulated: Simulated,
        strategies: &[BuiltinStrategy],
    ) -> Option<Unread> {
        unread(path, simulated, strategies).or_else(|| {
            let automation = (path.starts_with("ai.") && path != "ai.enabled")
                || path == "strategy.rule.ai_adopt_above";
            (automation && !self.ai.enabled).then_some(Unread::AutomationOff)
        })
    }

    /// The numeric values of this scenario that differ from their defaults and that a run
    /// simulating `simulated` with `strategies` does not read (see [`unread`]), in walk order.
    /// A scenario file may hold a complete scenario for several uses, so these are worth a
    /// warning rather than a refusal.
    ///
    /// # Examples
    /// ```
    /// use lpo_sim_core::{BuiltinStrategy, Scenario};
    /// use lpo_sim_core::reads::{Simulated, Unread};
    ///
    /// let mut scenario = Scenario::default();
    /// scenario.set("founder.savings", 50_000.0)?;
    /// let unused = scenario.unread_values(Simulated::Lifecycles, &[BuiltinStrategy::RuleBased]);
    /// assert_eq!(unused.len(), 1);
    /// assert_eq!(unused[0].path, "founder.savings");
    /// assert_eq!(unused[0].reason, Unread::FounderFromCareer);
    /// assert!(scenario.unread_values(Simulated::Firms, &[BuiltinStrategy::RuleBased]).is_empty());
    /// # Ok::<(), lpo_sim_core::ScenarioError>(())
    /// ```
    pub fn unread_values(
        &self,
        simulated: Simulated,
        strategies: &[BuiltinStrategy],
    ) -> Vec<UnreadValue> {
        list_params(&mut self.clone())
            .into_iter()
            .filter(|param| param.value != param.default)
            .filter_map(|param| {
                self.unread_param(&param.path, simulated, strategies)
                    .map(|reason| UnreadValue {
                        path: param.path,
                        value: param.value,
                        default: param.default,
                        reason,
                    })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use BuiltinStrategy::{Aggressive, Cautious, QualityFirst, RuleBased};

    #[test]
    fn every_parameter_is_read_by_some_run() {
        for param in list_params(&mut Scenario::default()) {
            let modes = [Simulated::Careers, Simulated::Firms, Simulated::Lifecycles];
            assert!(
                modes
                    .iter()
                    .any(|mode| unread(&param.path, *mode, &[RuleBased]).is_none()),
                "no run reads {}",
                param.path
            );
        }
    }

    #[test]
    fn sections_decide_by_whole_segments() {
        // `careerist` would not be in `career`; no such parameter exists, but the rule holds.
        assert_eq!(unread("careerist", Simulated::Firms, &[RuleBased]), None);
        assert_eq!(
            unread("career.max_months", Simulated::Firms, &[RuleBased]),
            Some(Unread::NoCareer)
        );
        assert_eq!(
            unread("founder.savings", Simulated::Lifecycles, &[RuleBased]),
            Some(Unread::FounderFromCareer)
        );
        assert_eq!(
            unread("founder.savings", Simulated::Firms, &[RuleBased]),
            None
        );
        assert_eq!(
            unread("horizon_months", Simulated::Careers, &[]),
            Some(Unread::NoFirm)
        );
        assert_eq!(unread("currency", Simulated::Careers, &[]), None);
        assert_eq!(unread("career.saving_rate", Simulated::Careers, &[]), None);
    }

    #[test]
    fn rule_thresholds_are_read_only_with_the_rule_based_strategy() {
        for preset in [Cautious, Aggressive, QualityFirst] {
            for mode in [Simulated::Firms, Simulated::Lifecycles] {
                assert_eq!(
                    unread("strategy.rule.hiring_rigor", mode, &[preset]),
                    Some(Unread::PresetStrategy(preset))
                );
                assert_eq!(
                    unread("strategy.rule.hiring_rigor", mode, &[preset, RuleBased]),
                    None
                );
            }
            // Only the thresholds: the rest of the firm is read whatever the strategy.
            assert_eq!(
                unread("finance.loan_amount", Simulated::Firms, &[preset]),
                None
            );
        }
        // A strategy of the embedder's own is assumed to read everything.
        assert_eq!(
            unread("strategy.rule.qa_share", Simulated::Firms, &[]),
            None
        );
    }

    /// The policy matches the model: a preset runs the same with any `[strategy.rule]`, and a
    /// firm the same with any `[career]`.
    #[test]
    fn unread_values_change_no_result() {
        use crate::Simulation;
        let run = |scenario: &Scenario, strategy: BuiltinStrategy| {
            Simulation::new(scenario, strategy.build(&scenario.strategy.rule), 7)
                .unwrap()
                .run()
                .unwrap()
        };
        let base = Scenario::default();
        let mut changed = base.clone();
        // Marketing is spent every month, so the rule-based firm's cash moves with it.
        changed
            .set("strategy.rule.marketing_floor", 3000.0)
            .unwrap();
        changed.set("strategy.rule.qa_share", 0.5).unwrap();
        changed.set("career.plan.lpo_months", 3.0).unwrap();
        changed.set("career.initial_savings", 1e6).unwrap();
        for preset in [Cautious, Aggressive, QualityFirst] {
            let unused = changed.unread_values(Simulated::Firms, &[preset]);
            assert_eq!(unused.len(), 4, "{unused:?}");
            assert_eq!(run(&base, preset), run(&changed, preset));
        }
        assert_ne!(run(&base, RuleBased), run(&changed, RuleBased));
        assert_eq!(
            changed.unread_values(Simulated::Firms, &[RuleBased]).len(),
            2
        );
    }
}
