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

/// Deepest bracket nesting, skipping literals ('…', "…", long forms), `<IRI>`s and `#` comments.
pub fn max_nesting(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut i, mut depth, mut deepest) = (0usize, 0usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
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
            // An IRI has no spaces; a `<` followed by one is the less-than operator.
            b'<' if bytes.get(i + 1).is_some_and(|b| !b.is_ascii_whitespace() && *b != b'=') => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'>' && !bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i >= bytes.len() || bytes[i] != b'>' {
                    i = start; // not an IRI after all: the operator
                }
            }
            b'(' | b'{' | b'[' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
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
        assert_eq!(max_nesting("SELECT * WHERE { ?s <http://x/(((> \"((({{\" } # {{{{{"), 1);
        assert_eq!(max_nesting("ASK { FILTER('''a ' (( ''' = \"\\\"(\") }"), 2);
        assert_eq!(max_nesting(&format!("{}{}", "{".repeat(500), "}".repeat(500))), 500);
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
