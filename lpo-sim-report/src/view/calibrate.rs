//! The output of `lpo-sim calibrate`: a check's table (each target's estimate, interval,
//! range and verdict, and the sources), a history match's waves, parameters and central
//! member; and the check as JSON.

use super::study::count;
use super::table::{Align, TextTable, money};
use super::values::param_value;
use lpo_sim_core::calibration::{
    CalibrationFile, CheckReport, Figure, TargetCheck, Validation, WaveRecord, validation_bias,
};
use serde::Serialize;
use std::io::{self, Write};

/// A parameter is "pinned" when the members' standard deviation is less than this share of a
/// uniform prior's (the targets constrain it), "free" otherwise.
pub const PINNED_BELOW: f64 = 0.7;

/// A check and what it checked.
#[derive(Debug, Clone)]
pub struct CheckView<'a> {
    /// Scenario label.
    pub scenario: &'a str,
    /// The scenario's fingerprint.
    pub scenario_fingerprint: String,
    /// Where the targets came from.
    pub targets: &'a str,
    /// Strategy name.
    pub strategy: &'a str,
    /// Currency of amounts.
    pub currency: &'a str,
    /// Firms planned.
    pub runs_planned: u64,
    /// Fewer firms than planned (Ctrl-C).
    pub partial: bool,
    /// The implausibility cut-off of the targets.
    pub cutoff: f64,
    /// The check.
    pub report: &'a CheckReport,
}

impl CheckView<'_> {
    /// Targets inside their range.
    pub fn inside(&self) -> usize {
        self.report.checks.iter().filter(|c| c.inside).count()
    }

    /// Prints the header, the table, the sources and the verdict line.
    pub fn write_table(&self, out: &mut dyn Write) -> io::Result<()> {
        let r = self.report;
        writeln!(
            out,
            "Calibration check  |  scenario {}  |  strategy {}  |  seed {}  |  {} firms × {} \
             months  |  targets {}",
            self.scenario,
            self.strategy,
            r.seed,
            count(r.runs),
            r.summary.survival.len(),
            self.targets
        )?;
        if self.partial {
            writeln!(
                out,
                "PARTIAL (interrupted): {} of {} planned firms ran; every figure below covers \
                 only those",
                count(r.runs),
                count(self.runs_planned)
            )?;
        }
        writeln!(out)?;
        write_checks(out, &r.checks, self.currency)?;
        if !r.reported.is_empty() {
            writeln!(out)?;
            write_reported(out, &r.reported, self.currency)?;
        }
        writeln!(out)?;
        write_survival(out, r)?;
        writeln!(out)?;
        writeln!(out, "sources")?;
        let width = r
            .checks
            .iter()
            .chain(&r.reported)
            .map(|c| c.target.id.chars().count())
            .max()
            .unwrap_or(0);
        for c in r.checks.iter().chain(&r.reported) {
            writeln!(out, "  {:<width$}  {}", c.target.id, c.target.source)?;
        }
        writeln!(out)?;
        writeln!(out, "{}", self.plausibility())?;
        writeln!(out, "{}", self.verdict())
    }

    /// `ranked implausibility 2.31 (cut-off 3): plausible`.
    pub fn plausibility(&self) -> String {
        let r = self.report;
        format!(
            "ranked implausibility {} (cut-off {}): {} as a point of a history match",
            implausibility(r.implausibility),
            self.cutoff,
            if r.plausible {
                "plausible"
            } else {
                "ruled out"
            }
        )
    }

    /// `11 of 13 targets inside their published range`.
    pub fn verdict(&self) -> String {
        format!(
            "{} of {} targets inside their published range",
            self.inside(),
            self.report.checks.len()
        )
    }
}

/// A target's unit as words after its numbers: the currency named, rates per year, nothing
/// for a share (its numbers are percentages): `USD per staff-year`, `per year`, `months`.
pub fn unit_words(unit: &str, currency: &str) -> String {
    if unit == "share" {
        return String::new();
    }
    let unit = unit.replace("currency", currency);
    match unit.split_once('/') {
        Some(("1", per)) => format!("per {per}"),
        Some((what, per)) => format!("{what} per {per}"),
        None => unit,
    }
}

