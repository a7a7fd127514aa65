//! Automation by generative AI (MODEL.md §5.7): off, it changes nothing; on, the path, the
//! in-sourcing, the price pressure, the licences and the learning ramp follow their closed
//! forms; and a faster path costs a firm that does not adopt AI revenue.

mod common;

use common::{Fixed, every_lead_signs, scenario_with};
use lpo_sim_core::automation::{AiMonth, automatable_share, learned, output_gain, path};
use lpo_sim_core::{
    AiPreset, BuiltinStrategy, Decisions, MonthRecord, Observation, Recorder, RunOutcome, Scenario,
    ServiceLine, Simulation, Strategy,
};
use proptest::prelude::*;

fn run(scenario: &Scenario, strategy: impl Strategy, seed: u64) -> (RunOutcome, Vec<MonthRecord>) {
    let mut sim = Simulation::new(scenario, strategy, seed).unwrap();
    let mut months = Recorder::default();
    let outcome = sim.run_with(&mut months).unwrap();
    (outcome, months.months)
}

/// Every `ai.*` value but `enabled` moved far from its default: none of it may matter while
/// automation is off.
fn off_but_loud() -> Scenario {
    let mut s = Scenario {
        ai: AiPreset::Fast.params(),
        ..Scenario::default()
    };
    s.ai.enabled = false;
    s.ai.insource = 0.9;
    s.ai.price_pressure = 0.9;
    s.ai.productivity_gain = 20.0;
    s.ai.error_multiplier = 5.0;
    s.ai.licence_per_seat = 5000.0;
    s.ai.founding_year = 2040.0;
    s.validate().unwrap();
    s
}

/// A lone firm with automation off reproduces today's single-firm results, month by month,
/// for every built-in strategy, whatever the other `ai.*` values are.
#[test]
fn automation_off_reproduces_every_result() {
    let default = Scenario::default();
    let explicit = Scenario {
        ai: AiPreset::None.params(),
        ..Scenario::default()
    };
    let loud = off_but_loud();
    for strategy in BuiltinStrategy::ALL {
        for seed in [1, 2, 3, 17, 2390] {
            let build = |s: &Scenario| strategy.build(&s.strategy.rule);
            let want = run(&default, build(&default), seed);
            assert_eq!(
                run(&explicit, build(&explicit), seed),
                want,
                "{strategy} {seed}"
            );
            assert_eq!(run(&loud, build(&loud), seed), want, "{strategy} {seed}");
        }
    }
}

/// A strategy that adopts AI while automation is off changes nothing either.
#[test]
fn adopting_without_automation_changes_nothing() {
    struct Adopting(lpo_sim_core::RuleBased);
    impl Strategy for Adopting {
        fn name(&self) -> &str {
            "adopting"
        }
        fn decide(&mut self, obs: &Observation<'_>, d: &mut Decisions) {
            self.0.decide(obs, d);
            d.ai_adopted = true;
        }
    }
    let s = off_but_loud();
    for seed in 1..=5 {
        let plain = BuiltinStrategy::RuleBased.build(&s.strategy.rule);
        assert_eq!(
            run(&s, Adopting(plain.clone()), seed),
            run(&s, plain, seed),
            "seed {seed}"
        );
    }
}

/// At its default the `[ai]` section (and the adoption threshold) is left out of a serialised
/// scenario, so fingerprints and files written before automation existed are unchanged.
#[test]
fn default_automation_is_not_serialised() {
    let json = serde_json::to_string(&Scenario::default()).unwrap();
    assert!(
        !json.contains("\"ai\"") && !json.contains("ai_adopt_above"),
        "{json}"
    );
    let mut on = Scenario::default();
    on.ai.enabled = true;
    let json = serde_json::to_string(&on).unwrap();
    assert!(json.contains("\"ai\""));
    let back: Scenario = serde_json::from_str(&json).unwrap();
    assert_eq!(back, on);
    assert_ne!(on.fingerprint(), Scenario::default().fingerprint());
}

