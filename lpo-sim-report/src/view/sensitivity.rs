//! The output of `lpo-sim sensitivity`: the tornado table (each factor at its low and high
//! value, sorted by swing) and the Morris table (μ*, μ, σ, sorted by μ*); as a table, JSON or
//! CSV.

use super::csv::into_io;
use super::study::count;
use super::table::{Align, TextTable};
use super::values::{AnalysisContext, EnsembleContext, Unit, param_unit, param_value};
use lpo_sim_core::analysis::{Estimate, Metric, MorrisEffect, ParamRange, TornadoBar};
use serde::Serialize;
use std::io::{self, Write};

/// Levels of the Morris grid (fixed in the library).
pub const MORRIS_LEVELS: u32 = 4;

/// A finished sensitivity analysis.
#[derive(Debug, Clone)]
pub struct SensitivityReport<'a> {
    /// The studies.
    pub context: AnalysisContext<'a>,
    /// What was measured.
    pub metric: &'a Metric,
    /// The factors and their ranges.
    pub factors: &'a [ParamRange],
    /// `--spread`.
    pub spread: f64,
    /// Whether the factors are every parameter.
    pub every_parameter: bool,
    /// Parameters left out of the default set, and why.
    pub left_out: &'a [(String, &'static str)],
    /// The metric at the scenario's values.
    pub base: Estimate,
    /// Tornado bars, largest swing first.
    pub bars: &'a [TornadoBar],
    /// Morris trajectories.
    pub trajectories: usize,
    /// Morris effects, largest μ* first.
    pub effects: &'a [MorrisEffect],
}

