//! The survival curve: the share of firms still running at the end of each month, drawn as
//! a step function from 100 % at founding.

use super::ReportError;
use super::chart::{
    Area, BLUE, DrawResult, HEIGHT, Ticks, WIDTH, builder, label_style, mesh, month_label,
    month_ticks, no_data, stroke, svg,
};
use super::format::{percent, trim_number};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const NAME: &str = "survival curve";

/// The survival curve of `survival` (share running at the end of month `m`, index `m − 1`).
pub fn render(survival: &[f64]) -> Result<String, ReportError> {
    if survival.is_empty() {
        return no_data(NAME, "No months to chart.");
    }
    if survival.iter().any(|s| !s.is_finite()) {
        return no_data(NAME, "No survival data to chart (no replicates finished).");
    }
    let horizon = u32::try_from(survival.len()).unwrap_or(u32::MAX);
    let x1 = f64::from(horizon);
    let pct: Vec<f64> = survival
        .iter()
        .map(|s| (s * 100.0).clamp(0.0, 100.0))
        .collect();
    let steps = step_points(&pct);
    let mut area = steps.clone();
    area.push((x1, 0.0));
    area.push((0.0, 0.0));
    let last = pct.last().copied().unwrap_or(100.0);
    let note = format!(
        "{} still running after month {horizon}",
        percent(last / 100.0)
    );
    let aria = format!("Survival curve over {horizon} months: {note}");
    svg(
        NAME,
        &aria,
        (WIDTH, HEIGHT),
        |root: &Area<'_>| -> DrawResult {
            let mut chart = builder(root, 28, 84).build_cartesian_2d(
                Ticks::new(0.0..x1, month_ticks(0, horizon)),
                Ticks::new(0.0..104.0, (0..=5).map(|i| f64::from(i) * 20.0).collect()),
            )?;
            mesh(&mut chart)
                .x_desc("Month")
                .y_desc("Firms still running (%)")
                .x_label_formatter(&|x| month_label(*x))
                .y_label_formatter(&|y| format!("{} %", trim_number(*y, 0)))
                .draw()?;
            chart.draw_series(std::iter::once(Polygon::new(area, BLUE.mix(0.12).filled())))?;
            chart.draw_series(LineSeries::new(steps, stroke(BLUE, 3)))?;
            // The final share, written just inside the curve's end.
            let (v_pos, dy) = if last > 50.0 {
                (VPos::Top, -3.0)
            } else {
                (VPos::Bottom, 3.0)
            };
            chart.draw_series(std::iter::once(Text::new(
                note.clone(),
                (x1, (last + dy).clamp(0.0, 104.0)),
                label_style().pos(Pos::new(HPos::Right, v_pos)),
            )))?;
            Ok(())
        },
    )
}

/// The step outline: 100 % from month 0, then at each month end the drop to that month's
/// share.
fn step_points(pct: &[f64]) -> Vec<(f64, f64)> {
    let mut points = Vec::with_capacity(2 * pct.len() + 1);
    let mut previous = 100.0;
    points.push((0.0, previous));
    for (i, s) in pct.iter().enumerate() {
        let x = (i + 1) as f64;
        points.push((x, previous));
        points.push((x, *s));
        previous = *s;
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_start_at_full_survival() {
        assert_eq!(
            step_points(&[90.0, 50.0]),
            [
                (0.0, 100.0),
                (1.0, 100.0),
                (1.0, 90.0),
                (2.0, 90.0),
                (2.0, 50.0)
            ]
        );
    }
}
