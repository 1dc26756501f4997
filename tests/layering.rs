//! The layering rule of ARCHITECTURE.md, checked on the source text: every import points down the
//! layer table [`LAYERS`] (`model`, `formats`, `config` → `uris` → `selection` → `db`, `synth` →
//! `rdf` → `sparql` → `state` → `error` → `http` → `views` → `openapi` → `routes::*` → `startup`, `cli`).
//!
//! Every `crate::…` path in `src/` (in `use` statements, grouped `use crate::{a, b::{c, d}}` included,
//! and inline in code; `super::`/`self::` resolved) is mapped to the source file that defines the
//! module it names (`src/a.rs`, `src/a/mod.rs` or `src/a/b.rs`: file level, the longest prefix that
//! is a file). The test fails on an import from one top-level module into another of the same or a
//! higher layer (or into one its row names as never imported), on a top-level module missing from the
//! table, on any import cycle between files (printed with the line of each import), on a module under
//! `src/routes/` importing another route module, and on `actix` in `src/model.rs`, `src/uris.rs`,
//! `src/formats.rs`, `src/selection/**`, `src/db/**`, `src/rdf/**` or `src/sparql/**`.

mod source_text;

use source_text::rust_files;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// One import: the file that names a path, where, and the path as written.
#[derive(Debug, Clone)]
struct Import {
    line: usize,
    path: String,
}

/// Source text with comments, string and char literals blanked out (newlines kept, so line
/// numbers stay right): only code is searched for paths.
fn code_only(src: &str) -> String {
    source_text::scan(src).code
}

/// Expand a use tree (`a::{b, c::{d, e}}`, `a::b as x`, `a::*`) into its paths.
fn expand_use_tree(tree: &str) -> Vec<String> {
    let tree: String = tree.split_whitespace().collect::<Vec<_>>().join(" ");
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        let path = tree.split(" as ").next().unwrap_or("").trim().trim_end_matches("::*").trim_end_matches("::self");
        return if path.is_empty() { vec![] } else { vec![path.to_string()] };
    };
    let prefix = tree[..open].trim().trim_end_matches("::");
    let close = tree.rfind('}').unwrap_or(tree.len());
    let inner = &tree[open + 1..close];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (k, ch) in inner.char_indices() {
        match ch {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..k]);
                start = k + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    let mut out = Vec::new();
    for part in parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        if part == "self" {
            out.push(prefix.to_string());
            continue;
        }
        for sub in expand_use_tree(part) {
            out.push(if prefix.is_empty() { sub } else { format!("{prefix}::{sub}") });
        }
    }
    out
}

/// Inline modules (`mod tests { … }`): (byte span of the body, name), so that `super::` inside
/// them resolves from the inline module, not from the file.
fn inline_modules(code: &str) -> Vec<(usize, usize, String)> {
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    let mut search = 0;
    while let Some(k) = code[search..].find("mod ") {
        let at = search + k;
        search = at + 4;
        if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_') {
            continue;
        }
        let rest = &code[at + 4..];
        let name: String = rest.trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        let after_name = rest.trim_start()[name.len()..].trim_start();
        if name.is_empty() || !after_name.starts_with('{') {
            continue;
        }
        let open = code.len() - after_name.len();
        let mut depth = 0;
        let mut close = code.len();
        for (j, ch) in code[open..].char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        close = open + j;
                        break;
                    }
                }
                _ => {}
            }
        }
        out.push((open, close, name));
    }
    out
}

