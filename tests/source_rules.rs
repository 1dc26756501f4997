//! Rules of ARCHITECTURE.md checked on the source text of `src/` (beside `tests/layering.rs`):
//!
//! - no collection name as a literal outside the entity specs (`src/model.rs`): code that means a
//!   collection names its spec (`model::STATISTICS.collection`), and a rule about a collection is a
//!   spec field (`Entity::exactly_one_of`), never a match on its name;
//! - only `src/uris.rs` mints URIs: no `/id/`, `/def/`, `/graph/`, `/catalog/datasets/`,
//!   `/api/v1/{…}` or `/download/` path is glued onto a base URI anywhere else.
//!
//! Test code (`#[cfg(test)]` items) may name fixtures and URIs as it likes: it is left out.

mod source_text;

use source_text::rust_files;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A string literal of the source: its line, its text (escapes as written) and whether it sits in
/// test code.
#[derive(Debug)]
struct Literal {
    line: usize,
    text: String,
    in_test: bool,
}

/// The string literals of `src` (plain, byte and raw strings; comments and char literals skipped).
fn literals(src: &str) -> Vec<Literal> {
    let source_text::Scan { code, literals: found } = source_text::scan(src);
    // Lines covered by `#[cfg(test)]` items (up to the matching closing brace, or the `;`).
    let mut test_lines: Vec<(usize, usize)> = Vec::new();
    let mut search = 0;
    while let Some(k) = code[search..].find("#[cfg(test)]") {
        let at = search + k;
        search = at + 1;
        let body = &code[at..];
        let (Some(open), semi) = (body.find('{'), body.find(';')) else { continue };
        let end = if semi.is_some_and(|s| s < open) {
            at + semi.unwrap_or(0)
        } else {
            let mut depth = 0;
            let mut close = code.len();
            for (j, ch) in code[at + open..].char_indices() {
                match ch {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            close = at + open + j;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            close
        };
        let line_of = |b: usize| code[..b].matches('\n').count() + 1;
        test_lines.push((line_of(at), line_of(end)));
    }
    found
        .into_iter()
        .map(|(line, text)| Literal { line, in_test: test_lines.iter().any(|(a, b)| *a <= line && line <= *b), text })
        .collect()
}

/// `src/` as relative path → text.
fn sources() -> BTreeMap<String, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    rust_files(&root, &mut paths);
    paths
        .iter()
        .map(|p| {
            let rel = p.strip_prefix(&root).expect("under src").to_string_lossy().replace('\\', "/");
            (rel, std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
        })
        .collect()
}

/// Whether `text` names the collection `name`: the whole literal, or a path segment after
/// `/api/v1/`, `/data/`, `/download/`, `/csvw/` or `/catalog/datasets/`.
fn names(text: &str, name: &str) -> bool {
    text == name || in_path(text, &["/api/v1/", "/data/", "/download/", "/csvw/", "/catalog/datasets/"], name)
}

/// Whether `text` names the item type `item_type` in a thing's path (`/id/{type}`); the type alone
/// is too often also a field's name (`code`, `measure`, `source`).
fn names_type(text: &str, item_type: &str) -> bool {
    in_path(text, &["/id/"], item_type)
}

fn in_path(text: &str, prefixes: &[&str], name: &str) -> bool {
    prefixes.iter().any(|prefix| {
        text.match_indices(&format!("{prefix}{name}")).any(|(k, m)| {
            let after = text[k + m.len()..].chars().next();
            !after.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_')
        })
    })
}

/// Words that are a collection's name and also, by the specs, the name of something else.
const SAME_WORD: &[(&str, &str)] =
    &[("sources", "the provenance column and JSON key of records with `has_sources` (`Entity::csv_columns`)"), ("id", "the id column")];

/// (file, literal): a literal that equals a collection name by coincidence.
const COINCIDENCES: &[(&str, &str, &str)] = &[
    ("rdf/datacube.rs", "measures", "a unit of count (\"measures (number of)\"), not the collection"),
    ("rdf/datacube.rs", "indicators", "the name of the data structure definition `dsd/indicators` in catalog/datacube.ttl"),
    ("rdf/harvest.rs", "concepts", "the harvest document `/catalog/concepts` and its named graph"),
    ("views/i18n.rs", "sources", "an i18n key"),
];

/// Files whose literals are texts for people that show URIs as written (the README's example
/// queries on the SPARQL page): documents, not minting nor matching.
const DOCUMENTS: &[&str] = &["views/sparql.rs"];

#[test]
fn no_collection_name_literal_outside_the_specs() {
    let mut problems = Vec::new();
    for (file, text) in sources() {
        if file == "model.rs" || DOCUMENTS.contains(&file.as_str()) {
            continue;
        }
        for lit in literals(&text).into_iter().filter(|l| !l.in_test) {
            for e in tiltak::model::ENTITIES {
                for hit in [names(&lit.text, e.collection), names_type(&lit.text, e.item_type)] {
                    if !hit || SAME_WORD.iter().any(|(w, _)| *w == lit.text) {
                        continue;
                    }
                    if COINCIDENCES.iter().any(|(f, l, _)| *f == file && *l == lit.text) {
                        continue;
                    }
                    problems.push(format!(
                        "src/{file}:{}: {:?} names the collection {}",
                        lit.line,
                        lit.text.lines().next().unwrap_or(""),
                        e.collection
                    ));
                }
            }
        }
    }
    problems.dedup();
    assert!(
        problems.is_empty(),
        "{} collection name(s) outside src/model.rs (name the spec, e.g. `model::STATISTICS.collection`, or make the rule a spec field):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_literal_scanner_reads_what_the_checks_need() {
    let src = "fn a<'x>(c: char) -> &'x str { let _ = 'q'; let _ = '\\''; // \"comment\"\n  r#\"raw \"x\"\"# ; b\"bytes\"; \"/id/survey/2018\" }\n#[cfg(test)]\nmod tests {\n    const T: &str = \"statistics\";\n}\nconst U: &str = \"data-quality\";\n";
    let lits = literals(src);
    let found: Vec<(usize, &str, bool)> = lits.iter().map(|l| (l.line, l.text.as_str(), l.in_test)).collect();
    assert_eq!(
        found,
        [(2, "raw \"x\"", false), (2, "bytes", false), (2, "/id/survey/2018", false), (5, "statistics", true), (7, "data-quality", false)]
    );
    assert!(names_type("/id/survey/2018", "survey") && !names_type("/id/surveys-x", "survey") && !names_type("survey", "survey"));
    assert!(names("data-quality", "data-quality") && names("{base}/catalog/datasets/indicators", "indicators"));
    assert!(!names("survey_id=2018", "surveys") && !names("the statistics", "statistics"));
}

/// Whether a literal glues a path onto the base URI: a format string with `{base}` in it, or
/// `{}` followed by one of the paths tiltak mints under its base.
fn mints(text: &str) -> bool {
    text.contains("{base}/")
        || text.contains("{base}{")
        || ["{}/id/", "{}/def/", "{}/graph/", "{}/catalog", "{}/api/v1", "{}/download/", "{}/data/", "{}/csvw/", "{}/sparql", "{}/dump."]
            .iter()
            .any(|p| text.contains(p))
}

/// Texts for people and documents that show the base URI as written (the README's example
/// queries on the SPARQL page) — they are replaced as text, not minted.
const MINTING_DOCUMENTS: &[(&str, &str)] = &[
    ("views/sparql.rs", "the README's example queries, `{base}` replaced as text"),
    ("model.rs", "the codes collection's description states the URI rule as text"),
];

#[test]
fn only_uris_rs_mints_uris() {
    let mut problems = Vec::new();
    for (file, text) in sources() {
        if file == "uris.rs" || MINTING_DOCUMENTS.iter().any(|(f, _)| *f == file) {
            continue;
        }
        for lit in literals(&text).into_iter().filter(|l| !l.in_test && mints(&l.text)) {
            problems.push(format!("src/{file}:{}: {:?}", lit.line, lit.text.lines().next().unwrap_or("")));
        }
    }
    assert!(
        problems.is_empty(),
        "{} URI(s) built outside src/uris.rs (add or use a function there):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The UI string keys the templates read from `t` (`{{ t.key }}`, inside `{{ }}` and `{% %}` tags;
/// not where a `{% for t in … %}` loop names something else `t`), with file and line.
fn template_keys(html: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut loops: Vec<Vec<String>> = Vec::new();
    let mut rest = html;
    let mut offset = 0;
    while let Some(open) = rest.find('{') {
        let tail = &rest[open..];
        let close = if tail.starts_with("{{") {
            "}}"
        } else if tail.starts_with("{%") {
            "%}"
        } else {
            offset += open + 1;
            rest = &rest[open + 1..];
            continue;
        };
        let Some(end) = tail.find(close) else { break };
        let tag = &tail[2..end];
        let line = html[..offset + open].matches('\n').count() + 1;
        let words: Vec<&str> = tag.trim().trim_start_matches('-').split_whitespace().collect();
        match words.first().copied() {
            Some("for") => {
                let vars = words.iter().skip(1).take_while(|w| **w != "in").flat_map(|w| w.split(',')).filter(|w| !w.is_empty());
                loops.push(vars.map(String::from).collect());
            }
            Some("endfor") => {
                loops.pop();
            }
            _ => {}
        }
        let shadowed = loops.iter().flatten().any(|v| v == "t");
        if !shadowed && words.first() != Some(&"for") {
            let bytes = tag.as_bytes();
            for (k, _) in tag.match_indices("t.") {
                if k > 0 && (bytes[k - 1].is_ascii_alphanumeric() || bytes[k - 1] == b'_' || bytes[k - 1] == b'.') {
                    continue;
                }
                let key: String = tag[k + 2..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                if !key.is_empty() {
                    out.push((line, key));
                }
            }
        }
        offset += open + end + close.len();
        rest = &html[offset..];
    }
    out
}

/// The keys `views::i18n::text(lang, "key")` is called with in `code` (every string literal among
/// the arguments, e.g. both of `text(lang, if b { "yes" } else { "no" })`), with their line.
fn text_call_keys(code: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (k, _) in code.match_indices("text(") {
        let before = code[..k].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') && !code[..k].ends_with("i18n::") {
            continue;
        }
        let args_start = k + 5;
        let mut depth = 1;
        let mut end = args_start;
        for (j, ch) in code[args_start..].char_indices() {
            match ch {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        end = args_start + j;
                        break;
                    }
                }
                _ => {}
            }
        }
        let args = &code[args_start..end];
        let first = args.split(',').next().unwrap_or("").trim();
        if !first.ends_with("lang") || first.contains('"') {
            continue;
        }
        // The values, not the conditions: `if v == "true" {` is blanked up to its brace.
        let mut values = args.to_string();
        while let Some(at) = values.find("if ") {
            let brace = values[at..].find('{').map_or(values.len(), |b| at + b);
            values.replace_range(at..brace, &" ".repeat(brace - at));
        }
        let line = code[..k].matches('\n').count() + 1;
        out.extend(literals(&values).into_iter().map(|l| (line, l.text)));
    }
    out
}

fn html_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            html_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "html") {
            out.push(path);
        }
    }
}

