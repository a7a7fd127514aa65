//! A metric over one parameter: the value at each point joined by a line, inside its 95 %
//! confidence band.

use super::RenderError;
use super::axis::{MetricAxis, param_tick};
use super::chart::{
    Area, BLUE, DrawResult, FAN_BANDS, HEIGHT, LEGEND_ROW_Y, LEGEND_TOP, LegendMark, MARGIN, WIDTH,
    builder, finite_bounds, legend_row, mesh, no_data, padded, stroke, svg,
};
use lpo_sim_core::analysis::Estimate;
use plotters::prelude::*;

const NAME: &str = "line chart";

/// The chart of `points` (parameter value, metric estimate) over a parameter, its axis titled
/// `title` (the path and unit).
pub fn render(
    title: &str,
    integer: bool,
    points: &[(f64, Estimate)],
    metric: &MetricAxis,
) -> Result<String, RenderError> {
    let mut sorted: Vec<(f64, Estimate)> = points
        .iter()
        .filter(|(x, e)| x.is_finite() && e.value.is_finite())
        .copied()
        .collect();
    if sorted.is_empty() {
        return no_data(NAME, "No finite value of the metric to chart.");
    }
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let scaled: Vec<(f64, f64, f64, f64)> = sorted
        .iter()
        .map(|(x, e)| {
            let lo = if e.ci95[0].is_finite() {
                e.ci95[0]
            } else {
                e.value
            };
            let hi = if e.ci95[1].is_finite() {
                e.ci95[1]
            } else {
                e.value
            };
            (
                *x,
                metric.scale(e.value),
                metric.scale(lo),
                metric.scale(hi),
            )
        })
        .collect();
    let (x0, x1) = finite_bounds(scaled.iter().map(|p| p.0)).unwrap_or((0.0, 1.0));
    let (y0, y1) = finite_bounds(scaled.iter().flat_map(|p| [p.2, p.3])).unwrap_or((0.0, 1.0));
    let (x0, x1) = padded(x0, x1, 0.04);
    let (y0, y1) = metric.within_range((y0, y1), padded(y0, y1, 0.08));
    let aria = format!(
        "Line chart of {} against {title} at {} points, with the 95 % confidence band",
        metric.title,
        scaled.len()
    );
    svg(
        NAME,
        &aria,
        (WIDTH, HEIGHT),
        |root: &Area<'_>| -> DrawResult {
            let mut chart = builder(root, 28, 90)
                .margin_top(LEGEND_TOP)
                .build_cartesian_2d(x0..x1, y0..y1)?;
            mesh(&mut chart)
                .x_desc(title)
                .y_desc(metric.title.as_str())
                .x_label_formatter(&|v| param_tick(*v, integer && v.fract() == 0.0))
                .y_label_formatter(&|v| metric.tick(*v))
                .draw()?;
            let band: Vec<(f64, f64)> = scaled
                .iter()
                .map(|p| (p.0, p.3))
                .chain(scaled.iter().rev().map(|p| (p.0, p.2)))
                .collect();
            chart.draw_series(std::iter::once(Polygon::new(band, FAN_BANDS[0].filled())))?;
            chart.draw_series(LineSeries::new(
                scaled.iter().map(|p| (p.0, p.1)),
                stroke(BLUE, 3),
            ))?;
            chart.draw_series(
                scaled
                    .iter()
                    .map(|p| Circle::new((p.0, p.1), 4, BLUE.filled())),
            )?;
            // Above the plot, where it covers nothing (a wide band fills every corner).
            legend_row(
                root,
                MARGIN as i32,
                LEGEND_ROW_Y,
                &[
                    (
                        "95 % confidence band",
                        LegendMark::Swatch(FAN_BANDS[0].to_rgba()),
                    ),
                    (
                        "estimate at each point",
                        LegendMark::Line {
                            color: BLUE,
                            dot: true,
                        },
                    ),
                ],
            )?;
            Ok(())
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use lpo_sim_core::analysis::Metric;

    #[test]
    fn draws_a_band_and_the_points_in_order() {
        let e = |v: f64| Estimate {
            value: v,
            ci95: [v - 1000.0, v + 1000.0],
        };
        let points = [(2.0, e(5000.0)), (1.0, e(3000.0)), (3.0, e(4000.0))];
        let metric = MetricAxis::of(&Metric::Mean(lpo_sim_core::mc::Outcome::FinalCash), "EUR");
        let svg = render("a.b", true, &points, &metric).unwrap();
        assert!(svg.contains("mean:final_cash (EUR)"));
        assert!(svg.contains("95 % confidence band"));
        // The three points and the legend's mark.
        assert_eq!(svg.matches("<circle").count(), 4);
        let none = render("a.b", false, &[(1.0, e(f64::NAN))], &metric).unwrap();
        assert!(none.contains("No finite value"));
    }
}
