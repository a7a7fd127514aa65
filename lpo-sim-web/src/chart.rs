//! Small line charts of a game, month by month, as inline SVG drawn here: no script, no
//! resource fetched. The month axis runs to the game's horizon, so a chart fills as the
//! periods pass.

use crate::page::escape;
use std::fmt::Write;

/// One line of a chart.
pub struct Series<'a> {
    /// Its name, in the legend.
    pub name: &'a str,
    /// Its colour (CSS).
    pub color: &'a str,
    /// `(month, value)` points, in month order.
    pub points: Vec<(f64, f64)>,
}

const WIDTH: f64 = 540.0;
const HEIGHT: f64 = 230.0;
const LEFT: f64 = 74.0;
const RIGHT: f64 = 14.0;
const TOP: f64 = 34.0;
const BOTTOM: f64 = 34.0;

/// "Nice" tick values covering `lo..=hi`: steps of 1, 2 or 5 times a power of ten, the first
/// at or below `lo`, the last at or above `hi`.
fn ticks(lo: f64, hi: f64, most: usize) -> Vec<f64> {
    let span = (hi - lo).max(f64::MIN_POSITIVE);
    let raw = span / most.max(1) as f64;
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| span / s <= most as f64)
        .unwrap_or(10.0 * power);
    let first = (lo / step).floor() * step;
    let mut out = Vec::new();
    let mut k = 0.0;
    // Up to the first tick at or above `hi`.
    while out.len() < 20 {
        let tick = first + k * step;
        out.push(tick);
        if tick >= hi - step * 1e-9 {
            break;
        }
        k += 1.0;
    }
    out
}

/// A value for an axis: whole numbers with thousands as `k` and millions as `M`.
fn short(value: f64) -> String {
    let a = value.abs();
    if a >= 1e6 {
        format!("{}M", trim(value / 1e6))
    } else if a >= 1e3 {
        format!("{}k", trim(value / 1e3))
    } else {
        trim(value)
    }
}

fn trim(x: f64) -> String {
    let text = format!("{x:.1}");
    text.strip_suffix(".0").unwrap_or(&text).replace("-0", "0")
}

