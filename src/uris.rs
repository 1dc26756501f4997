//! The URIs tiltak mints, in one place (see DESIGN.md "URIs").

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

pub fn collection(base: &str, e: &Entity) -> String {
    format!("{base}/api/v1/{}", e.collection)
}

/// A dataset of the catalogue.
pub fn dataset(base: &str, id: &str) -> String {
    format!("{base}/catalog/datasets/{id}")
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
