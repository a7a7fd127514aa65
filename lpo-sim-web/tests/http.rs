//! The server over real HTTP: started once on an ephemeral port, driven with raw HTTP/1.1.

use lpo_sim_web::{Limits, PlausibleWorlds};
use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

mod common;

use common::{Reply, data_dir, get_from, post_to, start_server};

const MAX_RUNS: u64 = 5_000;

/// The test server's address (started on first use, on port 0).
fn server() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        let limits = Limits {
            max_runs: MAX_RUNS,
            ..Limits::default()
        };
        start_server(limits, data_dir(), None, 2, std::future::pending()).0
    })
}

fn get(path: &str) -> Reply {
    get_from(server(), path)
}

fn post(path: &str, form: &str) -> Reply {
    post_to(server(), path, form)
}

/// Posts `form` to `path`: a valid form is answered at once with a redirect (303) to the
/// job's page; follows its progress until the job has ended and returns its page. An invalid
/// form's reply (400) is returned as it is.
fn submit(path: &str, form: &str) -> Reply {
    submit_to(server(), path, form)
}

/// [`submit`] to the server at `addr`.
fn submit_to(addr: SocketAddr, path: &str, form: &str) -> Reply {
    let get = |path: &str| get_from(addr, path);
    let reply = post_to(addr, path, form);
    if reply.status != 303 {
        return reply;
    }
    let page = reply.location();
    let start = Instant::now();
    loop {
        let progress = get(&format!("{page}/progress"));
        assert_eq!(progress.status, 200, "{}", progress.body);
        let value: serde_json::Value =
            serde_json::from_str(&progress.body).expect("the progress parses");
        if value["state"] == "done" || value["state"] == "failed" {
            return get(&page);
        }
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "{page} not done after 5 minutes: {value}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

const STUDY: &str = "savings=30000&legal_knowledge=0.5&has_law_degree=no&law_office_years=2\
                     &lpo_years=5&network_contacts=40&outside_pay=750&strategy=cautious\
                     &runs=200&seed=7";

/// The id in the page's download links (`/study/{id}/report.json`).
fn result_id(page: &str, kind: &str) -> String {
    let start = page
        .find(&format!("href=\"/{kind}/"))
        .expect("a download link")
        + 8
        + kind.len();
    page[start..].split('/').next().expect("an id").to_owned()
}

#[test]
fn the_form_page_loads_with_every_field_and_its_meaning() {
    let reply = get("/");
    assert_eq!(reply.status, 200);
    for field in [
        "name=\"savings\"",
        "name=\"legal_knowledge\"",
        "name=\"has_law_degree\"",
        "name=\"law_office_years\"",
        "name=\"lpo_years\"",
        "name=\"network_contacts\"",
        "name=\"outside_pay\"",
        "name=\"strategy\"",
        "name=\"runs\"",
        "name=\"seed\"",
        "a law graduate",
        "quality-first",
    ] {
        assert!(reply.body.contains(field), "{field} missing from the form");
    }
    // No external resource: nothing loaded from another address.
    assert!(!reply.body.contains("http://") && !reply.body.contains("https://"));
    assert!(!reply.body.contains("<script"));
}

#[test]
fn a_small_study_returns_the_verdict_the_report_and_downloads() {
    let reply = submit("/study", STUDY);
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.body.contains("Of 10 firms like this one"));
    assert!(reply.body.contains("Monte Carlo study of an LPO firm"));
    assert!(reply.body.contains("cautious"));
    let id = result_id(&reply.body, "study");

    let json = get(&format!("/study/{id}/report.json"));
    assert_eq!(json.status, 200);
    assert!(
        json.head
            .to_ascii_lowercase()
            .contains("content-disposition: attachment")
    );
    let value: serde_json::Value = serde_json::from_str(&json.body).expect("the JSON parses");
    assert_eq!(value["manifest"]["seed"], 7);

    let csv = get(&format!("/study/{id}/report.csv"));
    assert_eq!(csv.status, 200);
    assert!(csv.body.lines().count() > 1, "{}", csv.body);
    let page = get(&format!("/study/{id}/report.html"));
    assert_eq!(page.status, 200);
    assert!(page.body.starts_with("<!DOCTYPE html>"));
    let again = get(&format!("/study/{id}"));
    assert_eq!(again.status, 200);
    assert!(again.body.contains("Of 10 firms like this one"));
    // A study is not a comparison.
    assert_eq!(get(&format!("/compare/{id}/report.json")).status, 404);
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    let first = result_id(&submit("/study", STUDY).body, "study");
    let second = result_id(&submit("/study", STUDY).body, "study");
    assert_ne!(first, second);
    let a = get(&format!("/study/{first}/report.json")).body;
    let b = get(&format!("/study/{second}/report.json")).body;
    assert_eq!(a, b);
    let a = get(&format!("/study/{first}/report.html")).body;
    let b = get(&format!("/study/{second}/report.html")).body;
    assert_eq!(a, b);
}

#[test]
fn runs_above_the_limit_are_refused_in_the_page() {
    let reply = post("/study", &STUDY.replace("runs=200", "runs=5001"));
    assert_eq!(reply.status, 400);
    assert!(
        reply
            .body
            .contains("5001 is more than this server allows (5000)")
    );
    // The form comes back with what was typed.
    assert!(reply.body.contains("value=\"5001\""));
}

#[test]
fn a_malformed_number_is_named_by_its_field() {
    let reply = post("/study", &STUDY.replace("savings=30000", "savings=lots"));
    assert_eq!(reply.status, 400);
    assert!(
        reply.body.contains("(savings): “lots” is not a number"),
        "{}",
        reply.body
    );
    let reply = post("/study", &STUDY.replace("seed=7", "seed=-1"));
    assert_eq!(reply.status, 400);
    assert!(reply.body.contains("Seed (seed)"));
}

#[test]
fn a_value_out_of_range_gets_the_scenario_s_message() {
    let reply = post(
        "/study",
        &STUDY.replace("legal_knowledge=0.5", "legal_knowledge=1.5"),
    );
    assert_eq!(reply.status, 400);
    assert!(reply.body.contains("legal_knowledge"), "{}", reply.body);
    assert!(reply.body.contains("Please correct the form"));
    let reply = post(
        "/study",
        &STUDY.replace("strategy=cautious", "strategy=%3Cb%3E"),
    );
    assert_eq!(reply.status, 400);
    // Escaped, not echoed as markup.
    assert!(reply.body.contains("“&lt;b&gt;” is not one of"));
}

#[test]
fn an_oversized_body_is_refused() {
    let big = format!("{STUDY}&pad={}", "x".repeat(20_000));
    let reply = post("/study", &big);
    assert_eq!(reply.status, 413);
}

#[test]
fn paths_outside_the_app_are_not_found() {
    for path in [
        "/study/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/study/1/..%2f..%2fetc%2fpasswd",
        "/study/1/report.txt",
        "/study/abc/report.json",
        "/study/999999/report.json",
        "/Cargo.toml",
    ] {
        let reply = get(path);
        assert_eq!(reply.status, 404, "{path}");
        assert!(!reply.body.contains("root:"), "{path}");
        assert!(reply.body.contains("Nothing here"), "{path}");
    }
}

#[test]
fn a_comparison_returns_a_paired_table() {
    let form = "a_savings=30000&a_legal_knowledge=0.5&a_has_law_degree=no\
                &a_law_office_years=2&a_lpo_years=5&a_network_contacts=40&a_outside_pay=750\
                &a_strategy=rule-based&b_savings=80000&b_legal_knowledge=0.5\
                &b_has_law_degree=yes&b_law_office_years=2&b_lpo_years=5\
                &b_network_contacts=40&b_outside_pay=750&b_strategy=rule-based\
                &runs=200&seed=3";
    let reply = submit("/compare", form);
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.body.contains("paired"), "{}", reply.body);
    let id = result_id(&reply.body, "compare");
    let json = get(&format!("/compare/{id}/report.json"));
    assert_eq!(json.status, 200);
    let value: serde_json::Value = serde_json::from_str(&json.body).expect("the JSON parses");
    assert!(value.to_string().contains("\"B\""));
    // Problems in either situation are named with their prefix.
    let reply = post("/compare", &form.replace("b_savings=80000", "b_savings=x"));
    assert_eq!(reply.status, 400);
    assert!(reply.body.contains("(b_savings)"));
}

