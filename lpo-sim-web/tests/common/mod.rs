//! Helpers shared by the tests that drive the server over real HTTP: starting a server on an
//! ephemeral port, and sending it raw HTTP/1.1 requests. Each test binary uses a subset.

#![allow(dead_code)]

use lpo_sim_web::{Limits, PlausibleWorlds, serve_with};
use std::future::Future;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::thread::JoinHandle;

/// A data folder for a test server, in the OS's temporary folder, kept for the rest of the
/// test run (a server may outlive any test).
pub fn data_dir() -> &'static Path {
    let dir: &'static tempfile::TempDir = Box::leak(Box::new(
        tempfile::tempdir().expect("a temporary data folder"),
    ));
    dir.path()
}

/// Serves on an ephemeral port of 127.0.0.1 with `limits`, games and classes in `data`, and
/// `plausible`'s worlds if any, on a runtime of `workers` threads in a thread of its own,
/// until `shutdown` completes (`std::future::pending()`: for the rest of the test run);
/// returns the address and that thread. The port is bound before this returns, so requests
/// may be sent at once. The one way the tests start a server, so that they all serve the
/// app alike and a change to how it starts is made once.
pub fn start_server(
    limits: Limits,
    data: &'static Path,
    plausible: Option<PlausibleWorlds>,
    workers: usize,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> (SocketAddr, JoinHandle<()>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind port 0");
    listener.set_nonblocking(true).expect("non-blocking");
    let addr = listener.local_addr().expect("local address");
    let thread = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(workers)
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            serve_with(listener, limits, data, plausible, shutdown)
                .await
                .expect("serve");
        });
    });
    (addr, thread)
}

/// A reply: its status code, its head (status line and headers) and its body (dechunked).
pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Reply {
    /// The `Location` of a redirect.
    pub fn location(&self) -> String {
        self.head
            .lines()
            .find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.eq_ignore_ascii_case("location")
                    .then(|| value.trim().to_owned())
            })
            .unwrap_or_else(|| panic!("a Location header: {}", self.head))
    }
}

/// Sends `raw` (a whole HTTP/1.1 request) to `addr` and reads the reply to the end.
pub fn send_to(addr: SocketAddr, raw: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.write_all(raw).expect("send");
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).expect("read");
    let text = String::from_utf8(bytes).expect("UTF-8 reply");
    let (head, body) = text.split_once("\r\n\r\n").expect("a head and a body");
    let status = head[9..12].parse().expect("status code");
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_owned()
    };
    Reply {
        status,
        head: head.to_owned(),
        body,
    }
}

/// The body of a chunked reply, its chunks joined.
fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    loop {
        let (size, rest) = body.split_once("\r\n").expect("chunk size");
        let size = usize::from_str_radix(size.trim(), 16).expect("hex chunk size");
        if size == 0 {
            return out;
        }
        out.push_str(&rest[..size]);
        body = &rest[size + 2..];
    }
}

/// GETs `path` from `addr`.
pub fn get_from(addr: SocketAddr, path: &str) -> Reply {
    send_to(
        addr,
        format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

/// POSTs `form` (URL-encoded) to `path` at `addr`.
pub fn post_to(addr: SocketAddr, path: &str, form: &str) -> Reply {
    send_to(
        addr,
        format!(
            "POST {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{form}",
            form.len()
        )
        .as_bytes(),
    )
}

/// POSTs `form` to `path` at `addr`, expects a redirect (303), and returns where to.
pub fn redirected_from(addr: SocketAddr, path: &str, form: &str) -> String {
    let reply = post_to(addr, path, form);
    assert_eq!(reply.status, 303, "{path} {form}: {}", reply.body);
    reply.location()
}