/// The columns a target and a reported figure share, the first headed `first`.
fn shared_columns(first: &'static str) -> Vec<(&'static str, Align)> {
    vec![
        (first, Align::Left),
        ("estimate", Align::Right),
        ("95 % CI", Align::Right),
        ("published range", Align::Right),
        ("unit", Align::Left),
        ("verdict", Align::Left),
    ]
}

/// The cells of [`shared_columns`] for one checked figure.
fn shared_cells(c: &TargetCheck, currency: &str) -> Vec<String> {
    let unit = c.target.unit.as_str();
    vec![
        c.target.id.clone(),
        figure(c.estimate.value, unit),
        interval(c.estimate.ci95, unit),
        format!(
            "{} to {}",
            figure(c.target.range[0], unit),
            figure(c.target.range[1], unit)
        ),
        unit_words(unit, currency),
        verdict(c).to_owned(),
    ]
}

/// The check table alone: one row per target (amounts in `currency`), then a note on the
/// columns.
pub fn write_checks(out: &mut dyn Write, checks: &[TargetCheck], currency: &str) -> io::Result<()> {
    let mut columns = shared_columns("target");
    columns.extend([
        ("outside by", Align::Right),
        ("implausibility", Align::Right),
    ]);
    let mut table = TextTable::new(&columns);
    for c in checks {
        let mut cells = shared_cells(c, currency);
        cells.extend([outside_by(c), implausibility(c.implausibility)]);
        table.push(cells);
    }
    table.write(out)?;
    writeln!(
        out,
        "estimate over every firm of the study (MODEL.md §15.1); outside by: distance from the \
         range in widths of the range; implausibility: |estimate − centre| / √(V_obs + \
         V_MC + V_disc) (MODEL.md §15.2)"
    )
}

/// The reported figures: each estimate against its published range, with no implausibility
/// (they are never matched), then why.
pub fn write_reported(
    out: &mut dyn Write,
    reported: &[TargetCheck],
    currency: &str,
) -> io::Result<()> {
    writeln!(
        out,
        "reported beside the targets, not matched (the targets file's `[[reported]]` entries; \
         why the embedded ones are not matched: MODEL.md §15.1)"
    )?;
    let mut table = TextTable::new(&shared_columns("figure"));
    for c in reported {
        table.push(shared_cells(c, currency));
    }
    table.write(out)
}

/// `0.1 to 0.3` in the unit, `-` when either end is not finite.
fn interval(ci95: [f64; 2], unit: &str) -> String {
    if ci95[0].is_finite() && ci95[1].is_finite() {
        format!("{} to {}", figure(ci95[0], unit), figure(ci95[1], unit))
    } else {
        "-".to_owned()
    }
}

/// Months of the survival curve shown against the published survival points.
pub const SURVIVAL_MONTHS: [u32; 5] = [12, 24, 36, 48, 60];

/// The survival curve at [`SURVIVAL_MONTHS`] (those inside the horizon) against the published
/// ranges of the survival targets at those months.
pub fn write_survival(out: &mut dyn Write, report: &CheckReport) -> io::Result<()> {
    let survival = &report.summary.survival;
    let mut table = TextTable::new(&[
        ("month", Align::Right),
        ("model open", Align::Right),
        ("published", Align::Right),
        ("verdict", Align::Left),
    ]);
    for month in SURVIVAL_MONTHS {
        let Some(open) = survival.get(month as usize - 1) else {
            continue;
        };
        let target = report
            .checks
            .iter()
            .find(|c| matches!(c.target.figure, Figure::Survival { month: m } if m == month));
        table.push(vec![
            month.to_string(),
            figure(*open, "share"),
            target.map_or("-".to_owned(), |c| {
                format!(
                    "{} to {}",
                    figure(c.target.range[0], "share"),
                    figure(c.target.range[1], "share")
                )
            }),
            target.map_or("no target", verdict).to_owned(),
        ]);
    }
    writeln!(
        out,
        "survival: share of firms still open (neither insolvent nor closed) at the end of the month"
    )?;
    table.write(out)
}

/// `inside`, `OUTSIDE`, or `not measured`.
pub fn verdict(c: &TargetCheck) -> &'static str {
    if c.estimate.value.is_nan() {
        "not measured"
    } else if c.inside {
        "inside"
    } else {
        "OUTSIDE"
    }
}

