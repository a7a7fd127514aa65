//! Rigorous hiring or excellent trainers? The source article says employers "should hire
//! individuals with the best credentials, or at the very least, have several excellent
//! trainers". This sweeps both on common random numbers and shows how far one stands in for
//! the other.
//!
//! ```text
//!   strategy.rule.hiring_rigor    1..8   ─┐   (trainers_per_associate = 0.2, so trainers exist)
//!   strategy.rule.trainer_quality 0..1   ─┤
//!                                         ▼
//!        analysis::grid ─► analysis::sweep(rule-based, the same 2,000 replicate seeds per point)
//!                                         │
//!            ┌────────────────────────────┼─────────────────────────────┐
//!            ▼                            ▼                             ▼
//!   heatmap: mean final client trust   heatmap: P(bankruptcy)   heatmap: mean total profit
//!            │
//!            │   then: P(bankruptcy) by trainers_per_associate 0..0.2 (default rigor and quality)
//!            │
//!            └─► headline: low rigor + excellent trainers ≈ rigorous hiring + poor trainers,
//!                both clearly better than neither (95 % CIs), both together best; but for
//!                survival only rigor helps, and more trainers cost it
//! ```
//!
//! Run: `cargo run --release --example rigor_vs_trainers`

use lpo_sim_core::BuiltinStrategy;
use lpo_sim_core::Scenario;
use lpo_sim_core::analysis::{Estimate, Metric, ParamRange, SweepPoint, grid, sweep};
use lpo_sim_core::mc::{McConfig, Z95, wilson};

