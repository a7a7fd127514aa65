//! `lpo-sim career`: one career path under the scenario's `[career.plan]`, or (`--runs N`)
//! the distribution of N careers.

use super::analysis_files::AnalysisOutputs;
use crate::args::CareerArgs;
use crate::error::CliError;
use crate::progress::Progress;
use crate::request::{CareerMode, CareerRequest};
use lpo_sim_core::mc::{CareerSummary, McConfig, Study};
use lpo_sim_core::{Career, CareerPlan};
use lpo_sim_report::view::CareerReport;
use lpo_sim_report::view::careers::CareerStudyReport;
use lpo_sim_report::{Format, Render};
use std::io::Write;

pub fn execute(args: CareerArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let request = CareerRequest::from_args(args)?;
    match request.mode.clone() {
        CareerMode::One { format } => one(&request, format, out),
        CareerMode::Many {
            runs,
            threads,
            json_to_stdout,
            json,
        } => many(
            &request,
            runs,
            threads,
            json_to_stdout,
            json.as_deref(),
            out,
        ),
    }
}

fn one(
    request: &CareerRequest,
    format: crate::args::Format,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let scenario = &request.scenario.scenario;
    let plan = CareerPlan {
        params: scenario.career.plan,
    };
    let mut career = Career::new(scenario, plan, request.seed);
    let months = std::iter::from_fn(|| career.step()).collect();
    let report = CareerReport {
        origin: request.scenario.origin.clone(),
        seed: request.seed,
        currency: scenario.currency.clone(),
        months,
        outcome: career.outcome(),
    };
    Ok(report.render(format.into(), out)?)
}

fn many(
    request: &CareerRequest,
    runs: u64,
    threads: Option<usize>,
    json_to_stdout: bool,
    json: Option<&std::path::Path>,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    crate::interrupt::install_quit();
    let scenario = &request.scenario.scenario;
    let mut config = McConfig::default().seed(request.seed).runs(runs);
    config.threads = threads;
    // The library reports no progress for careers (they are fast); only the clock runs.
    let progress = Progress::clock();
    let result = Study::new(scenario)
        .config(config.clone())
        .run_careers(scenario.career.plan);
    let elapsed = progress.finish();
    let (_, state) = result?;
    let summary = CareerSummary::of(&state);
    let report = CareerStudyReport {
        scenario: &request.scenario.origin,
        fingerprint: scenario.fingerprint(),
        currency: &scenario.currency,
        seed: request.seed,
        max_months: scenario.career.max_months,
        plan: &scenario.career.plan,
        summary: &summary,
    };
    let mut files = AnalysisOutputs::of(&report);
    files.write(json, Format::Json);
    let printed_as = if json_to_stdout {
        Format::Json
    } else {
        Format::Text
    };
    files.print_and_finish(out, printed_as, &elapsed, state.runs, "careers")
}
