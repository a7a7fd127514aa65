//! A Monte Carlo study (`lpo-sim mc`, `lpo-sim merge`): its readable summary (the odds of
//! bankruptcy and break-even, the tail risk, every outcome's spread, and the survival
//! curve), its study file, its months as CSV, and its HTML report.

use super::careers::Careers;
use super::table::{Align, TextTable, money};
use lpo_sim_core::mc::{
    EnsembleSummary, McSummary, Measure, MetricStats, Outcome, Proportion, StopReason, StudyFile,
    Verdict,
};
use std::fmt;
use std::io::{self, Write};
use std::ops::Range;

/// A study and the labels its report shows.
///
/// Text is the summary `lpo-sim mc` prints; JSON the study file (`mc --json`; with
/// [`StudyReport::careers`], the lifecycle file that holds it); CSV the months
/// (`months.csv` of `mc --csv DIR`); HTML the self-contained report (`mc --report`).
#[derive(Debug, Clone)]
pub struct StudyReport<'a> {
    /// The study: what was run, its statistics, and how it stopped.
    pub file: &'a StudyFile,
    /// Where the scenario came from: a path, `<embedded default>`, a fingerprint.
    pub scenario: &'a str,
    /// The replicates this run was to simulate, when the file may hold fewer (interrupted, or
    /// a precision target met); `None` for the file's own.
    pub planned: Option<Range<u64>>,
    /// The shard of the study these replicates are, if any.
    pub shard: Option<Shard>,
    /// The calibration file whose parameter sets the replicates ran with (`--ensemble`).
    pub ensemble: Option<&'a str>,
    /// The careers that founded the firms, when every replicate simulated one first.
    pub careers: Option<Careers<'a>>,
}

impl<'a> StudyReport<'a> {
    /// The report of `file`, its scenario named `scenario`, with nothing else to say.
    pub fn new(file: &'a StudyFile, scenario: &'a str) -> Self {
        StudyReport {
            file,
            scenario,
            planned: None,
            shard: None,
            ensemble: None,
            careers: None,
        }
    }

    /// The summary printed as text.
    pub(crate) fn table(&self) -> StudyTable<'_> {
        let manifest = &self.file.manifest;
        StudyTable {
            scenario: self.scenario,
            strategy: &manifest.strategy,
            seed: manifest.seed,
            currency: Some(&manifest.currency),
            total_replicates: manifest.total_replicates,
            replicates: self
                .planned
                .clone()
                .unwrap_or_else(|| manifest.replicates.clone()),
            shard: self.shard,
            lifecycle: self.careers.is_some(),
            stop: self.file.stop,
            partial: self.file.partial,
            until: manifest.until.as_deref(),
            summary: &self.file.summary,
            ensemble: self.ensemble,
        }
    }
}

/// Shard `index` of `count` of a study (0-based), shown as `index/count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which shard, `0..count`.
    pub index: u64,
    /// How many shards.
    pub count: u64,
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// Width of the key column of the study's summary lines.
const WIDE_KEY: usize = 22;

/// A study's summary and what it is a summary of: the text of [`StudyReport`].
#[derive(Debug, Clone)]
pub(crate) struct StudyTable<'a> {
    /// Scenario label: the file, the embedded default, or a fingerprint.
    pub scenario: &'a str,
    /// Strategy name.
    pub strategy: &'a str,
    /// Master seed.
    pub seed: u64,
    /// Currency of amounts, when known.
    pub currency: Option<&'a str>,
    /// Replicates in the whole study (the cap with a precision target).
    pub total_replicates: u64,
    /// Replicates planned for this run (a shard's part of the study, else all of it); the
    /// summary may hold fewer (interrupted, or a precision target met).
    pub replicates: Range<u64>,
    /// The shard these replicates are, if any.
    pub shard: Option<Shard>,
    /// Every replicate simulated the founder's career before the firm (`mc --lifecycle`).
    pub lifecycle: bool,
    /// Why the study stopped.
    pub stop: StopReason,
    /// Fewer replicates than planned, after Ctrl-C.
    pub partial: bool,
    /// The precision target, if any.
    pub until: Option<&'a str>,
    /// Every statistic.
    pub summary: &'a McSummary,
    /// The calibration file of `--ensemble`, if the study ran over one.
    pub ensemble: Option<&'a str>,
}

