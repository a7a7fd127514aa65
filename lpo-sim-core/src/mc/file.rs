//! The study file: a manifest, the statistics and the mergeable state, and merging shard
//! files into the file one run would have written.

use super::engine::StopReason;
use super::state::McState;
use super::summary::McSummary;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::ops::Range;

/// What identifies a study and which part of it a file holds. Holds no clock time or host
/// name: the same inputs always give the same bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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

/// Largest study file read: 64 MiB. A study of the longest horizon (1,200 months) writes
/// about 10 MB; the cap keeps a wrong path or a hostile file from exhausting memory (parsing
/// takes at most a few times the file's size).
pub const MAX_STUDY_FILE_BYTES: u64 = 64 << 20;

/// Everything a Monte Carlo run writes. Written with a digest of its content
/// ([`StudyFile::digest`]); read back only through [`StudyFile::from_json`], which checks the
/// digest, every structural bound ([`StudyFile::check`]) and that the summary is the one the
/// state gives.
#[derive(Debug, Clone, PartialEq)]
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

/// What the digest covers: everything but the summary (derived from the state, and checked
/// against it) and the digest itself, in this order, as compact JSON.
#[derive(Serialize)]
struct Content<'a> {
    manifest: &'a Manifest,
    partial: bool,
    stop: StopReason,
    state: &'a McState,
}

/// A study file as read, before any check.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredStudy<'a> {
    manifest: Manifest,
    partial: bool,
    stop: StopReason,
    /// Kept as text until the state has passed its checks and can be summarised.
    #[serde(borrow)]
    summary: &'a RawValue,
    state: McState,
    digest: Option<String>,
}

impl StoredStudy<'_> {
    fn digest(&self) -> String {
        digest_of(&Content {
            manifest: &self.manifest,
            partial: self.partial,
            stop: self.stop,
            state: &self.state,
        })
    }
}

impl Serialize for StudyFile {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Sealed<'a> {
            manifest: &'a Manifest,
            partial: bool,
            stop: StopReason,
            summary: &'a McSummary,
            state: &'a McState,
            digest: String,
        }
        Sealed {
            manifest: &self.manifest,
            partial: self.partial,
            stop: self.stop,
            summary: &self.summary,
            state: &self.state,
            digest: self.digest(),
        }
        .serialize(serializer)
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

    /// Pretty JSON with a final newline, ending with the digest; byte-identical for
    /// identical contents.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a study file always serialises") + "\n"
    }

    /// The digest written with the file: FNV-1a (64-bit) of the compact JSON of its manifest,
    /// `partial`, `stop` and state, as `fnv1a64:` and 16 hex digits. The same on every
    /// machine; any edit of those fields changes it. It guards against accidents (an edited
    /// or damaged file), not against forgery: anyone can compute it.
    pub fn digest(&self) -> String {
        digest_of(&Content {
            manifest: &self.manifest,
            partial: self.partial,
            stop: self.stop,
            state: &self.state,
        })
    }

    /// Reads a study file written by [`StudyFile::to_json`]. `origin` names the file in
    /// errors.
    ///
    /// In order, each before anything large is allocated or computed: the size (at most
    /// [`MAX_STUDY_FILE_BYTES`]); the syntax, every field known and nothing after the
    /// document; the digest; every structural bound ([`StudyFile::check`]); and only then
    /// the summary, which must be the one the state gives.
    ///
    /// # Errors
    /// [`StudyFileError`] naming the file and, for a damaged file, the field.
    pub fn from_json(text: &str, origin: &str) -> Result<StudyFile, StudyFileError> {
        let stored = parse(text, origin)?;
        let computed = stored.digest();
        match &stored.digest {
            None => {
                return Err(StudyFileError::NoDigest {
                    file: origin.to_owned(),
                });
            }
            Some(digest) if *digest != computed => {
                return Err(StudyFileError::Digest {
                    file: origin.to_owned(),
                    stored: digest.clone(),
                    computed,
                });
            }
            Some(_) => {}
        }
        let damaged = |flaw| StudyFileError::Damaged {
            file: origin.to_owned(),
            flaw,
        };
        let unchecked = Unsummarised {
            manifest: &stored.manifest,
            partial: stored.partial,
            stop: stored.stop,
            state: &stored.state,
        };
        unchecked.check().map_err(damaged)?;
        let summary = McSummary::of(&stored.state);
        check_summary(stored.summary, &summary).map_err(damaged)?;
        Ok(StudyFile {
            manifest: stored.manifest,
            partial: stored.partial,
            stop: stored.stop,
            summary,
            state: stored.state,
        })
    }

    /// The digest that the content of the study file `text` gives, whatever digest it
    /// carries: for tools (and tests) that edit study files on purpose. Nothing but the
    /// syntax is checked.
    ///
    /// # Errors
    /// As [`StudyFile::from_json`], for the size and the syntax.
    pub fn content_digest(text: &str) -> Result<String, StudyFileError> {
        Ok(parse(text, "<study file>")?.digest())
    }

    /// Checks that the file could have been written by this version: the manifest's fields
    /// ([`Manifest::check`]), the state's ([`McState::check`]), a replicate count that
    /// matches the manifest's range, and a cancelled study marked partial. Cheap.
    ///
    /// # Errors
    /// The first flaw found, naming the field.
    pub fn check(&self) -> Result<(), StudyFlaw> {
        Unsummarised {
            manifest: &self.manifest,
            partial: self.partial,
            stop: self.stop,
            state: &self.state,
        }
        .check()
    }
}

