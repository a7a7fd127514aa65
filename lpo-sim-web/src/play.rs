//! Play mode in the browser, and the classroom.
//!
//! A game is the core's [`Game`], stored after every period in the save-file format of
//! `lpo-sim play` ([`crate::store`]). Its page shows the firm as it stands, what happened in
//! the last period and the odds from here (the report crate's text of the terminal game),
//! charts that fill as the periods pass, and the decision form; at the end, where the firm
//! stands against the built-in strategies on the same luck. A class fixes one world (the
//! scenario and seed) for every player and ranks the finished games next to the built-in
//! strategies run on that seed.

use crate::chart::{Series, line_chart};
use crate::form::{self, Fields, shorten};
use crate::page::{self, escape};
use crate::store::{Class, ClassCode, GameId, GameMeta, Player, RankBy, Store, StoreError};
use crate::{AppState, html, problems_of, read_form};
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use lpo_sim_core::play::{
    CHANGE_HELP, Change, Choices, Field, Game, GameError, MAX_PERIOD_MONTHS, Odds, Standing,
};
use lpo_sim_core::{AiPreset, BuiltinStrategy, MonthRecord, RunOutcome, Scenario, ServiceLine};
use lpo_sim_report::view::play::{choices_text, end_report, ending, money, period_report};
use std::fmt::Write;
use std::sync::{Arc, Mutex};

/// Built-in strategies' firms, run once per world and kept: every player of a class plays
/// the same world, and every period of a game asks for the same firms.
#[derive(Debug, Default)]
pub struct Worlds {
    entries: Mutex<Vec<(String, Slot)>>,
}

/// One world's firms of one strategy: empty until first run.
type Slot = Arc<Mutex<Option<Arc<Field>>>>;

/// Worlds kept (the oldest go first).
const WORLDS_KEPT: usize = 32;

impl Worlds {
    /// `firms` firms of `strategy` on `scenario` and `seed`, run on first use.
    fn field(
        &self,
        scenario: &Scenario,
        seed: u64,
        strategy: BuiltinStrategy,
        firms: u64,
    ) -> Result<Arc<Field>, String> {
        let key = format!(
            "{}/{seed}/{}/{firms}",
            scenario.fingerprint(),
            strategy.name()
        );
        let slot = {
            let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
            match entries.iter().find(|(k, _)| *k == key) {
                Some((_, slot)) => Arc::clone(slot),
                None => {
                    if entries.len() >= WORLDS_KEPT {
                        entries.remove(0);
                    }
                    let slot = Arc::new(Mutex::new(None));
                    entries.push((key, Arc::clone(&slot)));
                    slot
                }
            }
        };
        // Whoever asks first runs the firms; the others wait for them.
        let mut field = slot.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(field) = field.as_ref() {
            return Ok(Arc::clone(field));
        }
        let run = Field::run(scenario, seed, strategy, firms, None).map_err(|e| {
            format!(
                "the {} firms to compare with could not be run: {e}",
                strategy.name()
            )
        })?;
        let run = Arc::new(run);
        *field = Some(Arc::clone(&run));
        Ok(run)
    }
}

/// Periods of a game unless the form says otherwise: 20 quarters, the default scenario's
/// five years.
const DEFAULT_PERIODS: u64 = 20;
/// Longest name of a player or a class.
const MAX_NAME: usize = 60;

/// The world a game is played in, from a form.
struct World {
    scenario: Scenario,
    seed: u64,
    period_months: u32,
    about: String,
}

fn preset_words(preset: AiPreset) -> &'static str {
    match preset {
        AiPreset::None => "no generative AI: the historical world the defaults are calibrated on",
        AiPreset::Central => "generative AI arrives on the central path",
        AiPreset::Fast => "generative AI arrives fast, with stronger price pressure",
    }
}

fn period_name(months: u32, plural: bool) -> String {
    match (months, plural) {
        (3, false) => "quarter".to_owned(),
        (3, true) => "quarters".to_owned(),
        (1, false) => "month".to_owned(),
        (1, true) => "months".to_owned(),
        (n, _) => format!("{n}-month period{}", if plural { "s" } else { "" }),
    }
}

fn select(
    html: &mut String,
    name: &str,
    label: &str,
    options: &[(&str, &str)],
    chosen: &str,
    help: &str,
) {
    let _ = write!(
        html,
        "<div class=\"field\"><label for=\"{name}\">{label}</label><select id=\"{name}\" \
         name=\"{name}\">"
    );
    for (value, words) in options {
        let _ = write!(
            html,
            "<option value=\"{value}\"{selected}>{words}</option>",
            selected = if *value == chosen { " selected" } else { "" },
            words = escape(words),
        );
    }
    let _ = writeln!(html, "</select><p class=\"help\">{help}</p></div>");
}

fn text_field(html: &mut String, name: &str, label: &str, value: &str, help: &str) {
    let _ = writeln!(
        html,
        "<div class=\"field\"><label for=\"{name}\">{label}</label><input id=\"{name}\" \
         name=\"{name}\" type=\"text\" value=\"{value}\"><p class=\"help\">{help}</p></div>",
        value = escape(value),
    );
}

fn value<'a>(fields: &'a Fields, name: &str, default: &'a str) -> &'a str {
    fields.get(name).map_or(default, String::as_str)
}

/// The world's fields: the founder (as the study form has them), the world's automation
/// preset, the seed, the period and how many.
fn world_fields(html: &mut String, fields: &Fields) {
    html.push_str("<fieldset><legend>The founder</legend>\n");
    form::founder_fields(html, fields, "");
    html.push_str("</fieldset>\n<fieldset><legend>The world</legend>\n");
    let presets: Vec<(&str, &str)> = AiPreset::ALL
        .iter()
        .map(|p| (p.name(), preset_words(*p)))
        .collect();
    select(
        html,
        "world",
        "Scenario",
        &presets,
        value(fields, "world", "none"),
        "The default scenario (<code>lpo-sim init</code> prints it) with one of the automation \
         presets of <code>--ai</code>.",
    );
    text_field(
        html,
        "seed",
        "Seed",
        value(fields, "seed", "1"),
        "The firm's luck: clients, staff, the economy. The same seed and decisions give the \
         same game, bit for bit; players of a class all play one seed.",
    );
    select(
        html,
        "period",
        "Period",
        &[("quarter", "a quarter (3 months)"), ("month", "a month")],
        value(fields, "period", "quarter"),
        "How long each turn runs before you decide again.",
    );
    text_field(
        html,
        "periods",
        "Periods",
        value(fields, "periods", "20"),
        "How many periods the game lasts: 20 quarters are the default scenario's five years.",
    );
    html.push_str("</fieldset>\n");
}

