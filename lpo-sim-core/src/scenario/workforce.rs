//! Workforce (`[workforce]`, MODEL.md §4): hours, the candidate pool, hiring, training and
//! attrition.

use crate::params::declare_params;

declare_params! {
    /// Workforce parameters.
    #[derive(Copy)]
    pub struct WorkforceParams {
        /// Paid hours per person per month.
        hours_per_month: f64 = real(160.0, 1.0, 400.0, "hours", "assumption: 40 h × 4 weeks"),
        /// Billable share of hours.
        utilisation_target: f64 = real(0.8, 0.05, 1.0, "share", "Workforce dynamics: utilization targets, professional services 75–85 % (weak), BPO 80–90 %"),
        /// Seats the founder occupies.
        seat_share_founder: f64 = real(1.0, 0.0, 10.0, "seats", "assumption: the founder takes one seat"),
        /// Hours a month the founder delivers on lines where staff fall short.
        founder_hours: f64 = real(80.0, 0.0, 400.0, "hours/month", "assumption: half the founder's time goes to delivery"),
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
        /// Mean credential, 0..1.
        credential_mean: f64 = real(0.45, 0.0, 1.0, "share", "assumption: credentials are a 0–1 index; best of 3 candidates averages about 0.60"),
        /// Standard deviation of credentials.
        credential_sd: f64 = real(0.18, 0.0, 1.0, "credential", "assumption"),
        /// Skill on other lines as a share of the main line's.
        cross_line_skill: f64 = real(0.3, 0.0, 1.0, "share", "assumption: skill of an associate covering another line, as a share of own-line skill (section 6)"),
    }
}

declare_params! {
    /// Hiring costs and lead time.
    #[derive(Copy)]
    pub struct HiringParams {
        /// Cost per candidate screened.
        screening_cost: f64 = real(60.0, 0.0, 1e6, "currency/candidate", "assumption"),
        /// Cost per hire.
        recruiting_fee: f64 = real(250.0, 0.0, 1e6, "currency/hire", "assumption: a third to two-thirds of a month of associate pay; the SHRM replacement-cost row (50–200 % of salary, weak) also counts lost output and training, which the model charges separately"),
        /// Candidates one opening screens per month.
        screens_per_month: f64 = real(4.0, 0.1, 1000.0, "candidates/month", "assumption: rigor 1–4 takes one month, 5–8 two"),
        /// Credential boost while a consultant helps.
        consultant_credential_boost: f64 = real(0.05, 0.0, 1.0, "share", "assumption"),
    }
}

declare_params! {
    /// Training and skill growth.
    #[derive(Copy)]
    pub struct TrainingParams {
        /// Months to full productivity without trainers.
        ramp_months: f64 = real(8.0, 0.0, 120.0, "months", "Workforce dynamics: time to full productivity about 8 months (hrnation.ph, weak); 6–12 months in-house"),
        /// New hires one trainer covers.
        trainees_per_trainer: f64 = real(6.0, 0.1, 1000.0, "people", "assumption"),
        /// Ramp speed-up at full training strength.
        trainer_speedup: f64 = real(1.0, 0.0, 100.0, "factor", "assumption: full-strength training halves the ramp (8 → 4 months)"),
        /// Share of the skill gap full training closes.
        trainer_skill_gain: f64 = real(0.6, 0.0, 1.0, "share", "assumption: the article: employers should have \"several excellent trainers\"; size assumed"),
        /// Share of the skill gap experience alone closes.
        self_learning: f64 = real(0.25, 0.0, 1.0, "share", "assumption"),
        /// Monthly approach of skill to its ceiling.
        experience_rate: f64 = real(0.05, 0.0, 1.0, "share", "assumption: 5 % of the gap a month: half-life about 13.5 months"),
        /// Cost per trainee per month while ramping.
        training_cost: f64 = real(100.0, 0.0, 1e6, "currency/month", "Workforce dynamics: new-hire training Rs 1–1.2 lakh per fresher per year (Indian Express 2011) → Rs 8.3–10k a month → $100–120 at Rs 83/$, lower end"),
        /// Monthly pay of a trainer of quality 0.
        trainer_pay: f64 = real(750.0, 0.0, 1e6, "currency/month", "Pay: India LPO by level (Business Today 2009), junior Rs 1–5 lakh/yr (≤ $500/month at Rs 83/$), mid Rs 10–20 lakh (≥ $1,000/month): $750 interpolated between; the BPO team-lead row (Rs 25,000 ≈ $300) is a BPO proxy and lower"),
        /// Trainer pay multiplier slope in quality.
        trainer_quality_premium: f64 = real(0.8, 0.0, 10.0, "factor", "assumption: a top trainer (quality 1) costs 1.8 × a quality-0 trainer"),
    }
}

declare_params! {
    /// Attrition.
    #[derive(Copy)]
    pub struct AttritionParams {
        /// Monthly quit hazard at market pay, no overload, tenure 0.
        base_monthly: f64 = real(0.035, 0.0, 1.0, "probability", "Workforce dynamics: annual attrition, Indian BPO, 25–35 % in calm years; 35 %/yr → 1 − 0.65^(1/12) = 0.0353/month (hazard of a new hire; with `tenure_floor` settled staff quit at about 19 %/yr)"),
        /// Elasticity of the hazard to pay level.
        pay_elasticity: f64 = real(2.0, 0.0, 20.0, "elasticity", "assumption: paying 10 % above market cuts quits by about 17 %"),
        /// Hazard increase per unit of utilisation above target.
        overload_sensitivity: f64 = real(3.0, 0.0, 100.0, "factor", "assumption"),
        /// Long-tenure hazard as a share of the base.
        tenure_floor: f64 = real(0.5, 0.0, 1.0, "share", "assumption: long-tenured staff quit half as often; compare best firms about 15 %/yr in the attrition row"),
        /// Months over which the tenure effect builds.
        tenure_scale_months: f64 = real(24.0, 0.1, 1200.0, "months", "assumption"),
        /// Months of pay owed to a laid-off employee.
        severance_months: f64 = real(1.0, 0.0, 24.0, "months of pay", "assumption"),
    }
}
