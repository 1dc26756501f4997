//! Pages for people (issue 13): server-rendered HTML from minijinja templates (`templates/`, one
//! base layout), the nb/en chrome, embedded static assets, SVG charts and the security headers
//! every HTML answer carries. Route handlers decide *when* a browser gets HTML (content
//! negotiation); this module decides *how* it looks. No SQL here: data comes through `db::query`.

pub mod assets;
pub mod charts;
pub mod collection;
pub mod docs;
pub mod errors;
pub mod i18n;
pub mod landing;
pub mod records;
pub mod respond;
pub mod site;
pub mod sparql;
pub mod svg;
pub mod thing;

use crate::error::ApiError;
pub use crate::http::conneg::prefers_html;
use actix_web::http::{header, StatusCode};
use actix_web::{HttpRequest, HttpResponse};
use i18n::Lang;
use minijinja::{context, Environment, Value};
use serde::Serialize;
use std::sync::LazyLock;

/// Every template, embedded so the binary serves pages from anywhere.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("landing.html", include_str!("../../templates/landing.html")),
    ("search.html", include_str!("../../templates/search.html")),
    ("collection.html", include_str!("../../templates/collection.html")),
    ("thing.html", include_str!("../../templates/thing.html")),
    ("catalog.html", include_str!("../../templates/catalog.html")),
    ("sparql.html", include_str!("../../templates/sparql.html")),
    ("charts.html", include_str!("../../templates/charts.html")),
    ("chart.html", include_str!("../../templates/chart.html")),
    ("error.html", include_str!("../../templates/error.html")),
    ("partials/cite.html", include_str!("../../templates/partials/cite.html")),
    ("accessibility.html", include_str!("../../templates/accessibility.html")),
    ("docs.html", include_str!("../../templates/docs.html")),
];

static ENV: LazyLock<Result<Environment<'static>, minijinja::Error>> = LazyLock::new(|| {
    let mut env = Environment::new();
    for (name, source) in TEMPLATES {
        env.add_template(name, source)?;
    }
    env.add_function("asset", |path: String| assets::versioned_url(&path));
    env.add_function("format_name", |media_type: String| thing::format_name(&media_type));
    // The usual HTML escaping (& < > " '); minijinja's default also escapes '/', which makes
    // every URL in the markup unreadable for no gain.
    env.set_formatter(|out, state, value| match value.as_str() {
        Some(s) if !value.is_safe() && state.auto_escape() == minijinja::AutoEscape::Html => {
            out.write_str(&escape_html(s)).map_err(|_| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "write"))
        }
        _ => minijinja::escape_formatter(out, state, value),
    });
    Ok(env)
});

fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

impl From<minijinja::Error> for ApiError {
    fn from(e: minijinja::Error) -> Self {
        ApiError::Internal(format!("template: {e:#}"))
    }
}

/// Which Content-Security-Policy a page gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Csp {
    Strict,
    /// The SPARQL editor (YASGUI/CodeMirror) writes inline styles; scripts stay self-only.
    SparqlEditor,
}

impl Csp {
    pub fn header_value(self) -> &'static str {
        match self {
            Csp::Strict => "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
            Csp::SparqlEditor => "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
        }
    }
}

/// `<link rel="alternate">` in the head and a visible link in the page.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    pub media_type: String,
    pub href: String,
}

/// What a page adds to the base layout.
pub struct PageSpec {
    pub template: &'static str,
    pub title: String,
    pub status: StatusCode,
    pub csp: Csp,
    pub alternates: Vec<Alternate>,
    /// schema.org JSON-LD for the head (a data block, never executed).
    pub json_ld: Option<serde_json::Value>,
    pub styles: Vec<&'static str>,
    pub scripts: Vec<&'static str>,
    /// Which nav entry is current.
    pub section: &'static str,
    /// The page's own `<meta name="description">` (the site's tagline where `None`).
    pub description: Option<String>,
}

impl PageSpec {
    pub fn new(template: &'static str, title: impl Into<String>, section: &'static str) -> Self {
        PageSpec {
            template,
            title: title.into(),
            status: StatusCode::OK,
            csp: Csp::Strict,
            alternates: Vec::new(),
            json_ld: None,
            styles: Vec::new(),
            scripts: Vec::new(),
            section,
            description: None,
        }
    }
}

/// The query string without the chrome's own `lang` parameter.
pub fn query_without_lang(query: &str) -> Vec<(String, String)> {
    let pairs = crate::selection::pairs_lenient(query);
    pairs.into_iter().filter(|(k, _)| k != "lang").collect()
}

/// `path?query` with `extra` appended (pairs keep their order).
pub fn url_with(path: &str, pairs: &[(String, String)]) -> String {
    if pairs.is_empty() {
        return path.to_string();
    }
    format!("{path}?{}", crate::selection::query_string(pairs))
}

/// This page in `lang`, when the page is in `current`. A cursor pages in its language's order
/// (`db::collation`), so the page in the other language starts at its first page.
fn lang_url(req: &HttpRequest, lang: Lang, current: Lang) -> String {
    let mut pairs = query_without_lang(req.query_string());
    if lang != current {
        pairs.retain(|(k, _)| k != "cursor" && k != "page");
    }
    pairs.push(("lang".into(), lang.code().into()));
    url_with(&same_site_path(req.path()), &pairs)
}

/// The request path as a link that stays on this site: one leading slash (a path such as
/// `//evil.example/x` or `/\evil.example` would otherwise be a link to another host).
pub fn same_site_path(path: &str) -> String {
    format!("/{}", path.trim_start_matches(['/', '\\']))
}

