//! # lpo-sim-web
//!
//! The local web app of lpo-sim (`lpo-sim serve`): describe a founder in a form, run a study
//! and read its verdict and report (the report crate's own HTML page), download it as JSON,
//! CSV or HTML; or run two situations side by side, paired on the same replicate seeds; or
//! play the firm yourself, a quarter at a time, alone or in a class that plays one world.
//!
//! A study runs in the background: the form's request is answered at once with a redirect
//! (303) to the study's page, which shows how many of its firms have been simulated and
//! follows the study by itself (a small inline script polls `/study/{id}/progress`; without
//! scripts the page refreshes itself) until it becomes the report.
//!
//! A game is the core's play mode ([`lpo_sim_core::play`]): its page shows what happened in
//! the last period in words, the odds from here, charts that fill as the periods pass, and
//! the decisions of the terminal game as a form; at the end, where the firm stands against
//! the built-in strategies on the same luck. Games are saved after every period, atomically,
//! in the server's data folder as `games/{id}.json`, in the file format of `lpo-sim play`
//! (`lpo-sim replay-game` replays them). A class (`/class/new`) fixes the founder, world
//! and seed; its players join at `/class/{code}/join` and its page ranks the finished games
//! next to the built-in strategies on that seed.
//!
//! Safe to leave running on one's own machine: request bodies are limited
//! ([`Limits::max_body`]), a study's runs too ([`Limits::max_runs`]), at most
//! [`Limits::max_concurrent`] studies run at once and at most [`Limits::max_queued`] more
//! wait their turn (beyond that: HTTP 503 with `Retry-After`), study results are kept in
//! memory only (the last [`Limits::keep`]). Requests read and write files only in the data
//! folder, under names made from ids and codes checked to be 16 hexadecimal digits or 6
//! letters and digits (anything else: HTTP 400). Bad input gets the form back with its
//! problems named, HTTP 400. When the server stops, the studies still running are abandoned
//! at once.
//!
//! A server started with a calibration ensemble ([`PlausibleWorlds`]; `lpo-sim serve
//! --ensemble FILE`, read once at start) offers "across plausible worlds" in the study form:
//! each firm then runs with one of the ensemble's plausible parameter sets, as `lpo-sim mc
//! --ensemble FILE`, and the report shows the odds across them. No request names a file.
//!
//! Routes: `GET /` (the study form), `POST /study`, `GET /study/{id}` (its progress, then its
//! page), `GET /study/{id}/progress` (its progress as JSON),
//! `GET /study/{id}/report.html|report.json|report.csv` (downloads), `GET /compare`,
//! `POST /compare`, `GET /compare/{id}` and its progress and downloads likewise; `GET /play`
//! (a new game), `POST /play`, `GET /play/{id}` (the game), `POST /play/{id}` (decide and
//! play the next period), `GET /play/{id}/game.json`; `GET /class/new`, `POST /class/new`,
//! `GET /class/{code}` (the ranking), `GET /class/{code}/join`, `POST /class/{code}/join`.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod chart;
mod form;
mod jobs;
mod page;
mod play;
mod store;