#[test]
fn presets_are_scenario_overlays_of_the_ai_section_only() {
    assert_eq!(AiPreset::None.params(), Scenario::default().ai);
    let central = AiPreset::Central.params();
    assert!(central.enabled);
    let mut declared = Scenario::default().ai;
    declared.enabled = true;
    assert_eq!(
        central, declared,
        "central is the declared path, switched on"
    );
    let fast = AiPreset::Fast.params();
    assert!(fast.enabled && fast.midpoint_year < central.midpoint_year);
    for preset in AiPreset::ALL {
        let mut s = Scenario::from_toml_str(preset.toml(), preset.name()).unwrap();
        s.ai = Scenario::default().ai;
        assert_eq!(s, Scenario::default(), "{preset} sets nothing outside [ai]");
        assert_eq!(AiPreset::from_name(preset.name()), Some(preset));
    }
}

/// The path: 0 up to the start year, the rescaled logistic after it, times the line's ceiling,
/// `lag_years` later for a lagging line; month `t` is in year `founding_year + t/12`.
#[test]
fn the_path_follows_its_closed_form() {
    let mut ai = AiPreset::Central.params();
    ai.founding_year = 2026.0;
    ai.start_year = 2023.0;
    ai.midpoint_year = 2028.0;
    ai.speed = 0.5;
    let logistic = |y: f64| 1.0 / (1.0 + (-0.5 * (y - 2028.0)).exp());
    let expected = |y: f64| {
        if y <= 2023.0 {
            0.0
        } else {
            (logistic(y) - logistic(2023.0)) / (1.0 - logistic(2023.0))
        }
    };
    for (month, year) in [
        (0, 2026.0),
        (6, 2026.5),
        (24, 2028.0),
        (59, 2026.0 + 59.0 / 12.0),
    ] {
        let review = automatable_share(&ai, ServiceLine::DocumentReview, month);
        let want = ai.ceiling[ServiceLine::DocumentReview] * expected(year);
        assert!(
            (review - want).abs() < 1e-12,
            "month {month}: {review} vs {want}"
        );
        let drafting = automatable_share(&ai, ServiceLine::ContractDrafting, month);
        let lag = ai.lag_years[ServiceLine::ContractDrafting];
        let want = ai.ceiling[ServiceLine::ContractDrafting] * expected(year - lag);
        assert!(
            (drafting - want).abs() < 1e-12,
            "month {month}: {drafting} vs {want}"
        );
    }
    // Hand-worked: L(2023) = 1/(1+e^2.5) = 0.075858, L(2028) = 0.5, so the path at the
    // midpoint is (0.5 − 0.075858)/(1 − 0.075858) = 0.458958.
    assert!((path(&ai, 2028.0) - 0.458_958).abs() < 1e-6);
    assert_eq!(path(&ai, 2022.0), 0.0);
    assert_eq!(path(&ai, 2023.0), 0.0);
    ai.enabled = false;
    assert_eq!(automatable_share(&ai, ServiceLine::DocumentReview, 24), 0.0);
    assert_eq!(AiMonth::of(&ai, 24), AiMonth::OFF);
}

#[test]
fn learning_and_output_gain_follow_their_closed_forms() {
    let mut ai = AiPreset::Central.params();
    ai.learning_months = 4;
    ai.productivity_gain = 3.0;
    assert_eq!(learned(&ai, 0), 0.0);
    assert_eq!(learned(&ai, 2), 0.5);
    assert_eq!(learned(&ai, 9), 1.0);
    // Half the work, three times as fast: an hour's work takes 0.5 + 0.5/3 of the time.
    assert!((output_gain(&ai, 0.5, 1.0) - 1.0 / (0.5 + 0.5 / 3.0)).abs() < 1e-15);
    // Half learned: twice as fast on that half.
    assert!((output_gain(&ai, 0.5, 0.5) - 1.0 / (0.5 + 0.5 / 2.0)).abs() < 1e-15);
    assert_eq!(output_gain(&ai, 0.0, 1.0), 1.0);
    ai.learning_months = 0;
    assert_eq!(learned(&ai, 0), 1.0);
}

