//! The career's unemployment, founding decision and start state, each checked against a closed
//! form or a behaviour it must show. Tolerances are stated in standard errors.

mod common;

use common::mean_se;
use lpo_sim_core::{
    Career, CareerAction, CareerPlan, CareerPolicy, CareerState, LawOfficeRole, Person, Scenario,
    ServiceLine, StartJob,
};

/// Keeps an LPO job; out of one, seeks entry work on data organisation.
struct EntryWorker;

impl CareerPolicy for EntryWorker {
    fn decide(&mut self, _month: u32, person: &Person) -> CareerAction {
        match person.state {
            CareerState::LpoEntry(_) | CareerState::LpoSkilled(_) | CareerState::TeamLead => {
                CareerAction::Continue
            }
            _ => CareerAction::SeekLpo(ServiceLine::DataOrganisation),
        }
    }
}

/// With a monthly search success `p`, a spell out of work lasts `1/p` months on average
/// (geometric on 1, 2, …), and a job is lost in a share `s` of the months worked.
#[test]
fn an_unemployment_spell_lasts_one_over_p_months_and_jobs_are_lost_at_their_rate() {
    let (p, s) = (0.25, 0.05);
    let mut scenario = Scenario::default();
    scenario.career.max_months = 1200;
    scenario.career.offers.lpo_entry = p;
    scenario.career.job_loss.lpo = s;
    scenario.career.promotion.entry_to_skilled = 0.0;
    scenario.validate().unwrap();

    let (mut spells, mut worked, mut lost) = (Vec::new(), 0u32, 0u32);
    for seed in 0..100 {
        let mut career = Career::new(&scenario, EntryWorker, seed);
        let mut spell: Option<u32> = None;
        let mut counted = 0;
        while let Some(month) = career.step() {
            let person = month.person;
            if let Some(length) = spell.as_mut() {
                *length += 1;
            }
            if month.pay > 0.0 {
                worked += 1;
                if let Some(length) = spell.take() {
                    spells.push(f64::from(length));
                }
            }
            if person.state == CareerState::Unemployed && month.pay > 0.0 {
                lost += 1;
                spell = Some(0);
            }
            counted = person.unemployed_months;
        }
        // Every month begun out of work is counted, the spell still open at the end too.
        let open = spell.unwrap_or(0);
        let closed: u32 = career.person().job_losses;
        assert!(closed > 0);
        assert_eq!(counted, career.outcome().unemployed_months);
        assert!(counted >= open);
    }
    let (mean, se) = mean_se(&spells);
    assert!(spells.len() > 1000, "{} spells", spells.len());
    assert!(
        (mean - 1.0 / p).abs() < 4.0 * se,
        "mean spell {mean} months, expected {} (SE {se})",
        1.0 / p
    );
    let share = f64::from(lost) / f64::from(worked);
    let se_share = (s * (1.0 - s) / f64::from(worked)).sqrt();
    assert!(
        (share - s).abs() < 4.0 * se_share,
        "jobs lost in {share} of months worked, expected {s} (SE {se_share})"
    );
}

/// The default plan's experienced skilled worker, rich enough to pass the savings gate at
/// once; `expected_income` is what they expect a firm to pay at full knowledge and contacts.
fn ready_founder(expected_income: f64, job_loss: f64) -> Scenario {
    let mut scenario = Scenario::default();
    let c = &mut scenario.career;
    c.initial_savings = 100_000.0;
    c.start.job = StartJob::LpoSkilled;
    c.start.line = ServiceLine::DocumentReview;
    c.start.law_office_years = 2.0;
    c.start.lpo_years = 4.0;
    c.start.legal_knowledge = 0.6;
    c.start.network_contacts = 100.0;
    c.start.knowledge = lpo_sim_core::PerLine::splat(1.0);
    c.founding.expected_income = expected_income;
    c.job_loss.lpo = job_loss;
    c.job_loss.law_office = job_loss;
    scenario.validate().unwrap();
    scenario
}

#[test]
fn a_person_expecting_less_from_a_firm_than_their_pay_keeps_the_job() {
    let pay = Scenario::default().career.pay.lpo_skilled;
    // Just above the pay: founds in the first month.
    let scenario = ready_founder(pay + 1.0, 0.0);
    let plan = CareerPlan {
        params: scenario.career.plan,
    };
    let outcome = Career::new(&scenario, plan, 1).run();
    assert!(outcome.founded);
    assert_eq!(outcome.months, 1);

    // Just below: never founds while employed (no job is ever lost here), though every other
    // gate is passed.
    let scenario = ready_founder(pay - 1.0, 0.0);
    for seed in 0..20 {
        let outcome = Career::new(&scenario, plan, seed).run();
        assert!(!outcome.founded, "seed {seed} founded");
        assert_eq!(outcome.months, scenario.career.max_months);
    }
}