use axum::Router;
use axum::extract::rejection::FormRejection;
use axum::extract::{DefaultBodyLimit, Form, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use form::{Fields, RunSettings, Situation};
use jobs::{Busy, Job, Jobs, Kind, Phase, Plan, Stored};
use lpo_sim_core::Strategy;
use lpo_sim_core::calibration::CalibrationFile;
use lpo_sim_core::mc::Ensemble;
use lpo_sim_core::mc::{Arm, Manifest, McConfig, StopReason, Study, StudyFile};
use lpo_sim_report::view::compare::{ArmInfo, Compared};
use lpo_sim_report::view::{CompareReport, StudyReport};
use lpo_sim_report::{Format, Render};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use store::Store;
use tokio::sync::Semaphore;

/// What the server allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most runs (replicates) of one study or comparison.
    pub max_runs: u64,
    /// Most studies running at once; further ones wait.
    pub max_concurrent: usize,
    /// Most studies waiting for a free slot; beyond them a new one is refused (HTTP 503,
    /// `Retry-After`).
    pub max_queued: usize,
    /// Largest request body, bytes (larger: HTTP 413).
    pub max_body: usize,
    /// Finished studies kept in memory for their pages and downloads (the oldest go first).
    pub keep: usize,
    /// Firms of each built-in strategy a game is compared with: the odds after each period
    /// and the standing at the end (`lpo-sim play --firms`).
    pub play_firms: u64,
    /// Most games and classes the data folder holds; beyond them a new game or class is
    /// refused (HTTP 507) and the ones there are kept.
    pub max_saved: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_runs: 20_000,
            max_concurrent: 2,
            max_queued: 8,
            max_body: 16 * 1024,
            keep: 20,
            play_firms: lpo_sim_core::play::FIELD_FIRMS,
            max_saved: 10_000,
        }
    }
}

impl Limits {
    /// Studies running and waiting at most.
    fn capacity(&self) -> usize {
        self.max_concurrent.max(1) + self.max_queued
    }
}

/// The calibration ensemble a server was started with (`lpo-sim serve --ensemble FILE`): the
/// plausible parameter sets a study "across plausible worlds" runs over, as `lpo-sim mc
/// --ensemble FILE` does. Read and checked once, before the server starts.
#[derive(Debug, Clone)]
pub struct PlausibleWorlds {
    /// The members, already checked against the default scenario ([`Ensemble::check`]).
    pub ensemble: Arc<Ensemble>,
    /// The calibration file they came from: each study's scenario must be the one it was
    /// calibrated on ([`CalibrationFile::differences_from`]), as for `lpo-sim mc --ensemble`.
    pub calibration: Arc<CalibrationFile>,
    /// The file as named in reports (`calibration/ensemble.json`).
    pub origin: String,
}

#[derive(Debug, Clone)]
struct AppState {
    limits: Limits,
    running: Arc<Semaphore>,
    jobs: Arc<Mutex<Jobs>>,
    /// Set when the server stops: the studies still running are abandoned.
    cancel: Arc<AtomicBool>,
    /// The data folder: games and classes.
    store: Arc<Store>,
    /// The built-in strategies' firms each game is compared with.
    worlds: Arc<play::Worlds>,
    /// The calibration ensemble the server was started with, if any.
    plausible: Option<PlausibleWorlds>,
}

impl AppState {
    fn jobs(&self) -> MutexGuard<'_, Jobs> {
        self.jobs.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn job(&self, id: &str, kind: Kind) -> Option<(u64, Arc<Job>)> {
        let id = id.parse().ok()?;
        self.jobs().get(id, kind).map(|job| (id, job))
    }
}

/// The application: every route, with `limits`, its games and classes kept in the folder
/// `data` (created if need be). Serve it with [`serve`], or drive it directly (it is a
/// `tower::Service`).
///
/// # Errors
/// When the data folder cannot be created.
pub fn router(limits: Limits, data: &std::path::Path) -> std::io::Result<Router> {
    Ok(app(limits, data, None)?.0)
}

/// [`router`], its studies offered across the plausible worlds of `plausible` too.
///
/// # Errors
/// When the data folder cannot be created.
pub fn router_with(
    limits: Limits,
    data: &std::path::Path,
    plausible: Option<PlausibleWorlds>,
) -> std::io::Result<Router> {
    Ok(app(limits, data, plausible)?.0)
}