impl StudyTable<'_> {
    /// Prints the summary.
    pub fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        let s = self.summary;
        let currency = self.currency.map_or(String::new(), |c| format!(" {c}"));
        let mut header = format!(
            "Monte Carlo study  |  scenario {}  |  strategy {}  |  seed {}  |  {}",
            self.scenario,
            self.strategy,
            self.seed,
            self.replicates_text()
        );
        if let Some(currency) = self.currency {
            header.push_str(&format!("  |  amounts in {currency}"));
        }
        writeln!(out, "{header}")?;
        if self.lifecycle {
            writeln!(
                out,
                "lifecycle: every replicate first simulates the founder's career under \
                 [career.plan]; its firm starts with the profile that career produced, not \
                 [founder]"
            )?;
        }
        if self.partial {
            let planned = self.planned();
            writeln!(
                out,
                "PARTIAL (interrupted): {} of {} planned replicates ran; every figure below \
                 covers only those",
                count(s.runs),
                count(planned)
            )?;
        }
        if self.stop == StopReason::PrecisionReached {
            writeln!(
                out,
                "stopped: precision target met after {} replicates (target {}, cap {})",
                count(s.runs),
                self.until.unwrap_or("?"),
                count(self.total_replicates)
            )?;
        } else if let (Some(until), StopReason::Completed) = (self.until, self.stop) {
            writeln!(
                out,
                "precision target {until} not met: stopped at the cap of {} replicates",
                count(self.total_replicates)
            )?;
        }
        writeln!(out)?;
        // The verdict in words first; the statistics follow.
        if s.runs > 0 {
            let verdict = Verdict::of(s, s.survival.len() as u32);
            writeln!(out, "In words")?;
            for sentence in verdict.sentences() {
                write_wrapped(out, "  ", sentence, 96)?;
            }
            writeln!(out)?;
        }

        let cvar = if s.final_cash_cvar5.is_finite() {
            format!(
                "{}{currency}  (mean final cash of the worst 5 % of firms)",
                money(s.final_cash_cvar5)
            )
        } else {
            "-".to_owned()
        };
        // How the runs ended, then money: bankruptcy alone would hide the firms their
        // founders closed (low income, or a sale or retirement).
        let open = format!("P(open at month {})", s.survival.len());
        for (key, value) in [
            ("P(bankruptcy)", proportion(&s.bankruptcy, "firms")),
            ("P(closed by founder)", proportion(&s.closure, "firms")),
            (open.as_str(), proportion(&s.open, "firms")),
            ("P(break-even)", proportion(&s.break_even, "firms")),
            ("CVaR 5 % final cash", cvar),
        ] {
            writeln!(out, "  {key:<WIDE_KEY$}{value}")?;
        }
        // How far sales got, and loudly why firms that never sold earned nothing.
        if !s.sales.is_empty() {
            let funnel = s.sales.funnel_line(s.runs).unwrap_or_default();
            writeln!(out, "  {:<WIDE_KEY$}{funnel}", "sales")?;
        }
        if let Some(warning) = s.sales.warning(s.runs) {
            writeln!(out, "\n  WARNING: {warning}")?;
        }
        writeln!(out)?;

        let mut table = TextTable::new(&[
            ("outcome", Align::Left),
            ("n", Align::Right),
            ("mean", Align::Right),
            ("SD", Align::Right),
            ("SE", Align::Right),
            ("95 % CI of mean", Align::Right),
            ("P5", Align::Right),
            ("P25", Align::Right),
            ("P50", Align::Right),
            ("P75", Align::Right),
            ("P95", Align::Right),
            ("min", Align::Right),
            ("max", Align::Right),
        ]);
        for (name, stats) in s.outcomes.iter() {
            table.push(outcome_cells(name, stats));
        }
        table.write(out)?;
        writeln!(
            out,
            "money in whole {}; break_even_month over the firms that broke even; quantiles \
             within 0.5 %",
            self.currency.unwrap_or("currency units")
        )?;
        writeln!(out)?;
        writeln!(out, "{}", survival_line(&s.survival))?;
        if let Some(ensemble) = &s.ensemble {
            writeln!(out)?;
            write_worlds(out, s, ensemble, self.ensemble)?;
        }
        Ok(())
    }

    fn planned(&self) -> u64 {
        self.replicates.end.saturating_sub(self.replicates.start)
    }

    fn replicates_text(&self) -> String {
        let runs = self.summary.runs;
        match self.shard {
            Some(shard) => format!(
                "shard {shard}: {} replicates ({}..{} of {})",
                count(runs),
                self.replicates.start,
                self.replicates.end,
                count(self.total_replicates)
            ),
            None if runs == self.total_replicates => format!("{} replicates", count(runs)),
            None => format!(
                "{} of {} replicates",
                count(runs),
                count(self.total_replicates)
            ),
        }
    }
}

