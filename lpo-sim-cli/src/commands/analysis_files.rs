//! The files an analysis writes (`--json`, `--csv`, `--report`), each atomically, and the
//! context every analysis output starts with.

use crate::error::CliError;
use crate::progress::Elapsed;
use crate::request::{LoadedScenario, StudySettings, members_vary};
use lpo_sim_core::analysis::ParamRange;
use lpo_sim_report::atomic::write_file;
use lpo_sim_report::view::{AnalysisContext, EnsembleContext};
use lpo_sim_report::{Format, Render};
use std::io::Write;
use std::path::Path;

/// Writes each requested file of one view; every file is attempted even if one fails, and
/// the first failure is kept for [`AnalysisOutputs::print_and_finish`].
pub struct AnalysisOutputs<'v> {
    view: &'v dyn Render,
    failed: Option<CliError>,
}

impl<'v> AnalysisOutputs<'v> {
    /// The files of `view`.
    pub fn of(view: &'v dyn Render) -> Self {
        AnalysisOutputs { view, failed: None }
    }

    /// Writes the view in `format` to `path` (if given), atomically.
    pub fn write(&mut self, path: Option<&Path>, format: Format) {
        if let Some(path) = path
            && let Err(error) = write_file(self.view, format, path, true)
        {
            self.failed.get_or_insert(error.into());
        }
    }

    /// Prints the view in `format` to `out`, reports `count` `what` (e.g. firm runs) done in
    /// `elapsed`, then returns the first failure of the files, if any.
    pub fn print_and_finish(
        self,
        out: &mut dyn Write,
        format: Format,
        elapsed: &Elapsed,
        count: u64,
        what: &str,
    ) -> Result<(), CliError> {
        let printed = self
            .view
            .render(format, out)
            .and_then(|()| Ok(out.flush()?))
            .map_err(CliError::from);
        elapsed.report(count, what);
        // A failed file outranks a closed stdout (`| head`), which is not reported at all.
        self.failed.map_or(Ok(()), Err).and(printed)
    }
}

/// What the outputs of an analysis of `loaded` with `settings`, varying `varied`, say about
/// its studies.
pub fn context_of<'a>(
    loaded: &'a LoadedScenario,
    settings: &'a StudySettings,
    varied: &[ParamRange],
) -> AnalysisContext<'a> {
    AnalysisContext {
        scenario: &loaded.origin,
        fingerprint: loaded.scenario.fingerprint(),
        currency: &loaded.scenario.currency,
        strategy: settings.strategy.name(),
        seed: settings.seed,
        runs: settings.runs,
        ensemble: settings.ensemble.as_ref().map(|e| EnsembleContext {
            file: &e.origin,
            fingerprint: e.ensemble.fingerprint(),
            members: e.ensemble.members.len(),
            varying: members_vary(&e.ensemble.paths, varied).len(),
        }),
    }
}
