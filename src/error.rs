//! Typed errors and their one rendering as RFC 9457 `application/problem+json`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{detail}")]
    InvalidParameter { parameter: String, detail: String, allowed: Option<Vec<String>> },
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    NotAcceptable(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("{0}")]
    Forbidden(String),
    /// `allow` is the resource's `Allow` header value, e.g. `GET, HEAD`.
    #[error("this resource answers {allow} only")]
    MethodNotAllowed { allow: &'static str },
    #[error("{0}")]
    TooBusy(String),
    #[error("{0}")]
    Timeout(String),
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{detail}")]
    TooManyRequests { detail: String, retry_after_secs: u64 },
    #[error("{0}")]
    UriTooLong(String),
    /// The request body did not arrive in time (idle gap or total deadline); the connection is closed.
    #[error("{0}")]
    RequestTimeout(String),
    #[error("{0}")]
    HeadersTooLarge(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("internal error: {0}")]
    Internal(String),
    #[error("database: {0}")]
    Db(#[from] crate::db::DbError),
    #[error("rdf: {0}")]
    Rdf(crate::rdf::RdfError),
    #[error("store: {0}")]
    Storage(#[from] oxigraph::store::StorageError),
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
    #[error("worker: {0}")]
    Blocking(#[from] actix_web::error::BlockingError),
}

/// A refusal of the query language inside graph work (a download's query) is the client's 400.
impl From<crate::rdf::RdfError> for ApiError {
    fn from(e: crate::rdf::RdfError) -> Self {
        match e {
            crate::rdf::RdfError::Selection(s) => s.into(),
            other => ApiError::Rdf(other),
        }
    }
}

impl From<crate::selection::SelectionError> for ApiError {
    fn from(e: crate::selection::SelectionError) -> Self {
        ApiError::InvalidParameter { parameter: e.parameter, detail: e.detail, allowed: e.allowed }
    }
}

impl ApiError {
    /// 404 for a record that does not exist.
    pub fn no_record(e: &crate::model::Entity, id: &str) -> Self {
        ApiError::NotFound(format!("no {} with id '{id}'", e.item_type))
    }
    pub fn param(parameter: impl Into<String>, detail: impl Into<String>) -> Self {
        ApiError::InvalidParameter { parameter: parameter.into(), detail: detail.into(), allowed: None }
    }
    pub fn param_allowed(parameter: impl Into<String>, detail: impl Into<String>, allowed: Vec<String>) -> Self {
        ApiError::InvalidParameter { parameter: parameter.into(), detail: detail.into(), allowed: Some(allowed) }
    }
    /// Server-side failures: logged, and reported without their details.
    pub fn is_internal(&self) -> bool {
        self.status_code() == StatusCode::INTERNAL_SERVER_ERROR
    }
    fn slug_and_title(&self) -> (&'static str, &'static str) {
        match self {
            ApiError::InvalidParameter { .. } => ("invalid-parameter", "Invalid request parameter"),
            ApiError::NotFound(_) => ("not-found", "Not found"),
            ApiError::NotAcceptable(_) => ("not-acceptable", "Not acceptable"),
            ApiError::UnsupportedMediaType(_) => ("unsupported-media-type", "Unsupported media type"),
            ApiError::Forbidden(_) => ("forbidden", "Forbidden"),
            ApiError::MethodNotAllowed { .. } => ("method-not-allowed", "Method not allowed"),
            ApiError::TooBusy(_) => ("too-busy", "Service busy"),
            ApiError::Timeout(_) => ("timeout", "Query time limit exceeded"),
            ApiError::PayloadTooLarge(_) => ("payload-too-large", "Payload too large"),
            ApiError::TooManyRequests { .. } => ("too-many-requests", "Too many requests"),
            ApiError::UriTooLong(_) => ("uri-too-long", "URI too long"),
            ApiError::RequestTimeout(_) => ("request-timeout", "Request timeout"),
            ApiError::HeadersTooLarge(_) => ("headers-too-large", "Request header fields too large"),
            ApiError::Unauthorized(_) => ("unauthorized", "Unauthorized"),
            ApiError::Internal(_) | ApiError::Db(_) | ApiError::Rdf(_) | ApiError::Storage(_) | ApiError::Io(_) | ApiError::Blocking(_) => {
                ("internal", "Internal server error")
            }
        }
    }
    pub fn problem(&self) -> Problem {
        let (slug, title) = self.slug_and_title();
        let (parameter, allowed) = match self {
            ApiError::InvalidParameter { parameter, allowed, .. } => (Some(parameter.clone()), allowed.clone()),
            _ => (None, None),
        };
        let detail = if self.is_internal() { "The server could not complete the request.".to_string() } else { self.to_string() };
        Problem {
            problem_type: format!("urn:tiltak:problem:{slug}"),
            title: title.to_string(),
            status: self.status_code().as_u16(),
            detail,
            parameter,
            allowed,
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<String>>,
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::InvalidParameter { .. } => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::NotAcceptable(_) => StatusCode::NOT_ACCEPTABLE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::TooBusy(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Timeout(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::UriTooLong(_) => StatusCode::URI_TOO_LONG,
            ApiError::RequestTimeout(_) => StatusCode::REQUEST_TIMEOUT,
            ApiError::HeadersTooLarge(_) => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Internal(_) | ApiError::Db(_) | ApiError::Rdf(_) | ApiError::Storage(_) | ApiError::Io(_) | ApiError::Blocking(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }
    fn error_response(&self) -> HttpResponse {
        if self.is_internal() {
            tracing::error!(error = %self, "internal error");
        }
        let mut builder = HttpResponse::build(self.status_code());
        builder.content_type("application/problem+json");
        match self {
            ApiError::TooBusy(_) | ApiError::Timeout(_) => {
                builder.insert_header(("Retry-After", "1"));
            }
            ApiError::TooManyRequests { retry_after_secs, .. } => {
                builder.insert_header(("Retry-After", retry_after_secs.max(&1).to_string()));
            }
            ApiError::Unauthorized(_) => {
                builder.insert_header(("WWW-Authenticate", "Bearer"));
            }
            ApiError::MethodNotAllowed { allow } => {
                builder.insert_header(("Allow", *allow));
            }
            // The rest of the body may never come: do not wait for it on this connection.
            ApiError::RequestTimeout(_) | ApiError::PayloadTooLarge(_) => {
                builder.force_close();
            }
            _ => {}
        }
        builder.json(self.problem())
    }
}

impl From<crate::sparql::SparqlError> for ApiError {
    fn from(e: crate::sparql::SparqlError) -> Self {
        use crate::sparql::SparqlError as S;
        match e {
            S::Update => ApiError::Forbidden(e.to_string()),
            S::ServiceDisabled => ApiError::Forbidden(e.to_string()),
            S::Timeout => ApiError::Timeout(e.to_string()),
            S::Syntax(_)
            | S::Evaluation(_)
            | S::TooManyRows(_)
            | S::ResultTooLarge(_)
            | S::OutOfMemory(_)
            | S::TooLong { .. }
            | S::TooDeep { .. } => ApiError::param("query", e.to_string()),
            S::InvalidIri { parameter, .. } => ApiError::param(parameter, e.to_string()),
            S::NotAcceptable(_) => ApiError::NotAcceptable(e.to_string()),
            S::Io(io) => ApiError::Io(io),
            S::Rdf(r) => r.into(),
            S::Internal(m) => ApiError::Internal(m),
        }
    }
}
