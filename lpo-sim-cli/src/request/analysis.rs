//! Step two for the analyses (`params`, `sweep`, `sensitivity`, `tune`): parameter ranges,
//! metrics and objectives parsed and checked against the scenario, before anything runs.

use super::reads::Reader;
use super::{
    LoadedEnsemble, LoadedScenario, StudyOutputs, check_output_file, inputs, parse_strategy,
    threads, unknown_param,
};
use crate::args::{
    Format, ParamsArgs, ScenarioArgs, SensitivityArgs, StudyArgs, SweepArgs, TuneArgs,
};
use crate::error::CliError;
use lpo_sim_core::BuiltinStrategy;
use lpo_sim_core::analysis::{
    AnalysisError, MAX_POINTS, Metric, Objective, ParamRange, SweepDesign, TuneConfig,
    default_factors, factors, invalid_end, point_problems,
};
use lpo_sim_core::mc::McConfig;
use lpo_sim_core::params::{ParamInfo, SetError, list_params};
use lpo_sim_core::reads::Simulated;
use std::path::{Path, PathBuf};

/// Everything `lpo-sim params` needs.
#[derive(Debug, Clone)]
pub struct ParamsRequest {
    /// The scenario whose values are listed.
    pub scenario: LoadedScenario,
    /// Output format.
    pub format: Format,
    /// Only paths containing this.
    pub filter: Option<String>,
}

impl ParamsRequest {
    /// Loads the scenario.
    pub fn from_args(args: ParamsArgs) -> Result<Self, CliError> {
        Ok(ParamsRequest {
            scenario: LoadedScenario::from_args(&args.input)?,
            format: args.format,
            filter: args.filter,
        })
    }
}

/// The studies every point of an analysis runs: strategy, seeds, replicates, threads.
#[derive(Debug, Clone)]
pub struct StudySettings {
    /// The strategy, built at each point from that point's `strategy.rule`.
    pub strategy: BuiltinStrategy,
    /// Master seed.
    pub seed: u64,
    /// Replicates per study.
    pub runs: u64,
    /// Worker threads.
    pub threads: Option<usize>,
    /// `--ensemble FILE`: every study runs over these plausible parameter sets.
    pub ensemble: Option<LoadedEnsemble>,
}

impl StudySettings {
    fn new(args: &StudyArgs, runs: u64, scenario: &LoadedScenario) -> Result<Self, CliError> {
        let strategy = match args.strategy.as_deref() {
            Some(name) => parse_strategy(name)?,
            None => scenario.scenario.strategy.name,
        };
        let ensemble = match &args.ensemble {
            Some(path) => Some(LoadedEnsemble::load(path, scenario)?),
            None => None,
        };
        Ok(StudySettings {
            strategy,
            seed: args.seed,
            runs,
            threads: args.workers.threads.map(threads),
            ensemble,
        })
    }

    /// The configuration of every study: replicates `0..runs`, the same seeds everywhere,
    /// over the ensemble if there is one (the analysis keeps its own parameters' values).
    pub fn config(&self) -> McConfig {
        let mut config = McConfig::default().seed(self.seed).runs(self.runs);
        config.threads = self.threads;
        config.ensemble = self.ensemble.as_ref().map(|e| e.ensemble.clone());
        config
    }
}

/// The paths of an ensemble's parameters that still vary by member when an analysis varies
/// `varied` itself (the analysis' values hold at every member).
pub fn members_vary<'a>(ensemble_paths: &'a [String], varied: &[ParamRange]) -> Vec<&'a str> {
    ensemble_paths
        .iter()
        .filter(|p| !varied.iter().any(|r| &r.path == *p))
        .map(String::as_str)
        .collect()
}

/// Refuses an ensemble that would change nothing: every one of its parameters is varied by the
/// analysis, whose values hold at every member.
fn check_ensemble_varies(settings: &StudySettings, varied: &[ParamRange]) -> Result<(), CliError> {
    match &settings.ensemble {
        Some(e) if members_vary(&e.ensemble.paths, varied).is_empty() => Err(CliError::Usage {
            message: format!(
                "--ensemble {}: this analysis varies every one of its {} parameters itself, so \
                 its members would change nothing",
                e.origin,
                e.ensemble.paths.len()
            ),
            hint: "vary fewer parameters (for sensitivity, name the factors with --param), or \
                   leave out --ensemble"
                .to_owned(),
        }),
        _ => Ok(()),
    }
}