/// The application and the flag that abandons its running studies.
fn app(
    limits: Limits,
    data: &std::path::Path,
    plausible: Option<PlausibleWorlds>,
) -> std::io::Result<(Router, Arc<AtomicBool>)> {
    let cancel = Arc::new(AtomicBool::new(false));
    let state = AppState {
        limits,
        running: Arc::new(Semaphore::new(limits.max_concurrent.max(1))),
        jobs: Arc::new(Mutex::new(Jobs::new())),
        cancel: Arc::clone(&cancel),
        store: Arc::new(Store::open(data)?.with_max_saved(limits.max_saved)),
        worlds: Arc::new(play::Worlds::default()),
        plausible,
    };
    let router = Router::new()
        .route("/", get(study_form))
        .route("/study", get(study_form).post(post_study))
        .route("/study/{id}", get(study_page))
        .route("/study/{id}/progress", get(study_progress))
        .route("/study/{id}/{file}", get(study_download))
        .route("/compare", get(compare_form).post(post_compare))
        .route("/compare/{id}", get(compare_page))
        .route("/compare/{id}/progress", get(compare_progress))
        .route("/compare/{id}/{file}", get(compare_download))
        .route("/play", get(play::new_game_form).post(play::post_new_game))
        .route(
            "/play/{id}",
            get(play::show_game).post(play::post_decisions),
        )
        .route("/play/{id}/{file}", get(play::game_file))
        .route(
            "/class/new",
            get(play::new_class_form).post(play::post_new_class),
        )
        .route("/class/{code}", get(play::show_class))
        .route(
            "/class/{code}/join",
            get(play::join_form).post(play::post_join),
        )
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(limits.max_body))
        .with_state(state);
    Ok((router, cancel))
}

/// Serves [`router`] on `listener` (games and classes in the folder `data`) until
/// `shutdown` completes, then abandons the studies still running and lets the requests in
/// progress finish.
///
/// # Errors
/// When the data folder cannot be created, or accepting connections fails.
pub async fn serve(
    listener: tokio::net::TcpListener,
    limits: Limits,
    data: &std::path::Path,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(listener, limits, data, None, shutdown).await
}

/// [`serve`], its studies offered across the plausible worlds of `plausible` too.
///
/// # Errors
/// When the data folder cannot be created, or accepting connections fails.
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    limits: Limits,
    data: &std::path::Path,
    plausible: Option<PlausibleWorlds>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let (router, cancel) = app(limits, data, plausible)?;
    axum::serve(listener, router)
        .with_graceful_shutdown(async move {
            shutdown.await;
            cancel.store(true, Ordering::SeqCst);
        })
        .await
}

/// Binds `addr`, calls `listening` with the address bound (port 0 picks a free one), and
/// serves until `stop` is set (checked ten times a second), on a runtime of its own; games
/// and classes are kept in the folder `data`; studies may run across `plausible`'s worlds.
///
/// # Errors
/// When the runtime cannot start, the data folder cannot be created, `addr` cannot be
/// bound, or accepting fails.
pub fn serve_blocking(
    addr: SocketAddr,
    limits: Limits,
    data: &std::path::Path,
    plausible: Option<PlausibleWorlds>,
    stop: &'static AtomicBool,
    listening: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    // The data folder first: a folder that cannot be made is said before the address is.
    Store::open(data)?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        listening(listener.local_addr()?);
        serve_with(listener, limits, data, plausible, async move {
            while !stop.load(Ordering::SeqCst) {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        })
        .await
    })
}

/// What a page allows: nothing from elsewhere; inline styles and the report's inline SVG.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; \
                   form-action 'self'";

/// An HTML response.
fn html(status: StatusCode, body: String) -> Response {
    html_with(status, body, CSP)
}

/// An HTML response under the content security policy `csp`.
fn html_with(status: StatusCode, body: String, csp: &'static str) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, csp),
        ],
        body,
    )
        .into_response()
}

fn study_form_page(
    fields: &Fields,
    problems: &[String],
    limits: Limits,
    plausible: Option<&PlausibleWorlds>,
) -> String {
    let mut body = page::problems(problems);
    body.push_str(
        "<p>Describe the founder you are (or would be), and the simulator runs many firms \
         like yours, each under a different draw of luck: clients, staff, the economy. The \
         rest of the world is the default scenario (<code>lpo-sim init</code> prints it).</p>\n\
         <form method=\"post\" action=\"/study\">\n",
    );
    form::situation_fields(&mut body, fields, "");
    form::run_fields(&mut body, fields, limits.max_runs);
    form::worlds_field(
        &mut body,
        fields,
        plausible.map(|p| (p.ensemble.members.len(), p.origin.as_str())),
    );
    body.push_str(
        "<button type=\"submit\">Run the study</button>\n\
         <p class=\"note\">The study runs on the server; its page shows how far it has come, \
         then its report: a few seconds for 2,000 runs.</p>\n</form>\n",
    );
    page::page("What would your firm become?", &body)
}

