//! Issue 14: a public endpoint under hostile input: size limits, rate limits, security headers,
//! request ids, the admin reload switch. Everything over real HTTP against the real server.

use crate::helpers::{spawn, spawn_with};

fn assert_problem(r: &crate::helpers::Resp, status: u16) -> serde_json::Value {
    assert_eq!(r.status, status, "{}", r.text());
    assert!(r.content_type().starts_with("application/problem+json"), "content type {}", r.content_type());
    let body = r.json();
    assert_eq!(body["status"], status);
    assert!(body["detail"].as_str().is_some_and(|d| !d.is_empty()));
    body
}

/// One raw HTTP/1.1 exchange (ureq refuses very long URLs itself): the request `head` (request
/// line and headers, without the blank line that ends it), then the status and the whole answer.
fn raw_exchange(app: &crate::helpers::TestApp, head: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let addr = app.base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(std::time::Duration::from_secs(30))).expect("timeout");
    // The server may answer and close before reading everything; a failed write is then expected.
    let _ = stream.write_all(format!("{head}\r\n").as_bytes());
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, text)
}

/// A raw GET of `target` with `extra_headers` (each ending in CRLF), closing after the answer.
fn raw_get(app: &crate::helpers::TestApp, target: &str, extra_headers: &str) -> (u16, String) {
    let addr = app.base.trim_start_matches("http://");
    raw_exchange(app, &format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\n{extra_headers}Connection: close\r\n"))
}

/// The status line, headers and body of a raw answer are those of a problem document.
fn assert_problem_text(answer: &str, status: u16, expected: u16, slug: &str) {
    let cut = &answer[..answer.len().min(600)];
    assert_eq!(status, expected, "{cut}");
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((answer, ""));
    assert!(head.to_ascii_lowercase().contains("content-type: application/problem+json"), "{cut}");
    assert!(head.to_ascii_lowercase().contains("x-request-id:"), "the usual headers: {cut}");
    let problem: serde_json::Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {cut}"));
    assert_eq!(problem["status"], expected);
    assert_eq!(problem["type"], format!("urn:tiltak:problem:{slug}"));
}

/// One raw exchange with another method (the answer to HEAD has no body).
fn raw_head_or_post(app: &crate::helpers::TestApp, method: &str, target: &str) -> (u16, String) {
    let addr = app.base.trim_start_matches("http://");
    raw_exchange(app, &format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 0\r\n"))
}

/// Read one answer (head and a `Content-Length` body) from a kept-alive connection.
fn read_one_answer(stream: &mut std::net::TcpStream) -> (u16, String, String) {
    use std::io::Read;
    let mut data = Vec::new();
    let mut byte = [0u8; 1];
    while !data.ends_with(b"\r\n\r\n") {
        assert!(stream.read(&mut byte).expect("read head") == 1, "connection closed mid-head: {}", String::from_utf8_lossy(&data));
        data.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&data).into_owned();
    let length = head
        .lines()
        .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap_or(0)))
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).expect("read body");
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, head, String::from_utf8_lossy(&body).into_owned())
}