/// Reads the world's fields.
fn world(fields: &Fields) -> Result<World, Vec<String>> {
    let mut problems = Vec::new();
    let mut scenario = problems_of(form::founder(fields, ""), &mut problems);
    let preset = match fields.get("world").map(String::as_str) {
        None => AiPreset::None,
        Some(name) => AiPreset::from_name(name).unwrap_or_else(|| {
            problems.push(format!(
                "Scenario (world): “{}” is not one of none, central, fast",
                shorten(name)
            ));
            AiPreset::None
        }),
    };
    let seed = form::whole(fields, "seed", "Seed", 1).unwrap_or_else(|p| {
        problems.push(p);
        0
    });
    let period_months = match fields.get("period").map(String::as_str) {
        None | Some("quarter") => 3,
        Some("month") => 1,
        Some(other) => {
            problems.push(format!(
                "Period (period): “{}” is neither quarter nor month",
                shorten(other)
            ));
            3
        }
    };
    let periods = form::whole(fields, "periods", "Periods", DEFAULT_PERIODS).unwrap_or_else(|p| {
        problems.push(p);
        1
    });
    let most = u64::from(1200 / period_months.min(MAX_PERIOD_MONTHS));
    if !(1..=most).contains(&periods) {
        problems.push(format!(
            "Periods (periods): {periods} is not 1 to {most} (a game lasts at most 100 years)"
        ));
    }
    if let Some(s) = scenario.as_mut() {
        s.ai = preset.params();
        s.horizon_months = u32::try_from(periods).unwrap_or(1) * period_months;
        if problems.is_empty()
            && let Err(e) = s.validate()
        {
            problems.push(format!("The world from the form is not valid: {e}"));
        }
    }
    match scenario {
        Some(scenario) if problems.is_empty() => {
            let f = &scenario.founder;
            let about = format!(
                "The default scenario, {}; the founder brings savings of {}, {} years in a law \
                 office, {} in an LPO centre, {} contacts, {} law degree, outside pay {} a \
                 month. {periods} {} ({} months), seed {seed}.",
                preset_words(preset),
                money(f.savings, &scenario.currency),
                f.law_office_years,
                f.lpo_years,
                f.network_contacts,
                if f.has_law_degree { "a" } else { "no" },
                money(f.outside_pay, &scenario.currency),
                period_name(period_months, periods != 1),
                scenario.horizon_months,
            );
            Ok(World {
                scenario,
                seed,
                period_months,
                about,
            })
        }
        _ => Err(problems),
    }
}

/// The player's name from the form: trimmed, at most [`MAX_NAME`] characters, no control
/// characters; `required` for a class.
fn player_name(
    fields: &Fields,
    field: &str,
    label: &str,
    required: bool,
) -> Result<String, String> {
    let name = fields.get(field).map_or("", |n| n.trim());
    if name.chars().any(char::is_control) {
        return Err(format!(
            "{label} ({field}): only letters, digits, spaces and signs"
        ));
    }
    if name.chars().count() > MAX_NAME {
        return Err(format!("{label} ({field}): at most {MAX_NAME} characters"));
    }
    if required && name.is_empty() {
        return Err(format!(
            "{label} ({field}): a name is needed, so the ranking can show your game"
        ));
    }
    Ok(name.to_owned())
}

// ---------------------------------------------------------------------------------------
// Pages shared by the handlers.

/// A page's body and status.
type Page = (StatusCode, String);

fn store_problem(error: StoreError, what: &str) -> Page {
    match error {
        StoreError::NotFound => (
            StatusCode::NOT_FOUND,
            page::page(
                &format!("No such {what}"),
                &format!(
                    "<p>There is no {what} at this address on this server (games and classes \
                     are kept in its data folder).</p>\n<p><a href=\"/play\">Start a game</a> \
                     or <a href=\"/class/new\">set up a class</a>.</p>\n"
                ),
            ),
        ),
        StoreError::Full(most) => (
            StatusCode::INSUFFICIENT_STORAGE,
            page::page(
                "The server keeps no more games",
                &page::problems_titled(
                    &format!("No new {what} was started"),
                    &[format!(
                        "this server's data folder already holds {most} games and classes, \
                         the most it keeps (`lpo-sim serve --max-saved N`); the ones there \
                         are kept: play or look at them, or ask whoever runs the server to \
                         make room"
                    )],
                ),
            ),
        ),
        StoreError::Failed(message) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            page::page(
                &format!("The {what} cannot be opened"),
                &page::problems_titled(&format!("The {what} cannot be opened"), &[message]),
            ),
        ),
    }
}

fn bad_address(what: &str, shape: &str) -> Response {
    html(
        StatusCode::BAD_REQUEST,
        page::page(
            &format!("Not a {what}'s address"),
            &format!(
                "<p>This address does not name a {what}: {shape}.</p>\n<p><a href=\"/play\">\
                 Start a game</a> or <a href=\"/class/new\">set up a class</a>.</p>\n"
            ),
        ),
    )
}

fn game_id(text: &str) -> Result<GameId, Response> {
    GameId::parse(text)
        .ok_or_else(|| bad_address("game", "a game's id is 16 digits 0-9 and letters a-f"))
}

fn class_code(text: &str) -> Result<ClassCode, Response> {
    ClassCode::parse(text)
        .ok_or_else(|| bad_address("class", "a class code is 6 capital letters and digits"))
}

/// Runs `work` off the async threads (it reads files and may run firms).
async fn blocking(
    state: &AppState,
    work: impl FnOnce(&AppState) -> Response + Send + 'static,
) -> Response {
    let state = state.clone();
    tokio::task::spawn_blocking(move || work(&state))
        .await
        .unwrap_or_else(|_| {
            html(
                StatusCode::INTERNAL_SERVER_ERROR,
                page::page(
                    "Something went wrong",
                    &page::problems_titled(
                        "Something went wrong",
                        &["the page could not be made; try again".to_owned()],
                    ),
                ),
            )
        })
}