async fn study_form(State(state): State<AppState>) -> Response {
    html(
        StatusCode::OK,
        study_form_page(&Fields::new(), &[], state.limits, state.plausible.as_ref()),
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
    let plausible = problems_of(
        plausible_for(&fields, state.plausible.as_ref(), situation.as_ref()),
        &mut problems,
    );
    let (Some(situation), Some(settings), Some(plausible)) = (situation, settings, plausible)
    else {
        return html(
            StatusCode::BAD_REQUEST,
            study_form_page(&fields, &problems, state.limits, state.plausible.as_ref()),
        );
    };
    let across = plausible.as_ref().map_or(String::new(), |p| {
        format!(
            ", across the {} plausible worlds of {}",
            p.ensemble.members.len(),
            p.origin
        )
    });
    let plan = Plan {
        kind: Kind::Study,
        planned: settings.runs,
        arms: 1,
        about: format!(
            "{} firms, strategy {}, seed {}{across}; {}.",
            count(settings.runs),
            situation.strategy.name(),
            settings.seed,
            origin(&situation)
        ),
    };
    start(&state, plan, move |job, cancel| {
        run_study(&situation, settings, plausible.as_ref(), job, cancel)
    })
}

/// The plausible worlds a study runs across: `None` unless the form asks for them
/// (`worlds=yes`), those of the server then, for a situation the calibration was made for.
///
/// # Errors
/// The server has no ensemble, or the situation is not the calibration's (named as `lpo-sim
/// mc --ensemble` names it), or the field's value is neither yes nor no.
fn plausible_for(
    fields: &Fields,
    plausible: Option<&PlausibleWorlds>,
    situation: Option<&Situation>,
) -> Result<Option<PlausibleWorlds>, Vec<String>> {
    if !form::worlds_asked(fields)? {
        return Ok(None);
    }
    let Some(plausible) = plausible else {
        return Err(vec![
            "Across plausible worlds (worlds): this server was started without a calibration \
             ensemble, so it has none to run over; start it with `lpo-sim serve --ensemble \
             FILE` (for instance the shipped calibration/ensemble.json), or leave the box \
             unticked"
                .to_owned(),
        ]);
    };
    if let Some(situation) = situation {
        let differences = plausible.calibration.differences_from(&situation.scenario);
        if !differences.is_empty() {
            let shown = differences[..differences.len().min(3)].join("; ");
            let more = match differences.len() {
                0..=3 => String::new(),
                n => format!(" (and {} more)", n - 3),
            };
            return Err(vec![format!(
                "Across plausible worlds (worlds): the ensemble {} was calibrated on another \
                 founder than the form's: {shown}{more}. Its plausible worlds hold for that \
                 founder only (as with `lpo-sim mc --ensemble`); give the calibration's \
                 values, or leave the box unticked",
                plausible.origin
            )]);
        }
    }
    Ok(Some(plausible.clone()))
}

/// Admits a job doing `plan` and starts `work` in the background once a study slot is free;
/// answers with a redirect to the job's page, or 503 when too many jobs are pending.
fn start(
    state: &AppState,
    plan: Plan,
    work: impl FnOnce(&Job, &AtomicBool) -> Result<Stored, String> + Send + 'static,
) -> Response {
    let limits = state.limits;
    let kind = plan.kind;
    let admitted = state
        .jobs()
        .admit(plan, limits.capacity(), limits.keep.max(1));
    let (id, job) = match admitted {
        Ok(admitted) => admitted,
        Err(busy) => return busy_page(busy, limits, kind),
    };
    let slots = Arc::clone(&state.running);
    let cancel = Arc::clone(&state.cancel);
    tokio::spawn(async move {
        let Ok(permit) = slots.acquire_owned().await else {
            job.set_phase(Phase::Failed("the server is stopping".to_owned()));
            return;
        };
        job.set_phase(Phase::Running);
        let worker = Arc::clone(&job);
        let result = tokio::task::spawn_blocking(move || work(&worker, &cancel))
            .await
            .unwrap_or_else(|_| Err("the study failed unexpectedly".to_owned()));
        job.set_phase(match result {
            Ok(stored) => Phase::Done(Arc::new(stored)),
            Err(message) => Phase::Failed(message),
        });
        drop(permit);
    });
    Redirect::to(&format!("/{}/{id}", kind.path())).into_response()
}

/// HTTP 503: the server has as many studies as it takes; try again later.
fn busy_page(busy: Busy, limits: Limits, kind: Kind) -> Response {
    let studies = |n: usize| if n == 1 { "study" } else { "studies" };
    let message = format!(
        "busy: {} {} running and {} waiting; try again in a minute",
        busy.running,
        studies(busy.running),
        busy.waiting
    );
    let body = format!(
        "<p class=\"busy\" role=\"alert\">The server is {}.</p>\n<p>It runs at most {} {} \
         at once and keeps at most {} waiting, so that it stays quick for everyone; nothing \
         was started. Go back and send the form again in a minute (your browser keeps what \
         you typed), or <a href=\"{form}\">open the form afresh</a>.</p>\n",
        page::escape(&message),
        limits.max_concurrent.max(1),
        studies(limits.max_concurrent.max(1)),
        limits.max_queued,
        form = match kind {
            Kind::Study => "/",
            Kind::Compare => "/compare",
        },
    );
    let mut response = html(
        StatusCode::SERVICE_UNAVAILABLE,
        page::page("The server is busy", &body),
    );
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, header::HeaderValue::from_static("60"));
    response
}

