//! What every chart shares: size, fonts, colours (Okabe–Ito and a one-hue ramp, both safe
//! for colour-blind readers), range and tick helpers, and turning a drawing into SVG text.

use super::RenderError;
use plotters::chart::MeshStyle;
use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged, ValueFormatter};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::ops::Range;

/// Width of every chart, in SVG user units (pixels at 100 %).
pub const WIDTH: u32 = 900;
/// Height of every chart.
pub const HEIGHT: u32 = 420;
/// Height of the placeholder shown instead of a chart that has no data.
pub const EMPTY_HEIGHT: u32 = 140;
/// Font family of all chart text (the viewer's default sans-serif; nothing is downloaded).
pub const FONT: &str = "sans-serif";
/// Tick label size.
pub const LABEL_SIZE: u32 = 15;
/// Axis description size.
pub const DESC_SIZE: u32 = 16;
/// Outer margin around the plotting area.
pub const MARGIN: u32 = 18;

/// Okabe–Ito blue.
pub const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
/// Okabe–Ito vermillion.
pub const VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
/// Okabe–Ito bluish green.
pub const GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
/// Neutral grey (for "never" and secondary marks).
pub const GREY: RGBColor = RGBColor(0x8C, 0x8C, 0x8C);
/// Grid lines.
pub const GRID: RGBColor = RGBColor(0xE4, 0xE4, 0xE4);
/// Axis lines and text.
pub const INK: RGBColor = RGBColor(0x33, 0x33, 0x33);
/// Fan bands from outer (lightest) to inner (darkest): ColorBrewer "Blues".
pub const FAN_BANDS: [RGBColor; 3] = [
    RGBColor(0xD4, 0xE6, 0xF4),
    RGBColor(0x9E, 0xCA, 0xE1),
    RGBColor(0x4A, 0x98, 0xC9),
];
/// The fan's median line.
pub const FAN_MEDIAN: RGBColor = RGBColor(0x08, 0x30, 0x6B);

/// Viridis at nine evenly spaced points (matplotlib's), from dark purple to yellow:
/// perceptually uniform and readable by colour-blind readers and in grey.
const VIRIDIS: [RGBColor; 9] = [
    RGBColor(0x44, 0x01, 0x54),
    RGBColor(0x48, 0x28, 0x78),
    RGBColor(0x3E, 0x49, 0x89),
    RGBColor(0x31, 0x68, 0x8E),
    RGBColor(0x26, 0x82, 0x8E),
    RGBColor(0x1F, 0x9E, 0x89),
    RGBColor(0x35, 0xB7, 0x79),
    RGBColor(0x6E, 0xCE, 0x58),
    RGBColor(0xFD, 0xE7, 0x25),
];

/// The viridis colour at `t` in 0..1 (clamped; NaN gives the middle).
pub(crate) fn viridis(t: f64) -> RGBColor {
    let t = if t.is_nan() { 0.5 } else { t.clamp(0.0, 1.0) };
    let x = t * (VIRIDIS.len() - 1) as f64;
    let i = (x.floor() as usize).min(VIRIDIS.len() - 2);
    let f = x - i as f64;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    let mix = |p: u8, q: u8| (f64::from(p) + f * (f64::from(q) - f64::from(p))).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Text that stays readable on a viridis colour at `t`: white on the dark end, ink on the
/// light end.
pub(crate) fn ink_on_viridis(t: f64) -> RGBColor {
    if t < 0.6 { WHITE } else { INK }
}

/// What drawing returns: plotters' error for the SVG backend.
pub type DrawResult = Result<(), DrawingAreaErrorKind<std::io::Error>>;

/// The drawing area a chart draws on.
pub type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// Tick label style.
pub fn label_style() -> TextStyle<'static> {
    TextStyle::from((FONT, LABEL_SIZE)).color(&INK)
}

/// Axis description style.
pub fn desc_style() -> TextStyle<'static> {
    TextStyle::from((FONT, DESC_SIZE)).color(&INK)
}

/// A line style of `width` pixels.
pub fn stroke(color: RGBColor, width: u32) -> ShapeStyle {
    ShapeStyle {
        color: color.to_rgba(),
        filled: false,
        stroke_width: width,
    }
}

/// The mark drawn before a legend entry's text.
pub enum LegendMark {
    /// A filled box (a range, a bar).
    Swatch(RGBAColor),
    /// A short line, with a dot on it when `dot` (a series with points).
    Line { color: RGBColor, dot: bool },
    /// A vertical tick (a reference value).
    Tick(RGBColor),
    /// A vertical dashed line (a reference line across the plot).
    Dashed(RGBColor),
}

