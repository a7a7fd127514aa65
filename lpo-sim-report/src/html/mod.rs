//! The self-contained HTML reports: of a Monte Carlo study, and (`analysis.rs`) of a sweep
//! and a sensitivity analysis.
//!
//! One HTML5 file with inline CSS and inline SVG charts (drawn with plotters' SVG backend):
//! no scripts, fonts, images or style sheets are fetched from anywhere. Sections: context,
//! headline numbers, cash fan chart, survival curve, final-cash histogram (drawn from the
//! quantile sketch), break-even distribution, the odds across plausible worlds (`--ensemble`),
//! the careers that founded the firms (`--lifecycle`), summary tables.

mod analysis;
// Parts of these serve only the charts.
#[cfg_attr(not(feature = "charts"), allow(dead_code))]
mod axis;
mod calibration;
#[cfg_attr(not(feature = "charts"), allow(dead_code))]
mod chart_data;
mod compare;
#[cfg_attr(not(feature = "charts"), allow(dead_code))]
mod format;
mod market;
mod table;
mod tune;

// The charts, drawn with plotters; without the `charts` feature, stand-ins of the same
// names say where each chart was left out.
#[cfg(feature = "charts")]
mod break_even;
#[cfg(feature = "charts")]
mod chart;
#[cfg(feature = "charts")]
mod check_charts;
#[cfg(feature = "charts")]
mod fan;
#[cfg(feature = "charts")]
mod heatmap;
#[cfg(feature = "charts")]
mod histogram;
#[cfg(feature = "charts")]
mod line;
#[cfg(not(feature = "charts"))]
mod no_charts;
#[cfg(feature = "charts")]
mod paired;
#[cfg(feature = "charts")]
mod survival;
#[cfg(feature = "charts")]
mod tornado;
#[cfg(feature = "charts")]
mod tune_charts;
#[cfg(not(feature = "charts"))]
use no_charts::{
    break_even, check_charts, fan, heatmap, histogram, line, paired, survival, tornado, tune_charts,
};

#[cfg(test)]
mod tests;

pub use analysis::{render_sensitivity_html, render_sweep_html};
pub use calibration::render_check_html;
pub use compare::render_compare_html;
pub use format::escape_html;
pub use market::render_market_html;
pub use tune::render_tune_html;

use crate::RenderError;
pub use crate::view::careers::Careers;
use format::{fixed, money_with, percent, percent_range, shown_file};
use lpo_sim_core::mc::{McSummary, MetricStats};
use std::fmt::{self, Write};
use std::ops::Range;

/// What the report says about the study besides its statistics.
#[derive(Debug, Clone)]
pub struct ReportContext<'a> {
    /// Scenario origin, e.g. `<embedded default>` or a path.
    pub scenario: &'a str,
    /// Strategy name.
    pub strategy: &'a str,
    /// Master seed.
    pub seed: u64,
    /// Currency of every amount (a label).
    pub currency: &'a str,
    /// Replicate indices the summary covers.
    pub replicates: Range<u64>,
    /// The study was interrupted: the report shows a warning banner.
    pub partial: bool,
    /// Version of lpo-sim that made the report.
    pub crate_version: &'a str,
    /// The calibration file whose parameter sets the replicates ran with (`--ensemble`).
    pub ensemble: Option<&'a str>,
    /// The careers that founded the firms (`mc --lifecycle`).
    pub careers: Option<Careers<'a>>,
}

/// Heading of the headline numbers.
const SECTION_HEADLINE: &str = "Headline numbers";
/// Heading of the cash fan chart.
const SECTION_FAN: &str = "Cash over time";
/// Heading of the survival curve.
const SECTION_SURVIVAL: &str = "Survival";
/// Heading of the final-cash histogram.
const SECTION_HISTOGRAM: &str = "Distribution of final cash";
/// Heading of the break-even distribution.
const SECTION_BREAK_EVEN: &str = "Break-even";
/// Heading of the summary tables.
const SECTION_TABLE: &str = "Summary statistics";

/// Said where a statistic needs at least one replicate.
const NO_RUNS: &str = "No replicates finished, so there is nothing to show.";

