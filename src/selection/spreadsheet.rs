//! CSV injection (OWASP): a spreadsheet opening a CSV or TSV runs a cell that starts with `=`,
//! `+`, `-`, `@`, a tab or a carriage return as a formula. Such cells get a leading `'`, unless the
//! cell is a plain number (`-5`, `+3`, `-1.5e3` stay numbers). Used for the collections' CSV
//! (`record::csv_row`) and the SPARQL CSV and TSV results.

use std::borrow::Cow;

const RISKY: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// `[+-]digits[.digits][(e|E)[+-]digits]`, or with the digits after the point only.
fn is_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let mut digits = i - int_start;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let frac_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        digits += i - frac_start;
    }
    if digits == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let exp_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == exp_start {
            return false;
        }
    }
    i == b.len()
}

/// Whether a spreadsheet would read this cell as a formula.
pub fn is_risky(cell: &str) -> bool {
    cell.starts_with(RISKY) && !is_number(cell)
}

/// The cell as it is safe to open in a spreadsheet.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if is_risky(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A SPARQL CSV result (RFC 4180 cells holding the plain values) with its risky cells
/// neutralised; `None` when there is none, so a safe answer keeps its exact bytes.
pub fn sparql_csv(body: &[u8]) -> Option<Vec<u8>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(body);
    let records: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().ok()?;
    if !records.iter().any(|r| r.iter().any(is_risky)) {
        return None;
    }
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).flexible(true).from_writer(Vec::new());
    for r in &records {
        w.write_record(r.iter().map(|c| neutralise(c).into_owned())).ok()?;
    }
    w.into_inner().ok()
}

/// One SPARQL TSV cell (an RDF term in Turtle syntax): a literal's lexical form sits inside the
/// quotes, so the `'` goes there (`"=1+1"@en` → `"'=1+1"@en`); bare numbers stay as they are.
fn tsv_cell(cell: &str) -> Cow<'_, str> {
    if let Some(rest) = cell.strip_prefix('"') {
        let lexical = rest.rsplit_once('"').map_or(rest, |(l, _)| l);
        if is_risky(lexical) {
            return Cow::Owned(format!("\"'{rest}"));
        }
        return Cow::Borrowed(cell);
    }
    neutralise(cell)
}

/// A SPARQL TSV result with its risky cells neutralised; `None` when there is none.
pub fn sparql_tsv(body: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(body).ok()?;
    let risky = |line: &str| line.split('\t').any(|c| matches!(tsv_cell(c.trim_end_matches('\r')), Cow::Owned(_)));
    if !text.lines().skip(1).any(risky) {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let (content, end) = match line.strip_suffix('\n') {
            Some(c) => (c, "\n"),
            None => (line, ""),
        };
        if n == 0 {
            out.push_str(line); // the variables
            continue;
        }
        let cells: Vec<Cow<'_, str>> = content.split('\t').map(tsv_cell).collect();
        out.push_str(&cells.join("\t"));
        out.push_str(end);
    }
    Some(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_are_not() {
        for risky in ["=1+1", "+cmd", "-cmd|' /C calc'!A0", "@SUM(A1)", "\tx", "\rx", "-", "+", "=", "-1-1", "-inf", "+.e5"] {
            assert_eq!(neutralise(risky), format!("'{risky}"), "{risky:?}");
        }
        for safe in ["-5", "+3", "-1.5", "-.5", "+2.", "-1.5e3", "6E-2", "plain", "", "a=b", "'=already"] {
            assert_eq!(neutralise(safe), safe, "{safe:?}");
        }
    }

    #[test]
    fn sparql_csv_and_tsv_cells() {
        let csv = b"s,v\r\nhttp://x/a,=HYPERLINK(\"http://evil\")\r\nhttp://x/b,-5\r\n";
        let fixed = String::from_utf8(sparql_csv(csv).expect("rewritten")).expect("utf-8");
        assert_eq!(fixed, "s,v\r\nhttp://x/a,\"'=HYPERLINK(\"\"http://evil\"\")\"\r\nhttp://x/b,-5\r\n");
        assert_eq!(sparql_csv(b"s,v\r\nhttp://x/a,-5\r\nhttp://x/b,+3\r\n"), None, "numbers keep their bytes");
        let tsv = b"?s\t?v\n<http://x/a>\t\"=1+1\"@en\n<http://x/b>\t-5\n";
        let fixed = String::from_utf8(sparql_tsv(tsv).expect("rewritten")).expect("utf-8");
        assert_eq!(fixed, "?s\t?v\n<http://x/a>\t\"'=1+1\"@en\n<http://x/b>\t-5\n");
        assert_eq!(sparql_tsv(b"?v\n\"-5\"^^<http://www.w3.org/2001/XMLSchema#decimal>\n-3\n"), None);
    }
}
