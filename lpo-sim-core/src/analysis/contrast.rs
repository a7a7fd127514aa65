//! Paired contrasts between the points of an analysis, and exact quantiles of a point.
//!
//! Every point of a sweep or a sensitivity study runs the same replicate seeds (common random
//! numbers), so replicate `k` at one point and replicate `k` at another share their luck. For a
//! metric that is a mean over replicates (a probability is the mean of a 0/1 indicator), the
//! difference between two points is the mean of the per-replicate differences, and its
//! interval comes from their spread: the shared luck cancels, so the interval is much narrower
//! than the two points' own intervals suggest, and a difference can be told from noise. A
//! quantile is not a mean of per-replicate values: its contrast resamples whole replicates
//! (a paired bootstrap). Where neither is possible (a measure without per-replicate values,
//! or a very large study) the contrast combines the two intervals as if the points were
//! independent, which overstates the noise when they share seeds ([`Contrast::paired`] says
//! which).

use super::metric::{Direction, Estimate};
use crate::mc::{ExactMoments, Z95};
use serde::{Deserialize, Serialize};

/// How a measure summarises one value per replicate, when it does.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplicateStatistic {
    /// The mean of the replicates' values (a probability: of a 0/1 indicator), summed exactly
    /// in steps of `quantum`.
    Mean {
        /// Rounding step of the exact sums (as [`crate::mc::Outcome::quantum`]).
        quantum: f64,
    },
    /// The `q`-quantile of the replicates' values (0..=1).
    Quantile(f64),
}

/// One point's value minus a reference point's, with a 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Contrast {
    /// Point − reference.
    pub difference: f64,
    /// 95 % interval of the difference.
    pub ci95: [f64; 2],
    /// `true`: the mean of per-replicate differences over the replicates both points have a
    /// value for (the shared luck cancels); `false`: the two points' intervals combined as if
    /// they were independent (conservative when they share seeds).
    pub paired: bool,
    /// Replicates in the pairs (0 when not paired).
    pub pairs: u64,
}

impl Contrast {
    /// A point against itself: exactly 0.
    pub const ZERO: Contrast = Contrast {
        difference: 0.0,
        ci95: [0.0, 0.0],
        paired: true,
        pairs: 0,
    };

    /// Whether the interval contains 0: the difference cannot be told from noise.
    pub fn is_noise(&self) -> bool {
        self.ci95[0] <= 0.0 && 0.0 <= self.ci95[1]
    }

    /// Half the interval's width: the size of the noise around the difference.
    pub fn half_width(&self) -> f64 {
        (self.ci95[1] - self.ci95[0]) / 2.0
    }

    /// The paired contrast of `point` against `reference`: per-replicate values in replicate
    /// order (NaN: no value in that replicate), summed exactly in steps of `quantum`. Pairs only
    /// the replicates both have a value for (and both ran: the shorter slice's length).
    ///
    /// # Examples
    /// ```
    /// use lpo_sim_core::analysis::Contrast;
    /// // Two points that share their luck: B is A plus 1 in every replicate.
    /// let a = [3.0, 7.0, 1.0, 9.0];
    /// let b = [4.0, 8.0, 2.0, 10.0];
    /// let c = Contrast::paired(&b, &a, 1.0);
    /// assert_eq!(c.difference, 1.0);
    /// assert_eq!(c.ci95, [1.0, 1.0]); // no spread in the differences: no noise
    /// assert!(!c.is_noise());
    /// ```
    pub fn paired(point: &[f64], reference: &[f64], quantum: f64) -> Contrast {
        let mut difference = ExactMoments::new(quantum);
        for (p, r) in point.iter().zip(reference) {
            if !p.is_nan() && !r.is_nan() {
                difference.add(p - r);
            }
        }
        let n = difference.n;
        if n == 0 {
            return Contrast {
                difference: f64::NAN,
                ci95: [f64::NAN, f64::NAN],
                paired: true,
                pairs: 0,
            };
        }
        let mean = difference.mean();
        let se = (difference.sample_variance() / n as f64).sqrt();
        Contrast {
            difference: mean,
            ci95: [mean - Z95 * se, mean + Z95 * se],
            paired: true,
            pairs: n,
        }
    }

