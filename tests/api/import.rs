//! Issue 2: `tiltak import` validates everything, reports every problem as `file:line: column:
//! problem`, and leaves the database untouched unless all rows are valid.

use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_tiltak")
}

fn fixtures_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures"))
}

fn copy_fixtures(to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(fixtures_dir()).expect("fixtures") {
        let entry = entry.expect("entry");
        if entry.path().extension().is_some_and(|x| x == "csv") {
            std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
        }
    }
}

/// Replace one cell (row index from 0, after the header) of a CSV file.
fn set_cell(file: &Path, row: usize, column: &str, value: &str) {
    let mut r = csv::Reader::from_path(file).expect("read");
    let headers = r.headers().expect("header").clone();
    let col = headers.iter().position(|h| h == column).unwrap_or_else(|| panic!("no column {column}"));
    let mut rows: Vec<Vec<String>> = r.records().map(|x| x.expect("rec").iter().map(String::from).collect()).collect();
    rows[row][col] = value.to_string();
    let mut w = csv::Writer::from_path(file).expect("write");
    w.write_record(&headers).expect("header");
    for row in rows {
        w.write_record(&row).expect("row");
    }
    w.flush().expect("flush");
}

fn import(db: &Path, dir: Option<&Path>) -> (bool, String) {
    let mut cmd = Command::new(bin());
    cmd.arg("import").arg("--db").arg(db);
    if let Some(d) = dir {
        cmd.arg(d);
    }
    let out = cmd.output().expect("run tiltak import");
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

/// Everything that identifies the database's contents.
fn fingerprint(db: &Path) -> (String, Vec<(String, i64)>) {
    let conn = rusqlite::Connection::open(db).expect("open");
    let version: String = conn.query_row("SELECT value FROM meta WHERE key = 'data_version'", [], |r| r.get(0)).expect("version");
    let counts = tiltak::model::ENTITIES
        .iter()
        .map(|e| (e.table.to_string(), conn.query_row(&format!("SELECT COUNT(*) FROM {}", e.table), [], |r| r.get(0)).expect("count")))
        .collect();
    (version, counts)
}

#[test]
fn import_is_idempotent_and_migrates() {
    let tmp = tempfile::tempdir().expect("tmp");
    let db = tmp.path().join("t.db");
    let (ok, out) = import(&db, None);
    assert!(ok, "{out}");
    let first = fingerprint(&db);
    assert!(first.1.iter().any(|(t, n)| t == "initiatives" && *n == 33), "{first:?}");
    let (ok, out) = import(&db, Some(&fixtures_dir()));
    assert!(ok, "{out}");
    assert_eq!(fingerprint(&db), first, "re-import changes nothing");
    let conn = rusqlite::Connection::open(&db).expect("open");
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).expect("user_version");
    assert_eq!(v as usize, tiltak::db::schema::SCHEMA_VERSION);
}

/// An imported database, its fingerprint, and a copy of the fixtures beside it to break.
struct Imported {
    _tmp: tempfile::TempDir,
    db: std::path::PathBuf,
    before: (String, Vec<(String, i64)>),
    dir: std::path::PathBuf,
}

fn imported_with_fixture_copy() -> Imported {
    let tmp = tempfile::tempdir().expect("tmp");
    let db = tmp.path().join("t.db");
    assert!(import(&db, None).0);
    let before = fingerprint(&db);
    let dir = tmp.path().join("broken");
    copy_fixtures(&dir);
    Imported { _tmp: tmp, db, before, dir }
}

fn assert_rejected(case: &str, break_it: impl FnOnce(&Path), expected: &[&str]) {
    let Imported { _tmp, db, before, dir } = imported_with_fixture_copy();
    break_it(&dir);
    let (ok, out) = import(&db, Some(&dir));
    assert!(!ok, "{case}: import must fail\n{out}");
    for e in expected {
        assert!(out.contains(e), "{case}: expected «{e}» in:\n{out}");
    }
    assert!(out.contains("nothing was written"), "{case}: {out}");
    assert_eq!(fingerprint(&db), before, "{case}: database unchanged");
}

#[test]
fn bad_type_is_reported_with_file_line_and_column() {
    assert_rejected(
        "bad type",
        |d| set_cell(&d.join("surveys.csv"), 0, "year", "twenty"),
        &["surveys.csv:2: year: 'twenty' is not an integer"],
    );
}

#[test]
fn unknown_code_is_reported() {
    assert_rejected(
        "unknown code",
        |d| set_cell(&d.join("initiatives.csv"), 2, "kind", "bogus-kind"),
        &["initiatives.csv:4: kind: 'bogus-kind' is not a code of scheme 'initiative-kind'"],
    );
}