/// A study file's fields but the summary.
struct Unsummarised<'a> {
    manifest: &'a Manifest,
    partial: bool,
    stop: StopReason,
    state: &'a McState,
}

impl Unsummarised<'_> {
    fn check(&self) -> Result<(), StudyFlaw> {
        self.manifest.check()?;
        self.state.check()?;
        let r = &self.manifest.replicates;
        if r.end - r.start != self.state.runs {
            return Err(StudyFlaw::new(
                "state.runs".to_owned(),
                format!(
                    "{} does not match `manifest.replicates` {}..{}",
                    self.state.runs, r.start, r.end
                ),
            ));
        }
        if self.stop == StopReason::Cancelled && !self.partial {
            return Err(StudyFlaw::new(
                "partial".to_owned(),
                "must be true for a cancelled study".to_owned(),
            ));
        }
        Ok(())
    }
}

impl Manifest {
    /// Checks the fields of a manifest read from a file: a version and a strategy name of
    /// reasonable length, a fingerprint of 16 hex digits, a valid currency label, a range of
    /// replicates within the study, and a precision target that parses.
    ///
    /// # Errors
    /// The first flaw found, naming the field.
    pub fn check(&self) -> Result<(), StudyFlaw> {
        let flaw = |field: &str, why: String| Err(StudyFlaw::new(format!("manifest.{field}"), why));
        let label = |text: &str| {
            (1..=64).contains(&text.chars().count()) && !text.chars().any(char::is_control)
        };
        if !label(&self.crate_version) {
            return flaw(
                "crate_version",
                "must be 1 to 64 characters, none a control character".to_owned(),
            );
        }
        if !label(&self.strategy) {
            return flaw(
                "strategy",
                "must be 1 to 64 characters, none a control character".to_owned(),
            );
        }
        let fingerprint = &self.scenario_fingerprint;
        if fingerprint.len() != 16 || !fingerprint.bytes().all(|b| b.is_ascii_hexdigit()) {
            return flaw(
                "scenario_fingerprint",
                format!("{fingerprint:?} is not 16 hexadecimal digits"),
            );
        }
        if let Some(problem) = crate::scenario::currency_problem(&self.currency) {
            return flaw("currency", problem);
        }
        let r = &self.replicates;
        if self.total_replicates == 0 {
            return flaw("total_replicates", "must be at least 1".to_owned());
        }
        if r.start > r.end || r.end > self.total_replicates {
            return flaw(
                "replicates",
                format!(
                    "{}..{} does not fit a study of {} replicates",
                    r.start, r.end, self.total_replicates
                ),
            );
        }
        if let Some(until) = &self.until
            && let Err(why) = super::PrecisionTarget::parse(until)
        {
            return flaw("until", why);
        }
        Ok(())
    }
}