/// The odds across the plausible worlds of a study over an ensemble: pooled over every
/// replicate, and how they spread across the ensemble's members.
pub fn write_worlds(
    out: &mut dyn Write,
    s: &McSummary,
    ensemble: &EnsembleSummary,
    origin: Option<&str>,
) -> io::Result<()> {
    writeln!(
        out,
        "across plausible worlds: each replicate ran with one of the {} plausible parameter \
         sets of the ensemble{}, drawn from the seed; {} of them ran at least 2 replicates",
        count(ensemble.members as u64),
        origin.map_or(String::new(), |o| format!(" {o}")),
        count(ensemble.members_measured as u64)
    )?;
    let mut table = TextTable::new(&[
        ("", Align::Left),
        ("pooled", Align::Right),
        ("95 % CI", Align::Right),
        ("members' median", Align::Right),
        ("members P10 to P90", Align::Right),
        ("SD between members", Align::Right),
    ]);
    for (name, pooled, spread) in [
        ("P(bankrupt)", &s.bankruptcy, &ensemble.bankruptcy),
        ("P(closed)", &s.closure, &ensemble.closure),
        ("P(open)", &s.open, &ensemble.open),
    ] {
        let (median, range, sd) = match spread {
            Some(sp) => (
                percent2(sp.median),
                format!("{} to {}", percent2(sp.p10), percent2(sp.p90)),
                percent2(sp.between_sd),
            ),
            None => ("-".to_owned(), "-".to_owned(), "-".to_owned()),
        };
        table.push(vec![
            name.to_owned(),
            percent2(pooled.estimate),
            format!(
                "{} to {}",
                percent2(pooled.wilson95[0]),
                percent2(pooled.wilson95[1])
            ),
            median,
            range,
            sd,
        ]);
    }
    table.write(out)?;
    writeln!(
        out,
        "pooled: over every replicate (luck and the unknown parameters together); members: \
         each member's own share over its replicates; SD between members: their spread less \
         the binomial noise of each member's share (the part the parameters cause)"
    )
}

/// `23.45 %  (95 % CI 22.62 to 24.30 %, Wilson)  2,345 of 10,000 firms`.
pub fn proportion(p: &Proportion, unit: &str) -> String {
    if p.n == 0 {
        return "-".to_owned();
    }
    format!(
        "{}  (95 % CI {} to {}, Wilson)  {} of {} {unit}",
        percent2(p.estimate),
        percent2(p.wilson95[0]),
        percent2(p.wilson95[1]),
        count(p.count),
        count(p.n)
    )
}

/// A share as a percentage with two decimals: `23.45 %`.
pub fn percent2(share: f64) -> String {
    if share.is_finite() {
        format!("{:.2} %", share * 100.0)
    } else {
        "-".to_owned()
    }
}

/// A whole number with thousands separators.
pub fn count(n: u64) -> String {
    // Exact below 2^53; beyond that nobody reads the last digits anyway.
    money(n as f64)
}

/// How an outcome's values are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Currency: whole units with separators.
    Money,
    /// Client trust, 0..1: two decimals.
    Trust,
    /// Counts and months, of the things named (`months`; empty when unknown).
    Count(&'static str),
}

impl Kind {
    /// The kind of `outcome`.
    pub fn of(outcome: Outcome) -> Self {
        match outcome.measure() {
            Measure::Money => Kind::Money,
            Measure::Level => Kind::Trust,
            Measure::Count(things) => Kind::Count(things),
        }
    }

