//! `lpo-sim compare`: several arms (scenario files, strategies or `--variant` groups of
//! changes, optionally under `--lifecycle`) on the same replicate seeds, each paired with the
//! baseline.

use crate::args::CompareArgs;
use crate::error::CliError;
use crate::interrupt;
use crate::progress::Progress;
use crate::request::CompareRequest;
use lpo_sim_core::Strategy;
use lpo_sim_core::mc::{Arm, McConfig, StopReason, Study};
use lpo_sim_report::atomic::write_file;
use lpo_sim_report::view::compare::{ArmInfo, CompareReport};
use lpo_sim_report::view::study::count;
use lpo_sim_report::{Format, Render};
use std::io::Write;
use std::sync::atomic::Ordering;

/// Makes a fresh strategy for each replicate (owned; lent to an [`Arm`]).
type Factory = Box<dyn Fn() -> Box<dyn Strategy> + Sync>;

pub fn execute(args: CompareArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let request = CompareRequest::from_args(args)?;
    let cancel = interrupt::install();

    let factories: Vec<Factory> = request
        .arms
        .iter()
        .map(|arm| {
            let (strategy, rule) = (arm.strategy, arm.scenario.scenario.strategy.rule);
            Box::new(move || Box::new(strategy.build(&rule)) as Box<dyn Strategy>) as Factory
        })
        .collect();
    let arms: Vec<Arm<'_>> = request
        .arms
        .iter()
        .zip(&factories)
        .map(|(arm, factory)| Arm {
            name: &arm.name,
            scenario: &arm.scenario.scenario,
            strategy: factory.as_ref(),
            career: request
                .lifecycle
                .then_some(arm.scenario.scenario.career.plan),
        })
        .collect();
    let mut config = McConfig::default().seed(request.seed).runs(request.runs);
    config.threads = request.threads;
    config.ensemble = request.ensemble.as_ref().map(|e| e.ensemble.clone());

    let baseline = &request.arms[0].scenario.scenario;
    let mut progress = Progress::start(request.runs);
    let result = Study::new(baseline)
        .config(config)
        .cancel_on(cancel)
        .observer(&mut progress)
        .compare_arms(&arms);
    let elapsed = progress.finish();
    let comparison = result?;
    let runs_done = comparison.replicates.end - comparison.replicates.start;

    let infos: Vec<ArmInfo> = request
        .arms
        .iter()
        .map(|arm| ArmInfo {
            name: arm.name.clone(),
            scenario: arm.scenario.origin.clone(),
            scenario_fingerprint: arm.scenario.scenario.fingerprint(),
            strategy: arm.strategy.name().to_owned(),
            horizon_months: arm.scenario.scenario.horizon_months,
        })
        .collect();
    let report = CompareReport {
        compared: request.compared,
        arms: &infos,
        currency: &baseline.currency,
        seed: request.seed,
        runs: request.runs,
        lifecycle: request.lifecycle,
        ensemble: request
            .ensemble
            .as_ref()
            .map(|e| (e.origin.as_str(), request.ensemble_dropped.as_slice())),
        comparison: &comparison,
    };
    // Every file is attempted; the first failure is reported.
    let mut written = Ok(());
    for (path, format) in [
        (request.outputs.json.as_deref(), Format::Json),
        (request.csv.as_deref(), Format::Csv),
        (request.outputs.report.as_deref(), Format::Html),
    ] {
        if let Some(path) = path {
            let result = write_file(&report, format, path, true);
            if written.is_ok() {
                written = result.map_err(CliError::from);
            }
        }
    }
    let printed = report
        .render(Format::Text, out)
        .and_then(|()| Ok(out.flush()?))
        .map_err(CliError::from);
    elapsed.report(runs_done * request.arms.len() as u64, "firm runs");
    // A failed file outranks a closed stdout (`| head`), which is not reported at all.
    written?;
    if comparison.stop == StopReason::Cancelled || cancel.load(Ordering::SeqCst) {
        let files: Vec<String> = [
            request.outputs.json.as_deref(),
            request.csv.as_deref(),
            request.outputs.report.as_deref(),
        ]
        .into_iter()
        .flatten()
        .map(|p| p.display().to_string())
        .collect();
        let written = if files.is_empty() {
            String::new()
        } else {
            format!(" and written to {}", files.join(", "))
        };
        let message = if report.partial() {
            format!(
                "the {} replicates of the finished rounds were printed{written}, marked partial",
                count(runs_done)
            )
        } else {
            format!(
                "Ctrl-C came after the last round: the complete comparison of {} replicates \
                 was printed{written}",
                count(runs_done)
            )
        };
        return Err(CliError::Interrupted { message });
    }
    printed
}
