//! Runnable examples of lpo-sim: see the `[[example]]` entries of Cargo.toml. This library holds
//! what several examples share: keeping every replicate's outcome, and paired differences.

use lpo_sim_core::RunOutcome;
use lpo_sim_core::mc::{McObserver, Z95};

/// Keeps every replicate's outcome, in replicate order (`Study::observer`).
#[derive(Debug, Default)]
pub struct Keep(pub Vec<RunOutcome>);

impl McObserver for Keep {
    fn wants_replicates(&self) -> bool {
        true
    }
    fn on_replicate(&mut self, _index: u64, outcome: &RunOutcome) {
        self.0.push(*outcome);
    }
}

/// Mean of the paired differences `f(b) − f(a)`, seed by seed, with its normal 95 % interval:
/// `[mean, lo, hi]`.
///
/// # Panics
/// If the arms ran different numbers of seeds.
pub fn paired(a: &[RunOutcome], b: &[RunOutcome], f: impl Fn(&RunOutcome) -> f64) -> [f64; 3] {
    assert_eq!(a.len(), b.len(), "both arms run the same seeds");
    let d: Vec<f64> = a.iter().zip(b).map(|(x, y)| f(y) - f(x)).collect();
    let n = d.len() as f64;
    let mean = d.iter().sum::<f64>() / n;
    let var = d.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1.0);
    let half = Z95 * (var / n).sqrt();
    [mean, mean - half, mean + half]
}

/// Insolvent (ran out of cash) by the horizon: 1, else 0. A firm its founder closed is not
/// bankrupt.
pub fn bankrupt(o: &RunOutcome) -> f64 {
    f64::from(u8::from(o.bankrupt_month.is_some()))
}

/// Open at the horizon (neither insolvent nor closed): 1, else 0.
pub fn open(o: &RunOutcome) -> f64 {
    f64::from(u8::from(o.survived()))
}
