//! The hot loop allocates nothing in steady state: a counting allocator watches every heap
//! allocation made on this thread while a warmed-up firm, or a warmed-up market of rival
//! firms, is stepped.

// A global allocator can only be written with `unsafe`; the library itself forbids it.
#![allow(unsafe_code)]

mod common;

use common::{Fixed, scenario_with};
use lpo_sim_core::market::{Entrant, Market, MarketParams};
use lpo_sim_core::{BuiltinStrategy, Scenario, ServiceLine, Simulation, Strategy};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct CountingAllocator;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.with(Cell::get) {
            ALLOCATIONS.with(|n| n.set(n.get() + 1));
        }
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.with(Cell::get) {
            ALLOCATIONS.with(|n| n.set(n.get() + 1));
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Allocations made while stepping `months` months after `warm_up` months.
fn allocations_in_steady_state<S: Strategy>(
    mut sim: Simulation<S>,
    warm_up: u32,
    months: u32,
) -> u64 {
    for _ in 0..warm_up {
        sim.step().unwrap().expect("still running");
    }
    ALLOCATIONS.with(|n| n.set(0));
    COUNTING.with(|c| c.set(true));
    for _ in 0..months {
        let month = sim.step().unwrap();
        assert!(month.is_some(), "the run ended: {:?}", sim.outcome());
        std::hint::black_box(month);
    }
    COUNTING.with(|c| c.set(false));
    ALLOCATIONS.with(Cell::get)
}

/// A market of 40 prospects that never closes, and a fixed staff of 20 document reviewers:
/// every collection stays within the capacity it reaches while warming up.
fn small_market_and_fixed_staff() -> (Scenario, Fixed) {
    let scenario = scenario_with(&[
        ("founder.savings", 1e9),
        ("clients.market_potential", 40.0),
        ("closure.exit_hazard_monthly", 0.0),
        ("closure.hazard_monthly", 0.0),
        ("horizon_months", 400.0),
    ]);
    let mut fixed = Fixed::new(&scenario).hire(ServiceLine::DocumentReview, 20);
    fixed.decisions.trainers = 3;
    fixed.decisions.hiring_rigor = 4;
    fixed.decisions.marketing = 3000.0;
    (scenario, fixed)
}

#[test]
fn a_steady_firm_month_allocates_nothing() {
    // Any allocation would come from the month step itself.
    let (scenario, fixed) = small_market_and_fixed_staff();
    let sim = Simulation::new(&scenario, fixed, 1).unwrap();
    assert_eq!(
        allocations_in_steady_state(sim, 60, 300),
        0,
        "fixed-staff strategy"
    );

    // The rule-based firm keeps growing for a long while: on seed 2 its staff vector reaches a
    // new peak (64) in month 317, the last month that allocates, so warm up past it.
    let rule = BuiltinStrategy::RuleBased.build(&scenario.strategy.rule);
    let sim = Simulation::new(&scenario, rule, 2).unwrap();
    assert_eq!(
        allocations_in_steady_state(sim, 320, 70),
        0,
        "rule-based strategy"
    );
}

#[test]
fn a_cloned_firm_steps_without_allocating() {
    // `Vec::clone` keeps only `len`: a clone's first hire or signing would reallocate where
    // the original would not. Benchmarks and what-if branches step clones.
    let (scenario, fixed) = small_market_and_fixed_staff();
    let mut sim = Simulation::new(&scenario, fixed, 1).unwrap();
    for _ in 0..60 {
        sim.step().unwrap().expect("still running");
    }
    // Every clone steps 12 months from the same state; each replaces leavers and signs
    // clients, so each would grow a list cloned at its length.
    for _ in 0..5 {
        assert_eq!(allocations_in_steady_state(sim.clone(), 0, 12), 0);
        sim.step().unwrap().expect("still running");
    }
}

/// Allocations made while stepping `market` `months` months after `warm_up` months; every
/// firm must still be running throughout.
fn market_allocations_in_steady_state(market: &mut Market, warm_up: u32, months: u32) -> u64 {
    for _ in 0..warm_up {
        assert!(market.step().unwrap(), "the market ended");
    }
    ALLOCATIONS.with(|n| n.set(0));
    COUNTING.with(|c| c.set(true));
    for _ in 0..months {
        let stepped = market.step().unwrap();
        std::hint::black_box(stepped);
    }
    COUNTING.with(|c| c.set(false));
    let running = market.firms().filter(|f| !f.is_finished()).count();
    if running != market.firms().len() {
        let ends: Vec<String> = market
            .outcome()
            .firms
            .iter()
            .map(|f| {
                format!(
                    "{}: months {}, bankrupt {:?}, closed {:?} ({:?})",
                    f.name,
                    f.outcome.months_run,
                    f.outcome.bankrupt_month,
                    f.outcome.closed_month,
                    f.outcome.closure_reason
                )
            })
            .collect();
        panic!("a firm ended: {ends:#?}");
    }
    ALLOCATIONS.with(Cell::get)
}

/// Four rivals in one market that never closes (every firm rich and without closure
/// hazards): two with fixed staff, a rule-based and a cautious firm. Prospects choose among
/// them and leaving clients switch, so the market's own buffers (offers, choice scratch,
/// leavers, switchers) are exercised with the firms'.
#[test]
fn a_steady_market_month_allocates_nothing() {
    let scenario = scenario_with(&[
        ("founder.savings", 1e9),
        ("clients.market_potential", 120.0),
        ("closure.exit_hazard_monthly", 0.0),
        ("closure.hazard_monthly", 0.0),
        // Prices follow pay in full: over 40 years a partial indexation compounds into a
        // margin squeeze that bankrupts even a firm with 10⁹ of savings.
        ("finance.price_indexation", 1.0),
        ("horizon_months", 600.0),
    ]);
    scenario.validate().unwrap();
    let rule = scenario.strategy.rule;
    let (_, fixed) = small_market_and_fixed_staff();
    let fixed_small = fixed.clone().hire(ServiceLine::DocumentReview, 8);
    let fixed = move || Box::new(fixed.clone()) as Box<dyn Strategy>;
    let fixed_small = move || Box::new(fixed_small.clone()) as Box<dyn Strategy>;
    let rule_based = move || Box::new(BuiltinStrategy::RuleBased.build(&rule)) as Box<dyn Strategy>;
    let cautious = move || Box::new(BuiltinStrategy::Cautious.build(&rule)) as Box<dyn Strategy>;
    let entrants = [
        Entrant {
            name: "fixed",
            scenario: &scenario,
            strategy: &fixed,
        },
        Entrant {
            name: "rule-based",
            scenario: &scenario,
            strategy: &rule_based,
        },
        Entrant {
            name: "fixed-small",
            scenario: &scenario,
            strategy: &fixed_small,
        },
        Entrant {
            name: "cautious",
            scenario: &scenario,
            strategy: &cautious,
        },
    ];
    let mut market = Market::new(&entrants, &MarketParams::default(), 3).unwrap();
    // The rule-based firm grows for a long while (see above): warm up well past it.
    for _ in 0..360 {
        assert!(market.step().unwrap(), "the market ended");
    }
    let before = market.outcome();
    assert_eq!(market_allocations_in_steady_state(&mut market, 0, 120), 0);
    // The months counted were a market at work: every firm earned, prospects chose rivals
    // and leaving clients switched.
    let after = market.outcome();
    let gained = |f: fn(&lpo_sim_core::market::FirmOutcome) -> u32| -> u32 {
        after.firms.iter().map(f).sum::<u32>() - before.firms.iter().map(f).sum::<u32>()
    };
    for (a, b) in before.firms.iter().zip(&after.firms) {
        assert!(
            b.outcome.total_revenue > a.outcome.total_revenue,
            "{} earned nothing",
            b.name
        );
    }
    assert!(
        gained(|f| f.won_from_rivals) > 0,
        "no prospect chose a rival"
    );
    assert!(gained(|f| f.switched_in) > 0, "no client switched");
}