/// `-` inside; `0.35 below` / `1.20 above` outside (widths of the range).
pub fn outside_by(c: &TargetCheck) -> String {
    let v = c.estimate.value;
    if c.inside || v.is_nan() {
        return "-".to_owned();
    }
    let side = if v < c.target.range[0] {
        "below"
    } else {
        "above"
    };
    format!("{:.2} {side}", c.distance)
}

/// An implausibility: two decimals, `-` when infinite (nothing measured).
pub fn implausibility(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.2}")
    } else {
        "-".to_owned()
    }
}

/// A target's value in its unit: shares as percentages, large amounts with separators,
/// others to about three significant digits.
pub fn figure(x: f64, unit: &str) -> String {
    if !x.is_finite() {
        return "-".to_owned();
    }
    if unit == "share" {
        return format!("{:.1} %", x * 100.0);
    }
    let a = x.abs();
    if a >= 1000.0 {
        money(x)
    } else if a >= 100.0 {
        format!("{x:.0}")
    } else if a >= 10.0 {
        format!("{x:.1}")
    } else if a >= 1.0 {
        format!("{x:.2}")
    } else {
        format!("{x:.3}")
    }
}

/// The check as written by `--json`.
#[derive(Serialize)]
pub struct CheckJson<'a> {
    /// Scenario label.
    scenario: &'a str,
    /// Its fingerprint.
    scenario_fingerprint: &'a str,
    /// Targets file.
    targets: &'a str,
    /// Strategy name.
    strategy: &'a str,
    /// Firms planned.
    runs_planned: u64,
    /// Fewer firms than planned.
    partial: bool,
    /// Targets inside their range.
    inside: usize,
    /// Targets.
    target_count: usize,
    /// The check: every target, the ranked implausibility, the study's summary.
    check: &'a CheckReport,
}

impl CheckView<'_> {
    /// Pretty-printed JSON with a final newline (non-finite numbers as `null`).
    pub fn to_json(&self) -> String {
        let json = CheckJson {
            scenario: self.scenario,
            scenario_fingerprint: &self.scenario_fingerprint,
            targets: self.targets,
            strategy: self.strategy,
            runs_planned: self.runs_planned,
            partial: self.partial,
            inside: self.inside(),
            target_count: self.report.checks.len(),
            check: self.report,
        };
        let mut text = serde_json::to_string_pretty(&json).expect("a check always serialises");
        text.push('\n');
        text
    }
}

/// What a history match says about itself.
#[derive(Debug, Clone)]
pub struct HistoryView<'a> {
    /// Scenario label.
    pub scenario: &'a str,
    /// Where the priors came from.
    pub priors: &'a str,
    /// Where the targets came from.
    pub targets: &'a str,
    /// The file.
    pub file: &'a CalibrationFile,
}

