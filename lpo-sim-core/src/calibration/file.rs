//! Calibration files as JSON: written by a history match, read back only through checks, and
//! the parts of one wave (shards) merged into the file one machine would have written.

use super::check::ranked;
use super::history::{
    CalibrationError, CalibrationFile, CalibrationManifest, Member, WaveRecord, check_priors,
};
use super::validate::Validation;
use crate::params::{ParamSpec, ParamValue, ParamVisitor, TextSpec, walk};
use crate::scenario::Scenario;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

/// Largest number of waves, points per wave or runs per point a calibration file may ask for
/// (the CLI's limit on a search's size): a file cannot make a wave allocate without bound.
pub const MAX_SETTING: u64 = 1_000_000;

/// Largest calibration file read: 64 MiB. A history match of the default settings writes a
/// few MB; the cap keeps a wrong path or a hostile file from exhausting memory.
pub const MAX_CALIBRATION_FILE_BYTES: u64 = 64 << 20;

/// What the digest covers: everything but the digest itself, in this order, as compact JSON.
/// A file without a validation has the digest it had before validations existed.
#[derive(Serialize)]
struct Content<'a> {
    manifest: &'a CalibrationManifest,
    waves: &'a [WaveRecord],
    #[serde(skip_serializing_if = "Option::is_none")]
    validation: Option<&'a Validation>,
}

/// A calibration file as read, before any check.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredCalibration {
    manifest: CalibrationManifest,
    waves: Vec<WaveRecord>,
    #[serde(default)]
    validation: Option<Validation>,
    digest: Option<String>,
}

impl Serialize for CalibrationFile {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Sealed<'a> {
            manifest: &'a CalibrationManifest,
            waves: &'a [WaveRecord],
            #[serde(skip_serializing_if = "Option::is_none")]
            validation: Option<&'a Validation>,
            digest: String,
        }
        Sealed {
            manifest: &self.manifest,
            waves: &self.waves,
            validation: self.validation.as_ref(),
            digest: self.digest(),
        }
        .serialize(serializer)
    }
}

/// FNV-1a (64-bit) of the compact JSON of the content, as `fnv1a64:` and 16 hex digits.
fn digest_of(
    manifest: &CalibrationManifest,
    waves: &[WaveRecord],
    validation: Option<&Validation>,
) -> String {
    format!(
        "fnv1a64:{:016x}",
        crate::digest::fnv1a64_of_json(&Content {
            manifest,
            waves,
            validation
        })
    )
}

impl CalibrationFile {
    /// The file as pretty-printed JSON with a final newline, ending with its digest: the same
    /// history match always gives the same bytes (no clock time, no host name).
    pub fn to_json(&self) -> String {
        let mut text =
            serde_json::to_string_pretty(self).expect("a calibration file always serialises");
        text.push('\n');
        text
    }

    /// The digest written with the file: FNV-1a (64-bit) of the compact JSON of its manifest
    /// and waves, as `fnv1a64:` and 16 hex digits (as a study file's). Any edit of a value
    /// changes it. It guards against accidents (an edited or damaged file), not against
    /// forgery: anyone can compute it.
    pub fn digest(&self) -> String {
        digest_of(&self.manifest, &self.waves, self.validation.as_ref())
    }

