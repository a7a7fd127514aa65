//! Exact, mergeable accumulators: the order and grouping in which values are added never
//! changes a single bit of the result, so any thread count or shard split gives the same
//! statistics.
//!
//! - [`ExactMoments`]: count, sum and sum of squares of values rounded to a fixed quantum,
//!   kept as integers; minimum and maximum.
//! - [`LogSketch`]: a DDSketch-style log-bucket histogram giving quantiles within a stated
//!   relative error.

use super::file::StudyFlaw;
use serde::{Deserialize, Serialize};
use std::ops::RangeInclusive;

/// Count, sum and sum of squares of values rounded to `quantum`, as exact integers, plus the
/// exact minimum and maximum.
///
/// Values are rounded to the nearest multiple of `quantum` (e.g. 0.01 for money) before the
/// sums, so the mean and standard deviation are those of the rounded values; min and max are
/// exact.
///
/// # Examples
/// ```
/// use lpo_sim_core::mc::ExactMoments;
/// let mut a = ExactMoments::new(0.01);
/// let mut b = ExactMoments::new(0.01);
/// for x in [1.0, 2.0] { a.add(x); }
/// b.add(3.0);
/// a.merge(&b);
/// assert_eq!(a.mean(), 2.0);
/// assert_eq!(a.sample_variance(), 1.0);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExactMoments {
    /// Rounding step of the sums.
    pub quantum: f64,
    /// Number of values.
    pub n: u64,
    /// Sum of the rounded values, in quanta.
    #[serde(with = "i128_text")]
    pub sum: i128,
    /// Sum of squares of the rounded values, in quanta², as a 256-bit number `[high, low]`.
    #[serde(with = "u256_text")]
    pub sum_squares: [u128; 2],
    /// Smallest value (exact; +inf when empty, written as `null`).
    #[serde(with = "empty_as_null::min")]
    pub min: f64,
    /// Largest value (exact; -inf when empty, written as `null`).
    #[serde(with = "empty_as_null::max")]
    pub max: f64,
}

impl ExactMoments {
    /// Empty, summing in steps of `quantum`.
    pub fn new(quantum: f64) -> Self {
        ExactMoments {
            quantum,
            n: 0,
            sum: 0,
            sum_squares: [0, 0],
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
        }
    }

    /// Adds one value. NaN is ignored (the model never produces it).
    pub fn add(&mut self, x: f64) {
        if x.is_nan() {
            return;
        }
        // Clamp to what fits in i64 quanta (|x| < 9.2e18 quanta): far beyond any outcome.
        let q = self.quanta(x);
        self.n += 1;
        self.sum += i128::from(q);
        let square = u128::from(q.unsigned_abs()) * u128::from(q.unsigned_abs());
        let (low, carry) = self.sum_squares[1].overflowing_add(square);
        self.sum_squares[1] = low;
        self.sum_squares[0] += u128::from(carry);
        self.min = min_total(self.min, x);
        self.max = max_total(self.max, x);
    }

    /// Adds everything `other` holds. Exact: merging in any order gives the same bits.
    ///
    /// # Panics
    /// If the quanta differ (a programming error: accumulators of different metrics).
    pub fn merge(&mut self, other: &ExactMoments) {
        assert_eq!(
            self.quantum, other.quantum,
            "merging moments of different metrics"
        );
        self.n += other.n;
        self.sum += other.sum;
        let (low, carry) = self.sum_squares[1].overflowing_add(other.sum_squares[1]);
        self.sum_squares[1] = low;
        self.sum_squares[0] += other.sum_squares[0] + u128::from(carry);
        self.min = min_total(self.min, other.min);
        self.max = max_total(self.max, other.max);
    }

    /// Mean of the rounded values (NaN when empty).
    pub fn mean(&self) -> f64 {
        if self.n == 0 {
            return f64::NAN;
        }
        self.sum as f64 / self.n as f64 * self.quantum
    }

    /// Sample variance (n − 1 denominator) of the rounded values; 0 for fewer than 2 values.
    pub fn sample_variance(&self) -> f64 {
        if self.n < 2 {
            return 0.0;
        }
        let n = self.n as f64;
        let sum = self.sum as f64;
        let squares = self.sum_squares_f64();
        let variance_in_quanta = ((squares - sum * sum / n) / (n - 1.0)).max(0.0);
        variance_in_quanta * self.quantum * self.quantum
    }
}

