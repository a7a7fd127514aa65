//! The charts of the tuning report: the search converging (best score so far and the elite's
//! mean per iteration) and each parameter's sampling distribution within its bounds.

use super::RenderError;
use super::axis::MetricAxis;
use super::chart::{
    Area, BLUE, DrawResult, GREY, HEIGHT, LEGEND_ROW_Y, LEGEND_TOP, LegendMark, MARGIN, Ticks,
    WIDTH, builder, finite_bounds, legend_row, mesh, no_data, padded, stroke, svg,
};
pub use super::chart_data::ParamTrack;
use super::format::trim_number;
use super::paired::arm_color;
use plotters::prelude::*;

/// Best so far and elite mean per iteration: `(iteration, best, elite mean, best feasible)`,
/// in chart coordinates.
pub fn render_progress(
    points: &[(f64, f64, f64, bool)],
    axis: &MetricAxis,
) -> Result<String, RenderError> {
    const NAME: &str = "search chart";
    let Some((lo, hi)) = finite_bounds(points.iter().flat_map(|p| [p.1, p.2])) else {
        return no_data(NAME, "No finite score to chart.");
    };
    let (y0, y1) = axis.within_range((lo, hi), padded(lo, hi, 0.08));
    let last = points.iter().map(|p| p.0).fold(1.0, f64::max);
    let ticks: Vec<f64> = (1..=last as u32).map(f64::from).collect();
    let aria = format!(
        "The best {} so far and the elite's mean over {} iterations",
        axis.title,
        points.len()
    );
    svg(
        NAME,
        &aria,
        (WIDTH, HEIGHT),
        |root: &Area<'_>| -> DrawResult {
            let mut chart = builder(root, 40, 90)
                .margin_top(LEGEND_TOP)
                .build_cartesian_2d(Ticks::new(0.5..last + 0.5, ticks), y0..y1)?;
            mesh(&mut chart)
                .x_desc("Iteration")
                .y_desc(axis.title.as_str())
                .x_label_formatter(&|x| trim_number(*x, 0))
                .y_label_formatter(&|y| axis.tick(*y))
                .draw()?;
            let elite: Vec<(f64, f64)> = points
                .iter()
                .filter(|p| p.2.is_finite())
                .map(|p| (p.0, p.2))
                .collect();
            chart.draw_series(LineSeries::new(elite.clone(), stroke(GREY, 2)))?;
            chart.draw_series(elite.iter().map(|&p| Circle::new(p, 4, GREY.filled())))?;
            let best: Vec<(f64, f64)> = points
                .iter()
                .filter(|p| p.1.is_finite())
                .map(|p| (p.0, p.1))
                .collect();
            chart.draw_series(LineSeries::new(best, stroke(BLUE, 3)))?;
            chart.draw_series(points.iter().filter(|p| p.1.is_finite()).map(|p| {
                let style = if p.3 { BLUE.filled() } else { stroke(BLUE, 2) };
                Circle::new((p.0, p.1), 6, style)
            }))?;
            legend_row(
                root,
                MARGIN as i32,
                LEGEND_ROW_Y,
                &[
                    (
                        "best score so far",
                        LegendMark::Line {
                            color: BLUE,
                            dot: true,
                        },
                    ),
                    (
                        "mean of the iteration's elite",
                        LegendMark::Line {
                            color: GREY,
                            dot: true,
                        },
                    ),
                ],
            )?;
            Ok(())
        },
    )
}

