//! The OpenAPI document, built with utoipa from the entity specs (so every collection, filter,
//! code list and sort field is documented from the same source that serves it).
//! `openapi/openapi.json` is this document, committed; a test fails when they differ.

use crate::formats::{self, offers, Listing};
use crate::model::{Entity, Kind, ENTITIES};
use crate::selection::operators::{Arity, Operator};
use crate::selection::params::{facetable_fields, filterable_fields, selectable_fields, sortable_fields, DEFAULT_LIMIT, MAX_LIMIT};
use serde_json::json;
use std::collections::BTreeMap;
use utoipa::openapi::path::{HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{ArrayBuilder, KnownFormat, ObjectBuilder, Schema, SchemaFormat, SchemaType, Type};
use utoipa::openapi::tag::TagBuilder;
use utoipa::openapi::{
    ComponentsBuilder, ContentBuilder, InfoBuilder, OpenApi, OpenApiBuilder, PathItem, PathsBuilder, Ref, RefOr, Required, ResponseBuilder,
};

/// Custom string formats; `scripts/schemathesis_hooks.py` generates values for them.
pub const CURSOR_FORMAT: &str = "tiltak-cursor";
pub const SPARQL_QUERY_FORMAT: &str = "sparql-query";

fn codes() -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<(i64, String)>> = BTreeMap::new();
    {
        let mut r = csv::Reader::from_reader(crate::model::CODES.embedded.as_bytes());
        let headers = r.headers().cloned().unwrap_or_default();
        let col = |name: &str| headers.iter().position(|h| h == name);
        let (si, ci, qi) = (col("scheme"), col("code"), col("seq"));
        for rec in r.records().flatten() {
            if let (Some(s), Some(c)) = (si.and_then(|i| rec.get(i)), ci.and_then(|i| rec.get(i))) {
                let seq = qi.and_then(|i| rec.get(i)).and_then(|v| v.parse().ok()).unwrap_or(0);
                out.entry(s.to_string()).or_default().push((seq, c.to_string()));
            }
        }
    }
    out.into_iter()
        .map(|(k, mut v)| {
            v.sort();
            (k, v.into_iter().map(|(_, c)| c).collect())
        })
        .collect()
}

/// `?format=` names of offers, each once, in order.
fn names(offers: &[formats::Offer]) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for o in offers {
        if !out.contains(&o.name()) {
            out.push(o.name());
        }
    }
    out
}

/// "`a` (default), `b` or `c`" from an offer list (the first is the default).
fn or_list(offers: &[formats::Offer]) -> String {
    let quoted: Vec<String> =
        names(offers).iter().enumerate().map(|(i, n)| if i == 0 { format!("`{n}` (default)") } else { format!("`{n}`") }).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => quoted.join(""),
    }
}

fn string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String)
}

fn nullable(t: Type) -> SchemaType {
    SchemaType::Array(vec![t, Type::Null])
}

fn field_schema(kind: Kind, doc: &str, codes: &BTreeMap<String, Vec<String>>) -> Schema {
    let b = match kind {
        Kind::Id => string(),
        Kind::Text | Kind::Tag | Kind::Ref(_) => ObjectBuilder::new().schema_type(nullable(Type::String)),
        Kind::Url => ObjectBuilder::new().schema_type(nullable(Type::String)).format(Some(SchemaFormat::Custom("uri".into()))),
        Kind::Int => ObjectBuilder::new().schema_type(nullable(Type::Integer)),
        Kind::Float => ObjectBuilder::new().schema_type(nullable(Type::Number)),
        Kind::Bool => ObjectBuilder::new().schema_type(nullable(Type::Boolean)),
        Kind::Date => ObjectBuilder::new().schema_type(nullable(Type::String)).format(Some(SchemaFormat::KnownFormat(KnownFormat::Date))),
        Kind::Code(scheme) => {
            let mut values: Vec<serde_json::Value> = codes.get(scheme).cloned().unwrap_or_default().into_iter().map(|c| json!(c)).collect();
            values.push(serde_json::Value::Null);
            ObjectBuilder::new().schema_type(nullable(Type::String)).enum_values(Some(values))
        }
        Kind::Lang => ObjectBuilder::new()
            .property("nb", ObjectBuilder::new().schema_type(nullable(Type::String)))
            .property("en", ObjectBuilder::new().schema_type(nullable(Type::String)))
            .required("nb")
            .required("en"),
    };
    b.description(Some(doc)).build().into()
}

