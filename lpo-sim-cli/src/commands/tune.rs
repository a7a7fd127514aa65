//! `lpo-sim tune`: a cross-entropy search for parameter values that optimise a metric under
//! constraints, on common random numbers, re-measured on fresh seeds.

use super::analysis_files::{AnalysisOutputs, context_of};
use crate::args::TuneArgs;
use crate::error::CliError;
use crate::progress::Progress;
use crate::request::{StudySettings, TuneRequest};
use lpo_sim_core::Scenario;
use lpo_sim_core::analysis::tune;
use lpo_sim_report::Format;
use lpo_sim_report::view::tune::TuneReport;
use std::io::Write;

pub fn execute(args: TuneArgs, out: &mut dyn Write) -> Result<(), CliError> {
    // Ctrl-C quits at once (the handler's default; this says so, and warns if there is none).
    crate::interrupt::install_quit();
    let request = TuneRequest::from_args(args)?;
    let scenario = &request.scenario.scenario;
    let config = &request.config;
    let strategy = request.strategy;
    let make_strategy = |s: &Scenario| strategy.build(&s.strategy.rule);

    let candidates = (config.iterations * config.population) as u64;
    // The bar covers the search; the four final studies (best and starting values, on the
    // training and the fresh seeds) follow it.
    let progress = Progress::counting(candidates, "candidates");
    let result = tune(scenario, &make_strategy, config, &mut |done, total| {
        progress.update(done as u64, total as u64)
    });
    let elapsed = progress.finish();
    let result = result?;

    let settings = StudySettings {
        strategy,
        seed: config.seed,
        runs: config.runs_per_candidate,
        threads: config.threads,
        ensemble: request.ensemble.clone(),
    };
    let report = TuneReport {
        context: context_of(&request.scenario, &settings, &config.params),
        config,
        result: &result,
    };
    let mut files = AnalysisOutputs::of(&report);
    files.write(request.json.as_deref(), Format::Json);
    files.write(request.report.as_deref(), Format::Html);
    let runs = candidates * config.runs_per_candidate
        + 2 * (config.runs_per_candidate + config.validation_runs);
    files.print_and_finish(out, Format::Text, &elapsed, runs, "firm runs")
}