const SEED: u64 = 2024;
const RUNS: u64 = 2000;
const RIGOR: &str = "strategy.rule.hiring_rigor";
const QUALITY: &str = "strategy.rule.trainer_quality";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut scenario = Scenario::default();
    // Enough trainers that their quality matters: one per five associates.
    scenario.set("strategy.rule.trainers_per_associate", 0.2)?;
    let ranges = [
        ParamRange::parse(&format!("{RIGOR}=1:8:1"), &scenario)?,
        ParamRange::parse(&format!("{QUALITY}=0:1:0.25"), &scenario)?,
    ];
    let points = grid(&ranges);
    let config = McConfig::default().seed(SEED).runs(RUNS);
    let rule_based = |s: &Scenario| BuiltinStrategy::RuleBased.build(&s.strategy.rule);
    let trust_metric = Metric::parse("mean:final_mean_trust")?;
    let profit_metric = Metric::parse("mean:total_profit")?;

    println!(
        "rule-based strategy, trainers_per_associate 0.2, {RUNS} replicates per point (seed {SEED}), \
         {} points",
        points.len()
    );
    let trust = sweep(
        &scenario,
        &ranges,
        &points,
        &rule_based,
        &config,
        &trust_metric,
        &mut |_, _| {},
    )?;
    let profit = sweep(
        &scenario,
        &ranges,
        &points,
        &rule_based,
        &config,
        &profit_metric,
        &mut |_, _| {},
    )?;

    let rigors = ranges[0].values();
    let qualities = ranges[1].values();
    let screens = scenario.workforce.hiring.screens_per_month;
    heatmap(
        "mean client trust at the end (0..1; higher is better)",
        &rigors,
        &qualities,
        screens,
        &trust,
        |p| p.estimate.value,
        |v| format!("{v:.3}"),
    );
    heatmap(
        "P(bankruptcy) within 60 months (lower is better)",
        &rigors,
        &qualities,
        screens,
        &trust,
        |p| -p.p_bankrupt,
        |v| format!("{:.3}", -v),
    );
    heatmap(
        "mean total profit over the run, USD (higher is better)",
        &rigors,
        &qualities,
        screens,
        &profit,
        |p| p.estimate.value,
        |v| format!("{:.0}k", v / 1000.0),
    );

    // The corners of the question. "Rigorous" is the most candidates that can be screened
    // within one month (more adds a month of lead time: see the rows above).
    let rigorous = screens.floor().max(1.0);
    let point = |points: &'_ [SweepPoint], r: f64, q: f64| -> SweepPoint {
        points
            .iter()
            .find(|p| p.values[0] == r && p.values[1] == q)
            .cloned()
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
        "\n{:<50} {:>22} {:>22} {:>26}",
        "corner (95 % CIs)", "mean final trust", "P(bankruptcy)", "mean total profit"
    );
    let mut trust_at = Vec::new();
    let mut bankrupt_at = Vec::new();
    for (label, r, q) in corners {
        let (t, p) = (point(&trust, r, q), point(&profit, r, q));
        let b = wilson((t.p_bankrupt * RUNS as f64).round() as u64, RUNS, Z95);
        println!(
            "{:<50} {:>22} {:>22} {:>26}",
            format!("rigor {r}, trainer quality {q} ({label})"),
            format!(
                "{:.3} [{:.3}, {:.3}]",
                t.estimate.value, t.estimate.ci95[0], t.estimate.ci95[1]
            ),
            format!("{:.3} [{:.3}, {:.3}]", t.p_bankrupt, b[0], b[1]),
            format!(
                "{:.0} [{:.0}, {:.0}]",
                p.estimate.value, p.estimate.ci95[0], p.estimate.ci95[1]
            ),
        );
        trust_at.push(t.estimate);
        bankrupt_at.push(b);
    }
    let [neither, trainers_only, rigor_only, both, slower]: [Estimate; 5] =
        trust_at.try_into().expect("five corners");
    let gain_trainers = trainers_only.value - neither.value;
    let gain_rigor = rigor_only.value - neither.value;
    let gain_both = both.value - neither.value;
    println!(
        "gains over neither: trainers {gain_trainers:+.3}, rigor {gain_rigor:+.3}, both {gain_both:+.3} \
         (sum of the two alone {:+.3})",
        gain_trainers + gain_rigor
    );
    println!(
        "trainer gain at rigor 1 {gain_trainers:+.3}, at rigor {rigorous} {:+.3}",
        both.value - rigor_only.value
    );

    // Headline: each alone clearly beats neither (CIs disjoint) ...
    assert!(
        trainers_only.ci95[0] > neither.ci95[1],
        "excellent trainers should beat neither: {trainers_only:?} vs {neither:?}"
    );
    assert!(
        rigor_only.ci95[0] > neither.ci95[1],
        "rigorous hiring should beat neither: {rigor_only:?} vs {neither:?}"
    );
    // ... and they are comparable: the gap between them is under half the smaller gain ...
    assert!(
        (trainers_only.value - rigor_only.value).abs() < 0.5 * gain_trainers.min(gain_rigor),
        "trainers-only {trainers_only:?} and rigor-only {rigor_only:?} should be comparable"
    );
    // ... but only partly substitutes: both together beat either alone.
    assert!(
        both.ci95[0] > trainers_only.ci95[1].max(rigor_only.ci95[1]),
        "both should beat either alone: {both:?}"
    );
    // Rigor beyond one month of screening loses: the extra month of lead time costs more.
    assert!(
        slower.ci95[1] < rigor_only.ci95[0],
        "rigor {} should do worse than {rigorous}: {slower:?} vs {rigor_only:?}",
        rigorous + 1.0
    );
    // Survival is another matter: rigor lowers P(bankruptcy), trainer quality does not.
    assert!(
        bankrupt_at[2][1] < bankrupt_at[0][0],
        "rigorous hiring should lower P(bankruptcy): {:?} vs {:?}",
        bankrupt_at[2],
        bankrupt_at[0]
    );

    // How many trainers? More of them (at the default rigor and quality) costs survival.
    let count_range = [ParamRange::parse(
        "strategy.rule.trainers_per_associate=0:0.2:0.05",
        &scenario,
    )?];
    let default_rule = Scenario::default();
    let counts = sweep(
        &default_rule,
        &count_range,
        &grid(&count_range),
        &rule_based,
        &config,
        &Metric::Bankruptcy,
        &mut |_, _| {},
    )?;
    println!(
        "\nP(bankruptcy) by trainers per associate (rigor {}, trainer quality {}), 95 % CI:",
        default_rule.strategy.rule.hiring_rigor, default_rule.strategy.rule.trainer_quality
    );
    for p in &counts {
        println!(
            "  {:>5.3} trainers per associate: {:.3}  [{:.3}, {:.3}]",
            p.values[0], p.estimate.value, p.estimate.ci95[0], p.estimate.ci95[1]
        );
    }
    let (none, many) = (&counts[0].estimate, &counts[counts.len() - 1].estimate);
    assert!(
        many.ci95[0] > none.ci95[1],
        "0.2 trainers per associate should cost survival: {many:?} vs {none:?}"
    );

    println!(
        "\nheadline: excellent trainers with unscreened hires (trust {:.3}) come close to rigorous \
         hiring with poor trainers ({:.3}); both beat neither ({:.3}); both together are best ({:.3}). \
         For survival only rigor counts, and more trainers cost it",
        trainers_only.value, rigor_only.value, neither.value, both.value
    );
    Ok(())
}

/// Prints rows (rigor) × columns (trainer quality) with values and a shade: darker is better.
fn heatmap(
    title: &str,
    rigors: &[f64],
    qualities: &[f64],
    screens_per_month: f64,
    points: &[SweepPoint],
    value: impl Fn(&SweepPoint) -> f64,
    show: impl Fn(f64) -> String,
) {
    const SHADES: [char; 5] = [' ', '░', '▒', '▓', '█'];
    let values: Vec<f64> = points.iter().map(&value).collect();
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
