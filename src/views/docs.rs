//! `/docs/`: the API's OpenAPI document as a page of the site (same layout, language and
//! accessibility as every other page), rendered on the server. The route hands in the document;
//! the operations' own texts are English (marked so), the page around them is in the reader's
//! language. Swagger UI stays available for trying requests.

use super::i18n::Lang;
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Serialize)]
pub struct Param {
    pub name: String,
    pub location: String,
    pub required: bool,
    pub description: String,
    pub kind: String,
    pub example: String,
}

#[derive(Debug, Serialize)]
pub struct Response {
    pub status: String,
    pub description: String,
    pub media_types: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Operation {
    pub id: String,
    pub method: String,
    pub path: String,
    pub summary: String,
    /// The Norwegian name the summary gives in parentheses ("Initiatives (Tiltak)"), apart.
    pub summary_nb: Option<String>,
    pub description: String,
    pub params: Vec<Param>,
    pub responses: Vec<Response>,
    /// A URL to try it with (GET without path parameters).
    pub try_href: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Group {
    pub name: String,
    pub operations: Vec<Operation>,
}

#[derive(Debug, Serialize)]
pub struct DocsView {
    pub title: String,
    pub version: String,
    pub description: String,
    pub groups: Vec<Group>,
}

fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or("").to_string()
}

fn slug(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .trim_matches('-')
        .to_string()
}

/// "English name (norsk navn)" → the two names; anything else stays whole.
fn split_names(summary: &str) -> (String, Option<String>) {
    if !summary.ends_with(')') {
        return (summary.to_string(), None);
    }
    let mut depth = 0;
    for (i, c) in summary.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth -= 1;
                if depth == 0 {
                    let inner = &summary[i + 1..summary.len() - 1];
                    let outer = summary[..i].trim_end();
                    return if outer.is_empty() { (summary.to_string(), None) } else { (outer.to_string(), Some(inner.to_string())) };
                }
            }
            _ => {}
        }
    }
    (summary.to_string(), None)
}

/// The page's view of an OpenAPI 3 document: operations grouped by their first tag (untagged ones
/// under "general"), in the document's order.
pub fn build(doc: &Value, lang: Lang) -> DocsView {
    let general = super::i18n::text(lang, "docs_general");
    let mut groups: Vec<Group> = Vec::new();
    let empty = serde_json::Map::new();
    for (path, item) in doc.get("paths").and_then(Value::as_object).unwrap_or(&empty) {
        for method in ["get", "head", "post", "put", "delete"] {
            let Some(op) = item.get(method) else { continue };
            let tag = match op.get("tags").and_then(|t| t.get(0)).and_then(Value::as_str) {
                Some(t) => crate::model::entity(t).map(|e| lang.pick(e.title_nb, e.title_en).to_string()).unwrap_or_else(|| t.to_string()),
                None => general.to_string(),
            };
            let params = op
                .get("parameters")
                .and_then(Value::as_array)
                .map(|ps| {
                    ps.iter()
                        .map(|p| Param {
                            name: text(p, "name"),
                            location: text(p, "in"),
                            required: p.get("required").and_then(Value::as_bool).unwrap_or(false),
                            description: text(p, "description"),
                            kind: p.get("schema").map(|s| text(s, "type")).unwrap_or_default(),
                            example: p
                                .get("example")
                                .map(|e| e.as_str().map(String::from).unwrap_or_else(|| e.to_string()))
                                .unwrap_or_default(),
                        })
                        .collect()
                })
                .unwrap_or_default();
            let responses = op
                .get("responses")
                .and_then(Value::as_object)
                .map(|rs| {
                    rs.iter()
                        .map(|(status, r)| Response {
                            status: status.clone(),
                            description: text(r, "description"),
                            media_types: r
                                .get("content")
                                .and_then(Value::as_object)
                                .map(|c| c.keys().cloned().collect())
                                .unwrap_or_default(),
                        })
                        .collect()
                })
                .unwrap_or_default();
            // "English title (norsk tittel)" of a collection: the Norwegian title marked apart.
            let names = match split_names(&text(op, "summary")) {
                (en, Some(nb)) if crate::model::ENTITIES.iter().any(|e| e.title_nb == nb) => (en, Some(nb)),
                _ => (text(op, "summary"), None),
            };
            let operation = Operation {
                id: format!("op-{}-{}", method, slug(path)),
                method: method.to_uppercase(),
                path: path.clone(),
                summary: names.0,
                summary_nb: names.1,
                description: text(op, "description"),
                params,
                responses,
                try_href: (method == "get" && !path.contains('{')).then(|| path.clone()),
            };
            match groups.iter_mut().find(|g| g.name == tag) {
                Some(g) => g.operations.push(operation),
                None => groups.push(Group { name: tag, operations: vec![operation] }),
            }
        }
    }
    let info = doc.get("info").cloned().unwrap_or(Value::Null);
    DocsView { title: text(&info, "title"), version: text(&info, "version"), description: text(&info, "description"), groups }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_are_grouped_by_tag_with_parameters_and_responses() {
        let doc = serde_json::json!({
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/a": {"get": {"tags": ["x"], "summary": "A", "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
                        "responses": {"200": {"description": "ok", "content": {"application/json": {}}}}}},
                "/b/{id}": {"get": {"summary": "B", "responses": {}}}
            }
        });
        let v = build(&doc, Lang::En);
        assert_eq!(v.groups.len(), 2);
        assert_eq!(v.groups[0].operations[0].params[0].name, "q");
        assert_eq!(v.groups[0].operations[0].responses[0].media_types, vec!["application/json".to_string()]);
        assert_eq!(v.groups[0].operations[0].try_href.as_deref(), Some("/a"));
        assert!(v.groups[1].operations[0].try_href.is_none(), "no link with a path parameter");
        assert_eq!(
            split_names("Responsibilities (who, when) (Ansvar (hvem))"),
            ("Responsibilities (who, when)".to_string(), Some("Ansvar (hvem)".to_string()))
        );
    }
}