fn schema_name(e: &Entity) -> String {
    let mut s = String::new();
    for part in e.item_type.split('-') {
        let mut c = part.chars();
        if let Some(f) = c.next() {
            s.push(f.to_ascii_uppercase());
            s.extend(c);
        }
    }
    s
}

fn item_schema(e: &Entity, codes: &BTreeMap<String, Vec<String>>, with_links: bool) -> Schema {
    let mut b = ObjectBuilder::new().description(Some(e.description));
    for f in e.fields {
        b = b.property(f.name, field_schema(f.kind, f.doc, codes)).required(f.name);
    }
    b = b
        .property("uri", string().format(Some(SchemaFormat::Custom("uri".into()))).description(Some("The thing's URI (dereferenceable).")))
        .required("uri");
    if e.has_sources {
        let source = ObjectBuilder::new()
            .property("id", string())
            .property("url", string().format(Some(SchemaFormat::Custom("uri".into()))))
            .property("uri", string().format(Some(SchemaFormat::Custom("uri".into()))));
        b = b
            .property("sources", ArrayBuilder::new().items(source).description(Some("Source documents this record was taken from.")))
            .required("sources");
    }
    if e.has_quality_notes {
        b = b
            .property(
                "quality_notes",
                ArrayBuilder::new().items(string()).description(Some("Ids of data-quality notes concerning this record.")),
            )
            .required("quality_notes");
    }
    if with_links {
        b = b.property(
            "links",
            ObjectBuilder::new().description(Some(
                "Related records both ways: referenced records (by field name without `_id`) and records pointing here.",
            )),
        );
    }
    b.build().into()
}

/// A list item: every field unless `fields` narrows it, so only `id` (always returned) is required.
fn selected_schema(e: &Entity, codes: &BTreeMap<String, Vec<String>>) -> Schema {
    let mut v = serde_json::to_value(item_schema(e, codes, false)).unwrap_or_default();
    if let Some(obj) = v.as_object_mut() {
        obj.insert("required".into(), json!(["id"]));
        obj.insert(
            "description".into(),
            json!(format!("{} In a list: all fields, or only those named in `fields` (plus `id`).", e.description)),
        );
    }
    serde_json::from_value(v).unwrap_or_else(|_| item_schema(e, codes, false))
}

fn page_schema(e: &Entity) -> Schema {
    let facet_value = ObjectBuilder::new()
        .property("value", ObjectBuilder::new().schema_type(SchemaType::AnyValue))
        .property("count", ObjectBuilder::new().schema_type(Type::Integer));
    ObjectBuilder::new()
        .property("items", ArrayBuilder::new().items(Ref::from_schema_name(format!("{}Selected", schema_name(e)))))
        .required("items")
        .property("total", ObjectBuilder::new().schema_type(Type::Integer).description(Some("Number of records in the filtered set.")))
        .required("total")
        .property(
            "next",
            ObjectBuilder::new().schema_type(nullable(Type::String)).description(Some("URL of the next page, or null on the last page.")),
        )
        .required("next")
        .property(
            "facets",
            ObjectBuilder::new()
                .description(Some("Value counts per requested facet field (nulls included), present when `facet` is given."))
                .additional_properties(Some(ArrayBuilder::new().items(facet_value))),
        )
        .build()
        .into()
}

fn problem_ref() -> RefOr<utoipa::openapi::Response> {
    ResponseBuilder::new()
        .description("Problem (RFC 9457)")
        .content("application/problem+json", ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build())
        .build()
        .into()
}

