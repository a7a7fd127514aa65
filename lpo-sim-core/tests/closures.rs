//! Why firms close (MODEL.md §7.3, §15.5): the default scenario's closures over ten years have
//! the shapes published cohorts describe. The calibration matches survival at months 12–60,
//! 84 and 120, which largely fixes the hazard by year (those assertions check the fit holds on
//! other seeds); how closure varies with profit or the cycle it never sees, so those are
//! out-of-sample checks. Each can fail when the model or its defaults change.

use lpo_sim_core::Scenario;
use lpo_sim_core::calibration::{ClosureProfile, closure_profile};
use lpo_sim_core::mc::{McConfig, ScenarioStrategy};
use std::sync::OnceLock;

/// A seed no calibration step used (history matching uses 7 + (w − 1) · 7,919 for wave w,
/// validation 1,000,010, the held-out check 2,000,036, the choice of the default 1 and 2026).
const FRESH_SEED: u64 = 20_261_207;

fn profile() -> &'static ClosureProfile {
    static PROFILE: OnceLock<ClosureProfile> = OnceLock::new();
    PROFILE.get_or_init(|| {
        let scenario = Scenario {
            horizon_months: 120,
            ..Scenario::default()
        };
        let mut config = McConfig::default().seed(FRESH_SEED).runs(16_384);
        config.fans = false;
        let profile = closure_profile(&scenario, &ScenarioStrategy, &config, [49, 120]).unwrap();
        eprintln!("{}", describe(&profile));
        profile
    })
}

fn describe(p: &ClosureProfile) -> String {
    let years: Vec<String> = p
        .by_year
        .iter()
        .map(|y| format!("{}: {:.1} %", y.year, 100.0 * y.hazard()))
        .collect();
    let quintiles: Vec<String> = p
        .by_profit
        .iter()
        .map(|q| {
            format!(
                "{} ({:.0}/month): {:.2} %",
                q.quintile,
                q.mean_profit,
                100.0 * q.exposure.rate()
            )
        })
        .collect();
    format!(
        "hazard by year {years:?}\nends per firm-month by profit quintile, months 49–120 \
         {quintiles:?}\nopen at 84: {:.3}, at 120: {:.3}",
        p.open_at(84),
        p.open_at(120)
    )
}

fn mean_hazard(p: &ClosureProfile, years: std::ops::RangeInclusive<u32>) -> f64 {
    let n = years.clone().count() as f64;
    years
        .map(|y| p.by_year[y as usize - 1].hazard())
        .sum::<f64>()
        / n
}

#[test]
fn the_hazard_peaks_in_the_first_three_years_and_stays_below_it() {
    let p = profile();
    let peak = p.peak_year();
    assert!(
        (1..=3).contains(&peak),
        "peak in year {peak}\n{}",
        describe(p)
    );
    let peak_hazard = p.by_year[peak as usize - 1].hazard();
    for y in &p.by_year[3..] {
        assert!(
            y.hazard() < peak_hazard,
            "year {} at or above the peak\n{}",
            y.year,
            describe(p)
        );
    }
    // Published: "survival decreases at a decreasing rate" (Knaup & Piazza 2007); the March
    // 1994 cohort's hazard falls from 11.0 % in year 3 to 8.2–8.9 % in years 5–7 (BLS 2018).
    let year_3 = p.by_year[2].hazard();
    assert!(
        mean_hazard(p, 4..=7) < 0.6 * year_3,
        "the hazard does not fall after year 3\n{}",
        describe(p)
    );
    // Years 8–10: the cohort's hazard keeps falling (7.7, 6.8, 5.9 %); the default's stays
    // flat at about 6.5 % (MODEL.md §15.5). Until the calibration of 2026-12-08 it rose again
    // (to 11.8 % in year 10, 1.7 times years 4–7's: prices that fell behind pay squeezed old
    // firms); asserted is that it stays within a tenth of years 4–7's.
    assert!(
        mean_hazard(p, 8..=10) < 1.1 * mean_hazard(p, 4..=7),
        "the hazard rises again in years 8–10\n{}",
        describe(p)
    );
}

/// Issue 16 asks that the top profit quintile close at most half as often as the bottom in
/// late months. The calibrated default does, just (0.50 on seed 11, 16,384 firms: 0.48 % a
/// month against 0.96 %), and so do 5 of the 6 plausible worlds (0.21–0.50; 0.53 in the
/// sixth: `lpo-sim calibrate closures --ensemble calibration/ensemble.json`): firms whose
/// processes drift down lose money and close (MODEL.md §15.4). Asserted: the default's
/// ratio, and every quintile above the bottom closing clearly less often than the bottom.
#[test]
fn a_profitable_firm_closes_less_often_than_a_poor_one_in_late_months() {
    let p = profile();
    let bottom = p.by_profit[0].exposure.rate();
    for q in &p.by_profit[1..] {
        assert!(
            q.exposure.rate() < 0.85 * bottom,
            "quintile {} closes at {:.4} a month, the bottom at {bottom:.4}\n{}",
            q.quintile,
            q.exposure.rate(),
            describe(p)
        );
    }
    let top = p.by_profit[4].exposure.rate();
    assert!(
        top <= 0.5 * bottom,
        "the top quintile closes {:.2} times as often as the bottom\n{}",
        top / bottom,
        describe(p)
    );
}

#[test]
fn the_profile_is_the_same_on_any_thread_count() {
    let scenario = Scenario {
        horizon_months: 72,
        ..Scenario::default()
    };
    let run = |threads| {
        let mut config = McConfig::default().seed(3).runs(300);
        config.threads = Some(threads);
        closure_profile(&scenario, &ScenarioStrategy, &config, [25, 72]).unwrap()
    };
    assert_eq!(run(1), run(2));
}

#[test]
fn year_hazards_account_for_every_end() {
    let p = profile();
    let ended: u64 = p.by_year.iter().map(|y| y.ended).sum();
    assert_eq!(
        p.runs - ended,
        p.by_year.last().unwrap().open_at_start - p.by_year.last().unwrap().ended
    );
    let open_120 = p.open_at(120) * p.runs as f64;
    assert_eq!((p.runs - ended) as f64, open_120);
}

/// The size table counts exactly the firms open at each year's end. Its years 1 and 5 are
/// matched by the calibration (`staff_open_y1`, `staff_open_y5`: 2.8 and 6.7 staff at the
/// default, MODEL.md §15.5); this test pins only its bookkeeping, and that firms grow while
/// they survive.
#[test]
fn the_size_table_counts_the_open_firms_at_each_years_end() {
    let p = profile();
    assert_eq!(p.size_by_year.len(), 10);
    for y in &p.size_by_year {
        assert_eq!(
            y.open,
            p.open_by_month[12 * y.year as usize - 1],
            "year {}",
            y.year
        );
        assert!(y.under_ten <= y.open);
    }
    assert!(p.size_by_year[4].mean_staff() > p.size_by_year[0].mean_staff());
    assert!(p.hired_in_first_year <= p.runs);
}
