//! The two sensitivity charts: a tornado chart (for each factor, a bar from the metric at the
//! scenario's values to the metric at the factor's low value, and one to its high value;
//! largest swing at the top) and the Morris chart (μ* against σ, one dot per factor, the
//! most important ones labelled).

use super::RenderError;
use super::axis::MetricAxis;
use super::chart::{
    Area, BLUE, DrawResult, GREY, INK, LegendMark, MARGIN, Ticks, VERMILLION, WIDTH, builder,
    finite_bounds, label_style, legend_row, mesh, no_data, padded, stroke, svg,
};
pub use super::chart_data::{MORRIS_LABELS, TORNADO_BARS};
use lpo_sim_core::analysis::{Estimate, MorrisEffect, TornadoBar};
use lpo_sim_core::params::human_label;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The tornado chart of the first [`TORNADO_BARS`] of `bars` (already sorted by swing)
/// around `base`.
pub fn render_tornado(
    bars: &[TornadoBar],
    base: &Estimate,
    metric: &MetricAxis,
) -> Result<String, RenderError> {
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
    let (x0, x1) = metric.within_range((lo, hi), padded(lo, hi, 0.06));
    // Factors by their names for people; the table below the chart gives each one's path.
    let names: Vec<String> = bars.iter().map(|bar| human_label(&bar.path)).collect();
    let label_width = names
        .iter()
        .map(|name| name.chars().count())
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
) -> Result<String, RenderError> {
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
            // Effects come sorted by μ*, largest first: the most important are placed first.
            let to_pixel = |x: f64, y: f64| chart.backend_coord(&(x, y));
            let dots: Vec<(i32, i32)> = points.iter().map(|&(x, y)| to_pixel(x, y)).collect();
            let labelled: Vec<(f64, f64, String)> = effects
                .iter()
                .take(MORRIS_LABELS)
                .map(|e| {
                    (
                        metric.scale(e.mu_star),
                        metric.scale(e.sigma),
                        human_label(&e.path),
                    )
                })
                .filter(|(x, y, _)| x.is_finite() && y.is_finite())
                .collect();
            let wanted: Vec<((i32, i32), usize)> = labelled
                .iter()
                .map(|(x, y, text)| (to_pixel(*x, *y), text.chars().count()))
                .collect();
            let (xs, ys) = chart.plotting_area().get_pixel_range();
            let boxes = place_labels(&wanted, &dots, (xs.start, ys.start, xs.end, ys.end));
            for (((x, y, text), b), ((px, py), _)) in labelled.iter().zip(boxes).zip(wanted) {
                // A label moved two lines or more off its dot gets a thin line to it.
                let near_x = if b.0 > px { b.0 } else { b.2 };
                let mid_y = (b.1 + b.3) / 2;
                if (mid_y - py).abs() >= 2 * LINE_PIXELS {
                    chart.draw_series(std::iter::once(
                        EmptyElement::at((*x, *y))
                            + PathElement::new(
                                [(0, 0), (near_x - px, mid_y - py)],
                                stroke(GREY, 1),
                            ),
                    ))?;
                }
                // Anchored at the edge next to the dot: the box's width is only an estimate.
                let (anchor_x, h_pos) = if b.0 > px {
                    (b.0, HPos::Left)
                } else {
                    (b.2, HPos::Right)
                };
                chart.draw_series(std::iter::once(
                    EmptyElement::at((*x, *y))
                        + Text::new(
                            text.clone(),
                            (anchor_x - px, mid_y - py),
                            label_style().pos(Pos::new(h_pos, VPos::Center)),
                        ),
                ))?;
            }
            Ok(())
        },
    )
}

/// A label's box in pixels: left, top, right, bottom.
type LabelBox = (i32, i32, i32, i32);

/// Width of a label character and height of a label line, in pixels (15 px sans-serif, a
/// little generous so neighbours do not touch).
const CHAR_PIXELS: f64 = 8.4;
const LINE_PIXELS: i32 = 17;

