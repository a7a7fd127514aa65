//! Step a firm month by month and watch it with an observer.
//!
//! ```text
//!   Scenario ──► Simulation::new(scenario, strategy, seed)
//!                    │
//!                    ├─ step() ─► MonthRecord   (one month at a time)
//!                    └─ run_with(&mut observer) ─► RunOutcome
//! ```
//!
//! Run: `cargo run --release --example step_by_step`

use lpo_sim_core::{BuiltinStrategy, MonthRecord, Observer, Scenario, Simulation};

/// Counts months in which an error reached a client.
#[derive(Default)]
struct ErrorMonths {
    months_with_escaped_errors: u32,
    months_seen: u32,
}

impl Observer for ErrorMonths {
    fn on_month(&mut self, record: &MonthRecord) {
        self.months_seen += 1;
        self.months_with_escaped_errors += u32::from(record.errors_escaped > 0);
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let scenario = Scenario::default();
    let strategy = BuiltinStrategy::QualityFirst.build(&scenario.strategy.rule);
    let mut sim = Simulation::new(&scenario, strategy, 3)?;

    // The first year, one month at a time.
    while sim.month() < 12 {
        let Some(m) = sim.step()? else { break };
        println!(
            "month {:>2}: cash {:>9.0}  clients {:>2}  staff {:>2}  trust {:.2}",
            m.month,
            m.cash,
            m.total_clients(),
            m.headcount(),
            m.mean_trust
        );
    }

    // The rest, through an observer.
    let mut errors = ErrorMonths::default();
    let outcome = sim.run_with(&mut errors)?;
    println!(
        "after {} months: {} (final cash {:.0}); errors reached clients in {} of the last {} months",
        outcome.months_run,
        match (outcome.bankrupt_month, outcome.closed_month) {
            (Some(m), _) => format!("bankrupt in month {m}"),
            (None, Some(m)) => format!(
                "closed by the founder in month {m} ({:?})",
                outcome.closure_reason.expect("a closed firm has a reason")
            ),
            (None, None) => "open at the horizon".to_owned(),
        },
        outcome.final_cash,
        errors.months_with_escaped_errors,
        errors.months_seen,
    );
    assert_eq!(
        errors.months_seen + 12.min(outcome.months_run),
        outcome.months_run
    );
    Ok(())
}
