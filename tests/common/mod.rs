//! Shared by the integration suites: spawn the real application (real SQLite, real Oxigraph) on a
//! random port, and talk HTTP to it. `#[path]`-included by `tests/api/main.rs` and declared as
//! `mod common` by `tests/w3c_protocol.rs`; not every suite uses every helper.
#![allow(dead_code)]

use std::collections::HashMap;
use std::net::TcpListener;
use std::time::{Duration, Instant};
use tiltak::config::Config;

pub struct TestApp {
    pub base: String,
    pub state: Option<actix_web::web::Data<tiltak::state::AppState>>,
}

pub struct Resp {
    pub status: u16,
    pub headers: HashMap<String, String>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(&name.to_ascii_lowercase()).map(String::as_str)
    }
    pub fn content_type(&self) -> &str {
        self.header("content-type").unwrap_or("")
    }
    /// The media type of Content-Type, lower case, without parameters.
    pub fn media_type(&self) -> String {
        self.content_type().split(';').next().unwrap_or("").trim().to_ascii_lowercase()
    }
    /// Status, Content-Type and the start of the body on one line, for failure messages.
    pub fn snippet(&self) -> String {
        let one_line: String = self.text().split_whitespace().collect::<Vec<_>>().join(" ");
        let cut: String = one_line.chars().take(160).collect();
        format!("{} {} \"{}\"", self.status, self.content_type(), cut)
    }
}

/// Start the server with the default configuration plus `adjust`.
pub fn spawn_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind port 0");
    let port = listener.local_addr().expect("local addr").port();
    let base = format!("http://127.0.0.1:{port}");
    // SPARQL workers are `tiltak sparql-worker`; this process is the test harness, not `tiltak`.
    let worker = std::path::PathBuf::from(env!("CARGO_BIN_EXE_tiltak"));
    let mut config = Config {
        base_url: base.clone(),
        pool_size: 4,
        sparql_worker_exe: Some(worker),
        sparql_workers_at_start: Some(1),
        ..Config::default()
    };
    adjust(&mut config);
    let state = tiltak::startup::build_state(config).expect("state builds from the fixtures");
    let kept = state.clone();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let server = tiltak::startup::run(listener, state).expect("server starts");
            let _ = server.await;
        })
    });
    let app = TestApp { base, state: Some(kept) };
    let started = Instant::now();
    // Readiness poll: the listener is bound already, so this only waits for the first worker.
    while app.send("GET", "/health", &[], None).map(|r| r.status) != Ok(200) {
        assert!(started.elapsed() < Duration::from_secs(60), "server did not become ready");
        std::thread::sleep(Duration::from_millis(20));
    }
    app
}

pub fn spawn() -> TestApp {
    spawn_with(|_| {})
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).timeout_global(Some(Duration::from_secs(60))).build().new_agent()
}

fn collect(mut r: ureq::http::Response<ureq::Body>) -> Result<Resp, ureq::Error> {
    let status = r.status().as_u16();
    let headers = r.headers().iter().map(|(k, v)| (k.as_str().to_ascii_lowercase(), v.to_str().unwrap_or("").to_string())).collect();
    let body = r.body_mut().with_config().limit(512 * 1024 * 1024).read_to_vec()?;
    Ok(Resp { status, headers, body })
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{}{}", self.base, path)
        }
    }
    /// Any method, headers and optional body; transport errors are returned, not panicked on
    /// (the W3C harness reports them as test failures).
    pub fn send(&self, method: &str, path: &str, headers: &[(&str, &str)], body: Option<&[u8]>) -> Result<Resp, String> {
        let url = self.url(path);
        let mut builder = ureq::http::Request::builder().method(method).uri(&url);
        for (k, v) in headers {
            builder = builder.header(*k, *v);
        }
        let result = match body {
            Some(bytes) => agent().run(builder.body(bytes.to_vec()).map_err(|e| e.to_string())?),
            None => agent().run(builder.body(()).map_err(|e| e.to_string())?),
        };
        result.and_then(collect).map_err(|e| format!("{method} {url}: {e}"))
    }
    pub fn get(&self, path: &str) -> Resp {
        self.get_with(path, &[])
    }
    pub fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Resp {
        self.send("GET", path, headers, None).unwrap_or_else(|e| panic!("{e}"))
    }
    pub fn post(&self, path: &str, content_type: &str, body: &[u8], headers: &[(&str, &str)]) -> Resp {
        let mut all: Vec<(&str, &str)> = headers.to_vec();
        if !content_type.is_empty() {
            all.push(("Content-Type", content_type));
        }
        self.send("POST", path, &all, Some(body)).unwrap_or_else(|e| panic!("{e}"))
    }
    pub fn request(&self, method: &str, path: &str) -> Resp {
        self.send(method, path, &[], None).unwrap_or_else(|e| panic!("{e}"))
    }
    pub fn json(&self, path: &str) -> serde_json::Value {
        let r = self.get(path);
        assert_eq!(r.status, 200, "GET {path}: {}", r.text());
        r.json()
    }
}