impl SensitivityReport<'_> {
    /// `high − low` of a bar and its 95 % interval, as table cells.
    pub fn contrast_cells(&self, bar: &TornadoBar) -> [String; 2] {
        let unit = Unit::of(self.metric);
        let c = bar.high_vs_low;
        if !(c.ci95[0].is_finite() && c.ci95[1].is_finite()) {
            return ["-".to_owned(), "-".to_owned()];
        }
        [
            unit.change(c.difference),
            unit.change_range(c.ci95[0], c.ci95[1]),
        ]
    }

    /// What the contrasts say: how many factors' swings can be told from noise.
    pub fn contrast_line(&self) -> String {
        let noise = self
            .bars
            .iter()
            .filter(|b| b.high_vs_low.is_noise())
            .count();
        let paired = self.bars.iter().all(|b| b.high_vs_low.paired);
        format!(
            "high − low: at high minus at low, with its 95 % interval ({}); {} of {} factors' \
             swings cannot be told from noise (the interval contains 0)",
            if paired {
                "paired replicate by replicate on the shared seeds"
            } else {
                "from the two ends' intervals, unpaired: wider than the true noise"
            },
            count(noise as u64),
            count(self.bars.len() as u64)
        )
    }

    /// Studies run in all.
    pub fn studies(&self) -> u64 {
        let f = self.factors.len() as u64;
        2 * f + 1 + self.trajectories as u64 * (f + 1)
    }

    fn integer(&self, path: &str) -> bool {
        self.factors.iter().any(|f| f.path == path && f.integer)
    }

    /// Both tables.
    pub fn write_table(&self, out: &mut dyn Write) -> io::Result<()> {
        let c = &self.context;
        let unit = Unit::of(self.metric);
        writeln!(
            out,
            "Sensitivity  |  scenario {}  |  strategy {}  |  seed {}  |  metric {}  |  {} factors, \
             {} studies of {} replicates  |  amounts in {}",
            c.scenario,
            c.strategy,
            c.seed,
            self.metric,
            count(self.factors.len() as u64),
            count(self.studies()),
            count(c.runs),
            c.currency
        )?;
        writeln!(
            out,
            "every study ran the same {} replicate seeds (common random numbers)",
            count(c.runs)
        )?;
        if let Some(line) = c.ensemble_line() {
            writeln!(out, "{line}")?;
        }
        if self.every_parameter {
            writeln!(
                out,
                "factors: every numeric parameter whose value is not 0, each from value·(1 − \
                 {s}) to value·(1 + {s}) within its allowed range",
                s = self.spread
            )?;
            if !self.left_out.is_empty() {
                let career = self
                    .left_out
                    .iter()
                    .filter(|(p, _)| p.starts_with("career."))
                    .count();
                if career > 0 {
                    writeln!(
                        out,
                        "left out: the {career} career.* parameters (these studies start the firm \
                         with [founder]; use `lpo-sim mc --lifecycle` for the career's effect)"
                    )?;
                }
                // The others, grouped by reason, in the order first met.
                let mut reasons: Vec<&str> = Vec::new();
                for (path, reason) in self.left_out {
                    if !path.starts_with("career.") && !reasons.contains(reason) {
                        reasons.push(reason);
                    }
                }
                for reason in reasons {
                    let paths: Vec<&str> = self
                        .left_out
                        .iter()
                        .filter(|(p, r)| *r == reason && !p.starts_with("career."))
                        .map(|(p, _)| p.as_str())
                        .collect();
                    writeln!(out, "left out ({reason}): {}", paths.join(", "))?;
                }
            }
        }
        writeln!(out)?;
        writeln!(
            out,
            "{} at the scenario's values{}: {}  (95 % CI {})",
            self.metric,
            if c.ensemble.is_some() {
                " (the calibration file's other parameters at each replicate's member's)"
            } else {
                ""
            },
            unit.value(self.base.value),
            unit.interval(&self.base)
        )?;
        writeln!(out)?;

        writeln!(
            out,
            "tornado: each factor at its low and its high value, every other at the scenario's \
             value{}; largest swing first",
            if c.ensemble.is_some() {
                " (or, for the calibration file's parameters, each replicate's member's)"
            } else {
                ""
            }
        )?;
        let mut table = TextTable::new(&[
            ("factor", Align::Left),
            ("unit", Align::Left),
            ("low", Align::Right),
            ("high", Align::Right),
            ("at low", Align::Right),
            ("at high", Align::Right),
            ("swing", Align::Right),
            ("high − low", Align::Right),
            ("its 95 % CI", Align::Right),
        ]);
        for bar in self.bars {
            let integer = self.integer(&bar.path);
            let mut cells = vec![
                bar.path.clone(),
                param_unit(&bar.path, self.context.currency).unwrap_or_default(),
                param_value(bar.low, integer),
                param_value(bar.high, integer),
                unit.value(bar.at_low.value),
                unit.value(bar.at_high.value),
                unit.change(bar.swing),
            ];
            cells.extend(self.contrast_cells(bar));
            table.push(cells);
        }
        table.write(out)?;
        writeln!(
            out,
            "swing = |at high − at low|, in {}",
            unit.change_unit(c.currency)
        )?;
        writeln!(out, "{}", self.contrast_line())?;
        writeln!(out)?;

        writeln!(
            out,
            "Morris elementary effects: {} trajectories on a {MORRIS_LEVELS}-level grid over each \
             factor's range; largest μ* first",
            self.trajectories
        )?;
        let mut table = TextTable::new(&[
            ("factor", Align::Left),
            ("μ*", Align::Right),
            ("μ", Align::Right),
            ("σ", Align::Right),
        ]);
        for effect in self.effects {
            table.push(vec![
                effect.path.clone(),
                unit.change(effect.mu_star),
                unit.change(effect.mu),
                unit.change(effect.sigma),
            ]);
        }
        table.write(out)?;
        writeln!(
            out,
            "an effect is the metric's change per full low-to-high range of the factor, in {}; \
             μ* = mean |effect| (importance), μ = mean effect (direction), σ = their spread \
             (non-linearity or interaction; 0 with one trajectory)",
            unit.change_unit(c.currency)
        )
    }

    /// Both tables as JSON, with the settings. No clock time.
    pub fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        let c = &self.context;
        let json = SensitivityJson {
            version: env!("CARGO_PKG_VERSION"),
            scenario_fingerprint: &c.fingerprint,
            currency: c.currency,
            strategy: c.strategy,
            seed: c.seed,
            ensemble: c.ensemble.as_ref(),
            runs_per_study: c.runs,
            same_replicate_seeds: true,
            studies: self.studies(),
            metric: self.metric.name(),
            spread: self.spread,
            factors: self.factors,
            left_out: self
                .left_out
                .iter()
                .map(|(path, reason)| LeftOut { path, reason })
                .collect(),
            base: self.base,
            tornado: self.bars,
            morris: MorrisJson {
                trajectories: self.trajectories,
                levels: MORRIS_LEVELS,
                seed: c.seed,
                effects: self.effects,
            },
        };
        serde_json::to_writer_pretty(&mut *out, &json).map_err(io::Error::from)?;
        writeln!(out)
    }

    /// One row per factor, in tornado order: its bar and its Morris effects.
    pub fn write_csv(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut writer = csv::Writer::from_writer(out);
        writer
            .write_record([
                "path",
                "low",
                "high",
                "at_low",
                "at_low_ci95_low",
                "at_low_ci95_high",
                "at_high",
                "at_high_ci95_low",
                "at_high_ci95_high",
                "swing",
                "mu_star",
                "mu",
                "sigma",
                "morris_n",
            ])
            .map_err(into_io)?;
        for bar in self.bars {
            let effect = self.effects.iter().find(|e| e.path == bar.path);
            let morris = |f: fn(&MorrisEffect) -> String| effect.map_or(String::new(), f);
            writer
                .write_record([
                    bar.path.clone(),
                    bar.low.to_string(),
                    bar.high.to_string(),
                    bar.at_low.value.to_string(),
                    bar.at_low.ci95[0].to_string(),
                    bar.at_low.ci95[1].to_string(),
                    bar.at_high.value.to_string(),
                    bar.at_high.ci95[0].to_string(),
                    bar.at_high.ci95[1].to_string(),
                    bar.swing.to_string(),
                    morris(|e| e.mu_star.to_string()),
                    morris(|e| e.mu.to_string()),
                    morris(|e| e.sigma.to_string()),
                    morris(|e| e.n.to_string()),
                ])
                .map_err(into_io)?;
        }
        writer.flush()
    }
}

#[derive(Serialize)]
struct LeftOut<'a> {
    path: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct MorrisJson<'a> {
    trajectories: usize,
    levels: u32,
    seed: u64,
    effects: &'a [MorrisEffect],
}

#[derive(Serialize)]
struct SensitivityJson<'a> {
    version: &'a str,
    scenario_fingerprint: &'a str,
    currency: &'a str,
    strategy: &'a str,
    seed: u64,
    /// The calibration file every study ran over (`--ensemble`); absent without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    ensemble: Option<&'a EnsembleContext<'a>>,
    runs_per_study: u64,
    same_replicate_seeds: bool,
    studies: u64,
    metric: String,
    spread: f64,
    factors: &'a [ParamRange],
    left_out: Vec<LeftOut<'a>>,
    base: Estimate,
    tornado: &'a [TornadoBar],
    morris: MorrisJson<'a>,
}
