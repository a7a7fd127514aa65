//! The output of `lpo-sim sweep`: one row per point with each parameter's value, the metric
//! and its 95 % interval, and P(bankruptcy); as a table, JSON or CSV.

use super::csv::into_io;
use super::study::{count, percent2};
use super::table::{Align, TextTable};
use super::values::{
    AnalysisContext, EnsembleContext, Unit, column_names, param_unit, param_value, short_path,
};
use lpo_sim_core::analysis::SweepDesign;
use lpo_sim_core::analysis::{Metric, ParamRange, SweepPoint};
use serde::Serialize;
use std::io::{self, Write};

/// A finished sweep and what it swept.
#[derive(Debug, Clone)]
pub struct SweepReport<'a> {
    /// The studies.
    pub context: AnalysisContext<'a>,
    /// The parameters varied.
    pub ranges: &'a [ParamRange],
    /// How the points were chosen.
    pub design: SweepDesign,
    /// What was measured.
    pub metric: &'a Metric,
    /// Every point, in the order run.
    pub points: &'a [SweepPoint],
}

impl SweepReport<'_> {
    /// `grid 3 × 3` or `Latin hypercube, seed 1`.
    pub fn design_text(&self) -> String {
        match self.design {
            SweepDesign::Grid => {
                let sizes: Vec<String> = self
                    .ranges
                    .iter()
                    .map(|r| r.values().len().to_string())
                    .collect();
                match sizes.as_slice() {
                    [one] => format!("grid of {one} values"),
                    _ => format!("full grid {}", sizes.join(" × ")),
                }
            }
            SweepDesign::LatinHypercube { seed, .. } => {
                format!("Latin hypercube, seed {seed}")
            }
        }
    }

    /// The line saying every point ran on the same seeds.
    pub fn seeds_line(&self) -> String {
        format!(
            "every point ran the same {} replicate seeds (common random numbers): the seeds' luck \
             is shared, so differences between points are less noisy than each point's \
             interval, but not free of noise; `vs best` says which differences can be told \
             from it",
            count(self.context.runs)
        )
    }

    /// The best point's index, and how many of the others differ from it by more than noise.
    pub fn distinguishable_from_best(&self) -> Option<(usize, usize)> {
        let best = self.points.iter().position(|p| p.is_best)?;
        let differ = self
            .points
            .iter()
            .filter(|p| !p.is_best)
            .filter(|p| p.vs_best.is_some_and(|c| !c.is_noise()))
            .count();
        Some((best, differ))
    }

    /// ` (whole USD)` after a change, where the change does not carry its unit.
    pub fn unit_note(&self) -> String {
        match Unit::of(self.metric) {
            Unit::Probability => String::new(),
            unit => format!(" ({})", unit.change_unit(self.context.currency)),
        }
    }

    /// The metric's range across points (highest − lowest finite value).
    pub fn spread(&self) -> Option<f64> {
        let finite = self
            .points
            .iter()
            .map(|p| p.estimate.value)
            .filter(|v| v.is_finite());
        let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
        (lo <= hi).then_some(hi - lo)
    }

    /// The noise of a difference between points: the median half-width of the contrasts'
    /// 95 % intervals (the best point's own, 0, left out).
    pub fn noise(&self) -> Option<f64> {
        let mut noise: Vec<f64> = self
            .points
            .iter()
            .filter(|p| !p.is_best)
            .filter_map(|p| p.vs_best.map(|c| c.half_width()))
            .filter(|h| h.is_finite())
            .collect();
        noise.sort_by(f64::total_cmp);
        noise.get(noise.len() / 2).copied()
    }

    /// Sentences on the contrasts: what they are, how many points differ from the best by
    /// more than noise, and the spread of the metric against the noise of a contrast.
    pub fn contrast_lines(&self) -> Vec<String> {
        let Some((best, differ)) = self.distinguishable_from_best() else {
            return vec!["no point has a value of the metric: nothing to contrast".to_owned()];
        };
        let unit = Unit::of(self.metric);
        let others = self.points.len() - 1;
        let paired = self.points[best].vs_best.is_some_and(|c| c.paired)
            && self
                .points
                .iter()
                .all(|p| p.vs_best.is_none_or(|c| c.paired));
        let values: Vec<String> = self.points[best]
            .values
            .iter()
            .zip(self.ranges)
            .map(|(v, r)| format!("{}={}", short_path(&r.path), param_value(*v, r.integer)))
            .collect();
        let how = if paired && matches!(self.metric, Metric::Quantile(..)) {
            "paired replicate by replicate on the shared seeds (a bootstrap of whole replicates)"
        } else if paired {
            "paired replicate by replicate on the shared seeds"
        } else {
            "from the two points' intervals, unpaired (wider than the true noise, since the \
             points share seeds)"
        };
        let mut lines = vec![format!(
            "vs best: each point's {} minus the best point's ({}; chosen after the fact, so \
             its lead is a little optimistic), {how}",
            self.metric.name(),
            values.join(", ")
        )];
        if others == 0 {
            return lines;
        }
        lines.push(if differ == 0 {
            format!(
                "none of the other {} points differs from the best by more than noise (every \
                 95 % interval of a difference contains 0): at {} replicates per point this \
                 sweep cannot tell its points apart",
                count(others as u64),
                count(self.context.runs)
            )
        } else {
            format!(
                "{} of the other {} points differ from the best by more than noise (95 % \
                 interval of the difference excludes 0){}",
                count(differ as u64),
                count(others as u64),
                if differ < others {
                    "; the rest cannot be told from it"
                } else {
                    ""
                }
            )
        });
        if let (Some(spread), Some(noise)) = (self.spread(), self.noise()) {
            lines.push(format!(
                "spread across points {}{}; noise of a difference ± {} (median half-width)",
                unit.change(spread),
                self.unit_note(),
                unit.change(noise)
            ));
        }
        lines
    }

    /// Header, then one row per point.
    pub fn write_table(&self, out: &mut dyn Write) -> io::Result<()> {
        let c = &self.context;
        writeln!(
            out,
            "Sweep  |  scenario {}  |  strategy {}  |  seed {}  |  {} points ({}), {} replicates \
             each  |  amounts in {}",
            c.scenario,
            c.strategy,
            c.seed,
            count(self.points.len() as u64),
            self.design_text(),
            count(c.runs),
            c.currency
        )?;
        writeln!(out, "{}", self.seeds_line())?;
        if let Some(line) = c.ensemble_line() {
            writeln!(out, "{line}")?;
        }
        writeln!(out)?;

        let unit = Unit::of(self.metric);
        let paths: Vec<&str> = self.ranges.iter().map(|r| r.path.as_str()).collect();
        // Each parameter's column names its unit, as the HTML table does.
        let short = column_names(&paths);
        let names: Vec<String> = short
            .iter()
            .cloned()
            .zip(&paths)
            .map(
                |(name, path)| match param_unit(path, self.context.currency) {
                    Some(unit) => format!("{name} ({unit})"),
                    None => name,
                },
            )
            .collect();
        let metric_name = self.metric.name();
        let mut columns: Vec<(&str, Align)> =
            names.iter().map(|n| (n.as_str(), Align::Right)).collect();
        columns.extend([
            (metric_name.as_str(), Align::Right),
            ("95 % CI", Align::Right),
            ("vs best", Align::Right),
            ("its 95 % CI", Align::Right),
        ]);
        // Beside another metric, the odds of bankruptcy; not twice.
        let bankruptcy_column = !matches!(self.metric, Metric::Bankruptcy);
        if bankruptcy_column {
            columns.push(("P(bankruptcy)", Align::Right));
        }
        let mut table = TextTable::new(&columns);
        for point in self.points {
            let mut cells: Vec<String> = point
                .values
                .iter()
                .zip(self.ranges)
                .map(|(v, r)| param_value(*v, r.integer))
                .collect();
            let (versus, versus_ci) = match point.vs_best {
                _ if point.is_best => ("best".to_owned(), String::new()),
                Some(c) if c.ci95[0].is_finite() && c.ci95[1].is_finite() => (
                    unit.change(c.difference),
                    unit.change_range(c.ci95[0], c.ci95[1]),
                ),
                _ => ("-".to_owned(), "-".to_owned()),
            };
            cells.extend([
                unit.value(point.estimate.value),
                unit.interval(&point.estimate),
                versus,
                versus_ci,
            ]);
            if bankruptcy_column {
                cells.push(percent2(point.p_bankrupt));
            }
            table.push(cells);
        }
        table.write(out)?;
        if short.iter().zip(&paths).any(|(n, p)| n != p) {
            writeln!(out, "parameters: {}", paths.join(", "))?;
        }
        let interval = match unit {
            Unit::Probability => "Wilson intervals",
            Unit::Outcome(_) if matches!(self.metric, Metric::Quantile(..)) => {
                "order-statistic intervals"
            }
            Unit::Outcome(_) if matches!(self.metric, Metric::FinalCashCvar5) => {
                "CVaR has no interval (shown as the point)"
            }
            Unit::Outcome(_) => "normal intervals of the mean",
        };
        writeln!(out, "95 % CI: {interval}; amounts in {}", c.currency)?;
        if let Some(accuracy) = self.accuracy_line() {
            writeln!(out, "{accuracy}")?;
        }
        for line in self.contrast_lines() {
            writeln!(out, "{line}")?;
        }
        Ok(())
    }

    /// How exact the metric's values are, when that needs saying.
    pub fn accuracy_line(&self) -> Option<String> {
        match self.metric {
            Metric::Quantile(..) => Some(
                "quantiles are exact (from every replicate's value), not the study's sketch"
                    .to_owned(),
            ),
            Metric::FinalCashCvar5 => Some(format!(
                "CVaR from the study's sketch: each value within {} % of its own",
                lpo_sim_core::mc::OUTCOME_ALPHA * 100.0
            )),
            _ => None,
        }
    }

    /// The sweep as JSON: the settings, the ranges and every point. No clock time.
    pub fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        let c = &self.context;
        let design = match self.design {
            SweepDesign::Grid => DesignJson {
                kind: "grid",
                points: self.points.len() as u64,
                seed: None,
            },
            SweepDesign::LatinHypercube { points, seed } => DesignJson {
                kind: "latin_hypercube",
                points,
                seed: Some(seed),
            },
        };
        let json = SweepJson {
            version: env!("CARGO_PKG_VERSION"),
            scenario_fingerprint: &c.fingerprint,
            currency: c.currency,
            strategy: c.strategy,
            seed: c.seed,
            ensemble: c.ensemble.as_ref(),
            runs_per_point: c.runs,
            same_replicate_seeds: true,
            metric: self.metric.name(),
            design,
            params: self.ranges,
            points: self.points,
        };
        serde_json::to_writer_pretty(&mut *out, &json).map_err(io::Error::from)?;
        writeln!(out)
    }

    /// One row per point: each parameter (named by path), the metric, its interval and
    /// P(bankruptcy), every number in full precision.
    pub fn write_csv(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut writer = csv::Writer::from_writer(out);
        let metric = self.metric.name();
        let mut header: Vec<String> = self.ranges.iter().map(|r| r.path.clone()).collect();
        header.extend([
            metric.clone(),
            format!("{metric}_ci95_low"),
            format!("{metric}_ci95_high"),
            "p_bankrupt".to_owned(),
            "vs_best".to_owned(),
            "vs_best_ci95_low".to_owned(),
            "vs_best_ci95_high".to_owned(),
            "vs_best_paired".to_owned(),
        ]);
        writer.write_record(&header).map_err(into_io)?;
        for point in self.points {
            let mut row: Vec<String> = point.values.iter().map(f64::to_string).collect();
            row.extend([
                point.estimate.value.to_string(),
                point.estimate.ci95[0].to_string(),
                point.estimate.ci95[1].to_string(),
                point.p_bankrupt.to_string(),
            ]);
            match point.vs_best {
                Some(c) => row.extend([
                    c.difference.to_string(),
                    c.ci95[0].to_string(),
                    c.ci95[1].to_string(),
                    c.paired.to_string(),
                ]),
                None => row.extend(["NaN", "NaN", "NaN", ""].map(str::to_owned)),
            }
            writer.write_record(&row).map_err(into_io)?;
        }
        writer.flush()
    }
}

#[derive(Serialize)]
struct DesignJson {
    kind: &'static str,
    points: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    seed: Option<u64>,
}

#[derive(Serialize)]
struct SweepJson<'a> {
    version: &'a str,
    scenario_fingerprint: &'a str,
    currency: &'a str,
    strategy: &'a str,
    seed: u64,
    /// The calibration file every study ran over (`--ensemble`); absent without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    ensemble: Option<&'a EnsembleContext<'a>>,
    runs_per_point: u64,
    same_replicate_seeds: bool,
    metric: String,
    design: DesignJson,
    params: &'a [ParamRange],
    points: &'a [SweepPoint],
}