impl HistoryView<'_> {
    /// The header and the column heads of the wave lines.
    pub fn write_header(&self, out: &mut dyn Write) -> io::Result<()> {
        let m = &self.file.manifest;
        let s = &m.settings;
        writeln!(
            out,
            "History match  |  scenario {}  |  priors {} ({} parameters)  |  targets {} ({})  \
             |  seed {}  |  {} waves × {} points × {} firms",
            self.scenario,
            self.priors,
            m.priors.len(),
            self.targets,
            m.targets.targets.len(),
            s.seed,
            s.waves,
            count(s.points_per_wave),
            count(s.runs_per_point)
        )?;
        writeln!(out)?;
        writeln!(
            out,
            "{:>4}  {:>7}  {:>9}  {:>7}  {:>10}  {:>9}  {:>18}",
            "wave", "cut-off", "evaluated", "kept", "kept share", "plausible", "share of prior box"
        )
    }

    /// One wave's line: its cut-off, points evaluated, points kept at its cut-off and their
    /// share, those at or below the final cut-off, and the share of the prior box its points
    /// span.
    pub fn write_wave(&self, out: &mut dyn Write, wave: &WaveRecord) -> io::Result<()> {
        let cutoff = self.file.manifest.targets.implausibility.cutoff;
        let plausible = wave.plausible.iter().filter(|m| m.ranked <= cutoff).count();
        let evaluated = wave.evaluated.end - wave.evaluated.start;
        let kept = wave.plausible.len() as u64;
        writeln!(
            out,
            "{:>4}  {:>7.2}  {:>9}  {:>7}  {:>10}  {:>9}  {:>18}",
            wave.wave,
            wave.cutoff,
            count(evaluated),
            count(kept),
            format!("{:.1} %", 100.0 * kept as f64 / evaluated.max(1) as f64),
            count(plausible as u64),
            share(self.file.box_share(wave))
        )
    }

    /// After the waves: the note on the columns, the ensemble, each parameter's spread among
    /// the members (most pinned down first) with the central member's value.
    /// How the matching members fared on fresh seeds: how many stay plausible, and each
    /// target's mean shift from the matching seeds to the fresh ones.
    fn write_validation(&self, out: &mut dyn Write, validation: &Validation) -> io::Result<()> {
        let matching = self.file.matching_members().count();
        let kept = self.file.members().count();
        let rule = if self
            .file
            .manifest
            .targets
            .implausibility
            .validation_inside_every_range
        {
            "stay plausible with every estimate inside its published range"
        } else {
            "stay plausible"
        };
        writeln!(
            out,
            "validation on fresh seeds (seed {}, {} firms per member): {kept} of {matching} \
             plausible points {rule}; only they are the ensemble",
            validation.seed,
            count(validation.runs_per_member)
        )?;
        let mut table = TextTable::new(&[
            ("target", Align::Left),
            ("matching seeds", Align::Right),
            ("fresh seeds", Align::Right),
            ("shift (half-widths)", Align::Right),
        ]);
        let targets = &self.file.manifest.targets.targets;
        for (bias, target) in validation_bias(self.file, validation).iter().zip(targets) {
            let unit = target.unit.as_str();
            table.push(vec![
                bias.id.clone(),
                figure(bias.matching, unit),
                figure(bias.validation, unit),
                format!("{:+.2}", bias.shift_in_half_widths),
            ]);
        }
        table.write(out)?;
        writeln!(
            out,
            "shift: the members' mean estimate on the fresh seeds minus that on the matching \
             seeds, in half-widths of the published range (luck the matching seeds shared)"
        )?;
        writeln!(out)
    }

    /// The ensemble checked once more on held-out seeds ([`lpo_sim_core::calibration::hold_out_members`]):
    /// how many members stay plausible, and how many have every estimate inside its range.
    pub fn write_hold_out(&self, out: &mut dyn Write, hold_out: &Validation) -> io::Result<()> {
        let cutoff = self.file.manifest.targets.implausibility.cutoff;
        let n = hold_out.members.len();
        let plausible = hold_out
            .members
            .iter()
            .filter(|v| v.ranked <= cutoff)
            .count();
        let inside = hold_out
            .members
            .iter()
            .filter(|v| v.inside_every_range)
            .count();
        writeln!(
            out,
            "held-out seeds (seed {}, {} firms per member, seeds neither matching nor validation \
             used): {plausible} of {n} ensemble members stay plausible ({}); {inside} of {n} have \
             every estimate inside its published range",
            hold_out.seed,
            count(hold_out.runs_per_member),
            share(plausible as f64 / n.max(1) as f64)
        )?;
        let targets = &self.file.manifest.targets.targets;
        for v in &hold_out.members {
            // Name what missed, so a reader sees whether one edge or many fail on fresh luck.
            let outside: Vec<&str> = targets
                .iter()
                .zip(&v.estimates)
                .filter(|(t, e)| !t.contains(**e))
                .map(|(t, _)| t.id.as_str())
                .collect();
            writeln!(
                out,
                "  wave {} point {}: ranked implausibility {:.2}{}{}",
                v.wave,
                v.index,
                v.ranked,
                if v.ranked <= cutoff {
                    ""
                } else {
                    "  (not plausible)"
                },
                if outside.is_empty() {
                    String::new()
                } else {
                    format!("; outside its range: {}", outside.join(", "))
                }
            )?;
        }
        writeln!(out)
    }

    /// The legend of the wave lines, the validation on fresh seeds if any, and the ensemble:
    /// its members, each parameter's spread, and the central member.
    pub fn write_ensemble(&self, out: &mut dyn Write) -> io::Result<()> {
        let m = &self.file.manifest;
        let cutoff = m.targets.implausibility.cutoff;
        writeln!(
            out,
            "kept: points at or below the wave's cut-off (the next wave draws around them); \
             plausible: at or below the final cut-off {cutoff} (the ensemble); share of prior \
             box: the product over parameters of the span of the wave's points over the \
             prior's width"
        )?;
        writeln!(out)?;
        let members = self.file.members().count();
        if let Some(validation) = &self.file.validation {
            self.write_validation(out, validation)?;
        }
        if members == 0 {
            return writeln!(
                out,
                "ensemble: no plausible parameter set (none at or below the cut-off {cutoff}{}); \
                 widen the priors, add points or waves, or read which targets rule the points \
                 out",
                if self.file.validation.is_some() {
                    " on both the matching and the fresh seeds"
                } else {
                    ""
                }
            );
        }
        writeln!(
            out,
            "ensemble: {} plausible parameter sets (ranked implausibility at most {cutoff}) \
             from {} waves",
            count(members as u64),
            self.file.waves.len()
        )?;
        writeln!(out)?;
        let central = self.file.central_member();
        let spreads = self.file.parameter_spread();
        // Most pinned first; ties (and NaN, one member) in the priors' order.
        let mut order: Vec<usize> = (0..spreads.len()).collect();
        order.sort_by(|&a, &b| {
            spreads[a]
                .sd_share
                .total_cmp(&spreads[b].sd_share)
                .then(a.cmp(&b))
        });
        let mut table = TextTable::new(&[
            ("parameter", Align::Left),
            ("prior", Align::Right),
            ("among members", Align::Right),
            ("sd share", Align::Right),
            ("verdict", Align::Left),
            ("central", Align::Right),
        ]);
        let mut pinned = 0;
        for &i in &order {
            let (p, sp) = (&m.priors[i], &spreads[i]);
            let is_pinned = sp.sd_share < PINNED_BELOW;
            pinned += usize::from(is_pinned);
            table.push(vec![
                p.path.clone(),
                format!(
                    "{} to {}",
                    param_value(p.low, p.integer),
                    param_value(p.high, p.integer)
                ),
                format!(
                    "{} to {}",
                    param_value(sp.kept[0], p.integer),
                    param_value(sp.kept[1], p.integer)
                ),
                if sp.sd_share.is_finite() {
                    format!("{:.2}", sp.sd_share)
                } else {
                    "-".to_owned()
                },
                if is_pinned { "pinned" } else { "free" }.to_owned(),
                central.map_or("-".to_owned(), |c| param_value(c.values[i], p.integer)),
            ]);
        }
        table.write(out)?;
        writeln!(
            out,
            "sd share: the members' standard deviation over a uniform prior's ((high − low)/√12), \
             most pinned first; pinned: below {PINNED_BELOW} (the targets constrain the \
             parameter); free: {PINNED_BELOW} or more (they leave it open). {} pinned, {} left \
             free.",
            pinned,
            m.priors.len() - pinned
        )?;
        if let Some(c) = central {
            writeln!(out)?;
            writeln!(
                out,
                "central member: wave {}, point {} (ranked implausibility {:.2}): the member \
                 closest to the members' medians, each parameter scaled to its prior's width \
                 (column `central`)",
                c.wave, c.index, c.ranked
            )?;
        }
        Ok(())
    }
}