fn respond((status, body): Page) -> Response {
    html(status, body)
}

// ---------------------------------------------------------------------------------------
// A new game.

fn new_game_page(fields: &Fields, problems: &[String]) -> String {
    let mut body = page::problems(problems);
    body.push_str(
        "<p>Run one firm yourself, a quarter (or a month) at a time. Until you change \
         something, your firm is run as the rule-based strategy runs it; each decision you \
         make replaces its decision from the next period on. After each period you see what \
         happened, and the odds from here; at the end, where your firm stands against the \
         built-in strategies on the same luck.</p>\n<form method=\"post\" action=\"/play\">\n",
    );
    text_field(
        &mut body,
        "name",
        "Your name (optional)",
        value(fields, "name", ""),
        "Shown on your game's page.",
    );
    world_fields(&mut body, fields);
    body.push_str(
        "<button type=\"submit\">Start the game</button>\n<p class=\"note\">The game is \
         saved on the server after every period, in the file format of <code>lpo-sim \
         play</code>: <code>lpo-sim replay-game</code> replays it.</p>\n</form>\n",
    );
    page::page("Play: run the firm yourself", &body)
}

pub(crate) async fn new_game_form() -> Response {
    html(StatusCode::OK, new_game_page(&Fields::new(), &[]))
}

pub(crate) async fn post_new_game(
    State(state): State<AppState>,
    form: Result<Form<Fields>, FormRejection>,
) -> Response {
    let fields = match read_form(form) {
        Ok(fields) => fields,
        Err(response) => return response,
    };
    let mut problems = Vec::new();
    let name = player_name(&fields, "name", "Your name", false).map_err(|p| problems.push(p));
    let world = problems_of(world(&fields), &mut problems);
    let (Ok(name), Some(world)) = (name, world) else {
        return html(StatusCode::BAD_REQUEST, new_game_page(&fields, &problems));
    };
    blocking(&state, move |state| {
        let meta = GameMeta { name, class: None };
        match start_game(
            &state.store,
            world.scenario,
            world.seed,
            world.period_months,
            &meta,
        ) {
            Ok(id) => Redirect::to(&format!("/play/{id}")).into_response(),
            Err(page) => respond(page),
        }
    })
    .await
}

fn start_game(
    store: &Store,
    scenario: Scenario,
    seed: u64,
    period_months: u32,
    meta: &GameMeta,
) -> Result<GameId, Page> {
    let game = Game::new(scenario, seed, period_months).map_err(|e| {
        (
            StatusCode::BAD_REQUEST,
            page::page(
                "The game could not start",
                &page::problems_titled("The game could not start", &[e.to_string()]),
            ),
        )
    })?;
    store
        .create_game(&game, meta)
        .map_err(|e| store_problem(e, "game"))
}

// ---------------------------------------------------------------------------------------
// The game's page.

/// The decision form's firm-wide numbers: field, command, label.
const NUMBERS: [(&str, &str, &str); 6] = [
    ("rigor", "rigor", "Hiring rigor"),
    ("pay", "pay", "Pay level"),
    ("trainers", "trainers", "Trainers"),
    ("trainer_quality", "trainer-quality", "Trainer quality"),
    ("qa", "qa", "QA share"),
    ("marketing", "marketing", "Marketing per month"),
];

/// The decision form's firm-wide switches: field (and command), label.
const SWITCHES: [(&str, &str); 3] = [
    ("consultant", "Consultant"),
    ("certify", "Certification"),
    ("ai", "Use AI"),
];

/// What a command does, from the core's help of the terminal game.
fn command_help(command: &str) -> &'static str {
    CHANGE_HELP
        .iter()
        .find(|(usage, _)| usage.split(' ').next() == Some(command))
        .map_or("", |(_, what)| what)
}

fn line_words(line: ServiceLine) -> String {
    line.name().replace('_', " ")
}

/// The form's value of a choice: empty for `auto`.
fn shown<T: ToString>(choice: Option<T>) -> String {
    choice.map_or_else(String::new, |v| v.to_string())
}

fn switch_value(choice: Option<bool>) -> &'static str {
    match choice {
        Some(true) => "on",
        Some(false) => "off",
        None => "auto",
    }
}

/// The choices in force as the form's fields.
fn choice_fields(choices: &Choices) -> Fields {
    let mut fields = Fields::new();
    for line in ServiceLine::ALL {
        let n = line.name();
        fields.insert(
            format!("offer_{n}"),
            switch_value(choices.offered[line]).to_owned(),
        );
        fields.insert(format!("price_{n}"), shown(choices.price[line]));
        fields.insert(format!("staff_{n}"), shown(choices.staff[line]));
    }
    fields.insert("rigor".into(), shown(choices.hiring_rigor));
    fields.insert("pay".into(), shown(choices.pay_level));
    fields.insert("trainers".into(), shown(choices.trainers));
    fields.insert("trainer_quality".into(), shown(choices.trainer_quality));
    fields.insert("qa".into(), shown(choices.qa_share));
    fields.insert("marketing".into(), shown(choices.marketing));
    fields.insert(
        "consultant".into(),
        switch_value(choices.consultant).to_owned(),
    );
    fields.insert("certify".into(), switch_value(choices.certify).to_owned());
    fields.insert("ai".into(), switch_value(choices.ai).to_owned());
    fields
}

/// One change typed into the form as the terminal game's command, parsed by the core
/// (`auto` for an empty field); `None` for a field the form did not send.
fn typed_change(
    fields: &Fields,
    field: &str,
    label: &str,
    command: &str,
    problems: &mut Vec<String>,
) -> Option<Change> {
    let raw = fields.get(field)?;
    let cleaned: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '_'))
        .collect();
    let value = if cleaned.is_empty() {
        "auto"
    } else {
        cleaned.as_str()
    };
    if value.split_whitespace().count() > 1 {
        problems.push(format!(
            "{label} ({field}): “{}” is not one value",
            shorten(raw)
        ));
        return None;
    }
    match Change::parse(&format!("{command} {value}")) {
        Ok(change) => Some(change),
        Err(message) => {
            problems.push(format!("{label} ({field}): {message}"));
            None
        }
    }
}

