//! The career before founding: study, law-office work, LPO work, promotion, savings and
//! network, ending in a [`FounderProfile`].

use crate::line::{PerLine, ServiceLine};
use crate::rng::{Process, Streams};
use crate::scenario::{CareerParams, CareerPlanParams, FounderProfile, Scenario, StartJob};
use rand::RngExt;
use serde::{Deserialize, Serialize};

/// Upper bound of `founder.law_office_years` and `founder.lpo_years`.
const MAX_FOUNDER_YEARS: f64 = 100.0;

/// Moves `x` towards 1 by the share `rate` of the remaining gap (a rate above 1, possible
/// with large boosts, just closes the gap).
fn learn(x: &mut f64, rate: f64) {
    *x += rate.clamp(0.0, 1.0) * (1.0 - *x);
}

/// A course of study.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Course {
    /// Law classes: general legal knowledge.
    LawClasses,
    /// Legal-research classes: research knowledge, some legal knowledge.
    ResearchClasses,
    /// A law degree: takes `career.study.degree_months`; qualifies as attorney.
    LawDegree,
}

/// A position in a law office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LawOfficeRole {
    /// Legal assistant: open to anyone.
    Assistant,
    /// Paralegal: needs some legal knowledge.
    Paralegal,
    /// Attorney: needs a law degree.
    Attorney,
}

/// Where a person is in a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state", content = "detail")]
pub enum CareerState {
    /// Not working or studying.
    Idle,
    /// Lost a job and looking for work (the policy's searches are the search).
    Unemployed,
    /// Studying.
    Studying(Course),
    /// Working in a law office.
    LawOffice(LawOfficeRole),
    /// Entry LPO work (data organisation, transcription).
    LpoEntry(ServiceLine),
    /// Skilled LPO work (review, drafting, research).
    LpoSkilled(ServiceLine),
    /// LPO team lead and trainer: sees every process.
    TeamLead,
    /// Has founded a firm; the career is over.
    Founded,
}

impl CareerState {
    /// Holds a job (law office or LPO): can lose it.
    pub fn is_job(self) -> bool {
        self.in_law_office() || self.in_lpo()
    }
    fn in_law_office(self) -> bool {
        matches!(self, CareerState::LawOffice(_))
    }
    fn in_lpo(self) -> bool {
        matches!(
            self,
            CareerState::LpoEntry(_) | CareerState::LpoSkilled(_) | CareerState::TeamLead
        )
    }
}

/// What a career policy can choose each month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CareerAction {
    /// Keep doing what one does (and, in a job, seek promotion).
    Continue,
    /// Study a course this month (leaves any job).
    Study(Course),
    /// Look for law-office work (keeps any current job while looking).
    SeekLawOffice,
    /// Look for LPO work on a line (keeps any current job while looking).
    SeekLpo(ServiceLine),
    /// Found a firm now.
    Found,
}

/// A person's attributes during the career.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// Where they are.
    pub state: CareerState,
    /// Holds a law degree.
    pub has_law_degree: bool,
    /// Months of law classes taken.
    pub law_class_months: u32,
    /// Months of research classes taken.
    pub research_class_months: u32,
    /// Months of degree study.
    pub degree_months: u32,
    /// Months in a law office.
    pub law_office_months: u32,
    /// Months in LPO work.
    pub lpo_months: u32,
    /// General legal knowledge, 0..1.
    pub legal_knowledge: f64,
    /// Knowledge of each line's process, 0..1.
    pub knowledge: PerLine<f64>,
    /// Savings.
    pub savings: f64,
    /// Contacts.
    pub network_contacts: f64,
    /// Pay of the last job held (0 before any): what founding gives up.
    pub last_pay: f64,
    /// Pay of the job held now (0 out of work or studying): what the founding decision
    /// compares with.
    pub current_pay: f64,
    /// Monthly income the person expects from a firm founded now (MODEL.md §2.4).
    pub expected_firm_income: f64,
    /// Months begun out of work after losing a job.
    pub unemployed_months: u32,
    /// Jobs lost.
    pub job_losses: u32,
}

