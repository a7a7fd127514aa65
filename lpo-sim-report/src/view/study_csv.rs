//! Spreadsheet output of a study (`--csv DIR`): `replicates.csv`, one row per replicate,
//! streamed as the engine reports them (memory does not grow with the study), and
//! `months.csv`, one row per month of the survival curve and fan charts.

use super::csv::into_io;
use crate::WriteError;
use crate::atomic::AtomicFile;
use lpo_sim_core::mc::{FAN_QUANTILES, McSummary};
use lpo_sim_core::{ClosureReason, EndReason, RunOutcome};
use std::io::{self, Write};
use std::path::Path;

/// File name of the per-replicate table.
pub const REPLICATES_FILE: &str = "replicates.csv";
/// File name of the per-month table.
pub const MONTHS_FILE: &str = "months.csv";

/// Columns of `replicates.csv`: the replicate index, its seed, then every field of the run's
/// outcome.
pub const REPLICATE_COLUMNS: [&str; 18] = [
    "replicate",
    "seed",
    "survived",
    "end",
    "months_run",
    "bankrupt_month",
    "closed_month",
    "closure_reason",
    "final_cash",
    "total_revenue",
    "total_profit",
    "peak_headcount",
    "final_headcount",
    "final_clients",
    "final_mean_trust",
    "break_even_month",
    "errors_escaped",
    "founder_income",
];

/// How a run ended, as the `end` column writes it.
pub fn end_name(end: EndReason) -> &'static str {
    match end {
        EndReason::Open => "open",
        EndReason::Insolvent => "insolvent",
        EndReason::Closed => "closed",
    }
}

/// Why a founder closed the firm, as the `closure_reason` column writes it.
pub fn reason_name(reason: ClosureReason) -> &'static str {
    match reason {
        ClosureReason::LowIncome => "low_income",
        ClosureReason::Exit => "exit",
        ClosureReason::CashRunningOut => "cash_running_out",
    }
}

/// `replicates.csv` being written: rows go to a temporary file in DIR, which becomes
/// `DIR/replicates.csv` only when [`ReplicateCsv::finish`] is called.
pub struct ReplicateCsv {
    writer: csv::Writer<AtomicFile>,
}

impl ReplicateCsv {
    /// Starts `dir/replicates.csv` (DIR must exist) and writes the header.
    pub fn create(dir: &Path) -> Result<Self, WriteError> {
        let path = dir.join(REPLICATES_FILE);
        let file = AtomicFile::create(&path)?;
        let mut writer = csv::Writer::from_writer(file);
        writer
            .write_record(REPLICATE_COLUMNS)
            .map_err(|e| WriteError::io(&path, into_io(e)))?;
        Ok(ReplicateCsv { writer })
    }

    /// The file this will become.
    pub fn path(&self) -> &Path {
        self.writer.get_ref().path()
    }

    /// Appends replicate `index`.
    pub fn write(&mut self, index: u64, o: &RunOutcome) -> io::Result<()> {
        let optional = |value: Option<u32>| value.map_or_else(String::new, |v| v.to_string());
        // f64 Display is the shortest text that reads back as the same number.
        let row: [String; 18] = [
            index.to_string(),
            o.seed.to_string(),
            o.survived().to_string(),
            end_name(o.end()).to_owned(),
            o.months_run.to_string(),
            optional(o.bankrupt_month),
            optional(o.closed_month),
            o.closure_reason.map_or("", reason_name).to_owned(),
            o.final_cash.to_string(),
            o.total_revenue.to_string(),
            o.total_profit.to_string(),
            o.peak_headcount.to_string(),
            o.final_headcount.to_string(),
            o.final_clients.to_string(),
            o.final_mean_trust.to_string(),
            optional(o.break_even_month),
            o.errors_escaped.to_string(),
            o.founder_income.to_string(),
        ];
        self.writer.write_record(&row).map_err(into_io)
    }

    /// Flushes the rows and puts the file in place.
    pub fn finish(self) -> Result<(), WriteError> {
        let path = self.path().to_owned();
        let file = self.writer.into_inner().map_err(|error| {
            WriteError::io(
                &path,
                io::Error::new(error.error().kind(), error.to_string()),
            )
        })?;
        file.commit(true)
    }
}

/// Prints `months.csv`: month, share of firms still running at its end, firms breaking even
/// in it, then each fan series' P5 to P95 and the number of values behind them.
pub fn write_months(summary: &McSummary, out: &mut dyn Write) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let mut header = vec![
        "month".to_owned(),
        "survival".to_owned(),
        "break_even_in_month".to_owned(),
    ];
    for (series, _) in summary.fans.iter() {
        for q in FAN_QUANTILES {
            header.push(format!("{series}_p{}", (q * 100.0).round()));
        }
        header.push(format!("{series}_n"));
    }
    writer.write_record(&header).map_err(into_io)?;
    for (i, survival) in summary.survival.iter().enumerate() {
        let mut row = vec![
            (i + 1).to_string(),
            survival.to_string(),
            summary.break_even_by_month[i].to_string(),
        ];
        for (_, months) in summary.fans.iter() {
            let month = &months[i];
            row.extend(month.quantiles.iter().map(|q| finite_or_empty(*q)));
            row.push(month.n.to_string());
        }
        writer.write_record(&row).map_err(into_io)?;
    }
    writer.flush()
}

/// An empty cell where there is no value (a quantile of no firms).
fn finite_or_empty(x: f64) -> String {
    if x.is_finite() {
        x.to_string()
    } else {
        String::new()
    }
}
