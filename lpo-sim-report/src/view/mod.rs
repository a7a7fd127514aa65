//! One view per result: the result and the labels its report shows, rendered by
//! [`Render`](crate::Render). Views only arrange numbers the library computed; none of them
//! computes model quantities. `table`, `json` and `csv` hold what several views share.

pub mod calibrate;
pub mod careers;
pub mod closures;
pub mod compare;
pub mod csv;
pub mod json;
pub mod market;
pub mod params;
pub mod play;
pub mod replay;
pub mod sensitivity;
pub mod study;
pub mod study_csv;
pub mod sweep;
pub mod table;
pub mod tune;
pub mod values;

pub use calibrate::{CheckView, HistoryView};
pub use careers::{CareerStudyReport, Careers};
pub use closures::{ClosuresReport, MemberProfile};
pub use compare::{ArmInfo, CompareReport, Compared};
pub use market::{MarketFirm, MarketReport};
pub use params::ParamsReport;
pub use replay::ReplayReport;
pub use sensitivity::SensitivityReport;
pub use study::{Shard, StudyReport};
pub use sweep::SweepReport;
pub use tune::TuneReport;
pub use values::{AnalysisContext, EnsembleContext};

use lpo_sim_core::{
    BuiltinStrategy, CareerAction, CareerMonth, CareerOutcome, CareerState, Course, LawOfficeRole,
    MonthRecord, RunOutcome,
};

/// One firm trajectory.
#[derive(Debug, Clone)]
pub struct RunReport {
    /// Where the scenario came from.
    pub origin: String,
    /// The strategy that ran the firm.
    pub strategy: BuiltinStrategy,
    /// The seed.
    pub seed: u64,
    /// Currency label of every amount.
    pub currency: String,
    /// Horizon of the scenario, to tell "survived" from "stopped early".
    pub horizon_months: u32,
    /// Every month, in order.
    pub months: Vec<MonthRecord>,
    /// The outcome.
    pub outcome: RunOutcome,
}

/// One career path.
#[derive(Debug, Clone)]
pub struct CareerReport {
    /// Where the scenario came from.
    pub origin: String,
    /// The seed.
    pub seed: u64,
    /// Currency label of every amount.
    pub currency: String,
    /// Every month, in order.
    pub months: Vec<CareerMonth>,
    /// How the career ended.
    pub outcome: CareerOutcome,
}

/// A career action as (kind, detail), named as in the JSON output.
pub fn action_parts(action: CareerAction) -> (&'static str, Option<&'static str>) {
    match action {
        CareerAction::Continue => ("continue", None),
        CareerAction::Study(course) => ("study", Some(course_name(course))),
        CareerAction::SeekLawOffice => ("seek_law_office", None),
        CareerAction::SeekLpo(line) => ("seek_lpo", Some(line.name())),
        CareerAction::Found => ("found", None),
    }
}

/// A career state as (kind, detail), named as in the JSON output.
pub fn state_parts(state: CareerState) -> (&'static str, Option<&'static str>) {
    match state {
        CareerState::Idle => ("idle", None),
        CareerState::Unemployed => ("unemployed", None),
        CareerState::Studying(course) => ("studying", Some(course_name(course))),
        CareerState::LawOffice(role) => ("law_office", Some(role_name(role))),
        CareerState::LpoEntry(line) => ("lpo_entry", Some(line.name())),
        CareerState::LpoSkilled(line) => ("lpo_skilled", Some(line.name())),
        CareerState::TeamLead => ("team_lead", None),
        CareerState::Founded => ("founded", None),
    }
}

fn course_name(course: Course) -> &'static str {
    match course {
        Course::LawClasses => "law_classes",
        Course::ResearchClasses => "research_classes",
        Course::LawDegree => "law_degree",
    }
}

fn role_name(role: LawOfficeRole) -> &'static str {
    match role {
        LawOfficeRole::Assistant => "assistant",
        LawOfficeRole::Paralegal => "paralegal",
        LawOfficeRole::Attorney => "attorney",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lpo_sim_core::ServiceLine;

    /// The table and CSV names must match what the JSON output (serde) calls the same thing.
    #[test]
    fn labels_match_serde_names() {
        let action = CareerAction::SeekLpo(ServiceLine::DocumentReview);
        assert_eq!(
            serde_json::to_value(action).unwrap(),
            serde_json::json!({"seek_lpo": "document_review"})
        );
        assert_eq!(action_parts(action), ("seek_lpo", Some("document_review")));

        let state = CareerState::LawOffice(LawOfficeRole::Paralegal);
        assert_eq!(
            serde_json::to_value(state).unwrap(),
            serde_json::json!({"state": "law_office", "detail": "paralegal"})
        );
        assert_eq!(state_parts(state), ("law_office", Some("paralegal")));

        for course in [
            Course::LawClasses,
            Course::ResearchClasses,
            Course::LawDegree,
        ] {
            assert_eq!(
                serde_json::to_value(course).unwrap(),
                serde_json::json!(course_name(course))
            );
        }
    }
}