/// Problem responses for the given status codes, added to an operation.
trait ProblemResponses {
    fn problems(self, statuses: &[&str]) -> Self;
}

impl ProblemResponses for OperationBuilder {
    fn problems(self, statuses: &[&str]) -> Self {
        statuses.iter().fold(self, |b, status| b.response(*status, problem_ref()))
    }
}

fn problem_schema() -> Schema {
    ObjectBuilder::new()
        .property("type", string().description(Some("Problem type URI.")))
        .required("type")
        .property("title", string())
        .required("title")
        .property("status", ObjectBuilder::new().schema_type(Type::Integer))
        .required("status")
        .property("detail", string())
        .required("detail")
        .property("parameter", string().description(Some("The offending request parameter.")))
        .property("allowed", ArrayBuilder::new().items(string()).description(Some("Allowed names or values.")))
        .examples([json!({"type": "urn:tiltak:problem:invalid-parameter", "title": "Invalid request parameter", "status": 400, "detail": "unknown parameter 'colour'", "parameter": "colour"})])
        .build()
        .into()
}

fn query_param(
    name: &str,
    doc: &str,
    schema: impl Into<RefOr<Schema>>,
    example: Option<serde_json::Value>,
) -> utoipa::openapi::path::Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Query)
        .required(Required::False)
        .description(Some(doc))
        .schema(Some(schema))
        .example(example)
        .build()
}

fn ok_304() -> utoipa::openapi::Response {
    ResponseBuilder::new().description("Not modified (the client's ETag or Last-Modified still holds).").build()
}