/// One thing wrong in a study file: the field (a path such as
/// `state.outcomes.final_cash.moments.min`) and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{field}` {why}")]
pub struct StudyFlaw {
    /// Where, as a dotted path with `[i]` for list elements.
    pub field: String,
    /// What is wrong.
    pub why: String,
}

impl StudyFlaw {
    pub(crate) fn new(field: String, why: String) -> Self {
        StudyFlaw { field, why }
    }
}

/// Why a study file cannot be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum StudyFileError {
    /// Larger than [`MAX_STUDY_FILE_BYTES`].
    #[error(
        "`{file}` is larger than {limit} bytes, more than any study file holds (the longest \
         horizon writes about 10 MB); check the path"
    )]
    TooLarge {
        /// The file.
        file: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// Not JSON, not a study file's fields, or something after the document.
    #[error("`{file}` is not a study file: {message}")]
    Syntax {
        /// The file.
        file: String,
        /// What is wrong, with the field's path and the line and column.
        message: String,
    },
    /// No digest: not written by this version.
    #[error(
        "`{file}` has no digest: it was not written by this version's `lpo-sim mc --json` or \
         `lpo-sim merge`; rerun the study with this version"
    )]
    NoDigest {
        /// The file.
        file: String,
    },
    /// The digest does not match the content: edited or damaged.
    #[error(
        "`{file}` was changed after it was written: it carries digest {stored}, but its \
         content gives {computed}; rerun the study (or that shard) rather than edit its file"
    )]
    Digest {
        /// The file.
        file: String,
        /// The digest it carries.
        stored: String,
        /// The digest of its content.
        computed: String,
    },
    /// A field out of its bounds, or a summary that is not the state's.
    #[error("`{file}` is damaged: {flaw}")]
    Damaged {
        /// The file.
        file: String,
        /// The field and what is wrong with it.
        flaw: StudyFlaw,
    },
}

/// Parses without any check but the size and the syntax.
fn parse<'a>(text: &'a str, origin: &str) -> Result<StoredStudy<'a>, StudyFileError> {
    if text.len() as u64 > MAX_STUDY_FILE_BYTES {
        return Err(StudyFileError::TooLarge {
            file: origin.to_owned(),
            limit: MAX_STUDY_FILE_BYTES,
        });
    }
    let syntax = |message: String| StudyFileError::Syntax {
        file: origin.to_owned(),
        message,
    };
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let stored: StoredStudy<'a> =
        serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
            let path = error.path().to_string();
            let error = error.into_inner();
            if path.is_empty() || path == "." {
                syntax(error.to_string())
            } else {
                syntax(format!("`{path}`: {error}"))
            }
        })?;
    deserializer
        .end()
        .map_err(|error| syntax(format!("{error} after the study")))?;
    Ok(stored)
}

/// Checks that the summary a file carries is the one its (checked) state gives.
fn check_summary(stored: &RawValue, summary: &McSummary) -> Result<(), StudyFlaw> {
    let flaw = || {
        Err(StudyFlaw::new(
            "summary".to_owned(),
            "is not the summary of the file's state".to_owned(),
        ))
    };
    let expected = serde_json::to_value(summary).expect("a summary always serialises");
    // A summary far longer than the expected one cannot be it; refusing it unparsed keeps
    // the parse small.
    let expected_len = serde_json::to_string_pretty(&expected).map_or(0, |t| t.len());
    if stored.get().len() > 2 * expected_len + 4096 {
        return flaw();
    }
    match serde_json::from_str::<serde_json::Value>(stored.get()) {
        Ok(found) if found == expected => Ok(()),
        _ => flaw(),
    }
}