#[test]
fn a_person_out_of_work_gives_up_no_pay_and_founds() {
    let pay = Scenario::default().career.pay.lpo_skilled;
    let scenario = ready_founder(pay - 1.0, 0.05);
    let plan = CareerPlan {
        params: scenario.career.plan,
    };
    for seed in 0..20 {
        let mut career = Career::new(&scenario, plan, seed);
        let mut last = None;
        while let Some(month) = career.step() {
            if month.action == CareerAction::Found {
                break;
            }
            last = Some(month.person.state);
        }
        assert!(career.outcome().founded, "seed {seed} never founded");
        // The month before founding ended in a lost job: the pay given up is 0.
        assert_eq!(last, Some(CareerState::Unemployed), "seed {seed}");
    }
}

#[test]
fn a_career_starts_from_the_given_state() {
    let mut scenario = Scenario::default();
    let c = &mut scenario.career;
    c.initial_savings = 30_000.0;
    c.start.job = StartJob::Paralegal;
    c.start.law_office_years = 2.0;
    c.start.legal_knowledge = 0.5;
    c.start.network_contacts = 12.0;
    c.start.knowledge[ServiceLine::LegalResearch] = 0.4;
    c.job_loss.law_office = 0.0;
    scenario.validate().unwrap();
    let c = scenario.career;

    let plan = CareerPlan { params: c.plan };
    let mut career = Career::new(&scenario, plan, 7);
    let start = *career.person();
    assert_eq!(
        start.state,
        CareerState::LawOffice(LawOfficeRole::Paralegal)
    );
    assert_eq!(start.law_office_months, 24);
    assert_eq!(start.savings, 30_000.0);
    assert_eq!(start.current_pay, c.pay.paralegal);

    let first = career.step().unwrap();
    // No classes for someone who has worked: past the plan's 24 law-office months, they
    // look for LPO work on the target line, keeping the paralegal job while they look.
    assert_eq!(first.action, CareerAction::SeekLpo(c.plan.target_line));
    assert!(!matches!(first.person.state, CareerState::Studying(_)));
    if first.person.state == CareerState::LawOffice(LawOfficeRole::Paralegal) {
        assert_eq!(first.pay, c.pay.paralegal);
        assert_eq!(first.person.law_office_months, 25);
        assert_eq!(
            first.person.savings,
            30_000.0 + c.saving_rate * c.pay.paralegal
        );
    }
    assert!(first.person.network_contacts >= 12.0);
    assert!(first.person.knowledge[ServiceLine::LegalResearch] >= 0.4);
}

#[test]
fn an_impossible_start_is_refused_naming_the_field_and_the_fix() {
    let mut scenario = Scenario::default();
    scenario.career.start.job = StartJob::Attorney;
    let error = scenario.validate().unwrap_err().to_string();
    assert!(
        error.contains("career.start.has_law_degree = true"),
        "{error}"
    );

    let mut scenario = Scenario::default();
    scenario.career.start.job = StartJob::Paralegal;
    let error = scenario.validate().unwrap_err().to_string();
    assert!(error.contains("career.start.legal_knowledge"), "{error}");

    let mut scenario = Scenario::default();
    scenario.career.start.job = StartJob::LpoEntry;
    let error = scenario.validate().unwrap_err().to_string();
    assert!(error.contains("data_organisation"), "{error}");

    let mut scenario = Scenario::default();
    scenario.career.start.job = StartJob::LpoSkilled;
    scenario.career.start.line = ServiceLine::Transcription;
    let error = scenario.validate().unwrap_err().to_string();
    assert!(error.contains("document_review"), "{error}");
}

/// The default career draws exactly three uniforms a month: a career's months are a function
/// of the seed alone, and two runs agree month by month.
#[test]
fn the_same_seed_gives_the_same_career_from_any_start() {
    let scenario = ready_founder(400.0, 0.02);
    let plan = CareerPlan {
        params: scenario.career.plan,
    };
    let months = |seed| {
        let mut career = Career::new(&scenario, plan, seed);
        std::iter::from_fn(|| career.step()).collect::<Vec<_>>()
    };
    assert_eq!(months(3), months(3));
    assert_ne!(months(3), months(4));
}

#[test]
fn careers_that_never_found_are_counted_apart_from_the_founders() {
    use lpo_sim_core::mc::{CareerSummary, McConfig, Study};
    let mut scenario = Scenario::default();
    scenario.career.max_months = 150;
    // No one expects a firm to pay anything here, so no one founds.
    scenario.career.founding.expected_income = 0.0;
    let config = McConfig::default().seed(2).runs(200);
    let (_, state) = Study::new(&scenario)
        .config(config.clone())
        .run_careers(scenario.career.plan)
        .unwrap();
    let summary = CareerSummary::of(&state);
    assert_eq!(summary.never_founded.count, 200);
    assert_eq!(summary.founded.count, 0);
    assert_eq!(summary.founding_months.n, 0);
    assert_eq!(summary.months.min, 150.0);

    // The default: every career founds, and months to founding are the careers' months.
    let scenario = Scenario::default();
    let (_, state) = Study::new(&scenario)
        .config(config)
        .run_careers(scenario.career.plan)
        .unwrap();
    let summary = CareerSummary::of(&state);
    assert_eq!(summary.never_founded.count + summary.founded.count, 200);
    assert_eq!(summary.founding_months.n, summary.founded.count);
    assert!(
        summary.ever_unemployed.count > 0,
        "{:?}",
        summary.ever_unemployed
    );
}
