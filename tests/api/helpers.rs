//! Spawns the real application (real SQLite, real Oxigraph) on a random port and talks HTTP to it.

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
}

/// Start the server with the default configuration plus `adjust`.
pub fn spawn_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind port 0");
    let port = listener.local_addr().expect("local addr").port();
    let base = format!("http://127.0.0.1:{port}");
    let mut config = Config { base_url: base.clone(), pool_size: 4, ..Config::default() };
    adjust(&mut config);
    let state = tiltak::startup::build_state(config).expect("state builds from the shipped fixtures");
    let kept = state.clone();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let server = tiltak::startup::run(listener, state).expect("server starts");
            let _ = server.await;
        })
    });
    let app = TestApp { base, state: Some(kept) };
    let started = Instant::now();
    loop {
        if app.get("/health").status == 200 {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "server did not become ready");
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

fn collect(mut r: ureq::http::Response<ureq::Body>) -> Resp {
    let status = r.status().as_u16();
    let headers = r.headers().iter().map(|(k, v)| (k.as_str().to_ascii_lowercase(), v.to_str().unwrap_or("").to_string())).collect();
    let body = r.body_mut().with_config().limit(512 * 1024 * 1024).read_to_vec().unwrap_or_default();
    Resp { status, headers, body }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{}{}", self.base, path)
        }
    }
    pub fn get(&self, path: &str) -> Resp {
        self.get_with(path, &[])
    }
    pub fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Resp {
        let mut req = agent().get(&self.url(path));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        collect(req.call().unwrap_or_else(|e| panic!("GET {path}: {e}")))
    }
    pub fn post(&self, path: &str, content_type: &str, body: &[u8], headers: &[(&str, &str)]) -> Resp {
        let mut req = agent().post(&self.url(path));
        if !content_type.is_empty() {
            req = req.header("Content-Type", content_type);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        collect(req.send(body).unwrap_or_else(|e| panic!("POST {path}: {e}")))
    }
    pub fn request(&self, method: &str, path: &str) -> Resp {
        let req = ureq::http::Request::builder().method(method).uri(self.url(path)).body(()).expect("request");
        collect(agent().run(req).unwrap_or_else(|e| panic!("{method} {path}: {e}")))
    }
    pub fn json(&self, path: &str) -> serde_json::Value {
        let r = self.get(path);
        assert_eq!(r.status, 200, "GET {path}: {}", r.text());
        r.json()
    }
}

/// Rows of a shipped fixture file (header excluded), as maps.
pub fn fixture_rows(file: &str) -> Vec<HashMap<String, String>> {
    let path = format!("{}/fixtures/{file}", env!("CARGO_MANIFEST_DIR"));
    let mut r = csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let headers = r.headers().expect("header").clone();
    r.records()
        .map(|rec| {
            let rec = rec.expect("record");
            headers.iter().zip(rec.iter()).map(|(h, v)| (h.to_string(), v.to_string())).collect()
        })
        .collect()
}

/// Follow `next` links from `path` and return every item.
pub fn walk(app: &TestApp, path: &str) -> Vec<serde_json::Value> {
    let mut items = Vec::new();
    let mut url = app.url(path);
    let mut pages = 0;
    loop {
        let r = app.get(&url);
        assert_eq!(r.status, 200, "GET {url}: {}", r.text());
        let body = r.json();
        items.extend(body["items"].as_array().expect("items").iter().cloned());
        pages += 1;
        assert!(pages < 100_000, "too many pages");
        match body["next"].as_str() {
            Some(next) => {
                let link = r.header("link").expect("Link header with a next page");
                assert!(link.contains(next) && link.contains("rel=\"next\""), "Link header {link} names {next}");
                url = next.to_string();
            }
            None => break,
        }
    }
    items
}
