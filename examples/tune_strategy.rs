//! Tuning the rule-based strategy's thresholds under uncertainty, after first asking how low
//! prices and hiring pace alone can push P(bankruptcy).
//!
//! ```text
//!   1. floor:  price_multiplier 0.8..1.6 × capacity_headroom 0.6..1.4
//!              ── analysis::sweep (same 1,000 seeds everywhere) ──► P(bankruptcy) and
//!                 P(open at 60) tables, cells under 5 %, lowest cell
//!              ── lowest cell again on 4,000 fresh seeds (the minimum of 45 noisy cells flatters)
//!              ── for contrast: founder.savings and founder.network_contacts at the defaults
//!
//!   2. tune:   marketing_share_of_revenue, min_runway_months, capacity_headroom, price_multiplier
//!              ── analysis::tune (cross-entropy, 6 iterations × 12 candidates × 400 seeds) ──┐
//!                 objective: maximise median:final_cash subject to p_bankrupt <= 0.05        │
//!                                                                                            ▼
//!              winner and defaults re-measured on 2,000 fresh seeds ──► trace, validation table
//!              ── the same fresh seeds kept replicate by replicate ──► paired Δ P(bankruptcy),
//!                 Δ P(open at 60), Δ mean final cash, tuned − default
//! ```
//!
//! P(bankruptcy) counts insolvency only. A firm can also be closed by its founder while solvent
//! (MODEL.md §7.3): with the default strategy about a fifth of the firms go bankrupt by month 60
//! and over a third are closed (measured below), so P(open at 60) is reported beside
//! P(bankruptcy). The bound 0.05 is the question's.
//!
//! Run: `cargo run --release --example tune_strategy`

use lpo_sim_core::analysis::{
    Estimate, Metric, Objective, ParamRange, SweepPoint, TuneConfig, VALIDATION_OFFSET, grid,
    study, sweep, tune, with_values,
};
use lpo_sim_core::mc::{McConfig, Study, Z95, wilson};
use lpo_sim_core::{BuiltinStrategy, Scenario};
use lpo_sim_examples::{Keep, bankrupt, open, paired};

const SEED: u64 = 17;
/// The question's bound on P(bankruptcy), and the tuning constraint.
const BOUND: f64 = 0.05;

/// What a table shows of a sweep's cell.
type Column = fn(&SweepPoint) -> f64;

fn est(e: &Estimate, digits: usize) -> String {
    format!(
        "{:.digits$} [{:.digits$}, {:.digits$}]",
        e.value, e.ci95[0], e.ci95[1]
    )
}

