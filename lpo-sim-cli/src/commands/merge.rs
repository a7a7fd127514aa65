//! `lpo-sim merge`: the shard files of one study into the file a single run would write.

use super::study_files::{Labels, write_outputs};
use crate::args::MergeArgs;
use crate::error::CliError;
use crate::output::careers::LIFECYCLE_KIND;
use crate::output::study::StudyTable;
use crate::request::MergeRequest;
use lpo_sim_core::mc::{StudyFile, merge_shards};
use std::io::Write;
use std::path::Path;

pub fn execute(args: MergeArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let request = MergeRequest::from_args(args)?;
    let shards = request
        .files
        .iter()
        .map(|path| Ok((path.display().to_string(), read_study(path)?)))
        .collect::<Result<Vec<_>, CliError>>()?;
    let merged = merge_shards(shards)?;
    let manifest = &merged.manifest;
    // Study files record the scenario by fingerprint, and its currency.
    let scenario = format!("fingerprint {}", manifest.scenario_fingerprint);
    let labels = Labels {
        scenario: &scenario,
        currency: &manifest.currency,
        lifecycle: false,
    };
    let written = write_outputs(&request.outputs, &merged, &labels, None);
    let table = StudyTable {
        scenario: &scenario,
        strategy: &manifest.strategy,
        seed: manifest.seed,
        currency: Some(&manifest.currency),
        total_replicates: manifest.total_replicates,
        replicates: manifest.replicates.clone(),
        shard: None,
        lifecycle: false,
        stop: merged.stop,
        partial: merged.partial,
        until: manifest.until.as_deref(),
        summary: &merged.summary,
    };
    table.write(out).map_err(CliError::stdout)?;
    written
}

/// Reads one shard file.
fn read_study(path: &Path) -> Result<StudyFile, CliError> {
    let shown = path.display();
    let text = std::fs::read_to_string(path).map_err(|error| CliError::Usage {
        message: format!("cannot read `{shown}`: {error}"),
        hint: "give the --json files written by `lpo-sim mc --shard I/N --json FILE`".to_owned(),
    })?;
    serde_json::from_str(&text).map_err(|error| {
        if is_lifecycle_file(&text) {
            return CliError::Usage {
                message: format!(
                    "`{shown}` is a lifecycle study (`lpo-sim mc --lifecycle`), which merge does \
                     not combine"
                ),
                hint: "a lifecycle study runs whole (it cannot be sharded), so there is nothing \
                       to merge; its file already holds the complete study"
                    .to_owned(),
            };
        }
        CliError::Usage {
            message: format!("`{shown}` is not a study file: {error}"),
            hint: "give the --json files written by `lpo-sim mc --shard I/N --json FILE`, \
                   unedited"
                .to_owned(),
        }
    })
}

/// Whether `text` is the JSON of `lpo-sim mc --lifecycle --json` (only asked about text that
/// is not a study file).
fn is_lifecycle_file(text: &str) -> bool {
    #[derive(serde::Deserialize)]
    struct Kind {
        kind: Option<String>,
    }
    serde_json::from_str::<Kind>(text)
        .ok()
        .and_then(|k| k.kind)
        .is_some_and(|kind| kind == LIFECYCLE_KIND)
}
