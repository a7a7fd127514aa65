//! Ensembles of plausible parameter sets (what a history match leaves, see
//! [`crate::calibration`]): a study over an ensemble runs replicate `k` with the parameter set
//! [`Ensemble::member_for`]`(seed, k)`, so its odds combine luck (the seeds) and ignorance (the
//! parameter sets), and per-member tallies show how the odds spread across calibrations.

use crate::error::ScenarioError;
use crate::scenario::Scenario;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// Plausible parameter sets: each member gives a value to every path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ensemble {
    /// Parameter paths.
    pub paths: Vec<String>,
    /// One value per path for each member.
    pub members: Vec<Vec<f64>>,
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
        Ensemble { paths, members }
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

    /// `base` with each member's values, in member order, each validated.
    ///
    /// # Errors
    /// The first member that cannot be applied (an unknown path, a value out of range, a
    /// cross-field rule broken).
    pub fn scenarios(&self, base: &Scenario) -> Result<Vec<Scenario>, ScenarioError> {
        self.members
            .iter()
            .map(|values| {
                let mut s = base.clone();
                for (path, v) in self.paths.iter().zip(values) {
                    s.set(path, *v)?;
                }
                s.validate()?;
                Ok(s)
            })
            .collect()
    }

    /// The same members without the parameters in `paths` (an analysis that sets a parameter
    /// itself keeps its own value).
    pub fn without(&self, paths: &[String]) -> Ensemble {
        let keep: Vec<usize> = (0..self.paths.len())
            .filter(|i| !paths.contains(&self.paths[*i]))
            .collect();
        Ensemble {
            paths: keep.iter().map(|i| self.paths[*i].clone()).collect(),
            members: self
                .members
                .iter()
                .map(|m| keep.iter().map(|i| m[*i]).collect())
                .collect(),
        }
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
