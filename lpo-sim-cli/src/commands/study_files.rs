//! The files a study writes, for `mc` and `merge`: the study file (`--json`), `months.csv`
//! (`--csv`) and the HTML report (`--report`), each written atomically.

use crate::atomic::{AtomicFile, output_error, write_atomically};
use crate::error::CliError;
use crate::output::study_csv::{MONTHS_FILE, ReplicateCsv, write_months};
use crate::report::{Careers, ReportContext, render_html};
use crate::request::StudyOutputs;
use lpo_sim_core::mc::StudyFile;
use std::io::Write;

/// What the report says the study was.
pub struct Labels<'a> {
    /// Scenario label.
    pub scenario: &'a str,
    /// Currency of amounts.
    pub currency: &'a str,
    /// The careers that founded the firms, when every replicate simulated the founder's
    /// career first (`mc --lifecycle`).
    pub careers: Option<Careers<'a>>,
    /// The calibration file the replicates took their parameter sets from (`--ensemble`).
    pub ensemble: Option<&'a str>,
}

/// Writes every requested output of `file`, and puts `replicates` (already streamed) in
/// place. Every output is attempted even if one fails; the first failure is returned.
pub fn write_outputs(
    outputs: &StudyOutputs,
    file: &StudyFile,
    labels: &Labels<'_>,
    replicates: Option<ReplicateCsv>,
) -> Result<(), CliError> {
    let mut results = Vec::new();
    if let Some(path) = &outputs.json {
        results.push(write_atomically(path, file.to_json().as_bytes(), true));
    }
    if let Some(path) = &outputs.report {
        results.push(write_report(path, file, labels));
    }
    if let Some(dir) = &outputs.csv {
        results.push(write_months_csv(dir, file));
    }
    if let Some(replicates) = replicates {
        results.push(replicates.finish());
    }
    results.into_iter().collect()
}

/// Creates `dir` if needed (for `--csv DIR`).
pub fn create_csv_dir(dir: &std::path::Path) -> Result<(), CliError> {
    std::fs::create_dir_all(dir).map_err(|source| output_error(dir, source))
}

fn write_months_csv(dir: &std::path::Path, file: &StudyFile) -> Result<(), CliError> {
    create_csv_dir(dir)?;
    let path = dir.join(MONTHS_FILE);
    let mut months = AtomicFile::create(&path)?;
    write_months(&file.summary, &mut months)
        .and_then(|()| months.flush())
        .map_err(|source| output_error(&path, source))?;
    months.commit(true)
}

fn write_report(
    path: &std::path::Path,
    file: &StudyFile,
    labels: &Labels<'_>,
) -> Result<(), CliError> {
    let manifest = &file.manifest;
    let context = ReportContext {
        scenario: labels.scenario,
        strategy: &manifest.strategy,
        seed: manifest.seed,
        currency: labels.currency,
        replicates: manifest.replicates.clone(),
        partial: file.partial,
        crate_version: &manifest.crate_version,
        ensemble: labels.ensemble,
        careers: labels.careers,
    };
    let html = render_html(&file.summary, &context)
        .map_err(|error| CliError::Report(error.to_string()))?;
    write_atomically(path, html.as_bytes(), true)
}