/// FNV-1a (64-bit) of the compact JSON of `content`, as `fnv1a64:` and 16 hex digits.
fn digest_of(content: &impl Serialize) -> String {
    format!("fnv1a64:{:016x}", crate::digest::fnv1a64_of_json(content))
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
        if r.end.checked_sub(r.start) != Some(file.state.runs) {
            return Err(MergeError::Inconsistent {
                file: name.clone(),
                start: r.start,
                end: r.end,
                runs: file.state.runs,
            });
        }
        // Every bound, before anything is merged: a file that passes cannot make the merge
        // overflow or allocate more than its buckets' span.
        file.check().map_err(|flaw| MergeError::Damaged {
            file: name.clone(),
            why: flaw.to_string(),
        })?;
        if file.state.horizon_months != first.state.horizon_months {
            return Err(MergeError::Damaged {
                file: name.clone(),
                why: format!(
                    "its horizon of {} months differs from the {} of `{first_name}`",
                    file.state.horizon_months, first.state.horizon_months
                ),
            });
        }
        if file.state.members.len() != first.state.members.len() {
            return Err(MergeError::Damaged {
                file: name.clone(),
                why: format!(
                    "its tallies of {} ensemble members differ from the {} of `{first_name}`",
                    file.state.members.len(),
                    first.state.members.len()
                ),
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
    // The per-member tallies of a study over an ensemble merge too.
    let mut state = McState::with_members(first.state.horizon_months, first.state.members.len());
    for (_, file) in &files {
        state.merge(&file.state);
    }
    let mut manifest = first.manifest.clone();
    manifest.replicates = 0..manifest.total_replicates;
    Ok(StudyFile::new(manifest, StopReason::Completed, state))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mc::Study;
    use crate::mc::accumulate::BucketStore;
    use crate::{BuiltinStrategy, Scenario};

    /// A small complete study: 3 months, 64 replicates (some firms fail, none breaks even).
    fn study() -> StudyFile {
        let mut scenario = Scenario::default();
        scenario.set("horizon_months", 3.0).unwrap();
        let rule = scenario.strategy.rule;
        let outcome = Study::new(&scenario)
            .config(super::super::McConfig::default().seed(3).runs(64))
            .strategy(|| BuiltinStrategy::RuleBased.build(&rule))
            .run()
            .unwrap();
        let manifest = Manifest::new(&scenario, "rule-based", 3, 64, outcome.replicates, None);
        StudyFile::new(manifest, outcome.stop, outcome.state)
    }

    fn read(text: &str) -> Result<StudyFile, StudyFileError> {
        StudyFile::from_json(text, "s.json")
    }

    #[test]
    fn a_written_file_reads_back_to_the_same_bytes_and_ends_with_its_digest() {
        let file = study();
        let json = file.to_json();
        assert!(
            json.trim_end()
                .ends_with(&format!("\"digest\": \"{}\"\n}}", file.digest()))
        );
        assert_eq!(read(&json).unwrap().to_json(), json);
        assert_eq!(StudyFile::content_digest(&json).unwrap(), file.digest());
        // The digest does not depend on the layout: compact JSON reads too.
        let compact: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(read(&compact.to_string()).unwrap().to_json(), json);
    }

    #[test]
    fn any_edit_of_the_content_breaks_the_digest() {
        let json = study().to_json();
        let edited = json.replacen("\"bankrupt\": ", "\"bankrupt\": 1", 1);
        assert!(matches!(read(&edited), Err(StudyFileError::Digest { .. })));
        let edited = json.replacen("\"currency\": \"USD\"", "\"currency\": \"EUR\"", 1);
        let error = read(&edited).unwrap_err().to_string();
        assert!(
            error.contains("`s.json` was changed after it was written"),
            "{error}"
        );
    }

    #[test]
    fn missing_digest_trailing_data_unknown_fields_and_size_are_refused() {
        let json = study().to_json();
        let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
        value.as_object_mut().unwrap().remove("digest");
        assert!(matches!(
            read(&value.to_string()),
            Err(StudyFileError::NoDigest { .. })
        ));
        let error = read(&format!("{json}{{}}")).unwrap_err().to_string();
        assert!(error.contains("trailing characters"), "{error}");
        let extra = json.replacen(
            "\"alive_at_month_end\": ",
            "\"extra\": 1, \"alive_at_month_end\": ",
            1,
        );
        let error = read(&extra).unwrap_err().to_string();
        assert!(error.contains("`state.extra`: unknown field"), "{error}");
        let huge = " ".repeat(MAX_STUDY_FILE_BYTES as usize + 1);
        assert!(matches!(read(&huge), Err(StudyFileError::TooLarge { .. })));
    }

    #[test]
    fn an_edited_summary_is_refused_even_with_its_digest() {
        let json = study().to_json();
        let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
        value["summary"]["runs"] = serde_json::json!(1);
        let error = read(&value.to_string()).unwrap_err();
        assert!(
            matches!(&error, StudyFileError::Damaged { flaw, .. } if flaw.field == "summary"),
            "{error}"
        );
    }

    type Damage = fn(&mut StudyFile);

    /// Each bound, edited alone into an otherwise good file that carries the digest of its
    /// edited content (as a deliberate forgery would), is caught and named.
    #[test]
    fn every_structural_bound_is_checked_and_named() {
        let cases: Vec<(&str, Damage)> = vec![
            ("state.outcomes.final_cash.sketch.positive.offset", |f| {
                f.state.outcomes.final_cash.sketch.positive.offset = i32::MAX - 5
            }),
            ("state.outcomes.final_cash.sketch.positive.offset", |f| {
                f.state.outcomes.final_cash.sketch.positive.offset = i32::MIN
            }),
            ("state.outcomes.final_cash.sketch.negative.offset", |f| {
                f.state.outcomes.final_cash.sketch.negative = BucketStore {
                    offset: 7,
                    counts: Vec::new(),
                }
            }),
            ("state.outcomes.final_cash.sketch.positive.counts", |f| {
                f.state
                    .outcomes
                    .final_cash
                    .sketch
                    .positive
                    .counts
                    .insert(0, 0);
                f.state.outcomes.final_cash.sketch.positive.offset -= 1;
            }),
            ("state.outcomes.final_cash.sketch", |f| {
                *f.state
                    .outcomes
                    .final_cash
                    .sketch
                    .positive
                    .counts
                    .last_mut()
                    .unwrap() += 1
            }),
            ("state.outcomes.final_cash.moments.min", |f| {
                let m = &mut f.state.outcomes.final_cash.moments;
                std::mem::swap(&mut m.min, &mut m.max);
            }),
            ("state.outcomes.final_cash.moments.n", |f| {
                f.state.outcomes.final_cash.moments.n = f.state.runs + 1
            }),
            ("state.outcomes.final_cash.moments.sum", |f| {
                f.state.outcomes.final_cash.moments.sum = i128::MAX
            }),
            ("state.outcomes.final_cash.moments.sum_squares", |f| {
                f.state.outcomes.final_cash.moments.sum_squares[0] = 1
            }),
            ("state.outcomes.final_cash.moments.sum_squares", |f| {
                f.state.outcomes.final_cash.moments.sum_squares = [0, 0]
            }),
            // More than n · max for months of a 3-month study, whatever n is.
            ("state.outcomes.break_even_month.moments.sum", |f| {
                f.state.outcomes.break_even_month.moments.sum += 1_000
            }),
            ("state.outcomes.final_cash.moments.quantum", |f| {
                f.state.outcomes.final_cash.moments.quantum = 1.0
            }),
            ("state.outcomes.final_cash.sketch.alpha", |f| {
                f.state.outcomes.final_cash.sketch.alpha = 0.01
            }),
            ("state.bankrupt", |f| f.state.bankrupt = f.state.runs + 1),
            ("state.alive_at_month_end[1]", |f| {
                f.state.alive_at_month_end[1] = f.state.alive_at_month_end[0] + 1
            }),
            ("state.break_even_in_month", |f| {
                f.state.break_even_in_month[0] = f.state.runs + 1
            }),
            ("state.horizon_months", |f| f.state.horizon_months = 1201),
            ("state.horizon_months", |f| f.state.horizon_months = 0),
            ("state.alive_at_month_end", |f| f.state.horizon_months = 4),
            ("state.fans.mean_trust", |f| {
                f.state.fans.mean_trust.pop();
            }),
            ("state.fans.cash[2].alpha", |f| {
                f.state.fans.cash[2].alpha = 0.005
            }),
            ("state.fans.cash[0]", |f| {
                f.state.fans.cash[0].zero = f.state.runs
            }),
            ("state.fans.revenue[1].positive.offset", |f| {
                f.state.fans.revenue[1].positive.offset = i32::MAX
            }),
            ("state.runs", |f| f.manifest.replicates = 0..63),
            ("partial", |f| f.stop = StopReason::Cancelled),
            ("manifest.currency", |f| f.manifest.currency = String::new()),
            ("manifest.currency", |f| {
                f.manifest.currency = "US\u{7}D".to_owned()
            }),
            ("manifest.scenario_fingerprint", |f| {
                f.manifest.scenario_fingerprint = "nope".to_owned()
            }),
            ("manifest.strategy", |f| {
                f.manifest.strategy = "x".repeat(65)
            }),
            ("manifest.crate_version", |f| {
                f.manifest.crate_version = String::new()
            }),
            ("manifest.replicates", |f| f.manifest.replicates = 0..65),
            ("manifest.total_replicates", |f| {
                f.manifest.total_replicates = 0
            }),
            ("manifest.until", |f| {
                f.manifest.until = Some("p_bankrupt:NaN".to_owned())
            }),
        ];
        for (field, damage) in cases {
            let mut file = study();
            assert!(file.check().is_ok());
            damage(&mut file);
            let flaw = file.check().expect_err(field);
            assert_eq!(flaw.field, field, "{flaw}");
            // Through the reader too, with the digest of the edited content.
            match read(&file.to_json()) {
                Err(StudyFileError::Damaged { flaw, .. }) => assert_eq!(flaw.field, field),
                other => panic!("{field}: {other:?}"),
            }
        }
    }

    #[test]
    fn shards_over_an_ensemble_merge_with_their_member_tallies() {
        use crate::mc::Ensemble;
        use std::sync::Arc;
        let mut scenario = Scenario::default();
        scenario.set("horizon_months", 6.0).unwrap();
        let rule = scenario.strategy.rule;
        let ensemble = Arc::new(Ensemble::new(
            vec!["finance.founder_draw".to_owned()],
            vec![vec![1000.0], vec![2500.0], vec![4000.0]],
        ));
        let run = |range: Range<u64>| {
            let outcome = Study::new(&scenario)
                .seed(5)
                .replicates(range)
                .ensemble(ensemble.clone())
                .strategy(|| BuiltinStrategy::RuleBased.build(&rule))
                .run()
                .unwrap();
            let mut manifest =
                Manifest::new(&scenario, "rule-based", 5, 90, outcome.replicates, None);
            manifest.ensemble = Some(ensemble.fingerprint());
            StudyFile::new(manifest, outcome.stop, outcome.state)
        };
        let whole = run(0..90);
        assert_eq!(whole.state.members.len(), 3);
        let merged = merge_shards(vec![
            ("b".to_owned(), run(40..90)),
            ("a".to_owned(), run(0..40)),
        ])
        .unwrap();
        assert_eq!(merged.state.members, whole.state.members);
        assert!(merged.summary.ensemble.is_some());
        assert_eq!(merged.to_json(), whole.to_json());
    }
}