fn delta(d: [f64; 3], digits: usize) -> String {
    format!(
        "{:+.digits$} [{:+.digits$}, {:+.digits$}]",
        d[0], d[1], d[2]
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let scenario = Scenario::default();
    let rule_based = |s: &Scenario| BuiltinStrategy::RuleBased.build(&s.strategy.rule);

    // The default first.
    let base = study(
        &scenario,
        &rule_based,
        &McConfig::default().seed(SEED).runs(2000),
    )?;
    let base_bankrupt = Metric::Bankruptcy.evaluate(&base);
    println!(
        "default rule-based strategy over 2,000 seeds: P(bankruptcy) {}, P(closed) {:.3}, \
         P(open at 60) {}",
        est(&base_bankrupt, 3),
        Metric::Closure.evaluate(&base).value,
        est(&Metric::Survival.evaluate(&base), 3),
    );

    // 1. How low can price and hiring pace alone push P(bankruptcy)? The sweep measures
    // P(open at 60) and reports P(bankruptcy) beside it.
    let ranges = [
        ParamRange::parse("strategy.rule.price_multiplier=0.8:1.6:0.1", &scenario)?,
        ParamRange::parse("strategy.rule.capacity_headroom=0.6:1.4:0.2", &scenario)?,
    ];
    let points = grid(&ranges);
    const CELL_RUNS: u64 = 1000;
    let floor = sweep(
        &scenario,
        &ranges,
        &points,
        &rule_based,
        &McConfig::default().seed(SEED).runs(CELL_RUNS),
        &Metric::Survival,
        &mut |_, _| {},
    )?;
    let headrooms = ranges[1].values();
    let cell = |p: f64, h: f64| {
        floor
            .iter()
            .find(|c| c.values == [p, h])
            .expect("every cell was run")
    };
    let tables: [(&str, Column); 2] = [
        ("P(bankruptcy)", |c| c.p_bankrupt),
        ("P(open at 60)", |c| c.estimate.value),
    ];
    for (title, value) in tables {
        println!(
            "\n{title}, 1,000 seeds per cell: rows price multiplier, columns capacity headroom"
        );
        print!("{:>8}", "price");
        for h in &headrooms {
            print!("{h:>9.1}");
        }
        println!();
        for p in ranges[0].values() {
            print!("{p:>8.1}");
            for h in &headrooms {
                print!("{:>9.3}", value(cell(p, *h)));
            }
            println!();
        }
    }
    let bankrupt_ci = |c: &SweepPoint| {
        wilson(
            (c.p_bankrupt * CELL_RUNS as f64).round() as u64,
            CELL_RUNS,
            Z95,
        )
    };
    let under: Vec<_> = floor.iter().filter(|c| bankrupt_ci(c)[1] < BOUND).collect();
    println!(
        "\n{} of {} cells have P(bankruptcy) under {BOUND} with their whole 95 % interval",
        under.len(),
        floor.len()
    );
    let lowest = floor
        .iter()
        .min_by(|a, b| a.p_bankrupt.total_cmp(&b.p_bankrupt))
        .expect("the grid is not empty");
    let lowest_ci = bankrupt_ci(lowest);
    println!(
        "lowest: price × {:.1}, headroom {:.1}: P(bankruptcy) {:.3} [{:.3}, {:.3}], P(open at 60) {}",
        lowest.values[0],
        lowest.values[1],
        lowest.p_bankrupt,
        lowest_ci[0],
        lowest_ci[1],
        est(&lowest.estimate, 3),
    );
    // The lowest of 45 noisy cells is optimistic: measure it again on fresh seeds.
    let fresh = McConfig::default().seed(SEED + 1).runs(4000);
    let lowest_scenario = with_values(
        &scenario,
        &[ranges[0].path.clone(), ranges[1].path.clone()],
        &lowest.values,
    )?;
    let recheck_state = study(&lowest_scenario, &rule_based, &fresh)?;
    let recheck = Metric::Bankruptcy.evaluate(&recheck_state);
    println!(
        "the same cell on 4,000 fresh seeds: P(bankruptcy) {}, P(open at 60) {}",
        est(&recheck, 3),
        est(&Metric::Survival.evaluate(&recheck_state), 3),
    );
    // What else moves it: the founder's capital and network (default strategy).
    println!("what else moves it (default strategy, 2,000 seeds each):");
    let mut by_savings = Vec::new();
    for (path, values) in [
        ("founder.savings", [30_000.0, 60_000.0, 90_000.0]),
        ("founder.network_contacts", [40.0, 80.0, 160.0]),
    ] {
        for v in values {
            let variant = with_values(&scenario, &[path.to_owned()], &[v])?;
            let state = study(
                &variant,
                &rule_based,
                &McConfig::default().seed(SEED).runs(2000),
            )?;
            let e = Metric::Bankruptcy.evaluate(&state);
            println!(
                "  {path} = {v:>6}: P(bankruptcy) {}, P(open at 60) {}",
                est(&e, 3),
                est(&Metric::Survival.evaluate(&state), 3),
            );
            if path == "founder.savings" {
                by_savings.push(e);
            }
        }
    }

    // 2. Tune four thresholds for money, with the question's bound on risk.
    let config = TuneConfig {
        params: vec![
            ParamRange::parse("strategy.rule.marketing_share_of_revenue=0:0.3", &scenario)?,
            ParamRange::parse("strategy.rule.min_runway_months=0:12", &scenario)?,
            ParamRange::parse("strategy.rule.capacity_headroom=0.8:2", &scenario)?,
            ParamRange::parse("strategy.rule.price_multiplier=0.8:1.6", &scenario)?,
        ],
        objective: Objective::parse(&format!(
            "maximise median:final_cash subject to p_bankrupt <= {BOUND}"
        ))?,
        iterations: 6,
        population: 12,
        elite_share: 0.25,
        seed: SEED,
        runs_per_candidate: 400,
        validation_runs: 2000,
        threads: None,
        ensemble: None,
    };
    let result = tune(&scenario, &rule_based, &config, &mut |_, _| {})?;
    println!("\n{}", config.objective);
    println!(
        "{:>4} {:>9} {:>14} {:>14}   sampling means (share, runway, headroom, price)",
        "iter", "feasible", "best median", "elite mean"
    );
    for row in &result.trace {
        println!(
            "{:>4} {:>9} {:>14.0} {:>14.0}   {:.3}, {:.1}, {:.2}, {:.2}",
            row.iteration,
            row.best.feasible,
            row.best.value,
            row.elite_mean,
            row.means[0],
            row.means[1],
            row.means[2],
            row.means[3]
        );
    }
    println!("\n{:<44} {:>10} {:>10}", "parameter", "default", "tuned");
    for ((path, d), t) in result
        .paths
        .iter()
        .zip(&result.default_values)
        .zip(&result.best_values)
    {
        println!("{path:<44} {d:>10.3} {t:>10.3}");
    }
    println!(
        "\n{} evaluations of 400 seeds; validation on {} fresh seeds (replicates from 2^40):",
        result.evaluations, config.validation_runs
    );
    println!(
        "{:<20} {:>34} {:>34}",
        "metric", "default [95% CI]", "tuned [95% CI]"
    );
    for (d, t) in result.default_validated.iter().zip(&result.validated) {
        let digits = if d.metric.starts_with("p_") { 3 } else { 0 };
        println!(
            "{:<20} {:>34} {:>34}",
            d.metric,
            est(&d.validation, digits),
            est(&t.validation, digits)
        );
    }
    // The same fresh seeds again, every replicate kept, for paired differences and for what
    // the objective does not see: firms closed by their founder.
    let validation = McConfig {
        replicates: VALIDATION_OFFSET..VALIDATION_OFFSET + config.validation_runs,
        ..McConfig::default().seed(SEED)
    };
    let tuned_scenario = with_values(&scenario, &result.paths, &result.best_values)?;
    let mut arms = Vec::new();
    for s in [&scenario, &tuned_scenario] {
        let mut keep = Keep::default();
        let outcome = Study::new(s)
            .config(validation.clone())
            .strategy(BuiltinStrategy::RuleBased)
            .observer(&mut keep)
            .run()?;
        arms.push((outcome.state, keep.0));
    }
    let (default_rows, tuned_rows) = (&arms[0].1, &arms[1].1);
    let d_bankrupt = paired(default_rows, tuned_rows, bankrupt);
    let d_open = paired(default_rows, tuned_rows, open);
    let d_cash = paired(default_rows, tuned_rows, |o| o.final_cash);
    let (open_default, open_tuned) = (
        Metric::Survival.evaluate(&arms[0].0),
        Metric::Survival.evaluate(&arms[1].0),
    );
    println!(
        "{:<20} {:>34} {:>34}",
        "p_open",
        est(&open_default, 3),
        est(&open_tuned, 3)
    );
    println!(
        "{:<20} {:>34.3} {:>34.3}",
        "p_closed",
        Metric::Closure.evaluate(&arms[0].0).value,
        Metric::Closure.evaluate(&arms[1].0).value
    );
    println!(
        "paired, tuned − default: Δ P(bankruptcy) {}, Δ P(open at 60) {}, Δ mean final cash {}",
        delta(d_bankrupt, 3),
        delta(d_open, 3),
        delta(d_cash, 0)
    );

    // Headline 1: price and pace alone cannot keep P(bankruptcy) under 5 %: no cell is under
    // it with its whole interval, and the lowest cell, measured again on fresh seeds, stays
    // above it with its whole interval.
    assert!(
        under.is_empty() && recheck.ci95[0] > BOUND,
        "no price or pace should keep P(bankruptcy) under {BOUND}: {} cells under, lowest cell \
         on fresh seeds {recheck:?}",
        under.len()
    );
    // ... and none keeps much more than half the firms open: P(open at 60) stays under 0.6 in
    // every cell, interval included (founders close about a third of the firms).
    let most_open = floor
        .iter()
        .max_by(|a, b| a.estimate.value.total_cmp(&b.estimate.value))
        .expect("the grid is not empty");
    assert!(
        most_open.estimate.ci95[1] < 0.6,
        "no price or pace should keep 60 % of the firms open: {most_open:?}"
    );
    // ... and the lowest cell prices above the reference rate: since the recalibration of
    // 2026-12-07 (price elasticity 2.0, was 2.6; 1.22 since that of 2026-12-08) a dearer price
    // loses fewer leads, and the lowest cells moved from ×0.9–×1.2 to above ×1.0.
    assert!(
        lowest.values[0] > 1.0,
        "the lowest cell should price above the reference: {lowest:?}"
    );
    // Headline 2: capital moves P(bankruptcy) further than any price or pace: three times the
    // savings beats the best cell, intervals disjoint.
    assert!(
        by_savings[2].ci95[1] < recheck.ci95[0],
        "three times the savings should beat the best price and pace: {:?} vs {recheck:?}",
        by_savings[2]
    );
    // Headline 3: on fresh seeds the tuned thresholds are safer than the default (paired Δ
    // P(bankruptcy) below 0) and richer, at the median (intervals disjoint) and on average
    // (paired Δ mean final cash above 0). (At the defaults of 2026-12-07 the paired mean was
    // not shown to differ; before them the medians' intervals overlapped and the paired mean
    // was 90k lower.)
    let [t_cash, d_cash_v] = [&result.validated[0], &result.default_validated[0]];
    assert!(
        d_bankrupt[2] < 0.0,
        "tuned should go bankrupt less often than the default: {d_bankrupt:?}"
    );
    assert!(
        t_cash.validation.ci95[0] > d_cash_v.validation.ci95[1],
        "tuned should have the higher median final cash: {:?} vs {:?}",
        t_cash.validation,
        d_cash_v.validation
    );
    assert!(
        d_cash[1] > 0.0,
        "tuned should end with more mean final cash than the default: {d_cash:?}"
    );
    println!(
        "\nheadline: price and pace alone keep P(bankruptcy) under {BOUND} in {} of {} cells (best \
         at price × {:.1}, headroom {:.1}; on fresh seeds {}), and P(open at 60) stays at most \
         {:.3}: founders close about a third of the firms. The tuned thresholds validate at \
         median final cash {:.0} vs {:.0} USD, Δ P(bankruptcy) {}, Δ P(open at 60) {}, Δ mean \
         final cash {}",
        under.len(),
        floor.len(),
        lowest.values[0],
        lowest.values[1],
        est(&recheck, 3),
        most_open.estimate.value,
        t_cash.validation.value,
        d_cash_v.validation.value,
        delta(d_bankrupt, 3),
        delta(d_open, 3),
        delta(d_cash, 0),
    );
    Ok(())
}