/// The changes the decision form asks for.
fn decisions(fields: &Fields) -> Result<Vec<Change>, Vec<String>> {
    let mut problems = Vec::new();
    let mut changes = Vec::new();
    for line in ServiceLine::ALL {
        let n = line.name();
        let words = line_words(line);
        for (field, label, command) in [
            (
                format!("offer_{n}"),
                format!("Sell {words}"),
                format!("offer {n}"),
            ),
            (
                format!("price_{n}"),
                format!("Price of {words}"),
                format!("price {n}"),
            ),
            (
                format!("staff_{n}"),
                format!("Associates on {words}"),
                format!("staff {n}"),
            ),
        ] {
            changes.extend(typed_change(
                fields,
                &field,
                &label,
                &command,
                &mut problems,
            ));
        }
    }
    for (field, command, label) in NUMBERS {
        changes.extend(typed_change(fields, field, label, command, &mut problems));
    }
    for (field, label) in SWITCHES {
        changes.extend(typed_change(fields, field, label, field, &mut problems));
    }
    if problems.is_empty() {
        Ok(changes)
    } else {
        Err(problems)
    }
}

/// The report crate's text of the terminal game as HTML: `== X ==` lines as headings, the
/// month-by-month events and the indented standings as lists, the rest as paragraphs.
fn text_html(text: &str) -> String {
    let mut html = String::new();
    let mut in_list = false;
    for line in text.lines() {
        let item = line.starts_with("  ")
            || (line.starts_with("Month ")
                && line
                    .split(':')
                    .next()
                    .is_some_and(|w| w["Month ".len()..].chars().all(|c| c.is_ascii_digit())));
        if item && !in_list {
            html.push_str("<ul class=\"events\">\n");
            in_list = true;
        } else if !item && in_list {
            html.push_str("</ul>\n");
            in_list = false;
        }
        if let Some(title) = line.strip_prefix("== ").and_then(|l| l.strip_suffix(" ==")) {
            let _ = writeln!(html, "<h3>{}</h3>", escape(title));
        } else if item {
            let _ = writeln!(html, "<li>{}</li>", escape(line.trim()));
        } else if !line.trim().is_empty() {
            let _ = writeln!(html, "<p>{}</p>", escape(line));
        }
    }
    if in_list {
        html.push_str("</ul>\n");
    }
    html
}

/// The firm at the end of `last` as a row of figures.
fn dashboard(game: &Game, last: Option<&MonthRecord>) -> String {
    let currency = &game.scenario().currency;
    let horizon = game.scenario().horizon_months;
    let Some(m) = last else {
        return format!(
            "<div class=\"dash\"><div><span>Month</span><b>0 of {horizon}</b></div><div>\
             <span>Savings brought in</span><b>{}</b></div><div><span>Clients</span><b>0</b>\
             </div><div><span>Staff</span><b>0</b></div></div>\n",
            escape(&money(game.scenario().founder.savings, currency))
        );
    };
    format!(
        "<div class=\"dash\"><div><span>Month</span><b>{} of {horizon}</b></div><div><span>\
         Cash</span><b class=\"{cash_class}\">{cash}</b></div><div><span>Clients</span><b>{}\
         </b></div><div><span>Staff</span><b>{}</b></div><div><span>Client trust</span><b>\
         {:.2}</b></div><div><span>Certified</span><b>{}</b></div></div>\n",
        m.month,
        m.total_clients(),
        m.headcount(),
        m.mean_trust,
        if m.certified { "yes" } else { "no" },
        cash = escape(&money(m.cash, currency)),
        cash_class = if m.cash < 0.0 { "neg" } else { "" },
    )
}

fn charts(game: &Game, months: &[MonthRecord]) -> String {
    let horizon = game.scenario().horizon_months;
    let currency = &game.scenario().currency;
    let series = |f: fn(&MonthRecord) -> f64| -> Vec<(f64, f64)> {
        months.iter().map(|m| (f64::from(m.month), f(m))).collect()
    };
    let mut html = String::from("<div class=\"charts\">\n");
    html.push_str(&line_chart(
        "Cash at the end of each month",
        currency,
        horizon,
        &[Series {
            name: "cash",
            color: "#0969da",
            points: series(|m| m.cash),
        }],
    ));
    html.push_str(&line_chart(
        "Revenue and profit",
        &format!("{currency} a month"),
        horizon,
        &[
            Series {
                name: "revenue",
                color: "#1a7f37",
                points: series(|m| m.revenue),
            },
            Series {
                name: "profit",
                color: "#bf3989",
                points: series(|m| m.profit),
            },
        ],
    ));
    html.push_str(&line_chart(
        "Clients and staff",
        "people and firms",
        horizon,
        &[
            Series {
                name: "clients",
                color: "#9a6700",
                points: series(|m| f64::from(m.total_clients())),
            },
            Series {
                name: "staff",
                color: "#8250df",
                points: series(|m| f64::from(m.headcount())),
            },
        ],
    ));
    html.push_str(&line_chart(
        "Client trust",
        "mean trust, 0 to 1",
        horizon,
        &[Series {
            name: "trust",
            color: "#cf222e",
            points: series(|m| m.mean_trust),
        }],
    ));
    html.push_str("</div>\n");
    html
}

/// The `<option>`s of a decision that is on, off or left to the rule-based strategy (auto),
/// `chosen` selected. One fragment for the service lines' selects and for the switches', so
/// that the two always offer the same choices, written the same way.
fn auto_on_off_options(html: &mut String, chosen: &str) {
    for v in ["auto", "on", "off"] {
        let _ = write!(
            html,
            "<option value=\"{v}\"{}>{v}</option>",
            if v == chosen { " selected" } else { "" }
        );
    }
}

