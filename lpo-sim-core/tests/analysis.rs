//! Sweeps, sensitivity and tuning: designs, common random numbers, reproducibility.

mod common;

use common::scenario_with;
use lpo_sim_core::analysis::{
    Contrast, Metric, Objective, ParamRange, TuneConfig, exact_quantile, factors, grid,
    latin_hypercube, morris, study, sweep, tornado, tune,
};
use lpo_sim_core::mc::McConfig;
use lpo_sim_core::{BuiltinStrategy, RuleBased, Scenario};

fn rule_based(s: &Scenario) -> RuleBased {
    BuiltinStrategy::RuleBased.build(&s.strategy.rule)
}

fn small() -> Scenario {
    scenario_with(&[("horizon_months", 24.0)])
}

#[test]
fn metrics_parse_and_agree_with_the_summary() {
    let scenario = small();
    let state = study(
        &scenario,
        &rule_based,
        &McConfig::default().seed(1).runs(400),
    )
    .unwrap();
    let summary = lpo_sim_core::mc::McSummary::of(&state);
    for name in [
        "p_bankrupt",
        "p_open",
        "p_break_even",
        "mean:final_cash",
        "median:final_cash",
        "p90:total_profit",
    ] {
        let metric = Metric::parse(name).unwrap();
        assert_eq!(metric.name(), name);
        let estimate = metric.evaluate(&state);
        assert_eq!(estimate.value, metric.value_in(&summary), "{name}");
        assert!(
            estimate.ci95[0] <= estimate.value && estimate.value <= estimate.ci95[1],
            "{name}: {estimate:?}"
        );
    }
    assert_eq!(
        Metric::parse("p_survive").unwrap(),
        Metric::Survival,
        "the earlier name"
    );
    assert!(Metric::parse("p100:final_cash").is_err());
    assert!(Metric::parse("mean:nothing").is_err());
}

#[test]
fn grids_and_latin_hypercubes_cover_their_ranges() {
    let scenario = Scenario::default();
    let a = ParamRange::parse("strategy.rule.hiring_rigor=1:5:2", &scenario).unwrap();
    let b = ParamRange::parse("strategy.rule.trainer_quality=0:1:0.5", &scenario).unwrap();
    let points = grid(&[a.clone(), b.clone()]);
    assert_eq!(points.len(), 9);
    assert_eq!(points[0], vec![1.0, 0.0]);
    assert_eq!(points[8], vec![5.0, 1.0]);
    let lhs = latin_hypercube(std::slice::from_ref(&b), 10, 3);
    let mut strata: Vec<usize> = lhs.iter().map(|p| (p[0] * 10.0).floor() as usize).collect();
    strata.sort_unstable();
    assert_eq!(strata, (0..10).collect::<Vec<_>>(), "one point per stratum");
    assert_eq!(lhs, latin_hypercube(&[b], 10, 3), "seeded");
    assert!(
        ParamRange::parse("no.such=0:1", &scenario)
            .unwrap_err()
            .to_string()
            .contains("no.such")
    );
    let err = ParamRange::parse("workforce.attrition.base_monthly=0:1.5", &scenario).unwrap_err();
    assert!(err.to_string().contains("allowed range 0 to 1"), "{err}");
}

