//! Calibration files as JSON: written by a history match, read back only through checks, and
//! the parts of one wave (shards) merged into the file one machine would have written.

use super::check::ranked;
use super::history::{CalibrationError, CalibrationFile, WaveRecord};
use std::io::Read;
use std::path::Path;

/// Largest number of waves, points per wave or runs per point a calibration file may ask for
/// (the CLI's limit on a search's size): a file cannot make a wave allocate without bound.
pub const MAX_SETTING: u64 = 1_000_000;

/// Largest calibration file read: 64 MiB. A history match of the default settings writes a
/// few MB; the cap keeps a wrong path or a hostile file from exhausting memory.
pub const MAX_CALIBRATION_FILE_BYTES: u64 = 64 << 20;

impl CalibrationFile {
    /// The file as pretty-printed JSON with a final newline: the same history match always
    /// gives the same bytes (no clock time, no host name).
    pub fn to_json(&self) -> String {
        let mut text =
            serde_json::to_string_pretty(self).expect("a calibration file always serialises");
        text.push('\n');
        text
    }

    /// Parses a calibration file (or a wave's part file) and checks it ([`CalibrationFile::check`]).
    /// `origin` names it in errors.
    ///
    /// # Errors
    /// [`CalibrationError::File`] naming the file and what is wrong.
    pub fn from_json(text: &str, origin: &str) -> Result<CalibrationFile, CalibrationError> {
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
        let file: CalibrationFile =
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
        file.check().map_err(error)?;
        Ok(file)
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

    /// Checks everything that does not need the base scenario: the settings, the targets,
    /// the priors, and every wave (numbered in order, each at its cut-off, complete but for
    /// the last, its box inside the priors, its members in order, inside the box, with one
    /// estimate and implausibility per target and the ranked implausibility they give).
    ///
    /// # Errors
    /// The first problem found, naming the wave, member and field.
    pub fn check(&self) -> Result<(), String> {
        let m = &self.manifest;
        let s = &m.settings;
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
        if m.priors.is_empty() {
            return Err("`manifest.priors`: no parameters to calibrate".to_owned());
        }
        for (i, p) in m.priors.iter().enumerate() {
            if !(p.low.is_finite() && p.high.is_finite() && p.low < p.high) {
                return Err(format!(
                    "`manifest.priors[{i}]` (`{}`): the range must go from low to high",
                    p.path
                ));
            }
            if m.priors[..i].iter().any(|q| q.path == p.path) {
                return Err(format!(
                    "`manifest.priors[{i}]`: `{}` is listed twice",
                    p.path
                ));
            }
        }
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
