//! The market study file (`lpo-sim market --out FILE`): what a market study ran (its
//! manifest), its exact, mergeable states and a digest of them; and merging the files of a
//! study's shards into the file one run of the whole study writes, byte for byte.
//!
//! Read back only through [`MarketStudyFile::from_json`], which checks the size, the syntax,
//! the digest and every structural bound before anything is merged or summarised, as
//! [`crate::mc::StudyFile::from_json`] does for `lpo-sim mc`.

use super::engine::MAX_FIRMS;
use super::params::MarketParams;
use super::study::{MarketState, MarketStudyOutcome};
use crate::mc::{ExactMoments, MAX_STUDY_FILE_BYTES, StopReason, StudyFlaw};
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// The `kind` every market study file starts with: what tells it from an `lpo-sim mc` study
/// file.
pub const MARKET_FILE_KIND: &str = "lpo-sim market study";

/// Longest firm name, scenario label or change a file may carry, in characters.
const MAX_LABEL: usize = 4096;
/// Most changes one firm may carry.
const MAX_CHANGES: usize = 1024;

/// One firm of a market as it entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarketFileFirm {
    /// The name shown.
    pub name: String,
    /// Its strategy's name.
    pub strategy: String,
    /// Its `PATH=VALUE` changes to the market's scenario, in order.
    pub changes: Vec<String>,
    /// [`crate::Scenario::fingerprint`] of its scenario (the market's, with its changes).
    pub scenario_fingerprint: String,
}

/// What identifies a market study and which part of it a file holds. Holds no clock time or
/// host name: the same inputs always give the same bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarketManifest {
    /// `lpo-sim-core` version that produced the file.
    pub crate_version: String,
    /// Where the market's scenario came from (a path or a preset's name), as shown.
    pub scenario: String,
    /// The scenario's currency (amounts in the file are in it).
    pub currency: String,
    /// Master seed.
    pub seed: u64,
    /// Replicates in the whole study (a shard holds part of `0..total_replicates`).
    pub total_replicates: u64,
    /// Replicates this file holds.
    pub replicates: Range<u64>,
    /// The market's parameters.
    pub params: MarketParams,
    /// The firms, in entry order.
    pub firms: Vec<MarketFileFirm>,
    /// Whether each firm was also run alone on the same replicate seeds (`--alone`).
    pub alone: bool,
}

impl MarketManifest {
    /// The version written in `crate_version`: this crate's.
    pub fn this_version() -> String {
        env!("CARGO_PKG_VERSION").to_owned()
    }

