//! The career before founding (`[career]`, MODEL.md §2).

use crate::params::{TextValue, declare_params};
use crate::{PerLine, ServiceLine};

declare_params! {
    /// Parameters of the career before founding.
    #[derive(Copy)]
    pub struct CareerParams {
        /// Months after which the career ends even without founding.
        max_months: u32 = count(300, 1, 1200, "months", "assumption: 25 years"),
        /// Savings at the start (with `[career.start]`, the state the career starts from).
        initial_savings: f64 = real(2000.0, 0.0, 1e12, "currency", "assumption"),
        /// Share of pay saved.
        saving_rate: f64 = real(0.3, 0.0, 1.0, "share", "assumption"),
        /// Pay by position.
        pay: CareerPay = section(),
        /// Fees while studying.
        tuition: CareerTuition = section(),
        /// Learning while studying.
        study: CareerStudy = section(),
        /// Monthly job-offer chances (also the monthly chance that a search out of work
        /// succeeds).
        offers: CareerOffers = section(),
        /// Monthly chances of losing a job.
        job_loss: CareerJobLoss = section(),
        /// What a person expects to earn from a firm founded now.
        founding: CareerFounding = section(),
        /// Promotion chances.
        promotion: CareerPromotion = section(),
        /// Learning on the job.
        learning: CareerLearning = section(),
        /// Contacts gained per month.
        network: CareerNetwork = section(),
        /// The built-in career policy.
        plan: CareerPlanParams = section(),
        /// Where the career starts: job, experience, knowledge, degree, contacts.
        start: CareerStart = section(),
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
        law_assistant: f64 = real(0.32, 0.0, 1.0, "probability", "Unemployment: median spell 9.3 weeks in the US, all occupations (BLS CPS, Feb 2020) → 2.14 months; a constant monthly chance f has median ln 2 / f → f = 0.32 (weak: US, all occupations)"),
        /// Monthly chance of a paralegal offer, scaled by `0.5 + legal knowledge`.
        paralegal: f64 = real(0.32, 0.0, 1.0, "probability", "as `career.offers.law_assistant` at legal knowledge 0.5 (0.5 + ℓ = 1): median US spell 9.3 weeks (BLS CPS, Feb 2020) → f = 0.32 (weak)"),
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
        /// Found only when the expected firm income is at least this multiple of the pay of
        /// the job held now (0 out of work).
        min_income_ratio: f64 = real(1.0, 0.0, 100.0, "factor", "assumption: policy choice: found when the firm is expected to pay at least what the job pays"),
    }
}

declare_params! {
    /// Monthly chances of losing a job (at the end of a month worked).
    #[derive(Copy)]
    pub struct CareerJobLoss {
        /// Monthly chance of losing a law-office job (any role).
        law_office: f64 = real(0.01, 0.0, 1.0, "probability", "Unemployment: US paralegal unemployment 3.0–3.6 % (BLS via Bloomberg Law, Q3 2021 and Q3 2022); in a steady state u = s / (s + f), so with f = 0.32 (`career.offers.law_assistant`) s = u·f/(1 − u) ≈ 0.010–0.012/month; US layoffs and discharges run about 1.1–1.2 % of jobs a month (BLS JOLTS, 2019)"),
        /// Monthly chance of losing an LPO job (entry, skilled or team lead).
        lpo: f64 = real(0.005, 0.0, 1.0, "probability", "assumption (weak): India IT-BPO layoffs were under 1 % of the workforce in the 2009 slowdown (Nasscom, Business Standard 2009) and 0.7 % in 2020 (CNBC-TV18); with routine dismissals after performance reviews, 6 %/yr → 0.005/month. Most of the sector's 20–50 %/yr attrition is job-to-job, not unemployment"),
    }
}

declare_params! {
    /// What a person expects to earn from a firm founded now:
    /// `expected_income · min(1, k[target line] / knowledge_for_full_income) ·
    /// min(1, contacts / contacts_for_full_income)`.
    #[derive(Copy)]
    pub struct CareerFounding {
        /// Monthly income a founder with the full knowledge and contacts expects from the firm.
        expected_income: f64 = real(1087.0, 0.0, 1e7, "currency/month", "assumption (rational expectations): the default firm's mean founder income over its 60 months, 65,212 USD / 60 (`lpo-sim mc --runs 2000`, seed 1, at the calibrated defaults of commit e4891f3): what a founder like `[founder]` can expect"),
        /// Knowledge of the target line at which the full income is expected.
        knowledge_for_full_income: f64 = real(0.7, 0.0, 1.0, "share", "assumption: `founder.knowledge.document_review`, the profile behind `expected_income`"),
        /// Contacts at which the full income is expected.
        contacts_for_full_income: f64 = real(40.0, 0.0, 1e6, "contacts", "assumption: `founder.network_contacts`, the profile behind `expected_income`"),
    }
}

