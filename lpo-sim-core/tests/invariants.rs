//! Invariants that hold for every valid scenario, strategy and seed (proptest).

mod common;

use lpo_sim_core::params::{list_params, set_param};
use lpo_sim_core::{
    BuiltinStrategy, MonthRecord, Recorder, Scenario, ServiceLine, SimError, Simulation,
};
use proptest::prelude::*;
use proptest::test_runner::RngSeed;

/// A random valid scenario: the default with up to 40 parameters redrawn uniformly within
/// their ranges (log-uniformly for ranges spanning decades), horizon capped for speed.
fn random_scenario(draws: &[(usize, f64)]) -> Scenario {
    let mut scenario = Scenario::default();
    let params = list_params(&mut scenario.clone());
    for &(index, u) in draws {
        let p = &params[index % params.len()];
        let value = if p.flag {
            (u < 0.5) as u8 as f64
        } else if p.min > 0.0 && p.max / p.min > 1e3 {
            (p.min.ln() + u * (p.max.ln() - p.min.ln())).exp()
        } else {
            p.min + u * (p.max - p.min)
        };
        let value = if p.integer { value.round() } else { value };
        set_param(&mut scenario, &p.path, value.clamp(p.min, p.max)).expect("in range");
    }
    scenario.horizon_months = scenario.horizon_months.min(72);
    // Lead shares must sum to 1: renormalise whatever was drawn.
    let total: f64 = ServiceLine::ALL
        .iter()
        .map(|l| scenario.lines[*l].lead_share)
        .sum();
    for line in ServiceLine::ALL {
        scenario.lines[line].lead_share = if total > 0.0 {
            scenario.lines[line].lead_share / total
        } else {
            0.2
        };
    }
    scenario
}

/// The months of a run and its outcome; `None` for the outcome when the firm passed the
/// work limit (huge random markets can), whose months before the limit still count.
fn run(
    scenario: &Scenario,
    strategy: BuiltinStrategy,
    seed: u64,
) -> (Vec<MonthRecord>, Option<lpo_sim_core::RunOutcome>) {
    let mut sim = Simulation::new(scenario, strategy.build(&scenario.strategy.rule), seed)
        .expect("random scenario is valid");
    let mut months = Recorder::default();
    match sim.run_with(&mut months) {
        Ok(outcome) => {
            assert!(
                sim.step().unwrap().is_none(),
                "a finished run stays finished"
            );
            (months.months, Some(outcome))
        }
        Err(SimError::WorkLimit { entities, .. }) => {
            assert!(entities > lpo_sim_core::MAX_ENTITIES);
            assert!(sim.step().unwrap().is_none(), "a limited run stays ended");
            (months.months, None)
        }
        Err(other) => panic!("built-in strategies decide in range: {other}"),
    }
}

fn strategy_from(index: usize) -> BuiltinStrategy {
    BuiltinStrategy::ALL[index % BuiltinStrategy::ALL.len()]
}