/// A parameter the run never uses changes nothing: on common random numbers every point of
/// its sweep gives exactly the same metric.
#[test]
fn sweeping_an_inert_parameter_changes_nothing_on_common_random_numbers() {
    let scenario = small();
    assert_eq!(
        scenario.strategy.rule.consultant_months, 0,
        "the default never hires the consultant"
    );
    let range = ParamRange::parse("consultant.daily_rate=100:500:200", &scenario).unwrap();
    let points = grid(std::slice::from_ref(&range));
    let result = sweep(
        &scenario,
        &[range],
        &points,
        &rule_based,
        &McConfig::default().seed(2).runs(300),
        &Metric::parse("mean:final_cash").unwrap(),
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!(result.len(), 3);
    assert!(
        result.windows(2).all(|w| w[0].estimate == w[1].estimate),
        "{result:?}"
    );
    // Every paired contrast is exactly 0, and says it is noise.
    for point in &result {
        let c = point.vs_best.unwrap();
        assert!(c.paired && c.is_noise(), "{c:?}");
        assert_eq!((c.difference, c.ci95), (0.0, [0.0, 0.0]));
    }
    assert_eq!(result.iter().filter(|p| p.is_best).count(), 1);
}

/// On common random numbers the paired contrast between two points is narrower than the
/// two points' own intervals combined, and equals the difference of their estimates.
#[test]
fn paired_contrasts_are_narrower_than_the_points_intervals() {
    let scenario = small();
    let range = ParamRange::parse("clients.base_conversion=0.5:0.7:0.2", &scenario).unwrap();
    let points = grid(std::slice::from_ref(&range));
    let metric = Metric::parse("p_bankrupt").unwrap();
    let result = sweep(
        &scenario,
        &[range],
        &points,
        &rule_based,
        &McConfig::default().seed(4).runs(1000),
        &metric,
        &mut |_, _| {},
    )
    .unwrap();
    let (best, other) = if result[0].is_best {
        (&result[0], &result[1])
    } else {
        (&result[1], &result[0])
    };
    assert!(
        best.estimate.value <= other.estimate.value,
        "lower is better"
    );
    let paired = other.vs_best.unwrap();
    let unpaired = Contrast::unpaired(&other.estimate, &best.estimate);
    assert!(paired.paired && !unpaired.paired);
    assert!(
        (paired.difference - (other.estimate.value - best.estimate.value)).abs() < 1e-12,
        "{paired:?}"
    );
    assert!(
        paired.half_width() < 0.8 * unpaired.half_width(),
        "the shared luck cancels: {paired:?} vs {unpaired:?}"
    );
}

/// Quantiles in a sweep are exact: the value of the rank rule over every replicate's value.
#[test]
fn sweep_quantiles_are_exact() {
    let scenario = small();
    let range = ParamRange::parse("consultant.daily_rate=100:100", &scenario).unwrap();
    let config = McConfig::default().seed(6).runs(301);
    let metric = Metric::parse("median:final_cash").unwrap();
    let result = sweep(
        &scenario,
        std::slice::from_ref(&range),
        &[vec![100.0]],
        &rule_based,
        &config,
        &metric,
        &mut |_, _| {},
    )
    .unwrap();
    struct FinalCash(Vec<f64>);
    impl lpo_sim_core::mc::McObserver for FinalCash {
        fn wants_replicates(&self) -> bool {
            true
        }
        fn on_replicate(&mut self, _: u64, outcome: &lpo_sim_core::RunOutcome) {
            self.0.push(outcome.final_cash);
        }
    }
    let mut observer = FinalCash(Vec::new());
    lpo_sim_core::mc::Study::new(&scenario)
        .config(config)
        .observer(&mut observer)
        .strategy(|| rule_based(&scenario))
        .run()
        .unwrap();
    let values = observer.0;
    assert_eq!(result[0].estimate, exact_quantile(&values, 0.5));
    let mut sorted = values.clone();
    sorted.sort_by(f64::total_cmp);
    assert_eq!(result[0].estimate.value, sorted[150]);
}

/// The parameter the ensemble tests vary, which their one member also sets (far off).
const VARIED: &str = "strategy.rule.price_multiplier";

/// Checks that `run` over a one-member ensemble setting [`VARIED`] to 0.5 and
/// `clients.base_conversion` to 0.7 of its value gives what `run` gives without the ensemble
/// on the scenario with that other value: the analysis keeps its own values of [`VARIED`] and
/// takes the member's others, replicate for replicate. And that the member's value matters.
fn keeps_its_own_values_and_takes_the_members_others<T, R>(seed: u64, run: R)
where
    T: PartialEq + std::fmt::Debug,
    R: Fn(&Scenario, &McConfig) -> T,
{
    use lpo_sim_core::mc::Ensemble;
    use std::sync::Arc;
    let scenario = small();
    let other = "clients.base_conversion";
    let member_other = scenario.clients.base_conversion * 0.7;
    let ensemble = Ensemble::new(
        vec![VARIED.to_owned(), other.to_owned()],
        vec![vec![0.5, member_other]],
    );
    let config = McConfig::default().seed(seed).runs(200);
    let mut over_ensemble = config.clone();
    over_ensemble.ensemble = Some(Arc::new(ensemble));
    let pooled = run(&scenario, &over_ensemble);
    let mut with_member = scenario.clone();
    with_member.set(other, member_other).unwrap();
    assert_eq!(pooled, run(&with_member, &config));
    // And the member's values matter: the plain scenario gives other results.
    assert_ne!(pooled, run(&scenario, &config));
}

#[test]
fn a_sweep_over_an_ensemble_keeps_its_own_values_and_takes_the_members_others() {
    let range = ParamRange::parse(&format!("{VARIED}=1:1.4:0.4"), &small()).unwrap();
    let points = grid(std::slice::from_ref(&range));
    let metric = Metric::parse("mean:final_cash").unwrap();
    keeps_its_own_values_and_takes_the_members_others(3, |scenario, config| {
        sweep(
            scenario,
            std::slice::from_ref(&range),
            &points,
            &rule_based,
            config,
            &metric,
            &mut |_, _| {},
        )
        .unwrap()
    });
}

/// The same for a tornado: its factor keeps its low, base and high values at the member.
#[test]
fn a_tornado_over_an_ensemble_keeps_its_factors_and_takes_the_members_others() {
    let factors = factors(&small(), Some(&[VARIED.to_owned()]), 0.2).unwrap();
    let metric = Metric::parse("mean:final_cash").unwrap();
    keeps_its_own_values_and_takes_the_members_others(4, |scenario, config| {
        tornado(
            scenario,
            &factors,
            &rule_based,
            config,
            &metric,
            &mut |_, _| {},
        )
        .unwrap()
    });
}

#[test]
fn tornado_ranks_an_influential_parameter_above_an_inert_one() {
    let scenario = small();
    let paths = vec![
        "consultant.daily_rate".to_owned(),
        "clients.marketing_cost_per_lead".to_owned(),
    ];
    let factors = factors(&scenario, Some(&paths), 0.5).unwrap();
    let (_, bars) = tornado(
        &scenario,
        &factors,
        &rule_based,
        &McConfig::default().seed(3).runs(300),
        &Metric::parse("mean:final_clients").unwrap(),
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!(bars[0].path, "clients.marketing_cost_per_lead");
    assert!(bars[0].swing > 0.5, "{:?}", bars[0]);
    assert_eq!(bars[1].swing, 0.0);
    assert!(!bars[0].high_vs_low.is_noise(), "{:?}", bars[0]);
    assert!(bars[1].high_vs_low.is_noise(), "{:?}", bars[1]);
}

#[test]
fn morris_is_reproducible_and_finds_the_inert_factor() {
    let scenario = small();
    let paths = vec![
        "consultant.daily_rate".to_owned(),
        "finance.seat_cost".to_owned(),
    ];
    let factors = factors(&scenario, Some(&paths), 0.5).unwrap();
    let run = || {
        morris(
            &scenario,
            &factors,
            &rule_based,
            &McConfig::default().seed(4).runs(200),
            &Metric::parse("mean:final_cash").unwrap(),
            3,
            9,
            &mut |_, _| {},
        )
        .unwrap()
    };
    let effects = run();
    assert_eq!(effects, run());
    let inert = effects
        .iter()
        .find(|e| e.path == "consultant.daily_rate")
        .unwrap();
    assert_eq!((inert.mu_star, inert.n), (0.0, 3));
    let seats = effects
        .iter()
        .find(|e| e.path == "finance.seat_cost")
        .unwrap();
    assert!(seats.mu < 0.0, "dearer seats cost cash: {seats:?}");
}

#[test]
fn tuning_is_reproducible_and_validated_on_fresh_seeds() {
    let scenario = small();
    let config = TuneConfig {
        params: vec![ParamRange::parse("strategy.rule.marketing_floor=0:4000", &scenario).unwrap()],
        objective: Objective::parse("maximise mean:final_cash subject to p_bankrupt <= 0.5")
            .unwrap(),
        iterations: 2,
        population: 5,
        elite_share: 0.4,
        seed: 21,
        runs_per_candidate: 150,
        validation_runs: 300,
        threads: Some(2),
        ensemble: None,
    };
    let a = tune(&scenario, &rule_based, &config, &mut |_, _| {}).unwrap();
    let b = tune(&scenario, &rule_based, &config, &mut |_, _| {}).unwrap();
    assert_eq!(a, b);
    assert_eq!(a.evaluations, 10);
    assert_eq!(a.trace.len(), 2);
    assert_eq!(a.validated.len(), 2, "objective and one constraint");
    let objective = &a.validated[0];
    assert_ne!(
        objective.training, objective.validation,
        "fresh seeds give a fresh estimate"
    );
    assert!((0.0..=4000.0).contains(&a.best_values[0]));
}

#[test]
fn factors_leave_out_parameters_that_cannot_move_alone() {
    let scenario = Scenario::default();
    let all = factors(&scenario, None, 0.2).unwrap();
    assert!(
        all.iter().all(|f| !f.path.ends_with("lead_share")),
        "lead shares are tied"
    );
    assert!(all.iter().any(|f| f.path == "finance.seat_cost"));
    let named = vec!["lines.legal_research.lead_share".to_owned()];
    let err = factors(&scenario, Some(&named), 0.2).unwrap_err();
    assert!(err.to_string().contains("cannot move alone"), "{err}");
}

/// A metric that cannot be computed never counts as meeting a constraint or as the best value.
#[test]
fn uncomputable_metrics_are_infeasible() {
    let scenario = scenario_with(&[("horizon_months", 2.0), ("finance.it_fixed", 1e6)]);
    let state = study(
        &scenario,
        &rule_based,
        &McConfig::default().seed(1).runs(50),
    )
    .unwrap();
    assert!(
        Metric::parse("median:break_even_month")
            .unwrap()
            .evaluate(&state)
            .value
            .is_nan()
    );
    let constrained =
        Objective::parse("max mean:final_cash s.t. median:break_even_month <= 24").unwrap();
    assert!(!constrained.score(&state).feasible);
    let nan_objective = Objective::parse("max median:break_even_month").unwrap();
    let score = nan_objective.score(&state);
    assert!(!score.feasible && score.value == f64::NEG_INFINITY);
}

/// Whole-number factors: the effect is per full range of the step actually taken. With no
/// bankruptcy and no closure, months survived equals the horizon, so its effect per full range
/// of a horizon factor 20..22 is exactly 2, although rounding makes each step 1 month, not
/// Δ = 2/3 of 2.
#[test]
fn morris_scales_whole_number_steps_by_the_step_taken() {
    let scenario = scenario_with(&[
        ("founder.savings", 1e9),
        ("closure.exit_hazard_monthly", 0.0),
        ("closure.hazard_monthly", 0.0),
    ]);
    let horizon = ParamRange::parse("horizon_months=20:22", &scenario).unwrap();
    let effects = morris(
        &scenario,
        &[horizon],
        &rule_based,
        &McConfig::default().seed(1).runs(20),
        &Metric::parse("mean:months_survived").unwrap(),
        4,
        3,
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!(effects[0].n, 4);
    assert!((effects[0].mu_star - 2.0).abs() < 1e-9, "{:?}", effects[0]);
    assert!(effects[0].sigma.abs() < 1e-9);
}
