//! The connection guard: a stream wrapper between the socket and actix's HTTP/1 parser that
//! follows the request framing (request line, header lines, a body by `Content-Length`) and
//! stops a request whose target or header block runs past the limits *before* the parser sees
//! too much of it. Without it, a target over 64 KiB gets a bare 400 from the URI parser and a head
//! over 128 KiB a bare 431 from actix, before any of our code runs.
//!
//! When a request goes over a limit, the guard ends its head where it stands (the target cut at
//! the limit, or the header line in progress) and adds a marker header with this process's
//! secret token plus `Connection: close`. The application then answers that request like any
//! other: the front door (`front_door::check_sizes`) sees the marker and refuses with the one
//! 414/431 problem document of `error`, with the usual headers, log line and metrics, in the
//! order of pipelined requests. The rest of the long request is read and thrown away, and the
//! connection closes after the answer, draining what the client still sends so that the answer
//! is not lost to a reset.
//!
//! A body sent with `Transfer-Encoding` (chunked), an `Upgrade`, a `Content-Length` it cannot
//! read, or a request line it does not understand make the guard stop checking for the rest of
//! that connection: actix's own limits then apply, as before.

use std::io;
use std::pin::Pin;
use std::sync::LazyLock;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// The marker header the guard adds to a request it cut short.
pub const MARKER: &str = "x-tiltak-front-door";

/// Actix's parser gives up at 96 header lines; the guard stops before, leaving room for its two.
const MAX_HEADER_LINES: usize = 90;
/// Caps that keep a cut request well inside actix's limits (65 534-byte URI, 128 KiB head),
/// whatever the configured limits are.
const MAX_TARGET_CAP: usize = 56 * 1024;
const MAX_HEADERS_CAP: usize = 64 * 1024;
/// A method or HTTP version longer than this is not a request line the guard follows.
const MAX_TOKEN: usize = 32;
/// Bytes of each header line kept to read its name and a `Content-Length`.
const KEPT: usize = 96;

/// Per-process secret in the marker, so a client cannot send the marker itself.
static TOKEN: LazyLock<String> = LazyLock::new(|| hex::encode(rand::random::<[u8; 16]>()));

/// Why the guard cut a request short; read back by the front door from the marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    TargetTooLong,
    HeadersTooLarge,
    TooManyHeaders,
}

impl Cut {
    fn slug(self) -> &'static str {
        match self {
            Cut::TargetTooLong => "uri-too-long",
            Cut::HeadersTooLarge => "headers-too-large",
            Cut::TooManyHeaders => "too-many-headers",
        }
    }

    /// The marker value of a request the guard cut short (`None` for any other value).
    pub fn from_marker(value: &[u8]) -> Option<Cut> {
        let text = std::str::from_utf8(value).ok()?;
        let (token, slug) = text.split_once(' ')?;
        if token != TOKEN.as_str() {
            return None;
        }
        [Cut::TargetTooLong, Cut::HeadersTooLarge, Cut::TooManyHeaders].into_iter().find(|c| c.slug() == slug)
    }
}

/// The limits the guard enforces (from `config::Limits`).
#[derive(Debug, Clone, Copy)]
pub struct GuardLimits {
    pub max_target_bytes: usize,
    pub max_header_bytes: usize,
}

