//! The self-contained HTML report of `lpo-sim calibrate check`: every target's estimate and
//! 95 % interval against its published range (one row per target, each on its own scale: the
//! range is −1 to +1), the survival curve against the published survival points, and the
//! check table with the sources.

use super::analysis::page;
use super::check_charts::{render_survival, render_targets};
use super::format::{escape_html, fixed, percent, shown_file, trim_number};
use super::{RenderError, figure};
use crate::view::calibrate::{
    CheckView, figure as value, implausibility, outside_by, unit_words, verdict,
};
use lpo_sim_core::calibration::TargetCheck;
use std::fmt::Write;

/// Renders the check report as one self-contained HTML5 document.
///
/// # Errors
/// [`RenderError::Chart`] when plotters fails to draw a chart.
pub fn render_check_html(view: &CheckView<'_>) -> Result<String, RenderError> {
    let report = view.report;
    let checks = &report.checks;
    let mut body = String::new();
    if view.partial {
        writeln!(
            body,
            "<div class=\"banner\" id=\"partial-warning\" role=\"alert\"><strong>Partial \
             results.</strong> The check was interrupted: these figures cover only the {} firms \
             that finished, not the {} planned.</div>",
            fixed(report.runs as f64, 0),
            fixed(view.runs_planned as f64, 0)
        )?;
    }
    write!(
        body,
        "<section id=\"headline\">\n<h2>Verdict</h2>\n<div class=\"cards\">\n\
         <div class=\"card\"><div class=\"card-label\">Targets inside their range</div>\
         <div class=\"card-value\">{} of {}</div><div class=\"card-detail\">{}</div></div>\n\
         <div class=\"card\"><div class=\"card-label\">Ranked implausibility</div>\
         <div class=\"card-value\">{}</div><div class=\"card-detail\">cut-off {}: {}</div></div>\n\
         <div class=\"card\"><div class=\"card-label\">P(bankruptcy)</div>\
         <div class=\"card-value\">{}</div><div class=\"card-detail\">{} firms; P(closed) {}, \
         P(open at the horizon) {}</div></div>\n</div>\n</section>\n",
        view.inside(),
        checks.len(),
        escape_html(&outside_list(checks)),
        implausibility(report.implausibility),
        trim_number(view.cutoff, 3),
        if report.plausible {
            "plausible"
        } else {
            "ruled out"
        },
        percent(report.summary.bankruptcy.estimate),
        fixed(report.runs as f64, 0),
        percent(report.summary.closure.estimate),
        percent(report.summary.open.estimate),
    )?;
    figure(
        &mut body,
        "targets",
        "Model against published ranges",
        &render_targets(checks, view.currency)?,
        "One row per target, each on its own scale: the published range runs from −1 to +1 \
         (the green band; 0 is its centre), so a distance of 1 is one half-width of the range. \
         The dot is the model's estimate over every firm of the study and the bar its 95 % \
         interval; blue when the estimate lies inside the range, vermillion outside. An \
         estimate more than 6 half-widths away is drawn at the edge with an arrow. The values \
         at the right are in each target's own unit.",
    )?;
    figure(
        &mut body,
        "survival",
        "Survival against the published points",
        &render_survival(&report.summary.survival, checks)?,
        &format!(
            "Share of firms still open (neither insolvent nor closed) at the end of each month, \
             from 100 % at founding (blue step line), with the model's 95 % Wilson interval at \
             each published point (blue bars). The green bars are the published ranges of the \
             survival targets (MODEL.md §15.1). {} of {} firms still open after month {}.",
            percent(report.summary.open.estimate),
            fixed(report.runs as f64, 0),
            report.summary.survival.len()
        ),
    )?;
    body.push_str(&check_table(checks, view.currency)?);
    if !report.reported.is_empty() {
        body.push_str(&reported_table(&report.reported, view.currency)?);
    }
    let context_items = vec![
        format!(
            "scenario <code>{}</code>",
            escape_html(&shown_file(view.scenario))
        ),
        format!("strategy <strong>{}</strong>", escape_html(view.strategy)),
        format!("seed {}", report.seed),
        format!("{} firms", fixed(report.runs as f64, 0)),
        format!(
            "targets <code>{}</code>",
            escape_html(&shown_file(view.targets))
        ),
        format!("amounts in {}", escape_html(view.currency)),
    ];
    page(
        &format!(
            "lpo-sim calibration check: {} of {} targets inside",
            view.inside(),
            checks.len()
        ),
        "Calibration check against published figures",
        &context_items,
        &body,
    )
}