    /// The contrast of two estimates with no per-replicate pairing: the difference of the
    /// values, with each side of the interval the root sum of squares of the two intervals'
    /// matching sides (exact for independent normal estimates; wider than the truth when the
    /// points share seeds, since their luck is then positively correlated).
    pub fn unpaired(point: &Estimate, reference: &Estimate) -> Contrast {
        let d = point.value - reference.value;
        let below = (point.value - point.ci95[0]).hypot(reference.ci95[1] - reference.value);
        let above = (point.ci95[1] - point.value).hypot(reference.value - reference.ci95[0]);
        Contrast {
            difference: d,
            ci95: [d - below, d + above],
            paired: false,
            pairs: 0,
        }
    }
}

/// Bootstrap resamples of a paired quantile contrast.
pub const BOOTSTRAP_RESAMPLES: usize = 400;
/// Above this many pairs a quantile contrast is unpaired (the bootstrap's cost grows with
/// `resamples × pairs`).
pub const BOOTSTRAP_MAX_PAIRS: usize = 200_000;

impl Contrast {
    /// The paired contrast of the `q`-quantiles of `point` and `reference` (per-replicate
    /// values in replicate order, NaN: none): the difference of the exact quantiles over the
    /// replicates both have a value for, with a percentile interval from a paired bootstrap
    /// ([`BOOTSTRAP_RESAMPLES`] resamples of whole replicates, so the shared luck stays
    /// paired; ChaCha8 from a fixed seed, so the interval is reproducible). `None` above
    /// [`BOOTSTRAP_MAX_PAIRS`] pairs or with fewer than 2.
    pub fn paired_quantile(point: &[f64], reference: &[f64], q: f64) -> Option<Contrast> {
        use rand::{RngExt, SeedableRng};
        let pairs: Vec<(f64, f64)> = point
            .iter()
            .zip(reference)
            .filter(|(p, r)| !p.is_nan() && !r.is_nan())
            .map(|(p, r)| (*p, *r))
            .collect();
        let n = pairs.len();
        if !(2..=BOOTSTRAP_MAX_PAIRS).contains(&n) {
            return None;
        }
        let rank = (libm::floor(q.clamp(0.0, 1.0) * (n - 1) as f64 + 1e-9) as usize).min(n - 1);
        let quantile = |values: &mut [f64]| *values.select_nth_unstable_by(rank, f64::total_cmp).1;
        let (mut a, mut b): (Vec<f64>, Vec<f64>) = pairs.iter().copied().unzip();
        let difference = quantile(&mut a) - quantile(&mut b);
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(0x0C0F_FEE5);
        let mut resampled: Vec<f64> = Vec::with_capacity(BOOTSTRAP_RESAMPLES);
        for _ in 0..BOOTSTRAP_RESAMPLES {
            for k in 0..n {
                let (p, r) = pairs[rng.random_range(0..n)];
                a[k] = p;
                b[k] = r;
            }
            resampled.push(quantile(&mut a) - quantile(&mut b));
        }
        resampled.sort_by(f64::total_cmp);
        let at =
            |level: f64| resampled[((level * (BOOTSTRAP_RESAMPLES - 1) as f64).round()) as usize];
        Some(Contrast {
            difference,
            ci95: [at(0.025).min(difference), at(0.975).max(difference)],
            paired: true,
            pairs: n as u64,
        })
    }
}

/// The index of the best of `estimates` in `direction` (the first of equals; NaN values are
/// never best). `None` when every value is NaN or the slice is empty.
pub fn best_index(estimates: &[Estimate], direction: Direction) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (i, e) in estimates.iter().enumerate() {
        if e.value.is_nan() {
            continue;
        }
        let better = match best {
            None => true,
            Some(b) => match direction {
                Direction::Maximise => e.value > estimates[b].value,
                Direction::Minimise => e.value < estimates[b].value,
            },
        };
        if better {
            best = Some(i);
        }
    }
    best
}

