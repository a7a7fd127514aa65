//! The summary tables: the probabilities with their intervals, then every outcome's
//! statistics, each formatted in its own unit.

use super::format::{MISSING, escape_html, fixed, money_with, percent, percent_range};
use lpo_sim_core::mc::{McSummary, Measure, MetricStats, Outcome, Proportion};
use std::fmt::Write;

/// How an outcome's numbers are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Money: whole units with thousands separators.
    Money,
    /// Client trust (0..1): two decimals.
    Trust,
    /// Counts and months: whole numbers (mean and spread with two decimals).
    Count,
}

impl Kind {
    /// Decimals of values (quantiles, min, max) and of the mean, SD and CI.
    fn decimals(self) -> (usize, usize) {
        match self {
            Kind::Money => (0, 0),
            Kind::Trust => (2, 2),
            Kind::Count => (0, 2),
        }
    }

    /// Decimals of the standard error (one more for trust, whose SE is small).
    fn se_decimals(self) -> usize {
        match self {
            Kind::Trust => 3,
            other => other.decimals().1,
        }
    }
}

/// Label, unit and kind of `outcome`, from what the core says it measures.
fn describe(outcome: Outcome, currency: &str) -> (&'static str, String, Kind) {
    let (unit, kind) = match outcome.measure() {
        Measure::Money => (currency.to_owned(), Kind::Money),
        Measure::Count(things) => (things.to_owned(), Kind::Count),
        Measure::Level => ("0–1".to_owned(), Kind::Trust),
    };
    (outcome.label(), unit, kind)
}

/// Column headings of the moments table (after outcome and unit).
const MOMENT_COLUMNS: [&str; 5] = ["n", "Mean", "SD", "SE", "95 % CI of mean"];

/// Column headings of the quantiles table (after outcome and unit).
const QUANTILE_COLUMNS: [&str; 11] = [
    "P1", "P5", "P10", "P25", "P50", "P75", "P90", "P95", "P99", "Min", "Max",
];

/// Both tables as HTML.
pub fn render(summary: &McSummary, currency: &str) -> Result<String, std::fmt::Error> {
    let mut html = String::new();
    let horizon = summary.survival.len();
    html.push_str(
        "<div class=\"table-wrap\"><table class=\"stats proportions\">\n\
         <thead><tr><th scope=\"col\">Measure</th><th scope=\"col\">Estimate</th>\
         <th scope=\"col\">95 % interval</th><th scope=\"col\">Firms</th></tr></thead>\n<tbody>\n",
    );
    proportion_row(
        &mut html,
        &format!("P(bankruptcy by month {horizon})"),
        &summary.bankruptcy,
    )?;
    proportion_row(
        &mut html,
        &format!("P(break-even by month {horizon})"),
        &summary.break_even,
    )?;
    let runs = summary.runs;
    writeln!(
        html,
        "<tr><th scope=\"row\">CVaR 5 % of final cash</th><td class=\"num\">{}</td>\
         <td class=\"num\">{MISSING}</td><td>mean of the worst 5 % of {} firms</td></tr>",
        escape_html(&money_with(summary.final_cash_cvar5, currency)),
        fixed(runs as f64, 0),
    )?;
    html.push_str("</tbody></table></div>\n");

    // Two tables with the same rows, so each fits the page: mean and spread, then quantiles.
    let rows: Vec<OutcomeCells> = summary
        .outcomes
        .iter()
        .map(|(outcome, stats)| outcome_cells(outcome, stats, currency))
        .collect();
    outcome_table(&mut html, "moments", true, &MOMENT_COLUMNS, &rows, |r| {
        &r.moments
    })?;
    // The units are in the first table; leaving them out keeps this one within the page.
    outcome_table(
        &mut html,
        "quantiles",
        false,
        &QUANTILE_COLUMNS,
        &rows,
        |r| &r.quantiles,
    )?;
    Ok(html)
}

fn proportion_row(html: &mut String, label: &str, p: &Proportion) -> std::fmt::Result {
    let firms = if p.n > 0 {
        format!("{} of {}", fixed(p.count as f64, 0), fixed(p.n as f64, 0))
    } else {
        MISSING.to_owned()
    };
    let interval = if p.n > 0 {
        format!("{} (Wilson)", percent_range(p.wilson95))
    } else {
        MISSING.to_owned()
    };
    writeln!(
        html,
        "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td>\
         <td>{}</td></tr>",
        escape_html(label),
        escape_html(&percent(p.estimate)),
        escape_html(&interval),
        escape_html(&firms),
    )
}

