//! Criterion benchmarks of the firm simulation.
//!
//! - `firm_month/{small,medium,large}`: one month step of a firm already grown to about 5,
//!   50 or 500 staff (warmed up for 24 months, then cloned for each batch so every timed
//!   step starts from the same state). Throughput is firm-months per second.
//! - `full_run/default_rule_based`: a whole default-scenario run, seed 1 (60 months).
//!
//! Run: `cargo bench -p lpo-sim-benches`. Method and figures: README.md, "Performance".

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use lpo_sim_core::params::set_param;
use lpo_sim_core::{
    BuiltinStrategy, Decisions, Observation, PerLine, Scenario, Simulation, Strategy,
};
use std::hint::black_box;

/// Keeps a fixed staff on every line and markets enough to keep it busy.
#[derive(Clone)]
struct SteadyFirm {
    associates_per_line: u32,
}

impl Strategy for SteadyFirm {
    fn name(&self) -> &str {
        "steady-firm"
    }

    fn decide(&mut self, _obs: &Observation<'_>, d: &mut Decisions) {
        d.offered = PerLine::splat(true);
        d.associates = PerLine::splat(self.associates_per_line);
        d.trainers = self.associates_per_line.div_ceil(2);
        d.hiring_rigor = 3;
        d.marketing = 2_000.0 * f64::from(self.associates_per_line);
        d.qa_share = 0.1;
    }
}

fn warmed_up(associates_per_line: u32) -> Simulation<SteadyFirm> {
    let mut scenario = Scenario::default();
    for (path, value) in [
        ("horizon_months", 1200.0),
        ("founder.savings", 1e9),
        ("clients.market_potential", 1e6),
    ] {
        set_param(&mut scenario, path, value).expect("known parameter");
    }
    let mut sim = Simulation::new(
        &scenario,
        SteadyFirm {
            associates_per_line,
        },
        1,
    )
    .unwrap();
    for _ in 0..24 {
        sim.step().unwrap();
    }
    sim
}

fn firm_month(c: &mut Criterion) {
    let mut group = c.benchmark_group("firm_month");
    group.throughput(Throughput::Elements(1));
    for (name, per_line) in [("small", 1), ("medium", 10), ("large", 100)] {
        let sim = warmed_up(per_line);
        eprintln!(
            "firm_month/{name}: {} staff, {} clients after warm-up",
            sim.staff().len(),
            sim.clients().len()
        );
        group.bench_function(name, |b| {
            b.iter_batched_ref(
                || sim.clone(),
                |sim| black_box(sim.step().unwrap()),
                BatchSize::SmallInput,
            )
        });
    }
    group.finish();
}

fn full_run(c: &mut Criterion) {
    let scenario = Scenario::default();
    let months = Simulation::new(
        &scenario,
        BuiltinStrategy::RuleBased.build(&scenario.strategy.rule),
        1,
    )
    .unwrap()
    .run()
    .unwrap()
    .months_run;
    let mut group = c.benchmark_group("full_run");
    group.throughput(Throughput::Elements(u64::from(months)));
    group.bench_function("default_rule_based", |b| {
        b.iter(|| {
            let strategy = BuiltinStrategy::RuleBased.build(&scenario.strategy.rule);
            black_box(
                Simulation::new(&scenario, strategy, 1)
                    .unwrap()
                    .run()
                    .unwrap(),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, firm_month, full_run);
criterion_main!(benches);
