//! The CSV importer: any file content for any entity is either imported or reported as
//! problems (`ImportError::Invalid`), never a panic and never a half-written database.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tiltak::db::import::{import, FileInput, ImportError};
use tiltak::model::ENTITIES;

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else { return };
    let entity: &'static tiltak::model::Entity = ENTITIES[which as usize % ENTITIES.len()];
    let Ok((mut conn, _uri)) = tiltak::db::open_memory() else { return };
    let input = FileInput { entity, name: entity.file.to_string(), content: String::from_utf8_lossy(rest).into_owned() };
    match import(&mut conn, &[input]) {
        Ok(_) | Err(ImportError::Invalid(_)) => {}
        Err(ImportError::Db(e)) => {
            // A database error on a fresh in-memory database is a bug in the importer's validation.
            panic!("database error on fuzzed input: {e}");
        }
    }
});