    /// A value: a mean, a quantile, a bound.
    pub fn value(self, x: f64) -> String {
        if !x.is_finite() {
            return "-".to_owned();
        }
        match self {
            Kind::Money => money(x),
            Kind::Trust => format!("{x:.2}"),
            Kind::Count(_) => format!("{x:.1}"),
        }
    }

    /// A whole value of the outcome (quantile, min, max).
    fn whole(self, x: f64) -> String {
        match self {
            Kind::Count(_) if x.is_finite() => money(x),
            _ => self.value(x),
        }
    }

    /// A standard error: one more decimal than the values, so small ones do not show as 0.
    fn error(self, x: f64) -> String {
        if !x.is_finite() {
            return "-".to_owned();
        }
        match self {
            Kind::Money => money(x),
            Kind::Trust => format!("{x:.3}"),
            Kind::Count(_) => format!("{x:.2}"),
        }
    }
}

fn outcome_cells(outcome: Outcome, m: &MetricStats) -> Vec<String> {
    let kind = Kind::of(outcome);
    // QUANTILES = P1, P5, P10, P25, P50, P75, P90, P95, P99.
    let q = |i: usize| kind.whole(m.quantiles[i]);
    vec![
        outcome.name().to_owned(),
        count(m.n),
        kind.value(m.mean),
        kind.value(m.sd),
        kind.error(m.se),
        format!("{} to {}", kind.value(m.ci95[0]), kind.value(m.ci95[1])),
        q(1),
        q(3),
        q(4),
        q(5),
        q(7),
        kind.whole(m.min),
        kind.whole(m.max),
    ]
}

/// `survival (still running at month end)   month 12: 98.1 %   24: 90.2 %   ...`: every
/// twelfth month and the horizon.
fn survival_line(survival: &[f64]) -> String {
    let horizon = survival.len();
    let mut months: Vec<usize> = (12..=horizon).step_by(12).collect();
    if horizon > 0 && months.last() != Some(&horizon) {
        months.push(horizon);
    }
    let points: Vec<String> = months
        .iter()
        .enumerate()
        .map(|(i, &m)| {
            let label = if i == 0 {
                format!("month {m}")
            } else {
                m.to_string()
            };
            format!("{label}: {:.1} %", survival[m - 1] * 100.0)
        })
        .collect();
    format!(
        "  {:<WIDE_KEY$}{}",
        "survival",
        format_args!("{}  (share still running at month end)", points.join("   "))
    )
}

/// Writes `text` in lines of at most `width` characters (longer words on their own), each
/// after `indent`.
fn write_wrapped(out: &mut dyn Write, indent: &str, text: &str, width: usize) -> io::Result<()> {
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty()
            && indent.len() + line.chars().count() + 1 + word.chars().count() > width
        {
            writeln!(out, "{indent}{line}")?;
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        writeln!(out, "{indent}{line}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn survival_line_shows_every_year_and_the_horizon() {
        let survival: Vec<f64> = (0..30).map(|m| 1.0 - f64::from(m) / 100.0).collect();
        let line = survival_line(&survival);
        assert!(line.contains("month 12: 89.0 %"), "{line}");
        assert!(line.contains("24: 77.0 %"), "{line}");
        assert!(line.contains("30: 71.0 %"), "{line}");
        let short = survival_line(&[1.0; 6]);
        assert!(short.contains("month 6: 100.0 %"), "{short}");
    }

    #[test]
    fn values_are_shown_by_kind() {
        assert_eq!(Kind::of(Outcome::FinalCash).value(-1234567.4), "-1,234,567");
        assert_eq!(Kind::of(Outcome::FinalMeanTrust).value(0.456), "0.46");
        assert_eq!(Kind::of(Outcome::PeakHeadcount).value(12.34), "12.3");
        assert_eq!(Kind::of(Outcome::PeakHeadcount).whole(12345.0), "12,345");
        // Added after the first tables; it showed as a count, with a decimal and no separators.
        assert_eq!(Kind::of(Outcome::FounderIncome).value(50980.3), "50,980");
        assert_eq!(Kind::Money.value(f64::NAN), "-");
        assert_eq!(
            proportion(&Proportion::new(10, 100), "firms"),
            "10.00 %  (95 % CI 5.52 % to 17.44 %, Wilson)  10 of 100 firms"
        );
    }
}
