//! `lpo-sim compare`: which arms to run (scenario files, strategies or `--variant` groups of
//! changes), each checked before anything runs.

use super::reads::Reader;
use super::{
    LoadedEnsemble, LoadedScenario, StudyOutputs, apply, check_output_file, parse_strategy,
    strategy_list, threads,
};
use crate::args::{CompareArgs, ScenarioArgs, Variant};
use crate::error::CliError;
use lpo_sim_core::params::list_params;
use lpo_sim_core::reads::Simulated;
use lpo_sim_core::{BuiltinStrategy, ScenarioError};
use lpo_sim_report::view::compare::{BASELINE, Compared};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One arm: its name, scenario and strategy.
#[derive(Debug, Clone)]
pub struct CompareArm {
    /// How outputs name it.
    pub name: String,
    /// Its scenario, validated.
    pub scenario: LoadedScenario,
    /// Its strategy.
    pub strategy: BuiltinStrategy,
}

/// Everything `lpo-sim compare` needs.
#[derive(Debug, Clone)]
pub struct CompareRequest {
    /// What the arms differ in.
    pub compared: Compared,
    /// The arms, the baseline first.
    pub arms: Vec<CompareArm>,
    /// Simulate the career before each firm (`--lifecycle`).
    pub lifecycle: bool,
    /// Replicates.
    pub runs: u64,
    /// Master seed.
    pub seed: u64,
    /// Worker threads.
    pub threads: Option<usize>,
    /// `--json FILE` and `--report FILE.html`.
    pub outputs: StudyOutputs,
    /// `--csv FILE`.
    pub csv: Option<PathBuf>,
    /// `--ensemble FILE`, without the parameters the arms set differently.
    pub ensemble: Option<LoadedEnsemble>,
    /// The ensemble's parameters left to the arms, because the arms differ in them.
    pub ensemble_dropped: Vec<String>,
}

/// The usage error for arms that are not one kind of thing, with examples.
fn arms_error(message: String) -> CliError {
    CliError::Usage {
        message,
        hint: "compare one thing at a time: scenario files (`compare a.toml b.toml`), \
               strategies (`--strategy cautious --strategy aggressive`) or groups of changes \
               (`--variant \"lean: founder.savings=15000\"`)"
            .to_owned(),
    }
}

