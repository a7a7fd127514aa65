//! What an analysis will run, decided and checked before anything runs: the points of a sweep
//! (a grid or a Latin hypercube, at most [`MAX_POINTS`]), whether each point is a valid
//! scenario, and the factors of a sensitivity analysis when none are chosen.

use super::explore::{AnalysisError, ParamRange, factors, grid, latin_hypercube, with_values};
use crate::reads::{Simulated, Unread};
use crate::{BuiltinStrategy, Scenario, ScenarioError};

/// Most points a sweep may have: beyond this a grid is a typo (a tiny step), not a plan.
pub const MAX_POINTS: u64 = 100_000;

/// How a sweep's points are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SweepDesign {
    /// Every combination of every range's values ([`grid`]).
    Grid,
    /// A Latin hypercube of `points` points drawn with `seed` ([`latin_hypercube`]).
    LatinHypercube {
        /// Points.
        points: u64,
        /// Seed of the draws.
        seed: u64,
    },
}

/// A sweep of more than [`MAX_POINTS`] points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{points} points; a sweep runs at most {MAX_POINTS}")]
pub struct TooManyPoints {
    /// The points the design would have.
    pub points: u64,
}

impl SweepDesign {
    /// The points of `ranges` under this design, each with one value per range.
    ///
    /// # Errors
    /// [`TooManyPoints`] beyond [`MAX_POINTS`], counted before any point is built.
    ///
    /// # Examples
    /// ```
    /// use lpo_sim_core::analysis::{ParamRange, SweepDesign};
    ///
    /// let rigor = ParamRange::parse("strategy.rule.hiring_rigor=1:7:2", &Default::default())?;
    /// let points = SweepDesign::Grid.points(&[rigor])?;
    /// assert_eq!(points, [[1.0], [3.0], [5.0], [7.0]]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn points(self, ranges: &[ParamRange]) -> Result<Vec<Vec<f64>>, TooManyPoints> {
        match self {
            SweepDesign::Grid => {
                let points = grid_size(ranges);
                if points > MAX_POINTS {
                    return Err(TooManyPoints { points });
                }
                Ok(grid(ranges))
            }
            SweepDesign::LatinHypercube { points, seed } => {
                if points > MAX_POINTS {
                    return Err(TooManyPoints { points });
                }
                let n = usize::try_from(points).unwrap_or(usize::MAX);
                Ok(latin_hypercube(ranges, n, seed))
            }
        }
    }
}

/// Points of the full grid of `ranges`, counted without building it (a tiny step would not
/// fit in memory). Saturates at `u64::MAX`.
pub fn grid_size(ranges: &[ParamRange]) -> u64 {
    ranges.iter().fold(1u64, |size, r| {
        let values = match r.step {
            None => 2.0,
            Some(step) => ((r.high - r.low) / step + 1e-9).floor() + 1.0,
        };
        // Saturates: an absurd count is refused anyway.
        size.saturating_mul(values.min(u64::MAX as f64) as u64)
    })
}

/// What is wrong with `scenario` once `paths[i]` is set to `values[i]`, one line per problem;
/// empty when it is a valid scenario. The problems of [`with_values`], as a list.
pub fn point_problems(scenario: &Scenario, paths: &[String], values: &[f64]) -> Vec<String> {
    match with_values(scenario, paths, values) {
        Ok(_) => Vec::new(),
        Err(AnalysisError::Scenario(ScenarioError::Invalid { problems, .. })) => problems,
        Err(other) => vec![other.to_string()],
    }
}

/// The first end of `range` that, with every other parameter unchanged, is not a valid
/// scenario, with its problems (see [`point_problems`]).
pub fn invalid_end(scenario: &Scenario, range: &ParamRange) -> Option<(f64, Vec<String>)> {
    [range.low, range.high].into_iter().find_map(|value| {
        let problems = point_problems(scenario, std::slice::from_ref(&range.path), &[value]);
        (!problems.is_empty()).then_some((value, problems))
    })
}

/// Why a parameter is not among the [`default_factors`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeftOut {
    /// The studies do not read it.
    Unread(Unread),
    /// Its allowed range leaves no room to move it.
    NoRoom,
    /// Moved alone, it breaks a rule between parameters.
    BreaksRule,
}

impl LeftOut {
    /// The reason in a few words.
    pub fn note(self) -> &'static str {
        match self {
            LeftOut::Unread(Unread::NoCareer) => {
                "the career is not simulated in these studies (the firm starts with [founder])"
            }
            LeftOut::Unread(Unread::PresetStrategy(_)) => {
                "only the rule-based strategy reads [strategy.rule]; the strategy studied has \
                 thresholds of its own"
            }
            LeftOut::Unread(_) => "these studies do not read it",
            LeftOut::NoRoom => "its allowed range leaves no room to move it",
            LeftOut::BreaksRule => {
                "moved alone it breaks a rule of the scenario (e.g. the lines' lead shares \
                 must sum to 1)"
            }
        }
    }
}

