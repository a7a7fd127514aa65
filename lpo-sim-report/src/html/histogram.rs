//! The distribution of final cash, drawn from the quantile sketch (there are no raw values).
//!
//! The knots min, P1, P5, P10, P25, P50, P75, P90, P95, P99, max cut the values into ten
//! intervals, each holding a known share of firms (1, 4, 5, 15, 25, 25, 15, 5, 4, 1 %). Each
//! interval becomes a bar whose *area* is that share: height = share / width, a density.
//! Consecutive intervals narrower than [`MIN_WIDTH_SHARE`] of the full range (ties, point
//! masses) are merged with each other (never into a wide neighbour, which would smear a
//! concentration of firms), and a bar too narrow to see is drawn wider with its height
//! scaled down so its area stays its share. A spike far taller than every other bar is cut
//! at the top of the axis with its value written beside it.

use super::RenderError;
use super::chart::{
    Area, BLUE, DrawResult, FAN_MEDIAN, HEIGHT, INK, LEGEND_ROW_Y, LEGEND_TOP, LegendMark, MARGIN,
    VERMILLION, WIDTH, builder, include_zero_if_near, label_style, legend_row, mesh, no_data,
    padded, stroke, svg,
};
use super::format::{compact, fixed, money_with, trim_number};
use lpo_sim_core::mc::MetricStats;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const NAME: &str = "final cash histogram";

/// Cumulative share of firms at each knot: min, P1, P5, P10, P25, P50, P75, P90, P95, P99, max.
pub const LEVELS: [f64; 11] = [
    0.0, 0.01, 0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.99, 1.0,
];

/// Narrowest bar, as a share of the full range (min to max); narrower intervals are merged.
pub const MIN_WIDTH_SHARE: f64 = 0.005;

/// Narrowest bar as drawn, as a share of the plotted range (a single value is drawn this
/// wide, with its height scaled so its area is still its share).
const MIN_DRAWN_SHARE: f64 = 0.01;

/// A tail is cut off the plot when it reaches further than this share of the P1–P99 span
/// beyond P1 or P99.
const CLIP_TAIL: f64 = 0.5;

/// One bar: the values in `lo..hi` hold `share` of the firms.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bar {
    /// Lower edge.
    pub lo: f64,
    /// Upper edge.
    pub hi: f64,
    /// Share of firms (0..1).
    pub share: f64,
}

/// The bars of `stats`' quantile intervals, left to right, touching; their shares sum to 1.
/// Narrow neighbours are merged with each other; a group of them that stays narrow (a
/// concentration of firms) is still a bar of its own. Empty when there are no values (or a
/// non-finite knot); one zero-width bar when all values are equal.
pub fn quantile_bars(stats: &MetricStats) -> Vec<Bar> {
    let Some(knots) = knots(stats) else {
        return Vec::new();
    };
    let span = knots[10] - knots[0];
    if span <= 0.0 {
        return vec![Bar {
            lo: knots[0],
            hi: knots[0],
            share: 1.0,
        }];
    }
    let min_width = span * MIN_WIDTH_SHARE;
    let mut bars: Vec<Bar> = Vec::new();
    // Consecutive narrow intervals gathered until they are wide enough together.
    let mut open: Option<Bar> = None;
    for i in 0..10 {
        let piece = Bar {
            lo: knots[i],
            hi: knots[i + 1],
            share: LEVELS[i + 1] - LEVELS[i],
        };
        if piece.hi - piece.lo >= min_width {
            // A wide interval stays its own bar: merging a narrow group into it would
            // smear a concentration of firms over its whole width.
            bars.extend(open.take());
            bars.push(piece);
            continue;
        }
        let group = match open.take() {
            Some(g) => Bar {
                lo: g.lo,
                hi: piece.hi,
                share: g.share + piece.share,
            },
            None => piece,
        };
        if group.hi - group.lo >= min_width {
            bars.push(group);
        } else {
            open = Some(group);
        }
    }
    bars.extend(open);
    bars
}

