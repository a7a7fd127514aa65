//! The Monte Carlo engine: reproducibility across threads and shards, replay, precision
//! stops, cancellation, bounded memory, and statistics against known distributions.

mod common;

use common::{Fixed, every_lead_signs, scenario_with};
use lpo_sim_core::mc::{
    ExactMoments, LogSketch, Manifest, McConfig, McObserver, McState, PrecisionTarget, ROUND_SIZE,
    StopReason, Study, StudyFile, Z95, merge_shards, replicate_seed,
};
use lpo_sim_core::{BuiltinStrategy, RunOutcome, Scenario, Simulation};
use std::sync::atomic::{AtomicBool, Ordering};

fn short_scenario() -> Scenario {
    scenario_with(&[("horizon_months", 24.0)])
}

fn study(scenario: &Scenario, config: &McConfig) -> lpo_sim_core::mc::McOutcome {
    let rule = scenario.strategy.rule;
    Study::new(scenario)
        .config(config.clone())
        .strategy(|| BuiltinStrategy::RuleBased.build(&rule))
        .run()
        .unwrap()
}

fn file_json(scenario: &Scenario, total: u64, outcome: lpo_sim_core::mc::McOutcome) -> String {
    let manifest = Manifest::new(
        scenario,
        "rule-based",
        5,
        total,
        outcome.replicates.clone(),
        None,
    );
    StudyFile::new(manifest, outcome.stop, outcome.state).to_json()
}

#[test]
fn results_are_bit_identical_for_any_thread_count() {
    let scenario = short_scenario();
    let runs = ROUND_SIZE + 700; // two rounds, the second partial
    let jsons: Vec<String> = [1, 2, 4]
        .into_iter()
        .map(|threads| {
            let mut config = McConfig::default().seed(5).runs(runs);
            config.threads = Some(threads);
            file_json(&scenario, runs, study(&scenario, &config))
        })
        .collect();
    assert_eq!(jsons[0], jsons[1]);
    assert_eq!(jsons[0], jsons[2]);
}

#[test]
fn merged_shards_equal_the_whole_study_byte_for_byte() {
    let scenario = short_scenario();
    let runs = 3000;
    let whole = file_json(
        &scenario,
        runs,
        study(&scenario, &McConfig::default().seed(5).runs(runs)),
    );
    // Uneven shards, given out of order.
    let ranges = [(1700, 3000), (0, 999), (999, 1700)];
    let shards = ranges
        .iter()
        .map(|&(a, b)| {
            let mut config = McConfig::default().seed(5).runs(runs);
            config.replicates = a..b;
            let json = file_json(&scenario, runs, study(&scenario, &config));
            (
                format!("shard-{a}.json"),
                StudyFile::from_json(&json, "shard.json").unwrap(),
            )
        })
        .collect();
    assert_eq!(merge_shards(shards).unwrap().to_json(), whole);
}

#[test]
fn merge_refuses_shards_that_are_not_one_complete_study() {
    let scenario = short_scenario();
    let shard = |seed: u64, a: u64, b: u64| {
        let mut config = McConfig::default().seed(seed).runs(600);
        config.replicates = a..b;
        let outcome = study(&scenario, &config);
        let manifest = Manifest::new(
            &scenario,
            "rule-based",
            seed,
            600,
            outcome.replicates.clone(),
            None,
        );
        StudyFile::new(manifest, outcome.stop, outcome.state)
    };
    let name = |s: &str| s.to_owned();
    let missing = merge_shards(vec![
        (name("a"), shard(5, 0, 200)),
        (name("c"), shard(5, 400, 600)),
    ]);
    assert!(missing.unwrap_err().to_string().contains("200..400"));
    let overlap = merge_shards(vec![
        (name("a"), shard(5, 0, 400)),
        (name("b"), shard(5, 300, 600)),
    ]);
    assert!(overlap.unwrap_err().to_string().contains("overlap"));
    let seeds = merge_shards(vec![
        (name("a"), shard(5, 0, 300)),
        (name("b"), shard(6, 300, 600)),
    ]);
    assert!(seeds.unwrap_err().to_string().contains("seed"));
    let short = merge_shards(vec![(name("a"), shard(5, 0, 300))]);
    assert!(short.unwrap_err().to_string().contains("300..600"));
    let mut other = scenario.clone();
    other.finance.founder_draw += 1.0;
    let foreign = {
        let f = shard(5, 300, 600);
        let mut manifest = f.manifest.clone();
        manifest.scenario_fingerprint = other.fingerprint();
        StudyFile { manifest, ..f }
    };
    let mixed = merge_shards(vec![(name("a"), shard(5, 0, 300)), (name("b"), foreign)]);
    assert!(
        mixed
            .unwrap_err()
            .to_string()
            .contains("scenario fingerprint")
    );
}