impl Person {
    /// Someone starting out: no knowledge, `savings`.
    pub fn starting(savings: f64) -> Self {
        Person {
            state: CareerState::Idle,
            has_law_degree: false,
            law_class_months: 0,
            research_class_months: 0,
            degree_months: 0,
            law_office_months: 0,
            lpo_months: 0,
            legal_knowledge: 0.0,
            knowledge: PerLine::splat(0.0),
            savings,
            network_contacts: 0.0,
            last_pay: 0.0,
            current_pay: 0.0,
            expected_firm_income: 0.0,
            unemployed_months: 0,
            job_losses: 0,
        }
    }

    /// The person `[career.start]` describes, with `career.initial_savings`, their pay and
    /// expected firm income worked out.
    ///
    /// # Examples
    /// ```
    /// use lpo_sim_core::{CareerState, LawOfficeRole, Person, Scenario, StartJob};
    /// let mut career = Scenario::default().career;
    /// career.start.job = StartJob::Paralegal;
    /// career.start.legal_knowledge = 0.5;
    /// career.start.law_office_years = 2.0;
    /// let person = Person::from_start(&career);
    /// assert_eq!(person.state, CareerState::LawOffice(LawOfficeRole::Paralegal));
    /// assert_eq!(person.law_office_months, 24);
    /// assert_eq!(person.current_pay, career.pay.paralegal);
    /// ```
    pub fn from_start(c: &CareerParams) -> Self {
        let start = &c.start;
        let state = match start.job {
            StartJob::Idle => CareerState::Idle,
            StartJob::Unemployed => CareerState::Unemployed,
            StartJob::LawAssistant => CareerState::LawOffice(LawOfficeRole::Assistant),
            StartJob::Paralegal => CareerState::LawOffice(LawOfficeRole::Paralegal),
            StartJob::Attorney => CareerState::LawOffice(LawOfficeRole::Attorney),
            StartJob::LpoEntry => CareerState::LpoEntry(start.line),
            StartJob::LpoSkilled => CareerState::LpoSkilled(start.line),
            StartJob::TeamLead => CareerState::TeamLead,
        };
        // Years to whole months (validation keeps them within 0..=100 years).
        let months = |years: f64| (years * 12.0).round() as u32;
        let mut person = Person {
            state,
            has_law_degree: start.has_law_degree,
            law_office_months: months(start.law_office_years),
            lpo_months: months(start.lpo_years),
            legal_knowledge: start.legal_knowledge,
            knowledge: start.knowledge,
            network_contacts: start.network_contacts,
            ..Person::starting(c.initial_savings)
        };
        person.last_pay = pay_of(c, state);
        person.refresh(c);
        person
    }

    /// Updates what the person earns now and expects from a firm founded now.
    fn refresh(&mut self, c: &CareerParams) {
        self.current_pay = pay_of(c, self.state);
        self.expected_firm_income = expected_firm_income(c, self);
    }

    /// The profile a firm founded now would have. Years are capped at the founder's declared
    /// maximum (100): a career that starts with years behind it and runs its longest can pass
    /// it, and trust saturates long before.
    pub fn profile(&self) -> FounderProfile {
        let years = |months: u32| (f64::from(months) / 12.0).min(MAX_FOUNDER_YEARS);
        FounderProfile {
            has_law_degree: self.has_law_degree,
            law_office_years: years(self.law_office_months),
            lpo_years: years(self.lpo_months),
            legal_knowledge: self.legal_knowledge,
            savings: self.savings.max(0.0),
            outside_pay: self.last_pay,
            network_contacts: self.network_contacts,
            knowledge: self.knowledge,
        }
    }

    /// Credibility to a skilled-LPO employer, 0..1: legal knowledge, law-office years
    /// (saturating at 2), degree.
    pub fn credibility(&self) -> f64 {
        let office = (f64::from(self.law_office_months) / 24.0).min(1.0);
        (0.2 + 0.5 * self.legal_knowledge
            + 0.3 * office
            + 0.2 * f64::from(u8::from(self.has_law_degree)))
        .clamp(0.0, 1.0)
    }
}

/// Monthly pay of a state (0 for every state without a job).
fn pay_of(c: &CareerParams, state: CareerState) -> f64 {
    match state {
        CareerState::LawOffice(LawOfficeRole::Assistant) => c.pay.law_assistant,
        CareerState::LawOffice(LawOfficeRole::Paralegal) => c.pay.paralegal,
        CareerState::LawOffice(LawOfficeRole::Attorney) => c.pay.attorney,
        CareerState::LpoEntry(_) => c.pay.lpo_entry,
        CareerState::LpoSkilled(_) => c.pay.lpo_skilled,
        CareerState::TeamLead => c.pay.team_lead,
        CareerState::Idle
        | CareerState::Unemployed
        | CareerState::Studying(_)
        | CareerState::Founded => 0.0,
    }
}