/// Top margin of a chart with a [`legend_row`] above its plot, and the row's centre line.
pub const LEGEND_TOP: u32 = 40;
pub const LEGEND_ROW_Y: i32 = 20;

/// Draws a legend in one row above a chart: entries left to right from `x`, centred on the
/// line `y`, each a mark and its text.
pub fn legend_row(area: &Area<'_>, mut x: i32, y: i32, items: &[(&str, LegendMark)]) -> DrawResult {
    for (text, mark) in items {
        match *mark {
            LegendMark::Swatch(fill) => area.draw(&Rectangle::new(
                [(x, y - 8), (x + 18, y + 8)],
                fill.filled(),
            ))?,
            LegendMark::Line { color, dot } => {
                area.draw(&PathElement::new([(x, y), (x + 18, y)], stroke(color, 3)))?;
                if dot {
                    area.draw(&Circle::new((x + 9, y), 5, color.filled()))?;
                }
            }
            LegendMark::Tick(color) => area.draw(&PathElement::new(
                [(x + 9, y - 10), (x + 9, y + 10)],
                stroke(color, 2),
            ))?,
            LegendMark::Dashed(color) => {
                for (from, to) in [(-10, -4), (-1, 3), (6, 10)] {
                    area.draw(&PathElement::new(
                        [(x + 9, y + from), (x + 9, y + to)],
                        stroke(color, 2),
                    ))?;
                }
            }
        }
        area.draw(&Text::new(
            (*text).to_owned(),
            (x + 24, y),
            label_style().pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
        x += 24 + text.chars().count() as i32 * 8 + 22;
    }
    Ok(())
}

/// Height of the x axis's label area (tick labels and description) of every chart.
const X_LABEL_AREA: u32 = 52;

/// The builder of a chart's plotting area on `area`: the outer margin, `margin_right` on the
/// right instead, and room for the axis labels (`y_label_width` wide on the left).
pub fn builder<'a, 'b>(
    area: &'a Area<'b>,
    margin_right: u32,
    y_label_width: u32,
) -> ChartBuilder<'a, 'b, SVGBackend<'b>> {
    let mut builder = ChartBuilder::on(area);
    builder
        .margin(MARGIN)
        .margin_right(margin_right)
        .x_label_area_size(X_LABEL_AREA)
        .y_label_area_size(y_label_width);
    builder
}

/// The mesh every chart starts from: bold grid lines only, ink axes and the chart fonts.
/// Callers add the axis descriptions and label formatters, then draw it.
pub fn mesh<'a, 'b, 'c, X, Y>(
    chart: &'c mut ChartContext<'a, SVGBackend<'b>, Cartesian2d<X, Y>>,
) -> MeshStyle<'a, 'c, X, Y, SVGBackend<'b>>
where
    X: Ranged + ValueFormatter<X::ValueType>,
    Y: Ranged + ValueFormatter<Y::ValueType>,
{
    let mut mesh = chart.configure_mesh();
    mesh.bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(INK)
        .label_style(label_style())
        .axis_desc_style(desc_style());
    mesh
}

/// Draws a chart of `size` into SVG text, labelled `aria_label` for screen readers.
///
/// # Errors
/// Whatever plotters reports, as [`RenderError::Chart`] naming `chart`.
pub fn svg(
    chart: &'static str,
    aria_label: &str,
    size: (u32, u32),
    draw: impl FnOnce(&Area<'_>) -> DrawResult,
) -> Result<String, RenderError> {
    let fail = |e: DrawingAreaErrorKind<std::io::Error>| RenderError::Chart {
        chart,
        message: e.to_string(),
    };
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, size).into_drawing_area();
        root.fill(&WHITE).map_err(fail)?;
        draw(&root).map_err(fail)?;
        root.present().map_err(fail)?;
    }
    let label = super::format::escape_html(aria_label);
    Ok(text.replacen(
        "<svg ",
        &format!("<svg role=\"img\" aria-label=\"{label}\" "),
        1,
    ))
}

/// A short placeholder chart saying why there is nothing to draw.
pub fn no_data(chart: &'static str, message: &str) -> Result<String, RenderError> {
    svg(chart, message, (WIDTH, EMPTY_HEIGHT), |root| {
        root.draw(&Text::new(
            message.to_owned(),
            (WIDTH as i32 / 2, EMPTY_HEIGHT as i32 / 2),
            TextStyle::from((FONT, 20))
                .color(&GREY)
                .pos(Pos::new(HPos::Center, VPos::Center)),
        ))
    })
}