proptest! {
    // A fixed seed, so every run (and CI) checks the same 96 cases: a red CI is then a change,
    // not luck. To explore, change the seed or raise `cases`; a failure found is kept in
    // tests/invariants.proptest-regressions and replayed first on every run.
    #![proptest_config(ProptestConfig {
        cases: 96,
        rng_seed: RngSeed::Fixed(2026),
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_month_balances_and_stays_in_range(
        draws in prop::collection::vec((0usize..10_000, 0.0f64..1.0), 0..40),
        strategy in 0usize..4,
        seed in any::<u64>(),
    ) {
        let scenario = random_scenario(&draws);
        prop_assert!(scenario.validate().is_ok(), "{:?}", scenario.validate());
        let (months, outcome) = run(&scenario, strategy_from(strategy), seed);
        let start_cash = scenario.founder.savings + scenario.finance.loan_amount;
        let (mut cash, mut headcount, mut clients) = (start_cash, 0u32, 0u32);
        let mut pending = 0u32;
        for (i, m) in months.iter().enumerate() {
            prop_assert_eq!(m.month as usize, i + 1);
            prop_assert_eq!(m.cash_start, cash, "month {} starts where the last ended", m.month);
            prop_assert_eq!(m.cash, m.cash_start + m.revenue - m.costs.total(), "ledger, month {}", m.month);
            prop_assert_eq!(m.profit, m.costs.profit(m.revenue));
            // The same as revenue − expenses up to the rounding of the sums.
            let scale = m.revenue.max(m.costs.expenses()).max(1.0);
            prop_assert!((m.profit - (m.revenue - m.costs.expenses())).abs() <= 8.0 * f64::EPSILON * scale);
            // The founder draws the operating profit, capped at `founder_draw`: a month whose
            // draw is all of it has a profit of exactly 0 (not ±1e-13), and a draw never makes
            // a month's profit negative.
            let draw = m.costs.founder_draw;
            if draw > 0.0 && draw < scenario.finance.founder_draw {
                prop_assert_eq!(m.profit, 0.0, "month {}: draw {} took the whole operating profit", m.month, draw);
            }
            if draw > 0.0 {
                prop_assert!(m.profit >= 0.0, "month {}: profit {:e} after a draw", m.month, m.profit);
            }
            prop_assert!(m.costs.expenses() <= m.costs.total());
            prop_assert!(m.revenue >= 0.0 && m.costs.total() >= 0.0);
            // Stocks change only by their recorded flows.
            prop_assert_eq!(m.total_clients(), clients + m.clients_won - m.clients_lost, "clients, month {}", m.month);
            prop_assert_eq!(m.headcount(), headcount + m.arrivals - m.layoffs - m.quits, "headcount, month {}", m.month);
            prop_assert!(m.arrivals <= pending + m.hires);
            pending = pending + m.hires - m.arrivals;
            for v in [m.mean_trust, m.perceived_trust, m.utilisation, m.late_share, m.training_strength] {
                prop_assert!((0.0..=1.0).contains(&v), "share out of [0, 1]: {v} in month {}", m.month);
            }
            prop_assert!(m.errors_caught <= m.errors_made);
            // Cover comes only from spare staff hours on other lines.
            let spare: f64 = ServiceLine::ALL.iter().map(|l| (m.capacity_hours[*l] - m.demand_hours[*l]).max(0.0)).sum();
            prop_assert!(m.cover_hours.sum() <= spare + 1e-6);
            prop_assert_eq!(m.errors_escaped, m.errors_made - m.errors_caught);
            for line in ServiceLine::ALL {
                prop_assert!(m.delivered_hours[line] <= m.demand_hours[line] + 1e-9);
                // Delivered is worked out as demand − undelivered: with demand far above what is
                // delivered (a line with 9e6 hours of demand and 86 delivered), that subtraction
                // carries a rounding error of a few ulps of the demand.
                let rounding = 4.0 * f64::EPSILON * m.demand_hours[line] + 1e-9;
                prop_assert!(
                    m.delivered_hours[line] <= m.capacity_hours[line] + m.founder_hours[line] + m.cover_hours[line] + rounding,
                    "month {} {}: delivered {:e}, capacity {:e}, founder {:e}, cover {:e}, demand {:e}",
                    m.month, line, m.delivered_hours[line], m.capacity_hours[line], m.founder_hours[line], m.cover_hours[line], m.demand_hours[line]
                );
            }
            prop_assert_eq!(m.bankrupt, m.cash < -scenario.finance.credit_line);
            prop_assert!(!m.bankrupt || i + 1 == months.len(), "nothing runs after bankruptcy");
            cash = m.cash;
            headcount = m.headcount();
            clients = m.total_clients();
        }
        let Some(outcome) = outcome else {
            return Ok(());
        };
        prop_assert_eq!(outcome.months_run as usize, months.len());
        prop_assert_eq!(outcome.final_cash, cash);
        prop_assert_eq!(outcome.bankrupt_month.is_some(), months.last().is_some_and(|m| m.bankrupt));
        if outcome.survived() {
            prop_assert_eq!(outcome.months_run, scenario.horizon_months);
        }
        prop_assert!(outcome.peak_headcount >= outcome.final_headcount);
        prop_assert!((0.0..=1.0).contains(&outcome.final_mean_trust));
        // Break-even: the first month of the stretch of cumulative profit ≥ 0 that lasts to
        // the end (summed in month order, as the ledger does).
        let mut cumulative = 0.0;
        let mut stretch_start = None;
        for m in &months {
            cumulative += m.profit;
            if cumulative < 0.0 {
                stretch_start = None;
            } else if stretch_start.is_none() {
                stretch_start = Some(m.month);
            }
        }
        prop_assert_eq!(outcome.break_even_month, stretch_start);
        prop_assert_eq!(outcome.break_even_month.is_some(), outcome.total_profit >= 0.0);
    }

    #[test]
    fn the_same_seed_gives_the_same_run(
        draws in prop::collection::vec((0usize..10_000, 0.0f64..1.0), 0..20),
        strategy in 0usize..4,
        seed in any::<u64>(),
    ) {
        let scenario = random_scenario(&draws);
        let first = run(&scenario, strategy_from(strategy), seed);
        let second = run(&scenario, strategy_from(strategy), seed);
        prop_assert_eq!(first, second);
    }

    #[test]
    fn every_career_ends_within_its_limit_with_a_valid_profile(
        draws in prop::collection::vec((0usize..10_000, 0.0f64..1.0), 0..40),
        seed in any::<u64>(),
    ) {
        let scenario = random_scenario(&draws);
        let plan = lpo_sim_core::CareerPlan { params: scenario.career.plan };
        let mut career = lpo_sim_core::Career::new(&scenario, plan, seed);
        let mut months = 0;
        while let Some(m) = career.step() {
            months += 1;
            prop_assert_eq!(m.month, months);
            prop_assert!((0.0..=1.0).contains(&m.person.legal_knowledge));
            for line in ServiceLine::ALL {
                prop_assert!((0.0..=1.0).contains(&m.person.knowledge[line]));
            }
        }
        prop_assert!(months <= scenario.career.max_months);
        let mut profile_scenario = scenario.clone();
        profile_scenario.founder = career.outcome().profile;
        prop_assert!(profile_scenario.validate().is_ok(), "{:?}", profile_scenario.validate());
    }
}
