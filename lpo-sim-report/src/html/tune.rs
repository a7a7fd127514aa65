//! The self-contained HTML report of `lpo-sim tune`: what the fresh seeds say (the verdict),
//! the search converging iteration by iteration (the best score so far and the elite's mean;
//! each parameter's sampling distribution within its bounds, and where the winner lies), and
//! the winner against the starting values on the training and the fresh seeds.

use super::analysis::{context_items, page, table};
use super::axis::MetricAxis;
use super::chart::{
    Area, BLUE, DrawResult, GREY, HEIGHT, LEGEND_ROW_Y, LEGEND_TOP, LegendMark, MARGIN, Ticks,
    WIDTH, builder, finite_bounds, legend_row, mesh, no_data, padded, stroke, svg,
};
use super::format::{escape_html, trim_number};
use super::paired::arm_color;
use super::{RenderError, figure};
use crate::view::study::count;
use crate::view::tune::{TuneReport, direction_word, estimate, feasibility};
use crate::view::values::{Unit, param_value};
use plotters::prelude::*;
use std::fmt::Write;

/// The report of a tuning run.
///
/// # Errors
/// [`RenderError::Chart`] when plotters fails to draw a chart.
pub fn render_tune_html(report: &TuneReport<'_>) -> Result<String, RenderError> {
    let config = report.config;
    let result = report.result;
    let c = &report.context;
    let context = context_items(
        c,
        &[format!(
            "{} iterations × {} candidates (elite {})",
            config.iterations,
            config.population,
            report.elite()
        )],
    );

    let mut body = String::new();
    write!(
        body,
        "<section id=\"verdict\">\n<h2>Verdict</h2>\n<p>Objective: <code>{}</code></p>\n<ul>\n",
        escape_html(&config.objective.to_string())
    )?;
    for line in report.verdict() {
        writeln!(body, "<li>{}</li>", escape_html(&line))?;
    }
    body.push_str("</ul>\n</section>\n");

    let metric = &config.objective.metric;
    let axis = MetricAxis::of(metric, c.currency);
    let progress: Vec<(f64, f64, f64, bool)> = result
        .trace
        .iter()
        .map(|row| {
            (
                row.iteration as f64,
                axis.scale(report.metric_value(row.best.value)),
                axis.scale(report.metric_value(row.elite_mean)),
                row.best.feasible,
            )
        })
        .collect();
    figure(
        &mut body,
        "search",
        "The search, iteration by iteration",
        &render_progress(&progress, &axis)?,
        &format!(
            "Each iteration measured {} candidates on the same {} training seeds. The best score \
             so far can only improve; the mean of the iteration's elite (its best {} of {}) shows \
             the sampling distributions closing in. A hollow dot: no candidate so far met the \
             constraints.",
            config.population,
            count(config.runs_per_candidate),
            report.elite(),
            config.population,
        ),
    )?;

    let names: Vec<String> = result.paths.clone();
    let tracks: Vec<ParamTrack> = result
        .paths
        .iter()
        .enumerate()
        .map(|(i, _)| {
            let range = &config.params[i];
            let span = (range.high - range.low).max(f64::MIN_POSITIVE);
            let share = |x: f64| (x - range.low) / span * 100.0;
            ParamTrack {
                means: result
                    .trace
                    .iter()
                    .map(|row| {
                        let (m, sd) = (row.means[i], row.sds[i]);
                        (row.iteration as f64, share(m), share(m - sd), share(m + sd))
                    })
                    .collect(),
                winner: share(result.best_values[i]),
                start: share(result.default_values[i]),
            }
        })
        .collect();
    figure(
        &mut body,
        "parameters",
        "Where the search went",
        &render_tracks(&names, &tracks)?,
        "Each parameter's sampling mean after each iteration's update, with a band of one \
         standard deviation either side, as a share of its bounds (0 % the lower bound, 100 % \
         the upper). The large dot at the right is the winner's value, the ring the starting \
         value.",
    )?;

    let headers: Vec<String> = [
        "Parameter",
        "Winner",
        "Starting value",
        "Lower bound",
        "Upper bound",
    ]
    .map(str::to_owned)
    .to_vec();
    let rows: Vec<Vec<String>> = result
        .paths
        .iter()
        .enumerate()
        .map(|(i, path)| {
            let integer = report.is_integer(i);
            let range = &config.params[i];
            vec![
                path.clone(),
                param_value(result.best_values[i], integer),
                param_value(result.default_values[i], integer),
                param_value(range.low, integer),
                param_value(range.high, integer),
            ]
        })
        .collect();
    write!(
        body,
        "<section id=\"winner\">\n<h2>The winner</h2>\n{}<p class=\"note\">The best training \
         score of the {} candidates (feasible: {}).</p>\n</section>\n",
        table(&headers, &rows, &[]),
        count(result.evaluations as u64),
        escape_html(&feasibility(&result.best_score)),
    )?;

    let metrics = report.metrics();
    let mut headers = vec![String::new()];
    headers.extend(metrics.iter().map(|(m, k)| match k {
        None => format!("{m} ({})", direction_word(config.objective.direction)),
        Some(k) => format!(
            "{m} ({} {})",
            if k.at_most { "≤" } else { "≥" },
            Unit::of(m).value(k.bound)
        ),
    }));
    let mut rows = Vec::new();
    for (label, validated, training) in [
        ("winner, training seeds", &result.validated, true),
        ("winner, fresh seeds", &result.validated, false),
        (
            "starting values, training seeds",
            &result.default_validated,
            true,
        ),
        (
            "starting values, fresh seeds",
            &result.default_validated,
            false,
        ),
    ] {
        let mut row = vec![label.to_owned()];
        for ((m, _), v) in metrics.iter().zip(validated.iter()) {
            row.push(estimate(
                Unit::of(m),
                if training { &v.training } else { &v.validation },
            ));
        }
        rows.push(row);
    }
    write!(
        body,
        "<section id=\"validation\">\n<h2>Training against fresh seeds</h2>\n{}\
         <p class=\"note\">{} training seeds, and {} fresh seeds the search never saw; 95 % \
         intervals in parentheses. A winner much worse on the fresh seeds was picked for its \
         lucky training seeds.</p>\n</section>\n",
        table(&headers, &rows, &[]),
        count(config.runs_per_candidate),
        count(config.validation_runs),
    )?;

    page(
        &format!("lpo-sim tune: {}", config.objective),
        "Tuning",
        &context,
        &body,
    )
}

/// Best so far and elite mean per iteration: `(iteration, best, elite mean, best feasible)`,
/// in chart coordinates.
fn render_progress(
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

/// One parameter's path through the search, as shares (%) of its bounds.
struct ParamTrack {
    /// `(iteration, mean, mean − sd, mean + sd)`.
    means: Vec<(f64, f64, f64, f64)>,
    /// The winner's value.
    winner: f64,
    /// The starting value.
    start: f64,
}

/// Every parameter's sampling mean and ±1 SD band per iteration, with the winner and the
/// starting value at the right.
fn render_tracks(names: &[String], tracks: &[ParamTrack]) -> Result<String, RenderError> {
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