/// A share of the prior box: a percentage, or in scientific notation when tiny.
fn share(x: f64) -> String {
    if !x.is_finite() {
        "-".to_owned()
    } else if x >= 0.001 {
        format!("{:.1} %", x * 100.0)
    } else {
        format!("{x:.2e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Units read as words after the numbers, in the text and HTML tables and beside the
    /// targets chart (they said `currency/staff-year`, or nothing).
    #[test]
    fn units_read_as_words() {
        assert_eq!(unit_words("share", "EUR"), "");
        assert_eq!(
            unit_words("currency/staff-year", "EUR"),
            "EUR per staff-year"
        );
        assert_eq!(unit_words("1/year", "EUR"), "per year");
        assert_eq!(unit_words("months", "EUR"), "months");
    }

    #[test]
    fn figures_are_shown_in_their_unit() {
        assert_eq!(figure(0.8123, "share"), "81.2 %");
        assert_eq!(figure(45_123.4, "currency/staff-year"), "45,123");
        assert_eq!(figure(0.3123, "1/year"), "0.312");
        assert_eq!(figure(8.412, "months"), "8.41");
        assert_eq!(figure(f64::NAN, "share"), "-");
        assert_eq!(share(0.5), "50.0 %");
        assert_eq!(share(1.5e-7), "1.50e-7");
    }
}
