//! Versioned schema. Migrations are plain SQL files under `migrations/`; a test checks that the
//! migrated schema has exactly the columns the entity specs describe.

use crate::model::{Entity, Kind, ENTITIES};
use rusqlite_migration::{Migrations, M};

pub fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("../../migrations/0001_initial.sql")),
        M::up(include_str!("../../migrations/0002_goals_and_numbered_initiatives.sql")),
        M::up(include_str!("../../migrations/0003_licence_mapping_and_dated_facts.sql")),
        M::up(include_str!("../../migrations/0004_concepts.sql")),
        M::up(include_str!("../../migrations/0005_data_quality_summaries.sql")),
    ])
}

/// Number of the newest schema version.
pub const SCHEMA_VERSION: usize = 5;

fn sql_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Int | Kind::Bool => "INTEGER",
        Kind::Float => "REAL",
        _ => "TEXT",
    }
}

/// DDL for one entity table as the specs describe it (used to write and check migrations).
pub fn table_ddl(e: &Entity) -> String {
    let mut cols = Vec::new();
    let mut fks = Vec::new();
    for f in e.fields {
        for c in f.columns() {
            let mut def = format!("  {c} {}", sql_type(f.kind));
            if f.kind == Kind::Id {
                def.push_str(" PRIMARY KEY");
            } else if f.required {
                def.push_str(" NOT NULL");
            }
            if f.kind == Kind::Bool {
                def.push_str(&format!(" CHECK ({c} IN (0, 1))"));
            }
            cols.push(def);
        }
        if let Kind::Ref(target) = f.kind {
            if let Some(t) = crate::model::entity(target) {
                fks.push(format!("  FOREIGN KEY ({}) REFERENCES {}(id) DEFERRABLE INITIALLY DEFERRED", f.name, t.table));
            }
        }
    }
    cols.extend(fks);
    let mut sql = format!("CREATE TABLE {} (\n{}\n) WITHOUT ROWID;\n", e.table, cols.join(",\n"));
    for f in e.fields {
        if (f.kind.filterable() && f.kind != Kind::Id) || f.kind == Kind::Lang {
            sql.push_str(&format!("CREATE INDEX idx_{t}_{c} ON {t}({c});\n", t = e.table, c = f.sort_column()));
        }
    }
    sql
}

/// The full initial schema generated from the specs.
pub fn generated_initial_schema() -> String {
    let mut sql = String::from(
        "-- Generated from src/model.rs by `tiltak schema`; later changes go in new migration files.\n\
         CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;\n\
         CREATE TABLE record_sources (\n  entity TEXT NOT NULL,\n  record_id TEXT NOT NULL,\n  source_id TEXT NOT NULL REFERENCES sources(id) DEFERRABLE INITIALLY DEFERRED,\n  PRIMARY KEY (entity, record_id, source_id)\n) WITHOUT ROWID;\n\
         CREATE INDEX idx_record_sources_source ON record_sources(source_id);\n\
         CREATE TABLE record_quality (\n  entity TEXT NOT NULL,\n  record_id TEXT NOT NULL,\n  note_id TEXT NOT NULL REFERENCES data_quality(id) DEFERRABLE INITIALLY DEFERRED,\n  PRIMARY KEY (entity, record_id, note_id)\n) WITHOUT ROWID;\n\
         CREATE INDEX idx_record_quality_note ON record_quality(note_id);\n\
         CREATE VIRTUAL TABLE search USING fts5(entity UNINDEXED, record_id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2');\n",
    );
    for e in ENTITIES {
        sql.push_str(&table_ddl(e));
    }
    sql
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{INITIATIVES, ORGANIZATIONS};

    #[test]
    fn table_ddl_follows_the_spec() {
        let ddl = table_ddl(&ORGANIZATIONS);
        assert!(ddl.starts_with("CREATE TABLE organizations (\n  id TEXT PRIMARY KEY,"), "{ddl}");
        assert!(ddl.contains("  name_nb TEXT NOT NULL,\n  name_en TEXT NOT NULL,"), "language maps are two columns");
        assert!(ddl.contains("FOREIGN KEY (successor_id) REFERENCES organizations(id) DEFERRABLE INITIALLY DEFERRED"));
        assert!(ddl.contains("CREATE INDEX idx_organizations_name_nb ON organizations(name_nb);"));
        assert!(!ddl.contains("idx_organizations_homepage"), "URLs are not filterable, so not indexed");
        let ddl = table_ddl(&INITIATIVES);
        assert!(ddl.contains("status_year INTEGER,"));
    }

    #[test]
    fn generated_schema_matches_the_migrated_database() {
        let mut conn = rusqlite::Connection::open_in_memory().expect("memory db");
        migrations().to_latest(&mut conn).expect("migrates");
        let generated = rusqlite::Connection::open_in_memory().expect("memory db");
        generated.execute_batch(&generated_initial_schema()).expect("generated schema runs");
        let columns = |c: &rusqlite::Connection, table: &str| -> Vec<(String, String, bool)> {
            let mut stmt = c.prepare(&format!("PRAGMA table_info({table})")).expect("pragma");
            let rows = stmt.query_map([], |r| Ok((r.get(1)?, r.get(2)?, r.get::<_, i64>(3)? != 0))).expect("rows");
            rows.collect::<Result<_, _>>().expect("columns")
        };
        for e in ENTITIES {
            assert_eq!(columns(&conn, e.table), columns(&generated, e.table), "{}", e.table);
        }
    }
}