/// A fixed firm that prices at the market rate, and adopts AI or not.
struct Market {
    fixed: Fixed,
    adopt: bool,
}

impl Strategy for Market {
    fn name(&self) -> &str {
        "market"
    }
    fn decide(&mut self, obs: &Observation<'_>, d: &mut Decisions) {
        self.fixed.decide(obs, d);
        for line in ServiceLine::ALL {
            d.prices[line] = obs.scenario.lines[line].billing_rate * obs.market_rate[line];
        }
        d.qa_share = 0.0;
        d.marketing = 500.0;
        d.ai_adopted = self.adopt;
    }
}

/// One line, deterministic volumes that never grow, every lead signs, no errors, lateness
/// costs no trust: each client's hours are the same with and without automation, so demand
/// differs exactly by `1 − insource · a(t)` and, in a month delivered on time in both,
/// revenue by `(1 − insource · a(t)) · (1 − price_pressure · a(t))`.
fn one_line_world(ai: bool) -> Scenario {
    let mut settings = every_lead_signs();
    settings.extend([
        ("clients.volume_sd", 0.0),
        ("clients.volume_growth", 0.0),
        ("clients.late_trust_loss", 0.0),
        ("lines.data_organisation.lead_share", 0.0),
        ("lines.transcription.lead_share", 0.0),
        ("lines.document_review.lead_share", 1.0),
        ("lines.contract_drafting.lead_share", 0.0),
        ("lines.legal_research.lead_share", 0.0),
        ("lines.document_review.base_error_rate", 0.0),
        ("horizon_months", 36.0),
        ("ai.enabled", f64::from(u8::from(ai))),
    ]);
    scenario_with(&settings)
}

fn market_firm(s: &Scenario, adopt: bool) -> Market {
    let mut fixed = Fixed::new(s).hire(ServiceLine::DocumentReview, 60);
    fixed.freeze_staff_after_first_month = true;
    Market { fixed, adopt }
}

#[test]
fn in_sourcing_and_price_pressure_follow_their_closed_forms() {
    let (off, on) = (one_line_world(false), one_line_world(true));
    let line = ServiceLine::DocumentReview;
    // Months with clients and nothing late, over the seeds: enough for the closed form to be
    // checked where it applies, whichever seeds' firms end early.
    let mut checked = 0;
    for seed in 1..=6 {
        let (_, without) = run(&off, market_firm(&off, false), seed);
        let (_, with) = run(&on, market_firm(&on, false), seed);
        assert_eq!(without.len(), with.len());
        for (a, b) in without.iter().zip(&with) {
            assert_eq!(a.clients, b.clients, "month {}: same clients", a.month);
            if a.demand_hours[line] == 0.0 {
                continue;
            }
            let share = automatable_share(&on.ai, line, a.month - 1);
            let bought = 1.0 - on.ai.insource * share;
            let rate = 1.0 - on.ai.price_pressure * share;
            let demand = b.demand_hours[line] / a.demand_hours[line];
            assert!((demand - bought).abs() < 1e-12, "month {}", a.month);
            if a.late_share > 0.0 || b.late_share > 0.0 {
                continue;
            }
            let revenue = b.revenue / a.revenue;
            assert!((revenue - bought * rate).abs() < 1e-12, "month {}", a.month);
            checked += 1;
        }
    }
    assert!(checked > 60, "{checked} months with clients");
}

