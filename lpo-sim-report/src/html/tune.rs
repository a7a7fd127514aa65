//! The self-contained HTML report of `lpo-sim tune`: what the fresh seeds say (the verdict),
//! the search converging iteration by iteration (the best score so far and the elite's mean;
//! each parameter's sampling distribution within its bounds, and where the winner lies), and
//! the winner against the starting values on the training and the fresh seeds.

use super::analysis::{context_items, page, table};
use super::axis::MetricAxis;
use super::format::escape_html;
use super::tune_charts::{ParamTrack, render_progress, render_tracks};
use super::{RenderError, figure};
use crate::view::study::count;
use crate::view::tune::{TuneReport, direction_word, estimate, feasibility};
use crate::view::values::{Unit, param_value};
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
