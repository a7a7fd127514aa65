//! The output of `lpo-sim tune`: the search trace, the best point, and the best and the
//! starting values measured on the training seeds and on fresh seeds, with a warning when the
//! fresh seeds tell a clearly worse story (overfitting) or break a constraint.

use super::study::count;
use super::table::{Align, TextTable};
use super::values::{AnalysisContext, EnsembleContext, Unit, column_names, param_value};
use lpo_sim_core::analysis::{
    Constraint, Direction, Estimate, Metric, ParamRange, Score, TuneConfig, TuneResult,
    VALIDATION_OFFSET, Validated,
};
use serde::Serialize;
use std::io::{self, Write};

/// A finished tuning run.
#[derive(Debug, Clone)]
pub struct TuneReport<'a> {
    /// The studies (runs = replicates per candidate).
    pub context: AnalysisContext<'a>,
    /// The settings of the search.
    pub config: &'a TuneConfig,
    /// The result.
    pub result: &'a TuneResult,
}

impl TuneReport<'_> {
    /// The objective's metric and each constraint's, in the order of `Validated` rows.
    pub(crate) fn metrics(&self) -> Vec<(&Metric, Option<&Constraint>)> {
        let o = &self.config.objective;
        std::iter::once((&o.metric, None))
            .chain(o.constraints.iter().map(|c| (&c.metric, Some(c))))
            .collect()
    }

    /// The metric value behind a score (scores are negated when minimising).
    pub(crate) fn metric_value(&self, signed: f64) -> f64 {
        match self.config.objective.direction {
            Direction::Maximise => signed,
            Direction::Minimise => -signed,
        }
    }

    pub(crate) fn is_integer(&self, i: usize) -> bool {
        self.config.params.get(i).is_some_and(|p| p.integer)
    }

    /// The elite's size, as the library computes it.
    pub(crate) fn elite(&self) -> usize {
        ((self.config.population as f64 * self.config.elite_share).round() as usize)
            .clamp(2, self.config.population)
    }

    /// Trace, best point, comparison table and verdict.
    pub fn write_table(&self, out: &mut dyn Write) -> io::Result<()> {
        let c = &self.context;
        let config = self.config;
        let result = self.result;
        writeln!(
            out,
            "Tuning  |  scenario {}  |  strategy {}  |  seed {}  |  amounts in {}",
            c.scenario, c.strategy, c.seed, c.currency
        )?;
        writeln!(out, "objective: {}", config.objective)?;
        writeln!(
            out,
            "cross-entropy search: {} iterations × {} candidates (elite {}), each candidate on \
             the same {} training seeds; {} studies",
            config.iterations,
            config.population,
            self.elite(),
            count(config.runs_per_candidate),
            count(result.evaluations as u64)
        )?;
        if let Some(line) = c.ensemble_line() {
            writeln!(out, "{line}")?;
        }
        writeln!(out)?;

        let objective_unit = Unit::of(&config.objective.metric);
        let paths: Vec<&str> = result.paths.iter().map(String::as_str).collect();
        let names = column_names(&paths);
        writeln!(
            out,
            "search trace: best score so far, the mean objective of the iteration's elite, and \
             the sampling mean of each parameter after the update"
        )?;
        let mut columns: Vec<(&str, Align)> = vec![
            ("iteration", Align::Right),
            ("best", Align::Right),
            ("feasible", Align::Left),
            ("elite mean", Align::Right),
        ];
        columns.extend(names.iter().map(|n| (n.as_str(), Align::Right)));
        let mut table = TextTable::new(&columns);
        for row in &result.trace {
            let mut cells = vec![
                row.iteration.to_string(),
                objective_unit.value(self.metric_value(row.best.value)),
                feasibility(&row.best),
                objective_unit.value(self.metric_value(row.elite_mean)),
            ];
            // Sampling means are continuous even for whole-number parameters.
            cells.extend(row.means.iter().map(|m| param_value(*m, false)));
            table.push(cells);
        }
        table.write(out)?;
        writeln!(out)?;

        writeln!(
            out,
            "best point (the best training score of the {} candidates)",
            count(result.evaluations as u64)
        )?;
        let width = paths.iter().map(|p| p.chars().count()).max().unwrap_or(0) + 2;
        for (i, path) in paths.iter().enumerate() {
            let integer = self.is_integer(i);
            let range = &config.params[i];
            writeln!(
                out,
                "  {path:<width$}{:>10}   (starting value {}; bounds {} to {})",
                param_value(result.best_values[i], integer),
                param_value(result.default_values[i], integer),
                param_value(range.low, integer),
                param_value(range.high, integer),
            )?;
        }
        // A winner on a bound may have a better value outside the range searched.
        for (i, path) in paths.iter().enumerate() {
            let range = &config.params[i];
            let near = 0.01 * (range.high - range.low);
            let value = result.best_values[i];
            let side = if value - range.low <= near {
                "lower"
            } else if range.high - value <= near {
                "upper"
            } else {
                continue;
            };
            writeln!(
                out,
                "  NOTE: {path} sits on its {side} bound ({}): the best value may lie beyond \
                 the range searched; widen it to see",
                param_value(value, self.is_integer(i))
            )?;
        }
        writeln!(out)?;

        writeln!(
            out,
            "best and starting values on the {} training seeds and on {} fresh seeds (replicates \
             2^40 onwards, never seen by the search); 95 % CI in parentheses",
            count(config.runs_per_candidate),
            count(config.validation_runs),
        )?;
        let metrics = self.metrics();
        let headers: Vec<String> = metrics
            .iter()
            .map(|(m, constraint)| match constraint {
                None => format!("{m} ({})", direction_word(config.objective.direction)),
                Some(k) => format!(
                    "{m} ({} {})",
                    if k.at_most { "<=" } else { ">=" },
                    Unit::of(m).value(k.bound)
                ),
            })
            .collect();
        let mut columns: Vec<(&str, Align)> = vec![("", Align::Left)];
        columns.extend(headers.iter().map(|h| (h.as_str(), Align::Right)));
        let mut table = TextTable::new(&columns);
        let rows: [(&str, &[Validated], bool); 4] = [
            ("best, training seeds", &result.validated, true),
            ("best, fresh seeds", &result.validated, false),
            (
                "starting values, training seeds",
                &result.default_validated,
                true,
            ),
            (
                "starting values, fresh seeds",
                &result.default_validated,
                false,
            ),
        ];
        for (label, validated, training) in rows {
            let mut cells = vec![label.to_owned()];
            for ((metric, _), v) in metrics.iter().zip(validated) {
                let e = if training { &v.training } else { &v.validation };
                cells.push(estimate(Unit::of(metric), e));
            }
            table.push(cells);
        }
        table.write(out)?;
        writeln!(out)?;
        for line in self.verdict() {
            writeln!(out, "{line}")?;
        }
        Ok(())
    }

    /// What the fresh seeds say: feasibility, overfitting, and the gain over the start.
    pub fn verdict(&self) -> Vec<String> {
        let result = self.result;
        let direction = self.config.objective.direction;
        let mut lines = Vec::new();
        let metrics = self.metrics();
        // Constraints on fresh seeds.
        let broken: Vec<String> = metrics
            .iter()
            .zip(&result.validated)
            .filter_map(|((metric, constraint), v)| {
                let k = (*constraint)?;
                let x = v.validation.value;
                let holds = if k.at_most {
                    x <= k.bound
                } else {
                    x >= k.bound
                };
                (!holds).then(|| {
                    let unit = Unit::of(metric);
                    format!(
                        "{metric} is {} (95 % CI {}), against the bound {} {}",
                        unit.value(x),
                        unit.interval(&v.validation),
                        if k.at_most { "<=" } else { ">=" },
                        unit.value(k.bound)
                    )
                })
            })
            .collect();
        if !result.best_score.feasible {
            lines.push(
                "WARNING: no candidate met the constraints even on the training seeds; the best \
                 point is the least infeasible one. Widen the bounds, loosen the constraints or \
                 search longer."
                    .to_owned(),
            );
        } else if !broken.is_empty() || !result.validation_score.feasible {
            lines.push(format!(
                "WARNING: infeasible on fresh seeds: {}. The constraint held on the training \
                 seeds only by luck or by a thin margin; tighten the bound or use more --runs.",
                broken.join("; ")
            ));
        } else if metrics.len() > 1 {
            lines.push("the best point meets every constraint on the fresh seeds too".to_owned());
        }
        // The objective: training against fresh.
        let (metric, _) = metrics[0];
        let unit = Unit::of(metric);
        let v = &result.validated[0];
        let worse = match direction {
            Direction::Maximise => v.validation.ci95[1] < v.training.value,
            Direction::Minimise => v.validation.ci95[0] > v.training.value,
        };
        if worse {
            lines.push(format!(
                "WARNING: overfitting: on fresh seeds {metric} is {} (95 % CI {}), clearly worse \
                 than the {} the search measured on its training seeds; the winner was partly \
                 picked for its lucky seeds. Use more --runs per candidate and trust the \
                 fresh-seed figure.",
                unit.value(v.validation.value),
                unit.interval(&v.validation),
                unit.value(v.training.value)
            ));
        } else {
            lines.push(format!(
                "no sign of overfitting: on fresh seeds {metric} is {} (95 % CI {}), against {} \
                 on the training seeds",
                unit.value(v.validation.value),
                unit.interval(&v.validation),
                unit.value(v.training.value)
            ));
        }
        // Against the starting values, both on the same fresh seeds.
        let d = &result.default_validated[0];
        let better = match direction {
            Direction::Maximise => v.validation.value > d.validation.value,
            Direction::Minimise => v.validation.value < d.validation.value,
        };
        let overlap = v.validation.ci95[0] <= d.validation.ci95[1]
            && d.validation.ci95[0] <= v.validation.ci95[1];
        lines.push(format!(
            "on the fresh seeds the best point {} the starting values: {} against {}{}",
            if better { "beats" } else { "does not beat" },
            unit.value(v.validation.value),
            unit.value(d.validation.value),
            if overlap {
                " (the 95 % intervals overlap)"
            } else {
                ""
            }
        ));
        lines
    }

    /// The settings, the result and the verdict as JSON. No clock time.
    pub fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        let c = &self.context;
        let config = self.config;
        let json = TuneJson {
            version: env!("CARGO_PKG_VERSION"),
            scenario_fingerprint: &c.fingerprint,
            currency: c.currency,
            strategy: c.strategy,
            seed: c.seed,
            ensemble: c.ensemble.as_ref(),
            objective: config.objective.to_string(),
            search: SearchJson {
                method: "cross_entropy",
                iterations: config.iterations,
                population: config.population,
                elite_share: config.elite_share,
                elite: self.elite(),
                runs_per_candidate: config.runs_per_candidate,
                training_replicates: [0, config.runs_per_candidate],
                validation_runs: config.validation_runs,
                validation_replicates: [
                    VALIDATION_OFFSET,
                    VALIDATION_OFFSET.saturating_add(config.validation_runs),
                ],
            },
            params: &config.params,
            result: self.result,
            verdict: self.verdict(),
        };
        serde_json::to_writer_pretty(&mut *out, &json).map_err(io::Error::from)?;
        writeln!(out)
    }
}

