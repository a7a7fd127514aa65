//! The two sensitivity charts: a tornado chart (for each factor, a bar from the metric at the
//! scenario's values to the metric at the factor's low value, and one to its high value;
//! largest swing at the top) and the Morris chart (μ* against σ, one dot per factor, the
//! most important ones labelled).

use super::ReportError;
use super::axis::MetricAxis;
use super::chart::{
    Area, BLUE, DrawResult, GREY, INK, LegendMark, MARGIN, Ticks, VERMILLION, WIDTH, builder,
    finite_bounds, label_style, legend_row, mesh, no_data, padded, stroke, svg,
};
use lpo_sim_core::analysis::{Estimate, MorrisEffect, TornadoBar};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Bars shown at most.
pub const TORNADO_BARS: usize = 20;
/// Factors labelled on the Morris chart.
pub const MORRIS_LABELS: usize = 10;

/// The tornado chart of the first [`TORNADO_BARS`] of `bars` (already sorted by swing)
/// around `base`.
pub fn render_tornado(
    bars: &[TornadoBar],
    base: &Estimate,
    metric: &MetricAxis,
) -> Result<String, ReportError> {
    const NAME: &str = "tornado chart";
    let bars = &bars[..bars.len().min(TORNADO_BARS)];
    if bars.is_empty() {
        return no_data(NAME, "No factors to chart.");
    }
    let n = bars.len();
    let b = metric.scale(base.value);
    let Some((lo, hi)) = finite_bounds(
        bars.iter()
            .flat_map(|bar| [bar.at_low.value, bar.at_high.value])
            .map(|v| metric.scale(v))
            .chain([b]),
    ) else {
        return no_data(NAME, "No finite value of the metric to chart.");
    };
    let (x0, x1) = padded(lo, hi, 0.06);
    let label_width = bars
        .iter()
        .map(|bar| bar.path.chars().count())
        .max()
        .unwrap_or(10) as u32
        * 8
        + 16;
    let label_width = label_width.clamp(120, 430);
    let height = 120 + 30 * n as u32;
    let aria = format!(
        "Tornado chart of {} for the {n} factors with the largest swing",
        metric.title
    );
    let names: Vec<String> = bars.iter().map(|bar| bar.path.clone()).collect();
    // Bar k (0 = largest swing) occupies the slot from n − 1 − k to n − k.
    let slot = move |k: usize| (n - 1 - k) as f64;
    svg(
        NAME,
        &aria,
        (WIDTH, height),
        |root: &Area<'_>| -> DrawResult {
            let ticks: Vec<f64> = (0..n).map(|k| slot(k) + 0.5).collect();
            let mut chart = builder(root, 28, label_width)
                .margin_top(46)
                .build_cartesian_2d(x0..x1, Ticks::new(0.0..n as f64, ticks))?;
            mesh(&mut chart)
                .disable_y_mesh()
                .x_desc(metric.title.as_str())
                .x_label_formatter(&|v| metric.tick(*v))
                .y_label_formatter(&|y| {
                    let k = n as f64 - 1.0 - (y - 0.5);
                    names.get(k.round() as usize).cloned().unwrap_or_default()
                })
                .draw()?;
            // Low value in the upper half of its slot, high value in the lower half.
            chart.draw_series(bars.iter().enumerate().map(|(k, bar)| {
                let y = slot(k);
                let v = metric.scale(bar.at_low.value);
                Rectangle::new([(b.min(v), y + 0.5), (b.max(v), y + 0.88)], BLUE.filled())
            }))?;
            chart.draw_series(bars.iter().enumerate().map(|(k, bar)| {
                let y = slot(k);
                let v = metric.scale(bar.at_high.value);
                Rectangle::new(
                    [(b.min(v), y + 0.12), (b.max(v), y + 0.5)],
                    VERMILLION.filled(),
                )
            }))?;
            chart.draw_series(std::iter::once(PathElement::new(
                [(b, 0.0), (b, n as f64)],
                stroke(INK, 2),
            )))?;
            // The legend, in one row above the chart.
            let base_label = format!("at the scenario's values ({})", metric.label(base.value));
            legend_row(
                root,
                MARGIN as i32,
                21,
                &[
                    (
                        "factor at its low value",
                        LegendMark::Swatch(BLUE.to_rgba()),
                    ),
                    (
                        "factor at its high value",
                        LegendMark::Swatch(VERMILLION.to_rgba()),
                    ),
                    (base_label.as_str(), LegendMark::Tick(INK)),
                ],
            )?;
            Ok(())
        },
    )
}

