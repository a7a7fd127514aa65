//! The charts of the calibration check's report: every target's estimate and 95 % interval
//! against its published range (one row per target, each on its own scale: the range is −1 to
//! +1), and the survival curve against the published survival points.

use super::RenderError;
use super::chart::{
    Area, BLUE, DrawResult, GREEN, GREY, HEIGHT, INK, LegendMark, MARGIN, Ticks, VERMILLION, WIDTH,
    builder, label_style, legend_row, mesh, month_label, month_ticks, no_data, stroke, svg,
};
use super::format::trim_number;
use crate::view::calibrate::{figure as value, unit_words};
use lpo_sim_core::calibration::{Figure, TargetCheck};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Farthest a row's scale reaches on either side of the range's centre, in half-widths;
/// estimates beyond it are drawn at the edge with an arrow.
const REACH: f64 = 6.0;

/// A value on a target's own scale: its distance from the range's centre in half-widths.
fn normalised(check: &TargetCheck, x: f64) -> f64 {
    (x - check.target.centre()) / check.target.half_width()
}

/// The model-against-range chart.
pub fn render_targets(checks: &[TargetCheck], currency: &str) -> Result<String, RenderError> {
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
pub fn render_survival(survival: &[f64], checks: &[TargetCheck]) -> Result<String, RenderError> {
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
