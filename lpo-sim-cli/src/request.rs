//! Step two: turn the parsed arguments into validated library objects. After this step a
//! command only runs the model and prints; every "your input is wrong" error comes from here.

mod analysis;
mod calibrate;
mod compare;
mod play;
mod reads;

pub use analysis::{
    ParamsRequest, SensitivityRequest, StudySettings, SweepRequest, TuneRequest, members_vary,
};
pub use calibrate::{
    CalibrationMergeRequest, CheckRequest, HistoryRequest, JsonTarget, WaveRequest,
    read_calibration,
};
pub use compare::CompareRequest;
pub use play::{PlayRequest, ReplayGameRequest};

use crate::args::{
    Assignment, CareerArgs, Format, InitArgs, McArgs, MergeArgs, ReplayArgs, RunArgs, ScenarioArgs,
    Shard,
};
use crate::error::{CliError, already_exists};
use lpo_sim_core::mc::PrecisionTarget;
use lpo_sim_core::params::{ParamInfo, SetError, closest_paths, list_params, read_written_value};
use lpo_sim_core::reads::Simulated;
use lpo_sim_core::{BuiltinStrategy, Scenario, ScenarioError};
use lpo_sim_report::atomic::parent_dir;
use lpo_sim_report::view::study_csv::{MONTHS_FILE, REPLICATES_FILE};
use reads::Reader;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// How the embedded default scenario is named in output.
pub const DEFAULT_SCENARIO_ORIGIN: &str = "<embedded default>";

/// A validated scenario and where it came from.
#[derive(Debug, Clone)]
pub struct LoadedScenario {
    /// The scenario, already validated by the library.
    pub scenario: Scenario,
    /// The file it was read from, or [`DEFAULT_SCENARIO_ORIGIN`]; followed by the `--set`
    /// changes, if any (`<embedded default> with horizon_months=24`).
    pub origin: String,
}

impl LoadedScenario {
    /// Reads and validates `path`, or takes the embedded default without one.
    pub fn load(path: Option<&Path>) -> Result<Self, CliError> {
        match path {
            Some(path) => Ok(LoadedScenario {
                scenario: Scenario::from_path(path)?,
                origin: path.display().to_string(),
            }),
            None => Ok(LoadedScenario {
                scenario: Scenario::default(),
                origin: DEFAULT_SCENARIO_ORIGIN.to_owned(),
            }),
        }
    }

    /// Loads the scenario of `args` and applies its `--set` changes, in order, then validates
    /// the result as a scenario file would be.
    pub fn from_args(args: &ScenarioArgs) -> Result<Self, CliError> {
        let mut loaded = LoadedScenario::load(args.scenario.as_deref())?;
        if let Some(choice) = args.ai {
            let preset = choice.preset();
            loaded.scenario.ai = preset.params();
            loaded.origin = format!("{} with --ai {preset}", loaded.origin);
        }
        if args.set.is_empty() {
            return Ok(loaded);
        }
        let params = list_params(&mut loaded.scenario.clone());
        for assignment in &args.set {
            apply(&mut loaded.scenario, &params, assignment)?;
        }
        let changes: Vec<String> = args.set.iter().map(ToString::to_string).collect();
        loaded.origin = format!("{} with {}", loaded.origin, changes.join(", "));
        match loaded.scenario.validate() {
            Ok(()) => Ok(loaded),
            // The problems read exactly as they would for the same values in a file.
            Err(ScenarioError::Invalid { problems, .. }) => Err(CliError::Usage {
                message: ScenarioError::Invalid {
                    file: format!("--set {}", changes.join(" --set ")),
                    problems,
                }
                .to_string(),
                hint: "give each parameter a value in its allowed range; `lpo-sim params` \
                       lists every parameter with its range"
                    .to_owned(),
            }),
            Err(other) => Err(other.into()),
        }
    }
}