impl CompareRequest {
    /// Builds the arms and checks the output files.
    pub fn from_args(args: CompareArgs) -> Result<Self, CliError> {
        let mut strategies: Vec<BuiltinStrategy> = Vec::new();
        for name in &args.strategies {
            let strategy = parse_strategy(name)?;
            if strategies.contains(&strategy) {
                return Err(CliError::Usage {
                    message: format!("--strategy {name} is given twice"),
                    hint: "name each strategy to compare once".to_owned(),
                });
            }
            strategies.push(strategy);
        }
        let compared = Self::compared(&args, &strategies)?;
        for (i, v) in args.variants.iter().enumerate() {
            if v.name == BASELINE || args.variants[..i].iter().any(|w| w.name == v.name) {
                return Err(CliError::Usage {
                    message: format!("--variant `{v}`: the name `{}` is taken", v.name),
                    hint: format!(
                        "give each variant a name of its own (`{BASELINE}` is the scenario as \
                         given)"
                    ),
                });
            }
        }

        let mut read: Vec<&Path> = args.scenarios.iter().map(PathBuf::as_path).collect();
        read.extend(args.ensemble.as_deref());
        let outputs = StudyOutputs::checked(args.json, None, args.report, &read)?;
        if let Some(csv) = &args.csv {
            check_output_file(csv, "--csv", &read)?;
            if outputs.json.as_ref() == Some(csv) || outputs.report.as_ref() == Some(csv) {
                return Err(CliError::Usage {
                    message: format!("--csv {} is also another output", csv.display()),
                    hint: "give each output file a name of its own".to_owned(),
                });
            }
        }

        let load = |path: Option<&PathBuf>| {
            LoadedScenario::from_args(&ScenarioArgs {
                scenario: path.cloned(),
                set: args.set.clone(),
                ai: None,
            })
        };
        let single = (strategies.len() == 1).then(|| strategies[0]);
        let strategy_of = |s: &LoadedScenario| single.unwrap_or(s.scenario.strategy.name);
        let arms: Vec<CompareArm> = match compared {
            Compared::Scenarios => {
                let mut arms = Vec::new();
                for (i, path) in args.scenarios.iter().enumerate() {
                    let scenario = load(Some(path))?;
                    let mut name = path.display().to_string();
                    let earlier = args.scenarios[..i].iter().filter(|p| *p == path).count();
                    if earlier > 0 {
                        name = format!("{name} #{}", earlier + 1);
                    }
                    arms.push(CompareArm {
                        name,
                        strategy: strategy_of(&scenario),
                        scenario,
                    });
                }
                arms
            }
            Compared::Strategies => {
                let scenario = load(args.scenarios.first())?;
                strategies
                    .iter()
                    .map(|&strategy| CompareArm {
                        name: strategy.name().to_owned(),
                        scenario: scenario.clone(),
                        strategy,
                    })
                    .collect()
            }
            Compared::Variants => {
                let base = load(args.scenarios.first())?;
                let mut arms = vec![CompareArm {
                    name: BASELINE.to_owned(),
                    strategy: strategy_of(&base),
                    scenario: base.clone(),
                }];
                for variant in &args.variants {
                    let scenario = with_variant(&base, variant)?;
                    arms.push(CompareArm {
                        name: variant.name.clone(),
                        strategy: strategy_of(&scenario),
                        scenario,
                    });
                }
                arms
            }
        };

        if args.lifecycle {
            let founder: Vec<String> = list_params(&mut arms[0].scenario.scenario.clone())
                .into_iter()
                .map(|p| p.path)
                .filter(|p| p.starts_with("founder."))
                .collect();
            let moot = varied_paths(&arms, &founder);
            if !moot.is_empty() {
                return Err(CliError::Usage {
                    message: format!(
                        "--lifecycle: the arms differ in {}, which the founder's career \
                         replaces (every firm is founded by the profile its career produced)",
                        moot.join(", ")
                    ),
                    hint: "vary the career instead (`career.*`, e.g. `career.initial_savings` \
                           or `career.plan.min_savings_to_found`), or drop --lifecycle to \
                           compare founders directly"
                        .to_owned(),
                });
            }
        }

        // Every setting acts or is refused: `--set` and `--variant` values no arm reads are
        // errors, a scenario file's unread values a warning.
        let arm_strategies: Vec<BuiltinStrategy> = arms.iter().map(|a| a.strategy).collect();
        let reader = Reader {
            command: "compare",
            simulated: if args.lifecycle {
                Simulated::Lifecycles
            } else {
                Simulated::Firms
            },
            strategies: &arm_strategies,
        };
        reader.refuse_unread("--set", args.set.iter().map(|a| a.path.as_str()))?;
        for variant in &args.variants {
            reader.refuse_unread("--variant", variant.changes.iter().map(|c| c.path.as_str()))?;
        }
        for (arm, path) in arms.iter().zip(&args.scenarios) {
            reader.check_scenario(
                &ScenarioArgs {
                    scenario: Some(path.clone()),
                    set: Vec::new(),
                    ai: None,
                },
                &arm.scenario,
            )?;
        }

        let currency = &arms[0].scenario.scenario.currency;
        if let Some(other) = arms
            .iter()
            .find(|a| &a.scenario.scenario.currency != currency)
        {
            return Err(CliError::Usage {
                message: format!(
                    "`currency`: arm `{}` counts in {} but the baseline `{}` in {currency}, so \
                     their amounts cannot be subtracted",
                    other.name, other.scenario.scenario.currency, arms[0].name
                ),
                hint: "give every scenario the same currency (and amounts in it)".to_owned(),
            });
        }

        let (ensemble, ensemble_dropped) = match &args.ensemble {
            Some(path) => {
                let mut loaded = LoadedEnsemble::load(path, &arms[0].scenario)?;
                for arm in &arms[1..] {
                    LoadedEnsemble::load(path, &arm.scenario)?;
                }
                reader.warn_ensemble(&loaded);
                let dropped = varied_paths(&arms, &loaded.ensemble.paths);
                if !dropped.is_empty() {
                    loaded.ensemble = Arc::new(loaded.ensemble.without(&dropped));
                }
                (Some(loaded), dropped)
            }
            None => (None, Vec::new()),
        };
        Ok(CompareRequest {
            compared,
            arms,
            lifecycle: args.lifecycle,
            runs: args.runs,
            seed: args.seed,
            threads: args.workers.threads.map(threads),
            outputs,
            csv: args.csv,
            ensemble,
            ensemble_dropped,
        })
    }