/// Collects every replicate's outcome.
#[derive(Default)]
struct Rows(Vec<(u64, RunOutcome)>);

impl McObserver for Rows {
    fn wants_replicates(&self) -> bool {
        true
    }
    fn on_replicate(&mut self, index: u64, outcome: &RunOutcome) {
        self.0.push((index, *outcome));
    }
}

#[test]
fn a_replicate_replayed_alone_equals_its_run_inside_the_study() {
    let scenario = short_scenario();
    let rule = scenario.strategy.rule;
    let mut rows = Rows::default();
    let mut config = McConfig::default().seed(11).runs(500);
    config.threads = Some(2);
    Study::new(&scenario)
        .config(config.clone())
        .strategy(|| BuiltinStrategy::Aggressive.build(&rule))
        .observer(&mut rows)
        .run()
        .unwrap();
    assert_eq!(rows.0.len(), 500);
    assert!(
        rows.0.iter().enumerate().all(|(i, (k, _))| *k == i as u64),
        "rows in order"
    );
    for k in [0u64, 137, 499] {
        let alone = Simulation::new(
            &scenario,
            BuiltinStrategy::Aggressive.build(&rule),
            replicate_seed(11, k),
        )
        .unwrap()
        .run()
        .unwrap();
        assert_eq!(alone, rows.0[k as usize].1, "replicate {k}");
    }
}

#[test]
fn a_precision_target_stops_at_the_same_round_on_any_thread_count() {
    let scenario = short_scenario();
    let target = PrecisionTarget::parse("p_bankrupt:0.01").unwrap();
    let runs: Vec<_> = [1, 2]
        .into_iter()
        .map(|threads| {
            let mut config = McConfig::default().seed(2).runs(200_000);
            config.threads = Some(threads);
            config.until = Some(target.clone());
            let outcome = study(&scenario, &config);
            assert_eq!(outcome.stop, StopReason::PrecisionReached);
            assert_eq!(
                outcome.replicates.end % ROUND_SIZE,
                0,
                "stops between rounds"
            );
            assert!(target.is_met(&outcome.summary()));
            file_json(&scenario, 200_000, outcome)
        })
        .collect();
    assert_eq!(runs[0], runs[1]);
    assert!(PrecisionTarget::parse("final_cash:-3").is_err());
    assert!(PrecisionTarget::parse("no_such:3").is_err());
}

/// Cancels after the first round.
struct CancelAfterFirstRound<'a>(&'a AtomicBool);

impl McObserver for CancelAfterFirstRound<'_> {
    fn on_round(&mut self, _done: u64, _planned: u64) {
        self.0.store(true, Ordering::Relaxed);
    }
}