/// A chart titled `title` of `series` over months `0..=horizon`; `unit` names the values.
pub fn line_chart(title: &str, unit: &str, horizon: u32, series: &[Series<'_>]) -> String {
    let values = series.iter().flat_map(|s| s.points.iter().map(|p| p.1));
    let (mut lo, mut hi) = values
        .filter(|v| v.is_finite())
        .fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if hi - lo < 1.0 {
        hi = lo + 1.0;
    }
    let y_ticks = ticks(lo, hi, 5);
    lo = lo.min(*y_ticks.first().unwrap_or(&lo));
    hi = hi.max(*y_ticks.last().unwrap_or(&hi));
    let horizon = f64::from(horizon.max(1));
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let x = |m: f64| LEFT + plot_w * m / horizon;
    let y = |v: f64| TOP + plot_h * (1.0 - (v - lo) / (hi - lo));
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} \
         {HEIGHT}\" width=\"{WIDTH}\" height=\"{HEIGHT}\" role=\"img\" \
         aria-label=\"{label}\"><title>{label}</title>\
         <text x=\"{LEFT}\" y=\"16\" font-size=\"14\" font-weight=\"600\" \
         fill=\"#1f2328\">{title}</text>",
        label = escape(&format!("{title} ({unit}), by month")),
        title = escape(title),
    );
    for t in &y_ticks {
        let yy = y(*t);
        let _ = write!(
            svg,
            "<line x1=\"{LEFT}\" x2=\"{x2:.1}\" y1=\"{yy:.1}\" y2=\"{yy:.1}\" stroke=\"{c}\" \
             stroke-width=\"1\"/><text x=\"{tx:.1}\" y=\"{ty:.1}\" font-size=\"11\" \
             text-anchor=\"end\" fill=\"#57606a\">{v}</text>",
            x2 = WIDTH - RIGHT,
            c = if *t == 0.0 { "#8c959f" } else { "#eaeef2" },
            tx = LEFT - 6.0,
            ty = yy + 4.0,
            v = escape(&short(*t)),
        );
    }
    let step = if horizon <= 12.0 {
        3.0
    } else if horizon <= 36.0 {
        6.0
    } else if horizon <= 120.0 {
        12.0
    } else {
        (horizon / 120.0).ceil() * 12.0
    };
    let mut m = 0.0;
    while m <= horizon + 1e-9 {
        let xx = x(m);
        let _ = write!(
            svg,
            "<line x1=\"{xx:.1}\" x2=\"{xx:.1}\" y1=\"{y1:.1}\" y2=\"{y2:.1}\" \
             stroke=\"#8c959f\"/><text x=\"{xx:.1}\" y=\"{ty:.1}\" font-size=\"11\" \
             text-anchor=\"middle\" fill=\"#57606a\">{m}</text>",
            y1 = TOP + plot_h,
            y2 = TOP + plot_h + 4.0,
            ty = TOP + plot_h + 16.0,
        );
        m += step;
    }
    let _ = write!(
        svg,
        "<text x=\"{xx:.1}\" y=\"{yy:.1}\" font-size=\"11\" text-anchor=\"end\" \
         fill=\"#57606a\">month</text><text x=\"12\" y=\"{my:.1}\" font-size=\"11\" \
         fill=\"#57606a\" transform=\"rotate(-90 12 {my:.1})\" \
         text-anchor=\"middle\">{unit}</text>",
        xx = WIDTH - RIGHT,
        yy = HEIGHT - 4.0,
        my = TOP + plot_h / 2.0,
        unit = escape(unit),
    );
    // The legend at the top right, after the title.
    let legend_width: f64 = series
        .iter()
        .map(|s| 30.0 + 7.0 * s.name.chars().count() as f64)
        .sum();
    let mut legend_x = WIDTH - RIGHT - legend_width;
    for s in series {
        let points: Vec<String> = s
            .points
            .iter()
            .filter(|p| p.1.is_finite())
            .map(|(m, v)| format!("{:.1},{:.1}", x(*m), y(*v)))
            .collect();
        if points.len() == 1 {
            let _ = write!(
                svg,
                "<circle cx=\"{}\" r=\"3\" fill=\"{c}\"/>",
                points[0].replace(',', "\" cy=\""),
                c = s.color
            );
        } else if !points.is_empty() {
            let _ = write!(
                svg,
                "<polyline fill=\"none\" stroke=\"{c}\" stroke-width=\"2\" \
                 stroke-linejoin=\"round\" points=\"{p}\"/>",
                c = s.color,
                p = points.join(" ")
            );
        }
        if series.len() > 1 {
            let _ = write!(
                svg,
                "<rect x=\"{legend_x:.1}\" y=\"7\" width=\"14\" height=\"4\" fill=\"{c}\"/>\
                 <text x=\"{tx:.1}\" y=\"14\" font-size=\"12\" fill=\"#1f2328\">{n}</text>",
                c = s.color,
                tx = legend_x + 18.0,
                n = escape(s.name),
            );
            legend_x += 30.0 + 7.0 * s.name.chars().count() as f64;
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(ticks(0.0, 10.0, 5), vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        let t = ticks(-35_000.0, 120_000.0, 5);
        assert!(
            t[0] <= -35_000.0 && *t.last().unwrap() >= 120_000.0,
            "{t:?}"
        );
        assert_eq!(short(120_000.0), "120k");
        assert_eq!(short(-1_500_000.0), "-1.5M");
        assert_eq!(short(0.0), "0");
    }

    #[test]
    fn a_chart_is_one_svg_with_its_lines_and_no_resource() {
        let svg = line_chart(
            "Cash",
            "USD",
            24,
            &[Series {
                name: "cash",
                color: "#0969da",
                points: vec![(1.0, 10.0), (2.0, -5.0), (3.0, 20.0)],
            }],
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("<polyline"));
        assert!(!svg.contains("href"));
    }
}
