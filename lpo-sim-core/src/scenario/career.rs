//! The career before founding (`[career]`, MODEL.md §2).

use crate::ServiceLine;
use crate::params::declare_params;

declare_params! {
    /// Parameters of the career before founding.
    #[derive(Copy)]
    pub struct CareerParams {
        /// Months after which the career ends even without founding.
        max_months: u32 = count(300, 1, 1200, "months", "assumption: 25 years"),
        /// Savings at the start.
        initial_savings: f64 = real(2000.0, 0.0, 1e12, "currency", "assumption"),
        /// Share of pay saved.
        saving_rate: f64 = real(0.3, 0.0, 1.0, "share", "assumption"),
        /// Pay by position.
        pay: CareerPay = section(),
        /// Fees while studying.
        tuition: CareerTuition = section(),
        /// Learning while studying.
        study: CareerStudy = section(),
        /// Monthly job-offer chances.
        offers: CareerOffers = section(),
        /// Promotion chances.
        promotion: CareerPromotion = section(),
        /// Learning on the job.
        learning: CareerLearning = section(),
        /// Contacts gained per month.
        network: CareerNetwork = section(),
        /// The built-in career policy.
        plan: CareerPlanParams = section(),
    }
}

declare_params! {
    /// Monthly pay by position.
    #[derive(Copy)]
    pub struct CareerPay {
        /// Monthly pay of a legal assistant.
        law_assistant: f64 = real(300.0, 0.0, 1e6, "currency/month", "assumption: no legal-assistant row; set below the LPO fresher"),
        /// Monthly pay of a paralegal.
        paralegal: f64 = real(650.0, 0.0, 1e6, "currency/month", "Pay: Philippines vs London, paralegal £5–8k/yr (The Lawyer 2011) → £417–667/month → $529–847 at $1.27/£"),
        /// Monthly pay of an attorney.
        attorney: f64 = real(900.0, 0.0, 1e6, "currency/month", "Pay: Philippines bar-passed graduate $750–1,000/month (weak)"),
        /// Monthly pay of an entry LPO worker (data organisation, transcription).
        lpo_entry: f64 = real(350.0, 0.0, 1e6, "currency/month", "Pay: India LPO fresher, small LPOs Rs 20–25k, large Rs 30–45k (weak); ≈ Rs 29k at Rs 83/$"),
        /// Monthly pay of a skilled LPO worker (review, drafting, research).
        lpo_skilled: f64 = real(550.0, 0.0, 1e6, "currency/month", "as `lines.document_review.market_pay`: Philippines non-bar graduate $500–750/month (weak)"),
        /// Monthly pay of an LPO team lead.
        team_lead: f64 = real(750.0, 0.0, 1e6, "currency/month", "as `workforce.training.trainer_pay`: interpolated in India LPO by level (junior Rs 1–5 lakh/yr, mid Rs 10–20 lakh/yr)"),
    }
}

declare_params! {
    /// Monthly fees while studying.
    #[derive(Copy)]
    pub struct CareerTuition {
        /// Monthly fee of law classes.
        law_classes: f64 = real(80.0, 0.0, 1e6, "currency/month", "assumption"),
        /// Monthly fee of legal-research classes.
        research_classes: f64 = real(80.0, 0.0, 1e6, "currency/month", "assumption"),
        /// Monthly fee while studying for a law degree.
        law_degree: f64 = real(250.0, 0.0, 1e6, "currency/month", "assumption"),
    }
}

declare_params! {
    /// Learning while studying.
    #[derive(Copy)]
    pub struct CareerStudy {
        /// Monthly approach of legal knowledge to 1 in law classes.
        law_classes_rate: f64 = real(0.04, 0.0, 1.0, "share", "assumption"),
        /// Monthly approach of legal-research knowledge to 1 in research classes.
        research_classes_rate: f64 = real(0.05, 0.0, 1.0, "share", "assumption"),
        /// Months to a law degree.
        degree_months: u32 = count(36, 1, 240, "months", "assumption: a three-year law degree"),
        /// Monthly approach of legal knowledge to 1 while studying for a degree.
        degree_rate: f64 = real(0.05, 0.0, 1.0, "share", "assumption"),
    }
}

