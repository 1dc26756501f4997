//! Limits on the shape of a SPARQL request, checked before the parser sees it: the parser and the
//! evaluator recurse per nesting level, so a query of 20 000 nested braces overflowed the worker's
//! stack and aborted the whole process. Also a byte cap on serialised results.

use super::SparqlError;
use std::io::{self, Write};

/// Refuse query text that is too long or nested too deeply (brackets of any kind, outside string
/// literals, IRIs and comments).
pub fn check(text: &str, max_bytes: usize, max_depth: usize) -> Result<(), SparqlError> {
    if text.len() > max_bytes {
        return Err(SparqlError::TooLong { bytes: text.len(), limit: max_bytes });
    }
    let depth = max_nesting(text);
    if depth > max_depth {
        return Err(SparqlError::TooDeep { depth, limit: max_depth });
    }
    Ok(())
}

/// Characters an IRI reference cannot hold (SPARQL's IRIREF), besides whitespace.
fn ends_iri(b: u8) -> bool {
    b.is_ascii_whitespace() || b"<>\"{}|^`\\".contains(&b)
}

/// Deepest bracket nesting, skipping literals ('…', "…", long forms), `<IRI>`s and `#` comments;
/// never less than the parser will meet. Text alone cannot tell an IRI from the less-than
/// operator (`FILTER(?a<((…))>?b)` is an operator), so inside `<…>` brackets still count, closing
/// ones only against those opened inside. A `#` or `'` there could start a comment or string for
/// the parser, so the rest of that line counts only opening brackets; a long-string quote
/// (`'''`, `"""`) in such a place makes the rest of the text count only opening brackets.
/// A backslash outside literals escapes the next character (`ex:a\#b` is a name, not a comment).
pub fn max_nesting(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut i, mut depth, mut deepest) = (0usize, 0usize, 0usize);
    // Only opening brackets count until the end of this line / of the text.
    let mut opens_only_line = false;
    let mut opens_only_rest = false;
    let open = |depth: &mut usize, deepest: &mut usize| {
        *depth += 1;
        *deepest = (*deepest).max(*depth);
    };
    let long_quote_at = |i: usize| bytes.get(i..i + 3).is_some_and(|w| w == b"\'\'\'" || w == b"\"\"\"");
    while i < bytes.len() {
        let b = bytes[i];
        if opens_only_rest || opens_only_line {
            match b {
                b'\n' => opens_only_line = false,
                b'(' | b'{' | b'[' => open(&mut depth, &mut deepest),
                _ if long_quote_at(i) => opens_only_rest = true,
                _ => {}
            }
            i += 1;
            continue;
        }
        match b {
            b'\\' => i += 1, // an escape in a prefixed name: the next character is part of it
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            q @ (b'"' | b'\'') => {
                let long = bytes.get(i + 1) == Some(&q) && bytes.get(i + 2) == Some(&q);
                i += if long { 3 } else { 1 };
                while i < bytes.len() {
                    if bytes[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if bytes[i] == q && (!long || (bytes.get(i + 1) == Some(&q) && bytes.get(i + 2) == Some(&q))) {
                        i += if long { 2 } else { 0 };
                        break;
                    }
                    if !long && bytes[i] == b'\n' {
                        break;
                    }
                    i += 1;
                }
            }
            b'<' => {
                // An IRI candidate runs to the next '>' without a character an IRI cannot hold.
                let mut end = i + 1;
                while end < bytes.len() && !ends_iri(bytes[end]) {
                    end += 1;
                }
                if end < bytes.len() && bytes[end] == b'>' && end > i + 1 {
                    let floor = depth;
                    let mut ambiguous = false;
                    for (k, &c) in bytes.iter().enumerate().take(end).skip(i + 1) {
                        match c {
                            b'(' | b'[' => open(&mut depth, &mut deepest),
                            b')' | b']' if depth > floor => depth -= 1,
                            b'#' | b'\'' => ambiguous = true,
                            _ => {}
                        }
                        if long_quote_at(k) {
                            opens_only_rest = true;
                        }
                    }
                    opens_only_line = ambiguous;
                    i = end;
                }
            }
            b'(' | b'{' | b'[' => open(&mut depth, &mut deepest),
            b')' | b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    deepest
}

/// The error a `CappedWriter` raises, recognisable among other I/O errors.
#[derive(Debug, thiserror::Error)]
#[error("the serialised result is larger than {0} bytes")]
pub struct ResultTooLarge(pub usize);

/// A `Vec<u8>` sink that fails once it would hold more than `cap` bytes, so a result cannot grow
/// the server's memory without bound (long literals, GROUP_CONCAT, wide rows).
pub struct CappedWriter {
    pub buf: Vec<u8>,
    cap: usize,
}

impl CappedWriter {
    pub fn new(cap: usize) -> Self {
        CappedWriter { buf: Vec::new(), cap }
    }
}

impl Write for CappedWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.buf.len() + data.len() > self.cap {
            return Err(io::Error::other(ResultTooLarge(self.cap)));
        }
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Map a serialisation error: the size cap is the client's problem, anything else ours.
pub fn write_error(e: io::Error) -> SparqlError {
    match e.get_ref().and_then(|inner| inner.downcast_ref::<ResultTooLarge>()) {
        Some(ResultTooLarge(cap)) => SparqlError::ResultTooLarge(*cap),
        None => SparqlError::Io(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn nesting_ignores_literals_iris_and_comments() {
        assert_eq!(max_nesting("SELECT * WHERE { ?s ?p ?o FILTER(?o < 3) }"), 2);
        assert_eq!(max_nesting("SELECT * WHERE { ?s <http://x/a(b)> \"((({{\" } # {{{{{"), 2);
        assert_eq!(max_nesting("SELECT * WHERE { ?s <http://x/> ?o FILTER(?o <= 3) }"), 2);
        assert_eq!(max_nesting("ASK { FILTER('''a ' (( ''' = \"\\\"(\") }"), 2);
        assert_eq!(max_nesting(&format!("{}{}", "{".repeat(500), "}".repeat(500))), 500);
    }
    #[test]
    fn nesting_is_not_hidden_behind_a_less_than_or_an_escaped_hash() {
        let deep = format!("{}1{}", "(".repeat(100), ")".repeat(100));
        // `<` as the operator, with no space: the brackets up to '>' are real.
        assert!(max_nesting(&format!("SELECT * WHERE {{ ?s ?p ?a FILTER(?a<{deep}>?b) }}")) >= 100);
        assert!(max_nesting(&format!("ASK {{ FILTER(?a<={deep}>?b) }}")) >= 100);
        // `\#` in a prefixed name is not a comment.
        assert!(max_nesting(&format!("PREFIX ex: <http://x/> ASK {{ ?s ex:a\\#b ?o FILTER({deep}) }}")) >= 100);
        // A `#` in an IRI-or-operator: the rest of the line may be a comment or not; its closing
        // brackets do not lower the count.
        let q = format!("ASK {{ {{{{{{{{ FILTER(?a<#>)}}}}}}}}\n{} }}", "{".repeat(70));
        assert!(max_nesting(&q) >= 74, "{}", max_nesting(&q));
        // A long string begun there: the rest counts opening brackets only.
        let q = format!("ASK {{ {{{{ FILTER(?a<'''>?b) }}}}\n}}}}}}}}'''\n{} }}", "{".repeat(70));
        assert!(max_nesting(&q) >= 70);
    }
    #[test]
    fn long_or_deep_text_is_refused_before_parsing() {
        assert!(matches!(check("ASK {}", 5, 64), Err(SparqlError::TooLong { bytes: 6, limit: 5 })));
        assert!(matches!(check("ASK {{{}}}", 100, 2), Err(SparqlError::TooDeep { depth: 3, limit: 2 })));
        assert!(check("ASK {{{}}}", 100, 3).is_ok());
    }
    #[test]
    fn capped_writer_stops_at_the_cap() {
        let mut w = CappedWriter::new(4);
        assert!(w.write_all(b"abcd").is_ok());
        let e = w.write_all(b"e").expect_err("over the cap");
        assert!(matches!(write_error(e), SparqlError::ResultTooLarge(4)));
    }
}
