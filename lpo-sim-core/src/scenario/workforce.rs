//! Workforce (`[workforce]`, MODEL.md §4): hours, the candidate pool, hiring, training and
//! attrition.

use crate::params::declare_params;

declare_params! {
    /// Workforce parameters.
    #[derive(Copy)]
    pub struct WorkforceParams {
        /// Paid hours per person per month.
        hours_per_month: f64 = real(173.0, 1.0, 400.0, "hours", "Pay: US paralegal median $60,970/yr or $29.31/h (BLS 2023) → 2,080 paid hours a year (40 h × 52 weeks) → 173 a month"),
        /// Yearly growth of market pay (every associate's and trainer's, and the founder's
        /// outside pay); billing rates do not grow.
        pay_growth: f64 = real(0.0938, 0.0, 1.0, "1/year", "assumption informed by Pay: India LPO professional, raises about 20 %/yr (Business Standard 2008), and pay rising 15–30 % a year around 2008–09 (a boom): half that over a firm's first five years (calibrated: MODEL.md §15)"),
        /// Share of paid hours that cannot go to client work or QA: leave, holidays, meetings,
        /// administration.
        overhead_share: f64 = real(0.0584, 0.0, 0.9, "share", "assumption: about 20 days of leave and holidays in 260 working days is 8 %, plus meetings and administration (calibrated: MODEL.md §15)"),
        /// Seats the founder occupies.
        seat_share_founder: f64 = real(1.13, 0.0, 10.0, "seats", "assumption: the founder takes one seat (calibrated: MODEL.md §15)"),
        /// Hours a month the founder delivers on lines where staff fall short.
        founder_hours: f64 = real(125.0, 0.0, 400.0, "hours/month", "assumption: half the founder's time goes to delivery (calibrated: MODEL.md §15)"),
        /// Spread (log-SD) across firms of their process efficiency: every associate's output
        /// per hour is multiplied by a factor drawn once at founding, log-normal with mean 1,
        /// that the founder does not see.
        efficiency_dispersion: f64 = real(0.419, 0.0, 2.0, "log-sd", "assumption: firms differ from founding in how well their processes work, which the founder learns only by operating (Jovanovic, Selection and the evolution of industry, Econometrica 1982): the inefficient close early, so the closure hazard falls with age (calibrated: MODEL.md §15)"),
        /// Yearly volatility (log-SD) of each firm's process efficiency: after founding it
        /// follows a random walk, `e ← e · exp(s z − s²/2)` each month with `s` this value
        /// over √12, so a firm's processes (its people, methods and clients' demands on them)
        /// drift better or worse in ways the founder neither chooses nor foresees. 0: the
        /// efficiency drawn at founding stays.
        #[serde(default = "default_efficiency_volatility", skip_serializing_if = "is_default_efficiency_volatility")]
        efficiency_volatility: f64 = real(0.32, 0.0, 2.0, "log-sd/year", "assumption (calibrated: MODEL.md §15; prior 0–0.4): firm-level productivity and profitability shocks are persistent with yearly innovations of order 0.1–0.3 (plant-level studies such as Cooper & Haltiwanger, Review of Economic Studies 2006), and a random walk in a firm's prospects gives a closure hazard that falls slowly with age (first passage of a random walk)"),
        /// Median across founders of the staff a founder wants at most (associates and
        /// trainers): each founder's is drawn at founding, log-normal around this median, and
        /// the built-in strategies neither hire nor market beyond it. A scenario read whole (a
        /// calibration file's base scenario, a saved game) without the field means 100,000, no
        /// limit; a scenario file, an overlay on the default, takes the default's.
        #[serde(default = "default_desired_staff_median", skip_serializing_if = "is_default_desired_staff_median")]
        desired_staff_median: f64 = real(6.68, 1.0, 1e5, "people", "assumption (calibrated: MODEL.md §15; prior 3–30): most owners of small businesses do not want to grow big (Hurst & Pugsley, Brookings Papers 2011), and young employer firms start with about 4 employees (BLS BED, Sadeghi 2022)"),
        /// Spread (log-SD) across founders of the staff they want.
        #[serde(default = "default_desired_staff_dispersion", skip_serializing_if = "is_default_desired_staff_dispersion")]
        desired_staff_dispersion: f64 = real(0.46, 0.0, 3.0, "log-sd", "assumption (calibrated: MODEL.md §15; prior 0.2–1.5): founders differ in the size they want (Hurst & Pugsley 2011)"),
        /// The candidate pool.
        pool: PoolParams = section(),
        /// Hiring costs and lead time.
        hiring: HiringParams = section(),
        /// Training and skill growth.
        training: TrainingParams = section(),
        /// Quitting.
        attrition: AttritionParams = section(),
    }
}

