//! `lpo-sim calibrate closures`: why firms close (MODEL.md §15.5), and survival at seven and
//! ten years against the published cohort figures.

use crate::args::CalibrateClosuresArgs;
use crate::error::CliError;
use crate::request::{LoadedEnsemble, LoadedScenario, inputs};
use lpo_sim_core::calibration::closure_profile;
use lpo_sim_core::mc::{McConfig, ScenarioStrategy};
use lpo_sim_report::atomic::write_file;
use lpo_sim_report::view::{ClosuresReport, MemberProfile};
use lpo_sim_report::{Format, Render};
use std::io::Write;

/// First month of the late firm-months ranked by profit, unless `--late` says otherwise: the
/// fifth year, where the published hazard has fallen and the old stand-in's closures began.
const DEFAULT_LATE_FIRST: u32 = 49;

pub fn execute(args: CalibrateClosuresArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let late = late_months(args.late.as_deref(), args.horizon)?;
    let json = args.json.clone();
    if let Some(path) = json.as_deref().filter(|p| p.as_os_str() != "-")
        && (inputs(&args.input).contains(&path) || args.ensemble.as_deref() == Some(path))
    {
        return Err(CliError::Usage {
            message: format!("--json {} would overwrite an input", path.display()),
            hint: "write the JSON to another file".to_owned(),
        });
    }
    let mut loaded = LoadedScenario::from_args(&args.input)?;
    loaded.scenario.horizon_months = args.horizon;
    let mut config = McConfig::default().seed(args.seed).runs(args.runs);
    config.threads = args
        .workers
        .threads
        .map(|t| usize::try_from(t).unwrap_or(usize::MAX));
    config.fans = false;
    let ensemble = args
        .ensemble
        .as_deref()
        .map(|path| LoadedEnsemble::load_with_file(path, &loaded))
        .transpose()?;
    let profile = closure_profile(&loaded.scenario, &ScenarioStrategy, &config, late)?;
    let mut members = Vec::new();
    if let Some((ensemble, file)) = &ensemble {
        // `load_with_file` has checked every member against this scenario.
        let scenarios = ensemble
            .ensemble
            .scenarios(&loaded.scenario)
            .expect("the ensemble's members were checked against the scenario");
        // `scenarios` follows the file's member order, as `members()` does.
        for (scenario, member) in scenarios.iter().zip(file.members()) {
            members.push(MemberProfile {
                wave: member.wave,
                point: member.index,
                profile: closure_profile(scenario, &ScenarioStrategy, &config, late)?,
            });
        }
    }
    let report = ClosuresReport {
        scenario: &loaded.origin,
        profile: &profile,
        members: &members,
        ensemble: ensemble.as_ref().map_or("", |(e, _)| e.origin.as_str()),
    };
    match json {
        Some(path) if path.as_os_str() == "-" => {
            report.render(Format::Json, out)?;
            writeln!(out).map_err(CliError::stdout)?;
        }
        Some(path) => {
            write_file(&report, Format::Json, &path, true)?;
            report.render(Format::Text, out)?;
        }
        None => report.render(Format::Text, out)?,
    }
    let outside: Vec<String> = report.outside_published().collect();
    let not_measured: Vec<String> = report.not_measured().collect();
    if args.strict && !(outside.is_empty() && not_measured.is_empty()) {
        let mut parts = Vec::new();
        if !outside.is_empty() {
            parts.push(format!(
                "{} outside its published range",
                outside.join(" and ")
            ));
        }
        if !not_measured.is_empty() {
            parts.push(format!(
                "{} not measured (no firm open at the first age)",
                not_measured.join(" and ")
            ));
        }
        return Err(CliError::Failed {
            message: format!("--strict: {}", parts.join("; ")),
            hint: None,
        });
    }
    Ok(())
}

/// `--late FIRST:LAST`, within `1..=horizon`.
fn late_months(text: Option<&str>, horizon: u32) -> Result<[u32; 2], CliError> {
    let Some(text) = text else {
        return Ok([DEFAULT_LATE_FIRST.min(horizon), horizon]);
    };
    let bad = || CliError::Usage {
        message: format!("--late {text}: not a month range within 1 to {horizon}"),
        hint: format!(
            "write FIRST:LAST with 1 ≤ FIRST ≤ LAST ≤ {horizon}, e.g. --late 49:{horizon}"
        ),
    };
    let (first, last) = text.split_once(':').ok_or_else(bad)?;
    let first: u32 = first.trim().parse().map_err(|_| bad())?;
    let last: u32 = last.trim().parse().map_err(|_| bad())?;
    if first < 1 || first > last || last > horizon {
        return Err(bad());
    }
    Ok([first, last])
}
