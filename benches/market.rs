//! Criterion benchmark of rival firms in one market (MODEL.md §5.8), per firm-month, beside a
//! firm alone:
//!
//! - `market_firm_month/lone_firm`: whole runs of the default scenario's rule-based firm
//!   alone (`Simulation`), seeds 1–16, as `full_run/default_rule_based` in `firm.rs`.
//! - `market_firm_month/market_of_1`: the same runs as markets of that one firm (bit for bit
//!   the same firm-months: what the market's machinery costs when there are no rivals).
//! - `market_firm_month/market_of_20`: whole runs of a market of 20 rule-based firms on the
//!   default scenario, seeds 1–2.
//!
//! Each iteration runs its firms or markets, built beforehand (untimed), to the end; throughput is firm-months
//! (every firm's months run, summed), so criterion's `elem/s` are firm-months per second and
//! the ratio of times per element is the issue's "cost per firm-month of a market of 20
//! against a lone firm". All on one thread.
//!
//! Run: `cargo bench -p lpo-sim-benches --bench market`. Figures: PERF-NOTES.md, "Rival firms
//! in one market".

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use lpo_sim_core::market::{Entrant, Market, MarketOutcome, MarketParams};
use lpo_sim_core::{BuiltinStrategy, Scenario, Simulation, Strategy};
use std::hint::black_box;
use std::ops::RangeInclusive;

/// Seeds of the lone firm and of the market of one (as `firm.rs`'s whole-run benchmark).
const LONE_SEEDS: RangeInclusive<u64> = 1..=16;
/// Seeds of the market of 20: about as many firm-months per iteration as the lone runs.
const MARKET_SEEDS: RangeInclusive<u64> = 1..=2;
/// Firms in the large market.
const FIRMS: usize = 20;

/// Firm-months of a market's outcome: every firm's months run.
fn firm_months(outcome: &MarketOutcome) -> u64 {
    outcome
        .firms
        .iter()
        .map(|f| u64::from(f.outcome.months_run))
        .sum()
}

fn run_market(entrants: &[Entrant<'_>], seed: u64) -> MarketOutcome {
    Market::new(entrants, &MarketParams::default(), seed)
        .expect("the default scenario makes a valid market")
        .run()
        .expect("built-in strategies decide validly")
}

/// The markets of `entrants` for `seeds`, built and checked, not yet stepped.
fn markets(entrants: &[Entrant<'_>], seeds: RangeInclusive<u64>) -> Vec<Market> {
    seeds
        .map(|seed| Market::new(entrants, &MarketParams::default(), seed).unwrap())
        .collect()
}

/// Runs every market to its end.
fn run_all(markets: Vec<Market>) {
    for market in markets {
        black_box(market.run().unwrap());
    }
}

fn market(c: &mut Criterion) {
    let scenario = Scenario::default();
    let rule = scenario.strategy.rule;
    let make = move || Box::new(BuiltinStrategy::RuleBased.build(&rule)) as Box<dyn Strategy>;
    let names: Vec<String> = (1..=FIRMS).map(|k| format!("rule-based {k}")).collect();
    let entrants: Vec<Entrant<'_>> = names
        .iter()
        .map(|name| Entrant {
            name,
            scenario: &scenario,
            strategy: &make,
        })
        .collect();

    // Firm-months of each benchmark, counted once beforehand.
    let lone: u64 = LONE_SEEDS
        .map(|seed| firm_months(&run_market(&entrants[..1], seed)))
        .sum();
    let many: u64 = MARKET_SEEDS
        .map(|seed| firm_months(&run_market(&entrants, seed)))
        .sum();
    eprintln!(
        "market_firm_month: lone firm and market of 1: seeds {LONE_SEEDS:?}, {lone} firm-months; \
         market of {FIRMS}: seeds {MARKET_SEEDS:?}, {many} firm-months"
    );

    // The firms and markets are built outside the timed routine (`iter_batched`): building a
    // market checks its entrants (`check_market` lists every firm's parameters), which a
    // study does once, not per replicate; the timed part is the months.
    let mut group = c.benchmark_group("market_firm_month");
    group.throughput(Throughput::Elements(lone));
    group.bench_function("lone_firm", |b| {
        b.iter_batched(
            || {
                LONE_SEEDS
                    .map(|seed| {
                        let strategy = BuiltinStrategy::RuleBased.build(&rule);
                        Simulation::new(&scenario, strategy, seed).unwrap()
                    })
                    .collect::<Vec<_>>()
            },
            |sims| {
                for sim in sims {
                    black_box(sim.run().unwrap());
                }
            },
            BatchSize::SmallInput,
        )
    });
    group.bench_function("market_of_1", |b| {
        b.iter_batched(
            || markets(&entrants[..1], LONE_SEEDS),
            run_all,
            BatchSize::SmallInput,
        )
    });
    group.throughput(Throughput::Elements(many));
    group.bench_function(format!("market_of_{FIRMS}"), |b| {
        b.iter_batched(
            || markets(&entrants, MARKET_SEEDS),
            run_all,
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

criterion_group!(benches, market);
criterion_main!(benches);