/// Every `crate::`, `super::` and `self::` path in the code, absolute (`crate::a::b`).
fn imports(code: &str, file_module: &[String]) -> Vec<Import> {
    let line_of = |byte: usize| code[..byte].matches('\n').count() + 1;
    let inline = inline_modules(code);
    let module_at = |byte: usize| -> Vec<String> {
        let mut m = file_module.to_vec();
        m.extend(inline.iter().filter(|(open, close, _)| *open < byte && byte < *close).map(|(_, _, name)| name.clone()));
        m
    };
    let absolute = |path: &str, at: usize| -> Option<String> {
        let mut segs: Vec<&str> = path.split("::").map(str::trim).collect();
        let mut base: Vec<String> = match segs.first().copied() {
            Some("crate") => Vec::new(),
            Some("self") | Some("super") => module_at(at),
            _ => return None,
        };
        if segs[0] != "crate" && segs[0] != "self" {
            while segs.first() == Some(&"super") {
                base.pop();
                segs.remove(0);
            }
        } else {
            segs.remove(0);
        }
        base.extend(segs.iter().map(|s| s.to_string()));
        Some(format!("crate::{}", base.join("::")))
    };
    let mut out = Vec::new();
    let mut in_use = vec![false; code.len() + 1];
    // `use` statements (possibly spanning lines), grouped trees expanded.
    let mut search = 0;
    while let Some(k) = code[search..].find("use ") {
        let at = search + k;
        search = at + 4;
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let Some(end) = code[at..].find(';').map(|e| at + e) else { break };
        let tree = &code[at + 4..end];
        let first = tree.trim_start().split("::").next().unwrap_or("");
        if !["crate", "super", "self"].contains(&first) && !tree.trim_start().starts_with('{') {
            continue;
        }
        for flag in in_use.iter_mut().take(end).skip(at) {
            *flag = true;
        }
        for path in expand_use_tree(tree) {
            if let Some(abs) = absolute(&path, at) {
                out.push(Import { line: line_of(at), path: abs });
            }
        }
    }
    // Inline paths: `crate::a::b(…)`, `super::x::Y`.
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < code.len() {
        let rest = &code[i..];
        let starts = ["crate::", "super::", "self::"].iter().find(|p| rest.starts_with(**p));
        let boundary = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_' || bytes[i - 1] == b':');
        if let (Some(_), true, false) = (starts, boundary, in_use[i]) {
            let len = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).unwrap_or(rest.len());
            let path = rest[..len].trim_end_matches(':');
            if let Some(abs) = absolute(path, i) {
                out.push(Import { line: line_of(i), path: abs });
            }
            i += len.max(1);
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    out
}

/// Module path of a source file (`src/db/import.rs` → `[db, import]`, `src/rdf/mod.rs` → `[rdf]`).
fn module_of(rel: &Path) -> Vec<String> {
    let mut segs: Vec<String> = rel.iter().map(|s| s.to_string_lossy().into_owned()).collect();
    let last = segs.pop().unwrap_or_default();
    let stem = last.trim_end_matches(".rs");
    if !["mod", "lib", "main"].contains(&stem) {
        segs.push(stem.to_string());
    }
    segs
}

/// File → (imported file → the imports that make the edge), for the crate whose sources are `files`
/// (relative path → text). `main.rs` is the binary, a crate of its own: left out.
type Edges = BTreeMap<String, BTreeMap<String, Vec<Import>>>;

fn file_graph(files: &BTreeMap<String, String>) -> Edges {
    let modules: BTreeMap<Vec<String>, String> =
        files.keys().filter(|f| f.as_str() != "main.rs").map(|f| (module_of(Path::new(f)), f.clone())).collect();
    let mut edges: Edges = BTreeMap::new();
    for (file, text) in files.iter().filter(|(f, _)| f.as_str() != "main.rs") {
        let module = module_of(Path::new(file));
        let code = code_only(text);
        for import in imports(&code, &module) {
            let segs: Vec<String> = import.path.split("::").skip(1).map(String::from).collect();
            // Longest prefix that is a file (the last segments name items inside it).
            let target = (1..=segs.len()).rev().find_map(|n| modules.get(&segs[..n]));
            if let Some(target) = target.filter(|t| *t != file) {
                edges.entry(file.clone()).or_default().entry(target.clone()).or_default().push(import);
            }
        }
    }
    edges
}

/// Strongly connected components with more than one file, each as one concrete cycle.
fn cycles(edges: &Edges) -> Vec<(Vec<String>, BTreeSet<String>)> {
    let nodes: BTreeSet<&String> = edges.keys().chain(edges.values().flat_map(|m| m.keys())).collect();
    let succ = |n: &str| -> Vec<String> { edges.get(n).map(|m| m.keys().cloned().collect()).unwrap_or_default() };
    let reaches = |from: &str| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_string()];
        while let Some(n) = stack.pop() {
            for s in succ(&n) {
                if seen.insert(s.clone()) {
                    stack.push(s);
                }
            }
        }
        seen
    };
    let reach: BTreeMap<String, BTreeSet<String>> = nodes.iter().map(|n| (n.to_string(), reaches(n))).collect();
    let mut done: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::new();
    for n in &nodes {
        if done.contains(n.as_str()) || !reach[n.as_str()].contains(n.as_str()) {
            continue;
        }
        let component: BTreeSet<String> = nodes
            .iter()
            .filter(|m| reach[n.as_str()].contains(m.as_str()) && reach[m.as_str()].contains(n.as_str()))
            .map(|m| m.to_string())
            .collect();
        done.extend(component.iter().cloned());
        // One cycle through every file of the component would be a Hamiltonian search; a
        // shortest cycle back to `n` (breadth first, inside the component) shows the problem.
        let mut previous: BTreeMap<String, String> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([n.to_string()]);
        let mut closing = None;
        while let Some(cur) = queue.pop_front() {
            for s in succ(&cur).into_iter().filter(|s| component.contains(s)) {
                if s == **n {
                    closing = Some(cur.clone());
                    break;
                }
                if !previous.contains_key(&s) {
                    previous.insert(s.clone(), cur.clone());
                    queue.push_back(s);
                }
            }
            if closing.is_some() {
                break;
            }
        }
        let mut chain = Vec::new();
        let mut cur = closing.expect("a file of a cycle reaches itself");
        while cur != **n {
            chain.push(cur.clone());
            cur = previous[&cur].clone();
        }
        chain.reverse();
        let mut cycle = vec![n.to_string()];
        cycle.extend(chain);
        cycle.push(n.to_string());
        out.push((cycle, component));
    }
    out
}