    /// What the arms differ in: exactly one of files, strategies or variants.
    fn compared(args: &CompareArgs, strategies: &[BuiltinStrategy]) -> Result<Compared, CliError> {
        let files = args.scenarios.len();
        let variants = args.variants.len();
        let mut kinds = Vec::new();
        if files >= 2 {
            kinds.push(format!("{files} scenario files"));
        }
        if strategies.len() >= 2 {
            kinds.push(format!("{} strategies", strategies.len()));
        }
        if variants >= 1 {
            kinds.push(format!("{variants} --variant"));
        }
        match kinds.len() {
            0 if strategies.len() == 1 => Err(CliError::Usage {
                message: format!(
                    "--strategy: compare needs at least two strategies, got {}",
                    strategies.len()
                ),
                hint: format!(
                    "add another, e.g. `--strategy cautious --strategy aggressive` (valid \
                     names: {}), or compare scenario files or --variant arms under this one",
                    strategy_list()
                ),
            }),
            0 => Err(arms_error(format!(
                "nothing to compare: {}",
                match files {
                    0 => "no scenario file, --strategy or --variant".to_owned(),
                    _ => "one scenario file and no second arm".to_owned(),
                }
            ))),
            1 if files >= 2 => Ok(Compared::Scenarios),
            1 if variants >= 1 => Ok(Compared::Variants),
            1 => Ok(Compared::Strategies),
            _ => Err(arms_error(format!(
                "the arms would differ in more than one way ({})",
                kinds.join(" and ")
            ))),
        }
    }
}

/// `base` with the changes of `variant`, validated; errors name the variant.
fn with_variant(base: &LoadedScenario, variant: &Variant) -> Result<LoadedScenario, CliError> {
    let flag = format!("--variant `{}`", variant.name);
    let rename = |error: CliError| match error {
        CliError::Usage { message, hint } => CliError::Usage {
            message: message.replacen("--set", &flag, 1),
            hint,
        },
        other => other,
    };
    let mut scenario = base.scenario.clone();
    let params = list_params(&mut scenario.clone());
    for change in &variant.changes {
        apply(&mut scenario, &params, change).map_err(rename)?;
    }
    match scenario.validate() {
        Ok(()) => {
            let changes: Vec<String> = variant.changes.iter().map(ToString::to_string).collect();
            // `a.toml with x=1` goes on `, y=2`; a bare `a.toml` gets ` with y=2`.
            let joint = if args_changed(base) { ", " } else { " with " };
            Ok(LoadedScenario {
                scenario,
                origin: format!("{}{joint}{}", base.origin, changes.join(", ")),
            })
        }
        Err(ScenarioError::Invalid { problems, .. }) => Err(CliError::Usage {
            message: ScenarioError::Invalid {
                file: flag,
                problems,
            }
            .to_string(),
            hint: "give each parameter a value in its allowed range; `lpo-sim params` lists \
                   every parameter with its range"
                .to_owned(),
        }),
        Err(other) => Err(other.into()),
    }
}

/// Whether `base` already carries `--set` changes in its origin.
fn args_changed(base: &LoadedScenario) -> bool {
    base.origin.contains(" with ")
}

/// The parameters among `paths` whose value is not the same in every arm: an ensemble member
/// would overwrite the very difference the comparison is about, so the arms keep their own.
fn varied_paths(arms: &[CompareArm], paths: &[String]) -> Vec<String> {
    let values: Vec<Vec<(String, f64)>> = arms
        .iter()
        .map(|arm| {
            list_params(&mut arm.scenario.scenario.clone())
                .into_iter()
                .map(|p| (p.path, p.value))
                .collect()
        })
        .collect();
    let value = |arm: usize, path: &str| {
        values[arm]
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, v)| v.to_bits())
    };
    paths
        .iter()
        .filter(|path| (1..arms.len()).any(|arm| value(arm, path) != value(0, path)))
        .cloned()
        .collect()
}
