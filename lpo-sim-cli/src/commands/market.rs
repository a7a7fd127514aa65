//! `lpo-sim market`: rival firms in one market (MODEL.md §5.8), a Monte Carlo study over
//! replicates of the whole market; its table and JSON are the report crate's
//! [`MarketReport`]. `--shard I/N --out FILE` runs part of a study into a market study file;
//! `lpo-sim merge` gives [`merge`] those files, which prints and writes what the whole run
//! would, byte for byte (both go through [`present`]).

use crate::args::{Assignment, MarketArgs, MergeArgs};
use crate::error::CliError;
use crate::interrupt;
use crate::progress::Progress;
use crate::request::{LoadedScenario, check_output_file, shard_range};
use lpo_sim_core::market::{
    Entrant, MarketFileError, MarketFileFirm, MarketManifest, MarketMergeError, MarketParams,
    MarketStudy, MarketStudyFile, MarketSummary, check_market, merge_market_shards,
};
use lpo_sim_core::mc::{MAX_STUDY_FILE_BYTES, McConfig, ROUND_SIZE, StopReason};
use lpo_sim_core::params::{ParamInfo, list_params, set_param};
use lpo_sim_core::{BuiltinStrategy, Scenario, SimError, Strategy};
use lpo_sim_report::Format;
use lpo_sim_report::atomic::{write_atomically, write_file};
use lpo_sim_report::view::study::count;
use lpo_sim_report::view::{MarketFirm, MarketReport};
use serde::Serialize;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

/// Makes a fresh strategy for each replicate.
type Factory = Box<dyn Fn() -> Box<dyn Strategy> + Sync>;

/// One `--firm`: a built-in strategy and changes to its own scenario.
#[derive(Debug, Clone, Serialize)]
struct FirmSpec {
    name: String,
    strategy: &'static str,
    changes: Vec<String>,
    #[serde(skip)]
    scenario: Scenario,
}

fn usage(message: String, hint: &str) -> CliError {
    CliError::Usage {
        message,
        hint: hint.to_owned(),
    }
}

/// Parses `STRATEGY[:PATH=VALUE,...]` against `base`.
fn parse_firm(text: &str, base: &Scenario, params: &[ParamInfo]) -> Result<FirmSpec, CliError> {
    let names = BuiltinStrategy::ALL.map(BuiltinStrategy::name).join(", ");
    let hint = "write --firm STRATEGY or --firm STRATEGY:PATH=VALUE,PATH=VALUE, e.g. --firm \
                aggressive:founder.savings=15000";
    let (name, changes) = text.split_once(':').unwrap_or((text, ""));
    let name = name.trim();
    let strategy = BuiltinStrategy::ALL
        .into_iter()
        .find(|s| s.name() == name)
        .ok_or_else(|| {
            usage(
                format!("--firm `{text}`: `{name}` is not a strategy; the strategies are {names}"),
                hint,
            )
        })?;
    let mut scenario = base.clone();
    let mut written = Vec::new();
    for part in changes
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|p| !p.is_empty())
    {
        let a = Assignment::parse(part)
            .map_err(|why| usage(format!("--firm `{text}`: `{part}`: {why}"), hint))?;
        if !params.iter().any(|p| p.path == a.path) {
            return Err(usage(
                format!("--firm `{text}`: `{}` is not a parameter", a.path),
                "`lpo-sim params` lists every path and its range",
            ));
        }
        set_param(&mut scenario, &a.path, a.value)
            .map_err(|e| usage(format!("--firm `{text}`: {e}"), hint))?;
        written.push(a.to_string());
    }
    scenario.validate().map_err(CliError::Scenario)?;
    Ok(FirmSpec {
        name: String::new(),
        strategy: strategy.name(),
        changes: written,
        scenario,
    })
}

/// Splits `--set market.*` from the scenario's `--set`s and applies them.
fn market_params(args: &mut MarketArgs) -> Result<MarketParams, CliError> {
    let mut params = MarketParams::default();
    let (market, rest): (Vec<Assignment>, Vec<Assignment>) = std::mem::take(&mut args.input.set)
        .into_iter()
        .partition(|a| a.path.starts_with("market."));
    args.input.set = rest;
    for a in market {
        params.set(&a.path, a.value).map_err(|why| {
            usage(
                format!("--set {a}: {why}"),
                &format!(
                    "the market parameters are {}",
                    MarketParams::paths().join(", ")
                ),
            )
        })?;
    }
    Ok(params)
}

