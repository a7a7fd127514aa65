//! Helpers shared by the integration tests.
#![allow(dead_code)]

use lpo_sim_core::params::set_param;
use lpo_sim_core::{Decisions, Observation, PerLine, Scenario, ServiceLine, Strategy};

/// The default scenario with `path = value` settings applied (panics on a bad path: a typo
/// in a test must not silently test nothing).
pub fn scenario_with(settings: &[(&str, f64)]) -> Scenario {
    let mut s = Scenario::default();
    for (path, value) in settings {
        if let Err(e) = set_param(&mut s, path, *value) {
            panic!("test setting {path} = {value}: {e}");
        }
    }
    s.validate().expect("test scenario is valid");
    s
}

/// A world with no money trouble and nothing random except the mechanism under test: no
/// organic leads, no client ever leaves, nobody quits, the founder never closes the firm,
/// demand does not cycle, no recession comes and every firm's processes work alike and stay so.
pub fn quiet_world() -> Vec<(&'static str, f64)> {
    vec![
        ("founder.savings", 1e9),
        ("finance.loan_amount", 0.0),
        ("clients.network_lead_rate", 0.0),
        ("clients.referral_rate", 0.0),
        ("clients.nonrenewal_base", 0.0),
        ("clients.nonrenewal_low_trust", 0.0),
        ("clients.churn_low_trust", 0.0),
        ("clients.churn_late", 0.0),
        ("clients.demand_volatility", 0.0),
        ("clients.recession_start_monthly", 0.0),
        ("clients.reach_dispersion", 0.0),
        ("workforce.efficiency_dispersion", 0.0),
        ("workforce.efficiency_volatility", 0.0),
        ("workforce.attrition.base_monthly", 0.0),
        ("closure.exit_hazard_monthly", 0.0),
        ("closure.hazard_monthly", 0.0),
    ]
}

/// [`quiet_world`] where every lead signs (conversion 1, no price or knowledge effect) and
/// marketing buys a lead per 100 spent.
pub fn every_lead_signs() -> Vec<(&'static str, f64)> {
    let mut settings = quiet_world();
    settings.extend([
        ("clients.base_conversion", 1.0),
        ("clients.knowledge_floor", 1.0),
        ("clients.trust_weights.base", 1.0),
        ("clients.market_potential", 1e9),
        ("clients.marketing_cost_per_lead", 100.0),
    ]);
    settings
}

/// A strategy with fixed decisions, for tests. `on_first_month` is applied in month 0 only;
/// afterwards targets freeze at staff plus pending (no rehiring) when `freeze` is set.
#[derive(Clone)]
pub struct Fixed {
    pub decisions: Decisions,
    pub freeze_staff_after_first_month: bool,
}

impl Fixed {
    pub fn new(scenario: &Scenario) -> Self {
        let mut decisions = Decisions::initial(scenario);
        decisions.offered = PerLine::splat(true);
        Fixed {
            decisions,
            freeze_staff_after_first_month: false,
        }
    }

    pub fn hire(mut self, line: ServiceLine, count: u32) -> Self {
        self.decisions.associates[line] = count;
        self
    }
}

impl Strategy for Fixed {
    fn name(&self) -> &str {
        "fixed"
    }

    fn decide(&mut self, obs: &Observation<'_>, d: &mut Decisions) {
        *d = self.decisions;
        if self.freeze_staff_after_first_month && obs.month > 0 {
            for line in ServiceLine::ALL {
                d.associates[line] = obs.associates[line] + obs.pending_associates[line];
            }
            d.trainers = obs.trainers + obs.pending_trainers;
        }
    }
}

/// Mean and standard error of a sample.
pub fn mean_se(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, (var / n).sqrt())
}