/// The Morris chart: μ* (x) against σ (y), both in the metric's change units, with the
/// [`MORRIS_LABELS`] largest μ* labelled and the line σ = μ*.
pub fn render_morris(
    effects: &[MorrisEffect],
    metric: &MetricAxis,
    currency: &str,
) -> Result<String, ReportError> {
    const NAME: &str = "Morris chart";
    const HEIGHT: u32 = 520;
    let points: Vec<(f64, f64)> = effects
        .iter()
        .map(|e| (metric.scale(e.mu_star), metric.scale(e.sigma)))
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .collect();
    if points.is_empty() {
        return no_data(NAME, "No Morris effects to chart.");
    }
    let top = points.iter().fold(0.0_f64, |m, (x, y)| m.max(*x).max(*y));
    let (_, x1) = padded(0.0, points.iter().fold(0.0_f64, |m, p| m.max(p.0)), 0.12);
    let (_, y1) = padded(0.0, points.iter().fold(0.0_f64, |m, p| m.max(p.1)), 0.12);
    let (x1, y1) = if top > 0.0 { (x1, y1) } else { (1.0, 1.0) };
    let aria = format!(
        "Morris chart of {} factors: mean absolute elementary effect against its spread",
        points.len()
    );
    let x_title = metric.change_title("μ*: mean |effect|", currency);
    let y_title = metric.change_title("σ: spread of the effects", currency);
    svg(
        NAME,
        &aria,
        (WIDTH, HEIGHT),
        |root: &Area<'_>| -> DrawResult {
            let mut chart = builder(root, 40, 90).build_cartesian_2d(0.0..x1, 0.0..y1)?;
            mesh(&mut chart)
                .x_desc(x_title.as_str())
                .y_desc(y_title.as_str())
                .x_label_formatter(&|v| metric.tick(*v))
                .y_label_formatter(&|v| metric.tick(*v))
                .draw()?;
            // σ = μ* (explained in the caption).
            let diagonal = x1.min(y1);
            chart.draw_series(DashedLineSeries::new(
                [(0.0, 0.0), (diagonal, diagonal)],
                6,
                4,
                stroke(GREY, 1),
            ))?;
            chart.draw_series(
                points
                    .iter()
                    .map(|&(x, y)| Circle::new((x, y), 5, BLUE.filled())),
            )?;
            // Effects come sorted by μ*, largest first.
            for effect in effects.iter().take(MORRIS_LABELS) {
                let (x, y) = (metric.scale(effect.mu_star), metric.scale(effect.sigma));
                if !(x.is_finite() && y.is_finite()) {
                    continue;
                }
                let right_half = x > 0.6 * x1;
                let pos = if right_half {
                    Pos::new(HPos::Right, VPos::Bottom)
                } else {
                    Pos::new(HPos::Left, VPos::Bottom)
                };
                chart.draw_series(std::iter::once(Text::new(
                    short(&effect.path),
                    (x, y),
                    label_style().pos(pos),
                )))?;
            }
            Ok(())
        },
    )
}

/// The last two parts of a dotted path (`strategy.rule.hiring_rigor` → `rule.hiring_rigor`).
fn short(path: &str) -> String {
    let parts: Vec<&str> = path.split('.').collect();
    let keep = parts.len().min(2);
    parts[parts.len() - keep..].join(".")
}

#[cfg(test)]
mod tests {
    use super::*;
    use lpo_sim_core::analysis::Metric;

    fn estimate(v: f64) -> Estimate {
        Estimate {
            value: v,
            ci95: [v - 0.01, v + 0.01],
        }
    }

    fn bar(path: &str, low: f64, high: f64) -> TornadoBar {
        TornadoBar {
            path: path.to_owned(),
            low: 1.0,
            high: 2.0,
            at_low: estimate(low),
            at_high: estimate(high),
            swing: (high - low).abs(),
        }
    }

    #[test]
    fn tornado_shows_at_most_twenty_bars_and_the_base() {
        let bars: Vec<TornadoBar> = (0..25)
            .map(|i| {
                bar(
                    &format!("section.factor_{i:02}"),
                    0.3 - 0.001 * i as f64,
                    0.3,
                )
            })
            .collect();
        let metric = MetricAxis::of(&Metric::Bankruptcy, "USD");
        let svg = render_tornado(&bars, &estimate(0.3), &metric).unwrap();
        assert!(svg.contains("section.factor_19"));
        assert!(!svg.contains("section.factor_20"));
        assert!(svg.contains("30.0 %"), "the base value in the legend");
        // Inert factors (no swing) still render.
        let flat = render_tornado(&[bar("a.b", 0.3, 0.3)], &estimate(0.3), &metric).unwrap();
        assert!(flat.contains("a.b"));
    }

    #[test]
    fn morris_labels_the_most_important_factors() {
        let effects: Vec<MorrisEffect> = (0..12)
            .map(|i| MorrisEffect {
                path: format!("x.y.f{i:02}"),
                mu_star: 0.1 - 0.005 * i as f64,
                mu: 0.0,
                sigma: 0.02,
                n: 4,
            })
            .collect();
        let metric = MetricAxis::of(&Metric::Bankruptcy, "USD");
        let svg = render_morris(&effects, &metric, "USD").unwrap();
        assert!(svg.contains("y.f00") && svg.contains("y.f09"));
        assert!(!svg.contains("y.f10"));
        assert_eq!(svg.matches("<circle").count(), 12);
        let zeros = vec![MorrisEffect {
            path: "a.b".into(),
            mu_star: 0.0,
            mu: 0.0,
            sigma: 0.0,
            n: 4,
        }];
        assert!(
            render_morris(&zeros, &metric, "USD")
                .unwrap()
                .contains("<circle")
        );
    }
}