fn render_all(report: &dyn Render) -> Result<Stored, String> {
    let render = |format| {
        report
            .render_to_string(format)
            .map_err(|error| format!("the report could not be drawn: {error}"))
    };
    Ok(Stored {
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

/// Why a cancelled study or comparison has no result.
const STOPPED: &str = "the server stopped before it finished";

fn run_study(
    situation: &Situation,
    settings: RunSettings,
    plausible: Option<&PlausibleWorlds>,
    job: &Job,
    cancel: &AtomicBool,
) -> Result<Stored, String> {
    let scenario = &situation.scenario;
    let strategy = situation.strategy;
    let rule = scenario.strategy.rule;
    let mut config = McConfig::default().seed(settings.seed).runs(settings.runs);
    config.fans = true;
    config.ensemble = plausible.map(|p| Arc::clone(&p.ensemble));
    let mut observer = job;
    let outcome = Study::new(scenario)
        .config(config)
        .observer(&mut observer)
        .cancel_on(cancel)
        .strategy(|| {
            job.count_made();
            strategy.build(&rule)
        })
        .run()
        .map_err(|error| format!("The study could not run: {error}"))?;
    if outcome.stop == StopReason::Cancelled {
        return Err(STOPPED.to_owned());
    }
    let mut manifest = Manifest::new(
        scenario,
        strategy.name(),
        settings.seed,
        settings.runs,
        outcome.replicates.clone(),
        None,
    );
    // As `lpo-sim mc --ensemble`: the file names the ensemble, the report its file.
    manifest.ensemble = plausible.map(|p| p.ensemble.fingerprint());
    let file = StudyFile::new(manifest, outcome.stop, outcome.state);
    let origin = origin(situation);
    render_all(&StudyReport {
        ensemble: plausible.map(|p| p.origin.as_str()),
        ..StudyReport::new(&file, &origin)
    })
}

/// A job's page: its progress while it runs, its report when done.
fn job_page(state: &AppState, id: &str, kind: Kind) -> Response {
    let Some((id, job)) = state.job(id, kind) else {
        return not_found_page();
    };
    match job.phase() {
        Phase::Done(stored) => result_page(&stored, id, kind),
        Phase::Failed(message) => failed_page(&message, kind),
        phase @ (Phase::Waiting | Phase::Running) => {
            progress_page(&status_of(state, id, &job, &phase), id, &job)
        }
    }
}

/// Where a job is, for its progress page and its progress JSON.
#[derive(Debug)]
struct Status {
    /// `waiting`, `running`, `drawing` (the report), `done` or `failed`.
    state: &'static str,
    /// Runs done (or under way).
    done: u64,
    /// Runs planned.
    planned: u64,
    /// The same in words.
    text: String,
}

fn status_of(state: &AppState, id: u64, job: &Job, phase: &Phase) -> Status {
    let planned = job.planned();
    let (state, done, text) = match phase {
        Phase::Waiting => {
            let ahead = state.jobs().waiting_before(id);
            let text = match ahead {
                0 => "Waiting for a free slot: it starts as soon as a study running now \
                      finishes."
                    .to_owned(),
                1 => "Waiting for a free slot: 1 study waits ahead of it.".to_owned(),
                n => format!("Waiting for a free slot: {n} studies wait ahead of it."),
            };
            ("waiting", 0, text)
        }
        Phase::Running => {
            let done = job.progress();
            if done < planned {
                let text = format!(
                    "{} of {} firms simulated ({} %).",
                    count(done),
                    count(planned),
                    done * 100 / planned.max(1)
                );
                ("running", done, text)
            } else {
                let text = format!("All {} firms simulated; drawing the report.", count(done));
                ("drawing", done, text)
            }
        }
        Phase::Done(_) => ("done", planned, "Done.".to_owned()),
        Phase::Failed(message) => ("failed", job.progress(), format!("Failed: {message}.")),
    };
    Status {
        state,
        done,
        planned,
        text,
    }
}

/// `n` with its thousands grouped by commas: 12,345.
fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

/// The progress page's script: polls the progress JSON, moves the bar, and reloads the page
/// (which is then the report, or why there is none) when the job has ended.
const PROGRESS_SCRIPT: &str = "\
(function(){var bar=document.getElementById('bar'),text=document.getElementById('status');\
function tick(){fetch(location.pathname+'/progress',{cache:'no-store'}).then(function(r){\
if(!r.ok){location.reload();return null;}return r.json();}).then(function(p){if(!p)return;\
if(p.state==='done'||p.state==='failed'){location.reload();return;}\
bar.max=Math.max(p.planned,1);bar.value=p.done;text.textContent=p.text;\
setTimeout(tick,400);}).catch(function(){setTimeout(tick,2000);});}\
setTimeout(tick,400);})();";

/// The progress page's policy: [`CSP`], requests to this server, and the one script whose
/// SHA-256 (base64) is given: [`PROGRESS_SCRIPT`]'s. Change both together (the hash of the
/// script's text: `openssl dgst -sha256 -binary | base64`); a unit test checks it, and the
/// browser tests fail otherwise (Chromium refuses the script; the page never turns into the
/// report).
const PROGRESS_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; \
                            form-action 'self'; connect-src 'self'; \
                            script-src 'sha256-n+fGpnU4bVnrKqBAKTfEEQ9G4YDhfbGgt8Tt+K/GfD0='";

/// A job's page while it waits or runs: a progress bar that follows it, and reloads as the
/// report when it ends.
fn progress_page(status: &Status, id: u64, job: &Job) -> Response {
    let kind = job.kind();
    let what = match kind {
        Kind::Study => "study",
        Kind::Compare => "comparison",
    };
    let address = format!("/{}/{id}", kind.path());
    let body = format!(
        "<p class=\"about\">{about}</p>\n\
         <p class=\"status\" id=\"status\" role=\"status\">{text}</p>\n\
         <progress id=\"bar\" max=\"{max}\" value=\"{done}\">{percent} %</progress>\n\
         <p class=\"note\">This page follows the {what} and turns into its report when it is \
         done (a few seconds for 2,000 firms on most machines). You may leave it: the report \
         stays at <a href=\"{address}\">{address}</a> while the server runs (the last results \
         only).</p>\n<script>{PROGRESS_SCRIPT}</script>\n",
        about = page::escape(job.about()),
        text = page::escape(&status.text),
        max = status.planned.max(1),
        done = status.done,
        percent = status.done * 100 / status.planned.max(1),
    );
    let title = match kind {
        Kind::Study => format!("Study {id} in progress"),
        Kind::Compare => format!("Comparison {id} in progress"),
    };
    // Without scripts, the page refreshes itself instead.
    let head = "<noscript><meta http-equiv=\"refresh\" content=\"2\"></noscript>\n";
    let mut response = html_with(
        StatusCode::OK,
        page::page_with_head(&title, head, &body),
        PROGRESS_CSP,
    );
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    response
}

/// A job's progress as JSON: `{"state": …, "done": …, "planned": …, "text": …}`.
fn progress_json(state: &AppState, id: &str, kind: Kind) -> Response {
    let Some((id, job)) = state.job(id, kind) else {
        return not_found_page();
    };
    let status = status_of(state, id, &job, &job.phase());
    let body = serde_json::json!({
        "state": status.state,
        "done": status.done,
        "planned": status.planned,
        "text": status.text,
    })
    .to_string();
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// A job that ended without a result: why, and the way back.
fn failed_page(message: &str, kind: Kind) -> Response {
    let (what, form) = match kind {
        Kind::Study => ("study", "/"),
        Kind::Compare => ("comparison", "/compare"),
    };
    html(
        StatusCode::INTERNAL_SERVER_ERROR,
        page::page(
            &format!("The {what} did not finish"),
            &format!(
                "{}<p><a href=\"{form}\">Start it again</a>.</p>\n",
                page::problems_titled(&format!("The {what} did not finish"), &[message.to_owned()])
            ),
        ),
    )
}

/// A download asked for before the job finished.
fn unfinished_page(id: u64, kind: Kind) -> Response {
    let address = format!("/{}/{id}", kind.path());
    html(
        StatusCode::CONFLICT,
        page::page(
            "Not finished yet",
            &format!(
                "<p>This result is still being computed; its downloads are here once it is \
                 done. Follow it at <a href=\"{address}\">{address}</a>.</p>\n"
            ),
        ),
    )
}

/// A finished result's page: the report crate's page with the server's links on top.
fn result_page(stored: &Stored, id: u64, kind: Kind) -> Response {
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
    job_page(&state, &id, Kind::Study)
}

async fn compare_page(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    job_page(&state, &id, Kind::Compare)
}

async fn study_progress(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    progress_json(&state, &id, Kind::Study)
}

async fn compare_progress(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    progress_json(&state, &id, Kind::Compare)
}

fn download(state: &AppState, id: &str, file: &str, kind: Kind) -> Response {
    let Some((id, job)) = state.job(id, kind) else {
        return not_found_page();
    };
    if !matches!(file, "report.html" | "report.json" | "report.csv") {
        return not_found_page();
    }
    let stored = match job.phase() {
        Phase::Done(stored) => stored,
        Phase::Failed(message) => return failed_page(&message, kind),
        Phase::Waiting | Phase::Running => return unfinished_page(id, kind),
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
        "<button type=\"submit\">Compare</button>\n<p class=\"note\">The comparison runs \
         on the server; its page shows how far it has come, then the paired table.</p>\n\
         </form>\n",
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
    let plan = Plan {
        kind: Kind::Compare,
        planned: settings.runs,
        arms: 2,
        about: format!(
            "{} firms in each situation, seed {}. A: strategy {}, {}. B: strategy {}, {}.",
            count(settings.runs),
            settings.seed,
            a.strategy.name(),
            origin(&a),
            b.strategy.name(),
            origin(&b)
        ),
    };
    start(&state, plan, move |job, cancel| {
        run_compare(&[a, b], settings, job, cancel)
    })
}

/// Makes a fresh strategy for each replicate.
type Factory<'a> = Box<dyn Fn() -> Box<dyn Strategy> + Sync + 'a>;

fn run_compare(
    situations: &[Situation; 2],
    settings: RunSettings,
    job: &Job,
    cancel: &AtomicBool,
) -> Result<Stored, String> {
    let names = ["A", "B"];
    let factories: Vec<Factory<'_>> = situations
        .iter()
        .map(|s| {
            let (strategy, rule) = (s.strategy, s.scenario.strategy.rule);
            Box::new(move || {
                job.count_made();
                Box::new(strategy.build(&rule)) as Box<dyn Strategy>
            }) as Factory<'_>
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
    let mut observer = job;
    let comparison = Study::new(baseline)
        .config(config)
        .observer(&mut observer)
        .cancel_on(cancel)
        .compare_arms(&arms)
        .map_err(|error| format!("The comparison could not run: {error}"))?;
    if comparison.stop == StopReason::Cancelled {
        return Err(STOPPED.to_owned());
    }
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
    render_all(&report)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_group_their_thousands() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_000), "1,000");
        assert_eq!(count(12_345_678), "12,345,678");
    }

    /// SHA-256 (FIPS 180-4), for the test below only.
    fn sha256(message: &[u8]) -> [u8; 32] {
        const K: [u32; 64] = [
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
            0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
            0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
            0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
            0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
            0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
            0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
            0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
            0xc67178f2,
        ];
        let mut h: [u32; 8] = [
            0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
            0x5be0cd19,
        ];
        let mut data = message.to_vec();
        data.push(0x80);
        while data.len() % 64 != 56 {
            data.push(0);
        }
        data.extend_from_slice(&(message.len() as u64 * 8).to_be_bytes());
        for block in data.chunks(64) {
            let mut w = [0u32; 64];
            for (i, word) in block.chunks(4).enumerate() {
                w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
            }
            for i in 16..64 {
                let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
                let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
                w[i] = w[i - 16]
                    .wrapping_add(s0)
                    .wrapping_add(w[i - 7])
                    .wrapping_add(s1);
            }
            let mut v = h;
            for (k, w) in K.iter().zip(w) {
                let s1 = v[4].rotate_right(6) ^ v[4].rotate_right(11) ^ v[4].rotate_right(25);
                let ch = (v[4] & v[5]) ^ (!v[4] & v[6]);
                let t1 = v[7]
                    .wrapping_add(s1)
                    .wrapping_add(ch)
                    .wrapping_add(*k)
                    .wrapping_add(w);
                let s0 = v[0].rotate_right(2) ^ v[0].rotate_right(13) ^ v[0].rotate_right(22);
                let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
                let t2 = s0.wrapping_add(maj);
                v = [
                    t1.wrapping_add(t2),
                    v[0],
                    v[1],
                    v[2],
                    v[3].wrapping_add(t1),
                    v[4],
                    v[5],
                    v[6],
                ];
            }
            for (a, b) in h.iter_mut().zip(v) {
                *a = a.wrapping_add(b);
            }
        }
        let mut out = [0u8; 32];
        for (chunk, word) in out.chunks_mut(4).zip(h) {
            chunk.copy_from_slice(&word.to_be_bytes());
        }
        out
    }

    /// Base64 with padding, for the test below only.
    fn base64(bytes: &[u8]) -> String {
        const ALPHABET: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    #[test]
    fn the_policy_lets_exactly_the_progress_script_run() {
        assert_eq!(
            base64(&sha256(b"abc")),
            "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
        );
        let hash = base64(&sha256(PROGRESS_SCRIPT.as_bytes()));
        assert!(
            PROGRESS_CSP.contains(&format!("script-src 'sha256-{hash}'")),
            "PROGRESS_CSP must name the script's hash: 'sha256-{hash}'"
        );
        assert!(
            !PROGRESS_SCRIPT.contains('<'),
            "the script must not close its element"
        );
    }
}
