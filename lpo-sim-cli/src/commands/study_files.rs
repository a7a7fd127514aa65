//! The files a study writes, for `mc` and `merge`: the study file (`--json`), `months.csv`
//! (`--csv`) and the HTML report (`--report`), each written atomically.

use crate::error::{CliError, output_error};
use crate::request::StudyOutputs;
use lpo_sim_report::Format;
use lpo_sim_report::atomic::write_file;
use lpo_sim_report::view::StudyReport;
use lpo_sim_report::view::study_csv::{MONTHS_FILE, ReplicateCsv};

/// Writes every requested output of `report`, and puts `replicates` (already streamed) in
/// place. Every output is attempted even if one fails; the first failure is returned.
pub fn write_outputs(
    outputs: &StudyOutputs,
    report: &StudyReport<'_>,
    replicates: Option<ReplicateCsv>,
) -> Result<(), CliError> {
    let mut results: Vec<Result<(), CliError>> = Vec::new();
    if let Some(path) = &outputs.json {
        results.push(write_file(report, Format::Json, path, true).map_err(CliError::from));
    }
    if let Some(path) = &outputs.report {
        results.push(write_file(report, Format::Html, path, true).map_err(CliError::from));
    }
    if let Some(dir) = &outputs.csv {
        results.push(create_csv_dir(dir).and_then(|()| {
            Ok(write_file(
                report,
                Format::Csv,
                &dir.join(MONTHS_FILE),
                true,
            )?)
        }));
    }
    if let Some(replicates) = replicates {
        results.push(replicates.finish().map_err(CliError::from));
    }
    results.into_iter().collect()
}

/// Creates `dir` if needed (for `--csv DIR`).
pub fn create_csv_dir(dir: &std::path::Path) -> Result<(), CliError> {
    std::fs::create_dir_all(dir).map_err(|source| output_error(dir, source))
}
