//! Criterion benchmark of the Monte Carlo engine: 1,000 replicates of the default scenario
//! (rule-based strategy), on one thread and on every core. Throughput in replicates per second.
//!
//! Run: `cargo bench -p lpo-sim-benches --bench mc`. Figures: README.md, "Performance".

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lpo_sim_core::mc::{McConfig, Study};
use lpo_sim_core::{BuiltinStrategy, Scenario};
use std::hint::black_box;

fn study(c: &mut Criterion) {
    let scenario = Scenario::default();
    let rule = scenario.strategy.rule;
    let mut group = c.benchmark_group("mc_default_1000_replicates");
    group.throughput(Throughput::Elements(1000));
    group.sample_size(20);
    for (name, threads) in [("one_thread", Some(1)), ("all_cores", None)] {
        let mut config = McConfig::default().seed(1).runs(1000);
        config.threads = threads;
        group.bench_function(name, |b| {
            b.iter(|| {
                let outcome = Study::new(&scenario)
                    .config(config.clone())
                    .strategy(|| BuiltinStrategy::RuleBased.build(&rule))
                    .run()
                    .unwrap();
                black_box(outcome.state.runs)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, study);
criterion_main!(benches);
