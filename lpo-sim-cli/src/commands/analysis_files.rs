//! The files an analysis writes (`--json`, `--csv`, `--report`), each atomically, and the
//! context every analysis output starts with.

use crate::atomic::{AtomicFile, output_error, write_atomically};
use crate::error::CliError;
use crate::output::values::{AnalysisContext, EnsembleContext};
use crate::progress::Elapsed;
use crate::report::ReportError;
use crate::request::{LoadedScenario, StudySettings, members_vary};
use lpo_sim_core::analysis::ParamRange;
use std::io::{self, Write};
use std::path::Path;

/// Writes each requested file; every file is attempted even if one fails, and the first
/// failure is kept for [`AnalysisOutputs::finish`].
#[derive(Debug, Default)]
pub struct AnalysisOutputs {
    failed: Option<CliError>,
}

impl AnalysisOutputs {
    /// Writes `path` (if given) with `write`, atomically.
    pub fn write(
        &mut self,
        path: Option<&Path>,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) {
        let Some(path) = path else {
            return;
        };
        let result = AtomicFile::create(path).and_then(|mut file| {
            write(&mut file)
                .and_then(|()| file.flush())
                .map_err(|source| output_error(path, source))?;
            file.commit(true)
        });
        self.keep(result);
    }

    /// Writes the HTML page `render` makes to `path`, atomically.
    pub fn write_html(
        &mut self,
        path: &Path,
        render: impl FnOnce() -> Result<String, ReportError>,
    ) {
        let result = render()
            .map_err(|error| CliError::Report(error.to_string()))
            .and_then(|html| write_atomically(path, html.as_bytes(), true));
        self.keep(result);
    }

    fn keep(&mut self, result: Result<(), CliError>) {
        if let Err(error) = result {
            self.failed.get_or_insert(error);
        }
    }

    /// Prints what `print` writes to `out`, reports `count` `what` (e.g. firm runs) done in
    /// `elapsed`, then returns the first failure of the files, if any.
    pub fn print_and_finish(
        self,
        out: &mut dyn Write,
        print: impl FnOnce(&mut dyn Write) -> io::Result<()>,
        elapsed: &Elapsed,
        count: u64,
        what: &str,
    ) -> Result<(), CliError> {
        let printed = print(out)
            .and_then(|()| out.flush())
            .map_err(CliError::stdout);
        elapsed.report(count, what);
        // A failed file outranks a closed stdout (`| head`), which is not reported at all.
        self.finish().and(printed)
    }

    /// The first failure, if any.
    pub fn finish(self) -> Result<(), CliError> {
        self.failed.map_or(Ok(()), Err)
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