pub fn execute(mut args: MarketArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let params = market_params(&mut args)?;
    let loaded = LoadedScenario::from_args(&args.input)?;
    let outputs = Outputs {
        json: args.json.clone(),
        csv: args.csv.clone(),
        report: args.report.clone(),
        out: args.out.clone(),
    };
    let inputs: Vec<&Path> = args.input.scenario.as_deref().into_iter().collect();
    outputs.check(&inputs)?;
    let replicates = match args.shard {
        None => 0..args.runs,
        Some(shard) => shard_range(shard, args.runs)?,
    };
    let listed = list_params(&mut loaded.scenario.clone());
    let mut firms = Vec::new();
    for text in &args.firms {
        firms.push(parse_firm(text, &loaded.scenario, &listed)?);
    }
    if args.tournament {
        for s in BuiltinStrategy::ALL {
            firms.push(parse_firm(s.name(), &loaded.scenario, &listed)?);
        }
    }
    if firms.is_empty() {
        return Err(usage(
            "no firms: give --firm STRATEGY (repeatable) or --tournament".to_owned(),
            "e.g. lpo-sim market --tournament --runs 1000",
        ));
    }
    // Names: the strategy, then its changes; numbered when two are alike.
    for k in 0..firms.len() {
        let mut name = firms[k].strategy.to_owned();
        if !firms[k].changes.is_empty() {
            name = format!("{name} ({})", firms[k].changes.join(", "));
        }
        if firms
            .iter()
            .filter(|f| f.strategy == firms[k].strategy && f.changes == firms[k].changes)
            .count()
            > 1
        {
            name = format!("{} {name}", k + 1);
        }
        firms[k].name = name;
    }
    let factories: Vec<Factory> = firms
        .iter()
        .map(|f| {
            let strategy = BuiltinStrategy::ALL
                .into_iter()
                .find(|s| s.name() == f.strategy)
                .expect("parsed from the list");
            let rule = f.scenario.strategy.rule;
            Box::new(move || Box::new(strategy.build(&rule)) as Box<dyn Strategy>) as Factory
        })
        .collect();
    let entrants: Vec<Entrant<'_>> = firms
        .iter()
        .zip(&factories)
        .map(|(f, make)| Entrant {
            name: &f.name,
            scenario: &f.scenario,
            strategy: make.as_ref(),
        })
        .collect();
    // Bad input is exit 2 with the field named, before any work.
    check_market(&entrants, &params).map_err(|e| match e {
        SimError::InvalidScenario(e) => CliError::Scenario(e),
        other => CliError::Simulation(other),
    })?;

    let cancel = interrupt::install();
    let mut config = McConfig::default().seed(args.seed).runs(args.runs);
    config.replicates = replicates.clone();
    config.threads = args
        .workers
        .threads
        .map(|t| usize::try_from(t).unwrap_or(usize::MAX));
    let planned = replicates.end - replicates.start;
    // The bar counts the market's replicates, then each firm's alone (`--alone`).
    let studies = if args.alone {
        1 + entrants.len() as u64
    } else {
        1
    };
    let total = planned.saturating_mul(studies);
    let progress = Progress::start(total);
    let study = MarketStudy::new(&entrants, params, config.clone()).run_with(
        Some(cancel),
        &mut |_, _| {},
        &mut |done, _| progress.update(done, total),
    );
    let study = match study {
        Ok(study) => study,
        Err(error) => {
            progress.finish();
            return Err(error.into());
        }
    };
    if study.state.runs == 0 {
        progress.finish();
        // Only a Ctrl-C before the first round finished gets here: there is nothing to
        // summarise, and an empty file would only be mistaken for a result.
        return Err(CliError::Interrupted {
            message: format!(
                "stopped before the first round of {} replicates finished; nothing was printed \
                 or written",
                count(ROUND_SIZE.min(planned))
            ),
        });
    }
    // Each firm alone on the same replicates, once the market's study is complete. A Ctrl-C
    // among them drops the comparison (a part of it would not match the market's replicates)
    // and keeps the market's complete study.
    let mut alone = Vec::new();
    let mut alone_dropped = false;
    if args.alone && study.stop == StopReason::Completed {
        for k in 0..entrants.len() {
            let one = MarketStudy::new(&entrants[k..=k], params, config.clone()).run_with(
                Some(cancel),
                &mut |_, _| {},
                &mut |done, _| {
                    progress.update(
                        planned.saturating_mul(1 + k as u64).saturating_add(done),
                        total,
                    )
                },
            );
            let one = match one {
                Ok(one) => one,
                Err(error) => {
                    progress.finish();
                    return Err(error.into());
                }
            };
            if one.stop == StopReason::Cancelled {
                alone_dropped = true;
                alone.clear();
                break;
            }
            alone.push(one.state);
        }
    }
    let elapsed = progress.finish();
    let manifest = MarketManifest {
        crate_version: MarketManifest::this_version(),
        scenario: loaded.origin.clone(),
        currency: loaded.scenario.currency.clone(),
        seed: args.seed,
        total_replicates: args.runs,
        replicates: study.replicates.clone(),
        params,
        firms: firms
            .iter()
            .map(|f| MarketFileFirm {
                name: f.name.clone(),
                strategy: f.strategy.to_owned(),
                changes: f.changes.clone(),
                scenario_fingerprint: f.scenario.fingerprint(),
            })
            .collect(),
        alone: args.alone && !alone_dropped,
    };
    let runs = study.state.runs;
    let file = MarketStudyFile::new(manifest, study, alone);
    let result = present(&file, &outputs, out);
    elapsed.report(runs * (1 + file.alone.len() as u64), "market replicates");
    result?;
    if file.partial || alone_dropped || cancel.load(Ordering::SeqCst) {
        return Err(CliError::Interrupted {
            message: interrupted_message(&outputs, &file, alone_dropped),
        });
    }
    Ok(())
}

