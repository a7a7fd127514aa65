//! The self-contained HTML report of `lpo-sim compare`: the arms, each arm's paired
//! differences from the baseline with their 95 % intervals (forest plots: the odds in
//! percentage points, money in the currency, months), every arm's survival curve, and the
//! tables behind them.

use super::analysis::{page, table};
use super::format::{compact, escape_html, fixed, money_with, percent, percent_range, shown_file};
use super::paired::{DifferenceRow, render_differences, render_survival};
use super::{RenderError, figure};
use crate::view::compare::{CompareReport, Measure, points};
use crate::view::study::count;
use lpo_sim_core::mc::Outcome;
use std::fmt::Write;

/// The report of a comparison.
///
/// # Errors
/// [`RenderError::Chart`] when plotters fails to draw a chart.
pub fn render_compare_html(report: &CompareReport<'_>) -> Result<String, RenderError> {
    let c = report.comparison;
    let currency = report.currency;
    let horizon = report.horizon();
    let runs = c.replicates.end.saturating_sub(c.replicates.start);
    let baseline = &c.names[0];

    let mut context = vec![
        format!("{} arms", c.names.len()),
        format!("baseline <strong>{}</strong>", escape_html(baseline)),
        format!("seed {}", report.seed),
        format!("{} replicates, every arm on the same seeds", count(runs)),
    ];
    if report.lifecycle {
        context.push("each replicate: the founder's career, then the firm".to_owned());
    }
    if let Some((file, _)) = report.ensemble {
        context.push(format!(
            "every arm's replicate k with the same plausible parameter set of <code>{}</code>",
            escape_html(&shown_file(file))
        ));
    }
    context.push(format!("amounts in {}", escape_html(currency)));

    let mut body = String::new();
    if report.partial() {
        writeln!(
            body,
            "<div class=\"banner\" role=\"alert\"><strong>Partial results.</strong> The \
             comparison was interrupted: these figures cover only the {} replicates that \
             finished of the {} planned.</div>",
            count(runs),
            count(report.runs)
        )?;
    }

    // The arms, then their own odds.
    let headers: Vec<String> = ["Arm", "Scenario", "Strategy"].map(str::to_owned).to_vec();
    let rows: Vec<Vec<String>> = report
        .arms
        .iter()
        .enumerate()
        .map(|(i, arm)| {
            vec![
                if i == 0 && arm.name != crate::view::compare::BASELINE {
                    format!("{} (baseline)", arm.name)
                } else {
                    arm.name.clone()
                },
                arm.scenario.clone(),
                arm.strategy.clone(),
            ]
        })
        .collect();
    let arms_table = table(&headers, &rows, &[1, 2]);
    let headers: Vec<String> = [
        "Arm",
        "P(bankruptcy)",
        "95 % interval",
        &Measure::Open.label(horizon),
        "P(break-even)",
        "Mean final cash",
        "Mean founder income",
    ]
    .map(str::to_owned)
    .to_vec();
    let rows: Vec<Vec<String>> = c
        .names
        .iter()
        .zip(&c.summaries)
        .map(|(name, s)| {
            vec![
                name.clone(),
                percent(s.bankruptcy.estimate),
                percent_range(s.bankruptcy.wilson95),
                percent(s.open.estimate),
                percent(s.break_even.estimate),
                money_with(s.outcomes.final_cash.mean, currency),
                money_with(s.outcomes.founder_income.mean, currency),
            ]
        })
        .collect();
    write!(
        body,
        "<section id=\"arms\">\n<h2>Arms</h2>\n{arms_table}{}</section>\n",
        table(&headers, &rows, &[])
    )?;

    if c.pairs.is_empty() || runs == 0 {
        body.push_str(
            "<p class=\"note\">No replicates finished, so there is nothing to compare.</p>\n",
        );
    } else {
        differences(&mut body, report)?;
    }

    let survival: Vec<(&str, &[f64])> = c
        .names
        .iter()
        .zip(&c.summaries)
        .map(|(n, s)| (n.as_str(), s.survival.as_slice()))
        .collect();
    figure(
        &mut body,
        "survival",
        "Survival of each arm",
        &render_survival(&survival)?,
        "The share of firms still running at the end of each month, one curve per arm, all \
         on the same replicate seeds.",
    )?;

    if c.careers.iter().any(Option::is_some) {
        let headers: Vec<String> = [
            "Arm",
            "Founded",
            "Months to found, mean",
            "Savings at founding, mean",
            "Law degree",
        ]
        .map(str::to_owned)
        .to_vec();
        let rows: Vec<Vec<String>> = c
            .names
            .iter()
            .zip(&c.careers)
            .filter_map(|(name, k)| {
                k.as_ref().map(|k| {
                    vec![
                        name.clone(),
                        percent(k.founded.estimate),
                        fixed(k.months.mean, 1),
                        money_with(k.savings.mean, currency),
                        percent(k.law_degree.estimate),
                    ]
                })
            })
            .collect();
        write!(
            body,
            "<section id=\"careers\">\n<h2>Careers that founded the firms</h2>\n{}\
             <p class=\"note\">Each arm's career plan, on the career stream of the same \
             replicate seeds.</p>\n</section>\n",
            table(&headers, &rows, &[])
        )?;
    }

    page(
        &format!("lpo-sim compare: {}", c.names.join(" vs ")),
        &report.title(),
        &context,
        &body,
    )
}