fn list_operation(e: &Entity, codes: &BTreeMap<String, Vec<String>>) -> utoipa::openapi::path::Operation {
    let mut b = OperationBuilder::new()
        .operation_id(Some(format!("list_{}", e.collection.replace('-', "_"))))
        .tag(e.collection)
        .summary(Some(format!("{} ({})", e.title_en, e.title_nb)))
        .description(Some(format!(
            "{} Filters: {}. \
             `q` searches names, descriptions and notes. Keyset pages: follow `next` (or the `Link: rel=\"next\"` header). \
             CSV: `Accept: text/csv` or `format=csv` (the whole filtered set, streamed).",
            e.description,
            crate::selection::operators::OPERATORS.iter().map(Operator::summary_line).collect::<Vec<_>>().join(", ")
        )));
    b = b.parameter(query_param("q", "Full-text search (Norwegian letters and accents folded: `idé` matches `ide`). Results are ranked by relevance unless `sort` is given.", string(), Some(json!("økosystem"))));
    let mut sorts: Vec<serde_json::Value> = Vec::new();
    for s in sortable_fields(e) {
        sorts.push(json!(s));
        sorts.push(json!(format!("-{s}")));
    }
    sorts.push(json!("relevance"));
    sorts.push(json!("-relevance"));
    b = b.parameter(query_param(
        "sort",
        "Sort field; prefix `-` for descending. Ties are broken by `id`. Text sorts case-insensitively in the order of `lang`: Norwegian by default (æ, ø, å after z; é as e). `relevance` ranks by `q` (without `q`: the default order).",
        string().enum_values(Some(sorts)),
        None,
    ));
    b = b.parameter(query_param(
        "lang",
        "Language of the sort order: `nb` (default) sorts text in Norwegian order and a name by its Norwegian text; `en` by its English text, accents folded. Items carry both languages either way.",
        string().enum_values(Some(vec![json!("nb"), json!("en")])),
        None,
    ));
    b = b.parameter(query_param(
        "limit",
        &format!("Page size, 1–{MAX_LIMIT} (default {DEFAULT_LIMIT})."),
        ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(1)).maximum(Some(MAX_LIMIT as i32)),
        Some(json!(20)),
    ));
    b = b.parameter(query_param(
        "cursor",
        "Opaque cursor from `next`; bound to the query and the data version (empty = the first page). A cursor not issued by \
         this server for this query and data version is refused with 400.",
        string().format(Some(SchemaFormat::Custom(CURSOR_FORMAT.into()))),
        None,
    ));
    let facets: Vec<serde_json::Value> = facetable_fields(e).into_iter().map(|f| json!(f)).collect();
    b = b.parameter(query_param(
        "facet",
        "Field to count values of (repeatable or comma-separated).",
        ArrayBuilder::new().items(string().enum_values(Some(facets))),
        None,
    ));
    let fields: Vec<serde_json::Value> = selectable_fields(e).into_iter().map(|f| json!(f)).collect();
    b = b.parameter(
        ParameterBuilder::new()
            .name("fields")
            .parameter_in(ParameterIn::Query)
            .required(Required::False)
            .description(Some("Comma-separated fields to return (`id` is always included)."))
            .schema(Some(ArrayBuilder::new().items(string().enum_values(Some(fields))).min_items(Some(1))))
            .style(Some(utoipa::openapi::path::ParameterStyle::Form))
            .explode(Some(false))
            .build(),
    );
    let collection_offers = offers::collection(e.cube.is_some());
    b = b.parameter(query_param(
        "format",
        &format!("Representation: {}.", or_list(collection_offers)),
        string().enum_values(Some(collection_offers.iter().map(|o| o.name()).collect::<Vec<_>>())),
        None,
    ));
    for f in filterable_fields(e) {
        let schema = match f.kind {
            Kind::Lang => continue,
            Kind::Code(_) | Kind::Bool | Kind::Int | Kind::Float | Kind::Date => {
                let s = field_schema(f.kind, f.doc, codes);
                // Filter values are never null: use the non-null type.
                let mut v = serde_json::to_value(&s).unwrap_or_default();
                if let Some(t) = v.get_mut("type") {
                    if let Some(first) = t.as_array().and_then(|a| a.first()).cloned() {
                        *t = first;
                    }
                }
                if let Some(en) = v.get_mut("enum").and_then(|x| x.as_array_mut()) {
                    en.retain(|x| !x.is_null());
                }
                if f.kind == Kind::Int {
                    // Stored as SQLite INTEGER: a 64-bit signed value.
                    if let Some(obj) = v.as_object_mut() {
                        obj.insert("format".into(), json!("int64"));
                        obj.insert("minimum".into(), json!(i64::MIN));
                        obj.insert("maximum".into(), json!(i64::MAX));
                    }
                }
                serde_json::from_value::<Schema>(v).unwrap_or_else(|_| string().build().into())
            }
            _ => string().build().into(),
        };
        for op in Operator::for_kind(f.kind) {
            let name = op.parameter(f.name);
            let doc = op.describe(f.name, f.doc);
            b = b.parameter(match op.arity {
                Arity::Many => ParameterBuilder::new()
                    .name(name)
                    .parameter_in(ParameterIn::Query)
                    .required(Required::False)
                    .description(Some(doc))
                    .schema(Some(
                        ArrayBuilder::new().items(utoipa::openapi::schema::ArrayItems::RefOrSchema(Box::new(RefOr::T(schema.clone())))),
                    ))
                    .style(Some(utoipa::openapi::path::ParameterStyle::Form))
                    .explode(Some(true))
                    .build(),
                Arity::One => query_param(&name, &doc, schema.clone(), None),
                Arity::Flag => query_param(&name, &doc, ObjectBuilder::new().schema_type(Type::Boolean), None),
            });
        }
    }
    // With a cube, `format=jsonstat` answers JSON-stat under the same media type (as statistical
    // offices serve it): the JSON body is then a page or a JSON-stat document.
    let page = Ref::from_schema_name(format!("{}Page", schema_name(e)));
    let json_schema: utoipa::openapi::RefOr<Schema> = if e.cube.is_some() {
        utoipa::openapi::RefOr::T(Schema::AnyOf(
            utoipa::openapi::schema::AnyOfBuilder::new().item(page).item(Ref::from_schema_name("JsonStat")).build(),
        ))
    } else {
        page.into()
    };
    let description = if e.cube.is_some() {
        "A page of records (JSON), the whole filtered set (CSV, with `Link: rel=\"describedby\"` to its CSVW description) or its statistical tables (JSON-stat 2.0: a dataset, or a collection of datasets)."
    } else {
        "A page of records (JSON) or the whole filtered set (CSV, with `Link: rel=\"describedby\"` to its CSVW description)."
    };
    // One content entry per media type the collection offers (formats sharing one, as JSON and
    // JSON-stat do, share its entry), its schema by the format's listing renderer.
    let mut ok = ResponseBuilder::new().description(description);
    for media_type in formats::media_types(&[collection_offers]) {
        let listing = collection_offers.iter().find(|o| o.media_type == media_type).and_then(|o| o.format.listing());
        let schema: RefOr<Schema> = match listing {
            Some(Listing::Page | Listing::JsonStat) => json_schema.clone(),
            Some(Listing::Csv | Listing::Ndjson) | None => string().into(),
        };
        ok = ok.content(media_type, ContentBuilder::new().schema(Some(schema)).build());
    }
    b.response("200", ok.build()).response("304", ok_304()).problems(&["400", "404", "406"]).build()
}