/// What Ctrl-C left printed and written.
fn interrupted_message(outputs: &Outputs, file: &MarketStudyFile, alone_dropped: bool) -> String {
    let files: Vec<String> = outputs
        .paths()
        .map(|(_, p)| p.display().to_string())
        .collect();
    let written = if files.is_empty() {
        String::new()
    } else {
        format!(" and written to {}", files.join(", "))
    };
    let runs = count(file.state.runs);
    if file.partial {
        format!(
            "the {runs} market replicates of the finished rounds (of {} planned) were \
             printed{written}, marked partial",
            count(file.manifest.total_replicates)
        )
    } else if alone_dropped {
        format!(
            "Ctrl-C came while each firm ran alone: the complete market study of {runs} \
             replicates was printed{written}, without the firms alone"
        )
    } else {
        format!(
            "Ctrl-C came after the last round: the complete market study of {runs} replicates \
             was printed{written}"
        )
    }
}

/// The files `lpo-sim market` (and `lpo-sim merge` of market files) writes.
#[derive(Debug, Clone, Default)]
struct Outputs {
    json: Option<PathBuf>,
    csv: Option<PathBuf>,
    report: Option<PathBuf>,
    out: Option<PathBuf>,
}

impl Outputs {
    /// Each given output with its flag.
    fn paths(&self) -> impl Iterator<Item = (&'static str, &PathBuf)> {
        [
            ("--json", &self.json),
            ("--csv", &self.csv),
            ("--report", &self.report),
            ("--out", &self.out),
        ]
        .into_iter()
        .filter_map(|(flag, p)| p.as_ref().map(|p| (flag, p)))
    }

    /// Checks, before anything runs, that every output can be written, that none replaces an
    /// input and that no two are the same file.
    fn check(&self, inputs: &[&Path]) -> Result<(), CliError> {
        let given: Vec<(&str, &PathBuf)> = self.paths().collect();
        for (k, (flag, path)) in given.iter().enumerate() {
            check_output_file(path, flag, inputs)?;
            if let Some((other, _)) = given[..k].iter().find(|(_, p)| p == path) {
                return Err(CliError::Usage {
                    message: format!("{other} and {flag} name the same file"),
                    hint: "give each output a name of its own".to_owned(),
                });
            }
        }
        Ok(())
    }
}

