//! Reading Rust source text for the source-rule tests (`tests/layering.rs`,
//! `tests/source_rules.rs`): code with comments and literals blanked, and the string literals.

use std::path::{Path, PathBuf};

/// `src` read once: `code` is the text with every comment, string and char literal blanked
/// (newlines kept, so line numbers stay right); `literals` are the string literals (plain, byte
/// and raw) with the line each starts on, escapes as written.
#[allow(dead_code)] // each test crate reads the part it needs
pub struct Scan {
    pub code: String,
    pub literals: Vec<(usize, String)>,
}

pub fn scan(src: &str) -> Scan {
    let chars: Vec<char> = src.chars().collect();
    let mut found: Vec<(usize, String)> = Vec::new();
    // The code with every literal and comment blanked, to find `#[cfg(test)]` items by their braces.
    let mut code = String::with_capacity(src.len());
    let mut line = 1;
    let mut i = 0;
    let ident = |k: usize| chars.get(k).is_some_and(|c| c.is_alphanumeric() || *c == '_');
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                code.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                    code.push_str("  ");
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    code.push_str("  ");
                    if depth == 0 {
                        break;
                    }
                } else {
                    if chars[i] == '\n' {
                        line += 1;
                    }
                    code.push(if chars[i] == '\n' { '\n' } else { ' ' });
                    i += 1;
                }
            }
        } else if (c == 'r' || (c == 'b' && next == Some('r'))) && !ident(i.wrapping_sub(1)) && {
            let k = if c == 'b' { i + 2 } else { i + 1 };
            let hashes = chars[k..].iter().take_while(|h| **h == '#').count();
            chars.get(k + hashes) == Some(&'"')
        } {
            let k = if c == 'b' { i + 2 } else { i + 1 };
            let hashes = chars[k..].iter().take_while(|h| **h == '#').count();
            let start = k + hashes + 1;
            let closing: String = std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
            let rest: String = chars[start..].iter().collect();
            let len = rest.find(&closing).map(|e| rest[..e].chars().count()).unwrap_or(chars.len() - start);
            let text: String = chars[start..start + len].iter().collect();
            found.push((line, text.clone()));
            line += text.matches('\n').count();
            let end = (start + len + closing.chars().count()).min(chars.len());
            code.extend(chars[i..end].iter().map(|ch| if *ch == '\n' { '\n' } else { ' ' }));
            i = end;
        } else if c == '"' || (c == 'b' && next == Some('"') && !ident(i.wrapping_sub(1))) {
            let start = if c == 'b' { i + 2 } else { i + 1 };
            let mut j = start;
            while j < chars.len() && chars[j] != '"' {
                j += if chars[j] == '\\' { 2 } else { 1 };
            }
            let j = j.min(chars.len());
            let text: String = chars[start..j].iter().collect();
            found.push((line, text.clone()));
            line += text.matches('\n').count();
            let end = (j + 1).min(chars.len());
            code.extend(chars[i..end].iter().map(|ch| if *ch == '\n' { '\n' } else { ' ' }));
            i = end;
        } else if c == '\'' && (next == Some('\\') || chars.get(i + 2) == Some(&'\'')) {
            // A char literal ('x', '\n', '\u{..}'); a lifetime ('a) has no closing quote after one char.
            let mut j = i + 1;
            while j < chars.len() && chars[j] != '\'' {
                j += if chars[j] == '\\' { 2 } else { 1 };
            }
            let end = (j + 1).min(chars.len());
            code.extend(chars[i..end].iter().map(|_| ' '));
            i = end;
        } else {
            if c == '\n' {
                line += 1;
            }
            code.push(c);
            i += 1;
        }
    }
    Scan { code, literals: found }
}

/// Every `.rs` file under `dir`.
pub fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}
