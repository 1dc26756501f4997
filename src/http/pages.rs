//! HTML pages (until a template engine takes over): a thing's description and the catalogue.
//! Every text is escaped here.

use crate::formats::{offers, Format};
use crate::rdf::catalog::DatasetInfo;
use oxigraph::model::{NamedNode, NamedNodeRef, Quad, Term};

pub fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn term_html(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => format!("<a href=\"{0}\">{0}</a>", html_escape(n.as_str())),
        Term::Literal(l) => match l.language() {
            Some(lang) => format!("{} <small>@{}</small>", html_escape(l.value()), html_escape(lang)),
            None => html_escape(l.value()),
        },
        other => html_escape(&other.to_string()),
    }
}

/// A small human-readable page: the properties of the thing and links to every format.
pub fn html_page(title: &str, subject: &str, quads: &[Quad], path: &str) -> String {
    let mut rows = String::new();
    for q in quads.iter().filter(|q| q.subject.to_string() == format!("<{subject}>")) {
        rows.push_str(&format!(
            "<tr><td><a href=\"{0}\">{0}</a></td><td>{1}</td></tr>\n",
            html_escape(q.predicate.as_str()),
            term_html(&q.object)
        ));
    }
    let formats: String = offers::THING
        .iter()
        .filter(|o| o.format != Format::Html)
        .map(|o| format!("<a href=\"{}?format={}\">{}</a>", html_escape(path), o.name(), o.media_type))
        .collect::<Vec<_>>()
        .join(" · ");
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t}</title>\
         <style>body{{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}}td{{vertical-align:top;padding:.2em .6em;border-bottom:1px solid #ddd}}</style></head>\
         <body><h1>{t}</h1><p><code>{s}</code></p><p>Also as: {formats}</p><table>{rows}</table>\
         <p><a href=\"/\">tiltak</a> · <a href=\"/docs/\">API docs</a> · <a href=\"/sparql\">SPARQL</a> · <a href=\"/catalog\">catalogue</a></p></body></html>\n",
        t = html_escape(title),
        s = html_escape(subject),
    )
}

fn literal_of(quads: &[Quad], s: &NamedNode, pred: NamedNodeRef<'_>, language: &str) -> String {
    quads
        .iter()
        .filter(|q| q.subject.to_string() == s.to_string() && q.predicate.as_ref() == pred)
        .find_map(|q| match &q.object {
            Term::Literal(l) if l.language() == Some(language) => Some(l.value().to_string()),
            _ => None,
        })
        .unwrap_or_default()
}

pub fn catalog_html(quads: &[Quad], datasets: &[DatasetInfo]) -> String {
    let esc = html_escape;
    let title = NamedNodeRef::new_unchecked("http://purl.org/dc/terms/title");
    let desc = NamedNodeRef::new_unchecked("http://purl.org/dc/terms/description");
    let dist_p = NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#distribution");
    let access = NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#accessURL");
    let mut body = String::new();
    for d in datasets {
        body.push_str(&format!(
            "<section><h2><a href=\"{}\">{}</a></h2><p lang=\"en\">{}</p><ul>",
            esc(d.iri.as_str()),
            esc(&literal_of(quads, &d.iri, title, "en")),
            esc(&literal_of(quads, &d.iri, desc, "en"))
        ));
        for dq in quads.iter().filter(|q| q.subject.to_string() == d.iri.to_string() && q.predicate.as_ref() == dist_p) {
            if let Term::NamedNode(dist) = &dq.object {
                let url = quads
                    .iter()
                    .find(|q| q.subject.to_string() == dist.to_string() && q.predicate.as_ref() == access)
                    .map(|q| match &q.object {
                        Term::NamedNode(n) => n.as_str().to_string(),
                        o => o.to_string(),
                    })
                    .unwrap_or_default();
                body.push_str(&format!(
                    "<li><a href=\"{}\">{}</a> — <a href=\"{}\">metadata</a></li>",
                    esc(&url),
                    esc(&literal_of(quads, dist, title, "en")),
                    esc(dist.as_str())
                ));
            }
        }
        body.push_str("</ul></section>\n");
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>tiltak – data catalogue</title>\
         <style>body{{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}}</style></head><body>\
         <h1>tiltak – data catalogue (DCAT-AP-NO)</h1><p>Machine-readable: <a href=\"/catalog.ttl\">Turtle</a> · <a href=\"/catalog.rdf\">RDF/XML</a> · \
         <a href=\"/catalog.jsonld\">JSON-LD</a> · <a href=\"/catalog.nt\">N-Triples</a></p>{body}</body></html>\n"
    )
}