/// `share / full`, at most 1; a `full` of 0 asks for nothing, so the share is 1.
fn readiness(share: f64, full: f64) -> f64 {
    if full > 0.0 {
        (share / full).clamp(0.0, 1.0)
    } else {
        1.0
    }
}

/// What a person expects to earn a month from a firm founded now (MODEL.md §2.4): the
/// income of a founder with full knowledge of the plan's target line and full contacts,
/// scaled down for less of either.
fn expected_firm_income(c: &CareerParams, p: &Person) -> f64 {
    let f = &c.founding;
    f.expected_income
        * readiness(p.knowledge[c.plan.target_line], f.knowledge_for_full_income)
        * readiness(p.network_contacts, f.contacts_for_full_income)
}

/// Decides each month what a person does next.
pub trait CareerPolicy {
    /// The action for this month given the person now.
    fn decide(&mut self, month: u32, person: &Person) -> CareerAction;
}

/// The built-in career policy: law classes, research classes, an optional degree, law-office
/// work, then LPO work on a target line, founding once experienced, saved up, and expecting
/// the firm to pay at least `min_income_ratio` times the job held now. Courses come only
/// before the first job: a person who has worked (e.g. one started from `[career.start]` in a
/// job) goes straight to work.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CareerPlan {
    /// The plan.
    pub params: CareerPlanParams,
}

impl CareerPolicy for CareerPlan {
    fn decide(&mut self, _month: u32, p: &Person) -> CareerAction {
        let plan = &self.params;
        let has_worked = p.law_office_months + p.lpo_months > 0 || p.state.is_job();
        if !has_worked {
            if p.law_class_months < plan.law_class_months {
                return CareerAction::Study(Course::LawClasses);
            }
            if p.research_class_months < plan.research_class_months {
                return CareerAction::Study(Course::ResearchClasses);
            }
            if plan.earn_degree && !p.has_law_degree {
                return CareerAction::Study(Course::LawDegree);
            }
        }
        if p.law_office_months < plan.law_office_months {
            return if p.state.in_law_office() {
                CareerAction::Continue
            } else {
                CareerAction::SeekLawOffice
            };
        }
        if p.lpo_months < plan.lpo_months {
            return if p.state.in_lpo() {
                CareerAction::Continue
            } else {
                CareerAction::SeekLpo(plan.target_line)
            };
        }
        let worth_it = p.expected_firm_income > 0.0
            && p.expected_firm_income >= plan.min_income_ratio * p.current_pay;
        if p.savings >= plan.min_savings_to_found && worth_it {
            CareerAction::Found
        } else if p.state.in_lpo() {
            CareerAction::Continue
        } else {
            CareerAction::SeekLpo(plan.target_line)
        }
    }
}

/// One month of a career.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CareerMonth {
    /// Month number, from 1.
    pub month: u32,
    /// What the policy chose.
    pub action: CareerAction,
    /// The person at the end of the month.
    pub person: Person,
    /// Pay earned this month.
    pub pay: f64,
}

/// How a career ended.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CareerOutcome {
    /// Months lived.
    pub months: u32,
    /// Whether the person founded a firm (else `max_months` ran out: never founded).
    pub founded: bool,
    /// The founder profile at the end.
    pub profile: FounderProfile,
    /// Months begun out of work after losing a job.
    pub unemployed_months: u32,
    /// Jobs lost.
    pub job_losses: u32,
}

/// A career simulated month by month.
///
/// # Examples
/// ```
/// use lpo_sim_core::{Career, CareerPlan, Scenario};
/// let scenario = Scenario::default();
/// let plan = CareerPlan { params: scenario.career.plan };
/// let outcome = Career::new(&scenario, plan, 3).run();
/// assert!(outcome.months <= scenario.career.max_months);
/// ```
#[derive(Debug, Clone)]
pub struct Career<P> {
    params: CareerParams,
    policy: P,
    streams: Streams,
    person: Person,
    month: u32,
    ended: bool,
}