    /// Checks the fields of a manifest read from a file: labels of reasonable length without
    /// control characters, fingerprints of 16 hex digits, a valid currency, a range of
    /// replicates within the study, market parameters in their ranges, 1 to [`MAX_FIRMS`]
    /// firms with distinct names.
    ///
    /// # Errors
    /// The first flaw found, naming the field.
    pub fn check(&self) -> Result<(), StudyFlaw> {
        let flaw = |field: &str, why: String| Err(StudyFlaw::new(format!("manifest.{field}"), why));
        let label = |text: &str, most: usize| {
            (1..=most).contains(&text.chars().count()) && !text.chars().any(char::is_control)
        };
        let label_why =
            |most: usize| format!("must be 1 to {most} characters, none a control character");
        if !label(&self.crate_version, 64) {
            return flaw("crate_version", label_why(64));
        }
        if !label(&self.scenario, MAX_LABEL) {
            return flaw("scenario", label_why(MAX_LABEL));
        }
        if let Some(problem) = crate::scenario::currency_problem(&self.currency) {
            return flaw("currency", problem);
        }
        if self.total_replicates == 0 {
            return flaw("total_replicates", "must be at least 1".to_owned());
        }
        let r = &self.replicates;
        if r.start > r.end || r.end > self.total_replicates {
            return flaw(
                "replicates",
                format!(
                    "{}..{} does not fit a study of {} replicates",
                    r.start, r.end, self.total_replicates
                ),
            );
        }
        if let Err(error) = self.params.validate() {
            return flaw("params", error.to_string());
        }
        if !(1..=MAX_FIRMS).contains(&self.firms.len()) {
            return flaw(
                "firms",
                format!(
                    "holds {} firms; a market holds 1 to {MAX_FIRMS}",
                    self.firms.len()
                ),
            );
        }
        for (k, f) in self.firms.iter().enumerate() {
            let field = |part: &str| format!("firms[{k}].{part}");
            if !label(&f.name, MAX_LABEL) {
                return flaw(&field("name"), label_why(MAX_LABEL));
            }
            if self.firms[..k].iter().any(|g| g.name == f.name) {
                return flaw(
                    &field("name"),
                    format!("{:?} is the name of an earlier firm", f.name),
                );
            }
            if !label(&f.strategy, 64) {
                return flaw(&field("strategy"), label_why(64));
            }
            if f.changes.len() > MAX_CHANGES {
                return flaw(
                    &field("changes"),
                    format!("holds {} changes, more than {MAX_CHANGES}", f.changes.len()),
                );
            }
            if let Some(i) = f.changes.iter().position(|c| !label(c, MAX_LABEL)) {
                return flaw(&format!("firms[{k}].changes[{i}]"), label_why(MAX_LABEL));
            }
            let fingerprint = &f.scenario_fingerprint;
            if fingerprint.len() != 16 || !fingerprint.bytes().all(|b| b.is_ascii_hexdigit()) {
                return flaw(
                    &field("scenario_fingerprint"),
                    format!("{fingerprint:?} is not 16 hexadecimal digits"),
                );
            }
        }
        Ok(())
    }
}

/// Everything a market study writes to `--out`: its manifest, how it stopped, and the exact,
/// mergeable state of the market (and, with `--alone`, of each firm alone). Written with a
/// digest of its content ([`MarketStudyFile::digest`]).
#[derive(Debug, Clone, PartialEq)]
pub struct MarketStudyFile {
    /// Identity and range.
    pub manifest: MarketManifest,
    /// True when the file holds fewer replicates than planned (cancelled).
    pub partial: bool,
    /// Why the run stopped.
    pub stop: StopReason,
    /// The market's state.
    pub state: MarketState,
    /// Each firm alone on the same replicate seeds, in entry order (empty without
    /// `--alone`); each a state of a market of that one firm.
    pub alone: Vec<MarketState>,
}

/// What the digest covers: everything but the digest itself, in this order, as compact
/// JSON.
#[derive(Serialize)]
struct Content<'a> {
    kind: &'a str,
    manifest: &'a MarketManifest,
    partial: bool,
    stop: StopReason,
    state: &'a MarketState,
    alone: &'a [MarketState],
}

/// A market study file as read, before any check.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Stored {
    #[serde(rename = "kind")]
    _kind: String,
    manifest: MarketManifest,
    partial: bool,
    stop: StopReason,
    state: MarketState,
    alone: Vec<MarketState>,
    digest: Option<String>,
}

/// Only the `kind` of a JSON document, to tell a market study file from other files.
#[derive(Deserialize)]
struct KindOnly {
    kind: Option<String>,
}

/// Whether `text` is (or claims to be) a market study file: a JSON object whose `kind` is
/// [`MARKET_FILE_KIND`]. Nothing else is checked.
pub fn is_market_file(text: &str) -> bool {
    serde_json::from_str::<KindOnly>(text)
        .ok()
        .and_then(|k| k.kind)
        .is_some_and(|kind| kind == MARKET_FILE_KIND)
}

