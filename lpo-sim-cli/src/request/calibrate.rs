//! Step two for `lpo-sim calibrate`: targets, priors, settings and calibration files read and
//! checked against the scenario, and every output path checked, before anything runs.

use super::reads::Reader;
use super::{LoadedScenario, StudyOutputs, check_output_file, inputs, threads};
use crate::args::{
    CalibrateCheckArgs, CalibrateInitArgs, CalibrateMergeArgs, CalibrateRunArgs, CalibrateWaveArgs,
    HistoryArgs, Shard,
};
use crate::error::CliError;
use lpo_sim_core::calibration::{
    CalibrationFile, HistoryMatchSettings, Prior, Targets, default_priors, priors_from_toml,
};
use lpo_sim_core::reads::Simulated;
use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// How the embedded targets are named in output.
pub const DEFAULT_TARGETS_ORIGIN: &str = "<embedded targets>";
/// How the embedded priors are named in output.
pub const DEFAULT_PRIORS_ORIGIN: &str = "<embedded priors>";

/// Largest priors file read (the embedded one is about 10 kB).
const MAX_PRIORS_BYTES: u64 = 1 << 20;
/// Largest targets file read (the embedded one is about 8 kB).
const MAX_TARGETS_BYTES: u64 = 1 << 20;

/// A UTF-8 text file of at most `cap` bytes; the reason otherwise.
fn read_capped(path: &Path, cap: u64) -> Result<String, String> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(cap + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("cannot read it: {e}"))?;
    if bytes.len() as u64 > cap {
        return Err(format!("larger than {} MiB", cap >> 20));
    }
    String::from_utf8(bytes)
        .map_err(|e| format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()))
}

/// Targets and where they came from.
#[derive(Debug, Clone)]
pub struct LoadedTargets {
    /// The targets, checked.
    pub targets: Targets,
    /// The file, or [`DEFAULT_TARGETS_ORIGIN`].
    pub origin: String,
}

impl LoadedTargets {
    /// Reads `--targets FILE`, or takes the embedded targets.
    pub fn load(path: Option<&Path>) -> Result<Self, CliError> {
        match path {
            None => Ok(LoadedTargets {
                targets: Targets::default(),
                origin: DEFAULT_TARGETS_ORIGIN.to_owned(),
            }),
            Some(path) => {
                let hint = "a targets file has an [implausibility] table and [[target]] entries \
                            as in lpo-sim-core/src/calibration/targets.toml";
                let shown = path.display().to_string();
                let text = read_capped(path, MAX_TARGETS_BYTES).map_err(|why| CliError::Usage {
                    message: format!("--targets {shown}: {why}"),
                    hint: hint.to_owned(),
                })?;
                let targets =
                    Targets::from_toml_str(&text, &shown).map_err(|e| CliError::Usage {
                        message: format!("--targets {e}"),
                        hint: hint.to_owned(),
                    })?;
                Ok(LoadedTargets {
                    targets,
                    origin: path.display().to_string(),
                })
            }
        }
    }

    /// Refuses targets no study can measure (beyond the longest horizon allowed).
    fn fit(&self, scenario: &LoadedScenario) -> Result<(), CliError> {
        let needed = self.targets.months_needed();
        let horizon = scenario.scenario.horizon_months;
        // Longer targets extend the study (Targets::horizon_for); only a study that cannot
        // run that long is refused.
        if needed > horizon && needed > LONGEST_HORIZON_MONTHS {
            return Err(CliError::Usage {
                message: format!(
                    "the targets ({}) need {needed} months, but the horizon of {} is {horizon} \
                     months",
                    self.origin, scenario.origin
                ),
                hint: format!(
                    "give a scenario with horizon_months of at least {needed} (e.g. --set \
                     horizon_months={needed})"
                ),
            });
        }
        Ok(())
    }
}

/// Where `--json` goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonTarget {
    /// `--json -`: standard output, instead of the table.
    Stdout,
    /// `--json FILE`.
    File(PathBuf),
}

/// Everything `lpo-sim calibrate check` needs.
#[derive(Debug, Clone)]
pub struct CheckRequest {
    /// The scenario.
    pub scenario: LoadedScenario,
    /// The targets.
    pub targets: LoadedTargets,
    /// Firms.
    pub runs: u64,
    /// Master seed.
    pub seed: u64,
    /// Worker threads.
    pub threads: Option<usize>,
    /// `--json FILE|-`.
    pub json: Option<JsonTarget>,
    /// `--report FILE.html`.
    pub report: Option<PathBuf>,
    /// `--strict`.
    pub strict: bool,
}