/// The `id` of the warning banner of an interrupted study.
const PARTIAL_BANNER_ID: &str = "partial-warning";

/// The odds pooled and across the members of an ensemble, as a table.
fn worlds_section(
    summary: &McSummary,
    ensemble: &lpo_sim_core::mc::EnsembleSummary,
) -> Result<String, fmt::Error> {
    let mut html = String::new();
    write!(
        html,
        "<section id=\"worlds\">\n<h2>Across plausible worlds</h2>\n<div class=\"table-wrap\">\
         <table class=\"stats\">\n<thead><tr><th></th><th class=\"num\">Pooled</th>\
         <th class=\"num\">95 % interval</th><th class=\"num\">Members' median</th>\
         <th class=\"num\">Members P10 to P90 (with their luck)</th>\
         <th class=\"num\">SD between members (luck removed)</th>\
         </tr></thead>\n<tbody>\n"
    )?;
    for (name, pooled, spread) in [
        ("P(bankrupt)", &summary.bankruptcy, &ensemble.bankruptcy),
        ("P(closed)", &summary.closure, &ensemble.closure),
        ("P(open at the horizon)", &summary.open, &ensemble.open),
    ] {
        let (median, range, sd) = spread.as_ref().map_or(
            ("–".to_owned(), "–".to_owned(), "–".to_owned()),
            |s| {
                (
                    percent(s.median),
                    percent_range([s.p10, s.p90]),
                    percent(s.between_sd),
                )
            },
        );
        writeln!(
            html,
            "<tr><th>{name}</th><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{median}</td><td class=\"num\">{range}</td>\
             <td class=\"num\">{sd}</td></tr>",
            percent(pooled.estimate),
            percent_range(pooled.wilson95),
        )?;
    }
    write!(
        html,
        "</tbody>\n</table></div>\n<p class=\"note\">Each replicate ran with one of the {} \
         plausible parameter sets of the ensemble, drawn from the seed ({} ran at least 2 \
         replicates). Pooled: over every replicate, luck and the unknown parameters together. \
         Members: each member's own share over its replicates; the SD between members is their \
         spread less each member's binomial noise, the part the parameters cause.</p>\n\
         </section>\n",
        ensemble.members, ensemble.members_measured
    )?;
    Ok(html)
}

