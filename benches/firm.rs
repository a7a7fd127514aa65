//! Criterion benchmarks of the firm simulation.
//!
//! - `firm_month/{small,medium,large}`: one month step of a firm already grown to about 5,
//!   50 or 500 staff (warmed up for 24 months, then cloned for each batch so every timed
//!   step starts from the same state; every firm's reach is fixed at 1 so its client count
//!   does not hang on one draw). Throughput is firm-months per second.
//! - `full_run/default_rule_based`: whole default-scenario runs of seeds 1–16 (up to 60
//!   months each); throughput is firm-months per second.
//! - `draws/*`: the floor: the raw generator (ChaCha8, sequential `next_u64`) making as many
//!   64-bit words as the firm-month (or the run) above draws. The count is read from the
//!   streams' positions (`Simulation::random_words_drawn`), so the model runs uninstrumented;
//!   it is printed with the benchmark. Time per firm-month ÷ time of its draws says how far
//!   the month is from the cost of its random numbers alone.
//!
//! Run: `cargo bench -p lpo-sim-benches`. Method and figures: README.md, "Performance".

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use lpo_sim_benches::{FIRM_SIZES, warmed_up};
use lpo_sim_core::{BuiltinStrategy, Scenario, Simulation, Strategy};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::hint::black_box;

/// Words the next step of `sim` draws (on a clone).
fn draws_of_step<S: Strategy + Clone>(sim: &Simulation<S>) -> u64 {
    let mut next = sim.clone();
    let before = next.random_words_drawn();
    next.step().unwrap();
    next.random_words_drawn() - before
}

/// Times the raw generator making `words` 64-bit words, under `draws/{name}`.
fn bench_draws(c: &mut Criterion, name: &str, words: u64) {
    let mut group = c.benchmark_group("draws");
    group.throughput(Throughput::Elements(words));
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    group.bench_function(name, |b| {
        b.iter(|| {
            for _ in 0..words {
                black_box(rng.next_u64());
            }
        })
    });
    group.finish();
}

fn firm_month(c: &mut Criterion) {
    let mut draws = Vec::new();
    let mut group = c.benchmark_group("firm_month");
    group.throughput(Throughput::Elements(1));
    for (name, per_line) in FIRM_SIZES {
        let sim = warmed_up(per_line);
        let words = draws_of_step(&sim);
        eprintln!(
            "firm_month/{name}: {} staff, {} clients after warm-up; the step draws {words} words",
            sim.staff().len(),
            sim.clients().len()
        );
        draws.push((name, words));
        group.bench_function(name, |b| {
            b.iter_batched_ref(
                || sim.clone(),
                |sim| black_box(sim.step().unwrap()),
                BatchSize::SmallInput,
            )
        });
    }
    group.finish();
    for (name, words) in draws {
        bench_draws(c, &format!("firm_month_{name}"), words);
    }
}

/// Seeds of the whole-run benchmark: enough firms that the figure is about the model, not
/// about one firm's luck (one seed can close in month 9 or grow to 40 staff).
const FULL_RUN_SEEDS: std::ops::RangeInclusive<u64> = 1..=16;

fn full_run(c: &mut Criterion) {
    let scenario = Scenario::default();
    let (mut months, mut words) = (0, 0);
    for seed in FULL_RUN_SEEDS {
        let strategy = BuiltinStrategy::RuleBased.build(&scenario.strategy.rule);
        let mut sim = Simulation::new(&scenario, strategy, seed).unwrap();
        months += u64::from(
            sim.run_with(&mut lpo_sim_core::NoObserver)
                .unwrap()
                .months_run,
        );
        words += sim.random_words_drawn();
    }
    eprintln!(
        "full_run/default_rule_based: seeds {FULL_RUN_SEEDS:?}, {months} firm-months, \
         {words} words drawn"
    );
    let mut group = c.benchmark_group("full_run");
    group.throughput(Throughput::Elements(months));
    group.bench_function("default_rule_based", |b| {
        b.iter(|| {
            for seed in FULL_RUN_SEEDS {
                let strategy = BuiltinStrategy::RuleBased.build(&scenario.strategy.rule);
                black_box(
                    Simulation::new(&scenario, strategy, seed)
                        .unwrap()
                        .run()
                        .unwrap(),
                );
            }
        })
    });
    group.finish();
    bench_draws(c, "full_run_default_rule_based", words);
}

criterion_group!(benches, firm_month, full_run);
criterion_main!(benches);
