//! `lpo-sim merge`: the shard files of one study into the file a single run would write;
//! market study files go to [`super::market::merge`].

use super::study_files::write_outputs;
use crate::args::MergeArgs;
use crate::error::CliError;
use crate::request::MergeRequest;
use lpo_sim_core::market::is_market_file;
use lpo_sim_core::mc::{MAX_STUDY_FILE_BYTES, StudyFile, StudyFileError, merge_shards};
use lpo_sim_report::view::StudyReport;
use lpo_sim_report::view::careers::LIFECYCLE_KIND;
use lpo_sim_report::{Format, Render};
use std::io::{Read, Write};
use std::path::Path;

pub fn execute(args: MergeArgs, out: &mut dyn Write) -> Result<(), CliError> {
    // Market study files (`lpo-sim market --out`) are told apart by their content.
    if let Some(first) = args.files.first()
        && let Ok(text) = super::market::read_text(first)
        && is_market_file(&text)
    {
        return super::market::merge(args, out);
    }
    if args.out.is_some() {
        return Err(CliError::Usage {
            message: "--out writes a merged market study file, but these are `lpo-sim mc` study \
                      files"
                .to_owned(),
            hint: "write the merged study file of `lpo-sim mc` shards with --json".to_owned(),
        });
    }
    let request = MergeRequest::from_args(args)?;
    let shards = request
        .files
        .iter()
        .map(|path| Ok((path.display().to_string(), read_study(path)?)))
        .collect::<Result<Vec<_>, CliError>>()?;
    let merged = merge_shards(shards)?;
    // Study files record the scenario by fingerprint, and its currency. A study file names
    // its ensemble by fingerprint only; the report's own section "Across plausible worlds"
    // still shows it.
    let scenario = format!("fingerprint {}", merged.manifest.scenario_fingerprint);
    let report = StudyReport::new(&merged, &scenario);
    let written = write_outputs(&request.outputs, &report, None);
    let printed = report.render(Format::Text, out).map_err(CliError::from);
    // A failed file outranks a closed stdout (`| head`), which is not reported at all.
    written.and(printed)
}

/// Reads one shard file: at most [`MAX_STUDY_FILE_BYTES`], then every check of
/// [`StudyFile::from_json`] (digest, bounds, summary) before anything is merged.
fn read_study(path: &Path) -> Result<StudyFile, CliError> {
    let shown = path.display().to_string();
    let unreadable = |error: std::io::Error| CliError::Usage {
        message: format!("cannot read `{shown}`: {error}"),
        hint: "give the --json files written by `lpo-sim mc --shard I/N --json FILE`".to_owned(),
    };
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_STUDY_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(unreadable)?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            return Err(CliError::Usage {
                message: format!(
                    "`{shown}` is not a study file: not UTF-8 text (byte {})",
                    error.utf8_error().valid_up_to()
                ),
                hint: STUDY_FILES_HINT.to_owned(),
            });
        }
    };
    if is_market_file(&text) {
        return Err(CliError::Usage {
            message: format!(
                "`{shown}` is a market study file (`lpo-sim market --out`), but the first file \
                 is an `lpo-sim mc` study file"
            ),
            hint: "merge the shards of one study at a time: `lpo-sim mc` files together, \
                   `lpo-sim market` files together"
                .to_owned(),
        });
    }
    StudyFile::from_json(&text, &shown).map_err(|error| {
        if matches!(error, StudyFileError::Syntax { .. }) && is_lifecycle_file(&text) {
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
            message: error.to_string(),
            hint: STUDY_FILES_HINT.to_owned(),
        }
    })
}

const STUDY_FILES_HINT: &str =
    "give the --json files written by `lpo-sim mc --shard I/N --json FILE`, unedited";

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