impl Serialize for MarketStudyFile {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Sealed<'a> {
            kind: &'a str,
            manifest: &'a MarketManifest,
            partial: bool,
            stop: StopReason,
            state: &'a MarketState,
            alone: &'a [MarketState],
            digest: String,
        }
        Sealed {
            kind: MARKET_FILE_KIND,
            manifest: &self.manifest,
            partial: self.partial,
            stop: self.stop,
            state: &self.state,
            alone: &self.alone,
            digest: self.digest(),
        }
        .serialize(serializer)
    }
}

impl MarketStudyFile {
    /// The file of a study's outcome (and, with `--alone`, of each firm alone, in entry
    /// order): partial when cancelled.
    pub fn new(
        manifest: MarketManifest,
        outcome: MarketStudyOutcome,
        alone: Vec<MarketState>,
    ) -> Self {
        MarketStudyFile {
            // A cancelled study abandons the round in progress, so it holds fewer replicates
            // than planned.
            partial: outcome.stop == StopReason::Cancelled,
            stop: outcome.stop,
            state: outcome.state,
            alone,
            manifest,
        }
    }

    /// The study's outcome as the file holds it (what a report is made from).
    pub fn outcome(&self) -> MarketStudyOutcome {
        MarketStudyOutcome {
            replicates: self.manifest.replicates.clone(),
            stop: self.stop,
            state: self.state.clone(),
        }
    }

    /// Pretty JSON with a final newline, ending with the digest; byte-identical for
    /// identical contents.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a market study file always serialises") + "\n"
    }

    /// The digest written with the file: FNV-1a (64-bit) of the compact JSON of everything
    /// else in it, as `fnv1a64:` and 16 hex digits. It guards against accidents (an edited or
    /// damaged file), not against forgery.
    pub fn digest(&self) -> String {
        digest_of(&Content {
            kind: MARKET_FILE_KIND,
            manifest: &self.manifest,
            partial: self.partial,
            stop: self.stop,
            state: &self.state,
            alone: &self.alone,
        })
    }

    /// Reads a file written by [`MarketStudyFile::to_json`]; `origin` names it in errors.
    ///
    /// In order: the size (at most [`MAX_STUDY_FILE_BYTES`]); the syntax, every field known
    /// and nothing after the document; the kind; the digest; every structural bound
    /// ([`MarketStudyFile::check`]).
    ///
    /// # Errors
    /// [`MarketFileError`] naming the file and, for a damaged file, the field.
    pub fn from_json(text: &str, origin: &str) -> Result<MarketStudyFile, MarketFileError> {
        let stored = parse(text, origin)?;
        let file = MarketStudyFile {
            manifest: stored.manifest,
            partial: stored.partial,
            stop: stored.stop,
            state: stored.state,
            alone: stored.alone,
        };
        let computed = file.digest();
        match stored.digest {
            None => {
                return Err(MarketFileError::NoDigest {
                    file: origin.to_owned(),
                });
            }
            Some(digest) if digest != computed => {
                return Err(MarketFileError::Digest {
                    file: origin.to_owned(),
                    stored: digest,
                    computed,
                });
            }
            Some(_) => {}
        }
        file.check().map_err(|flaw| MarketFileError::Damaged {
            file: origin.to_owned(),
            flaw,
        })?;
        Ok(file)
    }

    /// The digest that the content of the market study file `text` gives, whatever digest
    /// it carries: for tools (and tests) that edit files on purpose. Only the syntax is
    /// checked.
    ///
    /// # Errors
    /// As [`MarketStudyFile::from_json`], for the size, the syntax and the kind.
    pub fn content_digest(text: &str) -> Result<String, MarketFileError> {
        let stored = parse(text, "<market study file>")?;
        Ok(digest_of(&Content {
            kind: MARKET_FILE_KIND,
            manifest: &stored.manifest,
            partial: stored.partial,
            stop: stored.stop,
            state: &stored.state,
            alone: &stored.alone,
        }))
    }

    /// Checks that the file could have been written by this version: the manifest
    /// ([`MarketManifest::check`]); a state of the manifest's firms whose replicate count
    /// matches the range, every count within it and every accumulator of this version's
    /// quantum and within its bounds; an `alone` state per firm exactly when the manifest
    /// says so; a cancelled study, and only a cancelled one, marked partial. Cheap; a file
    /// that passes can be merged and summarised without panic or overflow.
    ///
    /// # Errors
    /// The first flaw found, naming the field.
    pub fn check(&self) -> Result<(), StudyFlaw> {
        self.manifest.check()?;
        let r = &self.manifest.replicates;
        let runs = r.end - r.start;
        let names: Vec<&str> = self
            .manifest
            .firms
            .iter()
            .map(|f| f.name.as_str())
            .collect();
        check_state(&self.state, "state", &names, runs)?;
        let expected = if self.manifest.alone { names.len() } else { 0 };
        if self.alone.len() != expected {
            return Err(StudyFlaw::new(
                "alone".to_owned(),
                format!(
                    "holds {} states, but the manifest's `alone` {} asks for {expected}",
                    self.alone.len(),
                    self.manifest.alone
                ),
            ));
        }
        for (k, (state, name)) in self.alone.iter().zip(&names).enumerate() {
            check_state(state, &format!("alone[{k}]"), &[*name], runs)?;
        }
        match self.stop {
            StopReason::Completed if self.partial => Err(StudyFlaw::new(
                "partial".to_owned(),
                "must be false for a completed study".to_owned(),
            )),
            StopReason::Cancelled if !self.partial => Err(StudyFlaw::new(
                "partial".to_owned(),
                "must be true for a cancelled study".to_owned(),
            )),
            StopReason::PrecisionReached => Err(StudyFlaw::new(
                "stop".to_owned(),
                "a market study has no precision target, so it cannot have reached one".to_owned(),
            )),
            _ => Ok(()),
        }
    }
}

