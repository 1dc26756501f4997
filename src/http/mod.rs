//! Shared HTTP machinery, each concern in one place: content negotiation, caching (ETag/304,
//! answer reuse), CSV streaming, and the method rules of resources (the query language and the
//! record shape are `selection`). Never imports `state`: callers pass what it needs.

pub mod caching;
pub mod conneg;
pub mod cost;
pub mod csv_stream;
pub mod described;
pub mod front_door;
pub mod head_guard;
pub mod metrics;
pub mod tabular;

use crate::error::ApiError;
use actix_web::web::{self, Bytes, BytesMut};
use actix_web::{guard, FromRequest, Handler, HttpResponse, Responder};
pub use described::{adopt_headers, respond_described, Described, HtmlPage};
use futures_util::StreamExt;

/// GET and HEAD (HEAD answers are GET answers without the body).
pub fn get_or_head() -> actix_web::Route {
    web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
}

/// The fallback of a resource: 405 problem with the resource's `Allow` header.
pub fn method_not_allowed(allow: &'static str) -> actix_web::Route {
    web::route().to(move || async move { Err::<HttpResponse, _>(ApiError::MethodNotAllowed { allow }) })
}

/// A read-only resource: GET and HEAD go to `handler`, any other method gets 405 `Allow: GET, HEAD`.
pub fn read_only<F, Args>(path: &str, handler: F) -> actix_web::Resource
where
    F: Handler<Args>,
    Args: FromRequest + 'static,
    F::Output: Responder + 'static,
{
    web::resource(path).route(get_or_head().to(handler)).default_service(method_not_allowed("GET, HEAD"))
}

/// Read a request body of at most `limit` bytes (413 problem beyond; 408 when the front door's
/// body timeouts end a slow upload, `front_door::timed_payload`).
pub async fn read_body(mut payload: web::Payload, limit: usize) -> Result<Bytes, ApiError> {
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| match e {
            actix_web::error::PayloadError::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => ApiError::RequestTimeout(io.to_string()),
            e => ApiError::param("body", format!("the request body could not be read: {e}")),
        })?;
        if body.len() + chunk.len() > limit {
            return Err(ApiError::PayloadTooLarge(format!("the request body exceeds {limit} bytes")));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// A response body produced on its own thread, chunk by chunk, so a large answer is never
/// buffered whole. `produce` sends chunks with the function it is given, which returns `false`
/// once the client has gone away; an error ends the stream with that error.
pub fn thread_stream<F>(produce: F) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>>
where
    F: FnOnce(&dyn Fn(Bytes) -> bool) -> Result<(), ApiError> + Send + 'static,
{
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    std::thread::spawn(move || {
        let send = |chunk: Bytes| tx.blocking_send(Ok(chunk)).is_ok();
        if let Err(e) = produce(&send) {
            let _ = tx.blocking_send(Err(std::io::Error::other(e.to_string())));
        }
    });
    futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|item| (item, rx)) })
}