/// The decision form, filled with `fields`.
fn decision_form(
    html: &mut String,
    id: &GameId,
    game: &Game,
    last: Option<&MonthRecord>,
    fields: &Fields,
) {
    let next = game.months_played() + 1;
    let until = (game.months_played() + game.period_months()).min(game.scenario().horizon_months);
    let _ = write!(
        html,
        "<h2 id=\"decide\">Your decisions for {what}</h2>\n<p class=\"help\">Each stays in \
         force until you change it. Leave a field empty (or choose auto) to let the rule-based \
         strategy decide it, as it does for every decision you have not made.</p>\n\
         <form method=\"post\" action=\"/play/{id}\">\n<input type=\"hidden\" name=\"month\" \
         value=\"{months}\">\n<table class=\"lines\"><thead><tr><th>Line</th><th>Sell it</th>\
         <th>Price, × the market rate</th><th>Associates wanted</th><th>Now</th></tr></thead>\
         <tbody>\n",
        what = if next == until {
            format!("month {next}")
        } else {
            format!("months {next} to {until}")
        },
        months = game.months_played(),
    );
    for line in ServiceLine::ALL {
        let n = line.name();
        let offer = format!("offer_{n}");
        let chosen = value(fields, &offer, "auto");
        let _ = write!(
            html,
            "<tr><th scope=\"row\">{words}</th><td><select name=\"{offer}\" aria-label=\"Sell \
             {words}\">",
            words = line_words(line)
        );
        auto_on_off_options(html, chosen);
        let now = last.map_or_else(
            || "—".to_owned(),
            |m| {
                let (staff, clients) = (m.associates[line], m.clients[line]);
                format!(
                    "{staff} associate{}, {clients} client{}",
                    if staff == 1 { "" } else { "s" },
                    if clients == 1 { "" } else { "s" }
                )
            },
        );
        let _ = writeln!(
            html,
            "</select></td><td><input name=\"price_{n}\" value=\"{price}\" placeholder=\"auto\" \
             inputmode=\"decimal\" aria-label=\"Price of {words}\"></td><td><input \
             name=\"staff_{n}\" value=\"{staff}\" placeholder=\"auto\" inputmode=\"numeric\" \
             aria-label=\"Associates on {words}\"></td><td class=\"now\">{now}</td></tr>",
            words = line_words(line),
            price = escape(value(fields, &format!("price_{n}"), "")),
            staff = escape(value(fields, &format!("staff_{n}"), "")),
        );
    }
    let _ = writeln!(
        html,
        "</tbody></table>\n<p class=\"help\">Price: {}. Associates: {}.</p>\n<div \
         class=\"grid\">",
        command_help("price"),
        command_help("staff")
    );
    let now = |field: &str| -> String {
        match (field, last) {
            ("trainers", Some(m)) => format!(" Now: {} trainers.", m.trainers),
            _ => String::new(),
        }
    };
    for (field, command, label) in NUMBERS {
        let _ = writeln!(
            html,
            "<div class=\"field\"><label for=\"{field}\">{label}</label><input id=\"{field}\" \
             name=\"{field}\" value=\"{v}\" placeholder=\"auto\" inputmode=\"decimal\"><p \
             class=\"help\">{help}.{now}</p></div>",
            v = escape(value(fields, field, "")),
            help = command_help(command),
            now = now(field),
        );
    }
    for (field, label) in SWITCHES {
        if field == "ai" && !game.scenario().ai.enabled {
            continue;
        }
        let chosen = value(fields, field, "auto");
        let _ = write!(
            html,
            "<div class=\"field\"><label for=\"{field}\">{label}</label><select id=\"{field}\" \
             name=\"{field}\">"
        );
        auto_on_off_options(html, chosen);
        let _ = writeln!(
            html,
            "</select><p class=\"help\">{}.</p></div>",
            command_help(field)
        );
    }
    let _ = writeln!(
        html,
        "</div>\n<button type=\"submit\">Play {what}</button>\n</form>",
        what = if next == until {
            format!("month {next}")
        } else {
            format!(
                "the next {} (months {next} to {until})",
                period_name(game.period_months(), false)
            )
        },
    );
}

/// Game `id`'s page: `problems` with the decision form (refilled from `typed`) when a
/// decision was refused.
fn game_page(state: &AppState, id: &GameId, problems: &[String], typed: Option<&Fields>) -> Page {
    let (game, meta) = match state.store.load_game(id) {
        Ok(loaded) => loaded,
        Err(e) => return store_problem(e, "game"),
    };
    let failed = |message: String| {
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            page::page(
                "The game cannot be shown",
                &page::problems_titled("The game cannot be shown", &[message]),
            ),
        )
    };
    let replay = match game.replay() {
        Ok(replay) => replay,
        Err(e) => return failed(e.to_string()),
    };
    let scenario = game.scenario();
    let firms = state.limits.play_firms.max(1);
    let months = &replay.months;
    let period = game.period_months() as usize;
    let last = months.last();
    let mut body = String::new();
    let who = if meta.name.is_empty() {
        String::new()
    } else {
        format!("{}'s firm. ", meta.name)
    };
    let _ = writeln!(
        body,
        "<p class=\"about\">{who}Seed {seed}, {horizon} months, {period} a period.{class} \
         <a href=\"/play/{id}/game.json\">Download the game</a> (<code>lpo-sim replay-game \
         FILE</code> replays it).</p>",
        who = escape(&who),
        seed = game.seed(),
        horizon = scenario.horizon_months,
        period = period_name(game.period_months(), false),
        class = meta.class.as_ref().map_or_else(String::new, |code| format!(
            " Class <a href=\"/class/{code}\">{code}</a>.",
            code = escape(code)
        )),
    );
    body.push_str(&page::problems_titled(
        "Please correct your decisions",
        problems,
    ));
    body.push_str(&dashboard(&game, last));
    if months.is_empty() {
        body.push_str(
            "<p>The firm opens in month 1. Your firm is run as the rule-based strategy runs it \
             until you change something below; then play the first period.</p>\n",
        );
    } else {
        let start = (months.len() - 1) / period * period;
        let before = start.checked_sub(1).map(|j| &months[j]);
        let odds = if game.is_finished() {
            None
        } else {
            match state
                .worlds
                .field(scenario, game.seed(), BuiltinStrategy::RuleBased, firms)
            {
                Ok(field) => Some(Odds::of(
                    &field,
                    game.months_played(),
                    scenario.horizon_months,
                )),
                Err(message) => return failed(message),
            }
        };
        body.push_str("<section class=\"period\">\n");
        body.push_str(&text_html(&period_report(
            &game,
            before,
            &months[start..],
            odds.as_ref(),
        )));
        body.push_str("</section>\n");
    }
    if game.is_finished() {
        let mut standings = Vec::new();
        for strategy in BuiltinStrategy::ALL {
            let standing = state
                .worlds
                .field(scenario, game.seed(), strategy, firms)
                .and_then(|field| {
                    Standing::of(&replay.outcome, &field, scenario, game.seed())
                        .map_err(|e| e.to_string())
                });
            match standing {
                Ok(s) => standings.push(s),
                Err(message) => return failed(message),
            }
        }
        body.push_str("<section class=\"end\">\n");
        body.push_str(&text_html(&end_report(
            &game,
            &replay.outcome,
            &standings,
            firms,
        )));
        body.push_str("</section>\n");
    }
    if !months.is_empty() {
        body.push_str(&charts(&game, months));
    }
    if !game.is_finished() {
        body.push_str(&text_html(&choices_text(&game)));
        let fields = typed
            .cloned()
            .unwrap_or_else(|| choice_fields(&game.choices()));
        decision_form(&mut body, id, &game, last, &fields);
    } else {
        let _ = writeln!(
            body,
            "<p>The game is over. <a href=\"/play\">Play another</a>{}.</p>",
            meta.class.as_ref().map_or_else(String::new, |code| format!(
                ", or see <a href=\"/class/{code}\">the class's ranking</a>",
                code = escape(code)
            ))
        );
    }
    let title = if game.is_finished() {
        "The end of your firm".to_owned()
    } else if months.is_empty() {
        "Your firm, before it opens".to_owned()
    } else {
        format!("Your firm after month {}", game.months_played())
    };
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    (status, page::page(&title, &body))
}