/// Checks one market state read from a file (named `field`): its firms are `names`, it holds
/// `runs` replicates, and every count and accumulator fits them.
fn check_state(
    state: &MarketState,
    field: &str,
    names: &[&str],
    runs: u64,
) -> Result<(), StudyFlaw> {
    let flaw = |part: &str, why: String| Err(StudyFlaw::new(format!("{field}.{part}"), why));
    if state.runs != runs {
        return flaw(
            "runs",
            format!(
                "{} does not match `manifest.replicates` ({runs})",
                state.runs
            ),
        );
    }
    let found: Vec<&str> = state.firms.iter().map(|f| f.name.as_str()).collect();
    if found != names {
        return flaw(
            "firms",
            format!("are {found:?}, not the manifest's firms {names:?}"),
        );
    }
    // The accumulators of this version, to compare quanta with.
    let fresh = MarketState::new(names.iter().copied());
    let moments = |part: &str, found: &ExactMoments, expected: &ExactMoments| {
        let part = format!("{field}.{part}");
        if found.quantum.to_bits() != expected.quantum.to_bits() {
            return Err(StudyFlaw::new(
                format!("{part}.quantum"),
                format!(
                    "{} is not this version's quantum {}",
                    found.quantum, expected.quantum
                ),
            ));
        }
        if found.n > runs {
            return Err(StudyFlaw::new(
                format!("{part}.n"),
                format!("{} is more than the {runs} runs", found.n),
            ));
        }
        found.check(&part)
    };
    for (k, (tally, empty)) in state.firms.iter().zip(&fresh.firms).enumerate() {
        let part = |name: &str| format!("firms[{k}].{name}");
        if tally.runs != runs {
            return flaw(
                &part("runs"),
                format!("{} does not match the state's {runs} runs", tally.runs),
            );
        }
        for (name, count) in [
            ("open", tally.open),
            ("bankrupt", tally.bankrupt),
            ("closed", tally.closed),
        ] {
            if count > runs {
                return flaw(&part(name), format!("{count} is more than the {runs} runs"));
            }
        }
        if tally.open + tally.bankrupt.max(tally.closed) > runs {
            return flaw(
                &part("open"),
                format!(
                    "{} open with {} bankrupt and {} closed are more than the {runs} runs",
                    tally.open, tally.bankrupt, tally.closed
                ),
            );
        }
        for ((name, found), (_, expected)) in tally.moments().into_iter().zip(empty.moments()) {
            moments(&part(name), found, expected)?;
        }
    }
    for ((name, found), (_, expected)) in state.moments().into_iter().zip(fresh.moments()) {
        moments(name, found, expected)?;
    }
    Ok(())
}

