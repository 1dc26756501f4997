//! The public-service basics every Norwegian public web site has: the accessibility statement
//! (tilgjengelighetserklæring, in the structure of Digdir's template), `robots.txt` and
//! `sitemap.xml` (every page for people, each answering 200).

use super::i18n::Lang;
use super::landing;
use crate::error::ApiError;
use crate::model::ENTITIES;
use crate::state::Snapshot;
use crate::uris;

/// The sitemaps protocol's limit per file; past it the sitemap would become an index.
pub const SITEMAP_LIMIT: usize = 50_000;

/// Paths of every page for people: the fixed pages, each collection page, each dataset page and
/// each record's page (`/id/…`, `/def/…`).
pub fn page_paths(snap: &Snapshot, base: &str) -> Result<Vec<String>, ApiError> {
    let mut paths: Vec<String> =
        ["/", "/data", "/charts", "/sparql", "/catalog", "/accessibility", "/docs/"].iter().map(|p| p.to_string()).collect();
    for e in ENTITIES {
        paths.push(format!("/data/{}", e.collection));
    }
    let page = landing::build(snap, base, Lang::Nb)?;
    paths.extend(page.datasets.iter().map(|d| d.href.clone()));
    for e in ENTITIES {
        for r in super::records::select_all(snap, base, e.collection, "")? {
            if let Some(id) = r.get("id").and_then(|v| v.as_str()) {
                paths.push(super::local_href(base, &crate::uris::thing(base, e, id)));
            }
        }
    }
    paths.retain(|p| p.starts_with('/'));
    paths.dedup();
    Ok(paths)
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&apos;")
}

/// `sitemap.xml`: each page once, with its nb and en versions as `hreflang` alternates.
pub fn sitemap(snap: &Snapshot, base: &str) -> Result<String, ApiError> {
    let paths = page_paths(snap, base)?;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for p in paths.iter().take(SITEMAP_LIMIT) {
        let sep = if p.contains('?') { "&" } else { "?" };
        let loc = xml_escape(&uris::at(base, p));
        out.push_str(&format!(
            "<url><loc>{loc}</loc><xhtml:link rel=\"alternate\" hreflang=\"nb\" href=\"{nb}\"/><xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"{en}\"/></url>\n",
            nb = xml_escape(&format!("{}{sep}lang=nb", uris::at(base, p))),
            en = xml_escape(&format!("{}{sep}lang=en", uris::at(base, p))),
        ));
    }
    out.push_str("</urlset>\n");
    Ok(out)
}

/// `robots.txt`: everything for people may be crawled; the API, SPARQL results and downloads are
/// for programs (and costly), so crawlers keep off them.
pub fn robots(base: &str) -> String {
    format!(
        "User-agent: *\nAllow: /\nDisallow: /api/\nDisallow: /sparql?\nDisallow: /download/\nDisallow: /dump.\nDisallow: /admin/\nDisallow: /search\n\nSitemap: {}\n",
        uris::fixed(base, "sitemap.xml")
    )
}