#[test]
fn cancelling_keeps_whole_rounds_and_marks_the_file_partial() {
    let scenario = short_scenario();
    let rule = scenario.strategy.rule;
    let cancel = AtomicBool::new(false);
    let config = McConfig::default().seed(3).runs(3 * ROUND_SIZE);
    let outcome = Study::new(&scenario)
        .config(config.clone())
        .strategy(|| BuiltinStrategy::RuleBased.build(&rule))
        .cancel_on(&cancel)
        .observer(&mut CancelAfterFirstRound(&cancel))
        .run()
        .unwrap();
    assert_eq!(outcome.stop, StopReason::Cancelled);
    assert_eq!(outcome.replicates, 0..ROUND_SIZE);
    assert_eq!(outcome.state.runs, ROUND_SIZE);
    let manifest = Manifest::new(
        &scenario,
        "rule-based",
        3,
        3 * ROUND_SIZE,
        outcome.replicates.clone(),
        None,
    );
    assert!(StudyFile::new(manifest, outcome.stop, outcome.state).partial);
}

#[test]
fn memory_does_not_grow_with_the_number_of_replicates() {
    let scenario = short_scenario();
    let size = |runs| {
        serde_json::to_string(&study(&scenario, &McConfig::default().seed(8).runs(runs)).state)
            .unwrap()
            .len()
    };
    let (small, large) = (size(1_000), size(20_000));
    assert!(
        large < 2 * small,
        "state of 20,000 replicates is {large} bytes vs {small} for 1,000"
    );
}

/// With every lead signing and no churn, final clients are Poisson(λ·t): the study's mean CI
/// must cover λ·t and its SD match √(λ·t).
#[test]
fn study_statistics_match_a_closed_form_outcome() {
    let mut settings = every_lead_signs();
    settings.extend([("horizon_months", 12.0)]);
    let scenario = scenario_with(&settings);
    let make = || {
        let mut s = Fixed::new(&scenario);
        s.decisions.marketing = 250.0; // λ = 2.5 leads a month
        s
    };
    let outcome = Study::new(&scenario)
        .config(McConfig::default().seed(4).runs(8000))
        .strategy(make)
        .run()
        .unwrap();
    let clients = outcome.summary().outcomes.final_clients;
    let expected = 2.5 * 12.0;
    assert!(
        clients.ci95[0] <= expected && expected <= clients.ci95[1],
        "{clients:?}"
    );
    assert!(
        (clients.sd - expected.sqrt()).abs() < 0.1,
        "sd {} vs {}",
        clients.sd,
        expected.sqrt()
    );
    // Poisson(30) median is 30 (rank-based, exact for integers at this accuracy).
    assert_eq!(clients.median(), 30.0);
}

/// Across 2,000 samples of 100 normal values, the 95 % CI covers the true mean about 95 % of
/// the time, and the sketch's quartiles are within 0.5 % of the exact ones.
#[test]
fn confidence_intervals_cover_at_the_stated_rate() {
    use rand::SeedableRng;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(77);
    let experiments = 2000;
    let mut covered = 0;
    for _ in 0..experiments {
        let mut m = ExactMoments::new(1e-6);
        for _ in 0..100 {
            m.add(10.0 + 3.0 * lpo_sim_core::sample::standard_normal(&mut rng));
        }
        let se = (m.sample_variance() / 100.0).sqrt();
        covered += u32::from((m.mean() - 10.0).abs() <= Z95 * se);
    }
    let rate = f64::from(covered) / f64::from(experiments);
    // Binomial SE of the rate is 0.005; t vs normal costs about 0.3 points at n = 100.
    assert!((0.93..=0.965).contains(&rate), "coverage {rate}");

    let mut sketch = LogSketch::new(0.005);
    let mut values: Vec<f64> = (0..10_001).map(|i| f64::from(i).powf(1.5)).collect();
    values.iter().for_each(|v| sketch.add(*v));
    values.sort_by(f64::total_cmp);
    for q in [0.25, 0.5, 0.75] {
        let exact = values[(q * 10_000.0) as usize];
        assert!((sketch.quantile(q) - exact).abs() <= 0.005 * exact, "q {q}");
    }
}

