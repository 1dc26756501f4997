//! The URIs tiltak mints, in one place (see DESIGN.md "URIs").

use crate::model::Entity;

/// `{base}/id/{type}/{id}`; code-list concepts live under `{base}/def/{scheme}/{code}`.
pub fn thing(base: &str, e: &Entity, id: &str) -> String {
    if e.collection == "codes" {
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

/// Register URI for an organisation number (Digdir's organisation catalogue).
pub fn organization_register(org_number: &str) -> String {
    format!("https://organization-catalog.fellesdatakatalog.digdir.no/organizations/{org_number}")
}
