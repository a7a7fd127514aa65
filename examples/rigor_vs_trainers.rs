//! Rigorous hiring or excellent trainers? The source article says employers "should hire
//! individuals with the best credentials, or at the very least, have several excellent
//! trainers". This sweeps both on common random numbers and shows how far one stands in for
//! the other.
//!
//! Trainers are staffed by `strategy.rule.trainer_coverage` (trainer places per trainee; the
//! default 1.0 gives every trainee a place, so trainers exist and their quality matters).
//! A firm ends insolvent (bankrupt), closed by its founder while solvent, or open at month 60
//! (MODEL.md §7.3), so P(open at 60) is reported beside P(bankruptcy).
//!
//! ```text
//!   strategy.rule.hiring_rigor    1..8   ─┐   (trainer_coverage = 1.0, the default)
//!   strategy.rule.trainer_quality 0..1   ─┤
//!                                         ▼
//!        analysis::grid ─► mc::Study per point (rule-based, the same 2,000 replicate seeds,
//!                          every replicate kept in seed order)
//!                                         │
//!     ┌──────────────────┬────────────────┼──────────────────┬─────────────────────┐
//!     ▼                  ▼                ▼                  ▼                     │
//!  heatmap: mean     heatmap:        heatmap:          heatmap: mean              │
//!  final trust       P(bankruptcy)   P(open at 60)     total profit               │
//!                                                                                  ▼
//!   corners: neither / excellent trainers / rigorous hiring / both / a month slower,
//!            paired Δ vs neither [95 % CIs]
//!   then: P(bankruptcy), P(open at 60) by trainer_coverage 0..2 (default rigor and quality),
//!         paired Δ vs no trainers
//! ```
//!
//! Run: `cargo run --release --example rigor_vs_trainers`

use lpo_sim_core::analysis::{Estimate, Metric, ParamRange, grid, with_values};
use lpo_sim_core::mc::{McConfig, McState, Outcome, Study};
use lpo_sim_core::{BuiltinStrategy, RunOutcome, Scenario};
use lpo_sim_examples::{Keep, bankrupt, open, paired};

const SEED: u64 = 2024;
const RUNS: u64 = 2000;
const RIGOR: &str = "strategy.rule.hiring_rigor";
const QUALITY: &str = "strategy.rule.trainer_quality";
const COVERAGE: &str = "strategy.rule.trainer_coverage";

/// One point of a sweep: its parameter values, its study and its replicates.
struct Point {
    values: Vec<f64>,
    state: McState,
    rows: Vec<RunOutcome>,
}

impl Point {
    fn trust(&self) -> Estimate {
        Metric::Mean(Outcome::FinalMeanTrust).evaluate(&self.state)
    }
    fn profit(&self) -> Estimate {
        Metric::Mean(Outcome::TotalProfit).evaluate(&self.state)
    }
    fn bankrupt(&self) -> Estimate {
        Metric::Bankruptcy.evaluate(&self.state)
    }
    fn open(&self) -> Estimate {
        Metric::Survival.evaluate(&self.state)
    }
}

/// Runs the rule-based strategy at every point of `ranges`' grid on the same seeds.
fn sweep(
    scenario: &Scenario,
    ranges: &[ParamRange],
    config: &McConfig,
) -> Result<Vec<Point>, Box<dyn std::error::Error>> {
    let paths: Vec<String> = ranges.iter().map(|r| r.path.clone()).collect();
    let mut points = Vec::new();
    for values in grid(ranges) {
        let variant = with_values(scenario, &paths, &values)?;
        let mut keep = Keep::default();
        let outcome = Study::new(&variant)
            .config(config.clone())
            .strategy(BuiltinStrategy::RuleBased)
            .observer(&mut keep)
            .run()?;
        points.push(Point {
            values,
            state: outcome.state,
            rows: keep.0,
        });
    }
    Ok(points)
}

