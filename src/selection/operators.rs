//! The filter operators of the query language, Datasette-style: one table drives query-string
//! parsing (`selection::params`), the SQL (`db::query`), the OpenAPI parameters (`openapi`) and the
//! "allowed" list of a 400 problem, the filter form and chips of the collection pages, and the
//! OpenAPI prose. Adding an operator = one row here (with `shape` when the SQL needs the value in
//! another form than the query string gives it, e.g. a prefix as a pattern).

use super::Value;
use crate::model::Kind;

/// How many values an operator takes from the query string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arity {
    /// Repeatable; each value parsed as the field's kind (OR).
    Many,
    /// Exactly one value of the field's kind.
    One,
    /// Exactly one `true`/`false`, choosing `sql` or `sql_false`; nothing is bound.
    Flag,
}

/// Which end of a range an operator gives (the collection page's range controls).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    From,
    To,
}

pub struct Operator {
    /// Query-string suffix after `__`; empty for `field=value`.
    pub suffix: &'static str,
    pub arity: Arity,
    /// SQL template: `{c}` the column, `{v}` the bound placeholders (comma-separated).
    pub sql: &'static str,
    /// SQL when a `Flag` operator is given `false`.
    pub sql_false: &'static str,
    /// Kinds of field it applies to.
    pub applies: fn(Kind) -> bool,
    /// OpenAPI description: `{field}` the field name, `{doc}` its description.
    pub doc: &'static str,
    /// One line of the OpenAPI prose of a collection (`{p}`: the parameter as written).
    pub summary: &'static str,
    /// The value as the SQL binds it, from the value parsed as the field's kind.
    pub shape: fn(Value) -> Value,
    /// A page's filter chip: `{field}` the field's label, `{value}` the value as people read it
    /// (`Flag` operators say empty / not empty in the page's words instead).
    pub chip: &'static str,
    /// The end of a range this operator gives, if any (forms offer a from/to pair).
    pub bound: Option<Bound>,
}

/// The value as given.
fn as_given(v: Value) -> Value {
    v
}

/// A text as a GLOB pattern matching every text that starts with it (`*`, `?`, `[` taken literally).
fn prefix_pattern(v: Value) -> Value {
    match v {
        Value::Text(t) => {
            let mut pattern = String::with_capacity(t.len() + 1);
            for c in t.chars() {
                match c {
                    '*' | '?' | '[' => {
                        pattern.push('[');
                        pattern.push(c);
                        pattern.push(']');
                    }
                    c => pattern.push(c),
                }
            }
            pattern.push('*');
            Value::Text(pattern)
        }
        other => other,
    }
}

/// Kinds held as plain identifying text (ids, references, tags): a prefix means something.
fn textual(kind: Kind) -> bool {
    matches!(kind, Kind::Id | Kind::Ref(_) | Kind::Tag)
}

impl PartialEq for Operator {
    fn eq(&self, other: &Self) -> bool {
        self.suffix == other.suffix
    }
}

impl std::fmt::Debug for Operator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "__{}", self.suffix)
    }
}

pub static OPERATORS: &[Operator] = &[
    Operator {
        suffix: "",
        arity: Arity::Many,
        sql: "{c} IN ({v})",
        sql_false: "",
        applies: Kind::filterable,
        doc: "Filter: {doc} (repeat for OR).",
        summary: "`{p}=value` (repeat for OR)",
        shape: as_given,
        chip: "{field}: {value}",
        bound: None,
    },
    Operator {
        suffix: "gte",
        arity: Arity::One,
        sql: "{c} >= {v}",
        sql_false: "",
        applies: Kind::ordered,
        doc: "Filter: {field} ≥ this value.",
        summary: "`{p}` (≥, numbers and dates)",
        shape: as_given,
        chip: "{field} ≥ {value}",
        bound: Some(Bound::From),
    },
    Operator {
        suffix: "lte",
        arity: Arity::One,
        sql: "{c} <= {v}",
        sql_false: "",
        applies: Kind::ordered,
        doc: "Filter: {field} ≤ this value.",
        summary: "`{p}` (≤, numbers and dates)",
        shape: as_given,
        chip: "{field} ≤ {value}",
        bound: Some(Bound::To),
    },
    Operator {
        suffix: "isnull",
        arity: Arity::Flag,
        sql: "{c} IS NULL",
        sql_false: "{c} IS NOT NULL",
        applies: Kind::filterable,
        doc: "Filter: {field} is (not) empty.",
        summary: "`{p}=true|false` (empty or not)",
        shape: as_given,
        chip: "{field}: {value}",
        bound: None,
    },
    Operator {
        suffix: "startswith",
        arity: Arity::One,
        sql: "{c} GLOB {v}",
        sql_false: "",
        applies: textual,
        doc: "Filter: {field} starts with this text (case-sensitive).",
        summary: "`{p}` (text prefix of ids, references and tags)",
        shape: prefix_pattern,
        chip: "{field}: {value}…",
        bound: None,
    },
];

