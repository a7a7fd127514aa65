//! The charts of a comparison: paired differences from the baseline with their 95 %
//! intervals (a forest plot, one row per arm and measure, around a line at zero), and every
//! arm's survival curve on one chart.

use super::RenderError;
use super::chart::{
    Area, BLUE, DrawResult, GREEN, GREY, HEIGHT, LEGEND_ROW_Y, LEGEND_TOP, LegendMark, MARGIN,
    Ticks, VERMILLION, WIDTH, builder, finite_bounds, legend_row, mesh, month_label, month_ticks,
    no_data, padded, stroke, svg,
};
pub use super::chart_data::DifferenceRow;
use super::format::trim_number;
use plotters::prelude::*;

/// Okabe–Ito colours, one per arm in order (the baseline first); they repeat beyond seven.
pub const ARM_COLORS: [RGBColor; 7] = [
    BLUE,
    VERMILLION,
    GREEN,
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0x00, 0x00, 0x00),
];

/// The colour of arm `i`.
pub fn arm_color(i: usize) -> RGBColor {
    ARM_COLORS[i % ARM_COLORS.len()]
}

/// A forest plot of `rows` (top to bottom) on an axis titled `axis`, its ticks labelled by
/// `tick`.
pub fn render_differences(
    name: &'static str,
    axis: &str,
    rows: &[DifferenceRow],
    arms: &[&str],
    tick: &dyn Fn(f64) -> String,
) -> Result<String, RenderError> {
    let Some((lo, hi)) = finite_bounds(
        rows.iter()
            .flat_map(|r| [r.mean, r.ci95[0], r.ci95[1]])
            .chain([0.0]),
    ) else {
        return no_data(name, "No paired difference to chart.");
    };
    let (x0, x1) = padded(lo, hi, 0.08);
    let n = rows.len();
    let label_width = (rows
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(10) as u32
        * 8
        + 20)
        .clamp(120, 420);
    let height = 110 + 34 * n as u32;
    let aria =
        format!("Paired differences from the baseline with their 95 % intervals: {axis}, {n} rows");
    let labels: Vec<String> = rows.iter().map(|r| r.label.clone()).collect();
    // Row k (0 = top) sits at y = n − 1 − k + 0.5.
    let y_of = move |k: usize| (n - 1 - k) as f64 + 0.5;
    svg(
        name,
        &aria,
        (WIDTH, height),
        |root: &Area<'_>| -> DrawResult {
            let ticks: Vec<f64> = (0..n).map(y_of).collect();
            // Room on the right for the last tick's label, which may sit at the very edge.
            let mut chart = builder(root, 44, label_width)
                .margin_top(LEGEND_TOP)
                .build_cartesian_2d(x0..x1, Ticks::new(0.0..n as f64, ticks))?;
            mesh(&mut chart)
                .disable_y_mesh()
                .x_desc(axis)
                .x_label_formatter(&|v| tick(*v))
                .y_label_formatter(&|y| {
                    let k = n as f64 - 0.5 - y;
                    labels.get(k.round() as usize).cloned().unwrap_or_default()
                })
                .draw()?;
            // No difference: the line the intervals are read against.
            chart.draw_series(std::iter::once(PathElement::new(
                [(0.0, 0.0), (0.0, n as f64)],
                stroke(GREY, 2),
            )))?;
            for (k, row) in rows.iter().enumerate() {
                let y = y_of(k);
                let color = arm_color(row.arm);
                if row.ci95[0].is_finite() && row.ci95[1].is_finite() {
                    let [a, b] = row.ci95;
                    chart.draw_series(std::iter::once(PathElement::new(
                        [(a, y), (b, y)],
                        stroke(color, 3),
                    )))?;
                    for end in [a, b] {
                        chart.draw_series(std::iter::once(PathElement::new(
                            [(end, y - 0.18), (end, y + 0.18)],
                            stroke(color, 2),
                        )))?;
                    }
                }
                if row.mean.is_finite() {
                    chart.draw_series(std::iter::once(Circle::new(
                        (row.mean, y),
                        6,
                        color.filled(),
                    )))?;
                }
            }
            // Each compared arm in its colour (the baseline has no row of its own), then the zero.
            let mut items: Vec<(&str, LegendMark)> = arms
                .iter()
                .enumerate()
                .skip(1)
                .map(|(i, name)| {
                    (
                        *name,
                        LegendMark::Line {
                            color: arm_color(i),
                            dot: true,
                        },
                    )
                })
                .collect();
            items.push(("0: no difference", LegendMark::Tick(GREY)));
            legend_row(root, MARGIN as i32, LEGEND_ROW_Y, &items)?;
            Ok(())
        },
    )
}