#[test]
fn a_field_left_out_keeps_its_default_but_an_empty_one_is_named() {
    let reply = submit("/study", "savings=50000&runs=200");
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.body.contains("savings 50000"));
    assert!(reply.body.contains("outside pay 750"));
    let reply = post("/study", "savings=&runs=200");
    assert_eq!(reply.status, 400);
    assert!(
        reply
            .body
            .contains("(savings): a number is needed; the field is empty")
    );
}

/// A server of its own with one slot and one place in the queue, stopped by the returned
/// sender; the thread ends when it has stopped.
fn small_server() -> (
    SocketAddr,
    tokio::sync::oneshot::Sender<()>,
    std::thread::JoinHandle<()>,
) {
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let limits = Limits {
        max_runs: 5_000_000,
        max_concurrent: 1,
        max_queued: 1,
        ..Limits::default()
    };
    let shutdown = async move {
        let _ = stopped.await;
    };
    let (addr, thread) = start_server(limits, data_dir(), None, 1, shutdown);
    (addr, stop, thread)
}

fn progress_of(addr: SocketAddr, page: &str) -> serde_json::Value {
    let reply = get_from(addr, &format!("{page}/progress"));
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.head.to_ascii_lowercase().contains("no-store"));
    serde_json::from_str(&reply.body).expect("the progress parses")
}