fn describe_cycle(cycle: &[String], component: &BTreeSet<String>, edges: &Edges) -> String {
    let mut text = format!("import cycle: {}\n", cycle.iter().map(|f| format!("src/{f}")).collect::<Vec<_>>().join(" → "));
    if component.len() + 1 > cycle.len() {
        let all: Vec<String> = component.iter().map(|f| format!("src/{f}")).collect();
        text.push_str(&format!("  (one of the cycles among these {} files, which all reach each other: {})\n", all.len(), all.join(", ")));
    }
    for pair in cycle.windows(2) {
        let first = &edges[&pair[0]][&pair[1]][0];
        text.push_str(&format!("    src/{}:{}: {}\n", pair[0], first.line, first.path));
    }
    text
}

/// The layers, bottom first: a top-level module may import only modules of a LOWER row (never one
/// of its own row, never one above), and never the modules its row lists as `never` (though they
/// are below). Inside one top-level module (`db::query` → `db::operators`) only the cycle rule
/// applies. A module that does not exist (yet) is simply never seen; a module that exists but is
/// not in this table is an error, so a new module is placed on purpose. Keep in step with the
/// "Layers" table of ARCHITECTURE.md.
struct Layer {
    name: &'static str,
    modules: &'static [&'static str],
    never: &'static [&'static str],
}

const LAYERS: &[Layer] = &[
    Layer { name: "1 pure data and rules", modules: &["model", "formats", "config"], never: &[] },
    Layer { name: "1 URIs", modules: &["uris"], never: &[] },
    Layer { name: "1 query language and record shape", modules: &["selection"], never: &[] },
    Layer { name: "2 store of record", modules: &["db", "synth"], never: &[] },
    Layer { name: "2 graph", modules: &["rdf"], never: &[] },
    Layer { name: "3 SPARQL engine", modules: &["sparql"], never: &[] },
    Layer { name: "3 snapshot", modules: &["state"], never: &[] },
    Layer { name: "4 problems", modules: &["error"], never: &[] },
    Layer { name: "4 HTTP machinery", modules: &["http"], never: &["state"] },
    Layer { name: "4b page views", modules: &["views"], never: &[] },
    Layer { name: "5 OpenAPI document", modules: &["openapi"], never: &[] },
    Layer { name: "5 resources", modules: &["routes"], never: &[] },
    Layer { name: "6 application", modules: &["startup", "cli"], never: &[] },
];