#[test]
fn an_empty_state_merges_as_identity() {
    let scenario = short_scenario();
    let outcome = study(&scenario, &McConfig::default().seed(1).runs(300));
    let mut merged = McState::new(24);
    merged.merge(&outcome.state);
    assert_eq!(merged, outcome.state);
}

#[test]
fn a_lifecycle_replicate_is_its_career_then_the_firm_that_career_founds() {
    let scenario = short_scenario();
    let rule = scenario.strategy.rule;
    let plan = scenario.career.plan;
    let mut rows = Rows::default();
    let (firms, careers) = Study::new(&scenario)
        .config(McConfig::default().seed(6).runs(300))
        .strategy(|| BuiltinStrategy::RuleBased.build(&rule))
        .observer(&mut rows)
        .run_lifecycle(plan)
        .unwrap();
    assert_eq!((firms.state.runs, careers.runs), (300, 300));
    let k = 42;
    let seed = replicate_seed(6, k);
    let career =
        lpo_sim_core::Career::new(&scenario, lpo_sim_core::CareerPlan { params: plan }, seed).run();
    let alone = Simulation::with_founder(
        &scenario,
        career.profile,
        BuiltinStrategy::RuleBased.build(&rule),
        seed,
    )
    .unwrap()
    .run()
    .unwrap();
    assert_eq!(alone, rows.0[k as usize].1);
}

#[test]
fn career_studies_are_thread_independent_and_summarised() {
    let scenario = Scenario::default();
    let runs = |threads| {
        let mut config = McConfig::default().seed(9).runs(2000);
        config.threads = Some(threads);
        Study::new(&scenario)
            .config(config.clone())
            .run_careers(scenario.career.plan)
            .unwrap()
            .1
    };
    let one = runs(1);
    assert_eq!(one, runs(2));
    let summary = lpo_sim_core::mc::CareerSummary::of(&one);
    assert_eq!(summary.runs, 2000);
    // The default plan: 6 + 6 months of classes, 24 months in a law office, 48 in LPO work,
    // then founding once 15,000 is saved; job searches take time, so no career is shorter.
    assert!(summary.months.min >= 84.0, "{:?}", summary.months);
    assert!(summary.founded.estimate > 0.5, "{:?}", summary.founded);
    assert!(
        (summary.law_office_years.median() - 2.0).abs() <= 0.005 * 2.0,
        "within the sketch accuracy"
    );
}

/// Studies with empty outcomes (nobody broke even: NaN statistics, infinite min/max) still
/// write files that read back to the same bytes.
#[test]
fn study_files_round_trip_even_with_empty_outcomes() {
    let scenario = scenario_with(&[("horizon_months", 2.0), ("finance.it_fixed", 1e6)]);
    let outcome = study(&scenario, &McConfig::default().seed(1).runs(50));
    assert_eq!(
        outcome.state.outcomes.break_even_month.moments.n, 0,
        "setting has no break-even"
    );
    let json = file_json(&scenario, 50, outcome);
    let back = StudyFile::from_json(&json, "study.json").unwrap();
    let again = back.to_json();
    if let Some((i, (a, b))) = again
        .lines()
        .zip(json.lines())
        .enumerate()
        .find(|(_, (a, b))| a != b)
    {
        panic!("line {}: read back `{a}`, written `{b}`", i + 1);
    }
    assert_eq!(again, json);
}