/// Who runs the site, for the footer: the catalogue's publisher and contact point.
#[derive(Debug, Default, Serialize)]
pub struct SiteInfo {
    pub owner: Option<String>,
    pub owner_href: Option<String>,
    pub email: Option<String>,
}

fn site_info(state: Option<&crate::state::AppState>, lang: Lang) -> SiteInfo {
    let Some(state) = state else { return SiteInfo::default() };
    let snap = state.snapshot.load();
    let base = &state.config.base_url;
    let catalog = crate::uris::catalog(base);
    let object = |s: &str, p: &str| thing::first_object_iri(&snap, s, p);
    let publisher = object(&catalog, "http://purl.org/dc/terms/publisher");
    let contact = object(&catalog, "http://www.w3.org/ns/dcat#contactPoint");
    SiteInfo {
        owner: publisher.as_deref().and_then(|p| thing::label_of(&snap, p, lang)),
        owner_href: contact.as_deref().and_then(|c| object(c, "http://www.w3.org/2006/vcard/ns#hasURL")),
        email: contact
            .as_deref()
            .and_then(|c| object(c, "http://www.w3.org/2006/vcard/ns#hasEmail"))
            .and_then(|m| m.strip_prefix("mailto:").map(String::from)),
    }
}

/// Render a page inside the base layout with the chrome for `lang`.
pub fn render_page(req: &HttpRequest, lang: Lang, spec: PageSpec, data: Value) -> Result<HttpResponse, ApiError> {
    let env = ENV.as_ref().map_err(|e| ApiError::Internal(format!("templates: {e:#}")))?;
    let template = env.get_template(spec.template)?;
    let state = req.app_data::<actix_web::web::Data<crate::state::AppState>>().map(|d| d.get_ref());
    let base = state.map(|s| s.config.base_url.clone());
    let absolute = |u: String| base.as_ref().map(|b| format!("{b}{u}"));
    let canonical = if spec.status.is_success() { absolute(lang_url(req, lang, lang)) } else { None };
    let description =
        spec.description.clone().filter(|d| !d.trim().is_empty()).unwrap_or_else(|| i18n::text(lang, "site_tagline").to_string());
    let chrome = context! {
        description => short_description(&description),
        canonical => canonical,
        abs_nb_url => absolute(lang_url(req, Lang::Nb, lang)),
        abs_en_url => absolute(lang_url(req, Lang::En, lang)),
        site => site_info(state, lang),
        lang => lang.code(),
        t => Value::from_object(i18n::Table(lang)),
        title => spec.title,
        section => spec.section,
        lang_nb_url => lang_url(req, Lang::Nb, lang),
        lang_en_url => lang_url(req, Lang::En, lang),
        alternates => spec.alternates,
        json_ld => spec.json_ld,
        styles => spec.styles,
        scripts => spec.scripts,
    };
    let body = template.render(context! { ..chrome, ..data })?;
    Ok(html_response(spec.status, spec.csp, lang, body))
}

/// A meta description: the first sentence(s) up to about 160 characters, cut at a word.
fn short_description(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= 160 {
        return flat;
    }
    let cut: String = flat.chars().take(157).collect();
    let cut = cut.rsplit_once(' ').map(|(a, _)| a).unwrap_or(&cut);
    format!("{cut}…")
}

/// An HTML answer with the security and cache headers every page carries.
pub fn html_response(status: StatusCode, csp: Csp, lang: Lang, body: impl actix_web::body::MessageBody + 'static) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CONTENT_SECURITY_POLICY, csp.header_value()))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::REFERRER_POLICY, "same-origin"))
        .insert_header((header::CONTENT_LANGUAGE, lang.code()))
        .insert_header((header::VARY, "Accept, Accept-Language, Accept-Encoding"))
        .insert_header((header::CACHE_CONTROL, crate::http::caching::CACHE_CONTROL))
        .body(body)
}

/// A problem shown to a person: the same status and detail as the API's problem+json.
pub fn error_page(req: &HttpRequest, err: &ApiError) -> HttpResponse {
    let lang = Lang::of(req);
    let problem = err.problem();
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let (heading, explanation) = i18n::error_text(lang, problem.status);
    let mut spec = PageSpec::new("error.html", heading, "");
    spec.status = status;
    spec.description = Some(explanation.to_string());
    let data = context! { problem => problem, heading => heading, explanation => explanation };
    render_page(req, lang, spec, data).unwrap_or_else(|_| {
        HttpResponse::build(status).content_type("text/plain; charset=utf-8").body(format!("{}: {}", problem.title, problem.detail))
    })
}

/// A link for an IRI a query or the data names: local for this service's IRIs, absolute for
/// `http`, `https` and `mailto`; `None` for any other scheme (`javascript:`, `data:`, …), which is
/// then shown as plain text.
pub fn link_href(base: &str, iri: &str) -> Option<String> {
    let scheme = iri.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
    match scheme.as_deref() {
        Some("http" | "https" | "mailto") => Some(local_href(base, iri)),
        _ => None,
    }
}

/// A local link for an IRI of this service (pages work under any host); other IRIs stay absolute.
pub fn local_href(base: &str, iri: &str) -> String {
    match iri.strip_prefix(base) {
        Some(rest) if rest.starts_with('/') => rest.to_string(),
        _ => iri.to_string(),
    }
}

/// A label as people read it in a list of properties: first letter upper case, the rest as the
/// vocabulary has it ("innsatsområde" → "Innsatsområde"), so every label of a page looks alike.
pub fn sentence_case(label: &str) -> String {
    let mut chars = label.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