/// Sets one parameter through the library, which checks the path, the value's kind and its
/// range (cross-field rules are checked afterwards, all together, by the scenario's
/// validation).
fn apply(
    scenario: &mut Scenario,
    params: &[ParamInfo],
    assignment: &Assignment,
) -> Result<(), CliError> {
    let bad = |message: String, hint: String| CliError::Usage {
        message: format!("--set {assignment}: {message}"),
        hint,
    };
    // The form it was written in (`30k`, `2.5%`) must suit the parameter's unit.
    if let Some(info) = params.iter().find(|p| p.path == assignment.path)
        && !info.flag
        && let Err(problem) = read_written_value(&assignment.text, info.kind, info.unit)
    {
        let last = info.path.rsplit('.').next().unwrap_or(&info.path);
        return Err(bad(
            problem,
            format!("`lpo-sim params --filter {last}` shows its unit and range"),
        ));
    }
    match scenario.set(&assignment.path, assignment.value) {
        Ok(_) => Ok(()),
        Err(ScenarioError::Set(SetError::Unknown { path, .. })) => {
            Err(unknown_param("--set", &path, params))
        }
        Err(ScenarioError::Set(error @ SetError::Kind { .. })) => {
            let info = params.iter().find(|p| p.path == assignment.path);
            let hint = match info {
                Some(p) if p.flag => "give it true or false (or 1 or 0)".to_owned(),
                Some(p) => format!("give a value from {} to {} ({})", p.min, p.max, p.unit),
                None => String::new(),
            };
            Err(bad(error.to_string(), hint))
        }
        Err(error) => Err(bad(
            error.to_string(),
            "give each parameter a value in its allowed range; `lpo-sim params` lists every \
             parameter with its range"
                .to_owned(),
        )),
    }
}

/// The error for a parameter path that does not exist, with the closest real ones.
pub fn unknown_param(flag: &str, path: &str, params: &[ParamInfo]) -> CliError {
    let paths: Vec<String> = params.iter().map(|p| p.path.clone()).collect();
    let close: Vec<String> = closest_paths(path, &paths)
        .into_iter()
        .map(|p| format!("`{p}`"))
        .collect();
    let suggestion = if close.is_empty() {
        String::new()
    } else {
        format!("did you mean {}? ", close.join(" or "))
    };
    let last = path.rsplit('.').next().unwrap_or(path);
    CliError::Usage {
        message: format!("{flag}: no parameter `{path}`"),
        hint: format!(
            "{suggestion}`lpo-sim params` lists every path (`lpo-sim params --filter {last}` \
             searches them)"
        ),
    }
}

/// Everything `lpo-sim run` needs.
#[derive(Debug, Clone)]
pub struct RunRequest {
    /// The scenario.
    pub scenario: LoadedScenario,
    /// The strategy: `--strategy`, else the scenario's.
    pub strategy: BuiltinStrategy,
    /// The seed.
    pub seed: u64,
    /// The output format.
    pub format: Format,
}

impl RunRequest {
    /// Loads the scenario and resolves the strategy.
    pub fn from_args(args: RunArgs) -> Result<Self, CliError> {
        let scenario = LoadedScenario::from_args(&args.input)?;
        let strategy = match args.strategy.as_deref() {
            Some(name) => parse_strategy(name)?,
            None => scenario.scenario.strategy.name,
        };
        Reader {
            command: "run",
            simulated: Simulated::Firms,
            strategies: &[strategy],
        }
        .check_scenario(&args.input, &scenario)?;
        Ok(RunRequest {
            scenario,
            strategy,
            seed: args.seed,
            format: args.format,
        })
    }
}

/// Everything `lpo-sim career` needs.
#[derive(Debug, Clone)]
pub struct CareerRequest {
    /// The scenario.
    pub scenario: LoadedScenario,
    /// The seed (with `--runs`: the master seed).
    pub seed: u64,
    /// One career, or many.
    pub mode: CareerMode,
}

