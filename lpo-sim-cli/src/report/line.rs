//! A metric over one parameter: the value at each point joined by a line, inside its 95 %
//! confidence band.

use super::ReportError;
use super::axis::{MetricAxis, param_tick};
use super::chart::{
    Area, BLUE, DrawResult, FAN_BANDS, HEIGHT, WIDTH, builder, draw_legend, finite_bounds, mesh,
    no_data, padded, stroke, svg,
};
use lpo_sim_core::analysis::Estimate;
use plotters::prelude::*;

const NAME: &str = "line chart";

/// The chart of `points` (parameter value, metric estimate) over the parameter `path`.
pub fn render(
    path: &str,
    integer: bool,
    points: &[(f64, Estimate)],
    metric: &MetricAxis,
) -> Result<String, ReportError> {
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
    let (y0, y1) = padded(y0, y1, 0.08);
    let aria = format!(
        "Line chart of {} against {path} at {} points, with the 95 % confidence band",
        metric.title,
        scaled.len()
    );
    svg(
        NAME,
        &aria,
        (WIDTH, HEIGHT),
        |root: &Area<'_>| -> DrawResult {
            let mut chart = builder(root, 28, 90).build_cartesian_2d(x0..x1, y0..y1)?;
            mesh(&mut chart)
                .x_desc(path)
                .y_desc(metric.title.as_str())
                .x_label_formatter(&|v| param_tick(*v, integer && v.fract() == 0.0))
                .y_label_formatter(&|v| metric.tick(*v))
                .draw()?;
            let band: Vec<(f64, f64)> = scaled
                .iter()
                .map(|p| (p.0, p.3))
                .chain(scaled.iter().rev().map(|p| (p.0, p.2)))
                .collect();
            chart
                .draw_series(std::iter::once(Polygon::new(band, FAN_BANDS[0].filled())))?
                .label("95 % confidence band")
                .legend(|(x, y)| {
                    Rectangle::new([(x, y - 7), (x + 20, y + 7)], FAN_BANDS[0].filled())
                });
            chart
                .draw_series(LineSeries::new(
                    scaled.iter().map(|p| (p.0, p.1)),
                    stroke(BLUE, 3),
                ))?
                .label("estimate at each point")
                .legend(|(x, y)| PathElement::new([(x, y), (x + 20, y)], stroke(BLUE, 3)));
            chart.draw_series(
                scaled
                    .iter()
                    .map(|p| Circle::new((p.0, p.1), 4, BLUE.filled())),
            )?;
            draw_legend(&mut chart, legend_corner(&scaled, (x0, x1), (y0, y1)))?;
            Ok(())
        },
    )
}

/// Share of the plot's width and height the legend box takes, about (it holds two labels).
const LEGEND_SIZE: (f64, f64) = (0.30, 0.22);

/// The first corner, upper right first, where the legend box covers no part of the band:
/// `scaled` holds (x, estimate, low, high), sorted by x. If every corner is covered, the
/// one covered least.
fn legend_corner(
    scaled: &[(f64, f64, f64, f64)],
    (x0, x1): (f64, f64),
    (y0, y1): (f64, f64),
) -> SeriesLabelPosition {
    // The band's edges between the points are straight, so over an interval of x each edge
    // is at its extremes at the interval's ends or at a point inside it.
    let edge_at = |x: f64, edge: fn(&(f64, f64, f64, f64)) -> f64| -> f64 {
        let i = scaled.partition_point(|p| p.0 < x);
        match (i.checked_sub(1).map(|j| &scaled[j]), scaled.get(i)) {
            (Some(a), Some(b)) if b.0 > a.0 => {
                edge(a) + (edge(b) - edge(a)) * (x - a.0) / (b.0 - a.0)
            }
            (_, Some(b)) => edge(b),
            (Some(a), None) => edge(a),
            (None, None) => f64::NAN,
        }
    };
    let extremes = |from: f64, to: f64, edge: fn(&(f64, f64, f64, f64)) -> f64| {
        scaled
            .iter()
            .filter(|p| (from..=to).contains(&p.0))
            .map(edge)
            .chain([edge_at(from, edge), edge_at(to, edge)])
            .filter(|v| v.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            })
    };
    let (w, h) = ((x1 - x0) * LEGEND_SIZE.0, (y1 - y0) * LEGEND_SIZE.1);
    let corners = [
        (SeriesLabelPosition::UpperRight, x1 - w, x1, true),
        (SeriesLabelPosition::UpperLeft, x0, x0 + w, true),
        (SeriesLabelPosition::LowerRight, x1 - w, x1, false),
        (SeriesLabelPosition::LowerLeft, x0, x0 + w, false),
    ];
    // How far into the box the band reaches, as a share of the box's height.
    let overlap = |&(_, from, to, upper): &(SeriesLabelPosition, f64, f64, bool)| -> f64 {
        if upper {
            let (_, high) = extremes(from, to, |p| p.3);
            ((high - (y1 - h)) / h).max(0.0)
        } else {
            let (low, _) = extremes(from, to, |p| p.2);
            (((y0 + h) - low) / h).max(0.0)
        }
    };
    let best = corners
        .iter()
        .find(|c| overlap(c) == 0.0)
        .or_else(|| {
            corners
                .iter()
                .min_by(|a, b| overlap(a).total_cmp(&overlap(b)))
        })
        .expect("four corners");
    best.0.clone()
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
        assert_eq!(svg.matches("<circle").count(), 3);
        let none = render("a.b", false, &[(1.0, e(f64::NAN))], &metric).unwrap();
        assert!(none.contains("No finite value"));
    }

    /// The legend goes to the upper right unless the band is there, then to a free corner.
    #[test]
    fn the_legend_avoids_the_band() {
        let rising: Vec<(f64, f64, f64, f64)> = (0..=4)
            .map(|i| {
                let v = f64::from(i);
                (v, v, v - 0.5, v + 0.5)
            })
            .collect();
        let (xs, ys) = ((-0.2, 4.2), (-0.9, 4.9));
        assert_eq!(
            legend_corner(&rising, xs, ys),
            SeriesLabelPosition::UpperLeft
        );
        let falling: Vec<_> = rising
            .iter()
            .map(|p| (4.0 - p.0, p.1, p.2, p.3))
            .rev()
            .collect();
        assert_eq!(
            legend_corner(&falling, xs, ys),
            SeriesLabelPosition::UpperRight
        );
        // A flat band high up leaves the lower corners free.
        let high: Vec<_> = rising.iter().map(|p| (p.0, 4.0, 3.5, 4.5)).collect();
        assert_eq!(
            legend_corner(&high, xs, (0.0, 4.9)),
            SeriesLabelPosition::LowerRight
        );
    }
}
