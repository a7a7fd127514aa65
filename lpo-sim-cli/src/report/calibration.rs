//! The self-contained HTML report of `lpo-sim calibrate check`: every target's estimate and
//! 95 % interval against its published range (one row per target, each on its own scale: the
//! range is −1 to +1), the survival curve against the published survival points, and the
//! check table with the sources.

use super::analysis::page;
use super::chart::{
    Area, BLUE, DrawResult, GREEN, GREY, HEIGHT, INK, LegendMark, MARGIN, Ticks, VERMILLION, WIDTH,
    builder, label_style, legend_row, mesh, month_label, month_ticks, no_data, stroke, svg,
};
use super::format::{escape_html, fixed, percent, shown_file, trim_number};
use super::{ReportError, figure};
use crate::output::calibrate::{
    CheckView, figure as value, implausibility, outside_by, unit_words, verdict,
};
use lpo_sim_core::calibration::{Figure, TargetCheck, Targets};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::fmt::Write;

/// What the check report shows.
#[derive(Debug, Clone)]
pub struct CheckReportContext<'a> {
    /// The check and its labels.
    pub view: &'a CheckView<'a>,
    /// The targets checked (their implausibility settings).
    pub targets: &'a Targets,
    /// Currency of amounts.
    pub currency: &'a str,
}

/// Farthest a row's scale reaches on either side of the range's centre, in half-widths;
/// estimates beyond it are drawn at the edge with an arrow.
const REACH: f64 = 6.0;