impl ExactMoments {
    /// Checks that moments read from a file (named `field` in errors) could have come from
    /// [`ExactMoments::add`]: nothing but zeros when empty; `min <= max`; the sum between
    /// `n` times the rounded minimum and `n` times the rounded maximum; the sum of squares
    /// between `sum² / n` (Cauchy–Schwarz) and `n` times the largest square. Besides catching
    /// edits, this bounds every later merge: no sum can overflow.
    pub(crate) fn check(&self, field: &str) -> Result<(), StudyFlaw> {
        let flaw = |part: &str, why: String| Err(StudyFlaw::new(format!("{field}.{part}"), why));
        let squares = self.sum_squares_f64();
        if self.n == 0 {
            if self.sum != 0 || self.sum_squares != [0, 0] {
                return flaw("sum", "must be 0 when `n` is 0".to_owned());
            }
            if self.min != f64::INFINITY || self.max != f64::NEG_INFINITY {
                return flaw("min", "must be null (as `max`) when `n` is 0".to_owned());
            }
            return Ok(());
        }
        if self.min.is_nan() || self.max.is_nan() || self.min > self.max {
            return flaw("min", format!("{} is above `max` {}", self.min, self.max));
        }
        let low = i128::from(self.quanta(self.min));
        let high = i128::from(self.quanta(self.max));
        let n = i128::from(self.n);
        // |quanta| < 9.2e18 and n < 1.9e19: the products fit in an i128.
        let (lowest, highest) = (low * n, high * n);
        if self.sum < lowest || self.sum > highest {
            return flaw(
                "sum",
                format!(
                    "{} quanta cannot be the sum of {} values from {} to {}",
                    self.sum, self.n, self.min, self.max
                ),
            );
        }
        // In f64: a relative slack far above rounding error, far below any real edit.
        let n = self.n as f64;
        let sum = self.sum as f64;
        let largest = (low.unsigned_abs().max(high.unsigned_abs())) as f64;
        if squares < sum * sum / n * (1.0 - 1e-9) || squares > n * largest * largest * (1.0 + 1e-9)
        {
            return flaw(
                "sum_squares",
                format!(
                    "does not fit {} values from {} to {} with sum {} quanta",
                    self.n, self.min, self.max, self.sum
                ),
            );
        }
        Ok(())
    }

    /// `x` in quanta, rounded and clamped as [`ExactMoments::add`] does.
    fn quanta(&self, x: f64) -> i64 {
        libm::round(x / self.quantum).clamp(-9.2e18, 9.2e18) as i64
    }

    fn sum_squares_f64(&self) -> f64 {
        const TWO_TO_128: f64 = 340_282_366_920_938_463_463_374_607_431_768_211_456.0;
        self.sum_squares[0] as f64 * TWO_TO_128 + self.sum_squares[1] as f64
    }
}

/// `min` in IEEE total order, so `-0.0` and `0.0` always resolve the same way.
fn min_total(a: f64, b: f64) -> f64 {
    if b.total_cmp(&a).is_lt() { b } else { a }
}

fn max_total(a: f64, b: f64) -> f64 {
    if b.total_cmp(&a).is_gt() { b } else { a }
}

/// A log-bucket histogram (DDSketch): quantiles with relative error at most `alpha`,
/// mergeable exactly (bucket counts add).
///
/// A positive value `x` falls in bucket `i = ceil(ln x / ln γ)`, `γ = (1 + α) / (1 − α)`;
/// the bucket's representative value `2γ^i / (γ + 1)` is within `α` of every value in it.
/// Negative values use a mirrored store; values with `|x| < 1e-9` count as zero.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogSketch {
    /// Relative accuracy of quantiles.
    pub alpha: f64,
    /// Values counted as zero.
    pub zero: u64,
    /// Buckets of positive values.
    pub(crate) positive: BucketStore,
    /// Buckets of negative values (by absolute value).
    pub(crate) negative: BucketStore,
}

/// Consecutive bucket counts starting at bucket `offset`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BucketStore {
    /// Index of the first count.
    pub(crate) offset: i32,
    /// Counts of buckets `offset`, `offset + 1`, ...
    pub(crate) counts: Vec<u64>,
}

