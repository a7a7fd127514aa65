//! The forms: what each value means, in words, and reading a submitted form into a scenario
//! (every value checked, every problem named by its field).

use crate::page::escape;
use lpo_sim_core::{BuiltinStrategy, Scenario};
use std::collections::HashMap;
use std::fmt::Write;

/// A submitted form: field name to value, as the browser sent it.
pub type Fields = HashMap<String, String>;

/// One numeric founder field: its form name, label and meaning in words.
struct Field {
    name: &'static str,
    label: &'static str,
    help: &'static str,
    value: fn(&Scenario) -> f64,
}

const FIELDS: [Field; 6] = [
    Field {
        name: "savings",
        label: "Savings brought into the firm",
        help: "Money of your own you put in (in the scenario's currency, USD); with the \
               start-up loan it is the firm's starting cash.",
        value: |s| s.founder.savings,
    },
    Field {
        name: "legal_knowledge",
        label: "Legal knowledge (0 to 1)",
        help: "0.3: knows the vocabulary from LPO work; 0.7: a law graduate's grasp; 1: a \
               practising lawyer's. Carried in the profile; the firm model does not use it yet.",
        value: |s| s.founder.legal_knowledge,
    },
    Field {
        name: "law_office_years",
        label: "Years in a law office",
        help: "Years worked in a law office (0 to 100): clients trust a founder who has seen \
               the work from the lawyers' side.",
        value: |s| s.founder.law_office_years,
    },
    Field {
        name: "lpo_years",
        label: "Years in an LPO centre",
        help: "Years worked in a legal process outsourcing centre (0 to 100).",
        value: |s| s.founder.lpo_years,
    },
    Field {
        name: "network_contacts",
        label: "Network contacts",
        help: "People who know your work and may send or refer clients (0 to 1,000,000).",
        value: |s| s.founder.network_contacts,
    },
    Field {
        name: "outside_pay",
        label: "Outside pay, per month",
        help: "Monthly pay of the job you leave: what closing the firm would get you back \
               (USD a month).",
        value: |s| s.founder.outside_pay,
    },
];

/// Runs of a study unless the form says otherwise (at most the server's limit).
const DEFAULT_RUNS: u64 = 2_000;
/// Seed unless the form says otherwise.
const DEFAULT_SEED: u64 = 1;

/// What the simulation needs of one situation: its scenario and strategy.
#[derive(Debug, Clone)]
pub struct Situation {
    /// The default scenario with the founder from the form.
    pub scenario: Scenario,
    /// The strategy that runs the firm.
    pub strategy: BuiltinStrategy,
}

/// Replicates and seed, shared by both situations of a comparison.
#[derive(Debug, Clone, Copy)]
pub struct RunSettings {
    /// Replicates (firms) simulated.
    pub runs: u64,
    /// Master seed.
    pub seed: u64,
}

/// The value of `name` in `fields`, or its default.
fn value_of(fields: &Fields, name: &str, default: String) -> String {
    fields.get(name).cloned().unwrap_or(default)
}

fn default_number(value: f64) -> String {
    format!("{value}")
}

/// Parses a number as typed: spaces, `_` and thousands separators `,` allowed.
/// A field left out of the form keeps its default (as a partial scenario file does).
pub fn number(fields: &Fields, name: &str, label: &str, default: f64) -> Result<f64, String> {
    let Some(raw) = fields.get(name) else {
        return Ok(default);
    };
    let cleaned: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '_' | ' '))
        .collect();
    if cleaned.is_empty() {
        return Err(format!(
            "{label} ({name}): a number is needed; the field is empty"
        ));
    }
    match cleaned.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(format!(
            "{label} ({name}): “{}” is not a number",
            shorten(raw)
        )),
    }
}

pub fn whole(fields: &Fields, name: &str, label: &str, default: u64) -> Result<u64, String> {
    let Some(raw) = fields.get(name) else {
        return Ok(default);
    };
    let cleaned: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '_' | ' '))
        .collect();
    cleaned.parse::<u64>().map_err(|_| {
        format!(
            "{label} ({name}): “{}” is not a whole number from 0 up",
            shorten(raw)
        )
    })
}

/// At most 40 characters of what was typed, for a message.
pub fn shorten(raw: &str) -> String {
    let mut short: String = raw.chars().take(40).collect();
    if raw.chars().count() > 40 {
        short.push('…');
    }
    short
}

/// Reads the founder of one situation (fields named `{prefix}savings`, …) into the default
/// scenario, validated.
///
/// # Errors
/// Every problem found, each naming its field.
pub fn founder(fields: &Fields, prefix: &str) -> Result<Scenario, Vec<String>> {
    let mut scenario = Scenario::default();
    let mut problems = Vec::new();
    read_founder(fields, prefix, &mut scenario, &mut problems);
    if problems.is_empty()
        && let Err(error) = scenario.validate()
    {
        problems.push(format!("The founder from the form is not valid: {error}"));
    }
    if problems.is_empty() {
        Ok(scenario)
    } else {
        Err(problems)
    }
}