pub(crate) fn direction_word(direction: Direction) -> &'static str {
    match direction {
        Direction::Maximise => "maximise",
        Direction::Minimise => "minimise",
    }
}

/// `yes`, or `no (off by 0.012)`.
pub(crate) fn feasibility(score: &Score) -> String {
    if score.feasible {
        "yes".to_owned()
    } else {
        format!("no (off by {})", param_value(score.violation, false))
    }
}

/// `412,345 (398,000 to 420,000)`.
pub(crate) fn estimate(unit: Unit, e: &Estimate) -> String {
    format!("{} ({})", unit.value(e.value), unit.interval(e))
}

#[derive(Serialize)]
struct SearchJson {
    method: &'static str,
    iterations: usize,
    population: usize,
    elite_share: f64,
    elite: usize,
    runs_per_candidate: u64,
    training_replicates: [u64; 2],
    validation_runs: u64,
    validation_replicates: [u64; 2],
}

#[derive(Serialize)]
struct TuneJson<'a> {
    version: &'a str,
    scenario_fingerprint: &'a str,
    currency: &'a str,
    strategy: &'a str,
    seed: u64,
    /// The calibration file every study ran over (`--ensemble`); absent without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    ensemble: Option<&'a EnsembleContext<'a>>,
    objective: String,
    search: SearchJson,
    params: &'a [ParamRange],
    result: &'a TuneResult,
    verdict: Vec<String>,
}