/// A linear f64 axis with tick marks (and grid lines) exactly at given positions.
///
/// plotters' `with_key_points` on an f64 range loses the label formatter support of
/// `configure_mesh`, so this small coordinate does the same with default formatting (every
/// chart sets its own label formatter anyway).
pub struct Ticks {
    inner: RangedCoordf64,
    ticks: Vec<f64>,
}

impl Ticks {
    /// The axis `range` with ticks at `ticks` (those outside the range are dropped).
    pub fn new(range: Range<f64>, ticks: Vec<f64>) -> Self {
        let ticks = ticks
            .into_iter()
            .filter(|t| *t >= range.start && *t <= range.end)
            .collect();
        Ticks {
            inner: range.into(),
            ticks,
        }
    }
}

impl Ranged for Ticks {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.inner.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        // Only bold lines: light (minor) grid lines get no points.
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.inner.range()
    }
}

/// Smallest and largest finite value, or `None` when there is none.
pub fn finite_bounds(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}

/// `(lo, hi)` widened to include 0 when 0 is no further outside than `reach` of the span.
pub fn include_zero_if_near(lo: f64, hi: f64, reach: f64) -> (f64, f64) {
    let span = (hi - lo).max(0.0);
    if lo > 0.0 && lo <= reach * span {
        (0.0, hi)
    } else if hi < 0.0 && -hi <= reach * span {
        (lo, 0.0)
    } else {
        (lo, hi)
    }
}

/// A finite range with `lo < hi`, padded by `pad` of its span on each side. A single value
/// gets a range around it.
pub fn padded(lo: f64, hi: f64, pad: f64) -> (f64, f64) {
    let (lo, hi) = if lo.is_finite() && hi.is_finite() && lo <= hi {
        (lo, hi)
    } else {
        (0.0, 1.0)
    };
    let span = hi - lo;
    if span <= f64::EPSILON * lo.abs().max(hi.abs()).max(1.0) * 16.0 {
        let half = (lo.abs() * 0.1).max(1.0);
        return (lo - half, hi + half);
    }
    (lo - pad * span, hi + pad * span)
}

/// Month tick positions in `first..=last`: multiples of a step (1, 2, 3, 6, 12, 24, …
/// months) chosen so there are at most 13 ticks.
pub fn month_ticks(first: u32, last: u32) -> Vec<f64> {
    const STEPS: [u32; 12] = [1, 2, 3, 6, 12, 24, 36, 60, 120, 240, 600, 1200];
    let last = last.max(first);
    let step = STEPS
        .into_iter()
        .find(|s| (last - first) / s < 13)
        .unwrap_or(last.max(1));
    (first..=last)
        .filter(|m| m % step == 0)
        .map(f64::from)
        .collect()
}

/// Label of an integer tick (months); empty between integers.
pub fn month_label(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{x:.0}")
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_ticks_are_readable() {
        assert_eq!(month_ticks(1, 1), vec![1.0]);
        assert_eq!(month_ticks(0, 1), vec![0.0, 1.0]);
        assert_eq!(month_ticks(1, 6), vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        let t = month_ticks(1, 60);
        assert_eq!(
            t,
            vec![6.0, 12.0, 18.0, 24.0, 30.0, 36.0, 42.0, 48.0, 54.0, 60.0]
        );
        assert_eq!(month_ticks(0, 60)[0], 0.0);
        assert!(month_ticks(1, 1200).len() <= 13);
    }

    #[test]
    fn viridis_runs_from_purple_to_yellow() {
        assert_eq!(viridis(0.0), RGBColor(0x44, 0x01, 0x54));
        assert_eq!(viridis(1.0), RGBColor(0xFD, 0xE7, 0x25));
        assert_eq!(viridis(0.5), RGBColor(0x26, 0x82, 0x8E));
        assert_eq!(viridis(2.0), viridis(1.0));
        assert_eq!(viridis(f64::NAN), viridis(0.5));
    }

    #[test]
    fn ranges_are_never_empty() {
        assert_eq!(padded(5.0, 5.0, 0.05), (4.0, 6.0));
        assert_eq!(padded(f64::NAN, 1.0, 0.0), (0.0, 1.0));
        let (lo, hi) = padded(0.0, 100.0, 0.05);
        assert!((lo + 5.0).abs() < 1e-12 && (hi - 105.0).abs() < 1e-12);
        assert_eq!(include_zero_if_near(10.0, 100.0, 0.25), (0.0, 100.0));
        assert_eq!(include_zero_if_near(50.0, 100.0, 0.25), (50.0, 100.0));
        assert_eq!(finite_bounds([f64::NAN, 3.0, -1.0]), Some((-1.0, 3.0)));
        assert_eq!(finite_bounds([f64::NAN]), None);
    }
}