fn est(e: Estimate, digits: usize) -> String {
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
    let ranges = [
        ParamRange::parse(&format!("{RIGOR}=1:8:1"), &scenario)?,
        ParamRange::parse(&format!("{QUALITY}=0:1:0.25"), &scenario)?,
    ];
    let config = McConfig::default().seed(SEED).runs(RUNS);
    println!(
        "rule-based strategy, trainer_coverage {}, {RUNS} replicates per point (seed {SEED}), {} points",
        scenario.strategy.rule.trainer_coverage,
        grid(&ranges).len()
    );
    let points = sweep(&scenario, &ranges, &config)?;

    let rigors = ranges[0].values();
    let qualities = ranges[1].values();
    let screens = scenario.workforce.hiring.screens_per_month;
    let map = |title: &str, value: &dyn Fn(&Point) -> f64, show: &dyn Fn(f64) -> String| {
        heatmap(title, &rigors, &qualities, screens, &points, value, show);
    };
    map(
        "mean client trust at the end (0..1; higher is better)",
        &|p| p.trust().value,
        &|v| format!("{v:.3}"),
    );
    map(
        "P(bankruptcy) within 60 months (lower is better)",
        &|p| -p.bankrupt().value,
        &|v| format!("{:.3}", -v),
    );
    map(
        "P(open at 60 months): neither insolvent nor closed (higher is better)",
        &|p| p.open().value,
        &|v| format!("{v:.3}"),
    );
    map(
        "mean total profit over the run, USD (higher is better)",
        &|p| p.profit().value,
        &|v| format!("{:.0}k", v / 1000.0),
    );

    // Final trust counts 0 for a firm that ends without clients: how often does that happen?
    let (runs, clientless) = points
        .iter()
        .flat_map(|p| &p.rows)
        .fold((0, 0), |(n, k), o| {
            (n + 1, k + usize::from(o.final_clients == 0))
        });
    println!(
        "\nruns that end without clients (their final trust counts 0): {:.1} % of {runs}",
        100.0 * clientless as f64 / f64::from(runs)
    );

    // The corners of the question. "Rigorous" is the most candidates that can be screened
    // within one month (more adds a month of lead time: see the rows above).
    let rigorous = screens.floor().max(1.0);
    let point = |r: f64, q: f64| -> &Point {
        points
            .iter()
            .find(|p| p.values[0] == r && p.values[1] == q)
            .expect("the grid holds the corners")
    };
    let corners = [
        ("neither", 1.0, 0.0),
        ("excellent trainers", 1.0, 1.0),
        ("rigorous hiring", rigorous, 0.0),
        ("both", rigorous, 1.0),
        ("a month slower", rigorous + 1.0, 0.0),
    ];
    println!(
        "\n{:<48} {:>22} {:>22} {:>22} {:>26} {:>11}",
        "corner (95 % CIs)",
        "mean final trust",
        "P(bankruptcy)",
        "P(open at 60)",
        "mean total profit",
        "no clients"
    );
    for (label, r, q) in corners {
        let p = point(r, q);
        let clientless = p.rows.iter().filter(|o| o.final_clients == 0).count();
        println!(
            "{:<48} {:>22} {:>22} {:>22} {:>26} {:>9.1} %",
            format!("rigor {r}, trainer quality {q} ({label})"),
            est(p.trust(), 3),
            est(p.bankrupt(), 3),
            est(p.open(), 3),
            est(p.profit(), 0),
            100.0 * clientless as f64 / p.rows.len() as f64,
        );
    }
    let base = &point(1.0, 0.0).rows;
    println!(
        "\n{:<48} {:>24} {:>24} {:>24} {:>28}",
        "paired Δ vs neither (95 % CIs)",
        "Δ mean final trust",
        "Δ P(bankruptcy)",
        "Δ P(open at 60)",
        "Δ mean total profit"
    );
    // [Δ trust, Δ P(bankruptcy), Δ P(open), Δ profit] of each corner against neither.
    let mut gains = Vec::new();
    for (label, r, q) in &corners[1..] {
        let rows = &point(*r, *q).rows;
        let d = [
            paired(base, rows, |o| o.final_mean_trust),
            paired(base, rows, bankrupt),
            paired(base, rows, open),
            paired(base, rows, |o| o.total_profit),
        ];
        println!(
            "{:<48} {:>24} {:>24} {:>24} {:>28}",
            format!("rigor {r}, trainer quality {q} ({label})"),
            delta(d[0], 3),
            delta(d[1], 3),
            delta(d[2], 3),
            delta(d[3], 0),
        );
        gains.push(d);
    }
    let [trainers_only, rigor_only, both, _]: [[[f64; 3]; 4]; 4] =
        gains.try_into().expect("four corners besides neither");
    let (trust, p_bankrupt, p_open, profit) = (0, 1, 2, 3);
    println!(
        "trust gain from excellent trainers: {:+.3} at rigor 1, {:+.3} at rigor {rigorous}; \
         both together {:+.3} against {:+.3} for the two alone added",
        trainers_only[trust][0],
        both[trust][0] - rigor_only[trust][0],
        both[trust][0],
        trainers_only[trust][0] + rigor_only[trust][0],
    );

    // Headline 1 (quality): each alone beats neither, seed by seed ...
    assert!(
        trainers_only[trust][1] > 0.0 && rigor_only[trust][1] > 0.0,
        "excellent trainers {trainers_only:?} and rigorous hiring {rigor_only:?} should each \
         raise trust"
    );
    // ... rigorous hiring and excellent trainers, against each other: printed, not asserted.
    // At the defaults of 2026-12-08 rigorous hiring's edge, +0.004, has an interval whose lower
    // end lies within 0.0001 of zero, so neither "better" nor "not shown to differ" is a
    // result an assertion could hold to (at the defaults of 2026-12-07 rigorous hiring bought
    // about twice as much trust, interval above zero; 2.7 times before them) ...
    let (gain_t, gain_r) = (trainers_only[trust][0], rigor_only[trust][0]);
    let rigor_over_trainers = paired(&point(1.0, 1.0).rows, &point(rigorous, 0.0).rows, |o| {
        o.final_mean_trust
    });
    println!(
        "rigorous hiring against excellent trainers: Δ mean final trust {} (gains {gain_r:+.3} \
         and {gain_t:+.3}, ratio {:.1})",
        delta(rigor_over_trainers, 3),
        gain_r / gain_t
    );
    // ... and both together beat either alone, seed by seed.
    let (t_only, r_only, t_both) = (
        point(1.0, 1.0).trust(),
        point(rigorous, 0.0).trust(),
        point(rigorous, 1.0).trust(),
    );
    let both_rows = &point(rigorous, 1.0).rows;
    let both_over_rigor = paired(&point(rigorous, 0.0).rows, both_rows, |o| {
        o.final_mean_trust
    });
    let both_over_trainers = paired(&point(1.0, 1.0).rows, both_rows, |o| o.final_mean_trust);
    println!(
        "both against rigorous hiring alone: Δ mean final trust {}; against excellent trainers \
         alone: {}",
        delta(both_over_rigor, 3),
        delta(both_over_trainers, 3)
    );
    assert!(
        both_over_rigor[1] > 0.0 && both_over_trainers[1] > 0.0,
        "both should beat either alone: {t_both:?} vs {t_only:?}, {r_only:?}; paired Δ vs \
         rigorous hiring {both_over_rigor:?}, vs excellent trainers {both_over_trainers:?}"
    );
    // Rigor beyond one month of screening loses: the extra month of lead time costs more than
    // the better hires bring. Paired against rigorous hiring within one month (rigor
    // `rigorous`: seven candidates at the defaults of 2026-12-08, six at those of 2026-12-07,
    // three before them), seed by seed.
    let one_month_slower = paired(
        &point(rigorous, 0.0).rows,
        &point(rigorous + 1.0, 0.0).rows,
        |o| o.final_mean_trust,
    );
    println!(
        "a month slower (rigor {}) against rigor {rigorous}: Δ mean final trust {}",
        rigorous + 1.0,
        delta(one_month_slower, 3)
    );
    assert!(
        one_month_slower[2] < 0.0,
        "rigor {} should end with less trust than rigor {rigorous}: {one_month_slower:?}",
        rigorous + 1.0
    );
    // Headline 2 (survival): rigorous hiring keeps a few more firms open at 60 months (its
    // Δ P(bankruptcy), −0.007 with an upper end at +0.0002 at the defaults of 2026-12-08, is
    // printed, not asserted); excellent trainers are not shown to change either P(bankruptcy) or
    // P(open at 60). (At the defaults of 2026-12-07 they cost survival, Δ P(bankruptcy) +0.057
    // and Δ P(open at 60) −0.038, and both together were asserted not to be shown to change
    // P(open at 60); that interval's lower end is now +0.0002, so it is printed, not asserted.)
    assert!(
        rigor_only[p_open][1] > 0.0,
        "rigorous hiring should raise P(open at 60): {:?}",
        rigor_only[p_open]
    );
    assert!(
        [p_bankrupt, p_open]
            .iter()
            .all(|&k| trainers_only[k][1] < 0.0 && trainers_only[k][2] > 0.0),
        "excellent trainers should not be shown to change P(bankruptcy) or P(open at 60): {:?}, \
         {:?}",
        trainers_only[p_bankrupt],
        trainers_only[p_open]
    );
    // Headline 1b (money): excellent trainers add mean total profit, seed by seed (before the
    // recalibration of 2026-12-07 they were not shown to: −2,612 [−12,473, +7,248]); about
    // +10,600 at the defaults of 2026-12-08, +53,400 at those of 2026-12-07.
    assert!(
        trainers_only[profit][1] > 0.0,
        "excellent trainers should add mean total profit: {:?}",
        trainers_only[profit]
    );

    // How many trainers? Coverage from none to two places per trainee, at the default rigor
    // and trainer quality.
    let coverage_range = [ParamRange::parse(
        &format!("{COVERAGE}=0:2:0.5"),
        &scenario,
    )?];
    let coverage = sweep(&scenario, &coverage_range, &config)?;
    println!(
        "\nby trainer places per trainee (rigor {}, trainer quality {}), paired Δ vs no trainers, 95 % CIs:",
        scenario.strategy.rule.hiring_rigor, scenario.strategy.rule.trainer_quality
    );
    println!(
        "{:>9} {:>22} {:>22} {:>24} {:>24} {:>22}",
        "coverage",
        "P(bankruptcy)",
        "P(open at 60)",
        "Δ P(bankruptcy)",
        "Δ P(open at 60)",
        "mean final trust"
    );
    let none = &coverage[0].rows;
    let mut by_coverage = Vec::new();
    for p in &coverage {
        let d = [paired(none, &p.rows, bankrupt), paired(none, &p.rows, open)];
        println!(
            "{:>9.2} {:>22} {:>22} {:>24} {:>24} {:>22}",
            p.values[0],
            est(p.bankrupt(), 3),
            est(p.open(), 3),
            delta(d[0], 3),
            delta(d[1], 3),
            est(p.trust(), 3),
        );
        by_coverage.push(d);
    }
    // Headline 3: trainers cost survival. The default coverage (one place per trainee) against
    // none: more bankruptcies, fewer firms open at 60 months.
    let default_coverage = coverage
        .iter()
        .position(|p| p.values[0] == scenario.strategy.rule.trainer_coverage)
        .expect("the sweep holds the default coverage");
    let [d_bankrupt, d_open] = by_coverage[default_coverage];
    assert!(
        d_bankrupt[1] > 0.0 && d_open[2] < 0.0,
        "the default trainer coverage should cost survival against none: {d_bankrupt:?}, {d_open:?}"
    );
    // Two places per trainee against one, paired seed by seed.
    let most = &coverage[coverage.len() - 1];
    let more_trainers = paired(&coverage[default_coverage].rows, &most.rows, bankrupt);
    println!(
        "{} against {} places per trainee: Δ P(bankruptcy) {}",
        most.values[0],
        scenario.strategy.rule.trainer_coverage,
        delta(more_trainers, 3)
    );
    assert!(
        more_trainers[1] > 0.0,
        "two places per trainee should cost more than one: {more_trainers:?}"
    );

    println!(
        "\nheadline: rigorous hiring with poor trainers (trust {:.3}) and excellent trainers \
         with unscreened hires ({:.3}) each beat neither ({:.3}); both together are best \
         ({:.3}). For survival rigor helps a little and excellent trainers are not shown to \
         matter: rigor moves P(bankruptcy) by {}, excellent trainers by {}, P(open at 60) by {} \
         and {}; both together move P(open at 60) by {}. Excellent trainers add {} of mean \
         total profit. Having trainers at all costs survival: one place per trainee against \
         none adds {} to P(bankruptcy)",
        r_only.value,
        t_only.value,
        point(1.0, 0.0).trust().value,
        t_both.value,
        delta(rigor_only[p_bankrupt], 3),
        delta(trainers_only[p_bankrupt], 3),
        delta(rigor_only[p_open], 3),
        delta(trainers_only[p_open], 3),
        delta(both[p_open], 3),
        delta(trainers_only[profit], 0),
        delta(d_bankrupt, 3),
    );
    Ok(())
}

