//! End to end in a real browser: headless Chromium, driven through chromedriver's WebDriver
//! API (fantoccini), fills the forms of a server started here on 127.0.0.1 and follows a
//! study's progress page until it becomes the report, and a comparison likewise.
//!
//! They need `chromedriver` and Chromium (Debian: `apt-get install chromium chromium-driver`).
//! Without chromedriver they say so and pass, unless `LPO_SIM_BROWSER=1`, under which they
//! fail instead (CI sets it). `LPO_SIM_CHROMEDRIVER` and `LPO_SIM_CHROMIUM` name other
//! binaries; `LPO_SIM_SCREENSHOTS=DIR` saves a PNG of each page they reach there.

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use lpo_sim_web::Limits;
use serde_json::json;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

mod common;

use common::{data_dir, redirected_from, start_server};

/// One browser at a time: the machines running these have few cores.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// How long a page may take to become what a test waits for.
const PATIENCE: Duration = Duration::from_secs(180);

/// The chromedriver to use, if any; fails when `LPO_SIM_BROWSER=1` asks for the tests and
/// there is none.
fn chromedriver() -> Option<PathBuf> {
    let named = std::env::var_os("LPO_SIM_CHROMEDRIVER").map(PathBuf::from);
    let found = named.or_else(|| {
        std::env::var_os("PATH").and_then(|path| {
            std::env::split_paths(&path)
                .map(|dir| dir.join("chromedriver"))
                .find(|candidate| candidate.is_file())
        })
    });
    let required = std::env::var("LPO_SIM_BROWSER").is_ok_and(|v| v == "1");
    match found {
        Some(path) => Some(path),
        None if required => {
            panic!(
                "LPO_SIM_BROWSER=1 but no chromedriver on PATH (apt-get install chromium-driver)"
            )
        }
        None => {
            eprintln!(
                "browser test skipped: no chromedriver on PATH (apt-get install chromium \
                 chromium-driver, or set LPO_SIM_CHROMEDRIVER); LPO_SIM_BROWSER=1 makes this \
                 a failure"
            );
            None
        }
    }
}

/// A free port on 127.0.0.1 (free when asked; chromedriver takes it right after).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// chromedriver, stopped when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start(binary: &PathBuf) -> Driver {
        let port = free_port();
        let child = Command::new(binary)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
        let driver = Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "chromedriver is not listening on {port} after 20 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        driver
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A server on an ephemeral port of 127.0.0.1 with `limits`, for the rest of the test run.
fn server(limits: Limits) -> SocketAddr {
    start_server(limits, data_dir(), None, 1, std::future::pending()).0
}

/// Runs `test` with a fresh headless Chromium session, then closes it.
fn with_browser<F>(test: impl FnOnce(Client) -> F)
where
    F: std::future::Future<Output = Client>,
{
    with_browser_args(&[], test);
}

/// As [`with_browser`], Chromium started with `extra` arguments too.
fn with_browser_args<F>(extra: &[&str], test: impl FnOnce(Client) -> F)
where
    F: std::future::Future<Output = Client>,
{
    let Some(binary) = chromedriver() else {
        return;
    };
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let driver = Driver::start(&binary);
    let mut options = json!({
        "args": [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            "--window-size=1200,1600",
        ]
    });
    if let Some(args) = options["args"].as_array_mut() {
        args.extend(extra.iter().map(|a| json!(a)));
    }
    let chromium = std::env::var("LPO_SIM_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if std::path::Path::new(&chromium).is_file() {
        options["binary"] = json!(chromium);
    }
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("browserName".into(), json!("chrome"));
    capabilities.insert("goog:chromeOptions".into(), options);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&driver.url)
            .await
            .expect("a Chromium session through chromedriver");
        let client = test(client).await;
        client.close().await.expect("close the session");
        drop(driver);
    });
}

