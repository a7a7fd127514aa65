//! The hot loop allocates nothing in steady state: a counting allocator watches every heap
//! allocation made on this thread while a warmed-up firm is stepped.

// A global allocator can only be written with `unsafe`; the library itself forbids it.
#![allow(unsafe_code)]

mod common;

use common::{Fixed, scenario_with};
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