/// min, P1, …, P99, max made non-decreasing; `None` when empty or not finite.
fn knots(stats: &MetricStats) -> Option<[f64; 11]> {
    if stats.n == 0 {
        return None;
    }
    let mut k = [0.0; 11];
    k[0] = stats.min;
    k[1..10].copy_from_slice(&stats.quantiles);
    k[10] = stats.max;
    if k.iter().any(|v| !v.is_finite()) {
        return None;
    }
    for i in 1..k.len() {
        k[i] = k[i].max(k[i - 1]);
    }
    Some(k)
}

/// What the plot shows of the values: its x range and the tails it leaves out.
#[derive(Debug, Clone, PartialEq)]
struct View {
    lo: f64,
    hi: f64,
    /// The minimum, when the lowest 1 % reach beyond the left edge.
    clipped_min: Option<f64>,
    /// The maximum, when the highest 1 % reach beyond the right edge.
    clipped_max: Option<f64>,
}

fn view(knots: &[f64; 11]) -> View {
    let (min, p1, p99, max) = (knots[0], knots[1], knots[9], knots[10]);
    let body = p99 - p1;
    let mut lo = min;
    let mut hi = max;
    let mut clipped_min = None;
    let mut clipped_max = None;
    if body > 0.0 {
        if p1 - min > CLIP_TAIL * body {
            lo = p1 - 0.08 * body;
            clipped_min = Some(min);
        }
        if max - p99 > CLIP_TAIL * body {
            hi = p99 + 0.08 * body;
            clipped_max = Some(max);
        }
    }
    let (lo, hi) = include_zero_if_near(lo, hi, 0.25);
    let (lo, hi) = padded(lo, hi, 0.03);
    View {
        lo,
        hi,
        clipped_min,
        clipped_max,
    }
}

/// A power of ten near a twentieth of `span`: the y axis says "% of firms per `unit`".
fn density_unit(span: f64) -> f64 {
    let exponent = (span / 20.0).log10().floor();
    if exponent.is_finite() {
        10f64.powf(exponent.clamp(-6.0, 15.0))
    } else {
        1.0
    }
}

/// A bar as drawn: x edges within the plotted range, height in % of firms per unit.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Drawn {
    lo: f64,
    hi: f64,
    height: f64,
    share: f64,
}

/// `bars` as drawn within `view`, heights in % of firms per `unit`. A bar narrower than
/// [`MIN_DRAWN_SHARE`] of the view is widened around its centre (height scaled to keep its
/// area); parts outside the view are cut off.
fn drawn_bars(bars: &[Bar], view: &View, unit: f64) -> Vec<Drawn> {
    let min_drawn = (view.hi - view.lo) * MIN_DRAWN_SHARE;
    let mut out = Vec::new();
    for bar in bars {
        let (mut lo, mut hi) = (bar.lo, bar.hi);
        if hi - lo < min_drawn {
            let mid = (lo + hi) / 2.0;
            lo = mid - min_drawn / 2.0;
            hi = mid + min_drawn / 2.0;
        }
        let height = bar.share * 100.0 / ((hi - lo) / unit);
        let (lo, hi) = (lo.max(view.lo), hi.min(view.hi));
        if hi > lo && height.is_finite() {
            out.push(Drawn {
                lo,
                hi,
                height,
                share: bar.share,
            });
        }
    }
    out
}

/// A bar taller than this many times the next tallest is cut at the top of the axis (with a
/// break mark and its value written), so the others stay readable.
const OFF_SCALE: f64 = 3.0;

/// Where bars are cut (infinite when none is) and the top of the y axis.
fn y_scale(drawn: &[Drawn]) -> (f64, f64) {
    let mut heights: Vec<f64> = drawn.iter().map(|d| d.height).collect();
    heights.sort_by(|a, b| b.total_cmp(a));
    match heights.as_slice() {
        [first, second, ..] if *second > 0.0 && *first > OFF_SCALE * second => {
            let cap = second * 1.45;
            (cap, cap * 1.1)
        }
        [first, ..] if *first > 0.0 => (f64::INFINITY, first * 1.15),
        _ => (f64::INFINITY, 1.0),
    }
}