impl GuardLimits {
    pub fn new(max_url_bytes: usize, max_header_bytes: usize) -> Self {
        GuardLimits { max_target_bytes: max_url_bytes.min(MAX_TARGET_CAP), max_header_bytes: max_header_bytes.min(MAX_HEADERS_CAP) }
    }
    /// The header lines allowed in one request.
    pub const fn max_header_lines() -> usize {
        MAX_HEADER_LINES
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// In a request line: the method, the target, the version (by the spaces seen).
    Line { spaces: u8, token: usize, target: usize, any: bool },
    /// In the header lines.
    Headers,
    /// In a body of a known length: this many bytes still to come.
    Body(u64),
    /// The guard no longer follows this connection.
    Off,
    /// A request was cut: everything that arrives from now on is thrown away.
    Cut,
}

/// What the guard knows about the header line in progress and the header block.
#[derive(Debug, Default)]
struct HeaderScan {
    line_len: usize,
    kept: Vec<u8>,
    lines: usize,
    bytes: usize,
    content_length: Option<u64>,
    host: bool,
    unfollowable: bool,
    last: u8,
}

impl HeaderScan {
    fn end_line(&mut self) {
        let line = std::mem::take(&mut self.kept);
        let long = self.line_len > line.len();
        self.line_len = 0;
        self.lines += 1;
        let Some(colon) = line.iter().position(|&b| b == b':') else { return };
        let name = line[..colon].trim_ascii();
        let value = line[colon + 1..].trim_ascii();
        if name.eq_ignore_ascii_case(b"content-length") {
            let parsed = (!long && !value.is_empty() && value.iter().all(u8::is_ascii_digit))
                .then(|| std::str::from_utf8(value).ok()?.parse::<u64>().ok())
                .flatten();
            match (parsed, self.content_length) {
                (Some(n), None) => self.content_length = Some(n),
                (Some(n), Some(m)) if n == m => {}
                _ => self.unfollowable = true,
            }
        } else if name.eq_ignore_ascii_case(b"host") {
            self.host = true;
        } else if name.eq_ignore_ascii_case(b"transfer-encoding") || name.eq_ignore_ascii_case(b"upgrade") {
            self.unfollowable = true;
        }
    }
}

/// What scanning a piece of input found.
enum Scanned {
    /// All of it may go to the parser.
    Pass,
    /// The request goes over a limit at this byte: the bytes before it go to the parser, then
    /// this completion of the head, and nothing after.
    Cut { at: usize, completion: Vec<u8> },
}

/// The framing state of one connection.
struct Framing {
    limits: GuardLimits,
    phase: Phase,
    headers: HeaderScan,
}

impl Framing {
    fn new(limits: GuardLimits) -> Self {
        Framing { limits, phase: Phase::Line { spaces: 0, token: 0, target: 0, any: false }, headers: HeaderScan::default() }
    }

    fn scan(&mut self, input: &[u8]) -> Scanned {
        let mut i = 0;
        while i < input.len() {
            match self.phase {
                Phase::Off | Phase::Cut => return Scanned::Pass,
                Phase::Body(left) => {
                    let take = left.min((input.len() - i) as u64);
                    i += take as usize;
                    self.phase = if take == left { Self::request_line() } else { Phase::Body(left - take) };
                }
                Phase::Line { spaces, token, target, any } => {
                    let b = input[i];
                    self.phase = match b {
                        // An empty line before a request is allowed (RFC 9112 §2.2).
                        b'\n' if !any => Self::request_line(),
                        b'\n' if spaces == 2 => {
                            self.headers = HeaderScan::default();
                            Phase::Headers
                        }
                        b'\n' => Phase::Off,
                        b'\r' => Phase::Line { spaces, token, target, any },
                        b' ' if spaces < 2 => Phase::Line { spaces: spaces + 1, token: 0, target, any: true },
                        _ if spaces == 1 => {
                            if target + 1 > self.limits.max_target_bytes {
                                return self.cut(i, Cut::TargetTooLong);
                            }
                            Phase::Line { spaces, token, target: target + 1, any: true }
                        }
                        _ if token + 1 > MAX_TOKEN || spaces > 2 => Phase::Off,
                        _ => Phase::Line { spaces, token: token + 1, target, any: true },
                    };
                    i += 1;
                }
                Phase::Headers => {
                    let b = input[i];
                    let h = &mut self.headers;
                    match b {
                        b'\n' if h.line_len == 0 => {
                            self.phase = match (h.unfollowable, h.content_length) {
                                (true, _) => Phase::Off,
                                (false, Some(n)) if n > 0 => Phase::Body(n),
                                _ => Self::request_line(),
                            };
                        }
                        b'\n' => h.end_line(),
                        b'\r' => {}
                        _ => {
                            if h.line_len == 0 && h.lines >= MAX_HEADER_LINES {
                                return self.cut(i, Cut::TooManyHeaders);
                            }
                            h.line_len += 1;
                            h.bytes += 1;
                            // Each line also costs its line end, as the front door counts it.
                            if h.bytes + 2 * (h.lines + 1) > self.limits.max_header_bytes {
                                return self.cut(i, Cut::HeadersTooLarge);
                            }
                            if h.kept.len() < KEPT {
                                h.kept.push(b);
                            }
                        }
                    }
                    h.last = b;
                    i += 1;
                }
            }
        }
        Scanned::Pass
    }

    fn request_line() -> Phase {
        Phase::Line { spaces: 0, token: 0, target: 0, any: false }
    }