impl BucketStore {
    fn add(&mut self, index: i32, count: u64) {
        if self.counts.is_empty() {
            self.offset = index;
            self.counts.push(count);
            return;
        }
        if index < self.offset {
            let grow = (self.offset - index) as usize;
            self.counts.splice(0..0, std::iter::repeat_n(0, grow));
            self.offset = index;
        }
        let slot = (index - self.offset) as usize;
        if slot >= self.counts.len() {
            self.counts.resize(slot + 1, 0);
        }
        self.counts[slot] += count;
    }

    /// Checks a store read from a file (named `field` in errors): its buckets within
    /// `indices`, the ones a finite value can fall in, so that merging it allocates at most
    /// that span; no empty bucket at either end (adding never makes one). Returns its total
    /// count, which cannot overflow.
    fn check(&self, field: &str, indices: RangeInclusive<i32>) -> Result<u128, StudyFlaw> {
        let flaw = |part: &str, why: String| Err(StudyFlaw::new(format!("{field}.{part}"), why));
        let (Some(first), Some(last)) = (self.counts.first(), self.counts.last()) else {
            if self.offset != 0 {
                return flaw("offset", "must be 0 when `counts` is empty".to_owned());
            }
            return Ok(0);
        };
        let end = i64::from(self.offset) + self.counts.len() as i64 - 1;
        if !indices.contains(&self.offset) || end > i64::from(*indices.end()) {
            return flaw(
                "offset",
                format!(
                    "buckets {}..={end} are outside {}..={}, the buckets any number can fall in",
                    self.offset,
                    indices.start(),
                    indices.end()
                ),
            );
        }
        if *first == 0 || *last == 0 {
            return flaw("counts", "must not start or end with 0".to_owned());
        }
        Ok(self.counts.iter().map(|c| u128::from(*c)).sum())
    }

    fn total(&self) -> u64 {
        self.counts.iter().sum()
    }

    fn merge(&mut self, other: &BucketStore) {
        if other.counts.is_empty() {
            return;
        }
        // Make room for the whole range once, then add.
        self.add(other.offset, 0);
        self.add(other.offset + other.counts.len() as i32 - 1, 0);
        for (i, c) in other.counts.iter().enumerate() {
            if *c > 0 {
                self.counts[(other.offset + i as i32 - self.offset) as usize] += c;
            }
        }
    }
}

/// Smallest magnitude kept apart from zero.
const MIN_MAGNITUDE: f64 = 1e-9;

impl LogSketch {
    /// Empty, with relative accuracy `alpha` (e.g. 0.005).
    pub fn new(alpha: f64) -> Self {
        LogSketch {
            alpha,
            zero: 0,
            positive: BucketStore::default(),
            negative: BucketStore::default(),
        }
    }

    fn gamma_ln(&self) -> f64 {
        libm::log((1.0 + self.alpha) / (1.0 - self.alpha))
    }

    fn index(&self, magnitude: f64) -> i32 {
        libm::ceil(libm::log(magnitude) / self.gamma_ln()) as i32
    }

    fn value(&self, index: i32) -> f64 {
        let gamma = (1.0 + self.alpha) / (1.0 - self.alpha);
        2.0 * libm::exp(f64::from(index) * self.gamma_ln()) / (gamma + 1.0)
    }

    /// Checks a sketch read from a file (named `field` in errors), whose `alpha` the caller
    /// has checked: every bucket one a finite value can fall in. Returns its count, which
    /// cannot overflow.
    pub(crate) fn check(&self, field: &str) -> Result<u128, StudyFlaw> {
        // Every value with a magnitude from MIN_MAGNITUDE to f64::MAX falls in these buckets.
        let indices = self.index(MIN_MAGNITUDE)..=self.index(f64::MAX);
        let positive = self
            .positive
            .check(&format!("{field}.positive"), indices.clone())?;
        let negative = self.negative.check(&format!("{field}.negative"), indices)?;
        Ok(u128::from(self.zero) + positive + negative)
    }