/// Renders the check report as one self-contained HTML5 document.
///
/// # Errors
/// [`ReportError::Chart`] when plotters fails to draw a chart.
pub fn render_check_html(context: &CheckReportContext<'_>) -> Result<String, ReportError> {
    let view = context.view;
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
        trim_number(context.targets.implausibility.cutoff, 3),
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
        &render_targets(checks, context.currency)?,
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
    body.push_str(&check_table(checks, context.currency)?);
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
        format!("amounts in {}", escape_html(context.currency)),
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

/// A value on a target's own scale: its distance from the range's centre in half-widths.
fn normalised(check: &TargetCheck, x: f64) -> f64 {
    (x - check.target.centre()) / check.target.half_width()
}

/// The model-against-range chart.
fn render_targets(checks: &[TargetCheck], currency: &str) -> Result<String, ReportError> {
    const NAME: &str = "targets chart";
    if checks.is_empty() {
        return no_data(NAME, "No targets to chart.");
    }
    let n = checks.len();
    // The furthest interval end, within the reach.
    let far = checks
        .iter()
        .flat_map(|c| [c.estimate.ci95[0], c.estimate.ci95[1], c.estimate.value].map(|x| (c, x)))
        .filter(|(_, x)| x.is_finite())
        .map(|(c, x)| normalised(c, x).abs())
        .fold(1.0_f64, f64::max)
        .min(REACH);
    let x1 = (far * 1.1).max(2.0);
    let label_width = checks
        .iter()
        .map(|c| c.target.id.chars().count())
        .max()
        .unwrap_or(10) as u32
        * 8
        + 20;
    let label_width = label_width.clamp(120, 320);
    let value_width: u32 = 330;
    let height = 110 + 34 * n as u32;
    let slot = move |k: usize| (n - 1 - k) as f64;
    let ids: Vec<String> = checks.iter().map(|c| c.target.id.clone()).collect();
    let aria = format!(
        "Each of {n} targets' estimate and 95 % interval against its published range, on a \
         scale where the range runs from -1 to 1"
    );
    svg(
        NAME,
        &aria,
        (WIDTH, height),
        |root: &Area<'_>| -> DrawResult {
            let ticks: Vec<f64> = (0..n).map(|k| slot(k) + 0.5).collect();
            let x_ticks: Vec<f64> = (-(x1.floor() as i32)..=(x1.floor() as i32))
                .map(f64::from)
                .collect();
            let mut chart = builder(root, value_width, label_width)
                .margin_top(40)
                .build_cartesian_2d(
                    Ticks::new(-x1..x1, x_ticks),
                    Ticks::new(0.0..n as f64, ticks),
                )?;
            mesh(&mut chart)
                .disable_y_mesh()
                .x_desc("distance from the range's centre, in half-widths of the range")
                .x_label_formatter(&|v| trim_number(*v, 1))
                .y_label_formatter(&|y| {
                    let k = n as f64 - 1.0 - (y - 0.5);
                    ids.get(k.round() as usize).cloned().unwrap_or_default()
                })
                .draw()?;
            chart.draw_series(std::iter::once(Rectangle::new(
                [(-1.0, 0.0), (1.0, n as f64)],
                GREEN.mix(0.14).filled(),
            )))?;
            for x in [-1.0, 1.0] {
                chart.draw_series(std::iter::once(PathElement::new(
                    [(x, 0.0), (x, n as f64)],
                    stroke(GREEN, 2),
                )))?;
            }
            chart.draw_series(DashedLineSeries::new(
                [(0.0, 0.0), (0.0, n as f64)],
                5,
                4,
                stroke(GREY, 1),
            ))?;
            for (k, c) in checks.iter().enumerate() {
                let y = slot(k) + 0.5;
                let colour = if c.inside { BLUE } else { VERMILLION };
                let e = &c.estimate;
                let clamp = |x: f64| normalised(c, x).clamp(-x1 * 0.98, x1 * 0.98);
                if e.ci95[0].is_finite() && e.ci95[1].is_finite() {
                    let (lo, hi) = (clamp(e.ci95[0]), clamp(e.ci95[1]));
                    chart.draw_series(std::iter::once(PathElement::new(
                        [(lo, y), (hi, y)],
                        stroke(colour, 3),
                    )))?;
                    for x in [lo, hi] {
                        chart.draw_series(std::iter::once(PathElement::new(
                            [(x, y - 0.18), (x, y + 0.18)],
                            stroke(colour, 2),
                        )))?;
                    }
                }
                if e.value.is_finite() {
                    let z = normalised(c, e.value);
                    let x = clamp(e.value);
                    chart.draw_series(std::iter::once(Circle::new((x, y), 6, colour.filled())))?;
                    if z.abs() > x1 * 0.98 {
                        // Beyond the scale: an arrow pointing the way.
                        let (px, py) = chart.backend_coord(&(x, y));
                        let dir = if z > 0.0 { 1 } else { -1 };
                        root.draw(&Polygon::new(
                            vec![
                                (px + dir * 10, py),
                                (px + dir * 2, py - 6),
                                (px + dir * 2, py + 6),
                            ],
                            colour.filled(),
                        ))?;
                    }
                }
                // The values, in the target's unit, at the right of the plot.
                let (_, py) = chart.backend_coord(&(x1, y));
                let unit = c.target.unit.as_str();
                let text = format!(
                    "{}  ({} to {}) {}",
                    value(e.value, unit),
                    value(c.target.range[0], unit),
                    value(c.target.range[1], unit),
                    unit_words(unit, currency),
                );
                root.draw(&Text::new(
                    text,
                    ((WIDTH - value_width) as i32 + 12, py),
                    label_style()
                        .color(&if c.inside { INK } else { VERMILLION })
                        .pos(Pos::new(HPos::Left, VPos::Center)),
                ))?;
            }
            // Legend, in one row above the chart.
            legend_row(
                root,
                MARGIN as i32,
                20,
                &[
                    ("published range", LegendMark::Swatch(GREEN.mix(0.3))),
                    (
                        "estimate inside, 95 % interval",
                        LegendMark::Line {
                            color: BLUE,
                            dot: true,
                        },
                    ),
                    (
                        "estimate outside",
                        LegendMark::Line {
                            color: VERMILLION,
                            dot: true,
                        },
                    ),
                ],
            )?;
            Ok(())
        },
    )
}