/// A firm using AI pays `licence_per_seat` for each seat (staff plus the founder's share) on
/// top of its IT, and its staff's capacity grows by the output gain as it learns the tool.
#[test]
fn licences_and_learning_show_in_the_ledger_and_the_capacity() {
    let on = one_line_world(true);
    let line = ServiceLine::DocumentReview;
    let seat_share = on.workforce.seat_share_founder;
    for seed in 1..=3 {
        let (_, plain) = run(&on, market_firm(&on, false), seed);
        let (_, adopting) = run(&on, market_firm(&on, true), seed);
        let mut checked = 0;
        for (i, (a, b)) in plain.iter().zip(&adopting).enumerate() {
            if a.associates != b.associates || a.trainers != b.trainers || a.quits + b.quits > 0 {
                continue;
            }
            let seats = f64::from(b.headcount()) + seat_share;
            let licence = b.costs.it - a.costs.it;
            let want = on.ai.licence_per_seat * seats;
            assert!((licence - want).abs() < 1e-9 * want, "month {}", b.month);
            if a.capacity_hours[line] > 0.0 {
                let share = automatable_share(&on.ai, line, b.month - 1);
                let gain = output_gain(&on.ai, share, learned(&on.ai, i as u32));
                let ratio = b.capacity_hours[line] / a.capacity_hours[line];
                assert!(
                    (ratio - gain).abs() < 1e-12,
                    "month {}: {ratio} vs {gain}",
                    b.month
                );
                checked += 1;
            }
        }
        assert!(checked > 24, "{checked} months checked");
    }
}

/// Direction check, paired on the same seeds: the faster the path, the less a rule-based
/// firm that never adopts AI earns. The figures are printed (`--nocapture`), not tuned.
#[test]
fn a_faster_path_costs_a_firm_that_does_not_adopt_revenue() {
    let seeds = 300;
    let mean_revenue = |preset: AiPreset| {
        let mut s = Scenario {
            ai: preset.params(),
            ..Scenario::default()
        };
        s.strategy.rule.ai_adopt_above = 1.0;
        let total: f64 = (1..=seeds)
            .map(|seed| {
                let strategy = BuiltinStrategy::RuleBased.build(&s.strategy.rule);
                Simulation::new(&s, strategy, seed)
                    .unwrap()
                    .run()
                    .unwrap()
                    .total_revenue
            })
            .sum();
        total / seeds as f64
    };
    let [none, central, fast] = AiPreset::ALL.map(mean_revenue);
    println!(
        "mean total revenue of a non-adopting firm: none {none:.0}, central {central:.0}, fast {fast:.0}"
    );
    assert!(none > central && central > fast, "{none} {central} {fast}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// For any valid `[ai]`: the share lies in `[0, ceiling]` and never falls from month to
    /// month; clients buy a share in `[0, 1]` of their hours and accept a positive rate.
    #[test]
    fn the_path_is_bounded_monotone_and_prices_stay_positive(
        founding in 1990.0..2100.0f64,
        start in 1990.0..2100.0f64,
        midpoint in 1990.0..2200.0f64,
        speed in 0.01..10.0f64,
        ceiling in 0.0..=1.0f64,
        lag in 0.0..50.0f64,
        insource in 0.0..=1.0f64,
        pressure in 0.0..=0.95f64,
    ) {
        let mut ai = AiPreset::Central.params();
        ai.founding_year = founding;
        ai.start_year = start;
        ai.midpoint_year = midpoint;
        ai.speed = speed;
        ai.ceiling = lpo_sim_core::PerLine::splat(ceiling);
        ai.lag_years = lpo_sim_core::PerLine::splat(lag);
        ai.insource = insource;
        ai.price_pressure = pressure;
        let s = Scenario {
            ai,
            ..Scenario::default()
        };
        prop_assert!(s.validate().is_ok());
        let mut last = 0.0;
        for month in 0..240 {
            let m = AiMonth::of(&ai, month);
            for line in ServiceLine::ALL {
                let a = m.share[line];
                prop_assert!(a.is_finite() && (0.0..=ceiling).contains(&a), "{a}");
                prop_assert!((0.0..=1.0).contains(&m.bought[line]));
                prop_assert!(m.rate[line] > 0.0 && m.rate[line] <= 1.0);
            }
            let a = m.share[ServiceLine::DocumentReview];
            prop_assert!(a >= last, "month {month}: {a} < {last}");
            last = a;
        }
    }
}
