//! The survival curve: the share of firms still running at the end of each month, drawn as
//! a step function from 100 % at founding.

use super::RenderError;
use super::chart::{
    Area, BLUE, DrawResult, HEIGHT, LABEL_SIZE, Ticks, WIDTH, builder, label_style, mesh,
    month_label, month_ticks, no_data, stroke, svg,
};
use super::format::{percent, trim_number};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const NAME: &str = "survival curve";

/// The survival curve of `survival` (share running at the end of month `m`, index `m − 1`).
pub fn render(survival: &[f64]) -> Result<String, RenderError> {
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
            // The final share, written at the curve's end, clear of the line.
            let (y, v_pos) = note_position(&pct, note.chars().count());
            chart.draw_series(std::iter::once(Text::new(
                note.clone(),
                (x1, y),
                label_style().pos(Pos::new(HPos::Right, v_pos)),
            )))?;
            Ok(())
        },
    )
}

/// Where the note on the final share goes (its y and which edge of the text sits there),
/// right-aligned at the last month. The curve never rises, so just under its end value the
/// note is below every step it spans; when that leaves too little room above the axis, it
/// goes above the highest step under it instead. `chars` is the note's length, for its
/// width (at most 0.6 of the font size per character, against the plot's ~760 px).
fn note_position(pct: &[f64], chars: usize) -> (f64, VPos) {
    let last = pct.last().copied().unwrap_or(100.0);
    // The text's height, about 5 of the axis' 104 units.
    if last >= 12.0 {
        return (last - 2.0, VPos::Top);
    }
    let span_months =
        (chars as f64 * 0.6 * f64::from(LABEL_SIZE) / 760.0 * pct.len() as f64).ceil();
    let first_under = pct.len().saturating_sub(span_months as usize + 1);
    // Steps are drawn at the month ends; the one before the span reaches into it.
    let highest = pct[first_under..].iter().copied().fold(last, f64::max);
    ((highest + 2.0).min(98.0), VPos::Bottom)
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
    fn the_final_share_note_stays_clear_of_the_curve() {
        // Falling to 42 % over the last months: the note goes under the end value, below
        // every step it spans (the old placement, above the end, crossed the curve).
        let falling: Vec<f64> = (0..60).map(|m| 100.0 - f64::from(m)).collect();
        let (y, pos) = note_position(&falling, 35);
        assert!(matches!(pos, VPos::Top));
        assert!(y < 41.0);
        // Near zero at the end: above the highest step under the note.
        let mut crash = vec![90.0; 60];
        crash[50..].copy_from_slice(&[60.0, 50.0, 40.0, 30.0, 20.0, 10.0, 5.0, 3.0, 2.0, 1.0]);
        let (y, pos) = note_position(&crash, 35);
        assert!(matches!(pos, VPos::Bottom));
        let span = (35.0 * 0.6 * 15.0 / 760.0 * 60.0_f64).ceil() as usize;
        assert!(crash[60 - span - 1..].iter().all(|&s| y > s), "{y}");
        // All failed: above the axis.
        let (y, pos) = note_position(&[0.0; 12], 30);
        assert!(y == 2.0 && matches!(pos, VPos::Bottom));
    }

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
