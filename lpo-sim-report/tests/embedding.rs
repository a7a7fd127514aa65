//! What an embedder renders: a study of a strategy of one's own, through the public API only.

use lpo_sim_core::mc::{Manifest, McConfig, Study, StudyFile};
use lpo_sim_core::{Decisions, Observation, Scenario, Strategy};
use lpo_sim_report::view::StudyReport;
use lpo_sim_report::{Format, Render};

/// A strategy that forgets to set `Decisions::offered`: it sells nothing.
struct OffersNothing;

impl Strategy for OffersNothing {
    fn name(&self) -> &str {
        "offers-nothing"
    }
    fn decide(&mut self, _: &Observation<'_>, decisions: &mut Decisions) {
        decisions.offered = Default::default();
    }
}

fn report_of(runs: u64) -> StudyFile {
    let scenario = Scenario::default();
    let config = McConfig::default().seed(3).runs(runs);
    let outcome = Study::new(&scenario)
        .config(config.clone())
        .strategy(|| OffersNothing)
        .run()
        .expect("the study runs");
    let manifest = Manifest::new(
        &scenario,
        "offers-nothing",
        config.seed,
        runs,
        outcome.replicates,
        None,
    );
    StudyFile::new(manifest, outcome.stop, outcome.state)
}

/// A strategy that never offers a line earns nothing, and the report says why, in words,
/// in the text and in the page, not only as zeros in the tables.
#[test]
fn a_strategy_that_offers_nothing_is_reported_with_its_cause() {
    let file = report_of(60);
    let report = StudyReport::new(&file, "the default scenario");
    let text = report.render_to_string(Format::Text).unwrap();
    assert!(
        text.contains("no firm earned any revenue")
            && text.contains("the strategy offered no line that leads asked for"),
        "{text}"
    );
    let html = report.render_to_string(Format::Html).unwrap();
    assert!(
        html.contains("no firm earned any revenue"),
        "the page says it too"
    );
    assert!(html.contains("offered no line"));
}

/// Every format a study view offers renders, and the same study renders the same bytes.
#[test]
fn every_format_renders_and_rendering_is_deterministic() {
    let file = report_of(40);
    let report = StudyReport::new(&file, "s.toml");
    for format in report.formats() {
        let once = report.render_to_string(*format).unwrap();
        assert!(!once.is_empty(), "{format}");
        assert_eq!(once, report.render_to_string(*format).unwrap(), "{format}");
    }
}
