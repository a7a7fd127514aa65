//! Ensembles of plausible parameter sets (what a history match leaves, see
//! [`crate::calibration`]): a study over an ensemble runs replicate `k` with the parameter set
//! [`Ensemble::member_for`]`(seed, k)`, so its odds combine luck (the seeds) and ignorance (the
//! parameter sets), and per-member tallies show how the odds spread across calibrations.

use crate::error::ScenarioError;
use crate::params::set_params;
use crate::scenario::Scenario;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// Plausible parameter sets: each member gives a value to every path.
///
/// Its members' values are checked against the parameters once ([`Ensemble::check`], or the
/// first [`Ensemble::scenarios`]), not once per study: a sensitivity analysis runs hundreds
/// of studies over one ensemble. Change `paths` or `members` only before the first check.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Ensemble {
    /// Parameter paths.
    pub paths: Vec<String>,
    /// One value per path for each member.
    pub members: Vec<Vec<f64>>,
    /// Set once every member's values have passed their parameters' checks: the indices of
    /// `paths` sorted by path, to set a member's values in one walk of the scenario.
    #[serde(skip)]
    checked: OnceLock<Vec<usize>>,
}

impl PartialEq for Ensemble {
    fn eq(&self, other: &Self) -> bool {
        self.paths == other.paths && self.members == other.members
    }
}

/// A member of an ensemble that does not fit a scenario.
#[derive(Debug, thiserror::Error)]
#[error("plausible member {} of {members}: {error}", .member + 1)]
pub struct MemberError {
    /// The member, from 0.
    pub member: usize,
    /// How many members the ensemble has.
    pub members: usize,
    /// What is wrong: an unknown path, a value out of its parameter's range, a rule broken.
    #[source]
    pub error: ScenarioError,
}

/// The stream replicate members are drawn from, far from the process and replicate-seed
/// streams.
const MEMBER_STREAM: u64 = (1 << 62) + 1;

impl Ensemble {
    /// An ensemble of `members` over `paths`.
    ///
    /// # Panics
    /// If a member has not one value per path, or there are no members.
    pub fn new(paths: Vec<String>, members: Vec<Vec<f64>>) -> Self {
        assert!(!members.is_empty(), "an ensemble needs at least one member");
        assert!(
            members.iter().all(|m| m.len() == paths.len()),
            "every member gives one value per path"
        );
        Ensemble {
            paths,
            members,
            checked: OnceLock::new(),
        }
    }

    /// The member replicate `k` of a study with master seed `seed` runs: the `k`-th 64-bit
    /// word of ChaCha8 keyed by `seed` on a stream of its own, scaled to the number of members
    /// (`⌊u · n⌋` with `u` the word over 2^64). It depends on nothing else, so every thread
    /// count, shard and strategy of a comparison uses the same member for replicate `k`.
    pub fn member_for(&self, seed: u64, k: u64) -> usize {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(MEMBER_STREAM);
        rng.set_word_pos(u128::from(k) * 2);
        let word = rng.next_u64();
        ((u128::from(word) * self.members.len() as u128) >> 64) as usize
    }

    /// `base` with each member's values, in member order, each valid. `base` is validated;
    /// the members' values are checked once per ensemble (each path a parameter, each value
    /// of its kind and inside its range: [`Ensemble::check`]); each member's scenario is then
    /// made in one walk and checked only for the rules that tie parameters together.
    ///
    /// # Errors
    /// `base` invalid, or the first member that cannot be applied (an unknown path, a value
    /// out of range, a cross-field rule broken).
    pub fn scenarios(&self, base: &Scenario) -> Result<Vec<Scenario>, ScenarioError> {
        base.validate()?;
        self.build(base).map_err(|e| e.error)
    }

    /// Checks that every member makes a valid scenario of `base` (a valid scenario), naming
    /// the first that does not. The members' own values are checked on the first call only.
    ///
    /// # Examples
    /// ```
    /// use lpo_sim_core::Scenario;
    /// use lpo_sim_core::mc::Ensemble;
    /// let base = Scenario::default();
    /// let fits = Ensemble::new(vec!["founder.savings".into()], vec![vec![1e4], vec![2e4]]);
    /// assert!(fits.check(&base).is_ok());
    /// let negative = Ensemble::new(vec!["founder.savings".into()], vec![vec![1e4], vec![-1.0]]);
    /// assert_eq!(negative.check(&base).unwrap_err().member, 1);
    /// ```
    ///
    /// # Errors
    /// [`MemberError`] naming the member and what is wrong.
    pub fn check(&self, base: &Scenario) -> Result<(), MemberError> {
        self.build(base).map(drop)
    }

