//! A metric over two parameters: a heatmap of a full grid (a cell per point, labelled with
//! its value when it fits), or, for scattered points (a Latin hypercube), a dot per point in
//! the same colours; both with a colour-scale legend. Viridis throughout.

use super::RenderError;
use super::axis::{MetricAxis, param_tick};
use super::chart::{
    Area, DrawResult, FONT, GREY, INK, LABEL_SIZE, MARGIN, WIDTH, builder, desc_style,
    finite_bounds, ink_on_viridis, label_style, mesh, no_data, padded, stroke, svg, viridis,
};
pub use super::chart_data::{Cell, Dimension, Notes};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const NAME: &str = "heatmap";
/// Height of the heatmap chart.
const HEIGHT: u32 = 560;
/// Width of the colour-scale panel on the right.
const LEGEND_WIDTH: u32 = 150;

/// The colour scale: the metric's finite range, mapped to 0..1.
#[derive(Debug, Clone, Copy)]
struct ColourScale {
    lo: f64,
    hi: f64,
}

impl ColourScale {
    fn of(values: impl IntoIterator<Item = f64>) -> Option<Self> {
        finite_bounds(values).map(|(lo, hi)| ColourScale { lo, hi })
    }

    /// The scale widened about its middle to span at least `min_span`: a spread no larger
    /// than the noise then takes only part of the palette instead of all of it.
    fn at_least(self, min_span: f64) -> Self {
        if min_span.is_nan() || min_span <= self.hi - self.lo {
            return self;
        }
        let middle = self.lo + (self.hi - self.lo) / 2.0;
        ColourScale {
            lo: middle - min_span / 2.0,
            hi: middle + min_span / 2.0,
        }
    }

    /// Position in 0..1; a scale of one value puts everything in the middle.
    fn t(self, v: f64) -> f64 {
        if self.hi > self.lo {
            (v - self.lo) / (self.hi - self.lo)
        } else {
            0.5
        }
    }
}

