//! Random variates built on uniform draws and `libm` only, so every platform and every build
//! (whatever features other crates switch on) gives the same bits for the same stream.
//!
//! rand_distr's samplers call the platform's `ln`/`exp`/`powf` in some builds (its maths
//! follows num-traits' `std` feature, which test and bench dependencies switch on), so a test
//! build and a release binary could disagree in the last bit. These samplers are exact:
//! the algorithms are the ones NumPy uses (multiplication and PTRS for Poisson, inversion for
//! Binomial), and the normal is drawn by inversion (Wichura's AS 241): one uniform each, and
//! the largest of several uniforms gives the largest of their normals.

use rand::{Rng, RngExt};

/// A uniform draw in `(0, 1)`, open at both ends: the word's top 52 bits plus half a step
/// (`2⁻⁵³ … 1 − 2⁻⁵³`, symmetric about ½), so it is never 0 or 1 and its normal quantile is
/// finite.
#[inline]
pub fn open_unit<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    const STEP: f64 = 1.0 / (1u64 << 52) as f64;
    ((rng.next_u64() >> 12) as f64 + 0.5) * STEP
}

/// A standard normal variate by inversion: [`normal_quantile`] of one [`open_unit`] draw.
#[inline]
pub fn standard_normal<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    normal_quantile(open_unit(rng))
}

/// The standard normal quantile `Φ⁻¹(p)` for `p ∈ (0, 1)`: Wichura's algorithm AS 241
/// (PPND16, Applied Statistics 37, 1988), rational approximations with relative error
/// about 1e-16, built on `libm`'s `log` and `sqrt` only (so every platform gives the same
/// bits). Increasing in `p`, so the largest of several uniforms gives the largest of their
/// normals.
///
/// # Panics
/// Never; `p` outside `(0, 1)` gives ±infinity (and NaN gives NaN).
pub fn normal_quantile(p: f64) -> f64 {
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180625 - q * q;
        return q * horner(&CENTRAL_NUM, r) / horner(&CENTRAL_DEN, r);
    }
    normal_quantile_tail(p, q)
}

