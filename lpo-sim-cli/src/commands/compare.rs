//! `lpo-sim compare`: several strategies on the same replicate seeds, pair by pair.

use crate::args::CompareArgs;
use crate::atomic::{AtomicFile, output_error};
use crate::error::CliError;
use crate::interrupt;
use crate::output::compare::CompareReport;
use crate::output::study::{count, write_worlds};
use crate::progress::Progress;
use crate::request::CompareRequest;
use lpo_sim_core::Strategy;
use lpo_sim_core::mc::{McConfig, StopReason, StrategyFactory, Study};
use std::io::Write;
use std::sync::atomic::Ordering;

/// Makes a fresh strategy for each replicate (owned; lent as a [`StrategyFactory`]).
type Factory = Box<dyn Fn() -> Box<dyn Strategy> + Sync>;

pub fn execute(args: CompareArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let request = CompareRequest::from_args(args)?;
    let scenario = &request.scenario.scenario;
    let cancel = interrupt::install();
    let rule = scenario.strategy.rule;

    let factories: Vec<Factory> = request
        .strategies
        .iter()
        .map(|&strategy| {
            Box::new(move || Box::new(strategy.build(&rule)) as Box<dyn Strategy>) as Factory
        })
        .collect();
    let named: Vec<(&str, StrategyFactory<'_>)> = request
        .strategies
        .iter()
        .zip(&factories)
        .map(|(strategy, factory)| (strategy.name(), factory.as_ref()))
        .collect();
    let mut config = McConfig::default().seed(request.seed).runs(request.runs);
    config.threads = request.threads;
    config.ensemble = request.ensemble.as_ref().map(|e| e.ensemble.clone());

    let mut progress = Progress::start(request.runs);
    let result = Study::new(scenario)
        .config(config.clone())
        .cancel_on(cancel)
        .observer(&mut progress)
        .compare(&named);
    let elapsed = progress.finish();
    let comparison = result?;
    let runs_done = comparison.replicates.end - comparison.replicates.start;

    let report = CompareReport {
        scenario: &request.scenario.origin,
        scenario_fingerprint: scenario.fingerprint(),
        currency: &scenario.currency,
        seed: request.seed,
        runs: request.runs,
        comparison: &comparison,
    };
    let written = match &request.json {
        Some(path) => {
            let mut file = AtomicFile::create(path)?;
            report
                .write_json(&mut file)
                .map_err(|source| output_error(path, source))
                .and_then(|()| file.commit(true))
        }
        None => Ok(()),
    };
    let printed = report
        .write_table(out)
        .and_then(|()| {
            // Over an ensemble: each strategy's odds across the plausible worlds.
            let origin = request.ensemble.as_ref().map(|e| e.origin.as_str());
            for (name, summary) in comparison.names.iter().zip(&comparison.summaries) {
                if let Some(ensemble) = &summary.ensemble {
                    writeln!(out)?;
                    writeln!(out, "strategy {name}")?;
                    write_worlds(out, summary, ensemble, origin)?;
                }
            }
            Ok(())
        })
        .and_then(|()| out.flush())
        .map_err(CliError::stdout);
    elapsed.report(runs_done * request.strategies.len() as u64, "firm runs");
    // A failed file outranks a closed stdout (`| head`), which is not reported at all.
    written?;
    if comparison.stop == StopReason::Cancelled || cancel.load(Ordering::SeqCst) {
        let written = match &request.json {
            Some(path) => format!(" and written to {}", path.display()),
            None => String::new(),
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