/// FNV-1a (64-bit) of the compact JSON of `content`, as `fnv1a64:` and 16 hex digits.
fn digest_of(content: &impl Serialize) -> String {
    format!("fnv1a64:{:016x}", crate::digest::fnv1a64_of_json(content))
}

/// Parses without any check but the size, the syntax and the kind.
fn parse(text: &str, origin: &str) -> Result<Stored, MarketFileError> {
    if text.len() as u64 > MAX_STUDY_FILE_BYTES {
        return Err(MarketFileError::TooLarge {
            file: origin.to_owned(),
            limit: MAX_STUDY_FILE_BYTES,
        });
    }
    if !is_market_file(text) {
        return Err(MarketFileError::NotMarket {
            file: origin.to_owned(),
        });
    }
    let syntax = |message: String| MarketFileError::Syntax {
        file: origin.to_owned(),
        message,
    };
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let stored: Stored = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
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

/// Why a market study file cannot be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum MarketFileError {
    /// Larger than [`MAX_STUDY_FILE_BYTES`].
    #[error(
        "`{file}` is larger than {limit} bytes, more than any market study file holds; check the path"
    )]
    TooLarge {
        /// The file.
        file: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// Not a JSON object of kind [`MARKET_FILE_KIND`].
    #[error(
        "`{file}` is not a market study file (no `\"kind\": \"{MARKET_FILE_KIND}\"`); market \
         study files are written by `lpo-sim market --out FILE`"
    )]
    NotMarket {
        /// The file.
        file: String,
    },
    /// Not a market study file's fields, or something after the document.
    #[error("`{file}` is not a valid market study file: {message}")]
    Syntax {
        /// The file.
        file: String,
        /// What is wrong, with the field's path and the line and column.
        message: String,
    },
    /// No digest.
    #[error(
        "`{file}` has no digest: it was not written by this version's `lpo-sim market --out` or \
         `lpo-sim merge --out`; rerun the study with this version"
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
    /// A field out of its bounds.
    #[error("`{file}` is damaged: {flaw}")]
    Damaged {
        /// The file.
        file: String,
        /// The field and what is wrong with it.
        flaw: StudyFlaw,
    },
}