/// The job a career starts in (`career.start.job`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StartJob {
    /// Neither working nor studying, and not looking for work yet.
    Idle,
    /// Out of work and looking.
    Unemployed,
    /// Legal assistant in a law office.
    LawAssistant,
    /// Paralegal in a law office.
    Paralegal,
    /// Attorney in a law office (needs `career.start.has_law_degree`).
    Attorney,
    /// Entry LPO work on `career.start.line` (an entry line).
    LpoEntry,
    /// Skilled LPO work on `career.start.line` (a skilled line).
    LpoSkilled,
    /// LPO team lead.
    TeamLead,
}

impl StartJob {
    /// Every starting job.
    pub const ALL: [StartJob; 8] = [
        StartJob::Idle,
        StartJob::Unemployed,
        StartJob::LawAssistant,
        StartJob::Paralegal,
        StartJob::Attorney,
        StartJob::LpoEntry,
        StartJob::LpoSkilled,
        StartJob::TeamLead,
    ];

    /// The name used in scenario files.
    pub const fn name(self) -> &'static str {
        match self {
            StartJob::Idle => "idle",
            StartJob::Unemployed => "unemployed",
            StartJob::LawAssistant => "law_assistant",
            StartJob::Paralegal => "paralegal",
            StartJob::Attorney => "attorney",
            StartJob::LpoEntry => "lpo_entry",
            StartJob::LpoSkilled => "lpo_skilled",
            StartJob::TeamLead => "team_lead",
        }
    }
}

impl TextValue for StartJob {
    fn text(&self) -> String {
        self.name().to_owned()
    }
}

declare_params! {
    /// The state a career starts from (all zero and idle: someone starting out).
    #[derive(Copy)]
    pub struct CareerStart {
        /// The job held at the start.
        job: StartJob = text(
            || StartJob::Idle,
            "idle, unemployed, law_assistant, paralegal, attorney, lpo_entry, lpo_skilled, team_lead",
            "assumption: a career from scratch",
        ),
        /// The service line of a starting LPO job (`lpo_entry`: an entry line; `lpo_skilled`:
        /// a skilled line); unused otherwise.
        line: ServiceLine = text(
            || ServiceLine::DocumentReview,
            "any line name of section 3",
            "assumption: the default plan's target line",
        ),
        /// Holds a law degree at the start.
        has_law_degree: bool = flag(false, "assumption: a career from scratch"),
        /// Years already worked in a law office.
        law_office_years: f64 = real(0.0, 0.0, 100.0, "years", "assumption: a career from scratch"),
        /// Years already worked in LPO.
        lpo_years: f64 = real(0.0, 0.0, 100.0, "years", "assumption: a career from scratch"),
        /// General legal knowledge at the start, 0..1.
        legal_knowledge: f64 = real(0.0, 0.0, 1.0, "share", "assumption: a career from scratch"),
        /// Contacts at the start.
        network_contacts: f64 = real(0.0, 0.0, 1e6, "contacts", "assumption: a career from scratch"),
        /// Knowledge of each service line's process at the start, 0..1.
        knowledge: PerLine<f64> = by_line(
            [0.0, 0.0, 0.0, 0.0, 0.0],
            0.0,
            1.0,
            "share",
            [
                "assumption: a career from scratch",
                "assumption: a career from scratch",
                "assumption: a career from scratch",
                "assumption: a career from scratch",
                "assumption: a career from scratch",
            ],
        ),
    }
}

impl CareerParams {
    /// What is wrong with `[career.start]` beyond ranges: a job the person could not hold
    /// (MODEL.md §2.2). Each problem names the field and says how to fix it.
    pub fn start_problems(&self) -> Vec<String> {
        let start = &self.start;
        let mut problems = Vec::new();
        match start.job {
            StartJob::Attorney if !start.has_law_degree => problems.push(
                "`career.start.job` = \"attorney\" needs a law degree: set \
                 `career.start.has_law_degree = true`, or start as \"paralegal\""
                    .to_owned(),
            ),
            StartJob::Paralegal if start.legal_knowledge < 0.3 => problems.push(format!(
                "`career.start.job` = \"paralegal\" needs `career.start.legal_knowledge` of at \
                 least 0.3 (the paralegal hiring rule, MODEL.md §2.2), not {}: raise it (e.g. \
                 0.5) or start as \"law_assistant\"",
                start.legal_knowledge
            )),
            StartJob::LpoEntry if !start.line.is_entry() => problems.push(format!(
                "`career.start.line` = \"{}\" is a skilled line, but `career.start.job` = \
                 \"lpo_entry\" needs an entry line: set it to \"data_organisation\" or \
                 \"transcription\", or start as \"lpo_skilled\"",
                start.line.name()
            )),
            StartJob::LpoSkilled if start.line.is_entry() => problems.push(format!(
                "`career.start.line` = \"{}\" is an entry line, but `career.start.job` = \
                 \"lpo_skilled\" needs a skilled line: set it to \"document_review\", \
                 \"contract_drafting\" or \"legal_research\", or start as \"lpo_entry\"",
                start.line.name()
            )),
            _ => {}
        }
        problems
    }
}
