//! The orders text is sorted in: Norwegian (Bokmål) and English, case-insensitive. Part of the
//! query language (a sort names its order, and a cursor is bound to it); `db::collation`
//! registers them as SQLite collations on every connection, so `ORDER BY` and the keyset
//! cursor's comparisons use one and the same order; pages that sort in memory use
//! `Collation::key`, which orders exactly as the collation compares.
//!
//! - Norwegian: letters a–z, then æ, ø, å (ä sorts as æ, ö as ø, ü as y); other accents are
//!   ignored (é as e); case is ignored.
//! - English: case is ignored and accents folded (é as e, å as a, ø as o, æ as ae, ß as ss).
//!
//! Two texts the order finds equal (they differ only in case or accents) are ordered by their
//! code points, so the order is total: only identical texts compare equal.

use icu_normalizer::DecomposingNormalizerBorrowed;
use std::cmp::Ordering;

/// An order for text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Collation {
    /// Norwegian (Bokmål): æ, ø, å after z. The API's order.
    #[default]
    Nb,
    /// English: accents folded.
    En,
}

impl Collation {
    pub const ALL: [Collation; 2] = [Collation::Nb, Collation::En];

    /// The name SQL uses (`… COLLATE tiltak_nb`).
    pub fn sql_name(self) -> &'static str {
        match self {
            Collation::Nb => "tiltak_nb",
            Collation::En => "tiltak_en",
        }
    }

    /// The order for a page language code (`nb`, `en`); Norwegian for anything else.
    pub fn for_language(code: &str) -> Collation {
        if code == "en" {
            Collation::En
        } else {
            Collation::Nb
        }
    }

    /// The primary weights of `s`: texts compare as their weights do (see `compare`).
    pub fn key(self, s: &str) -> Vec<u32> {
        let mut out = Vec::with_capacity(s.len());
        self.weights(s, |w| out.push(w));
        out
    }

    /// Compare two texts in this order (what SQLite calls for `COLLATE`).
    pub fn compare(self, a: &str, b: &str) -> Ordering {
        if a == b {
            return Ordering::Equal;
        }
        self.key(a).cmp(&self.key(b)).then_with(|| a.cmp(b))
    }

    /// Calls `push` with the weight of each letter of `s`, lower-cased and folded.
    fn weights(self, s: &str, mut push: impl FnMut(u32)) {
        // Every ordinary character weighs four times its code point; Norwegian puts æ, ø, å in
        // the three free places right after z.
        const Z: u32 = 'z' as u32 * 4;
        let nfd = DecomposingNormalizerBorrowed::new_nfd();
        for c in s.chars().flat_map(char::to_lowercase) {
            match (self, c) {
                (Collation::Nb, 'æ' | 'ä' | 'ǽ') => push(Z + 1),
                (Collation::Nb, 'ø' | 'ö' | 'ǿ' | 'ő') => push(Z + 2),
                (Collation::Nb, 'å' | 'ǻ') => push(Z + 3),
                (Collation::Nb, 'ü' | 'ű') => push('y' as u32 * 4),
                (Collation::En, 'æ' | 'ǽ') => {
                    push('a' as u32 * 4);
                    push('e' as u32 * 4);
                }
                (Collation::En, 'œ') => {
                    push('o' as u32 * 4);
                    push('e' as u32 * 4);
                }
                (Collation::En, 'ø' | 'ǿ') => push('o' as u32 * 4),
                (_, 'ß') => {
                    push('s' as u32 * 4);
                    push('s' as u32 * 4);
                }
                (_, 'đ' | 'ð') => push('d' as u32 * 4),
                (_, 'ŧ') => push('t' as u32 * 4),
                (_, 'ł') => push('l' as u32 * 4),
                (_, c) if c.is_ascii() => push(c as u32 * 4),
                // Accents: the letter without its combining marks (é → e, č → c, ŋ stays ŋ).
                (_, c) => {
                    for d in nfd.normalize_iter(std::iter::once(c)).filter(|d| !('\u{300}'..='\u{36f}').contains(d)) {
                        push(d as u32 * 4);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(c: Collation, words: &[&'static str]) -> Vec<&'static str> {
        let mut w = words.to_vec();
        w.sort_by(|a, b| c.compare(a, b));
        w
    }

    const WORDS: [&str; 10] = ["Øst", "ås", "Zebra", "æra", "alfa", "Beta", "élan", "Elg", "Ärlig", "Über"];

    #[test]
    fn norwegian_puts_ae_oe_aa_after_z_and_ignores_case_and_accents() {
        assert_eq!(sorted(Collation::Nb, &WORDS), ["alfa", "Beta", "élan", "Elg", "Über", "Zebra", "æra", "Ärlig", "Øst", "ås"]);
        assert_eq!(sorted(Collation::Nb, &["b", "A", "a", "B"]), ["A", "a", "B", "b"], "case only breaks ties");
    }

    #[test]
    fn english_folds_accents() {
        assert_eq!(sorted(Collation::En, &WORDS), ["æra", "alfa", "Ärlig", "ås", "Beta", "élan", "Elg", "Øst", "Über", "Zebra"]);
    }

    #[test]
    fn key_orders_as_compare_does() {
        for c in Collation::ALL {
            let by_key = {
                let mut w = WORDS.to_vec();
                w.sort_by_cached_key(|w| (c.key(w), w.to_string()));
                w
            };
            assert_eq!(by_key, sorted(c, &WORDS));
        }
    }
}
