//! Reports of real (small) studies and of degenerate ones.

use super::*;
use lpo_sim_core::mc::{
    FanMonth, Fans, McConfig, MetricStats, Outcome, PerOutcome, Proportion, Study,
};
use lpo_sim_core::params::set_param;
use lpo_sim_core::{BuiltinStrategy, Scenario};
use std::sync::OnceLock;

const SVG_NAMESPACE: &str = "xmlns=\"http://www.w3.org/2000/svg\"";

fn study(scenario: &Scenario, runs: u64) -> McSummary {
    let rule = scenario.strategy.rule;
    Study::new(scenario)
        .config(McConfig::default().seed(1).runs(runs))
        .strategy(|| BuiltinStrategy::RuleBased.build(&rule))
        .run()
        .expect("the study runs")
        .summary()
}

/// The default scenario, 300 replicates, computed once.
fn default_summary() -> &'static McSummary {
    static SUMMARY: OnceLock<McSummary> = OnceLock::new();
    SUMMARY.get_or_init(|| study(&Scenario::default(), 300))
}

fn scenario_with(changes: &[(&str, f64)]) -> Scenario {
    let mut scenario = Scenario::default();
    for (path, value) in changes {
        assert!(
            set_param(&mut scenario, path, *value).is_ok(),
            "no parameter {path}"
        );
    }
    scenario
}

fn context(scenario: &str, runs: u64, partial: bool) -> ReportContext<'_> {
    ReportContext {
        scenario,
        strategy: "rule-based",
        seed: 1,
        currency: "EUR",
        replicates: 0..runs,
        partial,
        crate_version: "0.1.0",
        ensemble: None,
        careers: None,
    }
}

fn render(summary: &McSummary, partial: bool) -> String {
    let html = render_html(
        summary,
        &context("<embedded default>", summary.runs, partial),
    )
    .expect("the report renders");
    assert_well_formed(&html);
    html
}

/// What every report must be: complete, self-contained, every section present.
fn assert_well_formed(html: &str) {
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    let svgs = html.matches("<svg").count();
    assert!(svgs >= 4, "{svgs} charts");
    assert_eq!(svgs, html.matches("</svg>").count());
    for heading in [
        SECTION_HEADLINE,
        SECTION_FAN,
        SECTION_SURVIVAL,
        SECTION_HISTOGRAM,
        SECTION_BREAK_EVEN,
        SECTION_TABLE,
    ] {
        assert!(
            html.contains(&format!("<h2>{heading}</h2>")),
            "missing section {heading}"
        );
    }
    for name in Outcome::ALL.map(Outcome::name) {
        assert!(
            html.contains(&format!("<code>{name}</code>")),
            "missing row {name}"
        );
    }
    // How the runs ended, not only bankruptcy: most firms that end are closed by their founder.
    for card in ["P(bankruptcy)", "Open at month", "P(break-even)"] {
        assert!(html.contains(card), "missing headline {card}");
    }
    // Nothing is fetched: the only URI is the SVG namespace, which is a name, not a link.
    let without_namespace = html.replace(SVG_NAMESPACE, "");
    for forbidden in [
        "http://", "https://", "<script", "<link", "@import", "url(", "<img",
    ] {
        assert!(
            !without_namespace.contains(forbidden),
            "the report contains {forbidden}"
        );
    }
    assert!(!html.contains("NaN"), "a NaN was printed");
    assert!(
        !html.contains(">inf<") && !html.contains("-inf"),
        "an infinity was printed"
    );
}

#[test]
fn default_study_has_every_section_and_no_banner() {
    let summary = default_summary();
    let html = render(summary, false);
    assert!(!html.contains(PARTIAL_BANNER_ID));
    assert!(html.contains("Drawn from the quantile sketch"));
    assert!(html.contains("P(bankruptcy)") && html.contains("CVaR 5 %"));
    assert!(html.contains("replicates 0–299"));
    // The fan legend and the axis units.
    assert!(html.contains("P5–P95") && html.contains("P25–P75"));
    assert!(html.contains("Cash at month end (EUR)"));
    assert!(html.contains("Firms still running (%)"));
}

#[test]
fn partial_study_shows_the_banner() {
    let html = render(default_summary(), true);
    assert_eq!(html.matches(PARTIAL_BANNER_ID).count(), 1);
    assert!(html.contains("Partial results."));
}

#[test]
fn context_text_is_escaped() {
    let summary = default_summary();
    let mut ctx = context("studies/<b>&amp\"x'.toml", summary.runs, false);
    ctx.strategy = "<i>odd</i>";
    ctx.currency = "E&R";
    let html = render_html(summary, &ctx).expect("the report renders");
    assert_well_formed(&html);
    // The file's name only: a report does not tell where the file sat.
    assert!(html.contains("&lt;b&gt;&amp;amp&quot;x&#39;.toml"));
    assert!(!html.contains("studies/"));
    assert!(!html.contains("<b>&"));
    assert!(html.contains("&lt;i&gt;odd&lt;/i&gt;") && !html.contains("<i>odd"));
    // In HTML and inside the SVG text (plotters escapes its own text).
    assert!(!html.contains("E&R") && html.contains("E&amp;R"));
}

