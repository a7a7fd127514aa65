//! Common random numbers: each process draws from its own stream, so changing one decision
//! leaves the other processes' draws unchanged.

mod common;

use common::{Fixed, scenario_with};
use lpo_sim_core::{Recorder, ServiceLine, Simulation};

fn months(
    scenario: &lpo_sim_core::Scenario,
    strategy: Fixed,
    seed: u64,
) -> Vec<lpo_sim_core::MonthRecord> {
    let mut recorder = Recorder::default();
    Simulation::new(scenario, strategy, seed)
        .unwrap()
        .run_with(&mut recorder)
        .unwrap();
    recorder.months
}

/// More marketing brings more leads and clients, but the same people are hired and quit in
/// the same months: hiring and attrition draws do not move when lead draws change.
#[test]
fn marketing_changes_leave_hiring_and_attrition_draws_unchanged() {
    let scenario = scenario_with(&[
        ("founder.savings", 1e9),
        ("workforce.attrition.overload_sensitivity", 0.0),
        // The founder keeps the firm open whatever it pays, so both runs last the horizon.
        ("closure.hazard_monthly", 0.0),
        ("closure.exit_hazard_monthly", 0.0),
        ("horizon_months", 60.0),
    ]);
    let strategy = |marketing: f64| {
        let mut s = Fixed::new(&scenario).hire(ServiceLine::DocumentReview, 12);
        s.decisions.trainers = 2;
        s.decisions.hiring_rigor = 3;
        s.decisions.marketing = marketing;
        s
    };
    let low = months(&scenario, strategy(500.0), 9);
    let high = months(&scenario, strategy(5000.0), 9);
    let leads = |m: &[lpo_sim_core::MonthRecord]| m.iter().map(|r| r.leads).collect::<Vec<_>>();
    let quits =
        |m: &[lpo_sim_core::MonthRecord]| m.iter().map(|r| (r.quits, r.hires)).collect::<Vec<_>>();
    assert_ne!(leads(&low), leads(&high), "marketing must matter");
    assert!(
        low.iter().map(|r| r.quits).sum::<u32>() > 5,
        "enough quits to compare: {}",
        low.iter().map(|r| r.quits).sum::<u32>()
    );
    assert_eq!(
        quits(&low),
        quits(&high),
        "hiring and quits follow their own streams"
    );
}

/// Changing the QA share changes which errors are caught but not the first month's leads
/// and signings. (Later months may differ: referrals depend on trust, which QA changes.)
#[test]
fn qa_changes_leave_lead_draws_unchanged() {
    let scenario = scenario_with(&[("founder.savings", 1e9), ("horizon_months", 24.0)]);
    let strategy = |qa: f64| {
        let mut s = Fixed::new(&scenario).hire(ServiceLine::DocumentReview, 4);
        s.decisions.marketing = 2000.0;
        s.decisions.qa_share = qa;
        s
    };
    let a = months(&scenario, strategy(0.05), 4);
    let b = months(&scenario, strategy(0.4), 4);
    assert_eq!(a[0].leads, b[0].leads);
    assert_eq!(a[0].clients_won, b[0].clients_won);
    assert_ne!(
        a.iter().map(|m| m.errors_caught).sum::<u32>(),
        b.iter().map(|m| m.errors_caught).sum::<u32>()
    );
}

/// Different seeds give different runs (the seed reaches every stream).
#[test]
fn different_seeds_differ() {
    let scenario = lpo_sim_core::Scenario::default();
    let rule = || lpo_sim_core::BuiltinStrategy::RuleBased.build(&scenario.strategy.rule);
    let a = Simulation::new(&scenario, rule(), 1)
        .unwrap()
        .run()
        .unwrap();
    let b = Simulation::new(&scenario, rule(), 2)
        .unwrap()
        .run()
        .unwrap();
    assert_ne!(a.final_cash, b.final_cash);
}

/// A strategy deciding absurd values gets a clear error naming the field, not a panic.
#[test]
fn out_of_range_decisions_are_reported_not_panicked() {
    let scenario = lpo_sim_core::Scenario::default();
    type Breaker = fn(&mut lpo_sim_core::Decisions);
    let cases: [(&str, Breaker); 4] = [
        ("associates", |d| {
            d.associates = lpo_sim_core::PerLine::splat(u32::MAX)
        }),
        ("prices", |d| {
            d.prices[ServiceLine::LegalResearch] = f64::NAN
        }),
        ("qa_share", |d| d.qa_share = 1.5),
        ("hiring_rigor", |d| d.hiring_rigor = 0),
    ];
    for (field, break_it) in cases {
        let mut strategy = Fixed::new(&scenario);
        break_it(&mut strategy.decisions);
        let err = Simulation::new(&scenario, strategy, 1)
            .unwrap()
            .run()
            .unwrap_err();
        assert!(err.to_string().contains(field), "{field}: {err}");
        assert!(err.is_fatal());
    }
}

/// MODEL.md §11 "Exact replay" is enough to get the same bits: these values were computed by a
/// transcription of that text alone (seed expansion, ChaCha8, the open uniform and AS 241), not
/// by this crate. Month 1's demand cycle of seed 1 is the Market stream's third normal (the
/// first is the firm's reach, the second its process efficiency, §4.3). The transcription was
/// of the Market stream's second normal, before the efficiency draw existed; the value below
/// was re-pinned from this crate when the draw and the calibrated defaults came, and again at
/// the recalibrations of 2026-12-07 (15 targets) and 2026-12-08 (16 targets), which moved the
/// demand cycle's volatility and persistence (the seeds above are still the transcription's).
#[test]
fn the_exact_replay_recipe_of_model_md_gives_the_same_bits() {
    let seeds: Vec<u64> = (0..6)
        .map(|k| lpo_sim_core::mc::replicate_seed(1, k))
        .collect();
    assert_eq!(
        seeds,
        [
            1621661715942663622,
            10919937190644251905,
            924298399375559500,
            3073366456824733743,
            5686397397607888042,
            396332075647825310
        ]
    );
    let scenario = lpo_sim_core::Scenario::default();
    let strategy = lpo_sim_core::BuiltinStrategy::RuleBased.build(&scenario.strategy.rule);
    let first = Simulation::new(&scenario, strategy, 1)
        .unwrap()
        .step()
        .unwrap()
        .expect("a new firm runs a month");
    assert_eq!(first.market, 0.9805595494272392);
}
