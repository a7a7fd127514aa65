//! `lpo-sim calibrate closures`: why firms close (MODEL.md §15.5), and survival at seven and
//! ten years against the published cohort figures.

use crate::args::CalibrateClosuresArgs;
use crate::atomic::write_atomically;
use crate::error::CliError;
use crate::output::study::count;
use crate::request::{LoadedScenario, inputs};
use lpo_sim_core::calibration::{ClosureProfile, Figure, Targets, closure_profile};

/// What published cohorts say of young employer firms' size, beside the model's.
const SIZE_SOURCE: &str = "startups have 4 employees on average at birth (BLS Business \
    Employment Dynamics, Sadeghi, Spotlight on Statistics, Jan. 2022); surviving young firms \
    add about 15 % a year at age one and less later (Census Business Dynamics Statistics, \
    Kauffman Foundation 2010): about 6 to 8 employees at five years for the survivors";

/// A published share of firms open beyond five years: the embedded survival targets past
/// month 60 (matched by the history match, checked by `calibrate check`).
struct PublishedSurvival {
    month: u32,
    range: [f64; 2],
    source: String,
}

fn long_horizon_survival() -> Vec<PublishedSurvival> {
    Targets::default()
        .targets
        .into_iter()
        .filter_map(|t| match t.figure {
            Figure::Survival { month } if month > 60 => Some(PublishedSurvival {
                month,
                range: t.range,
                source: t.source,
            }),
            _ => None,
        })
        .collect()
}
use lpo_sim_core::mc::{McConfig, ScenarioStrategy};
use std::io::Write;

/// First month of the late firm-months ranked by profit, unless `--late` says otherwise: the
/// fifth year, where the published hazard has fallen and the old stand-in's closures began.
const DEFAULT_LATE_FIRST: u32 = 49;

