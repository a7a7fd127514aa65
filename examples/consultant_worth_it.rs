//! When does hiring an LPO consultant pay off? ("Entrepreneurs can seek additional help from an
//! LPO consultant if necessary", says the source article.)
//!
//! Engagements of 0, 3, 6 and 12 months (`strategy.rule.consultant_months`), at three monthly
//! fees (`consultant.monthly_fee`; the default is 2,500), for three founders: a novice who knows
//! every line's process only at 0.5, the default founder, and an expert at 0.9 on every line
//! (`founder.knowledge.*`). Every cell runs the same replicate seeds, so the difference from
//! "no consultant" is paired, seed by seed.
//!
//! ```text
//!   founder ∈ {novice, default, expert} × fee ∈ {500, 1000, 2500}
//!       └─► for months ∈ {0, 3, 6, 12}: mc::run_monte_carlo(rule-based, same 2,000 seeds)
//!                 │    └─ an McObserver keeps every replicate's outcome, in seed order
//!                 ▼
//!   P(bankruptcy) [Wilson CI] · median final cash [CI] · paired Δ vs 0 months [CI]
//! ```
//!
//! Run: `cargo run --release --example consultant_worth_it`

use lpo_sim_core::analysis::Metric;
use lpo_sim_core::mc::{McConfig, McObserver, McState, Study, Z95};
use lpo_sim_core::{PerLine, RuleBased, RunOutcome, Scenario};

const SEED: u64 = 9;
const RUNS: u64 = 2000;
const MONTHS: [u32; 4] = [0, 3, 6, 12];
const FEES: [f64; 3] = [500.0, 1000.0, 2500.0];

/// Keeps every replicate's outcome, in replicate order.
#[derive(Default)]
struct Keep(Vec<RunOutcome>);

impl McObserver for Keep {
    fn wants_replicates(&self) -> bool {
        true
    }
    fn on_replicate(&mut self, _index: u64, outcome: &RunOutcome) {
        self.0.push(*outcome);
    }
}

/// Mean of paired differences with its normal 95 % interval.
fn paired(a: &[RunOutcome], b: &[RunOutcome], f: impl Fn(&RunOutcome) -> f64) -> [f64; 3] {
    let d: Vec<f64> = a.iter().zip(b).map(|(x, y)| f(x) - f(y)).collect();
    let n = d.len() as f64;
    let mean = d.iter().sum::<f64>() / n;
    let var = d.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1.0);
    let half = Z95 * (var / n).sqrt();
    [mean, mean - half, mean + half]
}

fn bankrupt(o: &RunOutcome) -> f64 {
    f64::from(u8::from(!o.survived()))
}

struct Cell {
    months: u32,
    state: McState,
    rows: Vec<RunOutcome>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let founders: [(&str, PerLine<f64>); 3] = [
        ("novice (0.5)", PerLine::splat(0.5)),
        ("default", Scenario::default().founder.knowledge),
        ("expert (0.9)", PerLine::splat(0.9)),
    ];
    println!(
        "rule-based strategy, {RUNS} seeds per cell (master seed {SEED}); Δ = with consultant − without, \
         paired by seed\n"
    );
    println!(
        "{:<13} {:>6} {:>6} {:>22} {:>25} {:>26} {:>28}",
        "founder",
        "fee",
        "months",
        "P(bankruptcy) [CI]",
        "Δ P(bankruptcy) [CI]",
        "median final cash [CI]",
        "Δ mean final cash [CI]"
    );
    // (founder, fee, months) → paired Δ P(bankruptcy) [mean, lo, hi]
    let mut deltas: Vec<(usize, f64, u32, [f64; 3])> = Vec::new();
    for (fi, (name, knowledge)) in founders.iter().enumerate() {
        for fee in FEES {
            let mut scenario = Scenario::default();
            scenario.founder.knowledge = *knowledge;
            scenario.consultant.daily_rate = fee / scenario.consultant.days_per_month;
            let mut cells = Vec::new();
            for months in MONTHS {
                let mut rule = scenario.strategy.rule;
                rule.consultant_months = months;
                let mut keep = Keep::default();
                let outcome = Study::new(&scenario)
                    .config(McConfig::default().seed(SEED).runs(RUNS))
                    .strategy(|| RuleBased::new(rule))
                    .observer(&mut keep)
                    .run()?;
                cells.push(Cell {
                    months,
                    state: outcome.state,
                    rows: keep.0,
                });
            }
            let none = &cells[0].rows;
            for cell in &cells {
                let p = Metric::Bankruptcy.evaluate(&cell.state);
                let median = Metric::parse("median:final_cash")?.evaluate(&cell.state);
                let (d_bankrupt, d_cash) = if cell.months == 0 {
                    ("-".to_owned(), "-".to_owned())
                } else {
                    let b = paired(&cell.rows, none, bankrupt);
                    let c = paired(&cell.rows, none, |o| o.final_cash);
                    deltas.push((fi, fee, cell.months, b));
                    (
                        format!("{:+.3} [{:+.3}, {:+.3}]", b[0], b[1], b[2]),
                        format!("{:+.0} [{:+.0}, {:+.0}]", c[0], c[1], c[2]),
                    )
                };
                println!(
                    "{:<13} {fee:>6.0} {:>6} {:>8.3} [{:.3}, {:.3}] {d_bankrupt:>25} {:>26} {d_cash:>28}",
                    if cell.months == 0 { *name } else { "" },
                    cell.months,
                    p.value,
                    p.ci95[0],
                    p.ci95[1],
                    format!(
                        "{:.0} [{:.0}, {:.0}]",
                        median.value, median.ci95[0], median.ci95[1]
                    ),
                );
            }
        }
        println!();
    }

    let delta = |founder: usize, fee: f64, months: u32| -> [f64; 3] {
        deltas
            .iter()
            .find(|(f, e, m, _)| *f == founder && *e == fee && *m == months)
            .map(|d| d.3)
            .expect("every cell was run")
    };
    // Headline 1: at the default fee, every engagement raises P(bankruptcy) for every founder.
    for (founder, (name, _)) in founders.iter().enumerate() {
        for months in &MONTHS[1..] {
            let d = delta(founder, 2500.0, *months);
            assert!(
                d[1] > 0.0,
                "{name} founder, {months} months at 2,500: Δ P(bankruptcy) {d:?} should be above 0"
            );
        }
    }
    // Headline 2: a cheap, short engagement (3 months at 500) lowers P(bankruptcy) a little,
    // for the default founder, and does not raise it for anyone.
    let cheap = delta(1, 500.0, 3);
    assert!(
        cheap[2] < 0.0,
        "3 months at 500 should lower P(bankruptcy) for the default founder: {cheap:?}"
    );
    for (founder, (name, _)) in founders.iter().enumerate() {
        let d = delta(founder, 500.0, 3);
        assert!(
            d[1] < 0.0,
            "{name}: 3 months at 500 should not raise P(bankruptcy): {d:?}"
        );
    }
    let novice = delta(0, 500.0, 3);
    let expert = delta(2, 500.0, 3);
    println!(
        "headline: at the default 2,500 a month every engagement raises P(bankruptcy) (3 months by \
         {:+.3} for the default founder, 12 months by {:+.3}); at 500 a month, 3 months lower it by \
         {:.3} [{:.3}, {:.3}]; the novice gains {:.3}, the expert {:.3}: founder knowledge changes little",
        delta(1, 2500.0, 3)[0],
        delta(1, 2500.0, 12)[0],
        -cheap[0],
        -cheap[2],
        -cheap[1],
        -novice[0],
        -expert[0],
    );
    Ok(())
}