fn item_operation(e: &Entity) -> utoipa::openapi::path::Operation {
    OperationBuilder::new()
        .operation_id(Some(format!("get_{}", e.item_type.replace('-', "_"))))
        .tag(e.collection)
        .summary(Some(format!("One {} with its sources and related records", e.item_type)))
        .parameter(
            ParameterBuilder::new()
                .name("id")
                .parameter_in(ParameterIn::Path)
                .required(Required::True)
                .schema(Some(string()))
                .description(Some("Record id."))
                .build(),
        )
        .response(
            "200",
            ResponseBuilder::new()
                .description("The record.")
                .content(
                    "application/json",
                    ContentBuilder::new().schema(Some(Ref::from_schema_name(format!("{}Item", schema_name(e))))).build(),
                )
                .build(),
        )
        .response("304", ok_304())
        .problems(&["404", "406"])
        .build()
}

fn simple(id: &str, tag: &str, summary: &str, contents: &[&str]) -> utoipa::openapi::path::Operation {
    let mut r = ResponseBuilder::new().description(summary);
    for c in contents {
        r = r.content(*c, ContentBuilder::new().build());
    }
    OperationBuilder::new().operation_id(Some(id)).tag(tag).summary(Some(summary)).response("200", r.build()).build()
}

fn sparql_ops() -> (utoipa::openapi::path::Operation, utoipa::openapi::path::Operation) {
    // The alias `application/json` is negotiable but not listed (it answers SPARQL JSON results).
    let results: Vec<&str> =
        formats::media_types(&[offers::RESULTS, offers::GRAPH]).into_iter().filter(|m| *m != "application/json").collect();
    let ok = || {
        let mut r = ResponseBuilder::new().description(format!(
            "Query results (SELECT/ASK by Accept: {}; CONSTRUCT/DESCRIBE: {}). Without a query: the service description.",
            names(offers::RESULTS).iter().map(|n| n.to_uppercase()).collect::<Vec<_>>().join(", "),
            offers::GRAPH.iter().map(|o| o.format.label()).collect::<Vec<_>>().join(", ")
        ));
        for c in &results {
            r = r.content(*c, ContentBuilder::new().build());
        }
        r.build()
    };
    let sparql_query = || string().format(Some(SchemaFormat::Custom(SPARQL_QUERY_FORMAT.into())));
    let iri = || string().format(Some(SchemaFormat::Custom("iri".into())));
    // The protocol's dataset and format parameters; for POST the query itself goes in the body.
    let params = |b: OperationBuilder| {
        b.parameter(query_param("default-graph-uri", "Default graph(s) of the dataset (repeatable).", iri(), None))
            .parameter(query_param("named-graph-uri", "Named graph(s) of the dataset (repeatable).", iri(), None))
            .parameter(query_param(
                "format",
                &format!(
                    "Result format name instead of Accept: {} for SELECT/ASK; {} for CONSTRUCT/DESCRIBE and the service \
                     description. A name that does not fit the answer is 406.",
                    names(offers::RESULTS).join(", "),
                    names(offers::GRAPH).join(", ")
                ),
                string().enum_values(Some(names(&[offers::RESULTS, offers::GRAPH].concat()))),
                None,
            ))
    };
    let get = params(
        OperationBuilder::new()
            .operation_id(Some("sparql_get"))
            .tag("sparql")
            .summary(Some("SPARQL query (GET) or service description"))
            .parameter(query_param(
                "query",
                "SPARQL 1.1 query.",
                sparql_query(),
                Some(json!("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")),
            )),
    )
    .response("200", ok())
    .problems(&["400", "403", "406", "503"])
    .build();
    let post = params(
        OperationBuilder::new()
            .operation_id(Some("sparql_post"))
            .tag("sparql")
            .summary(Some("SPARQL query (POST form or application/sparql-query)")),
    )
    .request_body(Some(
        RequestBodyBuilder::new()
            .required(Some(Required::True))
            .content(
                "application/x-www-form-urlencoded",
                ContentBuilder::new()
                    .schema(Some(
                        ObjectBuilder::new()
                            .property("query", sparql_query())
                            .required("query")
                            .property("default-graph-uri", iri())
                            .property("named-graph-uri", iri()),
                    ))
                    .build(),
            )
            .content("application/sparql-query", ContentBuilder::new().schema(Some(sparql_query())).build())
            .build(),
    ))
    .response("200", ok())
    .problems(&["400", "403", "406", "415", "503"])
    .build();
    (get, post)
}