/// Renders the report of `summary` as one self-contained HTML5 document.
///
/// # Errors
/// [`RenderError::Chart`] when plotters fails to draw a chart (it does not for any summary
/// the engine produces, including empty and degenerate ones).
pub fn render_html(
    summary: &McSummary,
    context: &ReportContext<'_>,
) -> Result<String, RenderError> {
    let currency = context.currency;
    let horizon = summary.survival.len();
    let runs = summary.runs;

    let fan_svg = fan::render(&summary.fans.cash, currency)?;
    let survival_svg = survival::render(&summary.survival)?;
    let (histogram_svg, histogram_notes) =
        histogram::render(&summary.outcomes.final_cash, currency)?;
    let break_even_svg =
        break_even::render(&summary.break_even_by_month, summary.never_break_even, runs)?;

    let mut html = String::with_capacity(256 * 1024);
    let title = format!(
        "lpo-sim Monte Carlo report: {} strategy, {} runs",
        context.strategy,
        fixed(runs as f64, 0)
    );
    write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"lpo-sim {version}\">\n\
         <title>{title}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<main>\n",
        version = escape_html(context.crate_version),
        title = escape_html(&title),
    )?;

    // 1. Title, context, partial banner.
    write!(
        html,
        "<header>\n<h1>Monte Carlo study of an LPO firm</h1>\n<p class=\"context\">{}</p>\n</header>\n",
        context_line(summary, context)
    )?;
    if context.partial {
        writeln!(
            html,
            "<div class=\"banner\" id=\"{PARTIAL_BANNER_ID}\" role=\"alert\"><strong>Partial \
             results.</strong> The study was interrupted: these statistics cover only the {} \
             replicates that finished ({}), not the number planned. Intervals are wider than \
             planned; rerun the study to complete it.</div>",
            fixed(runs as f64, 0),
            escape_html(&replicate_range(&context.replicates)),
        )?;
    }

    // Firms that never sold: say so before any chart of zeros, naming the cause.
    if let Some(warning) = summary.sales.warning(runs) {
        writeln!(
            html,
            "<div class=\"banner\" id=\"no-revenue-warning\" role=\"alert\">\
             <strong>Warning:</strong> {}.</div>",
            escape_html(&warning),
        )?;
    }

    // 2. The verdict in words, then the headline numbers.
    if runs > 0 {
        let verdict = lpo_sim_core::mc::Verdict::of(summary, horizon as u32);
        html.push_str("<section id=\"verdict\">\n<h2>In words</h2>\n");
        for sentence in verdict.sentences() {
            writeln!(html, "<p>{}</p>", escape_html(sentence))?;
        }
        html.push_str("</section>\n");
    }
    html.push_str(&headline(summary, currency, horizon)?);

    // 3. Cash fan chart.
    let cash = &summary.outcomes.final_cash;
    figure(
        &mut html,
        "cash-fan",
        SECTION_FAN,
        &fan_svg,
        &format!(
            "Cash at the end of each month across {} firms, in {}. The shaded bands hold the \
             middle 90 %, 80 % and 50 % of firms (P5–P95, P10–P90, P25–P75), darker towards \
             the middle; the line is the median. A bankrupt firm keeps its final (negative) \
             cash in the months after it stopped; the dashed line marks zero. Quantiles are \
             within 2 % (relative) of the exact values.",
            fixed(runs as f64, 0),
            currency
        ),
    )?;

    // 4. Survival curve.
    let last_survival = summary.survival.last().copied().unwrap_or(f64::NAN);
    figure(
        &mut html,
        "survival",
        SECTION_SURVIVAL,
        &survival_svg,
        &if runs == 0 {
            NO_RUNS.to_owned()
        } else {
            format!(
                "Share of firms still running at the end of each month, from 100 % at \
                 founding. {} are still running after month {horizon}; P(bankruptcy) = {} \
                 (95 % Wilson interval {}).",
                percent(last_survival),
                percent(summary.bankruptcy.estimate),
                percent_range(summary.bankruptcy.wilson95),
            )
        },
    )?;

    // 5. Final cash histogram.
    let mut caption = String::from(
        "Drawn from the quantile sketch, not from raw values: the quantiles min, P1, P5, P10, \
         P25, P50, P75, P90, P95, P99 and max cut the firms into intervals holding 1, 4, 5, \
         15, 25, 25, 15, 5, 4 and 1 % of them. Each bar spans one interval, is labelled with \
         its share when wide enough, and its area equals that share, so its height is a \
         density (% of firms per unit of cash); firms are assumed spread evenly within a bar. \
         Neighbouring intervals narrower than 0.5 % of the range are merged, and a bar too \
         narrow to see is drawn wider with its height scaled to keep its area. Bars below \
         zero cash are orange-red, the others blue; the dashed line marks zero.",
    );
    if cash.n > 0 {
        write!(
            caption,
            " Median {}, mean {}.",
            money_with(cash.median(), currency),
            money_with(cash.mean, currency),
        )?;
    }
    for note in &histogram_notes {
        caption.push(' ');
        caption.push_str(note);
    }
    figure(
        &mut html,
        "final-cash",
        SECTION_HISTOGRAM,
        &histogram_svg,
        &caption,
    )?;

    // 6. Break-even distribution.
    figure(
        &mut html,
        "break-even",
        SECTION_BREAK_EVEN,
        &break_even_svg,
        &if runs == 0 {
            NO_RUNS.to_owned()
        } else {
            format!(
                "Month from which a firm's cumulative profit stayed at zero or more to the end \
                 of its run (a firm that fell back into cumulative loss broke even only when \
                 it recovered for good), as a \
                 share of all {} firms. P(break-even by month {horizon}) = {} (95 % Wilson \
                 interval {}). The grey bar on the right, on its own 0–100 % scale, shows the \
                 {} of firms that never broke even.",
                fixed(runs as f64, 0),
                percent(summary.break_even.estimate),
                percent_range(summary.break_even.wilson95),
                percent(summary.never_break_even as f64 / runs as f64),
            )
        },
    )?;

    // 6b. Across plausible worlds (a study over an ensemble only).
    if let Some(ensemble) = &summary.ensemble {
        html.push_str(&worlds_section(summary, ensemble)?);
    }

    // 6c. The careers that founded the firms (a lifecycle study only).
    if let Some(careers) = &context.careers {
        html.push_str(&careers_section(careers, currency)?);
    }

    // 7. Summary tables.
    write!(
        html,
        "<section id=\"summary-table\">\n<h2>{SECTION_TABLE}</h2>\n{}\
         <p class=\"note\">Money in {} (whole units); trust on a 0–1 scale; counts and months \
         as whole numbers, their means and spreads with two decimals. SD: sample standard \
         deviation; SE: standard error of the mean; the CI of the mean is mean ± 1.96 SE. \
         Quantiles are within 0.5 % (relative) of the exact sample quantiles; min and max \
         are exact. The break-even month counts only the firms that broke even.</p>\n\
         </section>\n",
        table::render(summary, currency)?,
        escape_html(currency),
    )?;

    write!(
        html,
        "<footer>Generated by lpo-sim {} · {}</footer>\n</main>\n</body>\n</html>\n",
        escape_html(context.crate_version),
        escape_html(&format!(
            "seed {}, replicates {}",
            context.seed,
            replicate_range(&context.replicates)
        )),
    )?;
    Ok(html)
}