#[test]
fn a_long_url_on_a_kept_alive_or_pipelined_connection_gets_414_after_the_earlier_answers() {
    use std::io::{Read, Write};
    let app = spawn();
    let addr = app.base.trim_start_matches("http://").to_string();
    let long = format!("/api/v1/initiatives?q={}", "a".repeat(100 * 1024));
    // Keep-alive: a normal request, its answer, then a long one on the same connection.
    let mut stream = std::net::TcpStream::connect(&addr).expect("connect");
    stream.set_read_timeout(Some(std::time::Duration::from_secs(30))).expect("timeout");
    stream.write_all(format!("GET /health HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes()).expect("write");
    let (status, head, _) = read_one_answer(&mut stream);
    assert_eq!(status, 200, "{head}");
    assert!(!head.to_ascii_lowercase().contains("connection: close"), "kept alive: {head}");
    stream.write_all(format!("GET {long} HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes()).expect("write");
    let mut rest = Vec::new();
    let _ = stream.read_to_end(&mut rest);
    let answer = String::from_utf8_lossy(&rest).into_owned();
    let status = answer.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    assert_problem_text(&answer, status, 414, "uri-too-long");
    // Pipelined: a normal request, a POST with a body, a long one and a normal one in one write;
    // the first two are answered in order, then the 414, and the connection closes.
    let mut stream = std::net::TcpStream::connect(&addr).expect("connect");
    stream.set_read_timeout(Some(std::time::Duration::from_secs(30))).expect("timeout");
    let query = "ASK { ?s ?p ?o }";
    let pipelined = format!(
        "GET /health HTTP/1.1\r\nHost: {addr}\r\n\r\nPOST /sparql HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/sparql-query\r\nAccept: application/sparql-results+json\r\nContent-Length: {}\r\n\r\n{query}GET {long} HTTP/1.1\r\nHost: {addr}\r\n\r\nGET /health HTTP/1.1\r\nHost: {addr}\r\n\r\n",
        query.len()
    );
    stream.write_all(pipelined.as_bytes()).expect("write");
    assert_eq!(read_one_answer(&mut stream).0, 200);
    let (status, _, body) = read_one_answer(&mut stream);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"boolean\""), "{body}");
    let (status, head, body) = read_one_answer(&mut stream);
    assert_problem_text(&format!("{head}{body}"), status, 414, "uri-too-long");
    let mut rest = Vec::new();
    let _ = stream.read_to_end(&mut rest);
    assert!(rest.is_empty(), "nothing after the 414: {}", String::from_utf8_lossy(&rest));
}

#[test]
fn an_overlong_url_is_414_problem_json_and_a_normal_one_is_fine() {
    let app = spawn_with(|c| c.limits.max_url_bytes = 4096);
    let (status, answer) = raw_get(&app, &format!("/api/v1/initiatives?q={}", "a".repeat(60_000)), "");
    assert_eq!(status, 414, "{}", &answer[..answer.len().min(400)]);
    assert!(answer.contains("application/problem+json") && answer.contains("urn:tiltak:problem:uri-too-long"));
    // Past 64 KiB the URI parser (http crate) and past 128 KiB actix's head buffer would refuse it
    // with bare answers; the connection guard cuts it short first, so the answer is the same.
    for size in [70 * 1024, 100 * 1024, 200 * 1024, 1024 * 1024] {
        let (status, answer) = raw_get(&app, &format!("/health?{}", "a".repeat(size)), "");
        assert_problem_text(&answer, status, 414, "uri-too-long");
        let (status, answer) = raw_head_or_post(&app, "POST", &format!("/sparql?query={}", "a".repeat(size)));
        assert_problem_text(&answer, status, 414, "uri-too-long");
    }
    let just_under = format!("/api/v1/initiatives?q={}", "a".repeat(4000));
    assert_eq!(app.get(&just_under).status, 200);
}

#[test]
fn oversized_headers_are_431_problem_json() {
    let app = spawn_with(|c| c.limits.max_header_bytes = 8 * 1024);
    let big = "b".repeat(20 * 1024);
    let body = assert_problem(&app.get_with("/health", &[("X-Padding", &big)]), 431);
    assert_eq!(body["type"], "urn:tiltak:problem:headers-too-large");
    // Past actix's own head limits (128 KiB, 96 lines) too: the guard answers with the problem document.
    for size in [100 * 1024, 200 * 1024, 1024 * 1024] {
        let (status, answer) = raw_get(&app, "/health", &format!("X-Padding: {}\r\n", "c".repeat(size)));
        assert_problem_text(&answer, status, 431, "headers-too-large");
    }
    let (status, answer) = raw_get(&app, "/health", &"X-A: b\r\n".repeat(150));
    assert_problem_text(&answer, status, 431, "headers-too-large");
    let (status, answer) = raw_get(&app, "/health", &"X-A: bbbbbbbbbbbbbbbb\r\n".repeat(5000));
    assert_problem_text(&answer, status, 431, "headers-too-large");
    assert_eq!(app.get_with("/health", &[("X-Padding", "small")]).status, 200);
}

#[test]
fn a_body_over_the_limit_is_refused_with_413() {
    let app = spawn_with(|c| c.limits.max_body_bytes = 2048);
    let query = format!("SELECT * WHERE {{ ?s ?p ?o }} # {}", "x".repeat(10_000));
    let r = app.post("/sparql", "application/sparql-query", query.as_bytes(), &[]);
    assert_eq!(r.status, 413, "{}", r.text());
    let small = app.post("/sparql", "application/sparql-query", b"ASK { ?s ?p ?o }", &[("Accept", "application/sparql-results+json")]);
    assert_eq!(small.status, 200, "{}", small.text());
}

#[test]
fn every_answer_carries_security_headers_and_no_server_banner() {
    let app = spawn();
    for path in ["/health", "/api/v1/initiatives?limit=1", "/api/v1/nope", "/sparql?query=ASK%7B%7D", "/catalog"] {
        let r = app.get(path);
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"), "{path}");
        assert_eq!(r.header("referrer-policy"), Some("no-referrer"), "{path}");
        assert_eq!(r.header("x-frame-options"), Some("DENY"), "{path}");
        assert!(r.header("server").is_none(), "{path} names the server: {:?}", r.header("server"));
    }
    // Pages for people keep the policy their view chose (scripts only from this origin); the
    // front door adds what they lack, on pages and error pages alike.
    for path in ["/catalog", "/data/initiatives", "/sparql", "/no/such/page"] {
        let html = app.get_with(path, &[("Accept", "text/html")]);
        assert!(html.content_type().starts_with("text/html"), "{path}: {}", html.content_type());
        let csp = html.header("content-security-policy").unwrap_or_else(|| panic!("CSP on {path}"));
        assert!(
            csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-eval"),
            "{path}: {csp}"
        );
        assert_eq!(html.header("x-content-type-options"), Some("nosniff"), "{path}");
        assert_eq!(html.header("referrer-policy"), Some("same-origin"), "{path}");
        assert!(html.header("x-request-id").is_some() && html.header("server").is_none(), "{path}");
    }
    let docs = app.get("/docs/");
    assert!(docs.header("content-security-policy").is_some_and(|c| c.contains("default-src 'self'")));
    assert!(app.get("/health").header("content-security-policy").is_none(), "CSP is for HTML");
}

#[test]
fn request_ids_are_echoed_when_plain_and_made_up_otherwise() {
    let app = spawn();
    let r = app.get_with("/health", &[("X-Request-Id", "trace-42.a_b")]);
    assert_eq!(r.header("x-request-id"), Some("trace-42.a_b"));
    let hostile = app.get_with("/health", &[("X-Request-Id", "<script>alert(1)</script>")]);
    let id = hostile.header("x-request-id").expect("an id");
    assert!(id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
    let a = app.get("/health").header("x-request-id").map(String::from);
    let b = app.get("/health").header("x-request-id").map(String::from);
    assert!(a.is_some() && a != b, "fresh ids differ: {a:?} {b:?}");
}

#[test]
fn expensive_requests_are_rate_limited_per_client_with_retry_after() {
    let app = spawn_with(|c| {
        c.limits.expensive_per_second = 1;
        c.limits.expensive_burst = 3;
    });
    // Cheap requests never count.
    for _ in 0..20 {
        assert_eq!(app.get("/api/v1/initiatives?limit=5").status, 200);
    }
    let expensive = [
        "/api/v1/initiatives?q=data",
        "/sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D",
        "/api/v1/initiatives?format=csv",
        "/api/v1/focus-areas?q=deling",
        "/api/v1/initiatives?q=tjenester",
    ];
    let statuses: Vec<u16> = expensive.iter().map(|p| app.get(p).status).collect();
    assert_eq!(&statuses[..3], &[200, 200, 200], "the burst is allowed: {statuses:?}");
    assert!(statuses[3..].iter().all(|s| *s == 429), "{statuses:?}");
    let r = app.get("/api/v1/initiatives?q=x");
    let body = assert_problem(&r, 429);
    assert_eq!(body["type"], "urn:tiltak:problem:too-many-requests");
    let wait: u64 = r.header("retry-after").and_then(|v| v.parse().ok()).expect("Retry-After in seconds");
    assert!((1..=5).contains(&wait), "{wait}");
    // Cache bypass counts as expensive, a cached page does not.
    assert_eq!(app.get_with("/api/v1/initiatives?limit=5", &[("Cache-Control", "no-cache")]).status, 429);
    assert_eq!(app.get("/api/v1/initiatives?limit=5").status, 200);
    assert_eq!(app.get("/health").status, 200);
}

#[test]
fn rate_limit_zero_means_no_limit() {
    let app = spawn_with(|c| c.limits.expensive_per_second = 0);
    for _ in 0..30 {
        assert_eq!(app.get("/api/v1/initiatives?q=data").status, 200);
    }
}

#[test]
fn admin_reload_is_off_without_a_token_and_needs_the_exact_bearer_token() {
    // Without a token the resource does not exist: 404 whatever the method, like any unknown path.
    let off = spawn();
    assert_problem(&off.post("/admin/reload", "", b"", &[("Authorization", "Bearer anything")]), 404);
    for method in ["GET", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        let r = off.request(method, "/admin/reload");
        assert_eq!(r.status, 404, "{method} without a token");
        assert!(r.header("allow").is_none(), "{method}: a missing resource names no methods");
    }
    let app = spawn_with(|c| c.limits.admin_token = Some("correct-horse".into()));
    // With a token it exists and answers POST only.
    for method in ["GET", "PUT", "DELETE"] {
        let r = app.request(method, "/admin/reload");
        assert_problem(&r, 405);
        assert_eq!(r.header("allow"), Some("POST"), "{method}");
    }
    assert_problem(&app.post("/admin/reload", "", b"", &[]), 401);
    assert_problem(&app.post("/admin/reload", "", b"", &[("Authorization", "Bearer correct-hors")]), 401);
    assert_problem(&app.post("/admin/reload", "", b"", &[("Authorization", "Bearer correct-horse!")]), 401);
    assert_problem(&app.post("/admin/reload", "", b"", &[("Authorization", "Basic correct-horse")]), 401);
    let ok = app.post("/admin/reload", "", b"", &[("Authorization", "Bearer correct-horse")]);
    assert_eq!(ok.status, 200, "{}", ok.text());
    let version = app.json("/health")["data_version"].clone();
    assert_eq!(ok.json()["data_version"], version);
}

#[test]
fn a_client_that_never_finishes_its_request_is_timed_out_and_others_are_served() {
    use std::io::{Read, Write};
    let app = spawn_with(|c| c.limits.client_request_timeout = std::time::Duration::from_millis(500));
    let addr = app.base.trim_start_matches("http://").to_string();
    let mut slow = std::net::TcpStream::connect(&addr).expect("connect");
    // Safety net only: the server is expected to end the exchange long before this.
    slow.set_read_timeout(Some(std::time::Duration::from_secs(60))).expect("timeout");
    slow.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ").expect("partial head");
    assert_eq!(app.get("/health").status, 200, "others are served meanwhile");
    let mut answer = Vec::new();
    let read = slow.read_to_end(&mut answer);
    assert!(read.is_ok(), "the server closed the stalled connection: {read:?}");
    let text = String::from_utf8_lossy(&answer);
    assert!(text.is_empty() || text.starts_with("HTTP/1.1 408"), "{text}");
}

/// Send a POST head announcing `announced` bytes, then `pieces` of the body with `gap` between
/// them; read the whole answer (the server is expected to answer and close on its own).
fn slow_post(
    app: &crate::helpers::TestApp,
    announced: u64,
    pieces: &[&[u8]],
    gap: std::time::Duration,
) -> (u16, String, std::time::Duration) {
    use std::io::{Read, Write};
    let addr = app.base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(std::time::Duration::from_secs(60))).expect("timeout");
    let started = std::time::Instant::now();
    let head = format!(
        "POST /sparql HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/sparql-query\r\nAccept: application/sparql-results+json\r\nContent-Length: {announced}\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).expect("head");
    for piece in pieces {
        std::thread::sleep(gap);
        if stream.write_all(piece).is_err() {
            break; // the server answered and closed already
        }
    }
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, text, started.elapsed())
}

#[test]
fn a_stalled_request_body_gets_408_problem_json_and_others_are_served() {
    let app = spawn_with(|c| {
        c.limits.body_idle_timeout = std::time::Duration::from_millis(800);
        c.limits.request_deadline = std::time::Duration::from_secs(3);
    });
    // 6 bytes of a 1000-byte body, then nothing: 408 after the idle timeout, connection closed.
    let (status, answer, took) = slow_post(&app, 1000, &[b"ASK {}"], std::time::Duration::ZERO);
    assert_eq!(status, 408, "{answer}");
    assert!(answer.contains("application/problem+json") && answer.contains("urn:tiltak:problem:request-timeout"), "{answer}");
    assert!(took < std::time::Duration::from_secs(30), "answered after {took:?}");
    // A body that trickles in (one byte per 0.3 s, never idle for long) meets the total deadline.
    let trickle: Vec<&[u8]> = std::iter::repeat_n(&b" "[..], 40).collect();
    let (status, answer, _) = slow_post(&app, 40 + 6, &trickle, std::time::Duration::from_millis(300));
    assert_eq!(status, 408, "{answer}");
    // A body that arrives in time is fine, and others were served all along.
    let (status, answer, _) = slow_post(&app, 6, &[b"ASK {}"], std::time::Duration::from_millis(100));
    assert_eq!(status, 200, "{answer}");
    assert_eq!(app.get("/api/v1/initiatives?limit=1").status, 200);
}

#[test]
fn a_body_announced_past_the_limit_is_refused_before_it_is_read() {
    let app = spawn();
    // 1 GiB announced, 6 bytes sent: 413 at once, nothing buffered, the connection closed.
    let (status, answer, took) = slow_post(&app, 1 << 30, &[b"ASK {}"], std::time::Duration::ZERO);
    assert_eq!(status, 413, "{answer}");
    assert!(answer.contains("urn:tiltak:problem:payload-too-large"), "{answer}");
    assert!(took < std::time::Duration::from_secs(30), "answered after {took:?}");
}

/// A GET from the loopback address `from` (127.0.0.x) with extra header lines: the status.
fn status_from(app: &crate::helpers::TestApp, from: [u8; 4], target: &str, extra_headers: &str) -> u16 {
    use std::io::{Read, Write};
    let to: std::net::SocketAddr = app.base.trim_start_matches("http://").parse().expect("address");
    let socket = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).expect("socket");
    socket.bind(&std::net::SocketAddr::new(std::net::IpAddr::from(from), 0).into()).expect("bind");
    socket.connect(&to.into()).expect("connect");
    let mut stream: std::net::TcpStream = socket.into();
    stream.set_read_timeout(Some(std::time::Duration::from_secs(30))).expect("timeout");
    let request = format!("GET {target} HTTP/1.1\r\nHost: {to}\r\n{extra_headers}Connection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).expect("write");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

#[test]
fn x_forwarded_for_names_the_client_only_behind_a_trusted_proxy() {
    const SEARCH: &str = "/api/v1/initiatives?q=data";
    let xff = |client: &str| format!("X-Forwarded-For: {client}\r\n");
    // Trusting nobody (the default): a limited client cannot walk around the limit by naming
    // other addresses.
    let app = spawn_with(|c| {
        c.limits.expensive_per_second = 1;
        c.limits.expensive_burst = 2;
    });
    let spoofed: Vec<u16> = (1..=6).map(|i| status_from(&app, [127, 0, 0, 1], SEARCH, &xff(&format!("192.0.2.{i}")))).collect();
    assert_eq!(spoofed, [200, 200, 429, 429, 429, 429], "X-Forwarded-For from an untrusted peer is ignored");

    // Behind a trusted proxy (127.0.0.1): each forwarded client has its own allowance.
    let app = spawn_with(|c| {
        c.limits.expensive_per_second = 1;
        c.limits.expensive_burst = 2;
        c.limits.trusted_proxies = vec!["127.0.0.1/32".parse().expect("cidr")];
    });
    let proxy = [127, 0, 0, 1];
    let first: Vec<u16> = (0..3).map(|_| status_from(&app, proxy, SEARCH, &xff("192.0.2.1"))).collect();
    assert_eq!(first, [200, 200, 429]);
    assert_eq!(status_from(&app, proxy, SEARCH, &xff("192.0.2.2")), 200, "another client behind the proxy");
    // What a client writes left of the address the proxy appended does not change who it is.
    assert_eq!(status_from(&app, proxy, SEARCH, &xff("198.51.100.7, 192.0.2.1")), 429);
    // The proxy's own requests (no header) are the proxy's.
    assert_eq!(status_from(&app, proxy, SEARCH, ""), 200);
    // A peer that is not a trusted proxy is the client, whatever it forwards.
    let direct: Vec<u16> = (1..=4).map(|i| status_from(&app, [127, 0, 0, 2], SEARCH, &xff(&format!("192.0.2.{}", 100 + i)))).collect();
    assert_eq!(direct, [200, 200, 429, 429]);
}

#[test]
fn the_sparql_fair_share_counts_forwarded_clients_apart() {
    let app = spawn_with(|c| {
        c.limits.sparql_per_client = 1;
        c.limits.trusted_proxies = vec!["127.0.0.1/32".parse().expect("cidr")];
        c.sparql_queue_wait = std::time::Duration::from_millis(300);
        c.sparql_timeout = std::time::Duration::from_secs(4);
        c.sparql_workers_at_start = Some(2);
    });
    // A query that runs into the time limit holds client A's one share.
    let slow = "SELECT (COUNT(*) AS ?n) WHERE { OPTIONAL { ?a ?b ?c } OPTIONAL { ?d ?e ?f } OPTIONAL { ?g ?h ?i } OPTIONAL { ?j ?k ?l } }";
    let target = |q: &str| format!("/sparql?query={}", q.bytes().map(|b| format!("%{b:02X}")).collect::<String>());
    let running = {
        let (app_base, slow_target) = (app.base.clone(), target(slow));
        std::thread::spawn(move || {
            let app = crate::helpers::TestApp { base: app_base, state: None };
            status_from(&app, [127, 0, 0, 1], &slow_target, "X-Forwarded-For: 192.0.2.1\r\n")
        })
    };
    std::thread::sleep(std::time::Duration::from_millis(800));
    let trivial = target("ASK { ?s ?p ?o }");
    assert_eq!(status_from(&app, [127, 0, 0, 1], &trivial, "X-Forwarded-For: 192.0.2.1\r\n"), 429, "client A is over its share");
    assert_eq!(status_from(&app, [127, 0, 0, 1], &trivial, "X-Forwarded-For: 192.0.2.2\r\n"), 200, "client B behind the same proxy is not");
    assert_eq!(running.join().expect("thread"), 503, "the slow query ran into the time limit");
}
