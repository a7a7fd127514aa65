//! The study file: a manifest, the statistics and the mergeable state, and merging shard
//! files into the file one run would have written.

use super::engine::StopReason;
use super::state::McState;
use super::summary::McSummary;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// What identifies a study and which part of it a file holds. Holds no clock time or host
/// name: the same inputs always give the same bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// `lpo-sim-core` version that produced the file.
    pub crate_version: String,
    /// [`crate::Scenario::fingerprint`] of the scenario.
    pub scenario_fingerprint: String,
    /// The scenario's currency (amounts in the file are in it).
    pub currency: String,
    /// Strategy name.
    pub strategy: String,
    /// Master seed.
    pub seed: u64,
    /// Replicates in the whole study (a shard holds part of `0..total_replicates`).
    pub total_replicates: u64,
    /// Replicates this file holds.
    pub replicates: Range<u64>,
    /// The precision target, if any.
    pub until: Option<String>,
    /// The fingerprint of the ensemble the study ran over, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ensemble: Option<String>,
}

impl Manifest {
    /// A manifest for the current crate version.
    pub fn new(
        scenario: &crate::Scenario,
        strategy: &str,
        seed: u64,
        total_replicates: u64,
        replicates: Range<u64>,
        until: Option<String>,
    ) -> Self {
        Manifest {
            crate_version: env!("CARGO_PKG_VERSION").to_owned(),
            scenario_fingerprint: scenario.fingerprint(),
            currency: scenario.currency.clone(),
            strategy: strategy.to_owned(),
            seed,
            total_replicates,
            replicates,
            until,
            ensemble: None,
        }
    }
}

/// Everything a Monte Carlo run writes. Reading a file recomputes `summary` from `state`
/// (the summary is derived; NaN statistics are written as `null`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "StoredStudy")]
pub struct StudyFile {
    /// Identity and range.
    pub manifest: Manifest,
    /// True when the file holds fewer replicates than planned (cancelled).
    pub partial: bool,
    /// Why the run stopped.
    pub stop: StopReason,
    /// Every statistic.
    pub summary: McSummary,
    /// The mergeable accumulators.
    pub state: McState,
}

/// What a study file holds besides its derived summary.
#[derive(Deserialize)]
struct StoredStudy {
    manifest: Manifest,
    partial: bool,
    stop: StopReason,
    state: McState,
}

impl From<StoredStudy> for StudyFile {
    fn from(stored: StoredStudy) -> Self {
        let mut file = StudyFile::new(stored.manifest, stored.stop, stored.state);
        // A file marked partial stays partial, whatever its stop reason says.
        file.partial |= stored.partial;
        file
    }
}

impl StudyFile {
    /// A file for `state`, computing its summary.
    pub fn new(manifest: Manifest, stop: StopReason, state: McState) -> Self {
        StudyFile {
            // A cancelled study abandons the round in progress, so it always holds fewer
            // replicates than planned.
            partial: stop == StopReason::Cancelled,
            stop,
            summary: McSummary::of(&state),
            manifest,
            state,
        }
    }

    /// Pretty JSON with a final newline; byte-identical for identical contents.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a study file always serialises") + "\n"
    }
}

/// Why shard files cannot be merged. Every variant is fatal for the merge.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum MergeError {
    /// No files given.
    #[error("nothing to merge: give at least one shard file")]
    Empty,
    /// Files of different studies.
    #[error(
        "`{file}` is from a different study: its {field} is {theirs}, but `{first_file}` has {ours}; \
         merge only shards of one `lpo-sim mc --shard I/N` study (same scenario, strategy, seed, runs and version)"
    )]
    DifferentStudy {
        /// The field that differs.
        field: &'static str,
        /// The first file.
        first_file: String,
        /// Its value.
        ours: String,
        /// The file that differs.
        file: String,
        /// Its value.
        theirs: String,
    },
    /// A shard was cancelled before finishing.
    #[error("`{file}` is partial (its run was interrupted); rerun that shard before merging")]
    Partial {
        /// The file.
        file: String,
    },
    /// A shard's replicate count does not match its range (edited or corrupt file).
    #[error("`{file}` claims replicates {start}..{end} but holds {runs}; the file is damaged")]
    Inconsistent {
        /// The file.
        file: String,
        /// Range start.
        start: u64,
        /// Range end.
        end: u64,
        /// Replicates in its state.
        runs: u64,
    },
    /// A shard's contents are not what this version writes (edited or damaged).
    #[error("`{file}` is damaged or from another version: {why}")]
    Damaged {
        /// The file.
        file: String,
        /// What is wrong.
        why: String,
    },
    /// Two shards hold the same replicates.
    #[error("`{a}` and `{b}` overlap: both hold replicates {from}..{to}")]
    Overlap {
        /// One file.
        a: String,
        /// The other.
        b: String,
        /// Start of the overlap.
        from: u64,
        /// End of the overlap.
        to: u64,
    },
    /// Replicates no shard holds.
    #[error("replicates {from}..{to} are in no file: add the missing shard(s)")]
    Missing {
        /// Start of the gap.
        from: u64,
        /// End of the gap.
        to: u64,
    },
}