pub(crate) async fn show_game(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let id = match game_id(&id) {
        Ok(id) => id,
        Err(response) => return response,
    };
    blocking(&state, move |state| {
        let mut response = respond(game_page(state, &id, &[], None));
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("no-store"),
        );
        response
    })
    .await
}

pub(crate) async fn post_decisions(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: Result<Form<Fields>, FormRejection>,
) -> Response {
    let id = match game_id(&id) {
        Ok(id) => id,
        Err(response) => return response,
    };
    let fields = match read_form(form) {
        Ok(fields) => fields,
        Err(response) => return response,
    };
    blocking(&state, move |state| play_next(state, &id, &fields)).await
}

/// Applies the decisions of the form and plays the next period, under the game's lock.
fn play_next(state: &AppState, id: &GameId, fields: &Fields) -> Response {
    let lock = state.store.lock(id.as_str());
    let _held = lock.lock().unwrap_or_else(|e| e.into_inner());
    let (mut game, _) = match state.store.load_game(id) {
        Ok(loaded) => loaded,
        Err(e) => return respond(store_problem(e, "game")),
    };
    let here = Redirect::to(&format!("/play/{id}")).into_response();
    if game.is_finished() {
        return here;
    }
    // A form of an earlier period (sent twice, or from another tab) plays nothing.
    match fields.get("month").map(|m| m.trim().parse::<u32>()) {
        Some(Ok(month)) if month == game.months_played() => {}
        Some(Ok(_)) => return here,
        _ => {
            let problem = "The form does not say which month it was made for (its field \
                           month); reload the game's page and decide again"
                .to_owned();
            drop(_held);
            return respond(game_page(state, id, &[problem], Some(fields)));
        }
    }
    let changes = match decisions(fields) {
        Ok(changes) => changes,
        Err(problems) => {
            drop(_held);
            return respond(game_page(state, id, &problems, Some(fields)));
        }
    };
    for change in changes {
        let mut changed = game.choices();
        changed.change(change);
        if changed != game.choices()
            && let Err(e) = game.change(change)
        {
            return respond(refused(id, &e));
        }
    }
    if let Err(e) = game.play_period() {
        let problem = match e {
            GameError::Simulation(e) => format!(
                "The period could not be played with these decisions: {e}. Change them and \
                 try again."
            ),
            other => other.to_string(),
        };
        drop(_held);
        return respond(game_page(state, id, &[problem], Some(fields)));
    }
    match state.store.save_game(id, &game) {
        Ok(()) => here,
        Err(e) => respond(store_problem(e, "game")),
    }
}

fn refused(id: &GameId, error: &GameError) -> Page {
    (
        StatusCode::CONFLICT,
        page::page(
            "Nothing was played",
            &format!(
                "{}<p><a href=\"/play/{id}\">Back to the game</a>.</p>\n",
                page::problems_titled("Nothing was played", &[error.to_string()])
            ),
        ),
    )
}

pub(crate) async fn game_file(
    State(state): State<AppState>,
    Path((id, file)): Path<(String, String)>,
) -> Response {
    let id = match game_id(&id) {
        Ok(id) => id,
        Err(response) => return response,
    };
    if file != "game.json" {
        return crate::not_found_page();
    }
    blocking(&state, move |state| match state.store.game_file(&id) {
        Ok(text) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "application/json".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"lpo-sim-game-{id}.json\""),
                ),
                (header::CACHE_CONTROL, "no-store".to_owned()),
            ],
            text,
        )
            .into_response(),
        Err(e) => respond(store_problem(e, "game")),
    })
    .await
}

// ---------------------------------------------------------------------------------------
// Classes.

fn new_class_page(fields: &Fields, problems: &[String]) -> String {
    let mut body = page::problems(problems);
    body.push_str(
        "<p>Fix one world for a class: every player who joins plays the same founder, \
         scenario and seed, the same luck, so the games differ only by the decisions made. \
         The class's page ranks the finished games next to the built-in strategies on the \
         same seed.</p>\n<form method=\"post\" action=\"/class/new\">\n",
    );
    text_field(
        &mut body,
        "title",
        "Name of the class (optional)",
        value(fields, "title", ""),
        "Shown to the players, e.g. “Founders’ workshop, spring”.",
    );
    world_fields(&mut body, fields);
    let options: Vec<(&str, &str)> = RankBy::ALL.iter().map(|r| (r.name(), r.words())).collect();
    select(
        &mut body,
        "rank_by",
        "Rank the games by",
        &options,
        value(fields, "rank_by", "final_cash"),
        "The outcome the class's page ranks the finished games by.",
    );
    body.push_str("<button type=\"submit\">Create the class</button>\n</form>\n");
    page::page("Set up a class", &body)
}

