//! Rival firms in one market (MODEL.md §5.8): K firms, each with its own founder, strategy
//! and scenario, stepped in lockstep month by month; one economy, one pool of prospects who
//! choose among the firms that offer their line by trust and price, and clients who leave one
//! firm for a rival.
//!
//! - [`Market`] steps one replicate of the market; [`MarketOutcome`] is its result.
//! - [`MarketStudy`] runs replicates in parallel into a [`MarketState`] (exact, mergeable:
//!   bit-identical for any thread count and shard split); [`MarketSummary`] gives per-firm
//!   survival, bankruptcy, shares and prices, and the market's.
//! - [`MarketStudyFile`] is what `lpo-sim market --out` writes (digest and structural
//!   checks); [`merge_market_shards`] merges the files of a study's shards into the file one
//!   run writes, byte for byte.
//! - [`MarketParams`] holds the `market.*` parameters; [`choose`] and [`switch_target`] are
//!   the choice model.
//!
//! A market of one firm is, bit for bit, that firm alone (`tests/market.rs` says so).

mod choice;
mod economy;
mod engine;
mod file;
mod outcome;
mod params;
mod seeds;
mod study;

pub use choice::{ChoiceScratch, Offer, choose, logit_shares, switch_target, utility};
pub use engine::{Entrant, MAX_FIRMS, Market, check_market, is_market_wide};
pub use file::{
    MARKET_FILE_KIND, MarketFileError, MarketFileFirm, MarketManifest, MarketMergeError,
    MarketStudyFile, is_market_file, merge_market_shards,
};
pub use outcome::{FirmOutcome, MarketOutcome};
pub use params::MarketParams;
pub use seeds::firm_seed;
pub use study::{
    FirmSummary, FirmTally, MarketState, MarketStudy, MarketStudyOutcome, MarketSummary,
    MeanEstimate,
};