    /// Parses a calibration file (or a wave's part file) written by
    /// [`CalibrationFile::to_json`] and checks it. `origin` names it in errors.
    ///
    /// In order: the size (at most [`MAX_CALIBRATION_FILE_BYTES`]); the syntax, every field
    /// known and nothing after the document; the rule validation keeps members by, recorded
    /// (`validation_inside_every_range`: a file written before it was recorded cannot say
    /// which members form its ensemble); the digest; and every structural bound
    /// ([`CalibrationFile::check`]). A file that passes may still be unfinished
    /// ([`CalibrationFile::is_finished`]) or made on another scenario
    /// ([`CalibrationFile::differences_from`]): what may use it decides.
    ///
    /// # Examples
    /// ```
    /// use lpo_sim_core::Scenario;
    /// use lpo_sim_core::calibration::{CalibrationFile, HistoryMatchSettings, Targets, default_priors};
    /// let scenario = Scenario::default();
    /// let file = CalibrationFile::new(&scenario, &Targets::default(), default_priors(&scenario),
    ///     HistoryMatchSettings::default()).unwrap();
    /// let json = file.to_json();
    /// assert_eq!(CalibrationFile::from_json(&json, "f.json").unwrap(), file);
    /// // An edited value no longer matches the digest.
    /// let edited = json.replacen("\"seed\": 1", "\"seed\": 2", 1);
    /// assert!(CalibrationFile::from_json(&edited, "f.json").unwrap_err().to_string()
    ///     .contains("changed after it was written"));
    /// ```
    ///
    /// # Errors
    /// [`CalibrationError::File`] naming the file and what is wrong (for a damaged file, the
    /// field).
    pub fn from_json(text: &str, origin: &str) -> Result<CalibrationFile, CalibrationError> {
        let error = |message: String| CalibrationError::File {
            file: origin.to_owned(),
            message,
        };
        let stored = parse(text, origin)?;
        if !records_validation_rule(text) {
            return Err(error(format!(
                "does not record the rule validation keeps members by \
                 (`{VALIDATION_RULE_FIELD}`): earlier versions of `lpo-sim calibrate` left \
                 it out, first when a member plausible on the fresh seeds was kept, then when \
                 it also needed every estimate inside its range, so which members form its \
                 ensemble cannot be told; run the history match again with this version \
                 (`lpo-sim calibrate run`)"
            )));
        }
        let computed = digest_of(&stored.manifest, &stored.waves, stored.validation.as_ref());
        match &stored.digest {
            None => {
                return Err(error(
                    "has no digest: it was not written by this version's `lpo-sim calibrate`; \
                     run the history match again with this version (`lpo-sim calibrate run`)"
                        .to_owned(),
                ));
            }
            Some(digest) if *digest != computed => {
                return Err(error(format!(
                    "was changed after it was written: it carries digest {digest}, but its \
                     content gives {computed}; run the history match (or that wave's shard) \
                     again rather than edit its file"
                )));
            }
            Some(_) => {}
        }
        let file = CalibrationFile {
            manifest: stored.manifest,
            waves: stored.waves,
            validation: stored.validation,
        };
        file.check().map_err(error)?;
        Ok(file)
    }

    /// The digest that the content of the calibration file `text` gives, whatever digest it
    /// carries: for tools (and tests) that edit calibration files on purpose. Nothing but the
    /// size and the syntax is checked.
    ///
    /// # Errors
    /// As [`CalibrationFile::from_json`], for the size and the syntax.
    pub fn content_digest(text: &str) -> Result<String, CalibrationError> {
        let stored = parse(text, "<calibration file>")?;
        Ok(digest_of(
            &stored.manifest,
            &stored.waves,
            stored.validation.as_ref(),
        ))
    }

