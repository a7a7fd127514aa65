//! Transcendental functions from `libm`, so results do not depend on the platform's C maths
//! library: the same seed must give the same bits on every machine.

/// `e^x`, portable.
#[inline]
pub(crate) fn exp(x: f64) -> f64 {
    libm::exp(x)
}

/// `x^y`, portable.
#[inline]
pub(crate) fn pow(x: f64, y: f64) -> f64 {
    libm::pow(x, y)
}

/// Clamps to `[0, 1]`.
#[inline]
pub(crate) fn unit(x: f64) -> f64 {
    x.clamp(0.0, 1.0)
}