/// The files an analysis reads, which its outputs must not overwrite: the scenario and the
/// ensemble.
fn read_by<'a>(input: &'a ScenarioArgs, study: &'a StudyArgs) -> Vec<&'a Path> {
    let mut read = inputs(input);
    read.extend(study.ensemble.as_deref());
    read
}

/// Everything `lpo-sim sweep` needs.
#[derive(Debug, Clone)]
pub struct SweepRequest {
    /// The scenario.
    pub scenario: LoadedScenario,
    /// The studies at each point.
    pub settings: StudySettings,
    /// The parameters varied, in the order given.
    pub ranges: Vec<ParamRange>,
    /// How the points were chosen.
    pub design: SweepDesign,
    /// The points, each with one value per range.
    pub points: Vec<Vec<f64>>,
    /// What is measured.
    pub metric: Metric,
    /// `--csv FILE`.
    pub csv: Option<PathBuf>,
    /// `--json FILE`.
    pub json: Option<PathBuf>,
    /// `--report FILE.html`.
    pub report: Option<PathBuf>,
}

impl SweepRequest {
    /// Parses the ranges and the metric against the scenario and lays out the points.
    pub fn from_args(args: SweepArgs) -> Result<Self, CliError> {
        let metric = parse_metric(&args.metric)?;
        let scenario = LoadedScenario::from_args(&args.input)?;
        let params = list_params(&mut scenario.scenario.clone());
        let ranges = args
            .params
            .iter()
            .map(|spec| parse_range(spec, &scenario, &params))
            .collect::<Result<Vec<_>, _>>()?;
        no_repeats(&ranges)?;
        if args.report.is_some() && ranges.len() > 2 {
            return Err(CliError::Usage {
                message: format!(
                    "--report draws one or two parameters, and this sweep varies {}",
                    ranges.len()
                ),
                hint: "a chart of three or more parameters at once would hide most of them; \
                       write the table with --csv or --json and plot slices, or sweep two \
                       parameters at a time with --report"
                    .to_owned(),
            });
        }
        let design = match args.lhs {
            None => SweepDesign::Grid,
            Some(points) => SweepDesign::LatinHypercube {
                points,
                seed: args.lhs_seed,
            },
        };
        let points = design.points(&ranges).map_err(|too_many| {
            let what = match design {
                SweepDesign::Grid => "the grid of these ranges has",
                SweepDesign::LatinHypercube { .. } => "--lhs asks for",
            };
            too_many_points(too_many.points, what)
        })?;
        // Every point must be a valid scenario before the first one runs.
        let paths: Vec<String> = ranges.iter().map(|r| r.path.clone()).collect();
        for point in &points {
            let problems = point_problems(&scenario.scenario, &paths, point);
            if !problems.is_empty() {
                return Err(invalid_point(&ranges, point, &problems));
            }
        }
        let read = read_by(&args.input, &args.study);
        let outputs = StudyOutputs::checked(args.json, None, args.report, &read)?;
        if let Some(path) = &args.csv {
            check_output_file(path, "--csv", &read)?;
            if Some(path) == outputs.json.as_ref() || Some(path) == outputs.report.as_ref() {
                return Err(same_file("--csv"));
            }
        }
        let settings = StudySettings::new(&args.study, args.runs, &scenario)?;
        check_reads("sweep", &args.input, &scenario, &settings, &ranges)?;
        check_ensemble_varies(&settings, &ranges)?;
        Ok(SweepRequest {
            settings,
            scenario,
            ranges,
            design,
            points,
            metric,
            csv: args.csv,
            json: outputs.json,
            report: outputs.report,
        })
    }
}