/// One career month by month, or the distribution of many.
#[derive(Debug, Clone)]
pub enum CareerMode {
    /// One career, printed in `format`.
    One {
        /// The output format.
        format: Format,
    },
    /// `--runs N` careers.
    Many {
        /// Careers.
        runs: u64,
        /// Worker threads.
        threads: Option<usize>,
        /// Print JSON instead of the table (`--format json`).
        json_to_stdout: bool,
        /// `--json FILE`.
        json: Option<PathBuf>,
    },
}

impl CareerRequest {
    /// Loads the scenario and checks the flags against each other.
    pub fn from_args(args: CareerArgs) -> Result<Self, CliError> {
        let mode = match args.runs {
            None => {
                if let Some(path) = &args.json {
                    return Err(CliError::Usage {
                        message: format!(
                            "--json {}: a file is written only for many careers (--runs N)",
                            path.display()
                        ),
                        hint: "add --runs N for the distribution of N careers, or use \
                               `--format json` to print one career as JSON"
                            .to_owned(),
                    });
                }
                if let Some(threads) = args.threads {
                    return Err(CliError::Usage {
                        message: format!("--threads {threads} needs --runs N"),
                        hint: "one career runs on one thread; add --runs N to simulate many"
                            .to_owned(),
                    });
                }
                CareerMode::One {
                    format: args.format,
                }
            }
            Some(runs) => {
                if args.format == Format::Csv {
                    return Err(CliError::Usage {
                        message: "--format csv is one row per month of one career; it has no \
                                  form for a distribution of careers (--runs)"
                            .to_owned(),
                        hint: "use --format table or --format json (or --json FILE) with --runs"
                            .to_owned(),
                    });
                }
                CareerMode::Many {
                    runs,
                    threads: args.threads.map(threads),
                    json_to_stdout: args.format == Format::Json,
                    json: StudyOutputs::checked(args.json, None, None, &inputs(&args.input))?.json,
                }
            }
        };
        let scenario = LoadedScenario::from_args(&args.input)?;
        Reader {
            command: "career",
            simulated: Simulated::Careers,
            strategies: &[],
        }
        .check_scenario(&args.input, &scenario)?;
        Ok(CareerRequest {
            scenario,
            seed: args.seed,
            mode,
        })
    }
}

/// The files a study writes (each optional).
#[derive(Debug, Clone, Default)]
pub struct StudyOutputs {
    /// `--json FILE`.
    pub json: Option<PathBuf>,
    /// `--csv DIR`.
    pub csv: Option<PathBuf>,
    /// `--report FILE.html`.
    pub report: Option<PathBuf>,
}

impl StudyOutputs {
    /// Checks, before anything runs, that every output can be put where asked and replaces
    /// none of the `inputs`: a study may take hours, and should not fail at the end over a
    /// typo in a directory name, nor overwrite the scenario it ran.
    pub fn checked(
        json: Option<PathBuf>,
        csv: Option<PathBuf>,
        report: Option<PathBuf>,
        inputs: &[&Path],
    ) -> Result<Self, CliError> {
        if let Some(path) = &json {
            check_output_file(path, "--json", inputs)?;
        }
        if let Some(path) = &report {
            check_output_file(path, "--report", inputs)?;
        }
        if let Some(dir) = &csv {
            check_output_dir(dir, "--csv", inputs)?;
        }
        if json.is_some() && json == report {
            return Err(CliError::Usage {
                message: "--json and --report name the same file".to_owned(),
                hint: "give the report a name of its own, e.g. `study.html`".to_owned(),
            });
        }
        Ok(StudyOutputs { json, csv, report })
    }
}