/// The exact `q`-quantile of the values (NaN ignored), with the study's rank rule (the value
/// of rank `floor(q · (n − 1))` in sorted order, as [`crate::mc::LogSketch::quantile`] without
/// its bucket rounding) and the same distribution-free 95 % interval as
/// [`super::Metric::evaluate`] (the order statistics at levels `q ± 1.96 · √(q(1−q)/n)`).
/// NaN when no value is present.
///
/// # Examples
/// ```
/// use lpo_sim_core::analysis::exact_quantile;
/// let e = exact_quantile(&[5.0, 1.0, f64::NAN, 3.0], 0.5);
/// assert_eq!(e.value, 3.0);
/// ```
pub fn exact_quantile(values: &[f64], q: f64) -> Estimate {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
    if sorted.is_empty() {
        return Estimate {
            value: f64::NAN,
            ci95: [f64::NAN, f64::NAN],
        };
    }
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let at = |level: f64| {
        let rank = (libm::floor(level.clamp(0.0, 1.0) * (n - 1) as f64 + 1e-9) as usize).min(n - 1);
        sorted[rank]
    };
    let spread = Z95 * (q * (1.0 - q) / n as f64).sqrt();
    Estimate {
        value: at(q),
        ci95: [at(q - spread), at(q + spread)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paired_noise_is_the_spread_of_the_differences_not_of_the_values() {
        // Values spread widely (shared luck), differences vary a little around +0.5.
        let reference: Vec<f64> = (0..1000).map(|k| f64::from(k % 97) * 10.0).collect();
        let point: Vec<f64> = reference
            .iter()
            .enumerate()
            .map(|(k, r)| r + if k % 2 == 0 { 0.0 } else { 1.0 })
            .collect();
        let c = Contrast::paired(&point, &reference, 0.01);
        assert!((c.difference - 0.5).abs() < 1e-12);
        // SD of a 0/1 pattern with p = 0.5 is about 0.5: half-width 1.96 · 0.5 / √1000.
        assert!((c.half_width() - Z95 * 0.50025 / 1000f64.sqrt()).abs() < 1e-3);
        assert!(!c.is_noise());
        assert_eq!(c.pairs, 1000);
    }

    #[test]
    fn a_point_equal_to_its_reference_is_noise_with_a_zero_interval() {
        let v = [1.0, 0.0, 1.0, 1.0];
        let c = Contrast::paired(&v, &v, 1.0);
        assert_eq!((c.difference, c.ci95), (0.0, [0.0, 0.0]));
        assert!(c.is_noise());
    }

    #[test]
    fn pairs_skip_replicates_missing_on_either_side() {
        let a = [1.0, f64::NAN, 3.0, 4.0];
        let b = [0.0, 2.0, f64::NAN, 2.0, 9.0];
        let c = Contrast::paired(&a, &b, 1.0);
        assert_eq!(c.pairs, 2);
        assert_eq!(c.difference, 1.5);
    }

    #[test]
    fn unpaired_contrast_combines_both_intervals() {
        let p = Estimate {
            value: 10.0,
            ci95: [7.0, 14.0],
        };
        let r = Estimate {
            value: 4.0,
            ci95: [0.0, 8.0],
        };
        let c = Contrast::unpaired(&p, &r);
        assert_eq!(c.difference, 6.0);
        assert_eq!(c.ci95, [6.0 - 5.0, 6.0 + 4.0f64.hypot(4.0)]);
        assert!(!c.paired);
    }

    #[test]
    fn best_index_follows_the_direction_and_skips_nan() {
        let e = |v: f64| Estimate {
            value: v,
            ci95: [v, v],
        };
        let es = [e(f64::NAN), e(0.3), e(0.1), e(0.3)];
        assert_eq!(best_index(&es, Direction::Maximise), Some(1));
        assert_eq!(best_index(&es, Direction::Minimise), Some(2));
        assert_eq!(best_index(&[e(f64::NAN)], Direction::Maximise), None);
    }

    #[test]
    fn paired_quantile_contrasts_cancel_shared_luck() {
        // The point is the reference shifted by 5 in every replicate: the median differs by
        // exactly 5 in every resample.
        let reference: Vec<f64> = (0..501).map(|k| f64::from((k * 37) % 501)).collect();
        let point: Vec<f64> = reference.iter().map(|r| r + 5.0).collect();
        let c = Contrast::paired_quantile(&point, &reference, 0.5).unwrap();
        assert_eq!((c.difference, c.ci95), (5.0, [5.0, 5.0]));
        assert_eq!(
            c,
            Contrast::paired_quantile(&point, &reference, 0.5).unwrap()
        );
        // Independent noise: a real interval around 0.
        let noisy: Vec<f64> = reference.iter().map(|r| (r * 7.0) % 501.0).collect();
        let c = Contrast::paired_quantile(&noisy, &reference, 0.5).unwrap();
        assert!(c.is_noise() && c.half_width() > 1.0, "{c:?}");
        assert!(Contrast::paired_quantile(&[1.0], &[2.0], 0.5).is_none());
    }

    #[test]
    fn exact_quantile_uses_the_sketch_rank_rule() {
        let v: Vec<f64> = (1..=101).map(f64::from).collect();
        assert_eq!(exact_quantile(&v, 0.5).value, 51.0);
        assert_eq!(exact_quantile(&v, 0.9).value, 91.0);
        let e = exact_quantile(&v, 0.5);
        assert!(e.ci95[0] < 51.0 && e.ci95[1] > 51.0);
    }
}