/// The heatmap of a full grid: `cells` hold every combination of `x` and `y` values.
pub fn render_grid(
    x: &Dimension<'_>,
    y: &Dimension<'_>,
    cells: &[Cell],
    metric: &MetricAxis,
    min_span: f64,
) -> Result<(String, Notes), RenderError> {
    let xs = distinct(cells.iter().map(|c| c.0));
    let ys = distinct(cells.iter().map(|c| c.1));
    let Some(scale) = ColourScale::of(cells.iter().map(|c| c.2)).map(|s| s.at_least(min_span))
    else {
        return Ok((
            no_data(NAME, "No finite value of the metric to chart.")?,
            Notes::default(),
        ));
    };
    let mut notes = Notes::default();
    let aria = format!(
        "Heatmap of {} over {} (columns) and {} (rows), {} cells",
        metric.title,
        x.title,
        y.title,
        cells.len()
    );
    let svg = svg(
        NAME,
        &aria,
        (WIDTH, HEIGHT),
        |root: &Area<'_>| -> DrawResult {
            let (plot, legend) = root.split_horizontally(WIDTH - LEGEND_WIDTH);
            // Plot rectangle inside the left panel, in pixels.
            let (left, top) = (110_i32, MARGIN as i32);
            let right = (WIDTH - LEGEND_WIDTH) as i32 - 10;
            let bottom = HEIGHT as i32 - 78;
            let (nx, ny) = (xs.len().max(1) as i32, ys.len().max(1) as i32);
            let (cw, ch) = (
                f64::from(right - left) / f64::from(nx),
                f64::from(bottom - top) / f64::from(ny),
            );
            let cell_box = |i: usize, j: usize| {
                // Row 0 (smallest y) at the bottom.
                let x0 = f64::from(left) + cw * i as f64;
                let y1 = f64::from(bottom) - ch * j as f64;
                (
                    (x0.round() as i32, (y1 - ch).round() as i32),
                    ((x0 + cw).round() as i32, y1.round() as i32),
                )
            };
            for &(cx, cy, v) in cells {
                let (Some(i), Some(j)) = (index_of(&xs, cx), index_of(&ys, cy)) else {
                    continue;
                };
                let (a, b) = cell_box(i, j);
                let t = scale.t(v);
                let fill = if v.is_finite() { viridis(t) } else { GREY };
                plot.draw(&Rectangle::new([a, b], fill.filled()))?;
                plot.draw(&Rectangle::new([a, b], stroke(WHITE, 1)))?;
                let fits =
                    |text: &str| (text.chars().count() as f64) * 7.5 + 6.0 <= cw && ch >= 18.0;
                // The value in full, else in short (1.55M) when the cell is narrow.
                let text = Some(metric.label(v))
                    .filter(|t| fits(t))
                    .or_else(|| Some(metric.short_label(v)).filter(|t| fits(t)));
                if let Some(text) = text {
                    let colour = if v.is_finite() {
                        ink_on_viridis(t)
                    } else {
                        WHITE
                    };
                    plot.draw(&Text::new(
                        text,
                        ((a.0 + b.0) / 2, (a.1 + b.1) / 2),
                        TextStyle::from((FONT, 14))
                            .color(&colour)
                            .pos(Pos::new(HPos::Center, VPos::Center)),
                    ))?;
                } else {
                    notes.unlabelled = true;
                }
            }
            // Tick labels: every column and row when there is room, else a thinned set.
            let x_every = thinning(xs.len(), f64::from(right - left), 70.0);
            for (i, v) in xs.iter().enumerate().filter(|(i, _)| i % x_every == 0) {
                let (a, b) = cell_box(i, 0);
                plot.draw(&Text::new(
                    param_tick(*v, x.integer),
                    ((a.0 + b.0) / 2, bottom + 8),
                    label_style().pos(Pos::new(HPos::Center, VPos::Top)),
                ))?;
            }
            let y_every = thinning(ys.len(), f64::from(bottom - top), 24.0);
            for (j, v) in ys.iter().enumerate().filter(|(j, _)| j % y_every == 0) {
                let (a, b) = cell_box(0, j);
                plot.draw(&Text::new(
                    param_tick(*v, y.integer),
                    (left - 8, (a.1 + b.1) / 2),
                    label_style().pos(Pos::new(HPos::Right, VPos::Center)),
                ))?;
            }
            axis_titles(&plot, x.title, y.title, (left, top, right, bottom))?;
            colour_legend(&legend, scale, metric)
        },
    )?;
    Ok((svg, notes))
}

/// Scattered points (not a grid): a dot per point, coloured by the metric.
pub fn render_scatter(
    x: &Dimension<'_>,
    y: &Dimension<'_>,
    points: &[Cell],
    metric: &MetricAxis,
    min_span: f64,
) -> Result<String, RenderError> {
    let Some(scale) = ColourScale::of(points.iter().map(|c| c.2)).map(|s| s.at_least(min_span))
    else {
        return no_data(NAME, "No finite value of the metric to chart.");
    };
    let (x0, x1) = finite_bounds(points.iter().map(|c| c.0)).unwrap_or((0.0, 1.0));
    let (y0, y1) = finite_bounds(points.iter().map(|c| c.1)).unwrap_or((0.0, 1.0));
    let (x0, x1) = padded(x0, x1, 0.05);
    let (y0, y1) = padded(y0, y1, 0.05);
    let aria = format!(
        "Scatter of {} points over {} and {}, coloured by {}",
        points.len(),
        x.title,
        y.title,
        metric.title
    );
    svg(
        NAME,
        &aria,
        (WIDTH, HEIGHT),
        |root: &Area<'_>| -> DrawResult {
            let (plot, legend) = root.split_horizontally(WIDTH - LEGEND_WIDTH);
            let mut chart = builder(&plot, MARGIN, 90).build_cartesian_2d(x0..x1, y0..y1)?;
            mesh(&mut chart)
                .x_desc(x.title)
                .y_desc(y.title)
                .x_label_formatter(&|v| param_tick(*v, false))
                .y_label_formatter(&|v| param_tick(*v, false))
                .draw()?;
            chart.draw_series(points.iter().map(|&(px, py, v)| {
                let fill = if v.is_finite() {
                    viridis(scale.t(v))
                } else {
                    GREY
                };
                Circle::new((px, py), 7, fill.filled())
            }))?;
            chart.draw_series(
                points
                    .iter()
                    .map(|&(px, py, _)| Circle::new((px, py), 7, stroke(INK, 1))),
            )?;
            colour_legend(&legend, scale, metric)
        },
    )
}

