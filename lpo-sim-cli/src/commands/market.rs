//! `lpo-sim market`: rival firms in one market (MODEL.md §5.8), a Monte Carlo study over
//! replicates of the whole market. Its table and JSON are written here (not in `output/`),
//! so they can move with the formatters later.

use crate::args::{Assignment, MarketArgs};
use crate::error::CliError;
use crate::interrupt;
use crate::request::LoadedScenario;
use lpo_sim_core::market::{
    Entrant, MarketParams, MarketStudy, MarketStudyOutcome, MarketSummary, MeanEstimate,
    check_market,
};
use lpo_sim_core::mc::{McConfig, Proportion, StopReason};
use lpo_sim_core::params::{ParamInfo, list_params, set_param};
use lpo_sim_core::{BuiltinStrategy, Scenario, SimError, Strategy};
use lpo_sim_report::atomic::write_atomically;
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

/// The JSON document of a market study.
#[derive(Serialize)]
struct MarketJson<'a> {
    seed: u64,
    runs_planned: u64,
    replicates: [u64; 2],
    stop: StopReason,
    scenario: &'a str,
    market: MarketParams,
    firms: &'a [FirmSpec],
    summary: MarketSummary,
    state: &'a lpo_sim_core::market::MarketState,
    #[serde(skip_serializing_if = "Option::is_none")]
    alone: Option<Vec<lpo_sim_core::market::FirmSummary>>,
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
    let printed = print_table(out, &study, &summary, alone.as_deref(), &loaded.origin)
        .map_err(CliError::stdout);
    if let Some(path) = &args.json {
        let doc = MarketJson {
            seed: args.seed,
            runs_planned: args.runs,
            replicates: [study.replicates.start, study.replicates.end],
            stop: study.stop,
            scenario: &loaded.origin,
            market: params,
            firms: &firms,
            summary: summary.clone(),
            state: &study.state,
            alone,
        };
        let text = serde_json::to_string_pretty(&doc).expect("the study serialises") + "\n";
        write_atomically(path, text.as_bytes(), true)?;
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

fn proportion(p: &Proportion) -> String {
    format!(
        "{:5.1} % [{:4.1}, {:4.1}]",
        100.0 * p.estimate,
        100.0 * p.wilson95[0],
        100.0 * p.wilson95[1]
    )
}

fn percent(m: &MeanEstimate) -> String {
    if m.n == 0 {
        return "—".to_owned();
    }
    format!("{:5.1} % ± {:.1}", 100.0 * m.mean, 100.0 * m.half_width)
}

fn ratio(m: &MeanEstimate) -> String {
    if m.n == 0 {
        return "—".to_owned();
    }
    format!("{:.3} ± {:.3}", m.mean, m.half_width)
}

fn print_table(
    out: &mut dyn Write,
    study: &MarketStudyOutcome,
    summary: &MarketSummary,
    alone: Option<&[lpo_sim_core::market::FirmSummary]>,
    origin: &str,
) -> std::io::Result<()> {
    writeln!(
        out,
        "Market of {} firms, {} replicates (the same bits for any --threads), scenario {origin}",
        summary.firms.len(),
        summary.runs
    )?;
    writeln!(
        out,
        "95 % intervals: Wilson for probabilities, mean ± 1.96 SE for shares and prices.\n"
    )?;
    let width = summary
        .firms
        .iter()
        .map(|f| f.name.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    writeln!(
        out,
        "{:<width$}  {:<22}  {:<22}  {:<16}  {:<16}  {:<16}",
        "firm",
        "P(open at horizon)",
        "P(bankrupt)",
        "revenue share",
        "client share",
        "price / market"
    )?;
    for f in &summary.firms {
        writeln!(
            out,
            "{:<width$}  {:<22}  {:<22}  {:<16}  {:<16}  {:<16}",
            f.name,
            proportion(&f.open),
            proportion(&f.bankrupt),
            percent(&f.revenue_share),
            percent(&f.client_share),
            ratio(&f.price_ratio)
        )?;
    }
    writeln!(
        out,
        "\nfirms open at horizon: {:.2} ± {:.2}; revenue HHI {:.3} ± {:.3}",
        summary.survivors.mean,
        summary.survivors.half_width,
        summary.revenue_hhi.mean,
        summary.revenue_hhi.half_width
    )?;
    if let Some(alone) = alone {
        writeln!(out, "\nEach firm alone, on the same replicate seeds:")?;
        writeln!(
            out,
            "{:<width$}  {:<22}  {:<22}",
            "firm", "P(open at horizon)", "P(bankrupt)"
        )?;
        for f in alone {
            writeln!(
                out,
                "{:<width$}  {:<22}  {:<22}",
                f.name,
                proportion(&f.open),
                proportion(&f.bankrupt)
            )?;
        }
    }
    if study.stop == StopReason::Cancelled {
        writeln!(out, "\n(partial: interrupted)")?;
    }
    Ok(())
}