/// Every parameter's sampling mean and ±1 SD band per iteration, with the winner and the
/// starting value at the right.
pub fn render_tracks(names: &[String], tracks: &[ParamTrack]) -> Result<String, RenderError> {
    const NAME: &str = "parameter chart";
    let last = tracks
        .iter()
        .flat_map(|t| t.means.iter().map(|m| m.0))
        .fold(0.0, f64::max);
    if tracks.is_empty() || last < 1.0 {
        return no_data(NAME, "No iterations to chart.");
    }
    let x1 = last + 1.0;
    let mut ticks: Vec<f64> = (1..=last as u32).map(f64::from).collect();
    ticks.push(x1);
    let aria = format!(
        "The sampling distribution of {} parameters over {last} iterations, and the winner",
        tracks.len()
    );
    let height = HEIGHT + 24 * (names.len() as u32).saturating_sub(2).div_ceil(2);
    svg(
        NAME,
        &aria,
        (WIDTH, height),
        |root: &Area<'_>| -> DrawResult {
            // The legend may take several rows: one per two parameters.
            let rows = names.len().div_ceil(2) as u32;
            let top = LEGEND_TOP + 24 * rows.saturating_sub(1);
            let mut chart = builder(root, 40, 84).margin_top(top).build_cartesian_2d(
                Ticks::new(0.5..x1 + 0.5, ticks),
                Ticks::new(-4.0..104.0, (0..=5).map(|i| f64::from(i) * 20.0).collect()),
            )?;
            mesh(&mut chart)
                .x_desc("Iteration (the last column: the winner and the starting value)")
                .y_desc("Share of the bounds (%)")
                .x_label_formatter(&|x| {
                    if *x > last + 0.5 {
                        "winner".to_owned()
                    } else {
                        trim_number(*x, 0)
                    }
                })
                .y_label_formatter(&|y| format!("{} %", trim_number(*y, 0)))
                .draw()?;
            for (i, track) in tracks.iter().enumerate() {
                let color = arm_color(i);
                if tracks.len() <= 3 {
                    let band: Vec<(f64, f64)> = track
                        .means
                        .iter()
                        .map(|m| (m.0, m.3.clamp(-4.0, 104.0)))
                        .chain(
                            track
                                .means
                                .iter()
                                .rev()
                                .map(|m| (m.0, m.2.clamp(-4.0, 104.0))),
                        )
                        .collect();
                    chart.draw_series(std::iter::once(Polygon::new(
                        band,
                        color.mix(0.15).filled(),
                    )))?;
                }
                chart.draw_series(LineSeries::new(
                    track.means.iter().map(|m| (m.0, m.1)),
                    stroke(color, 3),
                ))?;
                chart.draw_series(std::iter::once(Circle::new(
                    (x1, track.winner),
                    8,
                    color.filled(),
                )))?;
                chart.draw_series(std::iter::once(Circle::new(
                    (x1, track.start),
                    8,
                    stroke(color, 2),
                )))?;
            }
            for (row, pair) in names.chunks(2).enumerate() {
                let items: Vec<(&str, LegendMark)> = pair
                    .iter()
                    .enumerate()
                    .map(|(j, name)| {
                        (
                            name.as_str(),
                            LegendMark::Line {
                                color: arm_color(2 * row + j),
                                dot: false,
                            },
                        )
                    })
                    .collect();
                legend_row(root, MARGIN as i32, LEGEND_ROW_Y + 24 * row as i32, &items)?;
            }
            Ok(())
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use lpo_sim_core::analysis::Metric;
    use lpo_sim_core::mc::Outcome;

    #[test]
    fn the_search_chart_marks_infeasible_bests_hollow() {
        let axis = MetricAxis::of(&Metric::Mean(Outcome::FinalCash), "EUR");
        let points = [(1.0, 10.0, 5.0, false), (2.0, 12.0, 9.0, true)];
        let svg = render_progress(&points, &axis).unwrap();
        assert!(svg.contains("best score so far") && svg.contains("elite"));
        assert!(
            svg.contains("fill=\"none\""),
            "a hollow dot for the infeasible best"
        );
        let none = render_progress(&[(1.0, f64::NAN, f64::NAN, true)], &axis).unwrap();
        assert!(none.contains("No finite score"));
    }

    #[test]
    fn the_parameter_chart_has_a_winner_column_and_a_legend_entry_per_parameter() {
        let track = |m: f64| ParamTrack {
            means: vec![(1.0, m, m - 10.0, m + 10.0), (2.0, m + 5.0, m, m + 10.0)],
            winner: m + 6.0,
            start: 50.0,
        };
        let names = ["a.x".to_owned(), "b.y".to_owned(), "c.z".to_owned()];
        let svg = render_tracks(&names, &[track(20.0), track(40.0), track(60.0)]).unwrap();
        assert!(svg.contains("winner") && svg.contains("c.z"));
        assert!(render_tracks(&[], &[]).unwrap().contains("No iterations"));
    }
}