pub fn spec() -> OpenApi {
    let codes = codes();
    let mut paths = PathsBuilder::new();
    let mut components = ComponentsBuilder::new().schema("Problem", problem_schema()).schema(
        "JsonStat",
        ObjectBuilder::new()
            .description(Some(
                "A JSON-stat 2.0 document (https://json-stat.org/full/): a dataset, or a collection whose link.item embeds datasets.",
            ))
            .property("version", string())
            .property("class", string().enum_values(Some(["dataset", "collection"])))
            .required("version")
            .required("class"),
    );
    let mut tags = Vec::new();
    for e in ENTITIES {
        paths = paths
            .path(format!("/api/v1/{}", e.collection), PathItem::new(HttpMethod::Get, list_operation(e, &codes)))
            .path(format!("/api/v1/{}/{{id}}", e.collection), PathItem::new(HttpMethod::Get, item_operation(e)));
        components = components
            .schema(schema_name(e), item_schema(e, &codes, false))
            .schema(format!("{}Item", schema_name(e)), item_schema(e, &codes, true))
            .schema(format!("{}Selected", schema_name(e)), selected_schema(e, &codes))
            .schema(format!("{}Page", schema_name(e)), page_schema(e));
        tags.push(TagBuilder::new().name(e.collection).description(Some(format!("{} — {}", e.title_en, e.description))).build());
    }
    let (sparql_get, sparql_post) = sparql_ops();
    let mut sparql_item = PathItem::new(HttpMethod::Get, sparql_get);
    sparql_item.post = Some(sparql_post);
    paths = paths
        .path(
            "/",
            PathItem::new(HttpMethod::Get, simple("index", "service", "Service index: collections and links", &["application/json"])),
        )
        .path(
            "/health",
            PathItem::new(
                HttpMethod::Get,
                simple("health", "service", "Liveness: the process answers; data version and record counts", &["application/json"]),
            ),
        )
        .path(
            "/ready",
            PathItem::new(HttpMethod::Get, {
                let mut op = simple(
                    "ready",
                    "service",
                    "Readiness: a snapshot is loaded and the process is not shutting down (503 while draining)",
                    &["application/json"],
                );
                op.responses.responses.insert(
                    "503".into(),
                    ResponseBuilder::new()
                        .description("Draining after SIGTERM: send new requests elsewhere")
                        .content("application/json", ContentBuilder::new().build())
                        .build()
                        .into(),
                );
                op
            }),
        )
        .path("/api/v1", PathItem::new(HttpMethod::Get, simple("collections", "service", "The collections", &["application/json"])))
        .path("/sparql", sparql_item)
        .path(
            "/id/{type}/{id}",
            PathItem::new(HttpMethod::Get, {
                let mut op = simple(
                    "thing",
                    "linked-data",
                    &format!(
                        "A thing's description by content negotiation ({})",
                        offers::THING.iter().map(|o| o.format.label()).collect::<Vec<_>>().join(", ")
                    ),
                    &formats::media_types(&[offers::THING]),
                );
                op.parameters = Some(vec![
                    ParameterBuilder::new()
                        .name("type")
                        .parameter_in(ParameterIn::Path)
                        .required(Required::True)
                        .schema(Some(string().enum_values(Some(ENTITIES.iter().map(|e| e.item_type).collect::<Vec<_>>()))))
                        .build(),
                    ParameterBuilder::new()
                        .name("id")
                        .parameter_in(ParameterIn::Path)
                        .required(Required::True)
                        .schema(Some(string()))
                        .build(),
                ]);
                for status in ["404", "406"] {
                    op.responses.responses.insert(status.into(), problem_ref());
                }
                op
            }),
        )
        .path(
            "/catalog",
            PathItem::new(
                HttpMethod::Get,
                simple(
                    "catalog",
                    "catalog",
                    "The whole DCAT-AP-NO catalogue in one document (conneg; HTML for browsers)",
                    &formats::media_types(&[offers::CATALOG]),
                ),
            ),
        )
        .path(
            "/dump.nq",
            PathItem::new(
                HttpMethod::Get,
                simple("dump_nquads", "linked-data", "Every quad (data, vocabulary, catalogue graphs), streamed", &["application/n-quads"]),
            ),
        )
        .path(
            "/dump.ttl",
            PathItem::new(
                HttpMethod::Get,
                simple("dump_turtle", "linked-data", "The union graph as Turtle (N-Triples lines), streamed", &["text/turtle"]),
            ),
        )
        .path(
            "/.well-known/void",
            PathItem::new(
                HttpMethod::Get,
                simple(
                    "void",
                    "linked-data",
                    "VoID description of the named graphs (Turtle by default; conneg)",
                    &formats::media_types(&[offers::VOID]),
                ),
            ),
        )
        .path(
            "/download/{file}",
            PathItem::new(HttpMethod::Get, {
                let mut op = simple(
                    "download_json",
                    "catalog",
                    "Every record of a collection in one JSON document ({collection}.json; the API's filters apply)",
                    &["application/json"],
                );
                op.parameters = Some(vec![ParameterBuilder::new()
                    .name("file")
                    .parameter_in(ParameterIn::Path)
                    .required(Required::True)
                    .schema(Some(string().enum_values(Some(ENTITIES.iter().map(|e| format!("{}.json", e.collection)).collect::<Vec<_>>()))))
                    .build()]);
                for status in ["400", "404"] {
                    op.responses.responses.insert(status.into(), problem_ref());
                }
                op
            }),
        );
    // Issue 23: descriptions for tabular tools and citations.
    let path_param = |name: &str, schema: ObjectBuilder| {
        ParameterBuilder::new().name(name).parameter_in(ParameterIn::Path).required(Required::True).schema(Some(schema)).build()
    };
    paths = paths
        .path(
            "/csvw/{file}",
            PathItem::new(HttpMethod::Get, {
                let mut op = simple(
                    "csvw_metadata",
                    "catalog",
                    "W3C CSVW table description of a collection's CSV ({collection}-metadata.json; the API's filters and `fields` \
                     apply, as in the CSV it describes). Every CSV answer links it with `Link: rel=\"describedby\"`.",
                    &["application/csvm+json"],
                );
                let files: Vec<String> = ENTITIES.iter().map(|e| format!("{}-metadata.json", e.collection)).collect();
                op.parameters = Some(vec![path_param("file", string().enum_values(Some(files)))]);
                for status in ["400", "404"] {
                    op.responses.responses.insert(status.into(), problem_ref());
                }
                op
            }),
        )
        .path(
            "/datapackage.json",
            PathItem::new(
                HttpMethod::Get,
                simple(
                    "datapackage",
                    "catalog",
                    "Frictionless Data Package over every collection's CSV (Table Schemas with types, code-list enums, primary and \
                     foreign keys; a licence per resource)",
                    &["application/json"],
                ),
            ),
        )
        .path(
            "/catalog/datasets/{id}/citation.json",
            PathItem::new(HttpMethod::Get, {
                let mut op = simple(
                    "dataset_citation",
                    "catalog",
                    "How to cite a dataset: DataCite-style JSON from the catalogue (title, publisher, year, data version, URI, date accessed)",
                    &["application/json"],
                );
                op.parameters = Some(vec![path_param("id", string())]);
                op.responses.responses.insert("404".into(), problem_ref());
                op
            }),
        );
    for o in offers::CATALOG.iter().filter(|o| o.format != formats::Format::Html) {
        let summary = format!("The catalogue as {}", o.format.label());
        let op = simple(&format!("catalog_{}", o.name()), "catalog", &summary, &[o.media_type]);
        paths = paths.path(format!("/catalog.{}", o.name()), PathItem::new(HttpMethod::Get, op));
    }
    // Issue 20: the concept, event and information-model catalogues data.norge.no harvests.
    for h in crate::rdf::harvest::ALL {
        let what = h.summary;
        let op = simple(
            &format!("harvest_{}", h.graph),
            "catalog",
            &format!("{what} in one document (conneg; HTML for browsers)"),
            &formats::media_types(&[offers::HARVEST]),
        );
        paths = paths.path(h.path, PathItem::new(HttpMethod::Get, op));
        for o in offers::HARVEST.iter().filter(|o| o.format != formats::Format::Html) {
            let op = simple(
                &format!("harvest_{}_{}", h.graph, o.name()),
                "catalog",
                &format!("{what} as {}", o.format.label()),
                &[o.media_type],
            );
            paths = paths.path(format!("{}.{}", h.path, o.name()), PathItem::new(HttpMethod::Get, op));
        }
    }
    let mut paths = paths.build();
    // Expensive requests (queries, CSV, search, no-cache) are rate-limited per client (429); the
    // size limits apply everywhere. The probes stay minimal.
    for (path, item) in paths.paths.iter_mut() {
        if path == "/health" || path == "/ready" {
            continue;
        }
        for op in [&mut item.get, &mut item.post].into_iter().flatten() {
            // Front-door limits apply to every request: long URLs (414), big headers (431).
            for status in ["414", "429", "431"] {
                op.responses.responses.entry(status.into()).or_insert_with(problem_ref);
            }
        }
    }
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("tiltak")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some(
                    "Open data on Norwegian public-sector digitalisation: Difi/Digdir surveys of digitalisation measures (2018, 2019), \
                     the action plan for 'Én digital offentlig sektor (2019–2025)', life events, indicators and data-quality notes. \
                     Every record links to its source documents. The same data is available as RDF through /sparql and /id/…, \
                     and described for data portals in the DCAT-AP-NO catalogue at /catalog.",
                ))
                .build(),
        )
        .paths(paths)
        .components(Some(components.build()))
        .tags(Some(tags))
        .build()
}

pub fn spec_json() -> String {
    spec().to_pretty_json().unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
