//! The item view of one record (`/api/v1/{collection}/{id}`, `?format=json` on `/id/…`): its
//! shape from `selection::record`, with its links read from the store.

use super::query;
use super::DbError;
use crate::model::{self, Entity, Kind};
use crate::selection::record::{label_json, link_json, record_json};
use crate::selection::Value;
use crate::uris;
use rusqlite::Connection;
use serde_json::{json, Map, Value as Json};

/// The item view: the record, its provenance, and its related records both ways (references by
/// field name without `_id`, reverse links of the spec, and records citing it through provenance).
pub fn item_json(conn: &Connection, base: &str, e: &'static Entity, id: &str) -> Result<Option<Json>, DbError> {
    let Some(rec) = query::get(conn, e, id)? else { return Ok(None) };
    let prov = query::provenance(conn, e, std::slice::from_ref(&rec.id))?;
    let mut obj = record_json(base, e, &rec, prov.get(&rec.id), None);
    let mut links = Map::new();
    for (f, cells) in rec.fields(e) {
        if let (Kind::Ref(target), [Value::Text(ref_id)]) = (f.kind, cells) {
            if let Some(te) = model::entity(target) {
                if let Some(l) = query::label_of(conn, te, ref_id)? {
                    links.insert(f.name.trim_end_matches("_id").into(), link_json(base, te, &l));
                }
            }
        }
    }
    for l in e.links {
        if let Some(te) = model::entity(l.entity) {
            let recs = query::linked(conn, te, l.via, id)?;
            links.insert(l.name.into(), Json::Array(recs.iter().map(|r| link_json(base, te, r)).collect()));
        }
    }
    if let Some(cited) = &e.cited_by {
        let mut about = Vec::new();
        for (coll, rid) in query::citing_records(conn, cited.by, id)? {
            if let Some(te) = model::entity(&coll) {
                let label = query::label_of(conn, te, &rid)?.map(|l| label_json(te, &l.label)).unwrap_or(Json::Null);
                about.push(json!({ "collection": coll, "id": rid, "uri": uris::thing(base, te, &rid), "label": label }));
            }
        }
        links.insert(cited.name.into(), Json::Array(about));
    }
    obj.insert("links".into(), Json::Object(links));
    Ok(Some(Json::Object(obj)))
}