/// The top-level module a source file belongs to (`db/query.rs` → `db`, `uris.rs` → `uris`);
/// `None` for `lib.rs` and `main.rs`, which only declare and start.
fn top_module(file: &str) -> Option<&str> {
    let first = file.split('/').next()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!["lib", "main"].contains(&name)).then_some(name)
}

fn layer_of(module: &str) -> Option<(usize, &'static Layer)> {
    LAYERS.iter().enumerate().find(|(_, l)| l.modules.contains(&module))
}

/// Imports that do not point down a layer, and top-level modules the table does not place.
fn layer_violations(files: &BTreeMap<String, String>, edges: &Edges) -> Vec<String> {
    let mut problems = Vec::new();
    let unplaced: BTreeSet<&str> = files.keys().filter_map(|f| top_module(f)).filter(|m| layer_of(m).is_none()).collect();
    for m in unplaced {
        problems.push(format!("module not in the layer table (tests/layering.rs LAYERS, ARCHITECTURE.md): {m}"));
    }
    for (file, targets) in edges {
        let Some(from_module) = top_module(file) else { continue };
        let Some((from_rank, from)) = layer_of(from_module) else { continue };
        for (target, via) in targets {
            let Some(to_module) = top_module(target) else { continue };
            if to_module == from_module {
                continue;
            }
            let Some((to_rank, to)) = layer_of(to_module) else { continue };
            let why = if from.never.contains(&to_module) {
                format!("layer \"{}\" never imports `{to_module}`", from.name)
            } else if to_rank == from_rank {
                format!("`{from_module}` and `{to_module}` share the layer \"{}\"", from.name)
            } else if to_rank > from_rank {
                format!("layer \"{}\" imports the higher layer \"{}\"", from.name, to.name)
            } else {
                continue;
            };
            problems.push(format!("import does not point down: src/{file}:{}: {} (src/{target}): {why}", via[0].line, via[0].path));
        }
    }
    problems
}

/// Every rule broken by the crate whose sources are `files` (relative to `src/`).
fn violations(files: &BTreeMap<String, String>) -> Vec<String> {
    let edges = file_graph(files);
    let mut problems = layer_violations(files, &edges);
    problems.extend(cycles(&edges).iter().map(|(c, component)| describe_cycle(c, component, &edges)));
    for (file, targets) in &edges {
        if !file.starts_with("routes/") || file == "routes/mod.rs" {
            continue;
        }
        for (target, via) in targets.iter().filter(|(t, _)| t.starts_with("routes/") && t.as_str() != "routes/mod.rs") {
            problems.push(format!("route module imports another route module: src/{file}:{}: {} (src/{target})", via[0].line, via[0].path));
        }
    }
    let actix_free =
        |f: &str| ["model", "uris", "formats", "selection", "db", "rdf", "sparql"].contains(&top_module(f).unwrap_or_default());
    for (file, text) in files.iter().filter(|(f, _)| actix_free(f)) {
        let code = code_only(text);
        for (n, line) in code.lines().enumerate() {
            if let Some(k) = line.find("actix") {
                let before = line[..k].chars().next_back();
                if !before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    problems.push(format!(
                        "actix below the http layer: src/{file}:{}: {}",
                        n + 1,
                        text.lines().nth(n).unwrap_or("").trim()
                    ));
                }
            }
        }
    }
    problems
}

fn sources(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(f, t)| (f.to_string(), t.to_string())).collect()
}

#[test]
fn grouped_and_relative_paths_are_read() {
    let code = code_only(
        "use crate::{a, b::{c, d as e}, f::*};\nuse super::g::H;\n// crate::commented::out\nfn x() { crate::i::j(\"crate::in_string\"); let c = 'x'; }\nmod tests {\n    use super::*;\n}\n",
    );
    let found: Vec<String> = imports(&code, &["m".into(), "n".into()]).into_iter().map(|i| format!("{}:{}", i.line, i.path)).collect();
    assert_eq!(
        found,
        ["1:crate::a", "1:crate::b::c", "1:crate::b::d", "1:crate::f", "2:crate::m::g::H", "6:crate::m::n", "4:crate::i::j"],
        "`use super::*` in an inline test module names the file's own module"
    );
}