#[test]
fn one_month_horizon_renders() {
    let summary = study(&scenario_with(&[("horizon_months", 1.0)]), 300);
    assert_eq!(summary.survival.len(), 1);
    let html = render(&summary, false);
    assert!(html.contains("horizon 1 months"));
}

#[test]
fn founder_without_savings_renders() {
    let summary = study(&scenario_with(&[("founder.savings", 0.0)]), 300);
    let html = render(&summary, false);
    assert!(summary.bankruptcy.count > 0);
    assert!(html.contains("Final cash below zero"));
}

#[test]
fn single_replicate_renders() {
    let summary = study(&Scenario::default(), 1);
    assert_eq!(summary.runs, 1);
    let html = render(&summary, false);
    assert!(html.contains("1 runs (replicates 0–0)"));
}

/// The summary of a study with no replicates, as `McSummary::of` would describe it: NaN
/// statistics, empty counts. (Built by hand: `MetricStats::of` cannot summarise an empty
/// accumulator.)
fn empty_summary(horizon: u32) -> McSummary {
    let months = horizon as usize;
    let empty_stats = MetricStats {
        n: 0,
        mean: f64::NAN,
        sd: 0.0,
        se: f64::NAN,
        ci95: [f64::NAN; 2],
        quantiles: [f64::NAN; 9],
        min: f64::INFINITY,
        max: f64::NEG_INFINITY,
    };
    let fan: Vec<FanMonth> = (1..=horizon)
        .map(|month| FanMonth {
            month,
            n: 0,
            quantiles: [f64::NAN; 7],
        })
        .collect();
    McSummary {
        runs: 0,
        bankruptcy: Proportion::new(0, 0),
        closure: Proportion::new(0, 0),
        open: Proportion::new(0, 0),
        break_even: Proportion::new(0, 0),
        outcomes: PerOutcome::from_fn(|_| empty_stats.clone()),
        survival: vec![f64::NAN; months],
        break_even_by_month: vec![0; months],
        never_break_even: 0,
        final_cash_cvar5: f64::NAN,
        fans: Fans {
            cash: fan.clone(),
            revenue: fan.clone(),
            headcount: fan.clone(),
            clients: fan.clone(),
            mean_trust: fan,
        },
        ensemble: None,
        sales: Default::default(),
        conduct: Default::default(),
    }
}

#[test]
fn empty_study_renders_placeholders() {
    for horizon in [0, 1, 24] {
        let summary = empty_summary(horizon);
        let html = render_html(&summary, &context("x", 0, true)).expect("renders");
        assert_well_formed(&html);
        assert!(html.contains(PARTIAL_BANNER_ID));
        assert!(html.contains("replicates none"));
    }
}

#[test]
fn everyone_bankrupt_and_nobody_breaking_even_renders() {
    let mut summary = default_summary().clone();
    let runs = summary.runs;
    let months = summary.survival.len();
    summary.survival = (0..months).map(|m| if m < 3 { 0.5 } else { 0.0 }).collect();
    summary.bankruptcy = Proportion::new(runs, runs);
    summary.break_even = Proportion::new(0, runs);
    summary.break_even_by_month = vec![0; months];
    summary.never_break_even = runs;
    let html = render(&summary, false);
    assert!(html.contains("0.0\u{a0}% are still running"));
}

#[test]
fn missing_fan_months_and_far_tails_render() {
    let mut summary = default_summary().clone();
    // Empty months (n = 0) have NaN quantiles: a gap in the fan, and a lone month.
    for (i, month) in summary.fans.cash.iter_mut().enumerate() {
        if (10..20).contains(&i) || i > 21 {
            month.n = 0;
            month.quantiles = [f64::NAN; 7];
        }
    }
    summary.outcomes.final_cash.max = 1e12;
    summary.outcomes.final_cash.min = -1e11;
    let html = render(&summary, false);
    assert!(html.contains("reach up to 1,000,000,000,000"));
    assert!(html.contains("reach down to -100,000,000,000"));
    // A fan with no finite month at all.
    for month in &mut summary.fans.cash {
        month.quantiles = [f64::NAN; 7];
    }
    render(&summary, false);
}

#[test]
fn errors_say_which_chart_failed() {
    let e = RenderError::Chart {
        chart: "survival curve",
        message: "boom".to_owned(),
    };
    assert_eq!(
        e.to_string(),
        "cannot draw the survival curve of the report: boom"
    );
    assert!(std::error::Error::source(&e).is_none());
}