/// Why market study files cannot be merged. Every variant is fatal for the merge.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum MarketMergeError {
    /// No files given.
    #[error("nothing to merge: give at least one market study file")]
    Empty,
    /// Files of different studies.
    #[error(
        "`{file}` is from a different market study: its {field} is {theirs}, but `{first_file}` \
         has {ours}; merge only the shards of one `lpo-sim market --shard I/N --out FILE` study \
         (same scenario, firms, market parameters, seed, runs, --alone and version)"
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
    /// A file fails [`MarketStudyFile::check`].
    #[error("`{file}` is damaged: {flaw}")]
    Damaged {
        /// The file.
        file: String,
        /// The field and what is wrong with it.
        flaw: StudyFlaw,
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

/// Firms as a merge error shows them: each name with its strategy and scenario fingerprint.
fn show_firms(firms: &[MarketFileFirm]) -> String {
    let shown: Vec<String> = firms
        .iter()
        .map(|f| {
            format!(
                "{:?} ({}, scenario {})",
                f.name, f.strategy, f.scenario_fingerprint
            )
        })
        .collect();
    format!("[{}]", shown.join(", "))
}

/// Merges the files of a market study's shards (each `(name, file)`, each already read by
/// [`MarketStudyFile::from_json`] or made by this version) into the file one run of the whole
/// study writes, byte for byte: the states are exact, so any order and grouping gives the
/// same bits.
///
/// # Errors
/// [`MarketMergeError`] when the files are not exactly the shards of one complete study.
pub fn merge_market_shards(
    mut files: Vec<(String, MarketStudyFile)>,
) -> Result<MarketStudyFile, MarketMergeError> {
    let Some((first_name, first)) = files.first().cloned() else {
        return Err(MarketMergeError::Empty);
    };
    for (name, file) in &files {
        let (a, b) = (&first.manifest, &file.manifest);
        let show = |v: &dyn std::fmt::Debug| format!("{v:?}");
        let checks: [(&'static str, String, String); 8] = [
            (
                "crate version",
                a.crate_version.clone(),
                b.crate_version.clone(),
            ),
            ("scenario", show(&a.scenario), show(&b.scenario)),
            ("currency", a.currency.clone(), b.currency.clone()),
            ("seed", a.seed.to_string(), b.seed.to_string()),
            (
                "total replicates",
                a.total_replicates.to_string(),
                b.total_replicates.to_string(),
            ),
            ("market parameters", show(&a.params), show(&b.params)),
            ("firms", show_firms(&a.firms), show_firms(&b.firms)),
            ("--alone", a.alone.to_string(), b.alone.to_string()),
        ];
        for (field, ours, theirs) in checks {
            if ours != theirs {
                return Err(MarketMergeError::DifferentStudy {
                    field,
                    first_file: first_name.clone(),
                    ours,
                    file: name.clone(),
                    theirs,
                });
            }
        }
        if file.partial {
            return Err(MarketMergeError::Partial { file: name.clone() });
        }
        file.check().map_err(|flaw| MarketMergeError::Damaged {
            file: name.clone(),
            flaw,
        })?;
    }
    // In replicate order (ties by name), so the order they were given in never matters.
    files.sort_by(|(a_name, a), (b_name, b)| {
        (
            a.manifest.replicates.start,
            a.manifest.replicates.end,
            a_name,
        )
            .cmp(&(
                b.manifest.replicates.start,
                b.manifest.replicates.end,
                b_name,
            ))
    });
    let total = first.manifest.total_replicates;
    let mut next = 0;
    let mut previous: Option<&str> = None;
    for (name, file) in &files {
        let r = &file.manifest.replicates;
        if r.start > next {
            return Err(MarketMergeError::Missing {
                from: next,
                to: r.start,
            });
        }
        if r.start < next {
            return Err(MarketMergeError::Overlap {
                a: previous.unwrap_or_default().to_owned(),
                b: name.clone(),
                from: r.start,
                to: next.min(r.end),
            });
        }
        next = r.end;
        previous = Some(name);
    }
    if next < total {
        return Err(MarketMergeError::Missing {
            from: next,
            to: total,
        });
    }
    let names = first.manifest.firms.iter().map(|f| f.name.as_str());
    let mut state = MarketState::new(names);
    let mut alone: Vec<MarketState> = first
        .alone
        .iter()
        .map(|s| MarketState::new(s.firms.iter().map(|f| f.name.as_str())))
        .collect();
    for (name, file) in &files {
        let damaged = |why: String| MarketMergeError::Damaged {
            file: name.clone(),
            flaw: StudyFlaw::new("state".to_owned(), why),
        };
        state.merge(&file.state).map_err(damaged)?;
        for (into, from) in alone.iter_mut().zip(&file.alone) {
            into.merge(from).map_err(damaged)?;
        }
    }
    let mut manifest = first.manifest;
    manifest.replicates = 0..total;
    Ok(MarketStudyFile {
        manifest,
        partial: false,
        stop: StopReason::Completed,
        state,
        alone,
    })
}