declare_params! {
    /// The candidate pool.
    #[derive(Copy)]
    pub struct PoolParams {
        /// Mean credential of applicants, 0 to 1: a hire's starting skill, on the founder's
        /// knowledge scale (0.3 = has done the work under supervision, 0.7 = can train others).
        credential_mean: f64 = real(0.866, 0.0, 1.0, "share", "assumption: credentials are a 0–1 index; best of 3 candidates averages about 0.60 (calibrated: MODEL.md §15)"),
        /// Standard deviation of credentials.
        credential_sd: f64 = real(0.217, 0.0, 1.0, "credential", "assumption (calibrated: MODEL.md §15)"),
        /// Skill on other lines as a share of the main line's.
        cross_line_skill: f64 = real(0.434, 0.0, 1.0, "share", "assumption: skill of an associate covering another line, as a share of own-line skill (section 6) (calibrated: MODEL.md §15)"),
    }
}

declare_params! {
    /// Hiring costs and lead time.
    #[derive(Copy)]
    pub struct HiringParams {
        /// Cost per candidate screened.
        screening_cost: f64 = real(57.8, 0.0, 1e6, "currency/candidate", "assumption (calibrated: MODEL.md §15)"),
        /// Cost per hire.
        recruiting_fee: f64 = real(319.0, 0.0, 1e6, "currency/hire", "assumption: a third to two-thirds of a month of associate pay; the SHRM replacement-cost row (50–200 % of salary, weak) also counts lost output and training, which the model charges separately (calibrated: MODEL.md §15)"),
        /// Candidates one opening screens per month.
        screens_per_month: f64 = real(7.34, 0.1, 1000.0, "candidates/month", "assumption: candidates one month of screening reaches (calibrated: MODEL.md §15; at 7.34, a hire screening up to 7 candidates takes one month)"),
    }
}

declare_params! {
    /// Training and skill growth.
    #[derive(Copy)]
    pub struct TrainingParams {
        /// Months of classroom training at hire: paid, not productive.
        classroom_months: f64 = real(1.5, 0.0, 24.0, "months", "Workforce dynamics: new-hire training, basic training 6 weeks (Indian Express 2011) → 1.5 months"),
        /// Months to full productivity without trainers.
        ramp_months: f64 = real(10.0, 0.0, 120.0, "months", "Workforce dynamics: time to full productivity 6–12 months for an in-house legal resource (lawwave.com, weak); taken inside the range, above the trained 8 months"),
        /// New hires one trainer covers.
        trainees_per_trainer: f64 = real(5.99, 0.1, 1000.0, "people", "assumption (calibrated: MODEL.md §15)"),
        /// Ramp speed-up at full training strength.
        trainer_speedup: f64 = real(0.25, 0.0, 100.0, "factor", "Workforce dynamics: time to full productivity about 8 months (hrnation.ph, weak) with training → 10 / (1 + 0.25) = 8 months at full training strength"),
        /// Share of the skill gap full training closes.
        trainer_skill_gain: f64 = real(0.882, 0.0, 1.0, "share", "assumption: the article: employers should have \"several excellent trainers\"; size assumed (calibrated: MODEL.md §15)"),
        /// Share of the skill gap experience alone closes.
        self_learning: f64 = real(0.317, 0.0, 1.0, "share", "assumption (calibrated: MODEL.md §15)"),
        /// Monthly approach of skill to its ceiling.
        experience_rate: f64 = real(0.05, 0.0, 1.0, "share", "assumption: 5 % of the gap a month: half-life about 13.5 months (calibrated: MODEL.md §15)"),
        /// Cost per trainee per month while ramping.
        training_cost: f64 = real(100.0, 0.0, 1e6, "currency/month", "Workforce dynamics: new-hire training Rs 1–1.2 lakh per fresher per year (Indian Express 2011) → Rs 8.3–10k a month → $100–120 at Rs 83/$, lower end"),
        /// Monthly pay of a trainer of quality 0.
        trainer_pay: f64 = real(580.0, 0.0, 1e6, "currency/month", "Pay: India BPO costing sheet (weak), team lead Rs 25,000 vs agent Rs 15,000 a month: a team lead earns 1.67 × an agent; applied to the LPO fresher pay of $350 (lines.data_organisation.market_pay) → $580"),
        /// Trainer pay multiplier slope in quality.
        trainer_quality_premium: f64 = real(0.162, 0.0, 10.0, "factor", "assumption, before calibration: a top trainer (quality 1) costs 1.3 × a quality-0 trainer; the costing sheet's QA-to-team-lead step (Rs 22,000 → 25,000) is 14 % (calibrated: MODEL.md §15)"),
    }
}

