//! Seeds of a market replicate (MODEL.md §5.8, §11): each firm's run seed and the market's
//! own streams, all from the replicate seed.

use crate::rng::Stream;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// ChaCha8 stream (of the replicate seed's key) whose words are the seeds of firms 1, 2, …
const FIRM_SEED_STREAM: u64 = (1 << 62) + 2;
/// ChaCha8 stream (of the replicate seed's key) whose bytes key the market's own streams.
const MARKET_KEY_STREAM: u64 = (1 << 62) + 3;

/// The run seed of firm `firm` in a market replicate of seed `seed`: `seed` itself for firm
/// 0 (so a market of one firm is that firm alone), else 64-bit word `firm` of ChaCha8 keyed by
/// `seed_from_u64(seed)` on stream `2⁶² + 2`.
///
/// # Examples
/// ```
/// use lpo_sim_core::market::firm_seed;
/// assert_eq!(firm_seed(42, 0), 42);
/// assert_ne!(firm_seed(42, 1), firm_seed(42, 2));
/// ```
pub fn firm_seed(seed: u64, firm: usize) -> u64 {
    if firm == 0 {
        return seed;
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(FIRM_SEED_STREAM);
    rng.set_word_pos(firm as u128 * 2);
    rand::Rng::next_u64(&mut rng)
}

/// The market's two streams: Choice (the prospects' quotes from rivals and their logit
/// picks) and Switch (leaving clients' moves), keyed by bytes 0–31 and 32–63 of ChaCha8 keyed
/// by `seed_from_u64(seed)` on stream `2⁶² + 3`.
pub(crate) fn market_streams(seed: u64) -> [Stream; 2] {
    let mut root = ChaCha8Rng::seed_from_u64(seed);
    root.set_stream(MARKET_KEY_STREAM);
    let mut keys = [[0u8; 32]; 2];
    for key in &mut keys {
        rand::Rng::fill_bytes(&mut root, key);
    }
    keys.map(Stream::from_key)
}