/// Checks that a file can be written at `path`: not a directory, in a directory that exists
/// and takes new files, and not one of the `inputs`.
pub fn check_output_file(path: &Path, flag: &str, inputs: &[&Path]) -> Result<(), CliError> {
    let shown = path.display();
    if path.is_dir() {
        return Err(CliError::Usage {
            message: format!("{flag}: `{shown}` is a directory"),
            hint: format!(
                "give a file name, e.g. `{flag} {}`",
                path.join("study.json").display()
            ),
        });
    }
    let parent = parent_dir(path);
    if !parent.is_dir() {
        return Err(CliError::Usage {
            message: format!("{flag}: directory `{}` does not exist", parent.display()),
            hint: format!("create it first (`mkdir -p {}`)", parent.display()),
        });
    }
    refuse_inputs(flag, path, inputs)?;
    probe_writable(flag, path, parent)
}

/// Checks that the files of `--csv DIR` can be written: DIR is a directory that takes new
/// files, or the closest directory above it that exists does (DIR is created then); and
/// none of the files it will hold is one of the `inputs`.
fn check_output_dir(dir: &Path, flag: &str, inputs: &[&Path]) -> Result<(), CliError> {
    if dir.exists() && !dir.is_dir() {
        return Err(CliError::Usage {
            message: format!("{flag}: `{}` exists and is not a directory", dir.display()),
            hint: "give a directory (it is created if needed); the files go inside it".to_owned(),
        });
    }
    for name in [REPLICATES_FILE, MONTHS_FILE] {
        refuse_inputs(flag, &dir.join(name), inputs)?;
    }
    // The closest part of the path that exists (`.` for a relative path none of which does).
    let existing = dir
        .ancestors()
        .map(|a| {
            if a.as_os_str().is_empty() {
                Path::new(".")
            } else {
                a
            }
        })
        .find(|a| a.exists())
        .unwrap_or(Path::new("."));
    if !existing.is_dir() {
        return Err(CliError::Usage {
            message: format!(
                "{flag}: cannot create `{}`: `{}` is not a directory",
                dir.display(),
                existing.display()
            ),
            hint: "give a path whose parents are directories".to_owned(),
        });
    }
    probe_writable(flag, dir, existing)
}

/// Tries to create (and at once removes) a temporary file in `dir`, as the atomic writes
/// will: the one sure way to know that `dir` takes new files (permissions, read-only file
/// systems, quotas, ACLs).
fn probe_writable(flag: &str, target: &Path, dir: &Path) -> Result<(), CliError> {
    match tempfile::Builder::new()
        .prefix(".lpo-sim-")
        .suffix(".tmp")
        .tempfile_in(dir)
    {
        Ok(_probe) => Ok(()),
        Err(error) => Err(CliError::Usage {
            message: format!(
                "{flag}: cannot write `{}`: directory `{}` does not take new files ({error})",
                target.display(),
                dir.display()
            ),
            hint: "give a path in a directory you can write to".to_owned(),
        }),
    }
}

/// Refuses an output that would replace one of the `inputs` (`mc s.toml --json s.toml`).
/// Paths are compared resolved (symbolic links, `..`), and as files when both exist (hard
/// links); an output that does not exist yet is its resolved directory and its name.
pub fn refuse_inputs(flag: &str, output: &Path, inputs: &[&Path]) -> Result<(), CliError> {
    for input in inputs {
        if same_file(output, input) {
            return Err(CliError::Usage {
                message: format!(
                    "{flag} {}: is the input `{}`; writing it would replace that input",
                    output.display(),
                    input.display()
                ),
                hint: "give the output a name of its own".to_owned(),
            });
        }
    }
    Ok(())
}

fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(a), Ok(b)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return a.dev() == b.dev() && a.ino() == b.ino();
        }
    }
    match (resolved(a), resolved(b)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// `path` resolved: canonical if it exists, else its canonical directory and its name.
fn resolved(path: &Path) -> Option<PathBuf> {
    if let Ok(path) = path.canonicalize() {
        return Some(path);
    }
    let name = path.file_name()?;
    parent_dir(path)
        .canonicalize()
        .ok()
        .map(|dir| dir.join(name))
}

/// Everything `lpo-sim mc` needs.
#[derive(Debug, Clone)]
pub struct McRequest {
    /// The scenario.
    pub scenario: LoadedScenario,
    /// The strategy: `--strategy`, else the scenario's.
    pub strategy: BuiltinStrategy,
    /// Master seed.
    pub seed: u64,
    /// Replicates in the whole study (`--runs`; the cap with `--until`).
    pub runs: u64,
    /// Worker threads (`None`: one per core).
    pub threads: Option<usize>,
    /// Precision target.
    pub until: Option<PrecisionTarget>,
    /// The shard, if only part of the study runs here.
    pub shard: Option<Shard>,
    /// Replicates this invocation runs.
    pub replicates: Range<u64>,
    /// Files to write.
    pub outputs: StudyOutputs,
    /// Simulate the founder's career before each firm (`--lifecycle`).
    pub lifecycle: bool,
    /// `--ensemble FILE`: the plausible parameter sets and the file they came from.
    pub ensemble: Option<LoadedEnsemble>,
}

/// An ensemble read from a calibration file and checked against the scenario.
#[derive(Debug, Clone)]
pub struct LoadedEnsemble {
    /// The members.
    pub ensemble: std::sync::Arc<lpo_sim_core::mc::Ensemble>,
    /// The file.
    pub origin: String,
}

impl LoadedEnsemble {
    /// Reads `--ensemble FILE` (a complete calibration file), takes its plausible members and
    /// applies each to `scenario`, so a member the scenario refuses is reported here, naming
    /// the file, the member and the parameter.
    pub fn load(path: &Path, scenario: &LoadedScenario) -> Result<Self, CliError> {
        Self::load_with_file(path, scenario).map(|(loaded, _)| loaded)
    }

    /// [`LoadedEnsemble::load`], and the calibration file it came from (`lpo-sim serve`
    /// keeps it to check each study's scenario against it, as `load` checks `scenario`).
    pub fn load_with_file(
        path: &Path,
        scenario: &LoadedScenario,
    ) -> Result<(Self, lpo_sim_core::calibration::CalibrationFile), CliError> {
        let shown = path.display().to_string();
        let file = read_calibration(path, "--ensemble")?;
        let usage = |message: String, hint: &str| CliError::Usage {
            message: format!("--ensemble `{shown}`: {message}"),
            hint: hint.to_owned(),
        };
        if file.is_part() {
            let last = file.waves.last().expect("a part has a wave");
            return Err(usage(
                format!(
                    "`waves[{}].evaluated`: is a part of wave {} (points {}..{}), not a \
                     calibration file",
                    file.waves.len() - 1,
                    last.wave,
                    last.evaluated.start,
                    last.evaluated.end
                ),
                "merge every part of the wave first (`lpo-sim calibrate merge`)",
            ));
        }
        let settings = &file.manifest.settings;
        if !file.is_finished() {
            return Err(usage(
                format!(
                    "`waves`: an unfinished history match ({} of its {} waves have run); its \
                     points are not yet the calibration's ensemble",
                    file.waves.len(),
                    settings.waves
                ),
                &format!(
                    "run the remaining waves: `lpo-sim calibrate wave {shown} --out PART.json`, \
                     then `lpo-sim calibrate merge {shown} PART.json --out {shown}`, once per \
                     wave (with the scenario the file was made from)"
                ),
            ));
        }
        let differences = file.differences_from(&scenario.scenario);
        if !differences.is_empty() {
            // The first three say what differs; a count stands for the rest.
            let shown_differences = differences[..differences.len().min(3)].join("; ");
            let more = match differences.len() {
                0..=3 => String::new(),
                n => format!(" (and {} more)", n - 3),
            };
            return Err(usage(
                format!(
                    "was calibrated on another scenario than {}: {shown_differences}{more}",
                    scenario.origin
                ),
                "give the scenario and --set changes the calibration was made with (its base \
                 scenario is `manifest.base_scenario` in the file), or calibrate this one: \
                 `lpo-sim calibrate run SCENARIO --set ... --out ENSEMBLE.json` (the calibrated \
                 parameters themselves may differ: every member sets them)",
            ));
        }
        let Some(ensemble) = file.ensemble() else {
            return Err(usage(
                format!(
                    "`waves`: no plausible parameter set (none of the {} waves' points is at or \
                     below the cut-off {})",
                    file.waves.len(),
                    file.manifest.targets.implausibility.cutoff
                ),
                "run more waves or points (`lpo-sim calibrate run`), or give a calibration \
                 file whose history match kept some points",
            ));
        };
        // Every member must make a valid scenario of this one; say which does not. The
        // members' values are checked here, once: the studies reuse the check.
        if let Err(error) = ensemble.check(&scenario.scenario) {
            return Err(usage(
                error.to_string(),
                "the file's parameters must exist in the scenario and their values fit it; \
                 give the calibration file made for this model version",
            ));
        }
        let loaded = LoadedEnsemble {
            ensemble: std::sync::Arc::new(ensemble),
            origin: shown,
        };
        Ok((loaded, file))
    }
}

impl McRequest {
    /// Checks the flags against each other, loads the scenario and resolves the strategy.
    pub fn from_args(args: McArgs) -> Result<Self, CliError> {
        if let (Some(until), Some(shard)) = (&args.until, args.shard) {
            return Err(CliError::Usage {
                message: format!("--until {until} cannot be combined with --shard {shard}"),
                hint: "a precision target decides when the whole study has enough replicates, \
                       which no single shard can know; give shards a fixed --runs, or run \
                       --until without --shard"
                    .to_owned(),
            });
        }
        if args.lifecycle {
            lifecycle_allowed(&args)?;
        }
        let replicates = match args.shard {
            None => 0..args.runs,
            Some(shard) => shard_range(shard, args.runs)?,
        };
        let mut read = inputs(&args.input);
        read.extend(args.ensemble.as_deref());
        let outputs = StudyOutputs::checked(args.json, args.csv, args.report, &read)?;
        let scenario = LoadedScenario::from_args(&args.input)?;
        let strategy = match args.strategy.as_deref() {
            Some(name) => parse_strategy(name)?,
            None => scenario.scenario.strategy.name,
        };
        let reader = Reader {
            command: "mc",
            simulated: if args.lifecycle {
                Simulated::Lifecycles
            } else {
                Simulated::Firms
            },
            strategies: &[strategy],
        };
        reader.check_scenario(&args.input, &scenario)?;
        let ensemble = match &args.ensemble {
            Some(path) => Some(LoadedEnsemble::load(path, &scenario)?),
            None => None,
        };
        if let Some(ensemble) = &ensemble {
            reader.warn_ensemble(ensemble);
        }
        Ok(McRequest {
            scenario,
            strategy,
            seed: args.seed,
            runs: args.runs,
            threads: args.workers.threads.map(threads),
            until: args.until,
            shard: args.shard,
            replicates,
            outputs,
            lifecycle: args.lifecycle,
            ensemble,
        })
    }
}

/// `--lifecycle` runs whole studies only: the career's statistics are not part of the
/// mergeable study file, and the engine has no precision stop for careers.
fn lifecycle_allowed(args: &McArgs) -> Result<(), CliError> {
    if let Some(shard) = args.shard {
        return Err(CliError::Usage {
            message: format!("--lifecycle cannot be combined with --shard {shard}"),
            hint: "`lpo-sim merge` combines only the firm statistics of shard files, not the \
                   careers of a lifecycle study, so the shards could not be put together; run \
                   the lifecycle study whole (it scales with --threads)"
                .to_owned(),
        });
    }
    if let Some(until) = &args.until {
        return Err(CliError::Usage {
            message: format!("--lifecycle cannot be combined with --until {until}"),
            hint: "a lifecycle study runs a fixed number of replicates; give --runs instead"
                .to_owned(),
        });
    }
    Ok(())
}

/// Replicates `[I·R/N, (I+1)·R/N)` of a study of `runs` = R replicates.
pub fn shard_range(shard: Shard, runs: u64) -> Result<Range<u64>, CliError> {
    if runs < shard.count {
        return Err(CliError::Usage {
            message: format!(
                "--shard {shard}: {runs} runs cannot be split into {} shards",
                shard.count
            ),
            hint: "give --runs at least as large as the number of shards".to_owned(),
        });
    }
    // u128: I·R cannot overflow.
    let at = |i: u64| (u128::from(i) * u128::from(runs) / u128::from(shard.count)) as u64;
    Ok(at(shard.index)..at(shard.index + 1))
}

/// `--threads`, already checked to be at least 1.
fn threads(count: u64) -> usize {
    usize::try_from(count).unwrap_or(usize::MAX)
}

/// Everything `lpo-sim replay` needs.
#[derive(Debug, Clone)]
pub struct ReplayRequest {
    /// The scenario.
    pub scenario: LoadedScenario,
    /// The strategy: `--strategy`, else the scenario's.
    pub strategy: BuiltinStrategy,
    /// Master seed of the study.
    pub seed: u64,
    /// Replicate index.
    pub run: u64,
    /// Output format.
    pub format: Format,
    /// `--ensemble FILE`.
    pub ensemble: Option<LoadedEnsemble>,
}

impl ReplayRequest {
    /// Loads the scenario and resolves the strategy.
    pub fn from_args(args: ReplayArgs) -> Result<Self, CliError> {
        let scenario = LoadedScenario::from_args(&args.input)?;
        let strategy = match args.strategy.as_deref() {
            Some(name) => parse_strategy(name)?,
            None => scenario.scenario.strategy.name,
        };
        let reader = Reader {
            command: "replay",
            simulated: Simulated::Firms,
            strategies: &[strategy],
        };
        reader.check_scenario(&args.input, &scenario)?;
        let ensemble = match &args.ensemble {
            Some(path) => Some(LoadedEnsemble::load(path, &scenario)?),
            None => None,
        };
        if let Some(ensemble) = &ensemble {
            reader.warn_ensemble(ensemble);
        }
        Ok(ReplayRequest {
            scenario,
            strategy,
            seed: args.seed,
            run: args.run,
            format: args.format,
            ensemble,
        })
    }
}

/// Everything `lpo-sim merge` needs.
#[derive(Debug, Clone)]
pub struct MergeRequest {
    /// The shard files.
    pub files: Vec<PathBuf>,
    /// Files to write.
    pub outputs: StudyOutputs,
}

impl MergeRequest {
    /// Checks the output paths.
    pub fn from_args(args: MergeArgs) -> Result<Self, CliError> {
        let inputs: Vec<&Path> = args.files.iter().map(PathBuf::as_path).collect();
        Ok(MergeRequest {
            outputs: StudyOutputs::checked(args.json, args.csv, args.report, &inputs)?,
            files: args.files,
        })
    }
}

/// Where `lpo-sim init` writes the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InitTarget {
    /// Standard output.
    Stdout,
    /// A file, replaced atomically.
    File {
        /// The file.
        path: PathBuf,
        /// Whether an existing file may be replaced (`--force`).
        overwrite: bool,
    },
}

