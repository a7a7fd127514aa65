//! `lpo-sim market`: rival firms in one market (MODEL.md §5.8), a Monte Carlo study over
//! replicates of the whole market; its table and JSON are the report crate's
//! [`MarketReport`].

use crate::args::{Assignment, MarketArgs};
use crate::error::CliError;
use crate::interrupt;
use crate::request::LoadedScenario;
use lpo_sim_core::market::{Entrant, MarketParams, MarketStudy, check_market};
use lpo_sim_core::mc::{McConfig, StopReason};
use lpo_sim_core::params::{ParamInfo, list_params, set_param};
use lpo_sim_core::{BuiltinStrategy, Scenario, SimError, Strategy};
use lpo_sim_report::Format;
use lpo_sim_report::atomic::write_file;
use lpo_sim_report::view::{MarketFirm, MarketReport};
use serde::Serialize;
use std::io::Write;

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
    config.threads = args
        .workers
        .threads
        .map(|t| usize::try_from(t).unwrap_or(usize::MAX));
    let study = MarketStudy::new(&entrants, params, config.clone()).run(Some(cancel))?;
    let alone = if args.alone && study.stop == StopReason::Completed {
        let mut rows = Vec::new();
        for k in 0..entrants.len() {
            let one =
                MarketStudy::new(&entrants[k..=k], params, config.clone()).run(Some(cancel))?;
            rows.push(one.summary().firms[0].clone());
        }
        Some(rows)
    } else {
        None
    };
    let summary = study.summary();
    let entered: Vec<MarketFirm> = firms
        .iter()
        .map(|f| MarketFirm {
            name: f.name.clone(),
            strategy: f.strategy,
            changes: f.changes.clone(),
        })
        .collect();
    let report = MarketReport {
        origin: &loaded.origin,
        seed: args.seed,
        runs_planned: args.runs,
        params,
        firms: &entered,
        study: &study,
        summary: &summary,
        alone: alone.as_deref(),
    };
    let printed = report.write_table(out).map_err(CliError::stdout);
    for (path, format) in [
        (&args.json, Format::Json),
        (&args.csv, Format::Csv),
        (&args.report, Format::Html),
    ] {
        if let Some(path) = path {
            write_file(&report, format, path, true)?;
        }
    }
    if study.stop == StopReason::Cancelled {
        return Err(CliError::Interrupted {
            message: format!(
                "interrupted: the results above are partial ({} of {} replicates)",
                study.replicates.end - study.replicates.start,
                args.runs
            ),
        });
    }
    printed
}