impl CheckRequest {
    /// Loads the scenario and the targets and checks the outputs.
    pub fn from_args(args: CalibrateCheckArgs) -> Result<Self, CliError> {
        let mut read: Vec<&Path> = inputs(&args.input);
        read.extend(args.targets.as_deref());
        let (json, json_file) = match args.json {
            Some(path) if path.as_os_str() == "-" => (Some(JsonTarget::Stdout), None),
            Some(path) => (Some(JsonTarget::File(path.clone())), Some(path)),
            None => (None, None),
        };
        let outputs = StudyOutputs::checked(json_file, None, args.report, &read)?;
        let scenario = LoadedScenario::from_args(&args.input)?;
        firm_studies("calibrate check", &scenario).check_scenario(&args.input, &scenario)?;
        let targets = LoadedTargets::load(args.targets.as_deref())?;
        targets.fit(&scenario)?;
        Ok(CheckRequest {
            scenario,
            targets,
            runs: args.runs,
            seed: args.seed,
            threads: args.workers.threads.map(threads),
            json,
            report: outputs.report,
            strict: args.strict,
        })
    }
}

/// A history match ready to run (`calibrate run`) or to write (`calibrate init`).
#[derive(Debug, Clone)]
pub struct HistoryRequest {
    /// The base scenario.
    pub scenario: LoadedScenario,
    /// Where the targets came from.
    pub targets_origin: String,
    /// Where the priors came from.
    pub priors_origin: String,
    /// The calibration file, with no wave yet.
    pub file: CalibrationFile,
    /// Worker threads.
    pub threads: Option<usize>,
    /// `--out FILE`.
    pub out: PathBuf,
}

impl HistoryRequest {
    /// `calibrate run`.
    pub fn run(args: CalibrateRunArgs) -> Result<Self, CliError> {
        HistoryRequest::new(&args.input, &args.history, args.workers.threads, args.out)
    }

    /// `calibrate init`.
    pub fn init(args: CalibrateInitArgs) -> Result<Self, CliError> {
        HistoryRequest::new(&args.input, &args.history, None, args.out)
    }

    fn new(
        input: &crate::args::ScenarioArgs,
        history: &HistoryArgs,
        workers: Option<u64>,
        out: PathBuf,
    ) -> Result<Self, CliError> {
        let mut read: Vec<&Path> = inputs(input);
        read.extend(history.priors.as_deref());
        read.extend(history.targets.as_deref());
        check_output_file(&out, "--out", &read)?;
        let scenario = LoadedScenario::from_args(input)?;
        let reader = firm_studies("calibrate", &scenario);
        reader.check_scenario(input, &scenario)?;
        let targets = LoadedTargets::load(history.targets.as_deref())?;
        targets.fit(&scenario)?;
        let (priors, priors_origin) = load_priors(&scenario, history.priors.as_deref())?;
        // A prior nothing reads would spend every wave on a parameter without effect.
        reader.refuse_unread("--priors", priors.iter().map(|prior| prior.path.as_str()))?;
        let settings = HistoryMatchSettings {
            waves: u32::try_from(history.waves).unwrap_or(u32::MAX),
            points_per_wave: history.points,
            runs_per_point: history.runs,
            seed: history.seed,
            ..HistoryMatchSettings::default()
        };
        if settings.points_per_wave < 2 || settings.runs_per_point < 2 {
            return Err(CliError::Usage {
                message: format!(
                    "--points {} --runs-per-point {}: a history match needs at least 2 points per wave \
                     and 2 runs per point",
                    settings.points_per_wave, settings.runs_per_point
                ),
                hint: "the spread of the points kept and the Monte Carlo error of each point \
                       need two of each"
                    .to_owned(),
            });
        }
        let file = CalibrationFile::new(&scenario.scenario, &targets.targets, priors, settings)?;
        Ok(HistoryRequest {
            scenario,
            targets_origin: targets.origin,
            priors_origin,
            file,
            threads: workers.map(threads),
            out,
        })
    }
}

/// Calibration runs firm studies of the scenario's strategy (`strategy.name`).
fn firm_studies<'a>(command: &'static str, scenario: &'a LoadedScenario) -> Reader<'a> {
    Reader {
        command,
        simulated: Simulated::Firms,
        strategies: std::slice::from_ref(&scenario.scenario.strategy.name),
    }
}