    /// Cut the request at byte `at` of the current input: end its head where it stands.
    fn cut(&mut self, at: usize, why: Cut) -> Scanned {
        let mut completion = Vec::with_capacity(96);
        match self.phase {
            Phase::Line { .. } => completion.extend_from_slice(b" HTTP/1.1\r\n"),
            _ => {
                let h = &self.headers;
                if h.line_len > 0 {
                    if !h.kept.contains(&b':') {
                        completion.push(b':');
                    }
                    completion.extend_from_slice(b"\r\n");
                } else if h.last == b'\r' {
                    completion.push(b'\n');
                }
            }
        }
        // actix refuses an HTTP/1.1 head without exactly one Host.
        let h = &self.headers;
        let host_in_progress = h.line_len > 0 && h.kept.get(..5).is_some_and(|n| n.eq_ignore_ascii_case(b"host:"));
        if matches!(self.phase, Phase::Line { .. }) || !(h.host || host_in_progress) {
            completion.extend_from_slice(b"host: localhost\r\n");
        }
        completion.extend_from_slice(format!("{MARKER}: {} {}\r\nconnection: close\r\n\r\n", TOKEN.as_str(), why.slug()).as_bytes());
        self.phase = Phase::Cut;
        Scanned::Cut { at, completion }
    }
}

/// A connection's stream with the guard in front of the parser.
pub struct Guarded<T> {
    io: T,
    framing: Framing,
    /// Completion bytes of a cut request not yet handed to the parser.
    pending: Vec<u8>,
    /// Our side is shut for writing (a cut connection drains the client before it closes).
    write_shut: bool,
}

impl<T> Guarded<T> {
    pub fn new(io: T, limits: GuardLimits) -> Self {
        Guarded { io, framing: Framing::new(limits), pending: Vec::new(), write_shut: false }
    }
    pub fn get_ref(&self) -> &T {
        &self.io
    }
}

/// Read and throw away what the client sends: `Ready(true)` at its end of stream.
fn discard<T: AsyncRead + Unpin>(io: &mut T, cx: &mut Context<'_>) -> Poll<io::Result<bool>> {
    let mut scratch = [0u8; 8192];
    // Bounded: a fast sender cannot keep this task from its other work.
    for _ in 0..64 {
        let mut buf = ReadBuf::new(&mut scratch);
        match Pin::new(&mut *io).poll_read(cx, &mut buf) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
            Poll::Ready(Ok(())) if buf.filled().is_empty() => return Poll::Ready(Ok(true)),
            Poll::Ready(Ok(())) => {}
        }
    }
    cx.waker().wake_by_ref();
    Poll::Pending
}

impl<T: AsyncRead + Unpin> AsyncRead for Guarded<T> {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if !this.pending.is_empty() {
            let n = this.pending.len().min(buf.remaining());
            buf.put_slice(&this.pending[..n]);
            this.pending.drain(..n);
            return Poll::Ready(Ok(()));
        }
        if this.framing.phase == Phase::Cut {
            // The client's end of stream still reaches the parser (a client that goes away is gone).
            return match std::task::ready!(discard(&mut this.io, cx)) {
                Ok(true) => Poll::Ready(Ok(())),
                Ok(false) => Poll::Pending,
                Err(e) => Poll::Ready(Err(e)),
            };
        }
        let before = buf.filled().len();
        std::task::ready!(Pin::new(&mut this.io).poll_read(cx, buf))?;
        if let Scanned::Cut { at, completion } = this.framing.scan(&buf.filled()[before..]) {
            buf.set_filled(before + at);
            let n = completion.len().min(buf.remaining());
            buf.put_slice(&completion[..n]);
            this.pending = completion[n..].to_vec();
        }
        Poll::Ready(Ok(()))
    }
}