    /// Reads a calibration file: at most [`MAX_CALIBRATION_FILE_BYTES`], then
    /// [`CalibrationFile::from_json`].
    ///
    /// # Errors
    /// [`CalibrationError::File`] naming the file.
    pub fn from_path(path: &Path) -> Result<CalibrationFile, CalibrationError> {
        let origin = path.display().to_string();
        let error = |message: String| CalibrationError::File {
            file: origin.clone(),
            message,
        };
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| {
                f.take(MAX_CALIBRATION_FILE_BYTES + 1)
                    .read_to_end(&mut bytes)
            })
            .map_err(|e| error(format!("cannot read it: {e}")))?;
        if bytes.len() as u64 > MAX_CALIBRATION_FILE_BYTES {
            return Err(error(format!(
                "larger than {} MiB; not a calibration file",
                MAX_CALIBRATION_FILE_BYTES >> 20
            )));
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            error(format!(
                "not a calibration file: not UTF-8 text (byte {})",
                e.utf8_error().valid_up_to()
            ))
        })?;
        CalibrationFile::from_json(&text, &origin)
    }

    /// Whether the last wave holds only part of its points (a shard, to be merged).
    pub fn is_part(&self) -> bool {
        self.waves
            .last()
            .is_some_and(|w| w.evaluated != (0..self.manifest.settings.points_per_wave))
    }

    /// Whether every wave the settings ask for has run whole: only then is the ensemble the
    /// history match's result (an unfinished one keeps points a later wave would rule out).
    pub fn is_finished(&self) -> bool {
        self.waves.len() as u64 == u64::from(self.manifest.settings.waves) && !self.is_part()
    }

    /// What differs between `scenario` and the base scenario the history match ran on,
    /// leaving aside the calibrated parameters (every member sets its own values of them)
    /// `horizon_months` (how long a study runs is not part of the world it describes; the
    /// history match ran each point to the furthest month a target reads) and the career's
    /// settings (`career.*`: no target reads a career, so they cannot have shaped the
    /// ensemble): one line per
    /// parameter or text field, `path` with both values. Empty when the calibration is of
    /// this scenario.
    ///
    /// # Examples
    /// ```
    /// use lpo_sim_core::Scenario;
    /// use lpo_sim_core::calibration::{CalibrationFile, HistoryMatchSettings, Targets, default_priors};
    /// let base = Scenario::default();
    /// let file = CalibrationFile::new(&base, &Targets::default(), default_priors(&base),
    ///     HistoryMatchSettings::default()).unwrap();
    /// assert!(file.differences_from(&base).is_empty());
    /// let mut other = base.clone();
    /// other.set("founder.savings", 1.0).unwrap();
    /// assert_eq!(file.differences_from(&other),
    ///     ["`founder.savings` is 1 here, 30000 in the calibration's base scenario"]);
    /// ```
    pub fn differences_from(&self, scenario: &Scenario) -> Vec<String> {
        let base = &self.manifest.base_scenario;
        if scenario.fingerprint() == base.fingerprint() {
            return Vec::new();
        }
        // What a calibration does not fix: the study's length, the career before founding
        // (no target reads either), and automation (off in the historical world the targets
        // describe; a study that turns it on applies its path to each calibrated world).
        let calibrated = |path: &str| {
            path == "horizon_months"
                || path.starts_with("career.")
                || path.starts_with("ai.")
                || path == "strategy.rule.ai_adopt_above"
                || self.manifest.priors.iter().any(|p| p.path == path)
        };
        let theirs: BTreeMap<String, String> = fields_of(base).into_iter().collect();
        let ours = fields_of(scenario);
        let mut differences: Vec<String> = ours
            .iter()
            .filter(|(path, _)| !calibrated(path))
            .filter_map(|(path, value)| match theirs.get(path) {
                Some(other) if other == value => None,
                Some(other) => Some(format!(
                    "`{path}` is {value} here, {other} in the calibration's base scenario"
                )),
                None => Some(format!(
                    "`{path}` is {value} here and absent from the calibration's base scenario"
                )),
            })
            .collect();
        differences.extend(
            theirs
                .keys()
                .filter(|path| !ours.iter().any(|(p, _)| p == *path) && !calibrated(path))
                .map(|path| format!("`{path}` is absent here")),
        );
        differences
    }
}

/// Every numeric parameter and text field of `scenario` as `(path, value)` in declaration
/// order, each value as written (numbers in Rust's shortest round-trip form, so two values
/// print alike only if equal).
fn fields_of(scenario: &Scenario) -> Vec<(String, String)> {
    struct Fields(Vec<(String, String)>);
    impl ParamVisitor for Fields {
        fn visit(&mut self, path: &str, value: ParamValue<'_>, _: &ParamSpec) {
            self.0.push((path.to_owned(), value.get().to_string()));
        }
        fn text(&mut self, path: &str, value: &str, _: &TextSpec) {
            self.0.push((path.to_owned(), format!("{value:?}")));
        }
    }
    let mut fields = Fields(Vec::new());
    walk(&mut scenario.clone(), &mut fields);
    fields.0
}

/// Where a calibration file records the rule validation keeps members by.
const VALIDATION_RULE_FIELD: &str = "manifest.targets.implausibility.validation_inside_every_range";

/// Whether the calibration file `text` (already parsed) records the rule validation keeps
/// members by. Its type defaults the rule when absent, as a targets file may leave it out, so
/// a calibration file is read again for the field itself: a file written before it was
/// recorded was validated by plausibility alone, and one written while the rule was left
/// out when `true` by plausibility with every estimate inside; the two cannot be told apart.
fn records_validation_rule(text: &str) -> bool {
    #[derive(Deserialize)]
    struct File {
        manifest: Manifest,
    }
    #[derive(Deserialize)]
    struct Manifest {
        targets: Targets,
    }
    #[derive(Deserialize)]
    struct Targets {
        implausibility: Settings,
    }
    #[derive(Deserialize)]
    struct Settings {
        validation_inside_every_range: Option<bool>,
    }
    serde_json::from_str::<File>(text).is_ok_and(|f| {
        f.manifest
            .targets
            .implausibility
            .validation_inside_every_range
            .is_some()
    })
}