/// Everything `lpo-sim sensitivity` needs.
#[derive(Debug, Clone)]
pub struct SensitivityRequest {
    /// The scenario.
    pub scenario: LoadedScenario,
    /// The studies.
    pub settings: StudySettings,
    /// What is measured.
    pub metric: Metric,
    /// The factors, each with its low and high value.
    pub factors: Vec<ParamRange>,
    /// `--spread`.
    pub spread: f64,
    /// Whether the factors are every parameter (no `--param`).
    pub every_parameter: bool,
    /// Parameters left out of the default set, and why.
    pub left_out: Vec<(String, &'static str)>,
    /// Morris trajectories.
    pub trajectories: usize,
    /// `--json FILE`.
    pub json: Option<PathBuf>,
    /// `--csv FILE`.
    pub csv: Option<PathBuf>,
    /// `--report FILE.html`.
    pub report: Option<PathBuf>,
}

impl SensitivityRequest {
    /// Parses the metric and builds the factors.
    pub fn from_args(args: SensitivityArgs) -> Result<Self, CliError> {
        let metric = parse_metric(&args.metric)?;
        if !(args.spread.is_finite() && args.spread > 0.0) {
            return Err(CliError::Usage {
                message: format!("--spread {}: must be a number above 0", args.spread),
                hint: "e.g. --spread 0.2 moves each factor 20 % below and above its value"
                    .to_owned(),
            });
        }
        let scenario = LoadedScenario::from_args(&args.input)?;
        let params = list_params(&mut scenario.scenario.clone());
        let every_parameter = args.params.is_empty();
        let settings = StudySettings::new(&args.study, args.runs, &scenario)?;
        let mut left_out = Vec::new();
        let factors = if every_parameter {
            let chosen = default_factors(&scenario.scenario, settings.strategy, args.spread)
                .map_err(|e| from_analysis(e, &[]))?;
            left_out = (chosen.left_out.into_iter())
                .map(|(path, why)| (path, why.note()))
                .collect();
            chosen.factors
        } else {
            let chosen = args
                .params
                .iter()
                .map(|spec| chosen_factor(spec, &scenario, &params, args.spread))
                .collect::<Result<Vec<_>, _>>()?;
            for factor in &chosen {
                if let Some((value, problems)) = invalid_end(&scenario.scenario, factor) {
                    return Err(invalid_point(
                        std::slice::from_ref(factor),
                        &[value],
                        &problems,
                    ));
                }
            }
            chosen
        };
        no_repeats(&factors)?;
        let read = read_by(&args.input, &args.study);
        let outputs = StudyOutputs::checked(args.json, None, args.report, &read)?;
        if let Some(path) = &args.csv {
            check_output_file(path, "--csv", &read)?;
            if Some(path) == outputs.json.as_ref() || Some(path) == outputs.report.as_ref() {
                return Err(same_file("--csv"));
            }
        }
        check_reads("sensitivity", &args.input, &scenario, &settings, &factors)?;
        check_ensemble_varies(&settings, &factors)?;
        Ok(SensitivityRequest {
            settings,
            scenario,
            metric,
            factors,
            spread: args.spread,
            every_parameter,
            left_out,
            trajectories: usize::try_from(args.morris_trajectories).unwrap_or(usize::MAX),
            json: outputs.json,
            csv: args.csv,
            report: outputs.report,
        })
    }

    /// Studies of the tornado chart: the base, then each factor low and high.
    pub fn tornado_studies(&self) -> u64 {
        2 * self.factors.len() as u64 + 1
    }