pub(crate) async fn new_class_form() -> Response {
    html(StatusCode::OK, new_class_page(&Fields::new(), &[]))
}

pub(crate) async fn post_new_class(
    State(state): State<AppState>,
    form: Result<Form<Fields>, FormRejection>,
) -> Response {
    let fields = match read_form(form) {
        Ok(fields) => fields,
        Err(response) => return response,
    };
    let mut problems = Vec::new();
    let title =
        player_name(&fields, "title", "Name of the class", false).map_err(|p| problems.push(p));
    let world = problems_of(world(&fields), &mut problems);
    let rank_by = match fields.get("rank_by").map(String::as_str) {
        None => Some(RankBy::FinalCash),
        Some(name) => {
            let found = RankBy::ALL.into_iter().find(|r| r.name() == name);
            if found.is_none() {
                problems.push(format!(
                    "Rank the games by (rank_by): “{}” is not one of {}",
                    shorten(name),
                    RankBy::ALL.map(RankBy::name).join(", ")
                ));
            }
            found
        }
    };
    let (Ok(title), Some(world), Some(rank_by)) = (title, world, rank_by) else {
        return html(StatusCode::BAD_REQUEST, new_class_page(&fields, &problems));
    };
    blocking(&state, move |state| {
        let mut class = Class {
            code: String::new(),
            title,
            scenario: world.scenario,
            about: world.about,
            seed: world.seed,
            period_months: world.period_months,
            rank_by,
            players: Vec::new(),
        };
        match state.store.create_class(&mut class) {
            Ok(code) => Redirect::to(&format!("/class/{code}")).into_response(),
            Err(e) => respond(store_problem(e, "class")),
        }
    })
    .await
}

/// One row of a class's ranking.
struct Entry {
    who: String,
    builtin: bool,
    game: Option<String>,
    outcome: RunOutcome,
}

fn rank_key(rank_by: RankBy, o: &RunOutcome) -> (f64, f64, f64) {
    match rank_by {
        RankBy::FinalCash => (o.final_cash, 0.0, 0.0),
        RankBy::FounderIncome => (o.founder_income, 0.0, 0.0),
        RankBy::Survival => (
            if o.survived() { 1.0 } else { 0.0 },
            f64::from(o.months_open()),
            o.final_cash,
        ),
    }
}

fn class_page(state: &AppState, code: &ClassCode, host: Option<&str>) -> Page {
    let class = match state.store.load_class(code) {
        Ok(class) => class,
        Err(e) => return store_problem(e, "class"),
    };
    let currency = &class.scenario.currency;
    let mut entries = Vec::new();
    let mut playing = Vec::new();
    for player in &class.players {
        let Some(id) = GameId::parse(&player.game) else {
            continue;
        };
        match state.store.load_game(&id).map(|(g, _)| g) {
            Ok(game) if game.is_finished() => match game.replay() {
                Ok(replay) => entries.push(Entry {
                    who: player.name.clone(),
                    builtin: false,
                    game: Some(player.game.clone()),
                    outcome: replay.outcome,
                }),
                Err(e) => playing.push(format!("{}: cannot be replayed ({e})", player.name)),
            },
            Ok(game) => playing.push(format!(
                "{}: month {} of {}",
                player.name,
                game.months_played(),
                game.scenario().horizon_months
            )),
            Err(e) => playing.push(format!("{}: {e}", player.name)),
        }
    }
    for strategy in BuiltinStrategy::ALL {
        let run = strategy.build(&class.scenario.strategy.rule);
        let outcome = lpo_sim_core::Simulation::new(&class.scenario, run, class.seed)
            .and_then(|simulation| simulation.run());
        match outcome {
            Ok(outcome) => entries.push(Entry {
                who: format!("built-in: {}", strategy.name()),
                builtin: true,
                game: None,
                outcome,
            }),
            Err(e) => {
                return (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    page::page(
                        "The class cannot be ranked",
                        &page::problems_titled("The class cannot be ranked", &[e.to_string()]),
                    ),
                );
            }
        }
    }
    entries.sort_by(|a, b| {
        let (ka, kb) = (
            rank_key(class.rank_by, &a.outcome),
            rank_key(class.rank_by, &b.outcome),
        );
        kb.0.total_cmp(&ka.0)
            .then(kb.1.total_cmp(&ka.1))
            .then(kb.2.total_cmp(&ka.2))
            .then(a.builtin.cmp(&b.builtin))
            .then(a.who.cmp(&b.who))
    });
    let join = format!("/class/{code}/join");
    let link = host.map_or_else(|| join.clone(), |h| format!("http://{h}{join}"));
    let mut body = String::new();
    let _ = write!(
        body,
        "<p class=\"about\">{about}</p>\n<div class=\"code\"><p>Class code \
         <b>{code}</b>. Players join at <a href=\"{join}\">{link}</a>.</p></div>\n<h2>Ranking\
         </h2>\n<p>By {words}. Every firm below met the same luck (seed {seed}): the players' \
         firms and the built-in strategies' alike, so the differences are the decisions'.</p>\n",
        about = escape(&class.about),
        link = escape(&link),
        words = class.rank_by.words(),
        seed = class.seed,
    );
    body.push_str(
        "<table class=\"ranking\"><thead><tr><th>Rank</th><th>Firm</th><th>How it ended</th>\
         <th>Final cash</th><th>The founder drew</th><th>Months open</th><th>Clients at the \
         end</th></tr></thead><tbody>\n",
    );
    for (i, e) in entries.iter().enumerate() {
        let who = match &e.game {
            Some(id) => format!("<a href=\"/play/{id}\">{}</a>", escape(&e.who)),
            None => escape(&e.who),
        };
        let o = &e.outcome;
        let _ = writeln!(
            body,
            "<tr class=\"{class}\"><td>{rank}</td><td>{who}</td><td>{ending}</td><td \
             class=\"num\">{cash}</td><td class=\"num\">{drew}</td><td class=\"num\">{open}\
             </td><td class=\"num\">{clients}</td></tr>",
            class = if e.builtin { "builtin" } else { "player" },
            rank = i + 1,
            ending = escape(&ending(o)),
            cash = escape(&money(o.final_cash, currency)),
            drew = escape(&money(o.founder_income, currency)),
            open = o.months_open(),
            clients = o.final_clients,
        );
    }
    body.push_str("</tbody></table>\n");
    let finished = entries.iter().filter(|e| !e.builtin).count();
    if finished == 0 {
        body.push_str("<p>No player has finished a game yet.</p>\n");
    }
    if !playing.is_empty() {
        body.push_str("<h2>Still playing</h2>\n<ul>\n");
        for p in &playing {
            let _ = writeln!(body, "<li>{}</li>", escape(p));
        }
        body.push_str("</ul>\n");
    }
    let _ = writeln!(
        body,
        "<p class=\"note\">The built-in strategies run the same founder on the same seed; a \
         player who changes nothing runs the firm exactly as rule-based does. This page shows \
         the games as they are now: reload it to see more finish.</p>"
    );
    let title = if class.title.is_empty() {
        format!("Class {code}")
    } else {
        format!("Class {code}: {}", class.title)
    };
    (StatusCode::OK, page::page(&title, &body))
}