impl InitTarget {
    /// Checks that the file can be written as asked. The check for an existing file is
    /// repeated when the file is put in place, so a file created in between is not clobbered.
    pub fn from_args(args: InitArgs) -> Result<Self, CliError> {
        let Some(path) = args.path else {
            return Ok(InitTarget::Stdout);
        };
        let shown = path.display();
        if path.is_dir() {
            return Err(CliError::Usage {
                message: format!("`{shown}` is a directory"),
                hint: format!(
                    "give a file name, e.g. `lpo-sim init {}`",
                    path.join("scenario.toml").display()
                ),
            });
        }
        let parent = parent_dir(&path);
        if !parent.is_dir() {
            return Err(CliError::Usage {
                message: format!("directory `{}` does not exist", parent.display()),
                hint: format!("create it first (`mkdir -p {}`)", parent.display()),
            });
        }
        if path.exists() && !args.force {
            return Err(already_exists(&path));
        }
        Ok(InitTarget::File {
            path,
            overwrite: args.force,
        })
    }
}

/// The files a command reads: its scenario file, if any.
pub fn inputs(args: &ScenarioArgs) -> Vec<&Path> {
    args.scenario.iter().map(PathBuf::as_path).collect()
}

/// A strategy name as typed. Clap already restricts the values to the built-in names; this
/// keeps the error helpful should the two ever disagree.
fn parse_strategy(name: &str) -> Result<BuiltinStrategy, CliError> {
    BuiltinStrategy::from_name(name).ok_or_else(|| CliError::Usage {
        message: format!("unknown strategy `{name}`"),
        hint: format!("valid names: {}", strategy_list()),
    })
}