impl<P: CareerPolicy> Career<P> {
    /// A career under `policy` from the state `[career.start]` describes, its random draws
    /// from the career stream of `seed`.
    pub fn new(scenario: &Scenario, policy: P, seed: u64) -> Self {
        Career {
            params: scenario.career,
            policy,
            streams: Streams::new(seed),
            person: Person::from_start(&scenario.career),
            month: 0,
            ended: false,
        }
    }

    /// The person now.
    pub fn person(&self) -> &Person {
        &self.person
    }

    /// Runs to the end.
    pub fn run(mut self) -> CareerOutcome {
        while self.step().is_some() {}
        self.outcome()
    }

    /// The outcome so far.
    pub fn outcome(&self) -> CareerOutcome {
        CareerOutcome {
            months: self.month,
            founded: self.person.state == CareerState::Founded,
            profile: self.person.profile(),
            unemployed_months: self.person.unemployed_months,
            job_losses: self.person.job_losses,
        }
    }

    /// Simulates one month; `None` once founded or out of time.
    pub fn step(&mut self) -> Option<CareerMonth> {
        if self.ended {
            return None;
        }
        let c = self.params;
        let t = self.month;
        let rng = self.streams.rng(Process::Career);
        // Exactly three uniforms a month, whatever happens: offers, promotion, job loss.
        let offer_draw: f64 = rng.random();
        let promotion_draw: f64 = rng.random();
        let job_loss_draw: f64 = rng.random();
        if self.person.state == CareerState::Unemployed {
            // A month begun out of work counts, even if this month's search succeeds: a
            // spell then lasts 1/p months on average with a monthly search success p.
            self.person.unemployed_months += 1;
        }
        let action = self.policy.decide(t, &self.person);
        let p = &mut self.person;
        match action {
            CareerAction::Continue => {}
            CareerAction::Found => p.state = CareerState::Founded,
            CareerAction::Study(course) => p.state = CareerState::Studying(course),
            CareerAction::SeekLawOffice => {
                let (role, chance) = if p.has_law_degree {
                    (LawOfficeRole::Attorney, c.offers.attorney)
                } else if p.legal_knowledge >= 0.3 {
                    (
                        LawOfficeRole::Paralegal,
                        c.offers.paralegal * (0.5 + p.legal_knowledge),
                    )
                } else {
                    (LawOfficeRole::Assistant, c.offers.law_assistant)
                };
                if offer_draw < chance.min(1.0) {
                    p.state = CareerState::LawOffice(role);
                } else if matches!(p.state, CareerState::Studying(_)) {
                    p.state = CareerState::Idle;
                }
            }
            CareerAction::SeekLpo(line) => {
                let chance = if line.is_entry() {
                    c.offers.lpo_entry
                } else {
                    c.offers.lpo_skilled * (0.5 + p.credibility())
                };
                let chance = chance.min(1.0);
                // Above `chance`, the same uniform rescaled to 0..1 decides the entry fallback,
                // so the fallback has its own probability `lpo_entry` and the month still
                // uses exactly two draws.
                let fallback_draw = if chance < 1.0 {
                    (offer_draw - chance) / (1.0 - chance)
                } else {
                    1.0
                };
                if offer_draw < chance {
                    p.state = if line.is_entry() {
                        CareerState::LpoEntry(line)
                    } else {
                        CareerState::LpoSkilled(line)
                    };
                    // Many LPO offices train new hires.
                    learn(&mut p.knowledge[line], c.learning.new_hire_training);
                } else if !line.is_entry()
                    && !p.state.in_lpo()
                    && fallback_draw < c.offers.lpo_entry
                {
                    // No skilled offer: start in entry work (data organisation, the usual way in).
                    p.state = CareerState::LpoEntry(ServiceLine::DataOrganisation);
                    let entry = ServiceLine::DataOrganisation;
                    learn(&mut p.knowledge[entry], c.learning.new_hire_training);
                } else if matches!(p.state, CareerState::Studying(_)) {
                    p.state = CareerState::Idle;
                }
            }
        }
        if p.state == CareerState::Founded {
            self.ended = true;
            self.month = t + 1;
            return Some(CareerMonth {
                month: self.month,
                action,
                person: *p,
                pay: 0.0,
            });
        }

        // A month in the current state.
        let learn_boost = 1.0 + c.learning.legal_boost * p.legal_knowledge;
        let promo_boost = 1.0 + c.promotion.legal_boost * p.legal_knowledge;
        let mut living_costs = 0.0;
        let (pay, tuition, contacts) = match p.state {
            CareerState::Idle | CareerState::Founded => (0.0, 0.0, 0.0),
            CareerState::Unemployed => {
                // Out of work, one lives on savings as one lived on the job's pay.
                living_costs = (1.0 - c.saving_rate) * p.last_pay;
                (0.0, 0.0, 0.0)
            }
            CareerState::Studying(course) => {
                let tuition = match course {
                    Course::LawClasses => {
                        p.law_class_months += 1;
                        learn(&mut p.legal_knowledge, c.study.law_classes_rate);
                        c.tuition.law_classes
                    }
                    Course::ResearchClasses => {
                        p.research_class_months += 1;
                        let research = &mut p.knowledge[ServiceLine::LegalResearch];
                        learn(research, c.study.research_classes_rate);
                        learn(&mut p.legal_knowledge, 0.5 * c.study.research_classes_rate);
                        c.tuition.research_classes
                    }
                    Course::LawDegree => {
                        p.degree_months += 1;
                        learn(&mut p.legal_knowledge, c.study.degree_rate);
                        if p.degree_months >= c.study.degree_months {
                            p.has_law_degree = true;
                            p.state = CareerState::Idle;
                        }
                        c.tuition.law_degree
                    }
                };
                (0.0, tuition, c.network.studying)
            }
            CareerState::LawOffice(role) => {
                p.law_office_months += 1;
                learn(&mut p.legal_knowledge, c.learning.law_office_rate);
                // Law-office work is first-hand experience of drafting and research.
                for line in [
                    ServiceLine::ContractDrafting,
                    ServiceLine::LegalResearch,
                    ServiceLine::DocumentReview,
                ] {
                    learn(&mut p.knowledge[line], 0.5 * c.learning.law_office_rate);
                }
                match role {
                    LawOfficeRole::Assistant => (c.pay.law_assistant, 0.0, c.network.law_office),
                    LawOfficeRole::Paralegal => (c.pay.paralegal, 0.0, c.network.law_office),
                    LawOfficeRole::Attorney => (c.pay.attorney, 0.0, c.network.attorney),
                }
            }
            CareerState::LpoEntry(line) => {
                p.lpo_months += 1;
                learn(&mut p.knowledge[line], c.learning.job_rate * learn_boost);
                let pay = c.pay.lpo_entry;
                // Document review is the usual first skilled role above entry work.
                if promotion_draw < (c.promotion.entry_to_skilled * promo_boost).min(1.0) {
                    p.state = CareerState::LpoSkilled(ServiceLine::DocumentReview);
                }
                (pay, 0.0, c.network.lpo)
            }
            CareerState::LpoSkilled(line) => {
                p.lpo_months += 1;
                learn(&mut p.knowledge[line], c.learning.job_rate * learn_boost);
                let pay = c.pay.lpo_skilled;
                let chance = c.promotion.skilled_to_lead * promo_boost * (0.5 + p.knowledge[line]);
                if promotion_draw < chance.min(1.0) {
                    p.state = CareerState::TeamLead;
                }
                (pay, 0.0, c.network.lpo)
            }
            CareerState::TeamLead => {
                p.lpo_months += 1;
                for line in ServiceLine::ALL {
                    learn(
                        &mut p.knowledge[line],
                        c.learning.team_lead_rate * learn_boost,
                    );
                }
                (c.pay.team_lead, 0.0, c.network.team_lead)
            }
        };
        p.savings += c.saving_rate * pay - tuition - living_costs;
        if pay > 0.0 {
            p.last_pay = pay;
        }
        p.network_contacts += contacts;
        // A job worked this month can be lost at its end.
        let loss_chance = if p.state.in_law_office() {
            c.job_loss.law_office
        } else if p.state.in_lpo() {
            c.job_loss.lpo
        } else {
            0.0
        };
        if job_loss_draw < loss_chance {
            p.state = CareerState::Unemployed;
            p.job_losses += 1;
        }
        p.refresh(&c);
        self.month = t + 1;
        if self.month >= c.max_months {
            self.ended = true;
        }
        Some(CareerMonth {
            month: self.month,
            action,
            person: *p,
            pay,
        })
    }
}
