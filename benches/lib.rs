//! Benchmarks of lpo-sim: see `firm.rs` (criterion) and `step_instructions.rs` (instruction
//! counts under callgrind, run by `instructions.sh`). Both measure the fixed-staff firms here.

use lpo_sim_core::params::set_param;
use lpo_sim_core::{Decisions, Observation, PerLine, Scenario, Simulation, Strategy};

/// The fixed-size benchmark firms: name and associates per line (about 5, 50 and 500 staff).
pub const FIRM_SIZES: [(&str, u32); 3] = [("small", 1), ("medium", 10), ("large", 100)];

/// Keeps a fixed staff on every line and markets enough to keep it busy.
#[derive(Debug, Clone)]
pub struct SteadyFirm {
    pub associates_per_line: u32,
}

impl Strategy for SteadyFirm {
    fn name(&self) -> &str {
        "steady-firm"
    }

    fn decide(&mut self, _obs: &Observation<'_>, d: &mut Decisions) {
        d.offered = PerLine::splat(true);
        d.associates = PerLine::splat(self.associates_per_line);
        d.trainers = self.associates_per_line.div_ceil(2);
        d.hiring_rigor = 3;
        d.marketing = 2_000.0 * f64::from(self.associates_per_line);
        d.qa_share = 0.1;
    }
}

/// A [`SteadyFirm`] on the default scenario (seed 1) after 24 months, grown to its size.
pub fn warmed_up(associates_per_line: u32) -> Simulation<SteadyFirm> {
    let mut scenario = Scenario::default();
    for (path, value) in [
        ("horizon_months", 1200.0),
        ("founder.savings", 1e9),
        ("clients.market_potential", 1e6),
        // Every firm's reach is 1: one draw at founding (log-normal, sd 0.55) would otherwise
        // make the fixed-staff firm's client count a matter of that draw's luck.
        ("clients.reach_dispersion", 0.0),
    ] {
        set_param(&mut scenario, path, value).expect("known parameter");
    }
    let mut sim = Simulation::new(
        &scenario,
        SteadyFirm {
            associates_per_line,
        },
        1,
    )
    .expect("the default scenario is valid");
    for _ in 0..24 {
        sim.step().expect("valid decisions");
    }
    sim
}