/// The founder's fields into `scenario`, problems into `problems`.
fn read_founder(
    fields: &Fields,
    prefix: &str,
    scenario: &mut Scenario,
    problems: &mut Vec<String>,
) {
    for field in &FIELDS {
        let name = format!("{prefix}{}", field.name);
        match number(fields, &name, field.label, (field.value)(scenario)) {
            Ok(v) => {
                let f = &mut scenario.founder;
                match field.name {
                    "savings" => f.savings = v,
                    "legal_knowledge" => f.legal_knowledge = v,
                    "law_office_years" => f.law_office_years = v,
                    "lpo_years" => f.lpo_years = v,
                    "network_contacts" => f.network_contacts = v,
                    _ => f.outside_pay = v,
                }
            }
            Err(problem) => problems.push(problem),
        }
    }
    let degree = format!("{prefix}has_law_degree");
    match fields.get(&degree).map(String::as_str) {
        Some("yes") => scenario.founder.has_law_degree = true,
        Some("no") | None => scenario.founder.has_law_degree = false,
        Some(other) => problems.push(format!(
            "Law degree ({degree}): “{}” is neither yes nor no",
            shorten(other)
        )),
    }
}

/// Reads one situation (fields named `{prefix}savings`, …) into a validated scenario.
///
/// # Errors
/// Every problem found, each naming its field.
pub fn situation(fields: &Fields, prefix: &str) -> Result<Situation, Vec<String>> {
    let mut scenario = Scenario::default();
    let mut problems = Vec::new();
    read_founder(fields, prefix, &mut scenario, &mut problems);
    let strategy_field = format!("{prefix}strategy");
    let strategy = match fields.get(&strategy_field) {
        None => BuiltinStrategy::RuleBased,
        Some(name) => match BuiltinStrategy::ALL.into_iter().find(|s| s.name() == name) {
            Some(s) => s,
            None => {
                problems.push(format!(
                    "Strategy ({strategy_field}): “{}” is not one of {}",
                    shorten(name),
                    BuiltinStrategy::ALL.map(|s| s.name()).join(", ")
                ));
                BuiltinStrategy::RuleBased
            }
        },
    };
    if problems.is_empty()
        && let Err(error) = scenario.validate()
    {
        problems.push(format!("The founder from the form is not valid: {error}"));
    }
    if problems.is_empty() {
        Ok(Situation { scenario, strategy })
    } else {
        Err(problems)
    }
}

/// Reads runs and seed, runs at most `max_runs`.
///
/// # Errors
/// Every problem found, each naming its field.
pub fn run_settings(fields: &Fields, max_runs: u64) -> Result<RunSettings, Vec<String>> {
    let mut problems = Vec::new();
    let runs = match whole(fields, "runs", "Runs", DEFAULT_RUNS.min(max_runs)) {
        Ok(0) => {
            problems.push("Runs (runs): at least 1 firm must be simulated".to_owned());
            0
        }
        Ok(runs) if runs > max_runs => {
            problems.push(format!(
                "Runs (runs): {runs} is more than this server allows ({max_runs}); ask for \
                 {max_runs} or fewer, or start the server with a higher --max-runs"
            ));
            0
        }
        Ok(runs) => runs,
        Err(problem) => {
            problems.push(problem);
            0
        }
    };
    let seed = whole(fields, "seed", "Seed", DEFAULT_SEED).unwrap_or_else(|problem| {
        problems.push(problem);
        0
    });
    if problems.is_empty() {
        Ok(RunSettings { runs, seed })
    } else {
        Err(problems)
    }
}

/// The founder and strategy fields of one situation, filled from `fields` (or the defaults).
pub fn situation_fields(html: &mut String, fields: &Fields, prefix: &str) {
    founder_fields(html, fields, prefix);
    strategy_field(html, fields, prefix);
}

/// The founder's fields of one situation, filled from `fields` (or the defaults).
pub fn founder_fields(html: &mut String, fields: &Fields, prefix: &str) {
    let defaults = Scenario::default();
    for field in &FIELDS {
        let name = format!("{prefix}{}", field.name);
        let value = value_of(fields, &name, default_number((field.value)(&defaults)));
        let _ = writeln!(
            html,
            "<div class=\"field\"><label for=\"{name}\">{label}</label>\
             <input id=\"{name}\" name=\"{name}\" type=\"text\" inputmode=\"decimal\" \
             value=\"{value}\">\
             <p class=\"help\">{help}</p></div>",
            label = field.label,
            value = escape(&value),
            help = field.help,
        );
    }
    let degree = format!("{prefix}has_law_degree");
    let has = value_of(
        fields,
        &degree,
        if defaults.founder.has_law_degree {
            "yes"
        } else {
            "no"
        }
        .to_owned(),
    ) == "yes";
    let _ = writeln!(
        html,
        "<div class=\"field\"><label for=\"{degree}\">Law degree</label>\
         <select id=\"{degree}\" name=\"{degree}\">\
         <option value=\"no\"{no}>no</option><option value=\"yes\"{yes}>yes</option></select>\
         <p class=\"help\">Whether you hold a law degree: clients trust a lawyer-led firm \
         more.</p></div>",
        no = if has { "" } else { " selected" },
        yes = if has { " selected" } else { "" },
    );
}