    /// Studies of the Morris screening: each trajectory visits F + 1 points.
    pub fn morris_studies(&self) -> u64 {
        self.trajectories as u64 * (self.factors.len() as u64 + 1)
    }
}

/// `PATH` (its value ± spread) or `PATH=LO:HI`.
fn chosen_factor(
    spec: &str,
    scenario: &LoadedScenario,
    params: &[ParamInfo],
    spread: f64,
) -> Result<ParamRange, CliError> {
    if spec.contains('=') {
        let mut range = parse_range(spec, scenario, params)?;
        // A sensitivity factor has two ends; a step would mean nothing.
        range.step = None;
        return Ok(range);
    }
    let path = spec.trim();
    let info = params
        .iter()
        .find(|p| p.path == path)
        .ok_or_else(|| unknown_param("--param", path, params))?;
    if info.flag {
        return Err(CliError::Usage {
            message: format!("--param {path}: is a yes/no switch, not a number to vary"),
            hint: "compare the two settings with `--set` instead (e.g. two `lpo-sim mc` runs)"
                .to_owned(),
        });
    }
    let chosen = factors(&scenario.scenario, Some(&[path.to_owned()]), spread)
        .map_err(|e| from_analysis(e, params))?;
    let Some(factor) = chosen.into_iter().next() else {
        return Err(unknown_param("--param", path, params));
    };
    if factor.low == factor.high {
        return Err(CliError::Usage {
            message: format!(
                "--param {path}: its value is {}, so ±{spread} of it is no range at all",
                info.value
            ),
            hint: format!(
                "give the range yourself: `--param {path}=LO:HI` (allowed {} to {})",
                info.min, info.max
            ),
        });
    }
    Ok(factor)
}

/// Everything `lpo-sim tune` needs.
#[derive(Debug, Clone)]
pub struct TuneRequest {
    /// The scenario.
    pub scenario: LoadedScenario,
    /// The strategy, built for each candidate from its `strategy.rule`.
    pub strategy: BuiltinStrategy,
    /// The search.
    pub config: TuneConfig,
    /// `--json FILE`.
    pub json: Option<PathBuf>,
    /// `--report FILE.html`.
    pub report: Option<PathBuf>,
    /// `--ensemble FILE` (its members are in `config.ensemble`).
    pub ensemble: Option<LoadedEnsemble>,
}

impl TuneRequest {
    /// Parses the objective and the bounds, and checks the search settings.
    pub fn from_args(args: TuneArgs) -> Result<Self, CliError> {
        let objective = Objective::parse(&args.objective).map_err(|e| CliError::Usage {
            message: format!("--objective `{}`: {e}", args.objective.trim()),
            hint: "e.g. --objective 'maximise median:final_cash subject to p_bankrupt <= 0.05' \
                   or --objective 'max p_open'; metrics are p_bankrupt, p_open, \
                   p_break_even, mean:<outcome>, median:<outcome>, p<1-99>:<outcome>, \
                   cvar5:final_cash"
                .to_owned(),
        })?;
        if args.population < 2 {
            return Err(CliError::Usage {
                message: format!(
                    "--population {}: the search needs at least 2",
                    args.population
                ),
                hint: "the elite is at least two candidates; give --population 2 or more"
                    .to_owned(),
            });
        }
        if !(args.elite > 0.0 && args.elite <= 1.0) {
            return Err(CliError::Usage {
                message: format!("--elite {}: must be above 0 and at most 1", args.elite),
                hint: "the share of each iteration's candidates kept, e.g. --elite 0.25".to_owned(),
            });
        }
        let scenario = LoadedScenario::from_args(&args.input)?;
        let params = list_params(&mut scenario.scenario.clone());
        let ranges = args
            .params
            .iter()
            .map(|spec| {
                let range = parse_range(spec, &scenario, &params)?;
                if range.step.is_some() {
                    return Err(CliError::Usage {
                        message: format!("--param {spec}: tune takes PATH=LO:HI, without a step"),
                        hint: "the search tries any value between the bounds (whole numbers \
                               for whole-number parameters); drop the `:STEP`"
                            .to_owned(),
                    });
                }
                if let Some((value, problems)) = invalid_end(&scenario.scenario, &range) {
                    return Err(invalid_point(
                        std::slice::from_ref(&range),
                        &[value],
                        &problems,
                    ));
                }
                Ok(range)
            })
            .collect::<Result<Vec<_>, _>>()?;
        no_repeats(&ranges)?;
        let outputs = StudyOutputs::checked(
            args.json,
            None,
            args.report,
            &read_by(&args.input, &args.study),
        )?;
        let settings = StudySettings::new(&args.study, args.runs, &scenario)?;
        check_reads("tune", &args.input, &scenario, &settings, &ranges)?;
        check_ensemble_varies(&settings, &ranges)?;
        let config = TuneConfig {
            params: ranges,
            objective,
            iterations: usize::try_from(args.iterations).unwrap_or(usize::MAX),
            population: usize::try_from(args.population).unwrap_or(usize::MAX),
            elite_share: args.elite,
            seed: settings.seed,
            runs_per_candidate: settings.runs,
            validation_runs: args.validation_runs,
            threads: settings.threads,
            ensemble: settings.ensemble.as_ref().map(|e| e.ensemble.clone()),
        };
        Ok(TuneRequest {
            scenario,
            strategy: settings.strategy,
            config,
            json: outputs.json,
            report: outputs.report,
            ensemble: settings.ensemble,
        })
    }
}

/// Refuses the `--set` values and the varied parameters (`--param`) that an analysis's firm
/// studies do not read, and warns of the scenario file's and the ensemble's (see [`Reader`]).
fn check_reads(
    command: &'static str,
    input: &ScenarioArgs,
    scenario: &LoadedScenario,
    settings: &StudySettings,
    varied: &[ParamRange],
) -> Result<(), CliError> {
    let reader = Reader {
        command,
        simulated: Simulated::Firms,
        strategies: &[settings.strategy],
    };
    reader.refuse_unread_in(
        "--param",
        varied.iter().map(|range| range.path.as_str()),
        &scenario.scenario,
    )?;
    reader.check_scenario(input, scenario)?;
    if let Some(ensemble) = &settings.ensemble {
        reader.warn_ensemble(ensemble);
    }
    Ok(())
}

/// The error for a point (or a range's end) that is not a valid scenario: a rule between
/// parameters, since each value is already within its own range.
fn invalid_point(ranges: &[ParamRange], values: &[f64], problems: &[String]) -> CliError {
    let at: Vec<String> = ranges
        .iter()
        .zip(values)
        .map(|(r, v)| format!("{} = {v}", r.path))
        .collect();
    CliError::Usage {
        message: format!(
            "--param: with {} the scenario is invalid:\n  - {}",
            at.join(", "),
            problems.join("\n  - ")
        ),
        hint: "the parameter is tied to others by a rule of the scenario; change them \
               together with --set, or vary another parameter"
            .to_owned(),
    }
}

/// `--metric NAME`.
fn parse_metric(text: &str) -> Result<Metric, CliError> {
    Metric::parse(text).map_err(|e| CliError::Usage {
        message: format!("--metric: {e}"),
        hint: "e.g. --metric p_bankrupt or --metric median:final_cash".to_owned(),
    })
}

/// `--param PATH=LO:HI[:STEP]`, checked against the scenario's ranges.
fn parse_range(
    spec: &str,
    scenario: &LoadedScenario,
    params: &[ParamInfo],
) -> Result<ParamRange, CliError> {
    ParamRange::parse(spec, &scenario.scenario).map_err(|e| from_analysis(e, params))
}

/// An analysis input error as a usage error (exit code 2).
fn from_analysis(error: AnalysisError, params: &[ParamInfo]) -> CliError {
    match error {
        AnalysisError::Param(SetError::Unknown { path, .. }) => {
            unknown_param("--param", &path, params)
        }
        AnalysisError::Spec(message) => CliError::Usage {
            message: format!("--param {message}"),
            hint: "e.g. --param strategy.rule.hiring_rigor=1:7:2 (1, 3, 5, 7) or \
                   --param strategy.rule.trainer_quality=0:1"
                .to_owned(),
        },
        AnalysisError::InvalidParam(message) => CliError::Usage {
            message: format!("--param {message}"),
            hint: "`lpo-sim params` lists every parameter's allowed range".to_owned(),
        },
        other => other.into(),
    }
}

/// The same parameter twice would make every point ambiguous.
fn no_repeats(ranges: &[ParamRange]) -> Result<(), CliError> {
    for (i, range) in ranges.iter().enumerate() {
        if ranges[..i].iter().any(|r| r.path == range.path) {
            return Err(CliError::Usage {
                message: format!("--param {}: given more than once", range.path),
                hint: "give each parameter once, with the whole range to cover".to_owned(),
            });
        }
    }
    Ok(())
}

fn too_many_points(points: u64, what: &str) -> CliError {
    CliError::Usage {
        message: format!(
            "{what} {points} points; a sweep runs at most {MAX_POINTS} (each a study of --runs \
             replicates)"
        ),
        hint: "use a larger step, fewer parameters, or --lhs N with a smaller N".to_owned(),
    }
}

fn same_file(flag: &str) -> CliError {
    CliError::Usage {
        message: format!("{flag} names the same file as another output"),
        hint: "give each output file its own name".to_owned(),
    }
}