    /// Each member's scenario of `base`.
    fn build(&self, base: &Scenario) -> Result<Vec<Scenario>, MemberError> {
        let order = self.checked_order(base)?;
        self.members
            .iter()
            .enumerate()
            .map(|(k, values)| {
                let mut s = base.clone();
                set_params(&mut s, &self.paths, order, values, false)
                    .expect("unchecked setting cannot fail");
                s.check_rules()
                    .map_err(|error| self.member_error(k, error))?;
                Ok(s)
            })
            .collect()
    }

    /// The indices of `paths` sorted by path, once every member's values have passed their
    /// parameters' checks (on a copy of `base`; the checks do not depend on its values).
    fn checked_order(&self, base: &Scenario) -> Result<&[usize], MemberError> {
        if let Some(order) = self.checked.get() {
            return Ok(order);
        }
        let mut order: Vec<usize> = (0..self.paths.len()).collect();
        order.sort_by(|a, b| self.paths[*a].cmp(&self.paths[*b]));
        if let Some(pair) = order
            .windows(2)
            .find(|w| self.paths[w[0]] == self.paths[w[1]])
        {
            let error = ScenarioError::Invalid {
                file: "<ensemble>".to_owned(),
                problems: vec![format!("`{}` is given twice", self.paths[pair[0]])],
            };
            return Err(self.member_error(0, error));
        }
        for (k, values) in self.members.iter().enumerate() {
            let mut s = base.clone();
            set_params(&mut s, &self.paths, &order, values, true)
                .map_err(|e| self.member_error(k, ScenarioError::Set(e)))?;
        }
        Ok(self.checked.get_or_init(|| order))
    }

    fn member_error(&self, member: usize, error: ScenarioError) -> MemberError {
        MemberError {
            member,
            members: self.members.len(),
            error,
        }
    }

    /// The same members without the parameters in `paths` (an analysis that sets a parameter
    /// itself keeps its own value). Values already checked stay checked.
    pub fn without(&self, paths: &[String]) -> Ensemble {
        let keep: Vec<usize> = (0..self.paths.len())
            .filter(|i| !paths.contains(&self.paths[*i]))
            .collect();
        let kept = Ensemble {
            paths: keep.iter().map(|i| self.paths[*i].clone()).collect(),
            members: self
                .members
                .iter()
                .map(|m| keep.iter().map(|i| m[*i]).collect())
                .collect(),
            checked: OnceLock::new(),
        };
        if self.checked.get().is_some() {
            let mut order: Vec<usize> = (0..kept.paths.len()).collect();
            order.sort_by(|a, b| kept.paths[*a].cmp(&kept.paths[*b]));
            let _ = kept.checked.set(order);
        }
        kept
    }

    /// A short, stable identity of the ensemble: FNV-1a (64-bit) of its JSON form.
    pub fn fingerprint(&self) -> String {
        format!("{:016x}", crate::digest::fnv1a64_of_json(self))
    }
}

/// Per-member tallies of a study over an ensemble.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberTally {
    /// Replicates run with the member.
    pub runs: u64,
    /// Of those, insolvent by the horizon.
    pub bankrupt: u64,
    /// Of those, closed by the founder by the horizon.
    pub closed: u64,
}

/// How a proportion spreads across an ensemble's members.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    /// Median over members of the member's own estimate.
    pub median: f64,
    /// 10th percentile over members.
    pub p10: f64,
    /// 90th percentile over members.
    pub p90: f64,
    /// SD across members after removing the binomial noise of each member's own estimate
    /// (`√max(0, var of estimates − mean of p(1−p)/runs)`): the part due to the parameters.
    pub between_sd: f64,
}

impl Spread {
    /// The spread of `count / runs` over members with at least 2 runs.
    pub fn of(tallies: &[MemberTally], count: impl Fn(&MemberTally) -> u64) -> Option<Spread> {
        let mut p: Vec<(f64, f64)> = tallies
            .iter()
            .filter(|t| t.runs >= 2)
            .map(|t| {
                let est = count(t) as f64 / t.runs as f64;
                (est, est * (1.0 - est) / t.runs as f64)
            })
            .collect();
        if p.len() < 2 {
            return None;
        }
        p.sort_by(|a, b| a.0.total_cmp(&b.0));
        let n = p.len() as f64;
        let at = |q: f64| p[((q * (n - 1.0)).round() as usize).min(p.len() - 1)].0;
        let mean = p.iter().map(|x| x.0).sum::<f64>() / n;
        let var = p.iter().map(|x| (x.0 - mean).powi(2)).sum::<f64>() / (n - 1.0);
        let noise = p.iter().map(|x| x.1).sum::<f64>() / n;
        Some(Spread {
            median: at(0.5),
            p10: at(0.1),
            p90: at(0.9),
            between_sd: (var - noise).max(0.0).sqrt(),
        })
    }
}