    /// Adds one value (NaN ignored).
    pub fn add(&mut self, x: f64) {
        if x.is_nan() {
            return;
        }
        let magnitude = x.abs().min(f64::MAX);
        if magnitude < MIN_MAGNITUDE {
            self.zero += 1;
        } else if x > 0.0 {
            let i = self.index(magnitude);
            self.positive.add(i, 1);
        } else {
            let i = self.index(magnitude);
            self.negative.add(i, 1);
        }
    }

    /// Adds every count of `other`.
    ///
    /// # Panics
    /// If the accuracies differ.
    pub fn merge(&mut self, other: &LogSketch) {
        assert_eq!(
            self.alpha, other.alpha,
            "merging sketches of different accuracy"
        );
        self.zero += other.zero;
        self.positive.merge(&other.positive);
        self.negative.merge(&other.negative);
    }

    /// Number of values.
    pub fn count(&self) -> u64 {
        self.zero + self.positive.total() + self.negative.total()
    }

    /// The `q`-quantile (0..=1): the value of rank `floor(q · (n − 1))` in sorted order,
    /// within relative error `alpha`. NaN when empty.
    pub fn quantile(&self, q: f64) -> f64 {
        let n = self.count();
        if n == 0 {
            return f64::NAN;
        }
        // The small nudge keeps levels such as 0.29 (stored as 0.28999…) on the intended rank.
        let rank = (libm::floor(q.clamp(0.0, 1.0) * (n - 1) as f64 + 1e-9) as u64).min(n - 1);
        let mut seen = 0u64;
        // Negative values, most negative first: highest index first.
        for (i, c) in self.negative.counts.iter().enumerate().rev() {
            seen += c;
            if seen > rank {
                return -self.value(self.negative.offset + i as i32);
            }
        }
        seen += self.zero;
        if seen > rank {
            return 0.0;
        }
        for (i, c) in self.positive.counts.iter().enumerate() {
            seen += c;
            if seen > rank {
                return self.value(self.positive.offset + i as i32);
            }
        }
        unreachable!("rank {rank} is below the count {n}")
    }

    /// Mean of the lowest `share` of values (expected shortfall / CVaR), from bucket values:
    /// within relative error `alpha` per value. NaN when empty.
    pub fn lower_tail_mean(&self, share: f64) -> f64 {
        let n = self.count();
        if n == 0 {
            return f64::NAN;
        }
        // At least one value; fractional last bucket share so the tail has exactly share·n.
        let want = (share.clamp(0.0, 1.0) * n as f64).max(1.0);
        let mut taken = 0.0;
        let mut sum = 0.0;
        let mut take = |value: f64, count: u64| {
            let c = (want - taken).min(count as f64);
            if c > 0.0 {
                sum += value * c;
                taken += c;
            }
        };
        for (i, c) in self.negative.counts.iter().enumerate().rev() {
            take(-self.value(self.negative.offset + i as i32), *c);
        }
        take(0.0, self.zero);
        for (i, c) in self.positive.counts.iter().enumerate() {
            take(self.value(self.positive.offset + i as i32), *c);
        }
        sum / want
    }
}

/// JSON has no infinities: an empty accumulator's min (+inf) and max (-inf) are written as
/// `null` and read back as the same infinities.
mod empty_as_null {
    macro_rules! extreme {
        ($name:ident, $empty:expr) => {
            pub mod $name {
                use serde::{Deserialize, Deserializer, Serializer};

                pub fn serialize<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
                    if v.is_finite() {
                        s.serialize_f64(*v)
                    } else {
                        s.serialize_none()
                    }
                }

                pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
                    Ok(Option::<f64>::deserialize(d)?.unwrap_or($empty))
                }
            }
        };
    }
    extreme!(min, f64::INFINITY);
    extreme!(max, f64::NEG_INFINITY);
}