#[test]
fn dangling_reference_is_reported() {
    assert_rejected(
        "dangling reference",
        |d| set_cell(&d.join("initiatives.csv"), 0, "focus_area_id", "99"),
        &["initiatives.csv:2: focus_area_id: '99' does not match any id in focus-areas"],
    );
}

#[test]
fn duplicate_id_is_reported() {
    assert_rejected(
        "duplicate id",
        |d| {
            let f = d.join("life_events.csv");
            let text = std::fs::read_to_string(&f).expect("read");
            let second_line = text.lines().nth(1).expect("a row").to_string();
            std::fs::write(&f, format!("{text}{second_line}\n")).expect("write");
        },
        &["life_events.csv:9: id: duplicate id"],
    );
}

#[test]
fn truncated_file_is_reported() {
    assert_rejected(
        "truncated file",
        |d| {
            let f = d.join("statistics.csv");
            let text = std::fs::read_to_string(&f).expect("read");
            let cut = text.trim_end().rfind(',').expect("a comma");
            let cut = text[..cut].rfind(',').expect("another comma");
            std::fs::write(&f, &text[..cut]).expect("write");
        },
        &["statistics.csv:"],
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    assert_rejected(
        "several problems",
        |d| {
            set_cell(&d.join("surveys.csv"), 1, "deadline", "1st of October");
            set_cell(&d.join("initiatives.csv"), 5, "same_as_id", "I404");
            set_cell(&d.join("statistics.csv"), 3, "sources", "");
        },
        &[
            "surveys.csv:3: deadline: '1st of October' is not a date (YYYY-MM-DD)",
            "initiatives.csv:7: same_as_id: 'I404' does not match any id in initiatives",
            "statistics.csv:5: sources: every record needs at least one source id",
        ],
    );
}

#[test]
fn an_empty_file_is_reported() {
    assert_rejected("empty file", |d| std::fs::write(d.join("reports.csv"), "").expect("write"), &["reports.csv:1: header: file is empty"]);
}

#[test]
fn every_command_explains_itself() {
    let help = |args: &[&str]| {
        let out = Command::new(bin()).args(args).output().expect("run");
        assert!(out.status.success(), "{args:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let top = help(&["--help"]);
    for cmd in ["serve", "import", "synth", "openapi", "schema", "catalog"] {
        assert!(top.contains(cmd), "{cmd} listed in --help");
    }
    let serve = help(&["serve", "--help"]);
    for opt in ["--bind", "TILTAK_BIND", "--db", "--base-url", "--fixtures", "--demo", "--sparql-timeout"] {
        assert!(serve.contains(opt), "serve --help mentions {opt}");
    }
    let import = help(&["import", "--help"]);
    assert!(import.contains("--db") && import.contains("--check"), "{import}");
    let catalog = help(&["catalog", "--help"]);
    assert!(catalog.contains("--base-url") && catalog.contains("--format"), "{catalog}");
    assert!(help(&["synth", "--help"]).contains("--scale"));
}

#[test]
fn an_attribution_names_exactly_one_thing() {
    assert_rejected(
        "attribution of an initiative and a life event",
        |d| set_cell(&d.join("attributions.csv"), 0, "life_event_id", "fa-barn"),
        &["attributions.csv:2: initiative_id/life_event_id: exactly one of these columns must be given (2 are)"],
    );
}

/// Append a copy of the first row of `file` under a new id.
fn append_copy(file: &Path, id: &str) {
    let mut r = csv::Reader::from_path(file).expect("read");
    let headers = r.headers().expect("header").clone();
    let mut first: Vec<String> = r.records().next().expect("a row").expect("rec").iter().map(String::from).collect();
    first[0] = id.to_string();
    let mut text = std::fs::read_to_string(file).expect("read");
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&first).expect("row");
    text.push_str(&String::from_utf8(w.into_inner().expect("csv")).expect("utf-8"));
    std::fs::write(file, text).expect("write");
    assert_eq!(headers.get(0), Some("id"));
}

#[test]
fn a_quality_note_that_concerns_nothing_is_reported() {
    // The appended row's line: the header, then every shipped note.
    let line = crate::helpers::fixture_rows("data_quality.csv").len() + 2;
    assert_rejected(
        "unreferenced note",
        |d| append_copy(&d.join("data_quality.csv"), "DQ-unreferenced"),
        &[&format!("data_quality.csv:{line}: id: data-quality note 'DQ-unreferenced' concerns no record")],
    );
}

/// `tiltak import --check [--db DB] [DIR]`: (success, stdout, stderr).
fn check(db: &Path, dir: Option<&Path>) -> (bool, String, String) {
    let mut cmd = Command::new(bin());
    cmd.args(["import", "--check", "--db"]).arg(db).env("RUST_LOG", "warn");
    if let Some(d) = dir {
        cmd.arg(d);
    }
    let out = cmd.output().expect("run tiltak import --check");
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn check_accepts_the_shipped_fixtures_and_writes_nothing() {
    let tmp = tempfile::tempdir().expect("tmp");
    let db = tmp.path().join("never-created.db");
    let codes = format!("codes={}", crate::helpers::fixture_rows("codes.csv").len());
    for dir in [Some(fixtures_dir()), None] {
        let (ok, out, err) = check(&db, dir.as_deref());
        assert!(ok, "{dir:?}: {out}{err}");
        assert!(out.contains("valid, nothing written") && out.contains("initiatives=33") && out.contains(&codes), "{out}");
        assert!(!db.exists(), "--check created {}", db.display());
    }
}

#[test]
fn check_reports_every_problem_as_file_line_column_and_writes_nothing() {
    let Imported { _tmp, db, before, dir } = imported_with_fixture_copy();
    set_cell(&dir.join("surveys.csv"), 0, "year", "twenty");
    set_cell(&dir.join("initiatives.csv"), 2, "kind", "bogus-kind");
    set_cell(&dir.join("initiatives.csv"), 0, "focus_area_id", "99");
    set_cell(&dir.join("attributions.csv"), 0, "life_event_id", "fa-barn");
    let (ok, out, err) = check(&db, Some(&dir));
    assert!(!ok, "a broken directory must fail the check:\n{out}{err}");
    let d = dir.display();
    for expected in [
        format!("{d}/surveys.csv:2: year: 'twenty' is not an integer"),
        format!("{d}/initiatives.csv:4: kind: 'bogus-kind' is not a code of scheme 'initiative-kind'"),
        format!("{d}/initiatives.csv:2: focus_area_id: '99' does not match any id in focus-areas"),
        format!("{d}/attributions.csv:2: initiative_id/life_event_id: exactly one of these columns must be given (2 are)"),
    ] {
        assert!(err.lines().any(|l| l.starts_with(&expected)), "expected a line starting «{expected}» in:\n{err}");
    }
    // Every line but the closing summary is `file:line: column: problem`.
    let (summary, problems) =
        err.trim_end().lines().collect::<Vec<_>>().split_last().map(|(s, p)| (s.to_string(), p.to_vec())).expect("output");
    assert_eq!(problems.len(), 4, "{err}");
    for line in &problems {
        let mut parts = line.splitn(4, ':');
        let (file, number, column, problem) = (parts.next(), parts.next(), parts.next(), parts.next());
        assert!(file.is_some_and(|f| f.ends_with(".csv")), "{line}");
        assert!(number.is_some_and(|n| n.parse::<u64>().is_ok()), "{line}");
        assert!(column.is_some_and(|c| c.starts_with(' ') && !c.trim().is_empty()), "{line}");
        assert!(problem.is_some_and(|p| p.len() > 2), "{line}");
    }
    assert!(summary.contains("4 problem(s) found") && summary.contains("nothing was written"), "{summary}");
    assert_eq!(fingerprint(&db), before, "--check leaves the database as it was");
}

#[test]
fn check_resolves_files_left_out_against_the_database() {
    let tmp = tempfile::tempdir().expect("tmp");
    let only_initiatives = tmp.path().join("partial");
    std::fs::create_dir_all(&only_initiatives).expect("mkdir");
    std::fs::copy(fixtures_dir().join("initiatives.csv"), only_initiatives.join("initiatives.csv")).expect("copy");
    // No database: the focus areas, codes and sources the initiatives name are nowhere.
    let (ok, _, err) = check(&tmp.path().join("absent.db"), Some(&only_initiatives));
    assert!(!ok);
    assert!(err.contains("focus_area_id: '1' does not match any id in focus-areas"), "{err}");
    // With the imported database they resolve, as `tiltak import --db` would resolve them.
    let db = tmp.path().join("t.db");
    assert!(import(&db, None).0);
    let (ok, out, err) = check(&db, Some(&only_initiatives));
    assert!(ok, "{out}{err}");
    assert_eq!(out.trim(), format!("{}: valid, nothing written: initiatives=33", only_initiatives.display()));
}