/// Axis titles around the plot rectangle `(left, top, right, bottom)`.
fn axis_titles(plot: &Area<'_>, x: &str, y: &str, rect: (i32, i32, i32, i32)) -> DrawResult {
    let (left, top, right, bottom) = rect;
    plot.draw(&Text::new(
        x.to_owned(),
        ((left + right) / 2, bottom + 40),
        desc_style().pos(Pos::new(HPos::Center, VPos::Top)),
    ))?;
    plot.draw(&Text::new(
        y.to_owned(),
        (18, (top + bottom) / 2),
        desc_style()
            .transform(FontTransform::Rotate270)
            .pos(Pos::new(HPos::Center, VPos::Center)),
    ))
}

/// The colour scale: a vertical bar from the lowest (bottom) to the highest value (top),
/// with five labelled ticks and the metric's name.
fn colour_legend(area: &Area<'_>, scale: ColourScale, metric: &MetricAxis) -> DrawResult {
    let (x0, x1) = (16_i32, 40_i32);
    let (top, bottom) = (MARGIN as i32 + 30, HEIGHT as i32 - 78);
    let steps = 64;
    let height = f64::from(bottom - top);
    for k in 0..steps {
        let t0 = f64::from(k) / f64::from(steps);
        let t1 = f64::from(k + 1) / f64::from(steps);
        let y_hi = f64::from(bottom) - t1 * height;
        let y_lo = f64::from(bottom) - t0 * height;
        area.draw(&Rectangle::new(
            [(x0, y_hi.floor() as i32), (x1, y_lo.ceil() as i32)],
            viridis((t0 + t1) / 2.0).filled(),
        ))?;
    }
    area.draw(&Rectangle::new([(x0, top), (x1, bottom)], stroke(INK, 1)))?;
    // Round values in the chart's unit (percent for probabilities), at their place on the bar.
    let (lo, hi) = (metric.scale(scale.lo), metric.scale(scale.hi));
    let ticks: Vec<(f64, String)> = if hi > lo {
        round_ticks(lo, hi)
            .into_iter()
            .map(|v| ((v - lo) / (hi - lo), metric.tick(v)))
            .collect()
    } else {
        vec![(0.5, metric.label(scale.lo))]
    };
    for (t, text) in ticks {
        let y = (f64::from(bottom) - t * height).round() as i32;
        area.draw(&PathElement::new([(x1, y), (x1 + 5, y)], stroke(INK, 1)))?;
        area.draw(&Text::new(
            text,
            (x1 + 8, y),
            TextStyle::from((FONT, LABEL_SIZE))
                .color(&INK)
                .pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    area.draw(&Text::new(
        metric.title.clone(),
        (x0, MARGIN as i32 + 6),
        TextStyle::from((FONT, LABEL_SIZE))
            .color(&INK)
            .pos(Pos::new(HPos::Left, VPos::Center)),
    ))
}

/// Round tick values within `lo..=hi` (`lo < hi`): multiples of 1, 2, 2.5 or 5 times a
/// power of ten, two to six of them.
fn round_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let exponent = ((hi - lo) / 4.0).log10().floor() as i32;
    let multiple = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .find(|m| (hi - lo) / (m * 10_f64.powi(exponent)) <= 5.0)
        .unwrap_or(10.0);
    // k · multiple · 10^exponent, divided rather than multiplied by a negative power of ten,
    // so 3 · 0.1 comes out as 0.3, not 0.30000000000000004.
    let value = |k: i64| {
        let units = k as f64 * multiple;
        if exponent < 0 {
            units / 10_f64.powi(-exponent)
        } else {
            units * 10_f64.powi(exponent)
        }
    };
    let step = value(1);
    // A hair of slack, so 0.7 / 0.1 = 6.999… still reaches 0.7.
    let first = (lo / step - 1e-9).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    (first..=last).map(|k| value(k).clamp(lo, hi)).collect()
}

/// Sorted distinct finite values.
fn distinct(values: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut v: Vec<f64> = values.filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    v.dedup();
    v
}

fn index_of(values: &[f64], v: f64) -> Option<usize> {
    values.iter().position(|x| *x == v)
}

/// Label every n-th tick so that labels are at least `min_gap` pixels apart.
fn thinning(count: usize, span: f64, min_gap: f64) -> usize {
    if count == 0 {
        return 1;
    }
    let gap = span / count as f64;
    ((min_gap / gap).ceil() as usize).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The colour bar's ticks are round numbers (were the range's quarters: 7.6, 15.2, 22.9).
    #[test]
    fn colour_bar_ticks_are_round() {
        assert_eq!(round_ticks(0.0, 30.5), [0.0, 10.0, 20.0, 30.0]);
        assert_eq!(
            round_ticks(363_338.0, 1_550_000.0),
            [500_000.0, 750_000.0, 1_000_000.0, 1_250_000.0, 1_500_000.0]
        );
        assert_eq!(round_ticks(0.2, 0.7), [0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
        for (lo, hi) in [(1.0, 1.001), (-5.0, 5.0), (14.2, 15.9), (0.0, 1e9)] {
            let ticks = round_ticks(lo, hi);
            assert!((2..=6).contains(&ticks.len()), "{lo} {hi}: {ticks:?}");
            assert!(ticks.iter().all(|t| (lo..=hi).contains(t)), "{ticks:?}");
        }
    }
    use lpo_sim_core::analysis::Metric;

    fn axis() -> MetricAxis {
        MetricAxis::of(&Metric::Bankruptcy, "USD")
    }

    #[test]
    fn grid_has_a_cell_per_point_and_a_legend() {
        let mut cells = Vec::new();
        for (j, y) in [1.0, 3.0, 5.0].into_iter().enumerate() {
            for (i, x) in [0.0, 0.5, 1.0].into_iter().enumerate() {
                cells.push((x, y, 0.1 * (i + 3 * j) as f64));
            }
        }
        let dim = |title| Dimension {
            title,
            integer: false,
        };
        let (svg, notes) = render_grid(&dim("a.x"), &dim("b.y"), &cells, &axis(), 0.0).unwrap();
        assert!(svg.starts_with("<svg"));
        assert_eq!(notes, Notes::default(), "3 × 3 cells all fit their labels");
        assert!(svg.contains("80.0 %"), "the largest cell's label");
        assert!(svg.contains("p_bankrupt (%)"), "the legend's title");
        assert!(svg.contains("a.x") && svg.contains("b.y"));
    }

    #[test]
    fn constant_and_missing_values_render() {
        let dim = Dimension {
            title: "a",
            integer: true,
        };
        let cells = [(1.0, 1.0, 0.2), (2.0, 1.0, 0.2), (1.0, 2.0, f64::NAN)];
        let (svg, _) = render_grid(&dim, &dim, &cells, &axis(), 0.0).unwrap();
        assert!(svg.contains("20.0 %") && !svg.contains("NaN"));
        let none = render_grid(&dim, &dim, &[(1.0, 1.0, f64::NAN)], &axis(), 0.0).unwrap();
        assert!(none.0.contains("No finite value"));
        let scatter = render_scatter(&dim, &dim, &cells, &axis(), 0.0).unwrap();
        assert!(scatter.contains("<circle"));
    }

    #[test]
    fn many_ticks_are_thinned() {
        assert_eq!(thinning(5, 700.0, 70.0), 1);
        assert_eq!(thinning(40, 700.0, 70.0), 4);
        assert_eq!(thinning(0, 700.0, 70.0), 1);
    }
}
