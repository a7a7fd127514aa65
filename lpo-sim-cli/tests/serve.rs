//! `lpo-sim serve`: starts, answers, and stops cleanly on Ctrl-C (SIGINT).

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

mod common;

#[cfg(unix)]
use common::{args, read_all, sigint, spawn_lpo_sim, wait_for_exit};

/// Starts `lpo-sim serve` with `options` (after `serve`), its stderr as given, and reads the
/// line that says where it serves: the process, that line, and the address (`host:port`).
/// The caller stops it.
#[cfg(unix)]
fn start_serve(options: &[&dyn AsRef<OsStr>], stderr: Stdio) -> (Child, String, String) {
    let mut line: Vec<&dyn AsRef<OsStr>> = vec![&"serve"];
    line.extend_from_slice(options);
    let mut child = spawn_lpo_sim(args(&line), Stdio::piped(), stderr);
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("the address line");
    let addr = first
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .expect("an address")
        .to_owned();
    (child, first, addr)
}

#[test]
fn bad_limits_are_usage_errors() {
    for args in [
        &["serve", "--max-runs", "0"][..],
        &["serve", "--max-concurrent", "0"],
        &["serve", "--max-queued", "-1"],
        &["serve", "--max-queued", "1001"],
        &["serve", "--bind", "nowhere"],
        &["serve", "--port", "70000"],
    ] {
        let status = Command::new(env!("CARGO_BIN_EXE_lpo-sim"))
            .args(args)
            .stderr(Stdio::null())
            .status()
            .expect("run lpo-sim");
        assert_eq!(status.code(), Some(2), "{args:?}");
    }
}

#[cfg(unix)]
#[test]
fn serves_the_form_and_stops_on_ctrl_c() {
    let data = tempfile::tempdir().expect("a data folder");
    let (mut child, line, addr) = start_serve(
        &[
            &"--port",
            &"0",
            &"--max-runs",
            &"2000000",
            &"--data",
            &data.path(),
        ],
        Stdio::piped(),
    );
    assert!(line.contains("at most 2000000 runs"), "{line}");
    assert!(line.contains("8 waiting"), "{line}");
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");

    let reply = http(
        &addr,
        "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    );
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    assert!(reply.contains("name=\"savings\""));

    // A long study runs in the background (the request is answered at once) ...
    let reply = post_form(&addr, "/study", "runs=2000000&seed=1");
    assert!(reply.starts_with("HTTP/1.1 303"), "{reply}");
    std::thread::sleep(Duration::from_millis(300));

    sigint(&child);
    let status = wait_for_exit(
        &mut child,
        Duration::from_secs(10),
        "still running after Ctrl-C",
    );
    // ... and Ctrl-C abandons it: the server stops in seconds, not after 2,000,000 firms.
    assert_eq!(status.code(), Some(0));
    let stderr = read_all(child.stderr.take());
    assert!(stderr.contains("stopping the server"), "{stderr}");
}

/// Sends `request` (a whole HTTP/1.1 request) to `addr`; the reply's head and body.
fn http(addr: &str, request: &str) -> String {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.write_all(request.as_bytes()).expect("send");
    let mut reply = String::new();
    stream.read_to_string(&mut reply).expect("read");
    reply
}

fn post_form(addr: &str, path: &str, form: &str) -> String {
    http(
        addr,
        &format!(
            "POST {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{form}",
            form.len()
        ),
    )
}

fn location(reply: &str) -> String {
    assert!(reply.starts_with("HTTP/1.1 303"), "{reply}");
    reply
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("location")
                .then(|| value.trim().to_owned())
        })
        .expect("a Location")
}