#[test]
fn a_full_queue_is_refused_and_a_waiting_study_shows_its_progress() {
    let (addr, stop, thread) = small_server();
    let get = |path: &str| get_from(addr, path);
    // One long study takes the slot, a short one waits ...
    let long = post_to(addr, "/study", "runs=5000000&seed=1");
    assert_eq!(long.status, 303, "{}", long.body);
    let long = long.location();
    assert_eq!(long, "/study/1");
    let short = post_to(addr, "/study", STUDY);
    assert_eq!(short.status, 303, "{}", short.body);
    let short = short.location();

    // ... and a third finds the server busy, for a study or a comparison alike.
    for path in ["/study", "/compare"] {
        let busy = post_to(addr, path, "runs=100");
        assert_eq!(busy.status, 503, "{}", busy.body);
        assert!(
            busy.head.to_ascii_lowercase().contains("retry-after: 60"),
            "{}",
            busy.head
        );
        assert!(
            busy.body
                .contains("busy: 1 study running and 1 waiting; try again in a minute"),
            "{}",
            busy.body
        );
    }

    // The waiting study's page is a progress page that follows it by itself.
    let page = get(&short);
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("Waiting for a free slot"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("<progress id=\"bar\" max=\"200\" value=\"0\"")
    );
    assert!(
        page.body
            .contains("<noscript><meta http-equiv=\"refresh\" content=\"2\"></noscript>")
    );
    assert!(page.body.contains("<script>"));
    assert!(!page.body.contains("http://") && !page.body.contains("https://"));
    let head = page.head.to_ascii_lowercase();
    assert!(head.contains("script-src 'sha256-"), "{head}");
    assert!(head.contains("connect-src 'self'"), "{head}");
    let value = progress_of(addr, &short);
    assert_eq!(value["state"], "waiting");
    assert_eq!(value["planned"], 200);
    // Its downloads are not there yet.
    assert_eq!(get(&format!("{short}/report.json")).status, 409);

    // The long study's runs are counted as they go.
    let start = Instant::now();
    loop {
        let value = progress_of(addr, &long);
        if value["state"] == "running" && value["done"].as_u64() > Some(0) {
            assert_eq!(value["planned"], 5_000_000);
            assert!(
                value["text"]
                    .as_str()
                    .is_some_and(|t| t.contains("of 5,000,000 firms simulated")),
                "{value}"
            );
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(60), "{value}");
        std::thread::sleep(Duration::from_millis(20));
    }
    let page = get(&long);
    assert!(page.body.contains("firms simulated"), "{}", page.body);

    // Stopping the server abandons the long study: it stops in seconds.
    let start = Instant::now();
    stop.send(()).expect("stop the server");
    thread.join().expect("the server thread");
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn a_progress_address_of_no_study_is_not_found() {
    assert_eq!(get("/study/999999/progress").status, 404);
    assert_eq!(get("/compare/abc/progress").status, 404);
}

/// The shipped calibration ensemble, read and checked as `lpo-sim serve --ensemble` does.
fn shipped_ensemble() -> PlausibleWorlds {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../calibration/ensemble.json");
    let file = lpo_sim_core::calibration::CalibrationFile::from_path(&path)
        .expect("the shipped calibration file reads");
    let scenario = lpo_sim_core::Scenario::default();
    assert!(file.differences_from(&scenario).is_empty());
    let ensemble = file.ensemble().expect("plausible members");
    ensemble
        .check(&scenario)
        .expect("the members fit the default scenario");
    PlausibleWorlds {
        ensemble: std::sync::Arc::new(ensemble),
        calibration: std::sync::Arc::new(file),
        origin: "calibration/ensemble.json".to_owned(),
    }
}

/// A server started with the shipped ensemble (on first use, on port 0).
fn ensemble_server() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        let limits = Limits {
            max_runs: MAX_RUNS,
            ..Limits::default()
        };
        let plausible = Some(shipped_ensemble());
        start_server(limits, data_dir(), plausible, 2, std::future::pending()).0
    })
}

