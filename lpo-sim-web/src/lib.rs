//! # lpo-sim-web
//!
//! The local web app of lpo-sim (`lpo-sim serve`): describe a founder in a form, run a study
//! and read its verdict and report (the report crate's own HTML page), download it as JSON,
//! CSV or HTML; or run two situations side by side, paired on the same replicate seeds.
//!
//! Safe to leave running on one's own machine: request bodies are limited
//! ([`Limits::max_body`]), a study's runs too ([`Limits::max_runs`]), at most
//! [`Limits::max_concurrent`] studies run at once (further requests wait their turn), results
//! are kept in memory only (the last [`Limits::keep`]) and no request reads or writes a file.
//! Bad input gets the form back with its problems named, HTTP 400.
//!
//! Routes: `GET /` (the study form), `POST /study`, `GET /study/{id}` (its page),
//! `GET /study/{id}/report.html|report.json|report.csv` (downloads), `GET /compare`,
//! `POST /compare`, `GET /compare/{id}` and its downloads likewise.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod form;
mod page;

use axum::Router;
use axum::extract::rejection::FormRejection;
use axum::extract::{DefaultBodyLimit, Form, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use form::{Fields, RunSettings, Situation};
use lpo_sim_core::Strategy;
use lpo_sim_core::mc::{Arm, Manifest, McConfig, Study, StudyFile};
use lpo_sim_report::view::compare::{ArmInfo, Compared};
use lpo_sim_report::view::{CompareReport, StudyReport};
use lpo_sim_report::{Format, Render};
use std::collections::VecDeque;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Semaphore;

/// What the server allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most runs (replicates) of one study or comparison.
    pub max_runs: u64,
    /// Most studies running at once; further ones wait.
    pub max_concurrent: usize,
    /// Largest request body, bytes (larger: HTTP 413).
    pub max_body: usize,
    /// Finished studies kept in memory for their pages and downloads (the oldest go first).
    pub keep: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_runs: 20_000,
            max_concurrent: 2,
            max_body: 16 * 1024,
            keep: 20,
        }
    }
}

/// Which kind of result a stored entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Study,
    Compare,
}

impl Kind {
    fn path(self) -> &'static str {
        match self {
            Kind::Study => "study",
            Kind::Compare => "compare",
        }
    }
}

/// A finished study or comparison, rendered once.
#[derive(Debug)]
struct Stored {
    kind: Kind,
    html: String,
    json: String,
    csv: String,
}

#[derive(Debug)]
struct Store {
    next: u64,
    entries: VecDeque<(u64, Arc<Stored>)>,
}

#[derive(Debug, Clone)]
struct AppState {
    limits: Limits,
    running: Arc<Semaphore>,
    store: Arc<Mutex<Store>>,
}

impl AppState {
    fn keep(&self, stored: Stored) -> u64 {
        let mut store = self.store.lock().unwrap_or_else(|e| e.into_inner());
        store.next += 1;
        let id = store.next;
        store.entries.push_back((id, Arc::new(stored)));
        while store.entries.len() > self.limits.keep.max(1) {
            store.entries.pop_front();
        }
        id
    }

    fn get(&self, id: u64, kind: Kind) -> Option<Arc<Stored>> {
        let store = self.store.lock().unwrap_or_else(|e| e.into_inner());
        store
            .entries
            .iter()
            .find(|(i, s)| *i == id && s.kind == kind)
            .map(|(_, s)| Arc::clone(s))
    }
}

/// The application: every route, with `limits`. Serve it with [`serve`], or drive it
/// directly (it is a `tower::Service`).
pub fn router(limits: Limits) -> Router {
    let state = AppState {
        limits,
        running: Arc::new(Semaphore::new(limits.max_concurrent.max(1))),
        store: Arc::new(Mutex::new(Store {
            next: 0,
            entries: VecDeque::new(),
        })),
    };
    Router::new()
        .route("/", get(study_form))
        .route("/study", get(study_form).post(post_study))
        .route("/study/{id}", get(study_page))
        .route("/study/{id}/{file}", get(study_download))
        .route("/compare", get(compare_form).post(post_compare))
        .route("/compare/{id}", get(compare_page))
        .route("/compare/{id}/{file}", get(compare_download))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(limits.max_body))
        .with_state(state)
}

