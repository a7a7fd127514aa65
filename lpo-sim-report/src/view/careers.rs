//! Many careers: the distribution of months to founding and of the founder profile
//! (`lpo-sim career --runs N`), and the career block of a lifecycle study
//! (`lpo-sim mc --lifecycle`), with its JSON shape.

use super::study::{count, proportion};
use super::table::{Align, KEY_WIDTH, TextTable, money};
use lpo_sim_core::CareerPlanParams;
use lpo_sim_core::mc::{CareerSummary, MetricStats, StudyFile};
use serde::Serialize;
use std::io::{self, Write};

/// How a career quantity's numbers are shown.
#[derive(Debug, Clone, Copy)]
enum Shown {
    /// Whole units of money.
    Money,
    /// Months: means with one decimal, quantiles whole.
    Months,
    /// One decimal (years, contacts).
    Tenths,
    /// Two decimals (knowledge, 0..1).
    Hundredths,
}

impl Shown {
    fn value(self, x: f64) -> String {
        if !x.is_finite() {
            return "-".to_owned();
        }
        match self {
            Shown::Money => money(x),
            Shown::Months | Shown::Tenths => format!("{x:.1}"),
            Shown::Hundredths => format!("{x:.2}"),
        }
    }

    /// A value that is one of the careers' own (quantile, min, max).
    fn whole(self, x: f64) -> String {
        match self {
            Shown::Months if x.is_finite() => format!("{x:.0}"),
            other => other.value(x),
        }
    }
}

/// The quantities of a summary, with their labels and how they are shown: months to
/// founding over the founders only when some never founded.
fn quantities(s: &CareerSummary) -> Vec<(&'static str, &MetricStats, Shown)> {
    let mut rows = vec![("months", &s.months, Shown::Months)];
    if s.never_founded.count > 0 {
        rows.push((
            "months to founding (founders)",
            &s.founding_months,
            Shown::Months,
        ));
    }
    rows.extend([
        ("months out of work", &s.unemployed_months, Shown::Months),
        ("jobs lost", &s.job_losses, Shown::Months),
        ("savings", &s.savings, Shown::Money),
        ("contacts", &s.network_contacts, Shown::Tenths),
        ("legal knowledge", &s.legal_knowledge, Shown::Hundredths),
        ("law-office years", &s.law_office_years, Shown::Tenths),
        ("LPO years", &s.lpo_years, Shown::Tenths),
    ]);
    rows
}

/// What the months count: to founding, or to the limit for careers that did not found.
fn months_label(s: &CareerSummary) -> &'static str {
    if s.founded.count == s.runs {
        "months to founding"
    } else {
        "months (to founding or the limit)"
    }
}

/// The distribution of many careers.
#[derive(Debug, Clone)]
pub struct CareerStudyReport<'a> {
    /// Scenario label.
    pub scenario: &'a str,
    /// [`lpo_sim_core::Scenario::fingerprint`].
    pub fingerprint: String,
    /// Currency of amounts.
    pub currency: &'a str,
    /// Master seed.
    pub seed: u64,
    /// `career.max_months`.
    pub max_months: u32,
    /// The plan every career followed.
    pub plan: &'a CareerPlanParams,
    /// The statistics.
    pub summary: &'a CareerSummary,
}

impl CareerStudyReport<'_> {
    /// Header, the shares, a table of the quantities, and the mean knowledge per line.
    pub fn write_table(&self, out: &mut dyn Write) -> io::Result<()> {
        let s = self.summary;
        writeln!(
            out,
            "Career study  |  scenario {}  |  career plan from [career.plan]  |  seed {}  |  {} \
             careers  |  amounts in {}",
            self.scenario,
            self.seed,
            count(s.runs),
            self.currency
        )?;
        writeln!(out)?;
        write_shares(out, s, self.max_months)?;
        if let Some(note) = never_founded_note(s, self.max_months, false) {
            writeln!(out, "{note}")?;
        }
        writeln!(out)?;

        let mut table = TextTable::new(&[
            ("at the end of the career", Align::Left),
            ("mean", Align::Right),
            ("SD", Align::Right),
            ("95 % CI of mean", Align::Right),
            ("P10", Align::Right),
            ("P25", Align::Right),
            ("P50", Align::Right),
            ("P75", Align::Right),
            ("P90", Align::Right),
            ("min", Align::Right),
            ("max", Align::Right),
        ]);
        for (label, m, shown) in quantities(s) {
            let label = if label == "months" {
                months_label(s)
            } else {
                label
            };
            // QUANTILES = P1, P5, P10, P25, P50, P75, P90, P95, P99.
            let q = |i: usize| shown.whole(m.quantiles[i]);
            table.push(vec![
                label.to_owned(),
                shown.value(m.mean),
                shown.value(m.sd),
                format!("{} to {}", shown.value(m.ci95[0]), shown.value(m.ci95[1])),
                q(2),
                q(3),
                q(4),
                q(5),
                q(6),
                shown.whole(m.min),
                shown.whole(m.max),
            ]);
        }
        table.write(out)?;
        writeln!(
            out,
            "savings in whole {}; knowledge 0..1; quantiles within 0.5 %",
            self.currency
        )?;
        writeln!(out)?;
        writeln!(out, "  mean knowledge by service line (0..1)")?;
        for (line, k) in s.mean_knowledge.iter() {
            writeln!(out, "    {:<width$}{k:.2}", line.name(), width = KEY_WIDTH)?;
        }
        Ok(())
    }

    /// The settings and the summary as JSON. No clock time.
    pub fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        let json = CareerStudyJson {
            version: env!("CARGO_PKG_VERSION"),
            scenario_fingerprint: &self.fingerprint,
            currency: self.currency,
            seed: self.seed,
            careers: self.summary.runs,
            max_months: self.max_months,
            career_plan: self.plan,
            summary: self.summary,
        };
        serde_json::to_writer_pretty(&mut *out, &json).map_err(io::Error::from)?;
        writeln!(out)
    }
}

