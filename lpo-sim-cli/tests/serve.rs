//! `lpo-sim serve`: starts, answers, and stops cleanly on Ctrl-C (SIGINT).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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
    let mut child = Command::new(env!("CARGO_BIN_EXE_lpo-sim"))
        .args(["serve", "--port", "0", "--max-runs", "2000000", "--data"])
        .arg(data.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start lpo-sim serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("the address line");
    assert!(line.contains("at most 2000000 runs"), "{line}");
    assert!(line.contains("8 waiting"), "{line}");
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .expect("an address")
        .to_owned();
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");

    let mut stream = TcpStream::connect(&addr).expect("connect");
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .expect("send");
    let mut reply = String::new();
    stream.read_to_string(&mut reply).expect("read");
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    assert!(reply.contains("name=\"savings\""));

    // A long study runs in the background (the request is answered at once) ...
    let form = "runs=2000000&seed=1";
    let mut stream = TcpStream::connect(&addr).expect("connect");
    stream
        .write_all(
            format!(
                "POST /study HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
                 Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n\
                 {form}",
                form.len()
            )
            .as_bytes(),
        )
        .expect("send");
    let mut reply = String::new();
    stream.read_to_string(&mut reply).expect("read");
    assert!(reply.starts_with("HTTP/1.1 303"), "{reply}");
    std::thread::sleep(Duration::from_millis(300));

    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill -INT");
    assert!(killed.success());
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "still running after Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    // ... and Ctrl-C abandons it: the server stops in seconds, not after 2,000,000 firms.
    assert_eq!(status.code(), Some(0));
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("stderr");
    assert!(stderr.contains("stopping the server"), "{stderr}");
}