/// Merges shard files (each `(name, file)`) into the file a single run of the whole study
/// would have written, byte for byte.
///
/// # Errors
/// [`MergeError`] when the files are not exactly the shards of one complete study.
pub fn merge_shards(mut files: Vec<(String, StudyFile)>) -> Result<StudyFile, MergeError> {
    let Some((first_name, first)) = files.first().cloned() else {
        return Err(MergeError::Empty);
    };
    for (name, file) in &files {
        let (a, b) = (&first.manifest, &file.manifest);
        let checks: [(&'static str, String, String); 7] = [
            (
                "crate version",
                a.crate_version.clone(),
                b.crate_version.clone(),
            ),
            (
                "scenario fingerprint",
                a.scenario_fingerprint.clone(),
                b.scenario_fingerprint.clone(),
            ),
            ("strategy", a.strategy.clone(), b.strategy.clone()),
            ("seed", a.seed.to_string(), b.seed.to_string()),
            (
                "total replicates",
                a.total_replicates.to_string(),
                b.total_replicates.to_string(),
            ),
            (
                "precision target",
                format!("{:?}", a.until),
                format!("{:?}", b.until),
            ),
            (
                "ensemble",
                format!("{:?}", a.ensemble),
                format!("{:?}", b.ensemble),
            ),
        ];
        for (field, ours, theirs) in checks {
            if ours != theirs {
                return Err(MergeError::DifferentStudy {
                    field,
                    first_file: first_name.clone(),
                    ours,
                    file: name.clone(),
                    theirs,
                });
            }
        }
        if file.partial {
            return Err(MergeError::Partial { file: name.clone() });
        }
        let r = &file.manifest.replicates;
        let damaged = |why: String| MergeError::Damaged {
            file: name.clone(),
            why,
        };
        if r.start > r.end || r.end > file.manifest.total_replicates {
            return Err(damaged(format!(
                "replicates {}..{} do not fit a study of {}",
                r.start, r.end, file.manifest.total_replicates
            )));
        }
        if file.state.horizon_months != first.state.horizon_months {
            return Err(damaged(
                "its horizon differs from the other shards'".to_owned(),
            ));
        }
        file.state.check().map_err(damaged)?;
        if r.end.saturating_sub(r.start) != file.state.runs {
            return Err(MergeError::Inconsistent {
                file: name.clone(),
                start: r.start,
                end: r.end,
                runs: file.state.runs,
            });
        }
    }
    files.sort_by_key(|(_, f)| (f.manifest.replicates.start, f.manifest.replicates.end));
    let mut covered = 0u64;
    let mut previous = String::new();
    for (name, file) in &files {
        let r = &file.manifest.replicates;
        if r.start < covered {
            return Err(MergeError::Overlap {
                a: previous,
                b: name.clone(),
                from: r.start,
                to: covered.min(r.end),
            });
        }
        if r.start > covered {
            return Err(MergeError::Missing {
                from: covered,
                to: r.start,
            });
        }
        covered = r.end;
        previous = name.clone();
    }
    if covered < first.manifest.total_replicates {
        return Err(MergeError::Missing {
            from: covered,
            to: first.manifest.total_replicates,
        });
    }
    let mut state = McState::new(first.state.horizon_months);
    for (_, file) in &files {
        state.merge(&file.state);
    }
    let mut manifest = first.manifest.clone();
    manifest.replicates = 0..manifest.total_replicates;
    Ok(StudyFile::new(manifest, StopReason::Completed, state))
}