/// `--priors FILE` (at most 1 MiB), checked against the scenario, or the embedded priors.
fn load_priors(
    scenario: &LoadedScenario,
    path: Option<&Path>,
) -> Result<(Vec<Prior>, String), CliError> {
    let Some(path) = path else {
        return Ok((
            default_priors(&scenario.scenario),
            DEFAULT_PRIORS_ORIGIN.to_owned(),
        ));
    };
    let shown = path.display().to_string();
    let hint = "a priors file lists [[prior]] entries with `path` and `range = [low, high]`, as \
                lpo-sim-core/src/calibration/priors.toml; `lpo-sim params` lists every path and \
                its allowed range";
    let unreadable = |why: String| CliError::Usage {
        message: format!("--priors {shown}: {why}"),
        hint: hint.to_owned(),
    };
    let text = read_capped(path, MAX_PRIORS_BYTES).map_err(unreadable)?;
    let priors =
        priors_from_toml(&scenario.scenario, &text, &shown).map_err(|e| CliError::Usage {
            message: format!("--priors {e}"),
            hint: hint.to_owned(),
        })?;
    Ok((priors, shown))
}

/// Everything `lpo-sim calibrate wave` needs.
#[derive(Debug, Clone)]
pub struct WaveRequest {
    /// The base scenario (the one the file was made from).
    pub scenario: LoadedScenario,
    /// The calibration file whose next wave runs.
    pub file: CalibrationFile,
    /// The calibration file.
    pub from: PathBuf,
    /// The shard.
    pub shard: Shard,
    /// The wave's points this shard evaluates.
    pub points: Range<u64>,
    /// Worker threads.
    pub threads: Option<usize>,
    /// `--out PART.json`.
    pub out: PathBuf,
}

impl WaveRequest {
    /// Reads the file and checks that it was made from this scenario and has a wave to run.
    pub fn from_args(args: CalibrateWaveArgs) -> Result<Self, CliError> {
        let input = crate::args::ScenarioArgs {
            scenario: args.scenario,
            set: args.set,
            ai: None,
        };
        let mut read: Vec<&Path> = inputs(&input);
        read.push(&args.from);
        check_output_file(&args.out, "--out", &read)?;
        let scenario = LoadedScenario::from_args(&input)?;
        let file = read_calibration(&args.from, "")?;
        let shown = args.from.display();
        same_history_match(&scenario, &file, &shown.to_string())?;
        let s = &file.manifest.settings;
        if file.is_part() {
            let last = file.waves.last().expect("a part has a wave");
            return Err(CliError::Usage {
                message: format!(
                    "{shown}: is a part of wave {} (points {}..{} of {}), not a \
                     calibration file",
                    last.wave, last.evaluated.start, last.evaluated.end, s.points_per_wave
                ),
                hint: "merge every part of that wave first (`lpo-sim calibrate merge FILE.json PART... \
                       --out FILE.json`), then run the next wave from the merged file"
                    .to_owned(),
            });
        }
        if file.waves.len() as u64 >= u64::from(s.waves) {
            return Err(CliError::Usage {
                message: format!(
                    "{shown}: all {} waves of this history match have run",
                    s.waves
                ),
                hint: "nothing is left to run; the file holds the finished calibration (use it \
                       with --ensemble)"
                    .to_owned(),
            });
        }
        let shard = args.shard.unwrap_or(Shard { index: 0, count: 1 });
        let points = shard_points(shard, s.points_per_wave)?;
        Ok(WaveRequest {
            scenario,
            file,
            from: args.from,
            shard,
            points,
            threads: args.workers.threads.map(threads),
            out: args.out,
        })
    }
}

/// Points `[I·P/N, (I+1)·P/N)` of a wave of `points` = P points.
fn shard_points(shard: Shard, points: u64) -> Result<Range<u64>, CliError> {
    if points < shard.count {
        return Err(CliError::Usage {
            message: format!(
                "--shard {shard}: a wave of {points} points cannot be split into {} shards",
                shard.count
            ),
            hint: "use at most as many shards as the wave has points".to_owned(),
        });
    }
    let at = |i: u64| (u128::from(i) * u128::from(points) / u128::from(shard.count)) as u64;
    Ok(at(shard.index)..at(shard.index + 1))
}

/// Reads a calibration file named by `flag`.
pub fn read_calibration(path: &Path, flag: &str) -> Result<CalibrationFile, CliError> {
    CalibrationFile::from_path(path).map_err(|e| match CliError::from(e) {
        CliError::Usage { message, hint } if !flag.is_empty() => CliError::Usage {
            message: format!("{flag} {message}"),
            hint,
        },
        other => other,
    })
}