/// Writes every requested output of `file` (each attempted, even if one fails), then prints
/// its table: the one path of `lpo-sim market` and `lpo-sim merge`, so a merge of shards
/// writes what the whole run writes.
fn present(file: &MarketStudyFile, outputs: &Outputs, out: &mut dyn Write) -> Result<(), CliError> {
    let study = file.outcome();
    let summary = study.summary();
    let alone: Option<Vec<_>> = file.manifest.alone.then(|| {
        file.alone
            .iter()
            .filter_map(|s| MarketSummary::of(s).firms.into_iter().next())
            .collect()
    });
    let entered: Vec<MarketFirm> = file
        .manifest
        .firms
        .iter()
        .map(|f| MarketFirm {
            name: f.name.clone(),
            strategy: f.strategy.clone(),
            changes: f.changes.clone(),
        })
        .collect();
    let report = MarketReport {
        origin: &file.manifest.scenario,
        seed: file.manifest.seed,
        runs_planned: file.manifest.total_replicates,
        params: file.manifest.params,
        firms: &entered,
        study: &study,
        summary: &summary,
        alone: alone.as_deref(),
    };
    // Files first, so that a closed stdout (`| head`) cannot keep them from being written.
    let mut results: Vec<Result<(), CliError>> = Vec::new();
    for (path, format) in [
        (&outputs.json, Format::Json),
        (&outputs.csv, Format::Csv),
        (&outputs.report, Format::Html),
    ] {
        if let Some(path) = path {
            results.push(write_file(&report, format, path, true).map_err(CliError::from));
        }
    }
    if let Some(path) = &outputs.out {
        results
            .push(write_atomically(path, file.to_json().as_bytes(), true).map_err(CliError::from));
    }
    let printed = report
        .write_table(out)
        .and_then(|()| out.flush())
        .map_err(CliError::stdout);
    // A failed file outranks a closed stdout (`| head`).
    results.into_iter().collect::<Result<(), CliError>>()?;
    printed
}

/// `lpo-sim merge` of market study files (`lpo-sim market --shard I/N --out FILE`): prints
/// and writes what the whole study's run would, byte for byte.
///
/// # Errors
/// Exit 2 for an unreadable, edited or damaged file, or files that are not every shard of
/// one study.
pub fn merge(args: MergeArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let outputs = Outputs {
        json: args.json,
        csv: args.csv,
        report: args.report,
        out: args.out,
    };
    let inputs: Vec<&Path> = args.files.iter().map(PathBuf::as_path).collect();
    outputs.check(&inputs)?;
    let shards = args
        .files
        .iter()
        .map(|path| {
            let shown = path.display().to_string();
            let text = read_text(path)?;
            let file = MarketStudyFile::from_json(&text, &shown).map_err(file_error)?;
            Ok((shown, file))
        })
        .collect::<Result<Vec<_>, CliError>>()?;
    let merged = merge_market_shards(shards).map_err(merge_error)?;
    present(&merged, &outputs, out)
}

const MARKET_FILES_HINT: &str =
    "give the --out files written by `lpo-sim market --shard I/N --out FILE`, unedited";

fn file_error(error: MarketFileError) -> CliError {
    usage(error.to_string(), MARKET_FILES_HINT)
}

fn merge_error(error: MarketMergeError) -> CliError {
    usage(error.to_string(), MARKET_FILES_HINT)
}

/// Reads a file of at most [`MAX_STUDY_FILE_BYTES`] as UTF-8 text (a larger one is kept
/// larger, so that the reader refuses it by size).
pub fn read_text(path: &Path) -> Result<String, CliError> {
    let shown = path.display().to_string();
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_STUDY_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|error| {
            usage(
                format!("cannot read `{shown}`: {error}"),
                "give the files written by `lpo-sim mc --shard I/N --json FILE` or \
                 `lpo-sim market --shard I/N --out FILE`",
            )
        })?;
    String::from_utf8(bytes).map_err(|error| {
        usage(
            format!(
                "`{shown}` is not a study file: not UTF-8 text (byte {})",
                error.utf8_error().valid_up_to()
            ),
            MARKET_FILES_HINT,
        )
    })
}
