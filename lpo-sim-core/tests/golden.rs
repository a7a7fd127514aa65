//! Value stability: the default scenario's results for fixed seeds are pinned.
//!
//! A change to the model, a default, the stream layout or a dependency's sampling code
//! changes these numbers. When that is intended, rerun with `LPO_SIM_BLESS=1` to rewrite
//! `tests/golden/default_scenario.json`, and say why in the commit message.

use lpo_sim_core::{BuiltinStrategy, Career, CareerPlan, Recorder, Scenario, Simulation};
use serde_json::json;

/// FNV-1a over the bytes: a stable digest of a whole trajectory.
fn fnv1a(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

fn current() -> serde_json::Value {
    let scenario = Scenario::default();
    let mut runs = Vec::new();
    for strategy in BuiltinStrategy::ALL {
        for seed in 1..=3u64 {
            let mut sim =
                Simulation::new(&scenario, strategy.build(&scenario.strategy.rule), seed).unwrap();
            let mut months = Recorder::default();
            let outcome = sim.run_with(&mut months).unwrap();
            let trajectory = serde_json::to_vec(&months.months).unwrap();
            runs.push(json!({
                "strategy": strategy.name(),
                "seed": seed,
                "outcome": outcome,
                "months_digest": fnv1a(&trajectory),
            }));
        }
    }
    let career = Career::new(
        &scenario,
        CareerPlan {
            params: scenario.career.plan,
        },
        1,
    )
    .run();
    json!({ "firm_runs": runs, "career_seed_1": career })
}

#[test]
fn default_scenario_results_are_pinned() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/golden/default_scenario.json"
    );
    let got = serde_json::to_string_pretty(&current()).unwrap() + "\n";
    if std::env::var_os("LPO_SIM_BLESS").is_some() {
        std::fs::write(path, &got).unwrap();
        return;
    }
    let want =
        std::fs::read_to_string(path).expect("golden file exists; create it with LPO_SIM_BLESS=1");
    if got != want {
        let first_difference = got
            .lines()
            .zip(want.lines())
            .position(|(a, b)| a != b)
            .map_or(got.lines().count().min(want.lines().count()), |i| i);
        panic!(
            "default-scenario results changed (first differing line {}):\n  got:  {}\n  want: {}\n\
             If the change is intended, rerun with LPO_SIM_BLESS=1 and explain it in the commit.",
            first_difference + 1,
            got.lines().nth(first_difference).unwrap_or("<end>"),
            want.lines().nth(first_difference).unwrap_or("<end>"),
        );
    }
}