/// The context line under the title (HTML).
fn context_line(summary: &McSummary, context: &ReportContext<'_>) -> String {
    // The scenario, then how its firms came about (lifecycle, ensemble), then the rest.
    let lifecycle = context.careers.map(|_| {
        "lifecycle: each firm founded by the career simulated under <code>[career.plan]</code>"
            .to_owned()
    });
    let ensemble = context.ensemble.map(|file| {
        format!(
            "across the plausible parameter sets of <code>{}</code>",
            escape_html(&shown_file(file))
        )
    });
    let items: Vec<String> = [
        Some(format!(
            "scenario <code>{}</code>",
            escape_html(&shown_file(context.scenario))
        )),
        lifecycle,
        ensemble,
        Some(format!(
            "strategy <strong>{}</strong>",
            escape_html(context.strategy)
        )),
        Some(format!("seed {}", context.seed)),
        Some(format!(
            "{} runs (replicates {})",
            fixed(summary.runs as f64, 0),
            escape_html(&replicate_range(&context.replicates))
        )),
        Some(format!("horizon {} months", summary.survival.len())),
        Some(format!("amounts in {}", escape_html(context.currency))),
        Some(format!("lpo-sim {}", escape_html(context.crate_version))),
    ]
    .into_iter()
    .flatten()
    .collect();
    items.join(" <span class=\"sep\">·</span> ")
}