/// Parses without any check but the size and the syntax.
fn parse(text: &str, origin: &str) -> Result<StoredCalibration, CalibrationError> {
    let error = |message: String| CalibrationError::File {
        file: origin.to_owned(),
        message,
    };
    if text.len() as u64 > MAX_CALIBRATION_FILE_BYTES {
        return Err(error(format!(
            "larger than {} MiB; not a calibration file",
            MAX_CALIBRATION_FILE_BYTES >> 20
        )));
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let stored: StoredCalibration =
        serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            error(format!(
                "not a calibration file: {inner} (at `{path}`, line {} column {})",
                inner.line(),
                inner.column()
            ))
        })?;
    deserializer
        .end()
        .map_err(|e| error(format!("trailing data after the JSON document: {e}")))?;
    Ok(stored)
}

impl CalibrationFile {
    /// Checks everything a file could hold that this version would not write: the
    /// manifest (a version label, a valid base scenario whose fingerprint and currency the
    /// manifest repeats, the settings, the targets, measurable on its horizon, and the
    /// priors, each naming a parameter of the base scenario within its allowed range), and
    /// every wave (numbered in order, each at its cut-off, complete but for the last, its box
    /// inside the priors, its members in order, inside the box, whole where the parameter is,
    /// with one estimate and implausibility per target and the ranked implausibility they
    /// give).
    ///
    /// # Errors
    /// The first problem found, naming the wave, member and field.
    pub fn check(&self) -> Result<(), String> {
        let m = &self.manifest;
        let s = &m.settings;
        let version = &m.crate_version;
        if !(1..=64).contains(&version.chars().count()) || version.chars().any(char::is_control) {
            return Err(
                "`manifest.crate_version`: must be 1 to 64 characters, none a control character"
                    .to_owned(),
            );
        }
        if let Err(e) = m.base_scenario.validate() {
            return Err(format!("`manifest.base_scenario`: {e}"));
        }
        let fingerprint = m.base_scenario.fingerprint();
        if m.scenario_fingerprint != fingerprint {
            return Err(format!(
                "`manifest.scenario_fingerprint`: is {:?}, but the base scenario's is {fingerprint}",
                m.scenario_fingerprint
            ));
        }
        if m.currency != m.base_scenario.currency {
            return Err(format!(
                "`manifest.currency`: is {:?}, but the base scenario's is {:?}",
                m.currency, m.base_scenario.currency
            ));
        }
        if s.waves == 0
            || s.points_per_wave < 2
            || s.runs_per_point < 2
            || !(s.spread.is_finite() && s.spread > 0.0)
            || !(s.first_cutoff.is_finite() && s.first_cutoff > 0.0)
        {
            return Err(
                "`manifest.settings`: a history match needs at least 1 wave, 2 points \
                        per wave, 2 runs per point and a spread and a first cut-off above 0"
                    .to_owned(),
            );
        }
        for (field, value) in [
            ("waves", u64::from(s.waves)),
            ("points_per_wave", s.points_per_wave),
            ("runs_per_point", s.runs_per_point),
        ] {
            if value > MAX_SETTING {
                return Err(format!(
                    "`manifest.settings.{field}`: {value} is above the largest allowed, \
                     {MAX_SETTING}"
                ));
            }
        }
        m.targets
            .check()
            .map_err(|e| format!("`manifest.targets`: {e}"))?;
        check_priors(&m.base_scenario, &m.priors).map_err(|e| format!("`manifest.priors`: {e}"))?;
        if self.waves.len() as u64 > u64::from(s.waves) {
            return Err(format!(
                "`waves`: {} waves, but the settings ask for {}",
                self.waves.len(),
                s.waves
            ));
        }
        let (n_priors, n_targets) = (m.priors.len(), m.targets.targets.len());
        for (i, w) in self.waves.iter().enumerate() {
            let at = |field: &str, why: String| format!("`waves[{i}].{field}`: {why}");
            let number = i as u32 + 1;
            if w.wave != number {
                return Err(at("wave", format!("is {}, expected {number}", w.wave)));
            }
            if w.cutoff.to_bits() != self.cutoff_of(number).to_bits() {
                return Err(at(
                    "cutoff",
                    format!(
                        "is {}, but the settings give {} for wave {number}",
                        w.cutoff,
                        self.cutoff_of(number)
                    ),
                ));
            }
            let last = i + 1 == self.waves.len();
            let e = &w.evaluated;
            if e.start > e.end
                || e.end > s.points_per_wave
                || (!last && *e != (0..s.points_per_wave))
            {
                return Err(at(
                    "evaluated",
                    format!(
                        "{}..{} is not {} of the wave's {} points",
                        e.start,
                        e.end,
                        if last { "a range" } else { "every one" },
                        s.points_per_wave
                    ),
                ));
            }
            if w.bounds.len() != n_priors {
                return Err(at(
                    "bounds",
                    format!(
                        "{} pairs, expected one per prior ({n_priors})",
                        w.bounds.len()
                    ),
                ));
            }
            for (b, p) in w.bounds.iter().zip(&m.priors) {
                if !(b[0] <= b[1] && b[0] >= p.low && b[1] <= p.high) {
                    return Err(at(
                        "bounds",
                        format!(
                            "`{}`: {}..{} is not inside the prior {}..{}",
                            p.path, b[0], b[1], p.low, p.high
                        ),
                    ));
                }
            }
            let mut previous: Option<u64> = None;
            for (j, member) in w.plausible.iter().enumerate() {
                let at = |field: &str, why: String| {
                    format!("`waves[{i}].plausible[{j}].{field}`: {why}")
                };
                if member.wave != number {
                    return Err(at("wave", format!("is {}, expected {number}", member.wave)));
                }
                if !e.contains(&member.index) || previous.is_some_and(|p| p >= member.index) {
                    return Err(at(
                        "index",
                        format!(
                            "{} is not in increasing order inside {}..{}",
                            member.index, e.start, e.end
                        ),
                    ));
                }
                previous = Some(member.index);
                if member.values.len() != n_priors {
                    return Err(at(
                        "values",
                        format!("{} values, expected {n_priors}", member.values.len()),
                    ));
                }
                for ((v, b), p) in member.values.iter().zip(&w.bounds).zip(&m.priors) {
                    if p.integer && v.fract() != 0.0 {
                        return Err(at(
                            "values",
                            format!("`{}` = {v} is not a whole number", p.path),
                        ));
                    }
                    if !(*v >= b[0] && *v <= b[1]) {
                        return Err(at(
                            "values",
                            format!(
                                "`{}` = {v} is outside the wave's box {}..{}",
                                p.path, b[0], b[1]
                            ),
                        ));
                    }
                }
                if member.estimates.len() != n_targets || member.implausibility.len() != n_targets {
                    return Err(at(
                        "estimates",
                        format!(
                            "expected one estimate and implausibility per target ({n_targets})"
                        ),
                    ));
                }
                let score = ranked(&member.implausibility, m.targets.implausibility.rank);
                if score.to_bits() != member.ranked.to_bits() || score.is_nan() || score > w.cutoff
                {
                    return Err(at(
                        "ranked",
                        format!(
                            "{} is not the ranked implausibility ({score}) at or below the \
                             wave's cut-off {}",
                            member.ranked, w.cutoff
                        ),
                    ));
                }
            }
        }
        if let Some(validation) = &self.validation {
            self.check_validation(validation)?;
        }
        Ok(())
    }