/// `all inside`, or the targets outside.
fn outside_list(checks: &[TargetCheck]) -> String {
    let outside: Vec<&str> = checks
        .iter()
        .filter(|c| !c.inside)
        .map(|c| c.target.id.as_str())
        .collect();
    if outside.is_empty() {
        "every target inside".to_owned()
    } else {
        format!("outside: {}", outside.join(", "))
    }
}

/// The check table with each target's source.
fn check_table(checks: &[TargetCheck], currency: &str) -> Result<String, std::fmt::Error> {
    let mut html = String::from(
        "<section id=\"check-table\">\n<h2>Every target</h2>\n<div class=\"table-wrap\">\
         <table class=\"stats outcomes\">\n<thead><tr><th>Target</th><th class=\"num\">Estimate</th>\
         <th class=\"num\">95 % interval</th><th class=\"num\">Published range</th><th>Unit</th>\
         <th>Verdict</th><th class=\"num\">Outside by</th>\
         <th class=\"num\">Implausibility</th></tr></thead>\n<tbody>\n",
    );
    for c in checks {
        writeln!(
            html,
            "<tr>{}<td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            shared_cells(c, currency),
            escape_html(&outside_by(c)),
            escape_html(&implausibility(c.implausibility)),
        )?;
    }
    html.push_str(
        "</tbody>\n</table></div>\n<p class=\"note\">Outside by: how far the estimate lies beyond \
         the range, in widths of the range. Estimates over every firm of the study \
         (MODEL.md §15.1): ratios of sums over firms while they run, with delta-method \
         intervals; survival shares with Wilson intervals. Implausibility: |estimate − \
         centre| / √(V_obs + V_MC + V_disc) (MODEL.md §15.2).</p>\n",
    );
    html.push_str("<h3>Sources</h3>\n");
    html.push_str(&sources(checks)?);
    html.push_str("</section>\n");
    Ok(html)
}

/// The reported figures: estimate, interval, published range and verdict, with why each is
/// not matched.
fn reported_table(reported: &[TargetCheck], currency: &str) -> Result<String, std::fmt::Error> {
    let mut html = String::from(
        "<section id=\"reported\">\n<h2>Reported beside the targets, not matched</h2>\n\
         <p class=\"note\">Figures with a published range that the targets file reports but does \
         not match (its <code>[[reported]]</code> entries; why the embedded ones are not \
         matched: MODEL.md §15.1): shown so that the difference is seen; no ranked \
         implausibility or verdict above reads them.</p>\n<div class=\"table-wrap\">\
         <table class=\"stats outcomes\">\n<thead><tr><th>Figure</th><th class=\"num\">Estimate</th>\
         <th class=\"num\">95 % interval</th><th class=\"num\">Published range</th><th>Unit</th>\
         <th>Verdict</th></tr></thead>\n<tbody>\n",
    );
    for c in reported {
        writeln!(html, "<tr>{}</tr>", shared_cells(c, currency))?;
    }
    html.push_str("</tbody>\n</table></div>\n");
    html.push_str(&sources(reported)?);
    html.push_str("</section>\n");
    Ok(html)
}

/// The cells a target's row and a reported figure's share: name and id, estimate, interval,
/// published range, unit and verdict.
fn shared_cells(c: &TargetCheck, currency: &str) -> String {
    let unit = c.target.unit.as_str();
    let e = &c.estimate;
    format!(
        "<th>{}<code>{}</code></th><td class=\"num\">{}</td><td class=\"num\">{}</td>\
         <td class=\"num\">{} to {}</td><td>{}</td><td>{}</td>",
        escape_html(&c.target.name),
        escape_html(&c.target.id),
        escape_html(&value(e.value, unit)),
        escape_html(&interval_text(e.ci95, unit)),
        escape_html(&value(c.target.range[0], unit)),
        escape_html(&value(c.target.range[1], unit)),
        escape_html(&unit_words(unit, currency)),
        escape_html(verdict(c)),
    )
}

/// Each figure's source, as a definition list.
fn sources(checks: &[TargetCheck]) -> Result<String, std::fmt::Error> {
    let mut html = String::from("<dl class=\"sources\">\n");
    for c in checks {
        writeln!(
            html,
            "<dt><code>{}</code></dt><dd>{}</dd>",
            escape_html(&c.target.id),
            escape_html(&c.target.source)
        )?;
    }
    html.push_str("</dl>\n");
    Ok(html)
}

/// `0.1 to 0.3` in the unit, `–` when either end is not finite.
fn interval_text(ci95: [f64; 2], unit: &str) -> String {
    if ci95[0].is_finite() && ci95[1].is_finite() {
        format!("{} to {}", value(ci95[0], unit), value(ci95[1], unit))
    } else {
        "–".to_owned()
    }
}
