//! How to cite a catalogue dataset, from the catalogue graph alone: title (nb, en), publisher,
//! year of issue, version (= the data version), persistent URI (the dataset IRI), licence, and the
//! date the reader accessed it. Rendered as a reference in nb or en (the dataset page's "how to
//! cite" block) and as DataCite-style JSON (`/catalog/datasets/{id}/citation.json`).

use super::{iri, p, RdfError};
use crate::uris;
use oxigraph::model::{NamedNode, Term};
use oxigraph::store::Store;
use serde::Serialize;
use serde_json::{json, Value as Json};

#[derive(Debug, Clone, Serialize)]
pub struct Citation {
    pub id: String,
    pub uri: String,
    pub title_nb: Option<String>,
    pub title_en: Option<String>,
    pub publisher_nb: Option<String>,
    pub publisher_en: Option<String>,
    pub year: Option<String>,
    pub version: String,
    pub licence: Option<String>,
    /// ISO 8601 date the citation was made.
    pub accessed: String,
    /// Address of the DataCite-style JSON.
    pub json_url: String,
}

fn literals(store: &Store, s: &NamedNode, pred: &NamedNode) -> Vec<(String, String)> {
    store
        .quads_for_pattern(Some(s.as_ref().into()), Some(pred.as_ref()), None, None)
        .flatten()
        .filter_map(|q| match q.object {
            Term::Literal(l) => Some((l.value().to_string(), l.language().unwrap_or("").to_string())),
            _ => None,
        })
        .collect()
}

fn in_lang(values: &[(String, String)], lang: &str) -> Option<String> {
    values.iter().find(|(_, l)| l == lang).or_else(|| values.iter().find(|(_, l)| l.is_empty())).map(|(v, _)| v.clone())
}

fn first_iri(store: &Store, s: &NamedNode, pred: &NamedNode) -> Option<NamedNode> {
    store.quads_for_pattern(Some(s.as_ref().into()), Some(pred.as_ref()), None, None).flatten().find_map(|q| match q.object {
        Term::NamedNode(n) => Some(n),
        _ => None,
    })
}

/// The citation of dataset `id`, or `None` where the catalogue has no such dataset.
pub fn citation(store: &Store, base: &str, id: &str, version: &str, accessed: &str) -> Result<Option<Citation>, RdfError> {
    let uri = uris::dataset(base, id);
    // An id that makes no IRI names no dataset.
    let Ok(subject) = iri(&uri) else { return Ok(None) };
    let title = literals(store, &subject, &p(base, "dct:title")?);
    if title.is_empty() {
        return Ok(None);
    }
    let publisher = first_iri(store, &subject, &p(base, "dct:publisher")?);
    let names = match &publisher {
        Some(org) => literals(store, org, &p(base, "foaf:name")?),
        None => Vec::new(),
    };
    let issued = literals(store, &subject, &p(base, "dct:issued")?);
    let year = issued.first().and_then(|(d, _)| d.get(..4)).map(str::to_string);
    let licence = first_iri(store, &subject, &p(base, "dct:license")?).map(|n| n.as_str().to_string());
    Ok(Some(Citation {
        id: id.to_string(),
        json_url: format!("{uri}/citation.json"),
        uri,
        title_nb: in_lang(&title, "nb"),
        title_en: in_lang(&title, "en"),
        publisher_nb: in_lang(&names, "nb"),
        publisher_en: in_lang(&names, "en"),
        year,
        version: version.to_string(),
        licence,
        accessed: accessed.to_string(),
    }))
}

impl Citation {
    /// A reference in `lang` ("nb" or "en"): publisher (year). Title (version) [Data set]. URI (accessed).
    pub fn text(&self, lang: &str) -> String {
        let (title, publisher, kind, version, accessed) = if lang == "nb" {
            (self.title_nb.as_ref().or(self.title_en.as_ref()), self.publisher_nb.as_ref(), "Datasett", "versjon", "hentet")
        } else {
            (self.title_en.as_ref().or(self.title_nb.as_ref()), self.publisher_en.as_ref(), "Data set", "version", "accessed")
        };
        let mut out = String::new();
        if let Some(p) = publisher {
            out.push_str(p);
            out.push(' ');
        }
        if let Some(y) = &self.year {
            out.push_str(&format!("({y}). "));
        }
        if let Some(t) = title {
            out.push_str(t);
        }
        out.push_str(&format!(" ({version} {}) [{kind}]. {} ({accessed} {}).", self.version, self.uri, self.accessed));
        out
    }

    /// DataCite-style JSON (the DataCite metadata schema's property names, as its REST API uses them).
    pub fn datacite(&self) -> Json {
        let mut titles = Vec::new();
        if let Some(t) = &self.title_nb {
            titles.push(json!({ "title": t, "lang": "nb" }));
        }
        if let Some(t) = &self.title_en {
            titles.push(json!({ "title": t, "lang": "en" }));
        }
        let publisher = self.publisher_nb.clone().or_else(|| self.publisher_en.clone());
        json!({
            "id": self.uri,
            "identifiers": [{ "identifier": self.uri, "identifierType": "URL" }],
            "types": { "resourceTypeGeneral": "Dataset", "resourceType": "Dataset" },
            "titles": titles,
            "creators": publisher.iter().map(|p| json!({ "name": p, "nameType": "Organizational" })).collect::<Vec<_>>(),
            "publisher": publisher,
            "publicationYear": self.year,
            "version": self.version,
            "url": self.uri,
            "language": "nb",
            "rightsList": self.licence.iter().map(|l| json!({ "rightsUri": l })).collect::<Vec<_>>(),
            "dates": [{ "date": self.accessed, "dateType": "Other", "dateInformation": "accessed" }],
            "citation": { "nb": self.text("nb"), "en": self.text("en") },
        })
    }
}