/// The default founder (the calibration's), 70 firms, across plausible worlds.
const ACROSS_WORLDS: &str = "savings=30000&legal_knowledge=0.5&has_law_degree=no\
                             &law_office_years=2&lpo_years=5&network_contacts=40\
                             &outside_pay=750&strategy=rule-based&runs=70&seed=7&worlds=yes";

#[test]
fn a_study_across_plausible_worlds_shows_the_spread_over_every_member() {
    let addr = ensemble_server();
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../calibration/ensemble.json");
    let members = lpo_sim_core::calibration::CalibrationFile::from_path(&path)
        .expect("the shipped ensemble reads")
        .members()
        .count();
    let each = format!("one of the {members} plausible parameter sets");
    let form = get_from(addr, "/");
    assert_eq!(form.status, 200);
    assert!(form.body.contains("name=\"worlds\""), "{}", form.body);
    assert!(!form.body.contains("value=\"yes\" disabled"));
    assert!(form.body.contains(&each));

    let reply = submit_to(addr, "/study", ACROSS_WORLDS);
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(
        reply.body.contains("<section id=\"worlds\">"),
        "{}",
        reply.body
    );
    assert!(reply.body.contains("<h2>Across plausible worlds</h2>"));
    assert!(
        reply
            .body
            .contains(&format!("Each replicate ran with {each}"))
    );
    assert!(
        reply
            .body
            .contains("across the plausible parameter sets of <code>ensemble.json</code>")
    );
    let id = result_id(&reply.body, "study");
    let json = get_from(addr, &format!("/study/{id}/report.json"));
    assert_eq!(json.status, 200);
    let value: serde_json::Value = serde_json::from_str(&json.body).expect("the JSON parses");
    assert_eq!(value["summary"]["ensemble"]["members"], members, "{value}");
    assert!(value["manifest"]["ensemble"].is_string(), "{value}");

    // Unticked, the same server runs the one default world.
    let plain = submit_to(addr, "/study", &ACROSS_WORLDS.replace("&worlds=yes", ""));
    assert_eq!(plain.status, 200, "{}", plain.body);
    assert!(!plain.body.contains("<section id=\"worlds\">"));
}

#[test]
fn across_plausible_worlds_without_an_ensemble_server_is_refused_clearly() {
    let form = get("/");
    assert!(
        form.body.contains("value=\"yes\" disabled"),
        "{}",
        form.body
    );
    assert!(form.body.contains("lpo-sim serve --ensemble"));
    let reply = post("/study", ACROSS_WORLDS);
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert!(
        reply
            .body
            .contains("this server was started without a calibration ensemble"),
        "{}",
        reply.body
    );
    assert!(reply.body.contains("lpo-sim serve --ensemble"));
}

#[test]
fn across_plausible_worlds_refuses_a_founder_the_calibration_was_not_made_for() {
    let addr = ensemble_server();
    let reply = post_to(
        addr,
        "/study",
        &ACROSS_WORLDS.replace("savings=30000", "savings=50000"),
    );
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert!(reply.body.contains("founder.savings"), "{}", reply.body);
    let reply = post_to(
        addr,
        "/study",
        &ACROSS_WORLDS.replace("worlds=yes", "worlds=maybe"),
    );
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert!(reply.body.contains("neither yes nor no"), "{}", reply.body);
}