/// Serves [`router`] on `listener` until `shutdown` completes, then lets the requests in
/// progress finish.
///
/// # Errors
/// When accepting connections fails.
pub async fn serve(
    listener: tokio::net::TcpListener,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(limits))
        .with_graceful_shutdown(shutdown)
        .await
}

/// Binds `addr`, calls `listening` with the address bound (port 0 picks a free one), and
/// serves until `stop` is set (checked ten times a second), on a runtime of its own.
///
/// # Errors
/// When the runtime cannot start, `addr` cannot be bound, or accepting fails.
pub fn serve_blocking(
    addr: SocketAddr,
    limits: Limits,
    stop: &'static AtomicBool,
    listening: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        listening(listener.local_addr()?);
        serve(listener, limits, async move {
            while !stop.load(Ordering::SeqCst) {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        })
        .await
    })
}

/// An HTML response.
fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            // Nothing from elsewhere: inline styles and the report's inline SVG only.
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'; img-src data:; \
                 form-action 'self'",
            ),
        ],
        body,
    )
        .into_response()
}

fn study_form_page(fields: &Fields, problems: &[String], limits: Limits) -> String {
    let mut body = page::problems(problems);
    body.push_str(
        "<p>Describe the founder you are (or would be), and the simulator runs many firms \
         like yours, each under a different draw of luck: clients, staff, the economy. The \
         rest of the world is the default scenario (<code>lpo-sim init</code> prints it).</p>\n\
         <form method=\"post\" action=\"/study\">\n",
    );
    form::situation_fields(&mut body, fields, "");
    form::run_fields(&mut body, fields, limits.max_runs);
    body.push_str(
        "<button type=\"submit\">Run the study</button>\n\
         <p class=\"note\">The page waits until the study is finished (a progress bar is \
         not there yet): a few seconds for 2,000 runs.</p>\n</form>\n",
    );
    page::page("What would your firm become?", &body)
}

async fn study_form(State(state): State<AppState>) -> Response {
    html(
        StatusCode::OK,
        study_form_page(&Fields::new(), &[], state.limits),
    )
}

/// The form as submitted, or the page saying why it could not be read.
fn read_form(form: Result<Form<Fields>, FormRejection>) -> Result<Fields, Response> {
    form.map(|Form(fields)| fields).map_err(|rejection| {
        let status = rejection.status();
        let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
            "The form sent is larger than this server accepts.".to_owned()
        } else {
            format!("The form could not be read: {}", rejection.body_text())
        };
        html(
            status,
            page::page(
                "The request could not be read",
                &page::problems(std::slice::from_ref(&message)),
            ),
        )
    })
}

fn problems_of<T>(result: Result<T, Vec<String>>, problems: &mut Vec<String>) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(list) => {
            problems.extend(list);
            None
        }
    }
}

async fn post_study(
    State(state): State<AppState>,
    form: Result<Form<Fields>, FormRejection>,
) -> Response {
    let fields = match read_form(form) {
        Ok(fields) => fields,
        Err(response) => return response,
    };
    let mut problems = Vec::new();
    let situation = problems_of(form::situation(&fields, ""), &mut problems);
    let settings = problems_of(
        form::run_settings(&fields, state.limits.max_runs),
        &mut problems,
    );
    let (Some(situation), Some(settings)) = (situation, settings) else {
        return html(
            StatusCode::BAD_REQUEST,
            study_form_page(&fields, &problems, state.limits),
        );
    };
    match run_blocking(&state, move || run_study(&situation, settings)).await {
        Ok(stored) => {
            let id = state.keep(stored);
            result_page(&state, id, Kind::Study)
        }
        Err(message) => html(
            StatusCode::BAD_REQUEST,
            study_form_page(&fields, &[message], state.limits),
        ),
    }
}

/// Runs `work` off the async runtime once a study slot is free.
async fn run_blocking(
    state: &AppState,
    work: impl FnOnce() -> Result<Stored, String> + Send + 'static,
) -> Result<Stored, String> {
    let _permit = Arc::clone(&state.running)
        .acquire_owned()
        .await
        .map_err(|_| "the server is shutting down".to_owned())?;
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|_| Err("the study failed unexpectedly".to_owned()))
}