/// Every arm's survival curve (share running at the end of each month) on one chart, in the
/// arms' colours with a legend of their names.
pub fn render_survival(arms: &[(&str, &[f64])]) -> Result<String, RenderError> {
    const NAME: &str = "survival curves";
    let horizon = arms.iter().map(|(_, s)| s.len()).max().unwrap_or(0);
    if horizon == 0 || arms.iter().any(|(_, s)| s.iter().any(|v| !v.is_finite())) {
        return no_data(NAME, "No survival data to chart (no replicates finished).");
    }
    let horizon = u32::try_from(horizon).unwrap_or(u32::MAX);
    let x1 = f64::from(horizon);
    let aria = format!(
        "Survival curves of {} arms over {horizon} months",
        arms.len()
    );
    svg(
        NAME,
        &aria,
        (WIDTH, HEIGHT),
        |root: &Area<'_>| -> DrawResult {
            let mut chart = builder(root, 28, 84)
                .margin_top(LEGEND_TOP)
                .build_cartesian_2d(
                    Ticks::new(0.0..x1, month_ticks(0, horizon)),
                    Ticks::new(0.0..104.0, (0..=5).map(|i| f64::from(i) * 20.0).collect()),
                )?;
            mesh(&mut chart)
                .x_desc("Month")
                .y_desc("Firms still running (%)")
                .x_label_formatter(&|x| month_label(*x))
                .y_label_formatter(&|y| format!("{} %", trim_number(*y, 0)))
                .draw()?;
            for (i, (_, survival)) in arms.iter().enumerate() {
                let mut points = vec![(0.0, 100.0)];
                let mut previous = 100.0;
                for (m, s) in survival.iter().enumerate() {
                    let s = (s * 100.0).clamp(0.0, 100.0);
                    let x = (m + 1) as f64;
                    points.push((x, previous));
                    points.push((x, s));
                    previous = s;
                }
                // Later arms drawn thinner, so an arm that equals an earlier one still shows.
                let width = if i == 0 { 4 } else { 3 };
                chart.draw_series(LineSeries::new(points, stroke(arm_color(i), width)))?;
            }
            let names: Vec<String> = arms
                .iter()
                .enumerate()
                .map(|(i, (name, _))| {
                    if i == 0 && *name != crate::view::compare::BASELINE {
                        format!("{name} (baseline)")
                    } else {
                        (*name).to_owned()
                    }
                })
                .collect();
            let items: Vec<(&str, LegendMark)> = names
                .iter()
                .enumerate()
                .map(|(i, name)| {
                    (
                        name.as_str(),
                        LegendMark::Line {
                            color: arm_color(i),
                            dot: false,
                        },
                    )
                })
                .collect();
            legend_row(root, MARGIN as i32, LEGEND_ROW_Y, &items)?;
            Ok(())
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_forest_plot_has_a_dot_and_an_interval_per_row() {
        let rows = [
            DifferenceRow {
                label: "P(bankruptcy): b".to_owned(),
                mean: -2.0,
                ci95: [-3.0, -1.0],
                arm: 1,
            },
            DifferenceRow {
                label: "P(open): b".to_owned(),
                mean: 1.0,
                ci95: [f64::NAN, f64::NAN],
                arm: 1,
            },
        ];
        let arms = ["a", "b"];
        let svg =
            render_differences("test", "points", &rows, &arms, &|v| format!("{v:+}")).unwrap();
        // Two rows' dots and the legend's one compared arm.
        assert_eq!(svg.matches("<circle").count(), 3);
        assert!(svg.contains("P(bankruptcy): b") && svg.contains("no difference"));
        let none = render_differences("test", "x", &[], &arms, &|v| v.to_string()).unwrap();
        assert!(none.contains("<svg"));
    }

    #[test]
    fn survival_curves_name_every_arm() {
        let a = [0.9, 0.8];
        let b = [0.95, 0.9, 0.85];
        let svg = render_survival(&[("a", &a), ("b", &b)]).unwrap();
        assert!(svg.contains("a (baseline)") && svg.contains("\nb\n</text>"));
        let none = render_survival(&[("a", &[f64::NAN])]).unwrap();
        assert!(none.contains("No survival data"));
    }
}
