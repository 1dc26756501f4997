//! The text orders of `selection::collation`, registered as SQLite collations (`COLLATE
//! tiltak_nb`, `tiltak_en`) on every connection.

pub use crate::selection::collation::Collation;
use rusqlite::Connection;

/// Register both orders on `conn` (every connection that may sort text needs them).
pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    for c in Collation::ALL {
        conn.create_collation(c.sql_name(), move |a: &str, b: &str| c.compare(a, b))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORDS: [&str; 10] = ["Øst", "ås", "Zebra", "æra", "alfa", "Beta", "élan", "Elg", "Ärlig", "Über"];

    fn sorted(c: Collation, words: &[&'static str]) -> Vec<&'static str> {
        let mut w = words.to_vec();
        w.sort_by(|a, b| c.compare(a, b));
        w
    }

    #[test]
    fn sqlite_orders_and_compares_with_the_collation() -> rusqlite::Result<()> {
        let conn = Connection::open_in_memory()?;
        register(&conn)?;
        conn.execute_batch("CREATE TABLE t(x TEXT)")?;
        for w in WORDS {
            conn.execute("INSERT INTO t VALUES (?1)", [w])?;
        }
        let all: Vec<String> =
            conn.prepare("SELECT x FROM t ORDER BY x COLLATE tiltak_nb")?.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
        assert_eq!(all, sorted(Collation::Nb, &WORDS));
        let after: Vec<String> = conn
            .prepare("SELECT x FROM t WHERE x COLLATE tiltak_nb > ?1 ORDER BY x COLLATE tiltak_nb")?
            .query_map(["Zebra"], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        assert_eq!(after, ["æra", "Ärlig", "Øst", "ås"]);
        Ok(())
    }
}