impl<T: AsyncRead + AsyncWrite + Unpin> AsyncWrite for Guarded<T> {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, data: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write(cx, data)
    }
    fn poll_write_vectored(self: Pin<&mut Self>, cx: &mut Context<'_>, bufs: &[io::IoSlice<'_>]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write_vectored(cx, bufs)
    }
    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }
    /// A cut connection shuts its side, then reads until the client's end of stream (bounded by
    /// actix's client disconnect timeout), so the client's unsent rest does not turn the close
    /// into a reset that could destroy the answer before the client reads it.
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.framing.phase != Phase::Cut {
            return Pin::new(&mut this.io).poll_shutdown(cx);
        }
        if !this.write_shut {
            std::task::ready!(Pin::new(&mut this.io).poll_shutdown(cx))?;
            this.write_shut = true;
        }
        match std::task::ready!(discard(&mut this.io, cx)) {
            Ok(_) => Poll::Ready(Ok(())),
            // The client is gone: nothing left to protect.
            Err(_) => Poll::Ready(Ok(())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> GuardLimits {
        GuardLimits::new(16, 64)
    }

    /// Feed `input` in pieces of `step` bytes; what the parser would see.
    fn feed(input: &[u8], step: usize) -> (Vec<u8>, Option<Cut>) {
        let mut f = Framing::new(limits());
        let mut seen = Vec::new();
        for piece in input.chunks(step) {
            match f.scan(piece) {
                Scanned::Pass => seen.extend_from_slice(piece),
                Scanned::Cut { at, completion } => {
                    seen.extend_from_slice(&piece[..at]);
                    seen.extend_from_slice(&completion);
                    let text = String::from_utf8_lossy(&completion).into_owned();
                    let value = text.lines().find_map(|l| l.strip_prefix(&format!("{MARKER}: "))).unwrap_or_default().to_string();
                    return (seen, Cut::from_marker(value.as_bytes()));
                }
            }
        }
        (seen, None)
    }

    #[test]
    fn short_requests_pass_whole_in_any_pieces() {
        let input = b"GET /a HTTP/1.1\r\nHost: x\r\n\r\nPOST /b HTTP/1.1\r\nContent-Length: 30\r\n\r\n012345678901234567890123456789GET /c HTTP/1.1\r\n\r\n";
        for step in [1, 3, 7, input.len()] {
            assert_eq!(feed(input, step), (input.to_vec(), None), "step {step}");
        }
    }

    #[test]
    fn a_long_target_is_cut_at_the_limit_with_the_marker() {
        let input = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(100));
        for step in [1, 5, input.len()] {
            let (seen, cut) = feed(input.as_bytes(), step);
            assert_eq!(cut, Some(Cut::TargetTooLong));
            let text = String::from_utf8(seen).unwrap_or_default();
            assert!(text.starts_with(&format!("GET /{} HTTP/1.1\r\n", "a".repeat(15))), "{text}");
            assert!(text.ends_with("connection: close\r\n\r\n"));
        }
    }

    #[test]
    fn a_long_target_after_a_body_is_still_found() {
        let input = format!("POST / HTTP/1.1\r\nContent-Length: 40\r\n\r\n{}GET /{} HTTP/1.1\r\n\r\n", "GET /".repeat(8), "b".repeat(50));
        assert_eq!(feed(input.as_bytes(), 4).1, Some(Cut::TargetTooLong));
    }

    #[test]
    fn big_or_many_headers_are_cut_and_the_head_ends_cleanly() {
        let input = format!("GET / HTTP/1.1\r\nX-Pad: {}\r\n\r\n", "c".repeat(100));
        let (seen, cut) = feed(input.as_bytes(), 9);
        assert_eq!(cut, Some(Cut::HeadersTooLarge));
        let text = String::from_utf8(seen).unwrap_or_default();
        assert!(text.contains("X-Pad: ccc") && !text.contains("\r\r"), "{text}");
        // actix wants exactly one Host: added when the client's did not come before the cut.
        assert_eq!(text.matches("host: localhost").count(), 1, "{text}");
        let input = format!("GET / HTTP/1.1\r\nHost: a\r\nX-Pad: {}\r\n\r\n", "c".repeat(100));
        let text = String::from_utf8(feed(input.as_bytes(), 9).0).unwrap_or_default();
        assert!(!text.contains("host: localhost"), "{text}");
        let input = format!("GET / HTTP/1.1\r\nHost: {}\r\n\r\n", "c".repeat(100));
        let text = String::from_utf8(feed(input.as_bytes(), 9).0).unwrap_or_default();
        assert!(!text.contains("host: localhost"), "{text}");
        let many = format!("GET / HTTP/1.1\r\n{}\r\n", "A:1\r\n".repeat(200));
        let mut f = Framing::new(GuardLimits::new(16, 100_000));
        assert!(matches!(f.scan(many.as_bytes()), Scanned::Cut { .. }));
    }

    #[test]
    fn chunked_bodies_and_forged_markers_are_not_followed() {
        let input = format!("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nGET /{} HTTP/1.1\r\n\r\n", "a".repeat(100));
        assert_eq!(feed(input.as_bytes(), 7).1, None);
        assert_eq!(Cut::from_marker(b"0000 uri-too-long"), None);
        assert_eq!(Cut::from_marker(format!("{} uri-too-long", TOKEN.as_str()).as_bytes()), Some(Cut::TargetTooLong));
    }
}