pub(crate) async fn show_class(
    State(state): State<AppState>,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Response {
    let code = match class_code(&code) {
        Ok(code) => code,
        Err(response) => return response,
    };
    // The address players type: the host this page was asked at, if it is a plain one.
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.len() <= 255
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".:-[]".contains(c))
        })
        .map(str::to_owned);
    blocking(&state, move |state| {
        let mut response = respond(class_page(state, &code, host.as_deref()));
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("no-store"),
        );
        response
    })
    .await
}

fn join_page(class: &Class, fields: &Fields, problems: &[String]) -> String {
    let mut body = page::problems(problems);
    let _ = write!(
        body,
        "<p class=\"about\">{title}{about}</p>\n<p>Everyone in this class runs the same firm \
         in the same world, with the same luck; only the decisions differ. The class's \
         ranking is at <a href=\"/class/{code}\">/class/{code}</a>.</p>\n<form method=\"post\" \
         action=\"/class/{code}/join\">\n",
        title = if class.title.is_empty() {
            String::new()
        } else {
            format!("{}. ", escape(&class.title))
        },
        about = escape(&class.about),
        code = escape(&class.code),
    );
    text_field(
        &mut body,
        "name",
        "Your name",
        value(fields, "name", ""),
        "As the ranking should show it (at most 60 characters).",
    );
    body.push_str("<button type=\"submit\">Join and start playing</button>\n</form>\n");
    page::page(&format!("Join class {}", class.code), &body)
}

pub(crate) async fn join_form(State(state): State<AppState>, Path(code): Path<String>) -> Response {
    let code = match class_code(&code) {
        Ok(code) => code,
        Err(response) => return response,
    };
    blocking(&state, move |state| match state.store.load_class(&code) {
        Ok(class) => html(StatusCode::OK, join_page(&class, &Fields::new(), &[])),
        Err(e) => respond(store_problem(e, "class")),
    })
    .await
}

pub(crate) async fn post_join(
    State(state): State<AppState>,
    Path(code): Path<String>,
    form: Result<Form<Fields>, FormRejection>,
) -> Response {
    let code = match class_code(&code) {
        Ok(code) => code,
        Err(response) => return response,
    };
    let fields = match read_form(form) {
        Ok(fields) => fields,
        Err(response) => return response,
    };
    blocking(&state, move |state| {
        let lock = state.store.lock(&format!("class-{code}"));
        let _held = lock.lock().unwrap_or_else(|e| e.into_inner());
        let mut class = match state.store.load_class(&code) {
            Ok(class) => class,
            Err(e) => return respond(store_problem(e, "class")),
        };
        let name = match player_name(&fields, "name", "Your name", true) {
            Ok(name) => name,
            Err(problem) => {
                return html(
                    StatusCode::BAD_REQUEST,
                    join_page(&class, &fields, &[problem]),
                );
            }
        };
        let meta = GameMeta {
            name: name.clone(),
            class: Some(code.to_string()),
        };
        let id = match start_game(
            &state.store,
            class.scenario.clone(),
            class.seed,
            class.period_months,
            &meta,
        ) {
            Ok(id) => id,
            Err(page) => return respond(page),
        };
        class.players.push(Player {
            game: id.to_string(),
            name,
        });
        match state.store.save_class(&code, &class) {
            Ok(()) => Redirect::to(&format!("/play/{id}")).into_response(),
            Err(e) => respond(store_problem(e, "class")),
        }
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_s_decisions_are_the_terminal_game_s_commands() {
        let mut fields = choice_fields(&Choices::default());
        fields.insert("rigor".into(), "4".into());
        fields.insert("price_legal_research".into(), " 1.2 ".into());
        fields.insert("marketing".into(), "2,500".into());
        fields.insert("consultant".into(), "on".into());
        let changes = decisions(&fields).expect("valid");
        let mut choices = Choices::default();
        for c in changes {
            choices.change(c);
        }
        let mut expected = Choices::default();
        for text in [
            "rigor 4",
            "price legal_research 1.2",
            "marketing 2500",
            "consultant on",
        ] {
            expected.change(Change::parse(text).expect("a command"));
        }
        assert_eq!(choices, expected);
        assert_eq!(choice_fields(&choices)["rigor"], "4");
    }

    #[test]
    fn a_bad_decision_is_named_by_its_field() {
        let mut fields = choice_fields(&Choices::default());
        fields.insert("rigor".into(), "99".into());
        fields.insert("pay".into(), "lots".into());
        fields.insert("staff_transcription".into(), "1 2".into());
        let problems = decisions(&fields).expect_err("invalid");
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("Hiring rigor (rigor)") && p.contains("1 to 50"))
        );
        assert!(problems.iter().any(|p| p.starts_with("Pay level (pay)")));
        assert!(problems.iter().any(|p| p.contains("staff_transcription")));
    }

    #[test]
    fn the_terminal_text_becomes_headings_lists_and_paragraphs() {
        let html = text_html(
            "== Months 1 to 3 ==\nMonth 2: hired 1.\nMonth 3: won 1 client.\nOver the period: a < b.\n  rule-based  x\n",
        );
        assert!(html.starts_with("<h3>Months 1 to 3</h3>\n<ul class=\"events\">\n<li>Month 2"));
        assert!(html.contains("<p>Over the period: a &lt; b.</p>"));
        assert!(html.contains("<li>rule-based  x</li>"));
    }
}