declare_params! {
    /// Attrition.
    #[derive(Copy)]
    pub struct AttritionParams {
        /// Monthly quit hazard at market pay, no overload, tenure 0.
        base_monthly: f64 = real(0.025, 0.0, 1.0, "probability", "Workforce dynamics: annual attrition, Indian BPO, 25–35 % in calm years; 35 %/yr → 1 − 0.65^(1/12) = 0.0353/month (hazard of a new hire; with `tenure_floor` settled staff quit at about 19 %/yr)"),
        /// Elasticity of the hazard to pay level.
        pay_elasticity: f64 = real(1.18, 0.0, 20.0, "elasticity", "assumption, before calibration: paying 10 % above market cuts quits by about 17 % (calibrated: MODEL.md §15)"),
        /// Hazard increase per unit of utilisation above target.
        overload_sensitivity: f64 = real(2.46, 0.0, 100.0, "factor", "assumption (calibrated: MODEL.md §15)"),
        /// Long-tenure hazard as a share of the base.
        tenure_floor: f64 = real(0.278, 0.0, 1.0, "share", "assumption: long-tenured staff quit half as often; compare best firms about 15 %/yr in the attrition row (calibrated: MODEL.md §15)"),
        /// Months over which the tenure effect builds.
        tenure_scale_months: f64 = real(30.9, 0.1, 1200.0, "months", "assumption (calibrated: MODEL.md §15)"),
        /// Months of pay owed to a laid-off employee.
        severance_months: f64 = real(1.38, 0.0, 24.0, "months of pay", "assumption (calibrated: MODEL.md §15)"),
    }
}

/// What a scenario read whole (a calibration file's base scenario, a saved game) written
/// before `workforce.desired_staff_median` existed meant: no limit (such a file's base
/// scenario must keep its fingerprint). Not the declared default, which calibration moves: a
/// scenario at any other value writes the field. (A scenario file is an overlay on the
/// default and takes the default's value for a field it lacks.)
fn default_desired_staff_median() -> f64 {
    100000.0
}

/// Whether `value` is that default (a serialised scenario leaves the field out then).
fn is_default_desired_staff_median(value: &f64) -> bool {
    value.to_bits() == default_desired_staff_median().to_bits()
}

/// What a file written before `workforce.efficiency_volatility` existed meant: no drift.
fn default_efficiency_volatility() -> f64 {
    0.0
}

/// Whether `value` is that default.
fn is_default_efficiency_volatility(value: &f64) -> bool {
    value.to_bits() == default_efficiency_volatility().to_bits()
}

/// What a file written before `workforce.desired_staff_dispersion` existed meant: none.
fn default_desired_staff_dispersion() -> f64 {
    0.0
}

/// Whether `value` is that default.
fn is_default_desired_staff_dispersion(value: &f64) -> bool {
    value.to_bits() == default_desired_staff_dispersion().to_bits()
}