/// The survival curve with the published survival points.
fn render_survival(survival: &[f64], checks: &[TargetCheck]) -> Result<String, ReportError> {
    const NAME: &str = "survival against targets";
    if survival.is_empty() || survival.iter().any(|s| !s.is_finite()) {
        return no_data(NAME, "No survival data to chart.");
    }
    let horizon = u32::try_from(survival.len()).unwrap_or(u32::MAX);
    let x1 = f64::from(horizon);
    let mut steps = vec![(0.0, 100.0)];
    let mut previous = 100.0;
    for (i, s) in survival.iter().enumerate() {
        let x = (i + 1) as f64;
        let s = (s * 100.0).clamp(0.0, 100.0);
        steps.push((x, previous));
        steps.push((x, s));
        previous = s;
    }
    let points: Vec<(f64, &TargetCheck)> = checks
        .iter()
        .filter_map(|c| match c.target.figure {
            Figure::Survival { month } if month <= horizon => Some((f64::from(month), c)),
            _ => None,
        })
        .collect();
    let aria = format!(
        "Survival curve over {horizon} months against {} published survival ranges",
        points.len()
    );
    svg(
        NAME,
        &aria,
        (WIDTH, HEIGHT),
        |root: &Area<'_>| -> DrawResult {
            let mut chart = builder(root, 28, 84).margin_top(40).build_cartesian_2d(
                Ticks::new(0.0..x1 + 1.0, month_ticks(0, horizon)),
                Ticks::new(0.0..104.0, (0..=5).map(|i| f64::from(i) * 20.0).collect()),
            )?;
            mesh(&mut chart)
                .x_desc("Month")
                .y_desc("Firms still open (%)")
                .x_label_formatter(&|x| month_label(*x))
                .y_label_formatter(&|y| format!("{} %", trim_number(*y, 0)))
                .draw()?;
            chart.draw_series(LineSeries::new(steps, stroke(BLUE, 3)))?;
            let cap = (x1 / 120.0).max(0.2);
            for (m, c) in &points {
                let [lo, hi] = c.target.range.map(|v| (v * 100.0).clamp(0.0, 104.0));
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(m - 2.2 * cap, lo), (m + 2.2 * cap, hi)],
                    GREEN.mix(0.35).filled(),
                )))?;
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(m - 2.2 * cap, lo), (m + 2.2 * cap, hi)],
                    stroke(GREEN, 2),
                )))?;
                let e = &c.estimate;
                if e.ci95[0].is_finite() && e.ci95[1].is_finite() {
                    let (a, b) = (e.ci95[0] * 100.0, e.ci95[1] * 100.0);
                    chart.draw_series(std::iter::once(PathElement::new(
                        [(*m, a), (*m, b)],
                        stroke(if c.inside { BLUE } else { VERMILLION }, 3),
                    )))?;
                }
                if e.value.is_finite() {
                    chart.draw_series(std::iter::once(Circle::new(
                        (*m, e.value * 100.0),
                        5,
                        if c.inside { BLUE } else { VERMILLION }.filled(),
                    )))?;
                }
            }
            legend_row(
                root,
                MARGIN as i32 + 84,
                20,
                &[
                    (
                        "model: share open at month end",
                        LegendMark::Line {
                            color: BLUE,
                            dot: false,
                        },
                    ),
                    ("published range", LegendMark::Swatch(GREEN.mix(0.35))),
                ],
            )?;
            Ok(())
        },
    )
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
        let unit = c.target.unit.as_str();
        let e = &c.estimate;
        let interval = if e.ci95[0].is_finite() && e.ci95[1].is_finite() {
            format!("{} to {}", value(e.ci95[0], unit), value(e.ci95[1], unit))
        } else {
            "–".to_owned()
        };
        writeln!(
            html,
            "<tr><th>{}<code>{}</code></th><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{} to {}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td></tr>",
            escape_html(&c.target.name),
            escape_html(&c.target.id),
            escape_html(&value(e.value, unit)),
            escape_html(&interval),
            escape_html(&value(c.target.range[0], unit)),
            escape_html(&value(c.target.range[1], unit)),
            escape_html(&unit_words(unit, currency)),
            escape_html(verdict(c)),
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
    html.push_str("<h3>Sources</h3>\n<dl class=\"sources\">\n");
    for c in checks {
        writeln!(
            html,
            "<dt><code>{}</code></dt><dd>{}</dd>",
            escape_html(&c.target.id),
            escape_html(&c.target.source)
        )?;
    }
    html.push_str("</dl>\n</section>\n");
    Ok(html)
}