/// The careers that founded the firms: how many founded, with a degree, and the founder
/// they produced (the text output's "career before founding" block).
fn careers_section(careers: &Careers<'_>, currency: &str) -> Result<String, fmt::Error> {
    let s = careers.summary;
    let mut html = String::from(
        "<section id=\"careers\">\n<h2>The careers that founded these firms</h2>\n\
         <div class=\"table-wrap\"><table class=\"stats proportions\">\n<thead><tr>\
         <th scope=\"col\">Measure</th><th scope=\"col\">Estimate</th>\
         <th scope=\"col\">95 % interval</th><th scope=\"col\">Careers</th></tr></thead>\n\
         <tbody>\n",
    );
    let founded = format!(
        "Founded within {} months",
        fixed(f64::from(careers.max_months), 0)
    );
    for (label, p) in [
        (founded.as_str(), &s.founded),
        ("With a law degree", &s.law_degree),
    ] {
        writeln!(
            html,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td>{} of {}</td></tr>",
            escape_html(label),
            percent(p.estimate),
            percent_range(p.wilson95),
            fixed(p.count as f64, 0),
            fixed(s.runs as f64, 0),
        )?;
    }
    html.push_str(
        "</tbody></table></div>\n<div class=\"table-wrap\"><table class=\"stats outcomes\">\n\
         <thead><tr><th scope=\"col\">At founding</th><th scope=\"col\">Unit</th>\
         <th class=\"num\" scope=\"col\">Mean</th><th class=\"num\" scope=\"col\">P10</th>\
         <th class=\"num\" scope=\"col\">Median</th><th class=\"num\" scope=\"col\">P90</th>\
         </tr></thead>\n<tbody>\n",
    );
    let months = if s.founded.count == s.runs {
        "Months to founding"
    } else {
        "Months (to founding or the limit)"
    };
    // (label, statistics, unit, decimals of the mean, decimals of the quantiles)
    let rows: [(&str, &MetricStats, &str, usize, usize); 6] = [
        (months, &s.months, "months", 1, 0),
        ("Savings", &s.savings, currency, 0, 0),
        ("Contacts", &s.network_contacts, "people", 1, 1),
        ("Legal knowledge", &s.legal_knowledge, "0–1", 2, 2),
        ("Law-office years", &s.law_office_years, "years", 1, 1),
        ("LPO years", &s.lpo_years, "years", 1, 1),
    ];
    for (label, m, unit, mean_dp, value_dp) in rows {
        // QUANTILES = P1, P5, P10, P25, P50, P75, P90, P95, P99.
        let value = |x: f64| {
            if m.n > 0 && x.is_finite() {
                fixed(x, value_dp)
            } else {
                format::MISSING.to_owned()
            }
        };
        writeln!(
            html,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape_html(label),
            escape_html(unit),
            if m.n > 0 {
                fixed(m.mean, mean_dp)
            } else {
                format::MISSING.to_owned()
            },
            value(m.quantiles[2]),
            value(m.quantiles[4]),
            value(m.quantiles[6]),
        )?;
    }
    write!(
        html,
        "</tbody></table></div>\n<p class=\"note\">Every replicate first simulated a career under \
         the scenario's <code>[career.plan]</code>, from its own seed; its firm started with the \
         founder that career produced (savings, contacts, knowledge, experience), not with the \
         scenario's <code>[founder]</code>. {} careers; quantiles within 0.5 % (relative).</p>\n\
         </section>\n",
        fixed(s.runs as f64, 0)
    )?;
    Ok(html)
}

/// `0–299` for `0..300`; `none` when empty.
fn replicate_range(r: &Range<u64>) -> String {
    if r.end > r.start {
        format!("{}–{}", r.start, r.end - 1)
    } else {
        "none".to_owned()
    }
}

/// The four headline cards.
fn headline(summary: &McSummary, currency: &str, horizon: usize) -> Result<String, fmt::Error> {
    let cash = &summary.outcomes.final_cash;
    let firms = |count: u64| {
        format!(
            "{} of {} firms",
            fixed(count as f64, 0),
            fixed(summary.runs as f64, 0)
        )
    };
    let no_runs = summary.runs == 0;
    let or_none = |text: String| if no_runs { NO_RUNS.to_owned() } else { text };
    let open_label = format!("Open at month {horizon}");
    let cards = [
        (
            "P(bankruptcy)",
            percent(summary.bankruptcy.estimate),
            or_none(format!(
                "95 % Wilson interval {}; {} bankrupt by month {horizon}",
                percent_range(summary.bankruptcy.wilson95),
                firms(summary.bankruptcy.count)
            )),
        ),
        (
            open_label.as_str(),
            percent(summary.open.estimate),
            or_none(format!(
                "95 % Wilson interval {}; {} closed by their founder (low income, or a sale \
                 or retirement)",
                percent_range(summary.open.wilson95),
                percent(summary.closure.estimate)
            )),
        ),
        (
            "P(break-even)",
            percent(summary.break_even.estimate),
            or_none(format!(
                "95 % Wilson interval {}; {} ended with cumulative profit ≥\u{a0}0",
                percent_range(summary.break_even.wilson95),
                firms(summary.break_even.count)
            )),
        ),
        (
            "Median final cash",
            money_with(cash.median(), currency),
            or_none(format!(
                "middle half of firms between {} and {}",
                money_with(cash.quantiles[3], currency),
                money_with(cash.quantiles[5], currency)
            )),
        ),
        (
            "CVaR 5 % of final cash",
            money_with(summary.final_cash_cvar5, currency),
            "mean final cash of the worst 5 % of firms (expected shortfall)".to_owned(),
        ),
    ];
    let mut html =
        format!("<section id=\"headline\">\n<h2>{SECTION_HEADLINE}</h2>\n<div class=\"cards\">\n");
    for (label, value, detail) in cards {
        writeln!(
            html,
            "<div class=\"card\"><div class=\"card-label\">{}</div>\
             <div class=\"card-value\">{}</div><div class=\"card-detail\">{}</div></div>",
            escape_html(label),
            escape_html(&value),
            escape_html(&detail)
        )?;
    }
    html.push_str("</div>\n</section>\n");
    Ok(html)
}