/// Edited or damaged shards are refused with a message, never a panic.
#[test]
fn merge_refuses_damaged_shards() {
    let scenario = short_scenario();
    let good = || {
        let outcome = study(&scenario, &McConfig::default().seed(5).runs(200));
        let manifest = Manifest::new(
            &scenario,
            "rule-based",
            5,
            200,
            outcome.replicates.clone(),
            None,
        );
        StudyFile::new(manifest, outcome.stop, outcome.state)
    };
    type Damage = fn(&mut StudyFile);
    let damage: [(&str, Damage); 4] = [
        ("sketch accuracy", |f| {
            f.state.outcomes.final_cash.sketch.alpha = 0.01
        }),
        ("counts", |f| f.state.bankrupt = f.state.runs + 1),
        ("range", |f| f.manifest.replicates = 0..300),
        ("horizon", |f| {
            f.state.alive_at_month_end.pop();
        }),
    ];
    for (what, damage) in damage {
        let mut file = good();
        damage(&mut file);
        let err = merge_shards(vec![("shard.json".to_owned(), file)])
            .unwrap_err()
            .to_string();
        assert!(err.contains("shard.json"), "{what}: {err}");
    }
}

/// Issue 16: a founder who knows every line a little (0.35, below the skilled lines'
/// requirements) still sells, and pays for it in conversion: most firms earn revenue (349 of
/// 400 on the calibration of 2026-12-08; the cliff this replaced left every firm without
/// any), fewer leads sign than for the default founder, and no warning is raised.
#[test]
fn a_founder_below_every_skilled_requirement_still_earns_revenue() {
    let config = McConfig::default().seed(7).runs(400);
    let mut novice = Scenario::default();
    novice.founder.knowledge = lpo_sim_core::PerLine::splat(0.35);
    let novice = study(&novice, &config).summary();
    let default = study(&Scenario::default(), &config).summary();
    let earned = novice.runs - novice.sales.without_revenue();
    assert!(
        earned * 10 >= novice.runs * 8,
        "{earned} of {} earned",
        novice.runs
    );
    assert!(novice.outcomes.total_revenue.median() > 0.0);
    assert!(novice.sales.warning(novice.runs).is_none());
    let signed = |s: &lpo_sim_core::mc::McSummary| {
        s.sales.funnel.clients_won as f64 / s.sales.funnel.offered_leads as f64
    };
    assert!(
        signed(&novice) < signed(&default),
        "novice signs {} of leads, default founder {}",
        signed(&novice),
        signed(&default)
    );
}

/// Issue 16: a study whose firms never sell says so and names where sales stopped.
#[test]
fn a_study_without_revenue_names_the_cause() {
    let config = McConfig::default().seed(3).runs(64);
    let never_signs = scenario_with(&[("horizon_months", 24.0), ("clients.base_conversion", 0.0)]);
    let summary = study(&never_signs, &config).summary();
    assert_eq!(summary.sales.without_revenue(), summary.runs);
    assert_eq!(
        summary.sales.main_stall(),
        Some(lpo_sim_core::SalesStall::NoneSigned)
    );
    let warning = summary.sales.warning(summary.runs).unwrap();
    assert!(
        warning.starts_with("no firm earned any revenue"),
        "{warning}"
    );
    assert!(warning.contains("clients.base_conversion"), "{warning}");
    // A study whose firms sell has no warning.
    let sells = study(&short_scenario(), &config).summary();
    assert!(sells.sales.warning(sells.runs).is_none());
}

/// The conduct tally behind the verdict counts every firm once, open or ended, and every
/// founder past the first year once (the state's equality across thread counts covers its
/// determinism).
#[test]
fn the_verdict_counts_every_firm_once() {
    let scenario = short_scenario();
    let outcome = study(&scenario, &McConfig::default().seed(3).runs(500));
    let s = outcome.summary();
    let c = &s.conduct;
    assert_eq!(c.open.firms + c.ended.firms, s.runs);
    assert_eq!(c.open.firms, s.open.count);
    assert!(c.past_first_year <= s.runs && c.drew_outside_pay <= c.past_first_year);
    assert!(c.open.hired_early <= c.open.hired && c.open.hired <= c.open.firms);
    let verdict = lpo_sim_core::mc::Verdict::of(&s, scenario.horizon_months);
    assert!(
        verdict.odds.contains("500 firms simulated"),
        "{}",
        verdict.odds
    );
}