#[test]
fn the_checker_finds_each_kind_of_violation() {
    let broken = sources(&[
        ("lib.rs", "pub mod db; pub mod rdf; pub mod routes; pub mod state;"),
        ("db/mod.rs", "pub mod query;"),
        ("db/query.rs", "use crate::state::Snapshot;\nuse actix_web::HttpResponse;"),
        ("state.rs", "use crate::{db::query::run, rdf};"),
        ("rdf/mod.rs", "fn f() { crate::db::query::run(); }"),
        ("routes/mod.rs", "pub mod a; pub mod b;"),
        ("routes/a.rs", "use super::b::handler;"),
        ("routes/b.rs", "use crate::rdf;"),
        ("http/mod.rs", "use crate::state::Snapshot;\nuse crate::error::ApiError;"),
        ("startup.rs", "fn f() { crate::cli::run(); }"),
        ("cli.rs", ""),
        ("gadgets.rs", "use crate::model;"),
    ]);
    let found = violations(&broken);
    assert!(
        found.iter().any(|p| p.starts_with("import does not point down: src/db/query.rs:1: crate::state::Snapshot (src/state.rs)")
            && p.contains("imports the higher layer \"3 snapshot\"")),
        "{found:#?}"
    );
    assert!(
        found.iter().any(|p| p.starts_with("import does not point down: src/http/mod.rs:1: crate::state::Snapshot")
            && p.contains("never imports `state`")),
        "below, but named in the row's `never`: {found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("import does not point down: src/startup.rs:1: crate::cli::run") && p.contains("share the layer")),
        "{found:#?}"
    );
    assert!(found.iter().any(|p| p == "module not in the layer table (tests/layering.rs LAYERS, ARCHITECTURE.md): gadgets"), "{found:#?}");
    assert!(found.iter().any(|p| p.starts_with("import cycle: src/db/query.rs → src/state.rs → src/db/query.rs")), "{found:#?}");
    assert!(found.iter().any(|p| p.contains("src/db/query.rs:1: crate::state::Snapshot")), "the cycle names its imports: {found:#?}");
    assert!(
        found.iter().any(|p| p.starts_with("route module imports another route module: src/routes/a.rs:1: crate::routes::b::handler")),
        "{found:#?}"
    );
    assert!(found.iter().any(|p| p.starts_with("actix below the http layer: src/db/query.rs:2")), "{found:#?}");
    assert_eq!(found.len(), 7, "rdf → db, routes/b → rdf, http → error and gadgets → model point down: {found:#?}");
}

#[test]
fn layers_point_down_only() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    rust_files(&root, &mut paths);
    let files: BTreeMap<String, String> = paths
        .iter()
        .map(|p| {
            let rel = p.strip_prefix(&root).expect("under src").to_string_lossy().replace('\\', "/");
            (rel, std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
        })
        .collect();
    let edges = file_graph(&files);
    let edge_count: usize = edges.values().map(BTreeMap::len).sum();
    assert!(files.len() > 10 && edge_count > 20, "read {} files with {edge_count} imports between them", files.len());
    let problems = violations(&files);
    assert!(problems.is_empty(), "{} layering problem(s):\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn the_crate_doc_lists_every_module_and_the_table_places_it() {
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).expect("src/lib.rs");
    let doc: String = lib.lines().filter(|l| l.starts_with("//!")).collect::<Vec<_>>().join("\n");
    let modules: Vec<&str> = lib.lines().filter_map(|l| l.trim().strip_prefix("pub mod ").and_then(|m| m.strip_suffix(';'))).collect();
    assert!(modules.len() > 10, "read the modules of src/lib.rs: {modules:?}");
    for m in modules {
        assert!(doc.contains(&format!("//! - `{m}` — ")), "src/lib.rs: the crate doc has no line for `{m}`");
        assert!(layer_of(m).is_some(), "tests/layering.rs: LAYERS does not place `{m}`");
    }
}
