//! `lpo-sim mc`: a Monte Carlo study of one scenario and strategy.

use super::study_files::{create_csv_dir, write_outputs};
use crate::args::McArgs;
use crate::error::CliError;
use crate::error::output_error;
use crate::interrupt;
use crate::progress::Progress;
use crate::request::McRequest;
use lpo_sim_core::RunOutcome;
use lpo_sim_core::mc::{
    CareerSummary, Manifest, McConfig, McObserver, ROUND_SIZE, StopReason, Study, StudyFile,
};
use lpo_sim_report::view::careers::Careers;
use lpo_sim_report::view::study::{Shard, StudyReport, count};
use lpo_sim_report::view::study_csv::ReplicateCsv;
use lpo_sim_report::{Format, Render};
use std::io::Write;
use std::sync::atomic::Ordering;

pub fn execute(args: McArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let request = McRequest::from_args(args)?;
    let scenario = &request.scenario.scenario;
    let cancel = interrupt::install();

    // Rows stream into a temporary file in DIR as rounds finish.
    let replicates = match &request.outputs.csv {
        Some(dir) => {
            create_csv_dir(dir)?;
            Some(ReplicateCsv::create(dir)?)
        }
        None => None,
    };
    let planned = request.replicates.end - request.replicates.start;
    let mut observer = StudyObserver {
        progress: Progress::start(planned),
        replicates,
        failed: None,
    };
    let config = McConfig {
        seed: request.seed,
        replicates: request.replicates.clone(),
        threads: request.threads,
        until: request.until.clone(),
        ensemble: request.ensemble.as_ref().map(|e| e.ensemble.clone()),
        // The fan charts go only into the files; the printed table does not show them.
        fans: request.outputs.json.is_some()
            || request.outputs.csv.is_some()
            || request.outputs.report.is_some(),
    };
    let strategy = request.strategy;
    let rule = scenario.strategy.rule;
    let result = if request.lifecycle {
        Study::new(scenario)
            .config(config.clone())
            .strategy(|| strategy.build(&rule))
            .cancel_on(cancel)
            .observer(&mut observer)
            .run_lifecycle(scenario.career.plan)
            .map(|(outcome, careers)| (outcome, Some(careers)))
    } else {
        Study::new(scenario)
            .config(config.clone())
            .strategy(|| strategy.build(&rule))
            .cancel_on(cancel)
            .observer(&mut observer)
            .run()
            .map(|outcome| (outcome, None))
    };
    let StudyObserver {
        progress,
        replicates,
        failed,
        ..
    } = observer;
    let elapsed = progress.finish();
    let (outcome, careers) = result?;
    if outcome.state.runs == 0 {
        // Only a Ctrl-C before the first round finished gets here: there is nothing to
        // summarise, and an empty file would only be mistaken for a result.
        return Err(CliError::Interrupted {
            message: format!(
                "stopped before the first round of {} replicates finished; nothing was printed \
                 or written",
                count(ROUND_SIZE.min(planned))
            ),
        });
    }

    let until = request.until.as_ref().map(ToString::to_string);
    let mut manifest = Manifest::new(
        scenario,
        request.strategy.name(),
        request.seed,
        request.runs,
        outcome.replicates.clone(),
        until.clone(),
    );
    // Shards merge only with shards of the same ensemble.
    manifest.ensemble = request.ensemble.as_ref().map(|e| e.ensemble.fingerprint());
    let file = StudyFile::new(manifest, outcome.stop, outcome.state);

    let career = careers.as_ref().map(CareerSummary::of);
    let report = StudyReport {
        planned: Some(request.replicates.clone()),
        shard: request.shard.map(|shard| Shard {
            index: shard.index,
            count: shard.count,
        }),
        ensemble: request.ensemble.as_ref().map(|e| e.origin.as_str()),
        careers: career.as_ref().map(|summary| Careers {
            summary,
            plan: &scenario.career.plan,
            max_months: scenario.career.max_months,
        }),
        ..StudyReport::new(&file, &request.scenario.origin)
    };
    // Files first, so that a closed stdout (`| head`) cannot keep them from being written;
    // the table is printed even if a file failed.
    let written = write_outputs(&request.outputs, &report, replicates);
    let printed = report
        .render(Format::Text, out)
        .and_then(|()| Ok(out.flush()?))
        .map_err(CliError::from);
    // After the table, so the timing line ends up below it on a terminal.
    elapsed.report(file.state.runs, "replicates");
    // A failed file outranks a closed stdout (`| head`), which is not reported at all. The
    // replicate rows failed first, so they are named first.
    failed.map_or(Ok(()), Err).and(written)?;
    if file.stop == StopReason::Cancelled || cancel.load(Ordering::SeqCst) {
        return Err(CliError::Interrupted {
            message: interrupted_message(&request, file.state.runs, file.partial),
        });
    }
    printed
}

fn interrupted_message(request: &McRequest, runs: u64, partial: bool) -> String {
    let o = &request.outputs;
    let files = [
        o.json.as_ref().map(|p| p.display().to_string()),
        o.csv.as_ref().map(|p| format!("{}/", p.display())),
        o.report.as_ref().map(|p| p.display().to_string()),
    ];
    let files: Vec<String> = files.into_iter().flatten().collect();
    let written = if files.is_empty() {
        String::new()
    } else {
        format!(" and written to {}", files.join(", "))
    };
    if partial {
        format!(
            "the {} replicates of the finished rounds were printed{written}, marked partial",
            count(runs)
        )
    } else {
        format!(
            "Ctrl-C came after the last round: the complete study of {} replicates was \
             printed{written}",
            count(runs)
        )
    }
}

/// Updates the progress bar and streams replicate rows to `replicates.csv`.
struct StudyObserver {
    progress: Progress,
    /// Dropped (with its temporary file) when a row cannot be written.
    replicates: Option<ReplicateCsv>,
    /// The first failure to write a row. The study runs on without rows, so that the outputs
    /// on healthy paths (`--json`, `--report`, the table) are still written; the command
    /// then exits 1 naming the path. It is not a Ctrl-C: stopping the study through the
    /// cancel flag would exit 130, which schedulers read as "cancelled, do not retry".
    failed: Option<CliError>,
}

impl McObserver for StudyObserver {
    fn wants_replicates(&self) -> bool {
        self.replicates.is_some()
    }

    fn on_replicate(&mut self, index: u64, outcome: &RunOutcome) {
        let Some(rows) = &mut self.replicates else {
            return;
        };
        if let Err(source) = rows.write(index, outcome) {
            self.failed = Some(output_error(rows.path(), source));
            // A file with some of the rows would only be mistaken for all of them.
            self.replicates = None;
        }
    }

    fn on_round(&mut self, done: u64, planned: u64) {
        self.progress.update(done, planned);
    }
}