/// Saves a screenshot as `name`.png when `LPO_SIM_SCREENSHOTS` names a folder.
async fn screenshot(client: &Client, name: &str) {
    if let Some(dir) = std::env::var_os("LPO_SIM_SCREENSHOTS") {
        let png = client.screenshot().await.expect("a screenshot");
        let path = PathBuf::from(dir).join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}

/// Waits until the page's source contains `text` (the page may reload meanwhile).
async fn wait_for_text(client: &Client, text: &str) -> String {
    let start = Instant::now();
    loop {
        if let Ok(source) = client.source().await
            && source.contains(text)
        {
            return source;
        }
        assert!(
            start.elapsed() < PATIENCE,
            "“{text}” not on {:?} after {PATIENCE:?}",
            client.current_url().await.map(|u| u.to_string())
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the browser shows a finished page under `path` (no progress bar) holding
/// `text`, and returns its source.
async fn wait_for_finished(client: &Client, path: &str, text: &str) -> String {
    let start = Instant::now();
    loop {
        if let (Ok(url), Ok(source)) = (client.current_url().await, client.source().await)
            && url.path().starts_with(path)
            && !source.contains("<progress")
            && source.contains(text)
        {
            return source;
        }
        assert!(
            start.elapsed() < PATIENCE,
            "no finished page under {path} with “{text}” after {PATIENCE:?}: {:?}",
            client.current_url().await.map(|u| u.to_string())
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Types `value` into the input named `name`, replacing what is there.
async fn fill(client: &Client, name: &str, value: &str) {
    let input = client
        .find(Locator::Css(&format!("input[name=\"{name}\"]")))
        .await
        .unwrap_or_else(|e| panic!("input {name}: {e}"));
    input.clear().await.expect("clear");
    input.send_keys(value).await.expect("type");
}

/// Picks `value` in the select named `name`.
async fn choose(client: &Client, name: &str, value: &str) {
    client
        .find(Locator::Css(&format!("select[name=\"{name}\"]")))
        .await
        .unwrap_or_else(|e| panic!("select {name}: {e}"))
        .select_by_value(value)
        .await
        .unwrap_or_else(|e| panic!("{value} in {name}: {e}"));
}

/// Runs of a study that keeps the server's one slot busy for a few seconds.
const BLOCKER_RUNS: u64 = if cfg!(debug_assertions) {
    3_000
} else {
    40_000
};

#[test]
fn the_form_leads_through_the_progress_page_to_the_verdict() {
    with_browser(|client| async move {
        // One slot: a study posted first keeps it busy, so the browser's study waits behind
        // it and its page must follow it through the script (no-script refresh is off).
        let addr = server(Limits {
            max_runs: 100_000,
            max_concurrent: 1,
            ..Limits::default()
        });
        let base = format!("http://{addr}");
        let started = Instant::now();
        let blocker = redirected_from(addr, "/study", &format!("runs={BLOCKER_RUNS}&seed=2"));

        client
            .goto(&format!("{base}/"))
            .await
            .expect("open the form");
        assert_eq!(
            client.title().await.expect("title"),
            "What would your firm become? · lpo-sim"
        );
        screenshot(&client, "form").await;
        fill(&client, "savings", "50000").await;
        fill(&client, "network_contacts", "60").await;
        choose(&client, "has_law_degree", "yes").await;
        choose(&client, "strategy", "cautious").await;
        fill(&client, "runs", "300").await;
        fill(&client, "seed", "7").await;
        client
            .find(Locator::Css("button[type=\"submit\"]"))
            .await
            .expect("the submit button")
            .click()
            .await
            .expect("submit");

        // The progress page, at the study's own address.
        let source = wait_for_text(&client, "<progress").await;
        let url = client.current_url().await.expect("url");
        assert_eq!(url.path(), "/study/2", "{source}");
        assert!(source.contains("Waiting for a free slot"), "{source}");
        screenshot(&client, "study-waiting").await;

        // The blocker's page: its bar moves while the page stays (the script moves it).
        client
            .goto(&format!("{base}{blocker}"))
            .await
            .expect("open the blocker's page");
        client
            .execute("window.lpoSimSamePage = true; return null;", vec![])
            .await
            .expect("mark the page");
        let start = Instant::now();
        let moved = loop {
            // The bar's value, and whether this is still the page marked above (the script
            // moves the bar; a reload would drop the mark).
            let seen = client
                .execute(
                    "var bar = document.getElementById('bar'); \
                     return [bar ? bar.value : 0, window.lpoSimSamePage === true];",
                    vec![],
                )
                .await
                .unwrap_or(json!([0, false]));
            let value = seen[0].as_f64().unwrap_or(0.0);
            let same = seen[1] == json!(true);
            if value > 0.0 && same {
                break true;
            }
            if !same || start.elapsed() > PATIENCE {
                // The blocker finished (the page reloaded as its report) before the bar
                // was seen moving: only a very fast machine gets here.
                break false;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        if moved {
            screenshot(&client, "study-running").await;
        } else {
            eprintln!("the blocking study finished before its bar was seen moving");
        }

        // Back to the browser's study: it becomes the report once the blocker is done.
        client
            .goto(&format!("{base}/study/2"))
            .await
            .expect("open the study");
        let source = wait_for_text(&client, "Of 10 firms like this one").await;
        assert!(source.contains("cautious"), "{source}");
        assert!(source.contains("savings 50000"), "{source}");
        assert!(!source.contains("<progress"), "{source}");
        screenshot(&client, "study-report").await;
        eprintln!(
            "a study of {BLOCKER_RUNS} runs, then one of 300: {:.1} s",
            started.elapsed().as_secs_f64()
        );

        // The downloads are links on the report page.
        let json_link = client
            .find(Locator::Css("a[href=\"/study/2/report.json\"]"))
            .await
            .expect("the JSON download link");
        assert_eq!(json_link.text().await.expect("link text"), "JSON");
        client
    });
}

#[test]
fn two_situations_side_by_side_end_in_the_paired_table() {
    with_browser(|client| async move {
        let addr = server(Limits {
            max_runs: 5_000,
            ..Limits::default()
        });
        client
            .goto(&format!("http://{addr}/compare"))
            .await
            .expect("open the compare form");
        fill(&client, "a_savings", "30000").await;
        fill(&client, "b_savings", "80000").await;
        choose(&client, "b_strategy", "aggressive").await;
        fill(&client, "runs", "300").await;
        screenshot(&client, "compare-form").await;
        client
            .find(Locator::Css("button[type=\"submit\"]"))
            .await
            .expect("the Compare button")
            .click()
            .await
            .expect("submit");
        // The form itself says "paired" (its note), and so may the progress page: wait for
        // the finished comparison's page, not for the word.
        let source = wait_for_finished(&client, "/compare/", "paired").await;
        assert!(source.contains("aggressive"), "{source}");
        screenshot(&client, "compare-report").await;
        client
    });
}

#[test]
fn without_scripts_the_progress_page_refreshes_itself_to_the_verdict() {
    with_browser_args(
        &["--blink-settings=scriptEnabled=false"],
        |client| async move {
            // As above, the study waits behind another, so its page is the progress page first;
            // with scripts off only its <noscript> refresh can turn it into the report.
            let addr = server(Limits {
                max_runs: 100_000,
                max_concurrent: 1,
                ..Limits::default()
            });
            redirected_from(addr, "/study", &format!("runs={}&seed=3", BLOCKER_RUNS / 2));
            client
                .goto(&format!("http://{addr}/"))
                .await
                .expect("open the form");
            fill(&client, "runs", "200").await;
            client
                .find(Locator::Css("button[type=\"submit\"]"))
                .await
                .expect("the submit button")
                .click()
                .await
                .expect("submit");
            let source = wait_for_text(&client, "<progress").await;
            assert!(source.contains("http-equiv=\"refresh\""), "{source}");
            screenshot(&client, "study-waiting-noscript").await;
            let source = wait_for_text(&client, "Of 10 firms like this one").await;
            assert!(source.contains("200 runs"), "{source}");
            client
        },
    );
}

#[test]
fn three_quarters_of_a_game_are_played_through_the_form() {
    with_browser(|client| async move {
        let addr = server(Limits {
            play_firms: 50,
            ..Limits::default()
        });
        let base = format!("http://{addr}");
        client
            .goto(&format!("{base}/play"))
            .await
            .expect("open the new game form");
        screenshot(&client, "play-form").await;
        fill(&client, "name", "Ada").await;
        fill(&client, "seed", "5").await;
        fill(&client, "periods", "8").await;
        choose(&client, "period", "quarter").await;
        client
            .find(Locator::Css("button[type=\"submit\"]"))
            .await
            .expect("the start button")
            .click()
            .await
            .expect("start");
        let source = wait_for_text(&client, "Your firm, before it opens").await;
        assert!(
            source.contains("Play the next quarter (months 1 to 3)"),
            "{source}"
        );
        let game = client.current_url().await.expect("url");
        assert!(game.path().starts_with("/play/"), "{game}");

        // Three quarters, a decision or two before each.
        let decisions: [&[(&str, &str)]; 3] = [
            &[("rigor", "4")],
            &[("pay", "1.2"), ("staff_document_review", "2")],
            &[("marketing", "1500")],
        ];
        for (quarter, changes) in decisions.iter().enumerate() {
            for (name, value) in *changes {
                fill(&client, name, value).await;
            }
            if quarter == 2 {
                choose(&client, "consultant", "on").await;
            }
            client
                .find(Locator::Css(
                    "form[action^=\"/play/\"] button[type=\"submit\"]",
                ))
                .await
                .expect("the play button")
                .click()
                .await
                .expect("play the quarter");
            let month = 3 * (quarter + 1);
            let source = wait_for_text(&client, &format!("Your firm after month {month}")).await;
            assert!(source.contains("Odds from here"), "{source}");
            assert!(source.contains("<svg class=\"chart\""), "{source}");
            screenshot(&client, &format!("play-after-month-{month}")).await;
        }
        let source = client.source().await.expect("source");
        assert!(source.contains("Months 7 to 9"), "{source}");
        assert!(source.contains("Play the next quarter (months 10 to 12)"));
        // The choices made stay in the form.
        for (name, value) in [("rigor", "4"), ("pay", "1.2"), ("marketing", "1500")] {
            let input = client
                .find(Locator::Css(&format!("input[name=\"{name}\"]")))
                .await
                .expect("an input");
            assert_eq!(
                input.prop("value").await.expect("its value").as_deref(),
                Some(value),
                "{name}"
            );
        }

        // A bad decision: the form comes back with the problem named, nothing played.
        fill(&client, "rigor", "99").await;
        client
            .find(Locator::Css(
                "form[action^=\"/play/\"] button[type=\"submit\"]",
            ))
            .await
            .expect("the play button")
            .click()
            .await
            .expect("send the bad decision");
        let source = wait_for_text(&client, "Please correct your decisions").await;
        assert!(
            source.contains("rigor must be from 1 to 50, not 99"),
            "{source}"
        );
        assert!(source.contains("Your firm after month 9"), "{source}");
        screenshot(&client, "play-bad-decision").await;
        client
    });
}