    /// A validation belongs to a finished file and has one entry per matching member, in
    /// order, each with one estimate per target.
    fn check_validation(&self, validation: &Validation) -> Result<(), String> {
        if !self.is_finished() {
            return Err("`validation`: only a finished history match is validated".to_owned());
        }
        if !(2..=MAX_SETTING).contains(&validation.runs_per_member) {
            return Err(format!(
                "`validation.runs_per_member`: must be 2 to {MAX_SETTING}"
            ));
        }
        let n_targets = self.manifest.targets.targets.len();
        let matching: Vec<&Member> = self.matching_members().collect();
        if validation.members.len() != matching.len() {
            return Err(format!(
                "`validation.members`: {} entries for {} matching members",
                validation.members.len(),
                matching.len()
            ));
        }
        for (i, (v, m)) in validation.members.iter().zip(&matching).enumerate() {
            if v.wave != m.wave || v.index != m.index {
                return Err(format!(
                    "`validation.members[{i}]`: is wave {} point {}, but the matching member \
                     in its place is wave {} point {}",
                    v.wave, v.index, m.wave, m.index
                ));
            }
            if v.estimates.len() != n_targets || v.ranked.is_nan() {
                return Err(format!(
                    "`validation.members[{i}]`: expected one estimate per target \
                     ({n_targets}) and a ranked implausibility"
                ));
            }
            // The ensemble depends on it (`Validation::keeps`), so it must be the one the
            // estimates give.
            let inside = self
                .manifest
                .targets
                .targets
                .iter()
                .zip(&v.estimates)
                .all(|(t, &e)| t.contains(e));
            if v.inside_every_range != inside {
                return Err(format!(
                    "`validation.members[{i}].inside_every_range`: is {}, but its estimates \
                     are {} their ranges",
                    v.inside_every_range,
                    if inside {
                        "all inside"
                    } else {
                        "not all inside"
                    }
                ));
            }
        }
        Ok(())
    }
}