/// The odds across an ensemble's members.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnsembleSummary {
    /// Members.
    pub members: usize,
    /// Members that ran at least 2 replicates (the spreads are over them).
    pub members_measured: usize,
    /// P(bankruptcy) per member.
    pub bankruptcy: Option<Spread>,
    /// P(closure) per member.
    pub closure: Option<Spread>,
    /// P(still open at the horizon) per member.
    pub open: Option<Spread>,
}

impl EnsembleSummary {
    /// The summary of per-member tallies.
    pub fn of(tallies: &[MemberTally]) -> Self {
        EnsembleSummary {
            members: tallies.len(),
            members_measured: tallies.iter().filter(|t| t.runs >= 2).count(),
            bankruptcy: Spread::of(tallies, |t| t.bankrupt),
            closure: Spread::of(tallies, |t| t.closed),
            open: Spread::of(tallies, |t| t.runs - t.bankrupt - t.closed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scenario of `values` at `paths` made the slow way: one checked setting per
    /// parameter, then the whole validation.
    fn one_by_one(base: &Scenario, paths: &[String], values: &[f64]) -> Scenario {
        let mut s = base.clone();
        for (path, v) in paths.iter().zip(values) {
            s.set(path, *v).unwrap();
        }
        s.validate().unwrap();
        s
    }

    fn ensemble() -> Ensemble {
        Ensemble::new(
            vec![
                "workforce.attrition.base_monthly".to_owned(),
                "founder.savings".to_owned(),
                "horizon_months".to_owned(),
                "lines.transcription.lead_share".to_owned(),
            ],
            vec![
                vec![0.02, 5e4, 48.0, 0.15],
                vec![0.04, 1e3, 72.0, 0.15],
                vec![0.03, 0.0, 60.0, 0.15],
            ],
        )
    }

    #[test]
    fn scenarios_made_in_one_walk_equal_those_set_one_by_one_on_every_base() {
        let e = ensemble();
        let mut other = Scenario::default();
        other.set("clients.base_conversion", 0.5).unwrap();
        for base in [Scenario::default(), other] {
            let fast = e.scenarios(&base).unwrap();
            assert_eq!(fast.len(), 3);
            for (s, values) in fast.iter().zip(&e.members) {
                assert_eq!(*s, one_by_one(&base, &e.paths, values));
            }
        }
        // A subset keeps the check and still sets the right values.
        let kept = e.without(&["founder.savings".to_owned()]);
        assert!(kept.checked.get().is_some());
        for (s, values) in kept
            .scenarios(&Scenario::default())
            .unwrap()
            .iter()
            .zip(&kept.members)
        {
            assert_eq!(*s, one_by_one(&Scenario::default(), &kept.paths, values));
        }
    }

    #[test]
    fn a_member_that_does_not_fit_is_named_with_what_is_wrong() {
        let base = Scenario::default();
        let mut e = ensemble();
        e.members[2][2] = 2.5;
        let error = e.check(&base).unwrap_err();
        assert_eq!((error.member, error.members), (2, 3));
        assert!(
            error
                .to_string()
                .starts_with("plausible member 3 of 3: `horizon_months`")
        );
        let mut e = ensemble();
        e.paths[1] = "founder.saving".to_owned();
        let error = e.check(&base).unwrap_err().to_string();
        assert!(error.contains("no parameter `founder.saving`"), "{error}");
        assert!(error.contains("founder.savings"), "{error}");
        let mut e = ensemble();
        e.paths[1] = "horizon_months".to_owned();
        assert!(
            e.check(&base)
                .unwrap_err()
                .to_string()
                .contains("given twice")
        );
        // A rule that ties parameters together is checked at every call, values being
        // checked once: lead shares that no longer sum to 1.
        let mut e = ensemble();
        e.members[1][3] = 0.2;
        let error = e.check(&base).unwrap_err();
        assert_eq!(error.member, 1);
        assert!(error.to_string().contains("lead_share"));
        assert!(e.scenarios(&base).is_err(), "checked once, refused again");
    }
}