/// P(founded), the share that never founded, the share that lost a job, and the share with
/// a degree.
fn write_shares(out: &mut dyn Write, s: &CareerSummary, max_months: u32) -> io::Result<()> {
    let width = 34;
    let months = count(u64::from(max_months));
    writeln!(
        out,
        "  {:<width$}{}",
        format!("P(founded within {months} months)"),
        proportion(&s.founded, "careers")
    )?;
    writeln!(
        out,
        "  {:<width$}{}",
        format!("never founded in {months} months"),
        proportion(&s.never_founded, "careers")
    )?;
    writeln!(
        out,
        "  {:<width$}{}",
        "lost a job at least once",
        proportion(&s.ever_unemployed, "careers")
    )?;
    writeln!(
        out,
        "  {:<width$}{}",
        "with a law degree",
        proportion(&s.law_degree, "careers")
    )
}

/// Why some careers never founded, and what their replicates did; nothing when all founded.
fn never_founded_note(s: &CareerSummary, max_months: u32, lifecycle: bool) -> Option<String> {
    if s.never_founded.count == 0 {
        return None;
    }
    let then = if lifecycle {
        "; their replicates still run the firm, founded at the limit with the profile then"
    } else {
        ""
    };
    Some(format!(
        "  {} of {} careers never founded within {} months: too little saved \
         (career.plan.min_savings_to_found) or the firm not expected to pay the job held \
         (career.plan.min_income_ratio){then}",
        count(s.never_founded.count),
        count(s.runs),
        count(u64::from(max_months)),
    ))
}

/// The careers that founded the firms of a lifecycle study (every replicate simulated the
/// founder's career before the firm).
#[derive(Debug, Clone, Copy)]
pub struct Careers<'a> {
    /// Their statistics.
    pub summary: &'a CareerSummary,
    /// The plan every career followed.
    pub plan: &'a CareerPlanParams,
    /// `career.max_months`: the longest a career ran before it had to found.
    pub max_months: u32,
}

/// The career block of a lifecycle study's summary (after the firm's).
pub fn write_lifecycle_block(
    out: &mut dyn Write,
    s: &CareerSummary,
    max_months: u32,
    currency: &str,
) -> io::Result<()> {
    writeln!(
        out,
        "career before founding (every firm above was founded by the career simulated in its \
         replicate)"
    )?;
    write_shares(out, s, max_months)?;
    if let Some(note) = never_founded_note(s, max_months, true) {
        writeln!(out, "{note}")?;
    }
    let line = |label: &str, m: &MetricStats, shown: Shown, unit: &str| {
        // QUANTILES = P1, P5, P10, P25, P50, P75, P90, P95, P99.
        format!(
            "  {label:<34}mean {}{unit}, median {}, P10 {}, P90 {}",
            shown.value(m.mean),
            shown.whole(m.quantiles[4]),
            shown.whole(m.quantiles[2]),
            shown.whole(m.quantiles[6]),
        )
    };
    let currency = format!(" {currency}");
    for text in [
        line(months_label(s), &s.months, Shown::Months, ""),
        line(
            "months out of work",
            &s.unemployed_months,
            Shown::Months,
            "",
        ),
        line("savings at founding", &s.savings, Shown::Money, &currency),
        line(
            "contacts at founding",
            &s.network_contacts,
            Shown::Tenths,
            "",
        ),
        line(
            "legal knowledge (0–1)",
            &s.legal_knowledge,
            Shown::Hundredths,
            "",
        ),
        line("law-office years", &s.law_office_years, Shown::Tenths, ""),
        line("LPO years", &s.lpo_years, Shown::Tenths, ""),
    ] {
        writeln!(out, "{text}")?;
    }
    Ok(())
}

#[derive(Serialize)]
struct CareerStudyJson<'a> {
    version: &'a str,
    scenario_fingerprint: &'a str,
    currency: &'a str,
    seed: u64,
    careers: u64,
    max_months: u32,
    career_plan: &'a CareerPlanParams,
    summary: &'a CareerSummary,
}

/// The file `lpo-sim mc --lifecycle --json` writes: the firm study file (as `lpo-sim mc`
/// writes it) under `study`, and the careers that founded the firms under `career`.
#[derive(Serialize)]
pub struct LifecycleJson<'a> {
    /// Always `lifecycle`: tells this file from a plain study file.
    pub kind: &'static str,
    /// The plan every career followed.
    pub career_plan: &'a CareerPlanParams,
    /// `career.max_months`.
    pub max_months: u32,
    /// The careers' statistics.
    pub career: &'a CareerSummary,
    /// The firms' study file.
    pub study: &'a StudyFile,
}

/// The value of [`LifecycleJson::kind`].
pub const LIFECYCLE_KIND: &str = "lifecycle";

impl LifecycleJson<'_> {
    /// Pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a lifecycle file always serialises") + "\n"
    }
}