/// Merges the part files of one wave (each `(name, file)`: the calibration file the wave ran
/// from, with the wave's shard appended) into that file with the whole wave appended: exactly
/// the file one machine running the wave would have written.
///
/// # Errors
/// [`CalibrationError::Mismatch`] naming the files and what differs: parts of different
/// history matches or waves, from different files, overlapping, duplicated or missing points.
pub fn merge_wave_parts(
    parts: Vec<(String, CalibrationFile)>,
) -> Result<CalibrationFile, CalibrationError> {
    let mismatch = |message: String| Err(CalibrationError::Mismatch(message));
    let Some((first_name, first)) = parts.first() else {
        return mismatch("no part files to merge".to_owned());
    };
    let Some(first_wave) = first.waves.last() else {
        return mismatch(format!(
            "`{first_name}` holds no wave: give the part files written by `wave` for one wave"
        ));
    };
    for (name, part) in &parts {
        let Some(wave) = part.waves.last() else {
            return mismatch(format!(
                "`{name}` holds no wave (a calibration file not yet started?): give the part \
                 files of one wave"
            ));
        };
        let (a, b) = (&first.manifest, &part.manifest);
        let fields: [(&str, bool); 6] = [
            ("crate version", a.crate_version == b.crate_version),
            (
                "scenario fingerprint",
                a.scenario_fingerprint == b.scenario_fingerprint,
            ),
            ("currency", a.currency == b.currency),
            ("settings", a.settings == b.settings),
            ("targets", a.targets == b.targets),
            ("priors", a.priors == b.priors),
        ];
        for (field, same) in fields {
            if !same {
                return mismatch(format!(
                    "`{name}` and `{first_name}` are parts of different history matches: their \
                     {field} differ"
                ));
            }
        }
        if wave.wave != first_wave.wave {
            return mismatch(format!(
                "`{name}` is a part of wave {} and `{first_name}` of wave {}: merge the parts \
                 of one wave at a time",
                wave.wave, first_wave.wave
            ));
        }
        let before = &part.waves[..part.waves.len() - 1];
        if before != &first.waves[..first.waves.len() - 1] {
            return mismatch(format!(
                "`{name}` and `{first_name}` ran wave {} from different calibration files (the \
                 waves before it differ)",
                wave.wave
            ));
        }
        if wave.cutoff.to_bits() != first_wave.cutoff.to_bits() || wave.bounds != first_wave.bounds
        {
            return mismatch(format!(
                "`{name}` and `{first_name}` disagree on wave {}'s design (cut-off or box)",
                wave.wave
            ));
        }
    }
    let points = first.manifest.settings.points_per_wave;
    let mut order: Vec<(&String, &WaveRecord)> = parts
        .iter()
        .map(|(name, part)| (name, part.waves.last().expect("checked above")))
        .collect();
    order.sort_by_key(|(_, w)| (w.evaluated.start, w.evaluated.end));
    let mut next = 0;
    let mut previous: Option<(&String, &WaveRecord)> = None;
    for &(name, wave) in &order {
        let e = &wave.evaluated;
        if let Some((other, w)) = previous
            && e.start < next
        {
            let what = if w.evaluated == *e {
                "the same points (the same shard twice?)".to_owned()
            } else {
                format!("overlapping points ({}..{})", e.start, next.min(e.end))
            };
            return mismatch(format!("`{other}` and `{name}` hold {what}"));
        }
        if e.start > next {
            return mismatch(format!(
                "points {next}..{} of wave {} are in no part file: add the missing shard(s)",
                e.start, wave.wave
            ));
        }
        next = e.end;
        previous = Some((name, wave));
    }
    if next < points {
        return mismatch(format!(
            "points {next}..{points} of wave {} are in no part file: add the missing shard(s)",
            first_wave.wave
        ));
    }
    let merged = WaveRecord {
        wave: first_wave.wave,
        cutoff: first_wave.cutoff,
        bounds: first_wave.bounds.clone(),
        evaluated: 0..points,
        plausible: order
            .iter()
            .flat_map(|(_, w)| w.plausible.iter().cloned())
            .collect(),
    };
    let mut file = first.clone();
    file.waves.pop();
    file.waves.push(merged);
    Ok(file)
}