/// Boxes for the labels of `wanted` (each a dot's pixel position and its label's length in
/// characters), placed in order: beside its dot on the right, else on the left, else up to
/// six lines higher or lower; the first place inside `plot` (left, top, right, bottom)
/// that covers no label placed before it and no dot of `dots`, else the one that covers
/// least.
fn place_labels(
    wanted: &[((i32, i32), usize)],
    dots: &[(i32, i32)],
    plot: LabelBox,
) -> Vec<LabelBox> {
    const GAP: i32 = 8;
    let overlap = |a: &LabelBox, b: &LabelBox| -> i64 {
        let w = (a.2.min(b.2) - a.0.max(b.0)).max(0);
        let h = (a.3.min(b.3) - a.1.max(b.1)).max(0);
        i64::from(w) * i64::from(h)
    };
    let dot_boxes: Vec<LabelBox> = dots
        .iter()
        .map(|&(x, y)| (x - 5, y - 5, x + 5, y + 5))
        .collect();
    let mut placed: Vec<LabelBox> = Vec::with_capacity(wanted.len());
    for &((x, y), chars) in wanted {
        let w = (chars as f64 * CHAR_PIXELS).ceil() as i32;
        let h = LINE_PIXELS;
        // Beside the dot, then one to six lines up or down, right side first.
        let candidates: Vec<LabelBox> = [0, -1, 1, -2, 2, -3, 3, -4, 4, -5, 5, -6, 6]
            .into_iter()
            .flat_map(|row: i32| {
                let top = y - h / 2 + row * h;
                [
                    (x + GAP, top, x + GAP + w, top + h),
                    (x - GAP - w, top, x - GAP, top + h),
                ]
            })
            .collect();
        let cost = |c: &LabelBox| -> i64 {
            let outside = i64::from(w) * i64::from(h) - overlap(c, &plot);
            let covered: i64 = placed.iter().chain(&dot_boxes).map(|b| overlap(c, b)).sum();
            // Out of the plot is worse than over a neighbour: it may be cut off.
            4 * outside + covered
        };
        let best = candidates
            .iter()
            .find(|c| cost(c) == 0)
            .or_else(|| candidates.iter().min_by_key(|c| cost(c)))
            .copied()
            .expect("candidates");
        placed.push(best);
    }
    placed
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
            high_vs_low: lpo_sim_core::analysis::Contrast::unpaired(
                &estimate(high),
                &estimate(low),
            ),
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
        // Factors by their names for people.
        assert!(svg.contains("Factor 19"));
        assert!(!svg.contains("Factor 20"));
        assert!(svg.contains("30.0 %"), "the base value in the legend");
        // Inert factors (no swing) still render.
        let flat = render_tornado(&[bar("a.b", 0.3, 0.3)], &estimate(0.3), &metric).unwrap();
        assert!(flat.contains("\nB\n"), "{flat}");
    }

    /// Labels of close dots go where they cover neither each other nor the dots (the default
    /// report had `workforce.founder_hours` over `finance.seat_cost`).
    #[test]
    fn morris_labels_do_not_overlap() {
        let plot = (100, 20, 860, 460);
        // A tight cluster of dots, all labelled, and more dots around.
        let labelled = [(700, 60), (712, 62), (690, 75), (700, 90), (300, 300)];
        let dots: Vec<(i32, i32)> = labelled
            .iter()
            .copied()
            .chain((0..40).map(|i| (150 + 5 * i, 400 - 3 * i)))
            .collect();
        let wanted: Vec<((i32, i32), usize)> = labelled.iter().map(|&p| (p, 22)).collect();
        let boxes = place_labels(&wanted, &dots, plot);
        for (i, a) in boxes.iter().enumerate() {
            assert!(
                a.0 >= plot.0 && a.1 >= plot.1 && a.2 <= plot.2 && a.3 <= plot.3,
                "{a:?}"
            );
            for b in &boxes[i + 1..] {
                assert!(
                    a.2 <= b.0 || b.2 <= a.0 || a.3 <= b.1 || b.3 <= a.1,
                    "{a:?} {b:?}"
                );
            }
            for &(x, y) in &dots {
                assert!(
                    !(a.0 < x + 5 && x - 5 < a.2 && a.1 < y + 5 && y - 5 < a.3),
                    "{a:?}"
                );
            }
        }
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
        assert!(svg.contains("Y: f00") && svg.contains("Y: f09"));
        assert!(!svg.contains("Y: f10"));
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