/// A rectangle to draw: x edges, height, and whether it is below zero.
type Piece = (f64, f64, f64, bool);

/// The rectangles of `drawn`, cut at `cap`; bars that cross zero are split in two (same
/// height) so each side takes its colour.
fn pieces(drawn: &[Drawn], cap: f64) -> Vec<Piece> {
    let mut out = Vec::new();
    for d in drawn {
        let h = d.height.min(cap);
        if d.lo < 0.0 && d.hi > 0.0 {
            out.push((d.lo, 0.0, h, true));
            out.push((0.0, d.hi, h, false));
        } else {
            out.push((d.lo, d.hi, h, d.hi <= 0.0 && d.lo < 0.0));
        }
    }
    out
}

/// Approximate width of the plotting area in pixels (chart width less label area and
/// margins): decides which bars are wide enough to carry their share as text.
const PLOT_PIXELS: f64 = (WIDTH - 84 - MARGIN - 28) as f64;

/// `25 %`: a bar's share of firms.
fn share_text(share: f64) -> String {
    format!("{}\u{a0}%", trim_number(share * 100.0, 1))
}

/// The histogram of final cash and the sentences its caption needs about what is cut off.
pub fn render(stats: &MetricStats, currency: &str) -> Result<(String, Vec<String>), RenderError> {
    let Some(knots) = knots(stats) else {
        return Ok((
            no_data(
                NAME,
                "No final cash values to chart (no replicates finished).",
            )?,
            Vec::new(),
        ));
    };
    let bars = quantile_bars(stats);
    let view = view(&knots);
    let span = view.hi - view.lo;
    let unit = density_unit(span);
    let drawn = drawn_bars(&bars, &view, unit);
    let (cap, y1) = y_scale(&drawn);
    let pieces = pieces(&drawn, cap);
    let median = stats.median();
    let unit_text = if unit >= 1.0 {
        fixed(unit, 0)
    } else {
        trim_number(unit, 6)
    };
    let mut notes = Vec::new();
    if let Some(min) = view.clipped_min {
        notes.push(format!(
            "The lowest 1 % of firms reach down to {} (left of the plotted range).",
            money_with(min, currency)
        ));
    }
    if let Some(max) = view.clipped_max {
        notes.push(format!(
            "The highest 1 % of firms reach up to {} (right of the plotted range).",
            money_with(max, currency)
        ));
    }
    if cap.is_finite() {
        notes.push(format!(
            "The tallest bar is cut at the top of the axis (marked by a break); its height is \
             written beside it, in % of firms per {unit_text} {currency}."
        ));
    }
    let zero_visible = view.lo < 0.0 && view.hi > 0.0;
    if !zero_visible {
        notes.push(format!(
            "Zero cash lies {} the plotted range.",
            if view.lo >= 0.0 {
                "left of"
            } else {
                "right of"
            }
        ));
    }
    let y_desc = format!("% of firms per {unit_text} {currency}");
    let x_desc = format!("Final cash ({currency})");
    let aria = format!(
        "Histogram of final cash in {currency}, built from its quantiles; median {}",
        money_with(median, currency)
    );
    let chart_svg = svg(
        NAME,
        &aria,
        (WIDTH, HEIGHT),
        |root: &Area<'_>| -> DrawResult {
            let mut chart = builder(root, 28, 84)
                .margin_top(LEGEND_TOP)
                .build_cartesian_2d(view.lo..view.hi, 0.0..y1)?;
            mesh(&mut chart)
                .x_desc(x_desc.as_str())
                .y_desc(y_desc.as_str())
                .x_label_formatter(&|x| compact(*x))
                .y_label_formatter(&|y| trim_number(*y, 3))
                .x_labels(10)
                .y_labels(7)
                .draw()?;
            let mut legend: Vec<(&str, LegendMark)> = Vec::new();
            for (negative, colour, label) in [
                (true, VERMILLION, "Final cash below zero"),
                (false, BLUE, "Final cash zero or more"),
            ] {
                let mine: Vec<&Piece> = pieces.iter().filter(|p| p.3 == negative).collect();
                if mine.is_empty() {
                    continue;
                }
                chart.draw_series(mine.iter().map(|(lo, hi, h, _)| {
                    Rectangle::new([(*lo, 0.0), (*hi, *h)], colour.mix(0.85).filled())
                }))?;
                legend.push((label, LegendMark::Swatch(colour.mix(0.85))));
                // White edges keep neighbouring bars apart.
                chart.draw_series(mine.iter().map(|(lo, hi, h, _)| {
                    Rectangle::new([(*lo, 0.0), (*hi, *h)], stroke(WHITE, 1))
                }))?;
            }
            for d in &drawn {
                let centre = (d.lo + d.hi) / 2.0;
                if d.height > cap {
                    // A break across the cut bar, and its true height beside it.
                    chart.draw_series(std::iter::once(Rectangle::new(
                        [(d.lo, cap * 0.86), (d.hi, cap * 0.90)],
                        WHITE.filled(),
                    )))?;
                    let right_side = centre < view.lo + 0.7 * span;
                    let (x, h_pos) = if right_side {
                        (d.hi + span * 0.008, HPos::Left)
                    } else {
                        (d.lo - span * 0.008, HPos::Right)
                    };
                    chart.draw_series(std::iter::once(Text::new(
                        format!(
                            "{} of firms; height {} (off scale)",
                            share_text(d.share),
                            trim_number(d.height, 1)
                        ),
                        (x, cap * 0.95),
                        label_style().pos(Pos::new(h_pos, VPos::Center)),
                    )))?;
                } else if drawn.len() == 1 || (d.hi - d.lo) / span * PLOT_PIXELS >= 34.0 {
                    chart.draw_series(std::iter::once(Text::new(
                        share_text(d.share),
                        (centre, d.height + y1 * 0.01),
                        label_style().pos(Pos::new(HPos::Center, VPos::Bottom)),
                    )))?;
                }
            }
            if median.is_finite() && median > view.lo && median < view.hi {
                chart.draw_series(LineSeries::new(
                    [(median, 0.0), (median, y1)],
                    stroke(FAN_MEDIAN, 2),
                ))?;
                legend.push((
                    "Median",
                    LegendMark::Line {
                        color: FAN_MEDIAN,
                        dot: false,
                    },
                ));
            }
            if zero_visible {
                chart.draw_series(DashedLineSeries::new(
                    [(0.0, 0.0), (0.0, y1)],
                    7,
                    4,
                    stroke(INK, 2),
                ))?;
                legend.push(("Zero cash", LegendMark::Dashed(INK)));
            }
            // Above the plot, where it covers no bar.
            legend_row(root, MARGIN as i32, LEGEND_ROW_Y, &legend)?;
            Ok(())
        },
    )?;
    Ok((chart_svg, notes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(min: f64, quantiles: [f64; 9], max: f64) -> MetricStats {
        MetricStats {
            n: 1000,
            mean: quantiles[4],
            sd: 1.0,
            se: 0.1,
            ci95: [0.0, 0.0],
            quantiles,
            min,
            max,
        }
    }

    #[test]
    fn bar_areas_are_the_quantile_shares() {
        let s = stats(
            -100.0,
            [-50.0, -20.0, 0.0, 20.0, 50.0, 80.0, 120.0, 150.0, 190.0],
            200.0,
        );
        let bars = quantile_bars(&s);
        assert_eq!(bars.len(), 10);
        let total: f64 = bars.iter().map(|b| b.share).sum();
        assert!((total - 1.0).abs() < 1e-12);
        assert_eq!(
            bars[4],
            Bar {
                lo: 20.0,
                hi: 50.0,
                share: 0.25
            }
        );
        for pair in bars.windows(2) {
            assert_eq!(pair[0].hi, pair[1].lo);
        }
        // Heights are densities: share / width, in % per unit.
        let view = view(&knots(&s).unwrap());
        let drawn = drawn_bars(&bars, &view, 10.0);
        let area: f64 = drawn.iter().map(|d| (d.hi - d.lo) / 10.0 * d.height).sum();
        assert!((area - 100.0).abs() < 1e-9, "{area}");
        let (cap, _) = y_scale(&drawn);
        assert!(cap.is_infinite());
        let pieces = pieces(&drawn, cap);
        assert!(pieces.iter().any(|p| p.3) && pieces.iter().any(|p| !p.3));
        let split_area: f64 = pieces
            .iter()
            .map(|(lo, hi, h, _)| (hi - lo) / 10.0 * h)
            .sum();
        assert!((split_area - 100.0).abs() < 1e-9);
    }

    #[test]
    fn ties_are_merged_and_shares_kept() {
        // n = 2: every quantile is the minimum; the tie stays a (narrow) bar of its own.
        let s = stats(5.0, [5.0; 9], 9.0);
        let bars = quantile_bars(&s);
        assert_eq!(bars.len(), 2);
        assert_eq!((bars[0].lo, bars[0].hi), (5.0, 5.0));
        assert!((bars[0].share - 0.99).abs() < 1e-12);
        assert_eq!((bars[1].lo, bars[1].hi), (5.0, 9.0));
        assert!((bars[1].share - 0.01).abs() < 1e-12);
        // Most firms at about zero, a few spread far: the spike is not smeared.
        let s = stats(
            -10.0,
            [
                -5.0, -2.0, -1.0, 0.0, 1.0, 2.0, 50_000.0, 100_000.0, 200_000.0,
            ],
            400_000.0,
        );
        let bars = quantile_bars(&s);
        assert_eq!((bars[0].lo, bars[0].hi), (-10.0, 2.0));
        assert!((bars[0].share - 0.75).abs() < 1e-12);
        assert_eq!(bars.len(), 5);
        let total: f64 = bars.iter().map(|b| b.share).sum();
        assert!((total - 1.0).abs() < 1e-12);
        // All equal: one point.
        let s = stats(3.0, [3.0; 9], 3.0);
        assert_eq!(
            quantile_bars(&s),
            [Bar {
                lo: 3.0,
                hi: 3.0,
                share: 1.0
            }]
        );
        let view = view(&knots(&s).unwrap());
        let drawn = drawn_bars(&quantile_bars(&s), &view, 1.0);
        assert_eq!(drawn.len(), 1);
        assert!(drawn[0].hi > drawn[0].lo && drawn[0].height.is_finite());
        // Empty or NaN: nothing.
        let mut empty = stats(f64::INFINITY, [f64::NAN; 9], f64::NEG_INFINITY);
        empty.n = 0;
        assert!(quantile_bars(&empty).is_empty());
    }

    #[test]
    fn far_tails_are_clipped() {
        let s = stats(
            -1e6,
            [0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 100.0],
            1e6,
        );
        let v = view(&knots(&s).unwrap());
        assert_eq!(v.clipped_min, Some(-1e6));
        assert_eq!(v.clipped_max, Some(1e6));
        assert!(v.lo > -20.0 && v.hi < 120.0, "{v:?}");
        assert_eq!(density_unit(200_000.0), 10_000.0);
        assert_eq!(density_unit(0.0), 1.0);
    }

    #[test]
    fn a_spike_is_cut_but_ordinary_bars_are_not() {
        let bar = |lo: f64, height: f64| Drawn {
            lo,
            hi: lo + 1.0,
            height,
            share: 0.1,
        };
        let (cap, top) = y_scale(&[bar(0.0, 50.0), bar(1.0, 5.0), bar(2.0, 4.0)]);
        assert!((cap - 7.25).abs() < 1e-12 && top > cap);
        assert_eq!(pieces(&[bar(0.0, 50.0)], cap)[0].2, cap);
        let (cap, top) = y_scale(&[bar(0.0, 10.0), bar(1.0, 5.0)]);
        assert!(cap.is_infinite() && (top - 11.5).abs() < 1e-12);
        assert_eq!(y_scale(&[]), (f64::INFINITY, 1.0));
    }
}