/// Prints rows (rigor) × columns (trainer quality) with values and a shade: darker is better.
fn heatmap(
    title: &str,
    rigors: &[f64],
    qualities: &[f64],
    screens_per_month: f64,
    points: &[Point],
    value: &dyn Fn(&Point) -> f64,
    show: &dyn Fn(f64) -> String,
) {
    const SHADES: [char; 5] = [' ', '░', '▒', '▓', '█'];
    let values: Vec<f64> = points.iter().map(value).collect();
    let (lo, hi) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(*v), b.max(*v))
        });
    println!("\n{title}; shade: darker is better");
    print!("{:>16} ", "rigor \\ quality");
    for q in qualities {
        print!("{q:>10.2}");
    }
    println!("   lead time");
    for &r in rigors {
        print!("{r:>16} ");
        for &q in qualities {
            let p = points
                .iter()
                .find(|p| p.values[0] == r && p.values[1] == q)
                .expect("every grid point was run");
            let v = value(p);
            let level = if hi > lo {
                (((v - lo) / (hi - lo)) * 4.0).round() as usize
            } else {
                4
            };
            print!("{:>8} {}", show(v), SHADES[level.min(4)]);
        }
        let lead = (r / screens_per_month).ceil().max(1.0);
        println!("   {lead} month{}", if lead > 1.0 { "s" } else { "" });
    }
}