pub fn execute(args: CalibrateClosuresArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let late = late_months(args.late.as_deref(), args.horizon)?;
    let json = args.json.clone();
    if let Some(path) = json.as_deref().filter(|p| p.as_os_str() != "-")
        && inputs(&args.input).contains(&path)
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
    let profile = closure_profile(&loaded.scenario, &ScenarioStrategy, &config, late)?;
    let json_text = || serde_json::to_string_pretty(&JsonView::of(&loaded.origin, &profile));
    match json {
        Some(path) if path.as_os_str() == "-" => {
            let text = json_text().map_err(|e| CliError::Report(e.to_string()))?;
            writeln!(out, "{text}").map_err(CliError::stdout)?;
        }
        Some(path) => {
            let text = json_text().map_err(|e| CliError::Report(e.to_string()))?;
            write_atomically(&path, text.as_bytes(), true)?;
            write_tables(&loaded.origin, &profile, out).map_err(CliError::stdout)?;
        }
        None => write_tables(&loaded.origin, &profile, out).map_err(CliError::stdout)?,
    }
    let outside: Vec<String> = long_horizon_survival()
        .iter()
        .filter(|p| p.month <= profile.horizon_months)
        .filter(|p| {
            let open = profile.open_at(p.month);
            !(p.range[0] <= open && open <= p.range[1])
        })
        .map(|p| format!("open at month {}", p.month))
        .collect();
    if args.strict && !outside.is_empty() {
        return Err(CliError::Failed {
            message: format!(
                "--strict: {} outside its published range",
                outside.join(" and ")
            ),
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

fn percent(share: f64) -> String {
    format!("{:.1} %", 100.0 * share)
}

fn write_tables(origin: &str, p: &ClosureProfile, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "Why firms close  |  scenario {origin}  |  {} firms  |  horizon {} months\n",
        count(p.runs),
        p.horizon_months
    )?;
    writeln!(
        out,
        "hazard by year of age: of the firms open at the start of the year, the share that ended in it"
    )?;
    writeln!(
        out,
        "year  open at start  ended  hazard  of them sale/retirement/better job"
    )?;
    for y in &p.by_year {
        writeln!(
            out,
            "{:>4}  {:>13}  {:>5}  {:>6}  {:>6}",
            y.year,
            count(y.open_at_start),
            count(y.ended),
            percent(y.hazard()),
            count(y.exits)
        )?;
    }
    writeln!(out, "peak: year {}\n", p.peak_year())?;
    writeln!(
        out,
        "closure by profit quintile, months {}–{}: ends per firm-month by the firm's trailing operating profit (before the founder's pay)",
        p.profit_months[0], p.profit_months[1]
    )?;
    writeln!(
        out,
        "quintile  mean profit/month  firm-months  ends  per month  of them for low income"
    )?;
    for q in &p.by_profit {
        writeln!(
            out,
            "{:>8}  {:>17.0}  {:>11}  {:>4}  {:>9}  {:>6}",
            q.quintile,
            q.mean_profit,
            count(q.exposure.firm_months),
            count(q.exposure.ended),
            format!("{:.2} %", 100.0 * q.exposure.rate()),
            count(q.exposure.low_income)
        )?;
    }
    let (top, bottom) = (
        p.by_profit[4].exposure.rate(),
        p.by_profit[0].exposure.rate(),
    );
    if bottom > 0.0 {
        writeln!(out, "top quintile ÷ bottom: {:.2}\n", top / bottom)?;
    } else {
        writeln!(out)?;
    }
    writeln!(out, "recessions: ends per firm-month")?;
    for (name, e) in [("recession", &p.recession), ("expansion", &p.expansion)] {
        writeln!(
            out,
            "{name:>10}  {:>11} firm-months  {:>6} ends  {:.2} % a month",
            count(e.firm_months),
            count(e.ended),
            100.0 * e.rate()
        )?;
    }
    writeln!(
        out,
        "\nsize of the open firms by year of age: staff (associates and trainers) at the \
         year's end; not matched (MODEL.md §15.5)"
    )?;
    writeln!(out, "year    open  mean staff  under 10 staff")?;
    for y in &p.size_by_year {
        writeln!(
            out,
            "{:>4}  {:>6}  {:>10.1}  {:>14}",
            y.year,
            count(y.open),
            y.mean_staff(),
            percent(y.share_under_ten())
        )?;
    }
    writeln!(
        out,
        "hired anyone in the first year: {} of firms",
        percent(p.hired_in_first_year as f64 / p.runs.max(1) as f64)
    )?;
    writeln!(out, "published: {SIZE_SOURCE}")?;
    writeln!(
        out,
        "\nsurvival beyond five years: published ranges the history match fits (targets \
         open_at_84, open_at_120; MODEL.md §15.1)"
    )?;
    writeln!(out, "month  model open  published  verdict")?;
    let published = long_horizon_survival();
    for s in &published {
        if s.month > p.horizon_months {
            continue;
        }
        let open = p.open_at(s.month);
        let inside = s.range[0] <= open && open <= s.range[1];
        writeln!(
            out,
            "{:>5}  {:>10}  {} to {}  {}",
            s.month,
            percent(open),
            percent(s.range[0]),
            percent(s.range[1]),
            if inside { "inside" } else { "OUTSIDE" }
        )?;
    }
    writeln!(out, "\nsources")?;
    for s in &published {
        writeln!(out, "  open at {:>3}  {}", s.month, s.source)?;
    }
    Ok(())
}

/// The JSON document: the profile and the published checks.
#[derive(serde::Serialize)]
struct JsonView<'a> {
    scenario: &'a str,
    profile: &'a ClosureProfile,
    long_horizon_survival: Vec<JsonCheck>,
}

#[derive(serde::Serialize)]
struct JsonCheck {
    month: u32,
    model: f64,
    range: [f64; 2],
    inside: bool,
    source: String,
}

impl<'a> JsonView<'a> {
    fn of(origin: &'a str, profile: &'a ClosureProfile) -> Self {
        JsonView {
            scenario: origin,
            profile,
            long_horizon_survival: long_horizon_survival()
                .into_iter()
                .filter(|s| s.month <= profile.horizon_months)
                .map(|s| {
                    let model = profile.open_at(s.month);
                    JsonCheck {
                        month: s.month,
                        model,
                        range: s.range,
                        inside: s.range[0] <= model && model <= s.range[1],
                        source: s.source,
                    }
                })
                .collect(),
        }
    }
}