/// The forest plots and the table of every paired difference.
fn differences(body: &mut String, report: &CompareReport<'_>) -> Result<(), RenderError> {
    let c = report.comparison;
    let currency = report.currency;
    let horizon = report.horizon();
    let rows_of = |measures: &[Measure], scale: f64| -> Vec<DifferenceRow> {
        let mut rows = Vec::new();
        for &m in measures {
            for (j, pair) in c.pairs.iter().enumerate() {
                let s = m.stats(pair);
                rows.push(DifferenceRow {
                    label: format!("{}: {}", m.label(horizon), pair.arm),
                    mean: s.mean_difference * scale,
                    ci95: [s.ci95[0] * scale, s.ci95[1] * scale],
                    arm: j + 1,
                });
            }
        }
        rows
    };
    let odds = [Measure::Bankrupt, Measure::Open, Measure::BreakEven];
    let money = [
        Measure::Mean(Outcome::FinalCash),
        Measure::Mean(Outcome::TotalProfit),
        Measure::Mean(Outcome::FounderIncome),
    ];
    let months = [Measure::Mean(Outcome::MonthsSurvived)];
    let seeds = format!(
        "Each dot is the mean over the same {} replicate seeds of (arm − baseline), in the arm's \
         colour; the bar its 95 % interval, from the spread of the per-seed differences. An interval clear of 0 is a \
         difference the seeds cannot explain.",
        count(c.pairs[0].odds.open.n)
    );
    let names: Vec<&str> = c.names.iter().map(String::as_str).collect();
    let points_tick = |v: f64| format!("{} pts", super::format::trim_number(v, 1));
    figure(
        body,
        "odds",
        "Paired differences: the odds",
        &render_differences(
            "chart of the odds' differences",
            "Difference from the baseline (percentage points)",
            &rows_of(&odds, 100.0),
            &names,
            &points_tick,
        )?,
        &seeds,
    )?;
    figure(
        body,
        "money",
        "Paired differences: money",
        &render_differences(
            "chart of the money differences",
            &format!("Difference from the baseline, mean ({currency})"),
            &rows_of(&money, 1.0),
            &names,
            &compact,
        )?,
        "Means over every replicate: final cash, profit over the run and what the founder drew.",
    )?;
    figure(
        body,
        "months",
        "Paired differences: months survived",
        &render_differences(
            "chart of the months' differences",
            "Difference from the baseline, mean (months)",
            &rows_of(&months, 1.0),
            &names,
            &|v| super::format::trim_number(v, 1),
        )?,
        "Months each firm ran, counting the month it ended (the horizon when it stayed open).",
    )?;

    let headers: Vec<String> = [
        "Measure",
        "Arm",
        "Baseline",
        "Arm's value",
        "Difference",
        "95 % interval",
        "CRN gain",
    ]
    .map(str::to_owned)
    .to_vec();
    let mut rows = Vec::new();
    for m in Measure::all() {
        for (j, pair) in c.pairs.iter().enumerate() {
            let s = m.stats(pair);
            let money = m.unit(currency) == currency;
            let value = |x: f64| {
                if m.is_share() {
                    percent(x)
                } else if money {
                    fixed(x, 0)
                } else {
                    fixed(x, 2)
                }
            };
            let signed = |x: f64| {
                let text = if m.is_share() { points(x) } else { value(x) };
                if x > 0.0 && !text.starts_with('+') {
                    format!("+{text}")
                } else {
                    text
                }
            };
            let reduction = s.variance_reduction;
            let label = if m.is_share() {
                m.label(horizon)
            } else {
                format!("{} ({})", m.label(horizon), m.unit(currency))
            };
            rows.push(vec![
                label,
                pair.arm.clone(),
                value(m.value(&c.summaries[0])),
                value(m.value(&c.summaries[j + 1])),
                signed(s.mean_difference),
                format!("{} to {}", signed(s.ci95[0]), signed(s.ci95[1])),
                if reduction.is_infinite() {
                    "constant".to_owned()
                } else if reduction.is_finite() {
                    format!("{}×", fixed(reduction, 1))
                } else {
                    "–".to_owned()
                },
            ]);
        }
    }
    write!(
        body,
        "<section id=\"differences\">\n<h2>Every paired difference</h2>\n{}\
         <p class=\"note\">Difference: arm − baseline over the replicates where both have a \
         value (break-even month: where both broke even); shares in percentage points. CRN \
         gain: how many times less the difference varies on common random numbers than it \
         would with independent seeds.</p>\n\
         </section>\n",
        table(&headers, &rows, &[1])
    )?;
    Ok(())
}