/// The tails of [`normal_quantile`], `|p − 0.5| > 0.425` (15 % of draws), out of line.
#[inline(never)]
fn normal_quantile_tail(p: f64, q: f64) -> f64 {
    let tail = if q < 0.0 { p } else { 1.0 - p };
    if tail <= 0.0 {
        return if q < 0.0 {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
    }
    let r = libm::sqrt(-libm::log(tail));
    let value = if r <= 5.0 {
        let r = r - 1.6;
        horner(&NEAR_NUM, r) / horner(&NEAR_DEN, r)
    } else {
        let r = r - 5.0;
        horner(&FAR_NUM, r) / horner(&FAR_DEN, r)
    };
    if q < 0.0 { -value } else { value }
}

/// `c₀ + c₁ x + … + c₇ x⁷` by Horner's rule, highest power first.
#[inline]
fn horner(c: &[f64; 8], x: f64) -> f64 {
    c.iter().rev().fold(0.0, |acc, &ci| acc * x + ci)
}

// AS 241's coefficients, lowest power first.
#[allow(clippy::excessive_precision)]
const CENTRAL_NUM: [f64; 8] = [
    3.3871328727963666080e0,
    1.3314166789178437745e+2,
    1.9715909503065514427e+3,
    1.3731693765509461125e+4,
    4.5921953931549871457e+4,
    6.7265770927008700853e+4,
    3.3430575583588128105e+4,
    2.5090809287301226727e+3,
];
#[allow(clippy::excessive_precision)]
const CENTRAL_DEN: [f64; 8] = [
    1.0,
    4.2313330701600911252e+1,
    6.8718700749205790830e+2,
    5.3941960214247511077e+3,
    2.1213794301586595867e+4,
    3.9307895800092710610e+4,
    2.8729085735721942674e+4,
    5.2264952788528545610e+3,
];
#[allow(clippy::excessive_precision)]
const NEAR_NUM: [f64; 8] = [
    1.42343711074968357734e0,
    4.63033784615654529590e0,
    5.76949722146069140550e0,
    3.64784832476320460504e0,
    1.27045825245236838258e0,
    2.41780725177450611770e-1,
    2.27238449892691845833e-2,
    7.74545014278341407640e-4,
];
#[allow(clippy::excessive_precision)]
const NEAR_DEN: [f64; 8] = [
    1.0,
    2.05319162663775882187e0,
    1.67638483018380384940e0,
    6.89767334985100004550e-1,
    1.48103976427480074590e-1,
    1.51986665636164571966e-2,
    5.47593808499534494600e-4,
    1.05075007164441684324e-9,
];
#[allow(clippy::excessive_precision)]
const FAR_NUM: [f64; 8] = [
    6.65790464350110377720e0,
    5.46378491116411436990e0,
    1.78482653991729133580e0,
    2.96560571828504891230e-1,
    2.65321895265761230930e-2,
    1.24266094738807843860e-3,
    2.71155556874348757815e-5,
    2.01033439929228813265e-7,
];
#[allow(clippy::excessive_precision)]
const FAR_DEN: [f64; 8] = [
    1.0,
    5.99832206555887937690e-1,
    1.36929880922735805310e-1,
    1.48753612908506148525e-2,
    7.86869131145613259100e-4,
    1.84631831751005468180e-5,
    1.42151175831644588870e-7,
    2.04426310338993978564e-15,
];

/// A Poisson variate with mean `lambda` (0 for `lambda <= 0` or NaN).
///
/// Below 10: the multiplication method (Knuth). From 10: Hörmann's transformed rejection
/// with squeeze (PTRS, 1993), exact, about 1.2 uniform pairs per variate.
///
/// The common case, a small mean and a first uniform that already decides the count is 0, is
/// inlined; the rest of the method is out of line.
#[inline]
pub fn poisson<R: Rng + ?Sized>(rng: &mut R, lambda: f64) -> u64 {
    if lambda.is_nan() || lambda <= 0.0 {
        return 0;
    }
    if lambda < 1.0 {
        let first = rng.random::<f64>();
        // Below the lower bound of e^(−λ): the product is already at or below e^(−λ).
        if first < LazyExpNeg::lower(lambda) {
            return 0;
        }
        return poisson_multiplication(rng, lambda, first);
    }
    if lambda < 10.0 {
        let first = rng.random::<f64>();
        return poisson_multiplication(rng, lambda, first);
    }
    poisson_ptrs(rng, lambda)
}

/// The multiplication method for `lambda < 10`, from the first uniform `first`: multiplies
/// uniforms until the product is at or below `e^(−λ)`; the count is how many it took, less one.
#[inline(never)]
fn poisson_multiplication<R: Rng + ?Sized>(rng: &mut R, lambda: f64, first: f64) -> u64 {
    let mut limit = LazyExpNeg::new(lambda);
    let mut count = 0;
    let mut product = first;
    while limit.is_below(product) {
        count += 1;
        product *= rng.random::<f64>();
    }
    count
}

/// PTRS for `lambda >= 10` (kept out of line: the common small-mean path is inlined).
#[inline(never)]
fn poisson_ptrs<R: Rng + ?Sized>(rng: &mut R, lambda: f64) -> u64 {
    let slam = libm::sqrt(lambda);
    let loglam = libm::log(lambda);
    let b = 0.931 + 2.53 * slam;
    let a = -0.059 + 0.02483 * b;
    let inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
    let vr = 0.9277 - 3.6224 / (b - 2.0);
    loop {
        let u = rng.random::<f64>() - 0.5;
        let v = rng.random::<f64>();
        let us = 0.5 - u.abs();
        let k = libm::floor((2.0 * a / us + b) * u + lambda + 0.43);
        if us >= 0.07 && v <= vr {
            return k as u64;
        }
        if k < 0.0 || (us < 0.013 && v > us) {
            continue;
        }
        let lhs = libm::log(v) + libm::log(inv_alpha) - libm::log(a / (us * us) + b);
        let rhs = -lambda + k * loglam - libm::lgamma(k + 1.0);
        if lhs <= rhs {
            return k as u64;
        }
    }
}

/// `e^(−λ)` for the multiplication method, computed only when a comparison needs it.
///
/// For `0 ≤ λ < 1`, `S₃ ≤ e^(−λ) ≤ S₃ + λ⁴/24` with `S₃ = 1 − λ + λ²/2 − λ³/6` (alternating
/// series with falling terms). A
/// product of uniforms clearly outside those bounds (by a margin of 1e-12, far above the
/// rounding of the bounds and `libm::exp`'s error of under one ulp) is compared with the
/// bound; only one inside them needs `libm::exp`. So every comparison has the result it
/// would have with `libm::exp(−λ)` computed up front, bit for bit, and most client-months
/// (small `λ`, a first uniform below the lower bound) skip the `exp`.
struct LazyExpNeg {
    lambda: f64,
    low: f64,
    high: f64,
    exact: Option<f64>,
}

impl LazyExpNeg {
    /// Absolute margin around the bounds, far above their rounding error.
    const MARGIN: f64 = 1e-12;

    /// `S₃ − margin` for `0 ≤ λ < 1`, by Horner's rule with `1/6` rounded: within about 1e-16
    /// of [`LazyExpNeg::new`]'s `low`, far inside the margin, so still below `e^(−λ)`. A
    /// uniform below it has count 0 whatever the exact bound; one above it goes through the
    /// exact comparison, so the variate is the same.
    #[inline]
    fn lower(lambda: f64) -> f64 {
        1.0 - lambda * (1.0 - lambda * (0.5 - lambda * (1.0 / 6.0))) - Self::MARGIN
    }

    #[inline]
    fn new(lambda: f64) -> Self {
        let (low, high) = if lambda < 1.0 {
            let l2 = lambda * lambda / 2.0;
            let l3 = l2 * lambda / 3.0;
            let lower = 1.0 - lambda + l2 - l3;
            let upper = lower + l3 * lambda / 4.0;
            (lower - Self::MARGIN, upper + Self::MARGIN)
        } else {
            // Bounds too loose to help: always exact.
            (f64::NEG_INFINITY, f64::INFINITY)
        };
        LazyExpNeg {
            lambda,
            low,
            high,
            exact: None,
        }
    }

    /// Whether `x > e^(−λ)`.
    #[inline]
    fn is_below(&mut self, x: f64) -> bool {
        if x < self.low {
            false
        } else if x > self.high {
            true
        } else {
            let lambda = self.lambda;
            x > *self.exact.get_or_insert_with(|| libm::exp(-lambda))
        }
    }
}

/// A binomial variate: successes in `trials` with chance `p` each (`p` clamped to 0..1).
///
/// Up to 16 trials: one uniform per trial. Beyond: inversion from 0 on the smaller of `p` and
/// `1 - p`, in chunks with mean at most 30 so `(1 - p)^n` never underflows. Exact for every
/// `trials`.
pub fn binomial<R: Rng + ?Sized>(rng: &mut R, trials: u64, p: f64) -> u64 {
    let p = if p.is_nan() { 0.0 } else { p.clamp(0.0, 1.0) };
    if trials == 0 || p == 0.0 {
        return 0;
    }
    if p == 1.0 {
        return trials;
    }
    if trials <= DIRECT_TRIALS {
        // A few trials (the usual case: errors caught among a handful made): count them.
        return (0..trials).filter(|_| rng.random::<f64>() < p).count() as u64;
    }
    if p > 0.5 {
        return trials - binomial(rng, trials, 1.0 - p);
    }
    let chunk = ((30.0 / p) as u64).max(1);
    let mut successes = 0;
    let mut left = trials;
    while left > 0 {
        let n = left.min(chunk);
        successes += binomial_inversion(rng, n, p);
        left -= n;
    }
    successes
}

/// Up to this many trials, a binomial is drawn trial by trial (cheaper than inversion's `exp`
/// and `log`).
const DIRECT_TRIALS: u64 = 16;

/// Inversion for `n · p <= 30`, `p <= 0.5` (NumPy's `random_binomial_inversion`).
fn binomial_inversion<R: Rng + ?Sized>(rng: &mut R, n: u64, p: f64) -> u64 {
    let q = 1.0 - p;
    let nf = n as f64;
    let qn = libm::exp(nf * libm::log(q));
    let np = nf * p;
    let bound = nf.min(np + 10.0 * libm::sqrt(np * q + 1.0));
    let mut x = 0u64;
    let mut px = qn;
    let mut u = rng.random::<f64>();
    while u > px {
        x += 1;
        if x as f64 > bound {
            x = 0;
            px = qn;
            u = rng.random::<f64>();
        } else {
            u -= px;
            px = ((nf - x as f64 + 1.0) * p * px) / (x as f64 * q);
        }
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    fn moments(xs: impl Iterator<Item = f64>) -> (f64, f64, f64) {
        let xs: Vec<f64> = xs.collect();
        let n = xs.len() as f64;
        let mean = xs.iter().sum::<f64>() / n;
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0);
        (mean, var, n)
    }

    /// Mean within 5 standard errors; variance within `var_tolerance` (relative).
    fn check(label: &str, xs: impl Iterator<Item = f64>, mean: f64, var: f64, var_tolerance: f64) {
        let (m, v, n) = moments(xs);
        let se = (var / n).sqrt();
        assert!(
            (m - mean).abs() < 5.0 * se + 1e-12,
            "{label}: mean {m} vs {mean}"
        );
        assert!(
            (v - var).abs() < var_tolerance * var + 1e-12,
            "{label}: variance {v} vs {var}"
        );
    }

    #[test]
    fn poisson_has_its_mean_and_variance_on_both_algorithms() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for lambda in [0.05, 1.0, 3.7, 9.99, 10.0, 42.0, 1000.0] {
            let xs = (0..200_000).map(|_| poisson(&mut rng, lambda) as f64);
            check(&format!("poisson({lambda})"), xs, lambda, lambda, 0.05);
        }
        assert_eq!(poisson(&mut rng, 0.0), 0);
        assert_eq!(poisson(&mut rng, f64::NAN), 0);
    }

    /// The pmf itself, not just two moments: chi-square against the exact probabilities.
    #[test]
    fn poisson_matches_its_pmf() {
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        for lambda in [4.0, 25.0] {
            let n = 100_000;
            let mut counts = vec![0u64; 200];
            for _ in 0..n {
                counts[(poisson(&mut rng, lambda) as usize).min(199)] += 1;
            }
            let mut chi2 = 0.0;
            let mut cells = 0;
            for (k, observed) in counts.iter().enumerate() {
                let kf = k as f64;
                let pmf = (-lambda + kf * lambda.ln() - libm::lgamma(kf + 1.0)).exp();
                let expected = pmf * n as f64;
                if expected >= 20.0 {
                    chi2 += (*observed as f64 - expected).powi(2) / expected;
                    cells += 1;
                }
            }
            // Chi-square with `cells - 1` degrees of freedom: mean cells-1, sd sqrt(2(cells-1)).
            let df = (cells - 1) as f64;
            assert!(
                chi2 < df + 5.0 * (2.0 * df).sqrt(),
                "λ = {lambda}: χ² = {chi2} on {df} df"
            );
        }
    }

    #[test]
    fn binomial_has_its_mean_and_variance() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        // The large case runs 1,000 inversion chunks per draw: fewer draws, wider tolerance.
        for (n, p, draws, tolerance) in [
            (1u64, 0.3, 200_000, 0.05),
            (20, 0.3, 200_000, 0.05),
            (20, 0.9, 200_000, 0.05),
            (500, 0.01, 200_000, 0.05),
            (3, 0.5, 200_000, 0.05),
            (100_000, 0.7, 4_000, 0.15),
        ] {
            let xs = (0..draws).map(|_| binomial(&mut rng, n, p) as f64);
            let nf = n as f64;
            check(
                &format!("binomial({n}, {p})"),
                xs,
                nf * p,
                nf * p * (1.0 - p),
                tolerance,
            );
        }
        assert_eq!(binomial(&mut rng, 7, 0.0), 0);
        assert_eq!(binomial(&mut rng, 7, 1.0), 7);
        assert_eq!(binomial(&mut rng, 0, 0.4), 0);
    }

    #[test]
    fn normal_is_standard() {
        let mut rng = ChaCha8Rng::seed_from_u64(4);
        let xs: Vec<f64> = (0..200_000).map(|_| standard_normal(&mut rng)).collect();
        check("normal", xs.iter().copied(), 0.0, 1.0, 0.05);
        let below_one = xs.iter().filter(|x| **x < 1.0).count() as f64 / xs.len() as f64;
        assert!(
            (below_one - 0.841_344_7).abs() < 0.004,
            "P(Z < 1) = {below_one}"
        );
    }

    /// `Φ(Φ⁻¹(p)) = p` across the centre and both tails (Φ from `libm::erfc`, itself good to
    /// a few ulps), known points, and order kept.
    #[test]
    fn normal_quantile_inverts_the_cdf() {
        let lower_tail = |x: f64| 0.5 * libm::erfc(-x / std::f64::consts::SQRT_2);
        let upper_tail = |x: f64| 0.5 * libm::erfc(x / std::f64::consts::SQRT_2);
        for p in [
            1e-300, 1e-100, 1e-20, 1e-10, 1e-6, 0.001, 0.01, 0.05, 0.0749, 0.075, 0.0751, 0.2, 0.5,
            0.7, 0.925, 0.97, 0.999,
        ] {
            let x = normal_quantile(p);
            // Φ's relative slope in the tail is about |x|, so x's own relative error of
            // ~1e-16 shows up in Φ multiplied by about 1 + x².
            let tolerance = 1e-14 * (1.0 + x * x);
            let got = lower_tail(x);
            assert!((got - p).abs() <= tolerance * p, "Φ(Φ⁻¹({p})) = {got}");
            // The upper tail through 1 − p, where p's own rounding is the limit.
            let x = normal_quantile(1.0 - p);
            let tail = 1.0 - (1.0 - p);
            let got = upper_tail(x);
            assert!(
                (got - tail).abs() <= tolerance * tail,
                "upper {p}: {got} vs {tail}"
            );
        }
        assert!((normal_quantile(0.975) - 1.959_963_984_540_054).abs() < 1e-15);
        assert_eq!(normal_quantile(0.5), 0.0);
        assert_eq!(normal_quantile(0.0), f64::NEG_INFINITY);
        assert_eq!(normal_quantile(1.0), f64::INFINITY);
        let mut last = f64::NEG_INFINITY;
        for i in 1..100_000 {
            let x = normal_quantile(f64::from(i) / 100_000.0);
            assert!(x > last, "increasing at {i}");
            last = x;
        }
    }

    /// Open at both ends: the smallest and largest words give neither 0 nor 1.
    #[test]
    fn open_unit_excludes_both_ends() {
        struct Fixed(u64);
        impl rand::TryRng for Fixed {
            type Error = std::convert::Infallible;
            fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
                Ok(self.0 as u32)
            }
            fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
                Ok(self.0)
            }
            fn try_fill_bytes(&mut self, _: &mut [u8]) -> Result<(), Self::Error> {
                unimplemented!()
            }
        }
        let low = open_unit(&mut Fixed(0));
        let high = open_unit(&mut Fixed(u64::MAX));
        assert!(low > 0.0 && high < 1.0, "{low} {high}");
        assert_eq!(low, 1.0 - high);
        assert!(normal_quantile(low).is_finite() && normal_quantile(high).is_finite());
    }

    /// The lazy `e^(−λ)` changes no draw: the same as computing it up front.
    #[test]
    fn lazy_limit_gives_the_multiplication_method_exactly() {
        fn eager(rng: &mut ChaCha8Rng, lambda: f64) -> u64 {
            let limit = libm::exp(-lambda);
            let mut count = 0;
            let mut product = rng.random::<f64>();
            while product > limit {
                count += 1;
                product *= rng.random::<f64>();
            }
            count
        }
        let lambdas = [1e-300, 1e-12, 1e-6, 0.01, 0.2, 0.5, 0.999, 1.0, 3.0, 9.9];
        for (i, lambda) in lambdas.into_iter().enumerate() {
            let mut a = ChaCha8Rng::seed_from_u64(i as u64);
            let mut b = a.clone();
            for _ in 0..100_000 {
                assert_eq!(
                    poisson(&mut a, lambda),
                    eager(&mut b, lambda),
                    "λ = {lambda}"
                );
            }
        }
        // Products right at the bounds' edges: every uniform near e^(−λ).
        for k in 1..10_000 {
            let lambda = k as f64 * 1e-4;
            let limit = libm::exp(-lambda);
            let mut lazy = LazyExpNeg::new(lambda);
            for x in [
                limit,
                limit * (1.0 + 1e-16),
                limit * (1.0 - 1e-16),
                lazy.low,
                lazy.high,
            ] {
                assert_eq!(lazy.is_below(x), x > limit, "λ = {lambda}, x = {x}");
            }
        }
    }

    /// Value stability: these exact draws are part of every golden result.
    #[test]
    fn draws_are_stable() {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let got = (
            poisson(&mut rng, 2.5),
            poisson(&mut rng, 50.0),
            binomial(&mut rng, 40, 0.8),
            binomial(&mut rng, 5, 0.8),
            standard_normal(&mut rng).to_bits(),
        );
        assert_eq!(
            got,
            (4, 54, 30, 3, 4607371406379888490),
            "update deliberately: {got:?}"
        );
    }
}
