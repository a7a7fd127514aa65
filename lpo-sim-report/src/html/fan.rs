//! The cash fan chart: per month, the P5–P95, P10–P90 and P25–P75 bands (progressively
//! darker) and the median line.

use super::RenderError;
use super::chart::{
    Area, DrawResult, FAN_BANDS, FAN_MEDIAN, GREY, HEIGHT, LEGEND_ROW_Y, LEGEND_TOP, LegendMark,
    MARGIN, Ticks, WIDTH, builder, finite_bounds, include_zero_if_near, legend_row, mesh,
    month_label, month_ticks, no_data, padded, stroke, svg,
};
use super::format::compact;
use lpo_sim_core::mc::FanMonth;
use plotters::prelude::*;

const NAME: &str = "cash fan chart";

/// The bands: indices into [`FanMonth::quantiles`] (P5, P10, P25, P50, P75, P90, P95) of
/// their lower and upper edge, and their legend label; outermost first.
const BANDS: [(usize, usize, &str); 3] = [
    (0, 6, "P5–P95 (middle 90 % of firms)"),
    (1, 5, "P10–P90 (middle 80 %)"),
    (2, 4, "P25–P75 (middle 50 %)"),
];
/// Index of the median in [`FanMonth::quantiles`].
const MEDIAN: usize = 3;

/// A month's x position and its quantiles.
type Point = (f64, [f64; 7]);

/// The fan chart of `months` (cash at month end, in `currency`) as SVG.
pub fn render(months: &[FanMonth], currency: &str) -> Result<String, RenderError> {
    let points: Vec<Point> = months
        .iter()
        .filter(|m| m.quantiles.iter().all(|q| q.is_finite()))
        .map(|m| (f64::from(m.month), monotone(m.quantiles)))
        .collect();
    let (Some(first), Some(last)) = (
        months.iter().map(|m| m.month).min(),
        months.iter().map(|m| m.month).max(),
    ) else {
        return no_data(NAME, "No months to chart.");
    };
    if points.is_empty() {
        return no_data(NAME, "No cash values to chart (no replicates finished).");
    }
    let (x0, x1) = if first == last {
        // One month: a band a month wide, right of centre (a zero-width range cannot be drawn).
        (f64::from(first) - 1.5, f64::from(last) + 0.5)
    } else {
        (f64::from(first), f64::from(last))
    };
    let (lo, hi) =
        finite_bounds(points.iter().flat_map(|(_, q)| [q[0], q[6]])).unwrap_or((0.0, 1.0));
    let (lo, hi) = include_zero_if_near(lo, hi, 0.25);
    let (y0, y1) = padded(lo, hi, 0.06);
    let segments = segments(&points, x0, x1);
    let aria = format!(
        "Fan chart of cash at month end in {currency}, months {first} to {last}: \
         P5 to P95, P10 to P90 and P25 to P75 bands and the median"
    );
    let y_desc = format!("Cash at month end ({currency})");
    svg(
        NAME,
        &aria,
        (WIDTH, HEIGHT),
        |root: &Area<'_>| -> DrawResult {
            let mut chart = builder(root, 28, 84)
                .margin_top(LEGEND_TOP)
                .build_cartesian_2d(Ticks::new(x0..x1, month_ticks(first, last)), y0..y1)?;
            mesh(&mut chart)
                .x_desc("Month")
                .y_desc(y_desc.as_str())
                .x_label_formatter(&|x| month_label(*x))
                .y_label_formatter(&|y| compact(*y))
                .y_labels(8)
                .draw()?;
            for (k, (lo_i, hi_i, _)) in BANDS.into_iter().enumerate() {
                let colour = FAN_BANDS[k];
                chart.draw_series(
                    segments
                        .iter()
                        .map(|seg| Polygon::new(band_outline(seg, lo_i, hi_i), colour.filled())),
                )?;
            }
            // Zero cash, over the bands and under the median.
            if y0 < 0.0 && y1 > 0.0 {
                chart.draw_series(DashedLineSeries::new(
                    [(x0, 0.0), (x1, 0.0)],
                    6,
                    4,
                    stroke(GREY, 1),
                ))?;
            }
            for seg in &segments {
                chart.draw_series(LineSeries::new(
                    seg.iter().map(|(x, q)| (*x, q[MEDIAN])),
                    stroke(FAN_MEDIAN, 3),
                ))?;
            }
            // Above the plot, where it covers nothing.
            let mut items: Vec<(&str, LegendMark)> = BANDS
                .iter()
                .zip(FAN_BANDS)
                .map(|((_, _, label), colour)| (*label, LegendMark::Swatch(colour.to_rgba())))
                .collect();
            items.push((
                "Median",
                LegendMark::Line {
                    color: FAN_MEDIAN,
                    dot: false,
                },
            ));
            legend_row(root, MARGIN as i32, LEGEND_ROW_Y, &items)?;
            Ok(())
        },
    )
}

/// Quantiles made non-decreasing (sketch quantiles already are; this only guards).
fn monotone(mut q: [f64; 7]) -> [f64; 7] {
    for i in 1..q.len() {
        if q[i] < q[i - 1] {
            q[i] = q[i - 1];
        }
    }
    q
}

/// Runs of consecutive months. A run of one month is widened to a short segment around it
/// (inside `x0..x1`) so its bands and median remain visible.
fn segments(points: &[Point], x0: f64, x1: f64) -> Vec<Vec<Point>> {
    let mut runs: Vec<Vec<Point>> = Vec::new();
    for p in points {
        match runs.last_mut() {
            Some(run) if run.last().is_some_and(|last| p.0 - last.0 <= 1.0) => run.push(*p),
            _ => runs.push(vec![*p]),
        }
    }
    for run in &mut runs {
        if let [(x, q)] = run.as_slice() {
            let (x, q) = (*x, *q);
            *run = vec![((x - 0.25).max(x0), q), ((x + 0.25).min(x1), q)];
        }
    }
    runs
}

/// The closed outline of a band: the upper edge forward, the lower edge back.
fn band_outline(seg: &[Point], lo: usize, hi: usize) -> Vec<(f64, f64)> {
    seg.iter()
        .map(|(x, q)| (*x, q[hi]))
        .chain(seg.iter().rev().map(|(x, q)| (*x, q[lo])))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_split_at_gaps_and_widen_single_months() {
        let q = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0];
        let points = [(1.0, q), (2.0, q), (4.0, q)];
        let runs = segments(&points, 1.0, 4.0);
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[0].len(), 2);
        assert_eq!(runs[1].iter().map(|p| p.0).collect::<Vec<_>>(), [3.75, 4.0]);
        let outline = band_outline(&runs[0], 0, 6);
        assert_eq!(outline, [(1.0, 7.0), (2.0, 7.0), (2.0, 1.0), (1.0, 1.0)]);
        assert_eq!(monotone([3.0, 2.0, 4.0, 1.0, 5.0, 6.0, 7.0])[3], 4.0);
    }
}