/// A section holding one chart and its caption.
fn figure(html: &mut String, id: &str, heading: &str, svg: &str, caption: &str) -> fmt::Result {
    write!(
        html,
        "<section id=\"{id}\">\n<h2>{}</h2>\n<figure>\n{svg}\n<figcaption>{}</figcaption>\n\
         </figure>\n</section>\n",
        escape_html(heading),
        escape_html(caption)
    )
}

/// The page's style sheet.
const CSS: &str = r#":root {
  --ink: #222; --muted: #5b5b5b; --line: #ddd; --panel: #f6f8fa; --accent: #0072b2;
  --warn-bg: #fff4e0; --warn-line: #e69f00;
}
* { box-sizing: border-box; }
body {
  margin: 0; color: var(--ink); background: #fff;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
main { max-width: 1100px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 1.75rem; margin: 0 0 .35rem; }
h2 { font-size: 1.3rem; margin: 2.2rem 0 .8rem; padding-bottom: .3rem; border-bottom: 1px solid var(--line); }
.context { color: var(--muted); margin: 0; }
.context code { font-size: .95em; background: var(--panel); padding: 0 .25em; border-radius: 3px; word-break: break-all; }
.sep { color: #aaa; padding: 0 .15em; }
.banner {
  margin: 1.2rem 0 0; padding: .8rem 1rem; background: var(--warn-bg);
  border: 1px solid var(--warn-line); border-left: 6px solid var(--warn-line); border-radius: 4px;
}
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(175px, 1fr)); gap: 12px; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: .8rem 1rem; }
.card-label { color: var(--muted); font-size: .9rem; }
.card-value { font-size: 1.5rem; font-weight: 600; font-variant-numeric: tabular-nums; margin: .1rem 0; }
.card-detail { color: var(--muted); font-size: .85rem; }
figure { margin: 0; }
figure svg { display: block; width: 100%; max-width: 900px; height: auto; margin: 0 auto; }
figcaption { color: var(--muted); font-size: .9rem; margin-top: .5rem; }
.table-wrap { overflow-x: auto; margin-bottom: 1rem; }
table.stats { border-collapse: collapse; font-size: .85rem; font-variant-numeric: tabular-nums; }
table.stats th, table.stats td { padding: .3rem .55rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
table.stats thead th { background: var(--panel); border-bottom: 2px solid #bbb; white-space: nowrap; }
table.stats .num { text-align: right; white-space: nowrap; }
table.stats tbody th { font-weight: 600; min-width: 11rem; }
table.stats tbody th code { display: block; font-weight: normal; color: var(--muted); font-size: .8em; }
table.outcomes tbody tr:nth-child(even) { background: #fafafa; }
/* Tables keyed by a parameter path or a point number alone: the key at reading size. */
table.keys tbody th { min-width: 0; white-space: nowrap; }
table.keys tbody th code { display: inline; color: var(--ink); font-size: .95em; }
table.quantiles { font-size: .8rem; }
table.quantiles th, table.quantiles td { padding: .3rem .4rem; }
table.quantiles tbody th { min-width: 9rem; }
.note { color: var(--muted); font-size: .85rem; }
footer { margin-top: 2.5rem; color: var(--muted); font-size: .8rem; border-top: 1px solid var(--line); padding-top: .6rem; }
@media print {
  main { max-width: none; padding: 0; }
  section { break-inside: avoid; }
  .table-wrap { overflow: visible; }
}
"#;