fn render_all(report: &dyn Render, kind: Kind) -> Result<Stored, String> {
    let render = |format| {
        report
            .render_to_string(format)
            .map_err(|error| format!("the report could not be drawn: {error}"))
    };
    Ok(Stored {
        kind,
        html: render(Format::Html)?,
        json: render(Format::Json)?,
        csv: render(Format::Csv)?,
    })
}

fn origin(situation: &Situation) -> String {
    let f = &situation.scenario.founder;
    format!(
        "the default scenario, founder from the form (savings {}, legal knowledge {}, law \
         degree {}, {} years in a law office, {} in an LPO centre, {} contacts, outside pay {})",
        f.savings,
        f.legal_knowledge,
        if f.has_law_degree { "yes" } else { "no" },
        f.law_office_years,
        f.lpo_years,
        f.network_contacts,
        f.outside_pay
    )
}

fn run_study(situation: &Situation, settings: RunSettings) -> Result<Stored, String> {
    let scenario = &situation.scenario;
    let strategy = situation.strategy;
    let rule = scenario.strategy.rule;
    let mut config = McConfig::default().seed(settings.seed).runs(settings.runs);
    config.fans = true;
    let outcome = Study::new(scenario)
        .config(config)
        .strategy(|| strategy.build(&rule))
        .run()
        .map_err(|error| format!("The study could not run: {error}"))?;
    let manifest = Manifest::new(
        scenario,
        strategy.name(),
        settings.seed,
        settings.runs,
        outcome.replicates.clone(),
        None,
    );
    let file = StudyFile::new(manifest, outcome.stop, outcome.state);
    let origin = origin(situation);
    render_all(&StudyReport::new(&file, &origin), Kind::Study)
}

/// A finished result's page: the report crate's page with the server's links on top.
fn result_page(state: &AppState, id: u64, kind: Kind) -> Response {
    let Some(stored) = state.get(id, kind) else {
        return not_found_page();
    };
    let base = format!("/{}/{id}", kind.path());
    let links = format!(
        "<span>Download: <a href=\"{base}/report.html\">HTML</a> \
         <a href=\"{base}/report.json\">JSON</a> <a href=\"{base}/report.csv\">CSV</a></span>"
    );
    html(
        StatusCode::OK,
        page::with_nav(&stored.html, &page::nav(&links)),
    )
}

async fn study_page(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    match id.parse() {
        Ok(id) => result_page(&state, id, Kind::Study),
        Err(_) => not_found_page(),
    }
}

async fn compare_page(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    match id.parse() {
        Ok(id) => result_page(&state, id, Kind::Compare),
        Err(_) => not_found_page(),
    }
}

fn download(state: &AppState, id: &str, file: &str, kind: Kind) -> Response {
    let Ok(id) = id.parse::<u64>() else {
        return not_found_page();
    };
    let Some(stored) = state.get(id, kind) else {
        return not_found_page();
    };
    let (body, content_type, ext) = match file {
        "report.html" => (&stored.html, "text/html; charset=utf-8", "html"),
        "report.json" => (&stored.json, "application/json", "json"),
        "report.csv" => (&stored.csv, "text/csv; charset=utf-8", "csv"),
        _ => return not_found_page(),
    };
    let disposition = format!(
        "attachment; filename=\"lpo-sim-{}-{id}.{ext}\"",
        kind.path()
    );
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body.clone(),
    )
        .into_response()
}

async fn study_download(
    State(state): State<AppState>,
    Path((id, file)): Path<(String, String)>,
) -> Response {
    download(&state, &id, &file, Kind::Study)
}

async fn compare_download(
    State(state): State<AppState>,
    Path((id, file)): Path<(String, String)>,
) -> Response {
    download(&state, &id, &file, Kind::Compare)
}

