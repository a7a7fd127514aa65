//! Machine-readable output: one pretty-printed JSON object per command. Nothing in it depends
//! on the clock or the machine, so the same inputs give byte-identical output.

use super::{CareerReport, RunReport};
use lpo_sim_core::{CareerMonth, CareerOutcome, MonthRecord, RunOutcome};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct RunJson<'a> {
    scenario: &'a str,
    strategy: &'a str,
    seed: u64,
    months: &'a [MonthRecord],
    outcome: &'a RunOutcome,
}

#[derive(Serialize)]
struct CareerJson<'a> {
    scenario: &'a str,
    seed: u64,
    months: &'a [CareerMonth],
    outcome: &'a CareerOutcome,
}

/// Prints `{"scenario", "strategy", "seed", "months", "outcome"}`.
pub fn write_run(report: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    write_pretty(
        out,
        &RunJson {
            scenario: &report.origin,
            strategy: report.strategy.name(),
            seed: report.seed,
            months: &report.months,
            outcome: &report.outcome,
        },
    )
}

/// Prints `{"scenario", "seed", "months", "outcome"}`.
pub fn write_career(report: &CareerReport, out: &mut dyn Write) -> io::Result<()> {
    write_pretty(
        out,
        &CareerJson {
            scenario: &report.origin,
            seed: report.seed,
            months: &report.months,
            outcome: &report.outcome,
        },
    )
}

fn write_pretty(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    // serde_json keeps the io::ErrorKind of write failures, so a closed pipe stays
    // recognisable to the caller.
    serde_json::to_writer_pretty(&mut *out, value).map_err(io::Error::from)?;
    writeln!(out)
}