#[test]
fn every_ui_string_key_in_use_is_in_nb_and_in_en() {
    use tiltak::views::i18n::{table, text, Lang};
    let (nb, en) = (table(Lang::Nb), table(Lang::En));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut used: Vec<(String, String)> = Vec::new();
    let mut templates = Vec::new();
    html_files(&root.join("templates"), &mut templates);
    for path in &templates {
        let html = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let rel = path.strip_prefix(root).expect("under the crate").display().to_string();
        used.extend(template_keys(&html).into_iter().map(|(line, key)| (format!("{rel}:{line}"), key)));
    }
    let from_templates = used.len();
    for (file, code) in sources().into_iter().filter(|(f, _)| f.starts_with("views/")) {
        // Test code may ask for a key that is not there on purpose.
        let test_from = code.find("#[cfg(test)]").unwrap_or(code.len());
        used.extend(text_call_keys(&code[..test_from]).into_iter().map(|(line, key)| (format!("src/{file}:{line}"), key)));
    }
    assert!(from_templates > 50 && used.len() > from_templates + 40, "found {from_templates} keys in templates, {} in all", used.len());
    let missing: Vec<String> = used
        .iter()
        .filter(|(_, key)| nb.get(key.as_str()).is_none_or(|s| s.is_empty()) || en.get(key.as_str()).is_none_or(|s| s.is_empty()))
        .map(|(at, key)| format!("{at}: {key}"))
        .collect();
    assert!(missing.is_empty(), "UI string keys missing from views::i18n::STRINGS (or empty in nb or en):\n{}", missing.join("\n"));
    // At run time an unknown key is an empty string (and a warning in the log), never a panic.
    assert_eq!(text(Lang::En, "no such key, on purpose"), "");
}

#[test]
fn the_key_scanners_read_templates_and_calls() {
    let html =
        "<p>{{ t.title }} {{ page.t.x }}</p>{% for t in rows %}{{ t.cell }}{% endfor %}\n{% if t.flag %}{{ t.after_loop|e }}{% endif %}";
    let keys: Vec<String> = template_keys(html).into_iter().map(|(_, k)| k).collect();
    assert_eq!(keys, ["title", "flag", "after_loop"]);
    let code = "let a = text(lang, \"one\");\nlet b = i18n::text(self.lang, if x == \"true\" { \"yes\" } else { \"no\" });\nlet c = text(p, \"name\");\nlet d = cite.text(lang);";
    let keys: Vec<String> = text_call_keys(code).into_iter().map(|(_, k)| k).collect();
    assert_eq!(keys, ["one", "yes", "no"]);
}