/// Refuses a calibration file made from another scenario, version or settings than `scenario`
/// gives: the waves it holds would not be the ones this scenario's history match runs.
fn same_history_match(
    scenario: &LoadedScenario,
    file: &CalibrationFile,
    shown: &str,
) -> Result<(), CliError> {
    let m = &file.manifest;
    let fresh = CalibrationFile::new(
        &scenario.scenario,
        &m.targets,
        m.priors.clone(),
        m.settings.clone(),
    )?;
    let f = &fresh.manifest;
    let fields: [(&str, &str, &str); 3] = [
        (
            "scenario fingerprint",
            &m.scenario_fingerprint,
            &f.scenario_fingerprint,
        ),
        ("currency", &m.currency, &f.currency),
        ("lpo-sim-core version", &m.crate_version, &f.crate_version),
    ];
    for (field, theirs, ours) in fields {
        if theirs != ours {
            let differences = file.differences_from(&scenario.scenario);
            let named = match differences.first() {
                Some(first) if field == "scenario fingerprint" => format!(
                    " ({first}{})",
                    match differences.len() {
                        1 => String::new(),
                        n => format!(", and {} more", n - 1),
                    }
                ),
                _ => String::new(),
            };
            return Err(CliError::Usage {
                message: format!(
                    "{shown}: was made with {field} {theirs}, but {} gives {ours}{named}",
                    if field == "lpo-sim-core version" {
                        "this lpo-sim".to_owned()
                    } else {
                        format!("the scenario {}", scenario.origin)
                    }
                ),
                hint: "give the scenario file and --set changes the calibration was started \
                       with (`calibrate init` or `calibrate run`), with the same lpo-sim"
                    .to_owned(),
            });
        }
    }
    Ok(())
}

/// Everything `lpo-sim calibrate merge` needs: the files read and sorted out.
#[derive(Debug, Clone)]
pub struct CalibrationMergeRequest {
    /// The part files, each `(name, file)`.
    pub parts: Vec<(String, CalibrationFile)>,
    /// The calibration file the wave ran from, if given.
    pub base: Option<String>,
    /// `--out FILE.json`.
    pub out: PathBuf,
}

impl CalibrationMergeRequest {
    /// Reads every file, tells the calibration file the wave ran from (one wave fewer) from
    /// the parts, checks that the parts ran from it, and checks the output path (which may be
    /// that calibration file, not a part).
    pub fn from_args(args: CalibrateMergeArgs) -> Result<Self, CliError> {
        let mut read = Vec::with_capacity(args.files.len());
        for path in &args.files {
            read.push((path.clone(), read_calibration(path, "")?));
        }
        let most = read.iter().map(|(_, f)| f.waves.len()).max().unwrap_or(0);
        let (parts, bases): (Vec<_>, Vec<_>) =
            read.into_iter().partition(|(_, f)| f.waves.len() == most);
        let hint = "give the calibration file the wave ran from (optional) and the part files \
                    `calibrate wave FILE.json --shard I/N --out PART.json` wrote for every shard \
                    of that wave"
            .to_owned();
        if bases.len() > 1 {
            return Err(CliError::Usage {
                message: format!(
                    "`{}` and `{}` both hold fewer waves than the parts: only one calibration \
                     file can be merged into",
                    bases[0].0.display(),
                    bases[1].0.display()
                ),
                hint,
            });
        }
        let base = bases.into_iter().next();
        if let (Some((base_path, base_file)), Some((part_path, part))) = (&base, parts.first()) {
            let prefix = &part.waves[..part.waves.len() - 1];
            if base_file.waves.len() + 1 != most
                || base_file.manifest != part.manifest
                || base_file.waves[..] != *prefix
            {
                return Err(CliError::Usage {
                    message: format!(
                        "`{}` is not a part of the next wave of `{}` ({} waves, the part {}): \
                         it ran from another calibration file",
                        part_path.display(),
                        base_path.display(),
                        base_file.waves.len(),
                        part.waves.len()
                    ),
                    hint,
                });
            }
        }
        let part_paths: Vec<&Path> = parts.iter().map(|(p, _)| p.as_path()).collect();
        check_output_file(&args.out, "--out", &part_paths)?;
        Ok(CalibrationMergeRequest {
            parts: parts
                .into_iter()
                .map(|(p, f)| (p.display().to_string(), f))
                .collect(),
            base: base.map(|(p, _)| p.display().to_string()),
            out: args.out,
        })
    }
}

/// The longest `horizon_months` a scenario allows (its declaration's range).
const LONGEST_HORIZON_MONTHS: u32 = 1200;
