//! The URIs tiltak mints, in one place (see DESIGN.md "URIs"): nothing else in `src/` glues a path
//! onto the base URI (`tests/source_rules.rs` checks).

use crate::model::{Entity, UriRule};

/// A record's URI by its entity's rule: `{base}/id/{type}/{id}`, or for code-list concepts
/// `{base}/def/{scheme}/{code}`.
pub fn thing(base: &str, e: &Entity, id: &str) -> String {
    if e.uri == UriRule::CodeConcept {
        if let Some((scheme, code)) = id.split_once(':') {
            return code_concept(base, scheme, code);
        }
    }
    format!("{base}/id/{}/{}", e.item_type, id)
}

pub fn code_concept(base: &str, scheme: &str, code: &str) -> String {
    format!("{base}/def/{scheme}/{code}")
}

/// Schemes live under `/def/scheme/` so they never share an IRI with a property (`tt:status`).
pub fn code_scheme(base: &str, scheme: &str) -> String {
    format!("{base}/def/scheme/{scheme}")
}

pub fn vocab(base: &str) -> String {
    format!("{base}/def/")
}

pub fn graph(base: &str, name: &str) -> String {
    format!("{base}/graph/{name}")
}

/// `{base}/` (the base IRI our Turtle files are read against; VoID's `uriSpace`; the home page).
pub fn root(base: &str) -> String {
    format!("{base}/")
}

/// Any resource of ours by its path under the base (`path` starts with `/`, as a request's does).
pub fn at(base: &str, path: &str) -> String {
    format!("{base}{path}")
}

/// Where every thing's URI starts (`{base}/id/`, VoID's `uriLookupEndpoint` space).
pub fn things(base: &str) -> String {
    format!("{base}/id/")
}

/// A thing's URI as a URI template with `{id}` left in (CSVW `aboutUrl`): `uris::thing`'s rule.
pub fn thing_template(base: &str, e: &Entity) -> String {
    format!("{base}/id/{}/{{id}}", e.item_type)
}

/// The JSON API's root, `{base}/api/v1`.
pub fn api(base: &str) -> String {
    format!("{base}/api/v1")
}

/// A collection of the JSON API (`{base}/api/v1/{collection}`).
pub fn collection(base: &str, e: &Entity) -> String {
    collection_named(base, e.collection)
}

/// The same, by the collection's name as the catalogue gives it (`tt:apiCollection`).
pub fn collection_named(base: &str, collection: &str) -> String {
    format!("{base}/api/v1/{collection}")
}

/// One record of the JSON API (`{base}/api/v1/{collection}/{id}`).
pub fn record(base: &str, e: &Entity, id: &str) -> String {
    format!("{base}/api/v1/{}/{id}", e.collection)
}

/// The page for people of a collection (`{base}/data/{collection}`).
pub fn page(base: &str, collection: &str) -> String {
    format!("{base}/data/{collection}")
}

/// The CSVW table description of a collection's CSV answer.
pub fn csvw(base: &str, e: &Entity) -> String {
    format!("{base}/csvw/{}-metadata.json", e.collection)
}

/// The DCAT catalogue, `{base}/catalog`.
pub fn catalog(base: &str) -> String {
    format!("{base}/catalog")
}

/// A resource of the catalogue's own (`contact`, `rights`, `services/api`).
pub fn catalog_part(base: &str, name: &str) -> String {
    format!("{base}/catalog/{name}")
}

/// A dataset of the catalogue (`id` empty: the prefix every dataset URI starts with).
pub fn dataset(base: &str, id: &str) -> String {
    format!("{base}/catalog/datasets/{id}")
}

/// The SPARQL endpoint.
pub fn sparql(base: &str) -> String {
    format!("{base}/sparql")
}

/// A dump of every graph (`ext`: `nq`, `ttl`).
pub fn dump(base: &str, ext: &str) -> String {
    format!("{base}/dump.{ext}")
}

/// The service's other fixed resources: `docs/`, `openapi.json`, `health`, `sitemap.xml`.
pub fn fixed(base: &str, name: &str) -> String {
    format!("{base}/{name}")
}

/// Register URI for an organisation number (Digdir's organisation catalogue).
/// The full JSON download of a collection (beside its paged API view).
pub fn download(base: &str, collection: &str) -> String {
    format!("{base}/download/{collection}.json")
}

pub fn organization_register(org_number: &str) -> String {
    format!("https://organization-catalog.fellesdatakatalog.digdir.no/organizations/{org_number}")
}

#[cfg(test)]
mod tests {
    use crate::model::{CODES, INITIATIVES};

    #[test]
    fn things_follow_their_entity_rule() {
        assert_eq!(super::thing("http://x", &INITIATIVES, "I01"), "http://x/id/initiative/I01");
        assert_eq!(super::thing("http://x", &CODES, "status:completed"), "http://x/def/status/completed");
    }
}