/// The factors [`default_factors`] chose, and the parameters it left out.
#[derive(Debug, Clone)]
pub struct DefaultFactors {
    /// The factors, in the order of the scenario's parameters.
    pub factors: Vec<ParamRange>,
    /// Each parameter left out, and why.
    pub left_out: Vec<(String, LeftOut)>,
}

/// The factors of a sensitivity analysis of firms run by `strategy` when none are chosen:
/// every numeric parameter whose value is not 0 ([`factors`], each `spread` either side of
/// its value), less those the studies do not read, cannot move, or cannot move alone.
///
/// # Errors
/// As [`factors`].
pub fn default_factors(
    scenario: &Scenario,
    strategy: BuiltinStrategy,
    spread: f64,
) -> Result<DefaultFactors, AnalysisError> {
    let all = factors(scenario, None, spread)?;
    let mut kept = Vec::with_capacity(all.len());
    let mut left_out = Vec::new();
    for factor in all {
        let why = if let Some(reason) =
            scenario.unread_param(&factor.path, Simulated::Firms, &[strategy])
        {
            Some(LeftOut::Unread(reason))
        } else if factor.low == factor.high {
            Some(LeftOut::NoRoom)
        } else if invalid_end(scenario, &factor).is_some() {
            Some(LeftOut::BreaksRule)
        } else {
            None
        };
        match why {
            Some(why) => left_out.push((factor.path, why)),
            None => kept.push(factor),
        }
    }
    Ok(DefaultFactors {
        factors: kept,
        left_out,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(step: Option<f64>) -> ParamRange {
        ParamRange {
            path: "a.b".to_owned(),
            low: 0.0,
            high: 1.0,
            step,
            integer: false,
        }
    }

    #[test]
    fn grid_size_is_counted_without_building_the_grid() {
        assert_eq!(grid_size(&[range(None)]), 2);
        assert_eq!(grid_size(&[range(Some(0.5)), range(Some(0.25))]), 15);
        assert_eq!(
            grid_size(&[range(Some(0.1))]),
            11,
            "rounding does not lose the end"
        );
        assert!(grid_size(&[range(Some(1e-12)), range(Some(1e-12))]) > MAX_POINTS);
        assert_eq!(
            SweepDesign::Grid.points(&[range(Some(1e-12)), range(Some(1e-12))]),
            Err(TooManyPoints { points: u64::MAX })
        );
    }

    #[test]
    fn default_factors_leave_out_what_cannot_move_or_does_not_run() {
        let scenario = Scenario::default();
        let DefaultFactors {
            factors: kept,
            left_out,
        } = default_factors(&scenario, BuiltinStrategy::RuleBased, 0.2).unwrap();
        let kept_paths: Vec<&str> = kept.iter().map(|f| f.path.as_str()).collect();
        assert!(kept_paths.contains(&"founder.savings"));
        assert!(kept_paths.contains(&"strategy.rule.hiring_rigor"));
        assert!(kept_paths.iter().all(|p| !p.starts_with("career.")));
        assert!(kept_paths.iter().all(|p| !p.ends_with("lead_share")));
        assert!(left_out.iter().any(|(p, _)| p.starts_with("career.")));
        // Automation is off by default: its parameters move nothing.
        assert!(kept_paths.iter().all(|p| !p.starts_with("ai.")));
        assert!(!kept_paths.contains(&"strategy.rule.ai_adopt_above"));
        assert!(
            left_out
                .iter()
                .any(|(p, why)| p == "ai.speed" && *why == LeftOut::Unread(Unread::AutomationOff))
        );
        let mut automated = scenario.clone();
        automated.ai.enabled = true;
        let on = default_factors(&automated, BuiltinStrategy::RuleBased, 0.2).unwrap();
        assert!(on.factors.iter().any(|f| f.path == "ai.speed"));
        // Tied parameters (the lead shares) never reach this list: `factors` leaves them out
        // itself.
        assert!(kept.iter().all(|f| f.low < f.high));
    }

    #[test]
    fn default_factors_of_a_preset_strategy_leave_out_the_rule_thresholds() {
        let scenario = Scenario::default();
        let DefaultFactors {
            factors: kept,
            left_out,
        } = default_factors(&scenario, BuiltinStrategy::Cautious, 0.2).unwrap();
        assert!(kept.iter().all(|f| !f.path.starts_with("strategy.rule.")));
        assert!(kept.iter().any(|f| f.path == "founder.savings"));
        let rule: Vec<&(String, LeftOut)> = left_out
            .iter()
            .filter(|(p, _)| p.starts_with("strategy.rule."))
            .collect();
        assert!(!rule.is_empty());
        assert!(
            rule.iter()
                .all(|(_, why)| why.note().contains("rule-based"))
        );
    }

    #[test]
    fn ends_that_break_a_rule_between_parameters_are_caught() {
        let scenario = Scenario::default();
        let mut share = range(None);
        share.path = "lines.transcription.lead_share".to_owned();
        let (_, problems) = invalid_end(&scenario, &share).unwrap();
        assert!(problems[0].contains("must sum to 1"), "{problems:?}");
        let mut rigor = range(None);
        rigor.path = "strategy.rule.trainer_quality".to_owned();
        assert!(invalid_end(&scenario, &rigor).is_none());
    }
}