/// The strategy field of one situation.
fn strategy_field(html: &mut String, fields: &Fields, prefix: &str) {
    let strategy_field = format!("{prefix}strategy");
    let chosen = value_of(fields, &strategy_field, "rule-based".to_owned());
    let _ = write!(
        html,
        "<div class=\"field\"><label for=\"{strategy_field}\">Strategy</label>\
         <select id=\"{strategy_field}\" name=\"{strategy_field}\">"
    );
    for strategy in BuiltinStrategy::ALL {
        let _ = write!(
            html,
            "<option value=\"{name}\"{selected}>{name}: {words}</option>",
            name = strategy.name(),
            selected = if chosen == strategy.name() {
                " selected"
            } else {
                ""
            },
            words = strategy_words(strategy),
        );
    }
    html.push_str(
        "</select><p class=\"help\">How the firm is run month by month: hiring, \
         marketing, prices, quality.</p></div>\n",
    );
}

/// Runs and seed fields.
pub fn run_fields(html: &mut String, fields: &Fields, max_runs: u64) {
    let runs = value_of(fields, "runs", DEFAULT_RUNS.min(max_runs).to_string());
    let seed = value_of(fields, "seed", DEFAULT_SEED.to_string());
    let _ = write!(
        html,
        "<div class=\"field\"><label for=\"runs\">Runs</label>\
         <input id=\"runs\" name=\"runs\" type=\"text\" inputmode=\"numeric\" value=\"{runs}\">\
         <p class=\"help\">How many firms like this one are simulated (1 to {max_runs}); more \
         runs, narrower intervals, longer wait.</p></div>\n\
         <div class=\"field\"><label for=\"seed\">Seed</label>\
         <input id=\"seed\" name=\"seed\" type=\"text\" inputmode=\"numeric\" value=\"{seed}\">\
         <p class=\"help\">The same seed and values give the same results, byte for byte.</p>\
         </div>\n",
        runs = escape(&runs),
        seed = escape(&seed),
    );
}

/// Whether the form asks for the study across plausible worlds (`worlds`: `yes`, or `on` as
/// a browser sends a box without a value; left out or `no`: not).
///
/// # Errors
/// Any other value, named.
pub fn worlds_asked(fields: &Fields) -> Result<bool, Vec<String>> {
    match fields.get("worlds").map(String::as_str) {
        None | Some("no") => Ok(false),
        Some("yes" | "on") => Ok(true),
        Some(other) => Err(vec![format!(
            "Across plausible worlds (worlds): “{}” is neither yes nor no",
            shorten(other)
        )]),
    }
}

/// The "across plausible worlds" box: ticked as in `fields`; with `plausible` (the members
/// and file of the server's ensemble) to tick, without it shown disabled, with how to enable
/// it.
pub fn worlds_field(html: &mut String, fields: &Fields, plausible: Option<(usize, &str)>) {
    let checked = matches!(fields.get("worlds").map(String::as_str), Some("yes" | "on"));
    match plausible {
        Some((members, origin)) => {
            let _ = writeln!(
                html,
                "<div class=\"field\"><label for=\"worlds\"><input id=\"worlds\" \
                 name=\"worlds\" type=\"checkbox\" value=\"yes\"{checked}> Across plausible \
                 worlds</label><p class=\"help\">Each firm runs with one of the {members} \
                 plausible parameter sets of the calibration <code>{origin}</code> (the worlds \
                 its history match could not rule out), drawn from the seed; the report adds \
                 how the odds spread across them. The calibration was made for the default \
                 founder: keep the founder's values.</p></div>",
                checked = if checked { " checked" } else { "" },
                origin = escape(origin),
            );
        }
        None => html.push_str(
            "<div class=\"field\"><label for=\"worlds\"><input id=\"worlds\" \
             name=\"worlds\" type=\"checkbox\" value=\"yes\" disabled> Across plausible \
             worlds</label><p class=\"help\">Not available: this server was started without \
             a calibration ensemble. Start it with <code>lpo-sim serve --ensemble \
             calibration/ensemble.json</code> (or another calibration file) to run studies \
             across its plausible parameter sets.</p></div>\n",
        ),
    }
}

fn strategy_words(strategy: BuiltinStrategy) -> &'static str {
    match strategy {
        BuiltinStrategy::RuleBased => "the scenario's rules for hiring and shedding",
        BuiltinStrategy::Cautious => "grows only from demand, long runway, little marketing",
        BuiltinStrategy::Aggressive => "hires ahead of demand, markets hard, prices low",
        BuiltinStrategy::QualityFirst => "rigorous hiring, heavy QA, premium prices",
    }
}