impl Operator {
    /// The operator with query-string suffix `suffix` (`""` for plain equality).
    pub fn find(suffix: &str) -> Option<&'static Operator> {
        OPERATORS.iter().find(|o| o.suffix == suffix)
    }

    /// The operator giving end `bound` of a range.
    pub fn bound(bound: Bound) -> Option<&'static Operator> {
        OPERATORS.iter().find(|o| o.bound == Some(bound))
    }

    /// The OpenAPI prose line of this operator.
    pub fn summary_line(&self) -> String {
        self.summary.replace("{p}", &self.parameter("field"))
    }

    /// A page's chip text.
    pub fn chip_text(&self, field: &str, value: &str) -> String {
        self.chip.replace("{field}", field).replace("{value}", value)
    }

    /// Operators usable on a field of `kind`.
    pub fn for_kind(kind: Kind) -> impl Iterator<Item = &'static Operator> {
        OPERATORS.iter().filter(move |o| (o.applies)(kind))
    }

    /// How the operator is written in a parameter name: `field` or `field__suffix`.
    pub fn parameter(&self, field: &str) -> String {
        if self.suffix.is_empty() {
            field.to_string()
        } else {
            format!("{field}__{}", self.suffix)
        }
    }

    /// Name in the "allowed" list of a 400 problem.
    pub fn label(&self) -> &'static str {
        if self.suffix.is_empty() {
            "(none)"
        } else {
            self.suffix
        }
    }

    pub fn describe(&self, field: &str, doc: &str) -> String {
        self.doc.replace("{field}", field).replace("{doc}", doc)
    }

    /// The SQL condition on `column`, binding `values` into `params` (numbered `?n`).
    pub fn sql(&self, column: &str, values: &[Value], params: &mut Vec<Value>) -> String {
        if self.arity == Arity::Flag {
            let on = matches!(values.first(), Some(Value::Integer(1)));
            return if on { self.sql } else { self.sql_false }.replace("{c}", column);
        }
        let mut placeholders = Vec::with_capacity(values.len());
        for v in values {
            params.push(v.clone());
            placeholders.push(format!("?{}", params.len()));
        }
        self.sql.replace("{c}", column).replace("{v}", &placeholders.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sql_binds_values_in_order() {
        let mut params = vec![Value::Text("earlier".into())];
        let eq = Operator::find("").map(|o| o.sql("t.status", &[Value::Text("a".into()), Value::Text("b".into())], &mut params));
        assert_eq!(eq.as_deref(), Some("t.status IN (?2, ?3)"));
        assert_eq!(params.len(), 3);
        let gte = Operator::find("gte").map(|o| o.sql("t.year", &[Value::Integer(2019)], &mut params));
        assert_eq!(gte.as_deref(), Some("t.year >= ?4"));
    }

    #[test]
    fn flags_choose_their_sql_and_bind_nothing() {
        let mut params = Vec::new();
        let op = Operator::find("isnull").expect("isnull is an operator");
        assert_eq!(op.sql("t.x", &[Value::Integer(1)], &mut params), "t.x IS NULL");
        assert_eq!(op.sql("t.x", &[Value::Integer(0)], &mut params), "t.x IS NOT NULL");
        assert!(params.is_empty());
    }

    #[test]
    fn a_prefix_is_bound_as_a_pattern_that_takes_wildcards_literally() {
        assert_eq!(prefix_pattern(Value::Text("4.".into())), Value::Text("4.*".into()));
        assert_eq!(prefix_pattern(Value::Text("a*?[b".into())), Value::Text("a[*][?][[]b*".into()));
    }

    #[test]
    fn ranges_only_on_ordered_kinds() {
        let on_int: Vec<&str> = Operator::for_kind(Kind::Int).map(|o| o.suffix).collect();
        assert_eq!(on_int, ["", "gte", "lte", "isnull"]);
        let on_tag: Vec<&str> = Operator::for_kind(Kind::Tag).map(|o| o.suffix).collect();
        assert_eq!(on_tag, ["", "isnull", "startswith"]);
    }
}