/// One outcome's row headers and cells, formatted in its unit.
struct OutcomeCells {
    name: &'static str,
    label: &'static str,
    unit: String,
    /// n, mean, SD, SE, 95 % CI.
    moments: Vec<String>,
    /// P1 … P99, min, max.
    quantiles: Vec<String>,
}

fn outcome_cells(outcome: Outcome, s: &MetricStats, currency: &str) -> OutcomeCells {
    let (label, unit, kind) = describe(outcome, currency);
    let (value_dp, moment_dp) = kind.decimals();
    let missing = || MISSING.to_owned();
    let value = |v: f64| {
        if s.n > 0 {
            fixed(v, value_dp)
        } else {
            missing()
        }
    };
    // With fewer than two values there is no spread to report.
    let spread = s.n >= 2;
    let moments = vec![
        fixed(s.n as f64, 0),
        if s.n > 0 {
            fixed(s.mean, moment_dp)
        } else {
            missing()
        },
        if spread {
            fixed(s.sd, moment_dp)
        } else {
            missing()
        },
        if spread {
            fixed(s.se, kind.se_decimals())
        } else {
            missing()
        },
        if spread && s.ci95.iter().all(|v| v.is_finite()) {
            format!(
                "{} to {}",
                fixed(s.ci95[0], moment_dp),
                fixed(s.ci95[1], moment_dp)
            )
        } else {
            missing()
        },
    ];
    let quantiles = s
        .quantiles
        .iter()
        .chain([&s.min, &s.max])
        .map(|v| value(*v))
        .collect();
    OutcomeCells {
        name: outcome.name(),
        label,
        unit,
        moments,
        quantiles,
    }
}

/// A table of `rows` with the cells `cells` picks, under `columns`, with a unit column
/// when `with_unit`.
fn outcome_table(
    html: &mut String,
    class: &str,
    with_unit: bool,
    columns: &[&str],
    rows: &[OutcomeCells],
    cells: impl Fn(&OutcomeCells) -> &Vec<String>,
) -> std::fmt::Result {
    write!(
        html,
        "<div class=\"table-wrap\"><table class=\"stats outcomes {class}\">\n<thead><tr>\
         <th scope=\"col\">Outcome</th>"
    )?;
    if with_unit {
        html.push_str("<th scope=\"col\">Unit</th>");
    }
    for c in columns {
        write!(
            html,
            "<th scope=\"col\" class=\"num\">{}</th>",
            escape_html(c)
        )?;
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        write!(
            html,
            "<tr><th scope=\"row\"><span class=\"label\">{}</span> <code>{}</code></th>",
            escape_html(row.label),
            escape_html(row.name),
        )?;
        if with_unit {
            write!(html, "<td>{}</td>", escape_html(&row.unit))?;
        }
        for c in cells(row) {
            write!(html, "<td class=\"num\">{}</td>", escape_html(c))?;
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody></table></div>\n");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_follow_units() {
        assert_eq!(describe(Outcome::FinalCash, "EUR").2, Kind::Money);
        assert_eq!(describe(Outcome::FinalCash, "EUR").1, "EUR");
        assert_eq!(describe(Outcome::FinalMeanTrust, "EUR").2, Kind::Trust);
        assert_eq!(describe(Outcome::MonthsSurvived, "EUR").1, "months");
        assert_eq!(describe(Outcome::MonthsSurvived, "EUR").2, Kind::Count);
        // Added after the first tables; it showed raw, with no unit and with cents.
        assert_eq!(
            describe(Outcome::FounderIncome, "EUR"),
            ("Founder income", "EUR".to_owned(), Kind::Money)
        );
    }

    #[test]
    fn empty_outcomes_print_dashes() {
        let s = MetricStats {
            n: 0,
            mean: f64::NAN,
            sd: 0.0,
            se: f64::NAN,
            ci95: [f64::NAN; 2],
            quantiles: [f64::NAN; 9],
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
        };
        let cells = outcome_cells(Outcome::BreakEvenMonth, &s, "EUR");
        assert_eq!(cells.moments[0], "0");
        let all: Vec<&String> = cells.moments.iter().chain(&cells.quantiles).collect();
        assert_eq!(all.len(), 16);
        assert_eq!(all.iter().filter(|c| c.as_str() == MISSING).count(), 15);
    }
}