/// i128 as a decimal string in JSON (JSON readers lose precision beyond 2^53).
mod i128_text {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &i128, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(v)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<i128, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A 256-bit `[high, low]` pair as one hexadecimal string.
mod u256_text {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[u128; 2], s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!("{:032x}{:032x}", v[0], v[1]))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u128; 2], D::Error> {
        let text = String::deserialize(d)?;
        // All ASCII before slicing by bytes: a multi-byte character at byte 32 would panic
        // (found by fuzzing).
        if text.len() != 64 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(serde::de::Error::custom("expected 64 hexadecimal digits"));
        }
        let high = u128::from_str_radix(&text[..32], 16).map_err(serde::de::Error::custom)?;
        let low = u128::from_str_radix(&text[32..], 16).map_err(serde::de::Error::custom)?;
        Ok([high, low])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::standard_normal;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn moments_merge_exactly_in_any_grouping() {
        let values: Vec<f64> = (0..1000)
            .map(|i| (i as f64 * 7.3).sin() * 1e6 + 0.123)
            .collect();
        let mut whole = ExactMoments::new(0.01);
        values.iter().for_each(|x| whole.add(*x));
        let mut parts = [
            ExactMoments::new(0.01),
            ExactMoments::new(0.01),
            ExactMoments::new(0.01),
        ];
        for (i, x) in values.iter().enumerate() {
            parts[i % 3].add(*x);
        }
        let mut merged = parts[2].clone();
        merged.merge(&parts[0]);
        merged.merge(&parts[1]);
        assert_eq!(merged, whole);
        let mean = values.iter().sum::<f64>() / 1000.0;
        assert!((whole.mean() - mean).abs() < 0.01);
    }

    #[test]
    fn sum_of_squares_carries_into_the_high_word() {
        let mut m = ExactMoments::new(1.0);
        for _ in 0..10 {
            m.add(9.0e18);
        }
        assert!(m.sum_squares[0] > 0, "81e36 · 10 exceeds 2^128");
        assert!((m.mean() - 9.0e18).abs() / 9.0e18 < 1e-12);
        assert_eq!(m.sample_variance(), 0.0);
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(serde_json::from_str::<ExactMoments>(&json).unwrap(), m);
        let empty = ExactMoments::new(0.5);
        let json = serde_json::to_string(&empty).unwrap();
        assert_eq!(
            serde_json::from_str::<ExactMoments>(&json).unwrap(),
            empty,
            "{json}"
        );
    }

    #[test]
    fn sum_of_squares_text_that_is_not_64_hex_digits_is_an_error_not_a_panic() {
        let good = serde_json::to_value(ExactMoments::new(1.0)).unwrap();
        for bad in [
            // A three-byte character across byte 32 (the fuzzer's finding).
            format!("{}\u{e000}{}", "0".repeat(30), "0".repeat(31)),
            format!("+{}", "0".repeat(63)),
            "0".repeat(63),
            "g".repeat(64),
        ] {
            let mut moments = good.clone();
            moments["sum_squares"] = serde_json::Value::String(bad.clone());
            let result = serde_json::from_value::<ExactMoments>(moments);
            assert!(result.is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn sketch_quantiles_are_within_alpha_of_the_exact_ones() {
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        let mut values: Vec<f64> = (0..20_001)
            .map(|_| 1000.0 * standard_normal(&mut rng) + 300.0)
            .collect();
        let mut sketch = LogSketch::new(0.005);
        values.iter().for_each(|x| sketch.add(*x));
        values.sort_by(f64::total_cmp);
        for q in [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99] {
            let exact = values[(q * 20_000.0) as usize];
            let got = sketch.quantile(q);
            assert!(
                (got - exact).abs() <= 0.005 * exact.abs() + 1e-12,
                "q {q}: {got} vs {exact}"
            );
        }
    }

    #[test]
    fn sketch_merge_equals_one_sketch() {
        let mut whole = LogSketch::new(0.02);
        let mut a = LogSketch::new(0.02);
        let mut b = LogSketch::new(0.02);
        for i in -500..500 {
            let x = f64::from(i).powi(3);
            whole.add(x);
            if i % 2 == 0 { a.add(x) } else { b.add(x) }
        }
        b.merge(&a);
        assert_eq!(b.count(), whole.count());
        for q in [0.0, 0.3, 0.5, 0.8, 1.0] {
            assert_eq!(b.quantile(q), whole.quantile(q));
        }
    }

    #[test]
    fn lower_tail_mean_of_uniform_values() {
        let mut sketch = LogSketch::new(0.005);
        for i in 1..=1000 {
            sketch.add(f64::from(i));
        }
        // The lowest 5 % are 1..=50, mean 25.5.
        let cvar = sketch.lower_tail_mean(0.05);
        assert!((cvar - 25.5).abs() < 25.5 * 0.005 + 1e-9, "{cvar}");
    }
}
