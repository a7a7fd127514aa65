//! The prospect's choice among rival firms (MODEL.md §5.8): who would take it on, and a
//! multinomial logit on trust and price among them; the rival a leaving client switches to.

use super::params::MarketParams;
use crate::line::{PerLine, ServiceLine};
use crate::math::exp;
use crate::rng::Stream;
use rand::RngExt;

/// What prospects see of one firm this month.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Offer {
    /// The firm is still running this month.
    pub running: bool,
    /// The lines it sells.
    pub offered: PerLine<bool>,
    /// Its conversion chance per line (§5.3): the chance a prospect who asks it would sign.
    pub chance: PerLine<f64>,
    /// A prospect's utility for it per line, [`utility`].
    pub utility: PerLine<f64>,
}

impl Offer {
    /// A firm that offers nothing (a seat whose firm has ended).
    pub const CLOSED: Offer = Offer {
        running: false,
        offered: PerLine::from_array([false; ServiceLine::COUNT]),
        chance: PerLine::from_array([0.0; ServiceLine::COUNT]),
        utility: PerLine::from_array([0.0; ServiceLine::COUNT]),
    };

    /// Whether a prospect for `line` can buy from it.
    #[inline]
    pub fn sells(&self, line: ServiceLine) -> bool {
        self.running && self.offered[line]
    }
}

/// A prospect's utility for a firm of perceived trustworthiness `trust` whose price is
/// `price_ratio` times the line's market rate: `β_trust · T_p − β_price · ln(price_ratio)`.
///
/// # Examples
/// ```
/// use lpo_sim_core::market::{MarketParams, utility};
/// let p = MarketParams::default();
/// assert_eq!(utility(&p, 0.5, 1.0), p.beta_trust * 0.5);
/// assert!(utility(&p, 0.5, 0.9) > utility(&p, 0.5, 1.0));
/// ```
#[inline]
pub fn utility(p: &MarketParams, trust: f64, price_ratio: f64) -> f64 {
    p.beta_trust * trust - p.beta_price * libm::log(price_ratio)
}

/// The logit shares of `utilities`: `exp(U_i) / Σ exp(U_j)`, written into `shares` (same
/// length); computed from `U_i − max U` so no exponential overflows.
///
/// # Examples
/// ```
/// use lpo_sim_core::market::logit_shares;
/// let mut shares = [0.0; 2];
/// logit_shares(&[1.0, 1.0], &mut shares);
/// assert_eq!(shares, [0.5, 0.5]);
/// ```
pub fn logit_shares(utilities: &[f64], shares: &mut [f64]) {
    let top = utilities.iter().fold(f64::NEG_INFINITY, |m, &u| m.max(u));
    let mut total = 0.0;
    for (s, &u) in shares.iter_mut().zip(utilities) {
        *s = exp(u - top);
        total += *s;
    }
    for s in shares.iter_mut() {
        *s /= total;
    }
}

/// Picks one of `candidates` (firm indices, in index order) by the logit on their utility for
/// `line`, with one uniform `u`: the first candidate whose running sum of `exp(U − max U)`
/// exceeds `u` times the total. `weights` is scratch space (kept to avoid allocating).
#[inline]
fn logit_pick(
    candidates: &[usize],
    offers: &[Offer],
    line: ServiceLine,
    u: f64,
    weights: &mut Vec<f64>,
) -> usize {
    let top = candidates
        .iter()
        .fold(f64::NEG_INFINITY, |m, &j| m.max(offers[j].utility[line]));
    weights.clear();
    let mut total = 0.0;
    for &j in candidates {
        total += exp(offers[j].utility[line] - top);
        weights.push(total);
    }
    let target = u * total;
    let at = weights.iter().position(|&c| target < c);
    // Rounding left the target at the total: the last candidate.
    candidates[at.unwrap_or(candidates.len() - 1)]
}

/// Scratch space for choices, kept by the market so that a month allocates nothing.
#[derive(Debug, Clone, Default)]
pub struct ChoiceScratch {
    candidates: Vec<usize>,
    weights: Vec<f64>,
}

impl ChoiceScratch {
    /// Room for `firms` firms.
    pub fn with_firms(firms: usize) -> Self {
        ChoiceScratch {
            candidates: Vec::with_capacity(firms),
            weights: Vec::with_capacity(firms),
        }
    }
}

/// Where a prospect that firm `own` reached for `line` signs (§5.8), or `None`.
///
/// `own_would` says whether the prospect buys at all: its Conversion uniform below its own
/// firm's chance (§5.3, drawn by the firm), exactly as for a lone firm. Rivals do not add
/// buyers: they compete for the ones there are. A buyer asks for quotes around with chance
/// `shop_share` and then signs with one of the firms that sell the line (its own and every
/// running rival that sells it), picked by the logit on utility; otherwise it signs with its
/// own firm. With two or more firms two uniforms of the Choice stream `rng` are always drawn,
/// `u_shop` and `u_pick`, whatever happens (common random numbers); with a single firm
/// nothing is drawn and the prospect signs exactly when `own_would`.
pub fn choose(
    own: usize,
    own_would: bool,
    line: ServiceLine,
    offers: &[Offer],
    p: &MarketParams,
    rng: &mut Stream,
    scratch: &mut ChoiceScratch,
) -> Option<usize> {
    if offers.len() == 1 {
        return own_would.then_some(own);
    }
    let u_shop: f64 = rng.random();
    let u_pick: f64 = rng.random();
    if !own_would {
        return None;
    }
    if u_shop >= p.shop_share {
        return Some(own);
    }
    let candidates = &mut scratch.candidates;
    candidates.clear();
    candidates.extend(
        offers
            .iter()
            .enumerate()
            .filter(|(j, o)| *j == own || o.sells(line))
            .map(|(j, _)| j),
    );
    if candidates.len() == 1 {
        return Some(own);
    }
    Some(logit_pick(
        candidates,
        offers,
        line,
        u_pick,
        &mut scratch.weights,
    ))
}

/// The rival a client of `line` leaving firm `from` switches to (§5.8), or `None`: two
/// uniforms of the Switch stream `rng`, always drawn: `u_switch` (it looks for a rival when
/// below `switch_share`) and `u_pick` (the logit on utility among the other firms that sell
/// the line this month).
pub fn switch_target(
    from: usize,
    line: ServiceLine,
    offers: &[Offer],
    p: &MarketParams,
    rng: &mut Stream,
    scratch: &mut ChoiceScratch,
) -> Option<usize> {
    let u_switch: f64 = rng.random();
    let u_pick: f64 = rng.random();
    if u_switch >= p.switch_share {
        return None;
    }
    let candidates = &mut scratch.candidates;
    candidates.clear();
    candidates.extend(
        offers
            .iter()
            .enumerate()
            .filter(|(j, o)| *j != from && o.sells(line))
            .map(|(j, _)| j),
    );
    if candidates.is_empty() {
        return None;
    }
    Some(logit_pick(
        candidates,
        offers,
        line,
        u_pick,
        &mut scratch.weights,
    ))
}