/// A game played in the browser is stored in the data folder as `lpo-sim play` stores it:
/// `replay-game` replays it bit for bit, and the same moves typed into `lpo-sim play` save
/// the same bytes.
#[cfg(unix)]
#[test]
fn a_game_played_in_the_browser_replays_with_replay_game() {
    let data = tempfile::tempdir().expect("a data folder");
    let (mut child, line, addr) = start_serve(
        &[&"--port", &"0", &"--firms", &"50", &"--data", &data.path()],
        Stdio::null(),
    );
    assert!(line.contains("games in "), "{line}");
    let game = location(&post_form(
        &addr,
        "/play",
        "seed=9&period=quarter&periods=8",
    ));
    let moves = [
        "month=0&rigor=4",
        "month=3&rigor=4&pay=1.2",
        "month=6&rigor=4&pay=1.2",
    ];
    for form in moves {
        assert_eq!(location(&post_form(&addr, &game, form)), game);
    }
    sigint(&child);
    let _ = child.wait();

    let id = game.trim_start_matches("/play/");
    let file = data.path().join("games").join(format!("{id}.json"));
    let replay = Command::new(env!("CARGO_BIN_EXE_lpo-sim"))
        .args(["replay-game", "--firms", "50"])
        .arg(&file)
        .output()
        .expect("run replay-game");
    let stdout = String::from_utf8_lossy(&replay.stdout);
    assert!(replay.status.success(), "{stdout}");
    assert!(stdout.contains("9 of 24 months played"), "{stdout}");
    assert!(
        stdout.contains("From month 1, your choices: rigor 4."),
        "{stdout}"
    );
    assert!(
        stdout.contains("From month 4, your choices: rigor 4, pay 1.2."),
        "{stdout}"
    );
    assert!(
        stdout.contains("Re-ran 9 months from month 0 with the saved moves: the same outcome as saved, bit for bit."),
        "{stdout}"
    );

    let save = data.path().join("terminal.json");
    let mut play = Command::new(env!("CARGO_BIN_EXE_lpo-sim"))
        .args([
            "play",
            "--ai",
            "none",
            "--set",
            "horizon_months=24",
            "--seed",
            "9",
            "--firms",
            "50",
            "--save",
        ])
        .arg(&save)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("run lpo-sim play");
    play.stdin
        .take()
        .expect("stdin")
        .write_all(b"rigor 4\nnext\npay 1.2\nnext\nnext\nquit\n")
        .expect("the commands");
    assert!(play.wait().expect("lpo-sim play").success());
    assert_eq!(
        std::fs::read_to_string(&save).expect("the terminal's file"),
        std::fs::read_to_string(&file).expect("the browser's file"),
    );
}

/// The shipped calibration ensemble.
fn shipped_ensemble() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../calibration/ensemble.json")
}

#[test]
fn a_bad_ensemble_file_stops_the_server_before_it_starts() {
    let dir = tempfile::tempdir().expect("a folder");
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"not\": \"a calibration\"}").expect("write");
    for file in [dir.path().join("missing.json"), broken] {
        let output = Command::new(env!("CARGO_BIN_EXE_lpo-sim"))
            .args(["serve", "--port", "0", "--data"])
            .arg(dir.path().join("data"))
            .arg("--ensemble")
            .arg(&file)
            .output()
            .expect("run lpo-sim serve");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{file:?}: {stderr}");
        assert!(stderr.contains("--ensemble"), "{stderr}");
        assert!(output.stdout.is_empty(), "it must not have served");
    }
}

/// The section of `html` that starts with `<section id="worlds">`, to its end.
fn worlds_section(html: &str) -> &str {
    let start = html
        .find("<section id=\"worlds\">")
        .unwrap_or_else(|| panic!("no worlds section in {html}"));
    let end = html[start..].find("</section>").expect("its end") + start;
    &html[start..end]
}

/// A study across plausible worlds in the browser shows the same spread, drawn by the same
/// renderer, as `lpo-sim mc --ensemble FILE --report` with the same seed and runs.
#[cfg(unix)]
#[test]
fn a_study_across_plausible_worlds_matches_mc_ensemble() {
    let data = tempfile::tempdir().expect("a data folder");
    let (mut child, line, addr) = start_serve(
        &[
            &"--port",
            &"0",
            &"--ensemble",
            &shipped_ensemble(),
            &"--data",
            &data.path(),
        ],
        Stdio::null(),
    );
    let members = lpo_sim_core::calibration::CalibrationFile::from_path(&shipped_ensemble())
        .expect("the shipped ensemble reads")
        .members()
        .count();
    assert!(
        line.contains(&format!("studies across the {members} plausible worlds")),
        "{line}"
    );
    let page = location(&post_form(
        &addr,
        "/study",
        "strategy=rule-based&runs=70&seed=7&worlds=yes",
    ));
    let start = Instant::now();
    let html = loop {
        let reply = http(
            &addr,
            &format!(
                "GET {page}/report.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
            ),
        );
        if reply.starts_with("HTTP/1.1 200") {
            break reply;
        }
        assert!(reply.starts_with("HTTP/1.1 409"), "{reply}");
        assert!(start.elapsed() < Duration::from_secs(300), "not done");
        std::thread::sleep(Duration::from_millis(100));
    };
    sigint(&child);
    let _ = child.wait();

    let report = data.path().join("mc.html");
    let mc = Command::new(env!("CARGO_BIN_EXE_lpo-sim"))
        .args([
            "mc",
            "--strategy",
            "rule-based",
            "--runs",
            "70",
            "--seed",
            "7",
        ])
        .arg("--ensemble")
        .arg(shipped_ensemble())
        .arg("--report")
        .arg(&report)
        .output()
        .expect("run lpo-sim mc");
    assert!(
        mc.status.success(),
        "{}",
        String::from_utf8_lossy(&mc.stderr)
    );
    let expected = std::fs::read_to_string(&report).expect("the mc report");
    assert!(
        worlds_section(&html).contains(&format!("one of the {members} plausible parameter sets"))
    );
    assert_eq!(worlds_section(&html), worlds_section(&expected));
}