fn compare_form_page(fields: &Fields, problems: &[String], limits: Limits) -> String {
    let mut body = page::problems(problems);
    body.push_str(
        "<p>Two founders (or one founder under two strategies), each run on the same \
         replicate seeds: every firm of situation B meets the same luck as its twin in \
         situation A, so the differences are the situations', not chance's.</p>\n\
         <form method=\"post\" action=\"/compare\">\n<div class=\"columns\">\n\
         <fieldset><legend>Situation A (the baseline)</legend>\n",
    );
    form::situation_fields(&mut body, fields, "a_");
    body.push_str("</fieldset>\n<fieldset><legend>Situation B</legend>\n");
    form::situation_fields(&mut body, fields, "b_");
    body.push_str("</fieldset>\n</div>\n");
    form::run_fields(&mut body, fields, limits.max_runs);
    body.push_str(
        "<button type=\"submit\">Compare</button>\n<p class=\"note\">The page waits until \
         both are finished (no progress bar yet).</p>\n</form>\n",
    );
    page::page("Two situations side by side", &body)
}

async fn compare_form(State(state): State<AppState>) -> Response {
    html(
        StatusCode::OK,
        compare_form_page(&Fields::new(), &[], state.limits),
    )
}

async fn post_compare(
    State(state): State<AppState>,
    form: Result<Form<Fields>, FormRejection>,
) -> Response {
    let fields = match read_form(form) {
        Ok(fields) => fields,
        Err(response) => return response,
    };
    let mut problems = Vec::new();
    let a = problems_of(form::situation(&fields, "a_"), &mut problems);
    let b = problems_of(form::situation(&fields, "b_"), &mut problems);
    let settings = problems_of(
        form::run_settings(&fields, state.limits.max_runs),
        &mut problems,
    );
    let (Some(a), Some(b), Some(settings)) = (a, b, settings) else {
        return html(
            StatusCode::BAD_REQUEST,
            compare_form_page(&fields, &problems, state.limits),
        );
    };
    match run_blocking(&state, move || run_compare(&[a, b], settings)).await {
        Ok(stored) => {
            let id = state.keep(stored);
            result_page(&state, id, Kind::Compare)
        }
        Err(message) => html(
            StatusCode::BAD_REQUEST,
            compare_form_page(&fields, &[message], state.limits),
        ),
    }
}

/// Makes a fresh strategy for each replicate.
type Factory = Box<dyn Fn() -> Box<dyn Strategy> + Sync>;

fn run_compare(situations: &[Situation; 2], settings: RunSettings) -> Result<Stored, String> {
    let names = ["A", "B"];
    let factories: Vec<Factory> = situations
        .iter()
        .map(|s| {
            let (strategy, rule) = (s.strategy, s.scenario.strategy.rule);
            Box::new(move || Box::new(strategy.build(&rule)) as Box<dyn Strategy>) as Factory
        })
        .collect();
    let arms: Vec<Arm<'_>> = situations
        .iter()
        .zip(&factories)
        .zip(names)
        .map(|((s, factory), name)| Arm {
            name,
            scenario: &s.scenario,
            strategy: factory.as_ref(),
            career: None,
        })
        .collect();
    let baseline = &situations[0].scenario;
    let config = McConfig::default().seed(settings.seed).runs(settings.runs);
    let comparison = Study::new(baseline)
        .config(config)
        .compare_arms(&arms)
        .map_err(|error| format!("The comparison could not run: {error}"))?;
    let infos: Vec<ArmInfo> = situations
        .iter()
        .zip(names)
        .map(|(s, name)| ArmInfo {
            name: name.to_owned(),
            scenario: origin(s),
            scenario_fingerprint: s.scenario.fingerprint(),
            strategy: s.strategy.name().to_owned(),
            horizon_months: s.scenario.horizon_months,
        })
        .collect();
    let compared = if situations[0].scenario == situations[1].scenario {
        Compared::Strategies
    } else {
        Compared::Variants
    };
    let report = CompareReport {
        compared,
        arms: &infos,
        currency: &baseline.currency,
        seed: settings.seed,
        runs: settings.runs,
        lifecycle: false,
        ensemble: None,
        comparison: &comparison,
    };
    render_all(&report, Kind::Compare)
}

fn not_found_page() -> Response {
    html(
        StatusCode::NOT_FOUND,
        page::page(
            "Nothing here",
            "<p>There is no page at this address. Results are kept in memory for the last \
             studies only, and are gone when the server restarts.</p>\n\
             <p><a href=\"/\">Run a study</a> or <a href=\"/compare\">compare two \
             situations</a>.</p>\n",
        ),
    )
}

async fn not_found() -> Response {
    not_found_page()
}
