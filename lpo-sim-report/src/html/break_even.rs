//! The break-even distribution: the share of all firms that broke even in each month (their
//! cumulative profit at zero or more from that month to the end of the run), and, in a side
//! panel on its own 0–100 % scale, the share that never did.

use super::RenderError;
use super::chart::{
    Area, DrawResult, GREEN, GREY, HEIGHT, MARGIN, Ticks, WIDTH, builder, label_style, mesh,
    month_label, month_ticks, no_data, svg,
};
use super::format::{percent, trim_number};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const NAME: &str = "break-even chart";

/// Share of the width taken by the monthly panel.
const MONTHS_PANEL: u32 = 82;

/// The chart of `by_month` (firms breaking even in month `m`, index `m − 1`) and `never`
/// out of `runs` firms.
pub fn render(by_month: &[u64], never: u64, runs: u64) -> Result<String, RenderError> {
    if runs == 0 {
        return no_data(
            NAME,
            "No break-even data to chart (no replicates finished).",
        );
    }
    let share = |count: u64| count as f64 / runs as f64 * 100.0;
    let monthly: Vec<f64> = by_month.iter().map(|c| share(*c)).collect();
    let never_pct = share(never).clamp(0.0, 100.0);
    let horizon = u32::try_from(monthly.len()).unwrap_or(u32::MAX);
    let top = monthly.iter().copied().fold(0.0, f64::max);
    let y1 = if top > 0.0 { top * 1.15 } else { 1.0 };
    let aria = format!(
        "Bar chart of the month of break-even over {horizon} months, as a share of all firms, \
         and the {} that never broke even",
        percent(never_pct / 100.0)
    );
    svg(
        NAME,
        &aria,
        (WIDTH, HEIGHT),
        |root: &Area<'_>| -> DrawResult {
            let (left, right) = root.split_horizontally(WIDTH * MONTHS_PANEL / 100);
            let x1 = f64::from(horizon.max(1)) + 0.5;
            let mut chart = builder(&left, 10, 84)
                .build_cartesian_2d(Ticks::new(0.5..x1, month_ticks(1, horizon.max(1))), 0.0..y1)?;
            mesh(&mut chart)
                .x_desc("Month of break-even (cumulative profit ≥ 0 from then on)")
                .y_desc("Share of all firms")
                .x_label_formatter(&|x| month_label(*x))
                .y_label_formatter(&|y| format!("{} %", trim_number(*y, 2)))
                .y_labels(7)
                .draw()?;
            // Wide bars when there are few months; a small gap between bars otherwise.
            let half = if horizon > 120 { 0.5 } else { 0.4 };
            chart.draw_series(monthly.iter().enumerate().filter(|(_, p)| **p > 0.0).map(
                |(i, p)| {
                    let m = (i + 1) as f64;
                    Rectangle::new([(m - half, 0.0), (m + half, *p)], GREEN.filled())
                },
            ))?;

            let mut side = builder(&right, MARGIN, 52)
                .margin_left(6)
                .build_cartesian_2d(
                    Ticks::new(0.0..1.0, vec![0.5]),
                    Ticks::new(0.0..112.0, (0..=5).map(|i| f64::from(i) * 20.0).collect()),
                )?;
            mesh(&mut side)
                .x_desc(format!("by month {horizon}"))
                .x_label_formatter(&|_| "never".to_owned())
                .y_label_formatter(&|y| format!("{} %", trim_number(*y, 0)))
                .draw()?;
            side.draw_series(std::iter::once(Rectangle::new(
                [(0.22, 0.0), (0.78, never_pct)],
                GREY.filled(),
            )))?;
            side.draw_series(std::iter::once(Text::new(
                percent(never_pct / 100.0),
                (0.5, never_pct + 2.0),
                label_style().pos(Pos::new(HPos::Center, VPos::Bottom)),
            )))?;
            Ok(())
        },
    )
}