declare_params! {
    /// Monthly chance that a job search succeeds.
    #[derive(Copy)]
    pub struct CareerOffers {
        /// Monthly chance a search for legal-assistant work succeeds.
        law_assistant: f64 = real(0.35, 0.0, 1.0, "probability", "assumption"),
        /// Monthly chance of a paralegal offer, scaled by `0.5 + legal knowledge`.
        paralegal: f64 = real(0.25, 0.0, 1.0, "probability", "assumption"),
        /// Monthly chance of an attorney offer (needs a law degree).
        attorney: f64 = real(0.3, 0.0, 1.0, "probability", "assumption"),
        /// Monthly chance of an entry LPO offer.
        lpo_entry: f64 = real(0.5, 0.0, 1.0, "probability", "assumption: the article: LPO is \"a relatively accessible field\""),
        /// Monthly chance of a skilled LPO offer, scaled by `0.5 + credibility`.
        lpo_skilled: f64 = real(0.2, 0.0, 1.0, "probability", "assumption: the article: experience adds credibility and makes it easier to land a job"),
    }
}

declare_params! {
    /// Promotion chances.
    #[derive(Copy)]
    pub struct CareerPromotion {
        /// Monthly chance an entry LPO worker moves to skilled work.
        entry_to_skilled: f64 = real(0.01, 0.0, 1.0, "probability", "assumption: the article: upward mobility in entry positions \"is often limited\""),
        /// Monthly chance a skilled LPO worker becomes team lead.
        skilled_to_lead: f64 = real(0.015, 0.0, 1.0, "probability", "assumption"),
        /// Multiplier slope in legal knowledge.
        legal_boost: f64 = real(3.0, 0.0, 100.0, "factor", "assumption: the article: legal knowledge opens more opportunities for advancement"),
    }
}

declare_params! {
    /// Learning on the job.
    #[derive(Copy)]
    pub struct CareerLearning {
        /// Monthly approach of one's own line's knowledge to 1.
        job_rate: f64 = real(0.05, 0.0, 1.0, "share", "assumption"),
        /// Monthly approach of every line's knowledge to 1 as team lead.
        team_lead_rate: f64 = real(0.02, 0.0, 1.0, "share", "assumption"),
        /// Monthly approach of legal knowledge to 1 in a law office.
        law_office_rate: f64 = real(0.03, 0.0, 1.0, "share", "assumption: the article: law-office work gives first-hand experience"),
        /// Knowledge jump from an LPO office's new-hire training.
        new_hire_training: f64 = real(0.2, 0.0, 1.0, "share", "assumption: the article: many offices train new hires; the new-hire-training row (basic training 6 weeks) gives no knowledge measure"),
        /// Learning multiplier slope in legal knowledge.
        legal_boost: f64 = real(1.0, 0.0, 100.0, "factor", "assumption: the article: legal knowledge helps people perform better"),
    }
}

declare_params! {
    /// Contacts gained per month.
    #[derive(Copy)]
    pub struct CareerNetwork {
        /// Contacts gained per month while studying.
        studying: f64 = real(0.2, 0.0, 100.0, "contacts/month", "assumption"),
        /// Contacts gained per month as legal assistant or paralegal.
        law_office: f64 = real(0.5, 0.0, 100.0, "contacts/month", "assumption"),
        /// Contacts gained per month as an attorney.
        attorney: f64 = real(1.0, 0.0, 100.0, "contacts/month", "assumption"),
        /// Contacts gained per month in LPO work.
        lpo: f64 = real(0.3, 0.0, 100.0, "contacts/month", "assumption"),
        /// Contacts gained per month as LPO team lead.
        team_lead: f64 = real(0.6, 0.0, 100.0, "contacts/month", "assumption"),
    }
}

declare_params! {
    /// The built-in career plan.
    #[derive(Copy)]
    pub struct CareerPlanParams {
        /// Months of law classes first.
        law_class_months: u32 = count(6, 0, 240, "months", "assumption: policy choice"),
        /// Months of legal-research classes next.
        research_class_months: u32 = count(6, 0, 240, "months", "assumption: policy choice"),
        /// Study for a law degree after the classes.
        earn_degree: bool = flag(false, "assumption: policy choice"),
        /// Months to work in a law office.
        law_office_months: u32 = count(24, 0, 600, "months", "assumption: policy choice"),
        /// The LPO line to seek work in.
        target_line: ServiceLine = text(
            || ServiceLine::DocumentReview,
            "any line name of section 3",
            "assumption (policy choice): the skilled line with the largest lead share",
        ),
        /// Months in an LPO centre before founding.
        lpo_months: u32 = count(48, 0, 600, "months", "assumption: policy choice"),
        /// Savings needed to found.
        min_savings_to_found: f64 = real(15000.0, 0.0, 1e12, "currency", "assumption: policy choice"),
    }
}
