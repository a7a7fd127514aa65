//! Transcendental functions from `libm`, so results do not depend on the platform's C maths
//! library (the same seed must give the same bits on every machine), and small numeric helpers.

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

/// `x^y` for the last `(x, y)` asked, kept: the same bits as [`pow`] without recomputing it
/// while the inputs stay the same (a price or a pay level held from month to month).
#[derive(Debug, Clone, Copy)]
pub(crate) struct PowMemo {
    x: f64,
    y: f64,
    value: f64,
}

impl PowMemo {
    pub(crate) const EMPTY: PowMemo = PowMemo {
        x: f64::NAN,
        y: f64::NAN,
        value: f64::NAN,
    };

    #[inline]
    pub(crate) fn pow(&mut self, x: f64, y: f64) -> f64 {
        // Bitwise, so that NaN never matches and -0.0 is not taken for 0.0.
        if x.to_bits() != self.x.to_bits() || y.to_bits() != self.y.to_bits() {
            *self = PowMemo {
                x,
                y,
                value: pow(x, y),
            };
        }
        self.value
    }
}

/// `e^x` for the last `x` asked, kept: the same bits as [`exp`] without recomputing it while
/// `x` stays the same (QA's catch rate under a QA share held from month to month).
#[derive(Debug, Clone, Copy)]
pub(crate) struct ExpMemo {
    x: f64,
    value: f64,
}

impl ExpMemo {
    pub(crate) const EMPTY: ExpMemo = ExpMemo {
        x: f64::NAN,
        value: f64::NAN,
    };

    #[inline]
    pub(crate) fn exp(&mut self, x: f64) -> f64 {
        // Bitwise, as in `PowMemo`.
        if x.to_bits() != self.x.to_bits() {
            *self = ExpMemo { x, value: exp(x) };
        }
        self.value
    }
}

/// A copy of `v` with the same capacity (`Vec::clone` allocates only `len`), so that the
/// copy grows without reallocating wherever the original would not.
pub(crate) fn clone_keeping_capacity<T: Copy>(v: &Vec<T>) -> Vec<T> {
    let mut copy = Vec::with_capacity(v.capacity());
    copy.extend_from_slice(v);
    copy
}