/// The built-in strategy names, comma-separated.
pub fn strategy_list() -> String {
    BuiltinStrategy::ALL.map(BuiltinStrategy::name).join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_name_parses_and_unknown_names_list_the_valid_ones() {
        for strategy in BuiltinStrategy::ALL {
            assert_eq!(parse_strategy(strategy.name()).unwrap(), strategy);
        }
        let error = parse_strategy("reckless").unwrap_err();
        assert_eq!(error.exit_code(), crate::error::EXIT_INVALID_INPUT);
        assert!(error.hint().unwrap().contains("quality-first"));
    }

    #[test]
    fn shards_partition_the_study_exactly() {
        for (runs, count) in [(2500, 3), (10, 10), (7, 3), (1_000_000, 100), (u64::MAX, 7)] {
            let mut next = 0;
            for index in 0..count {
                let range = shard_range(Shard { index, count }, runs).unwrap();
                assert_eq!(range.start, next, "{runs} runs, shard {index}/{count}");
                assert!(
                    range.end > range.start,
                    "empty shard {index}/{count} of {runs}"
                );
                next = range.end;
            }
            assert_eq!(next, runs);
        }
        assert_eq!(
            shard_range(Shard { index: 1, count: 3 }, 2500).unwrap(),
            833..1666
        );
        let error = shard_range(Shard { index: 0, count: 4 }, 3).unwrap_err();
        assert_eq!(error.exit_code(), crate::error::EXIT_INVALID_INPUT);
    }

    #[test]
    fn unknown_paths_suggest_close_ones_only() {
        let params = lpo_sim_core::params::list_params(&mut Scenario::default());
        let error = unknown_param("--set", "workforce.attrition.base_montly", &params);
        assert!(
            error
                .hint()
                .unwrap()
                .contains("`workforce.attrition.base_monthly`"),
            "{:?}",
            error.hint()
        );
        let error = unknown_param("--set", "no.such", &params);
        assert_eq!(error.exit_code(), crate::error::EXIT_INVALID_INPUT);
        assert!(!error.hint().unwrap().contains("did you mean"));
        assert!(error.hint().unwrap().contains("lpo-sim params"));
    }

    #[test]
    fn assignments_parse_numbers_and_switches() {
        let a = Assignment::parse(" horizon_months = 24 ").unwrap();
        assert_eq!((a.path.as_str(), a.value), ("horizon_months", 24.0));
        assert_eq!(a.to_string(), "horizon_months=24");
        assert_eq!(
            Assignment::parse("founder.has_law_degree=true")
                .unwrap()
                .value,
            1.0
        );
        assert_eq!(
            Assignment::parse("founder.has_law_degree=no")
                .unwrap()
                .value,
            0.0
        );
        for bad in ["horizon_months", "=3", "a=x", "a=NaN", "a=inf"] {
            assert!(Assignment::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn bare_file_name_lives_in_the_current_directory() {
        assert_eq!(parent_dir(Path::new("scenario.toml")), Path::new("."));
        assert_eq!(parent_dir(Path::new("a/b.toml")), Path::new("a"));
    }
}
