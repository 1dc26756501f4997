//! Problems shown to people: a browser that meets an error outside the JSON API (a dead link, a
//! bad filter on a page, an unknown thing) gets a page with the site's navigation and the same
//! status and detail; programs keep the RFC 9457 problem+json.

use super::{error_page, prefers_html};
use crate::error::ApiError;
use crate::formats::{Format, Offer};
use actix_web::body::{BodySize, MessageBody};
use actix_web::dev::ServiceResponse;
use actix_web::http::StatusCode;
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::ResponseError;

const PROBLEM: &[Offer] = &[Offer { format: Format::Json, media_type: "application/problem+json" }];

/// `ErrorHandlers` hook: swap a problem for a page when the client prefers HTML.
pub fn problem_as_page<B: MessageBody>(res: ServiceResponse<B>) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let path = res.request().path();
    let api = path.starts_with("/api/") || path == "/api" || path.starts_with("/openapi");
    // A bare 404 from a service we mount but do not write (Swagger UI under /docs/) gets the
    // same problem as any other unknown path.
    let bare_404 = res.status() == StatusCode::NOT_FOUND
        && res.response().error().is_none()
        && matches!(res.response().body().size(), BodySize::None | BodySize::Sized(0));
    let page = match res.response().error().and_then(|e| e.as_error::<ApiError>()) {
        Some(err) if !api && prefers_html(res.request(), PROBLEM) => Some(error_page(res.request(), err)),
        None if bare_404 => {
            let err = ApiError::NotFound("no such resource; see / for what this service offers".into());
            Some(if prefers_html(res.request(), PROBLEM) { error_page(res.request(), &err) } else { err.error_response() })
        }
        _ => None,
    };
    Ok(ErrorHandlerResponse::Response(match page {
        Some(page) => res.into_response(page).map_into_right_body(),
        None => res.map_into_left_body(),
    }))
}
