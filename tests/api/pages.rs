//! Issue 13: pages for people. Browsers (text/html preferred) get HTML with stable hooks; programs
//! (`application/json`, `*/*`, no Accept) get exactly the representations they got before.

use crate::helpers::*;

const BROWSER: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

pub(crate) fn page(app: &TestApp, path: &str) -> Resp {
    let r = app.get_with(path, &[("Accept", BROWSER)]);
    assert!(r.content_type().starts_with("text/html"), "{path}: {} {}", r.content_type(), r.text());
    r
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

/// Every `href="…"` value in the page that starts with `prefix`, entities decoded.
fn hrefs(html: &str, prefix: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|h| h.replace("&amp;", "&"))
        .filter(|h| h.starts_with(prefix))
        .collect()
}

/// Ids of the records table's rows (the first cell links to the thing page).
/// The record of each table row: the first link in the row to a thing of `item_type` (the
/// record's own link comes before any link to a related record of the same type).
pub(crate) fn row_ids(html: &str, item_type: &str) -> Vec<String> {
    let table = html.split(" id=\"records\">").nth(1).unwrap_or("").split("</table>").next().unwrap_or("");
    let body = table.split("<tbody>").nth(1).unwrap_or("");
    let prefix = format!("<a href=\"/id/{item_type}/");
    body.split("<tr>").skip(1).filter_map(|row| row.split(&prefix).nth(1).and_then(|r| r.split('"').next()).map(String::from)).collect()
}

fn assert_chrome(path: &str, html: &str) {
    assert!(html.starts_with("<!DOCTYPE html>"), "{path}: doctype");
    assert!(html.contains("<html lang=\"nb\"") || html.contains("<html lang=\"en\""), "{path}: html lang");
    assert!(html.contains("href=\"#main\""), "{path}: skip link");
    assert!(html.contains("<main id=\"main\""), "{path}: main landmark");
    assert_eq!(count(html, "<h1"), 1, "{path}: exactly one h1");
    for nav in ["href=\"/data?lang=", "href=\"/sparql?lang=", "href=\"/catalog?lang=", "href=\"/docs/?lang="] {
        assert!(html.contains(nav), "{path}: nav link {nav}");
    }
    assert!(html.contains("lang=en\"") && html.contains("lang=nb\""), "{path}: language switch links");
    assert!(!html.contains("<script>") && !html.contains(" style=\""), "{path}: no inline script or style");
}

#[test]
fn programs_get_what_they_got_before() {
    let app = spawn();
    for accept in [None, Some("*/*"), Some("application/json")] {
        let headers: Vec<(&str, &str)> = accept.map(|a| vec![("Accept", a)]).unwrap_or_default();
        let root = app.get_with("/", &headers);
        assert_eq!(root.status, 200);
        assert!(root.content_type().starts_with("application/json"), "/ for {accept:?}");
        assert!(root.header("vary").is_some_and(|v| v.contains("Accept")), "/ varies by Accept now that browsers get a page");
        let body = root.json();
        assert_eq!(body["name"], "tiltak");
        assert!(body["collections"].as_array().is_some_and(|c| !c.is_empty()));
        let sparql_query = app.get_with("/sparql?query=ASK%20%7B%7D", &headers);
        let expected = if accept == Some("application/json") { "application/json" } else { "application/sparql-results+json" };
        assert_eq!(sparql_query.content_type(), expected, "/sparql?query for {accept:?}");
        assert_eq!(sparql_query.json()["boolean"], true);
    }
    for accept in [None, Some("*/*")] {
        let headers: Vec<(&str, &str)> = accept.map(|a| vec![("Accept", a)]).unwrap_or_default();
        // Things, the catalogue and the service description keep Turtle as their first offer.
        for path in ["/id/initiative/I26", "/catalog", "/catalog/datasets/survey-2018", "/def/status", "/sparql"] {
            let r = app.get_with(path, &headers);
            assert_eq!(r.status, 200, "{path}");
            assert!(r.content_type().starts_with("text/turtle"), "{path} for {accept:?}: {}", r.content_type());
            assert!(r.header("content-security-policy").is_none(), "{path}: no page headers on data");
        }
    }
    let json = app.get_with("/id/initiative/I26", &[("Accept", "application/json")]);
    assert_eq!(json.json()["official_number"], "4.4");
    assert_eq!(app.get_with("/api/v1/initiatives", &[("Accept", BROWSER)]).content_type(), "application/json");
}

#[test]
fn every_page_type_has_the_chrome_and_a_strict_csp() {
    let app = spawn();
    for path in [
        "/",
        "/data",
        "/data/initiatives",
        "/search?q=data",
        "/charts",
        "/sparql",
        "/id/initiative/I26",
        "/def/status",
        "/def/status/delayed",
        "/catalog",
        "/catalog/datasets/survey-2018",
    ] {
        let r = page(&app, path);
        assert_eq!(r.status, 200, "{path}: {}", r.text());
        assert_chrome(path, &r.text());
        let csp = r.header("content-security-policy").unwrap_or_else(|| panic!("{path}: CSP header"));
        assert!(csp.contains("default-src 'self'") && csp.contains("script-src 'self';"), "{path}: {csp}");
        assert!(csp.contains("object-src 'none'") && csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        let inline_style = csp.contains("'unsafe-inline'");
        assert_eq!(inline_style, path == "/sparql", "{path}: inline style only for the SPARQL editor: {csp}");
        assert!(!csp.contains("unsafe-eval"), "{path}");
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"), "{path}");
        assert!(r.header("vary").is_some_and(|v| v.contains("Accept-Language")), "{path}: Vary");
    }
}

#[test]
fn language_switch_and_accept_language() {
    let app = spawn();
    let nb = page(&app, "/").text();
    assert!(nb.contains("<html lang=\"nb\""), "Bokmål by default");
    assert!(nb.contains("Hopp til hovedinnhold"));
    let en = page(&app, "/?lang=en").text();
    assert!(en.contains("<html lang=\"en\"") && en.contains("Skip to main content"));
    let by_header = app.get_with("/data/initiatives", &[("Accept", BROWSER), ("Accept-Language", "en-GB,en;q=0.9,nb;q=0.5")]);
    assert!(by_header.text().contains("<html lang=\"en\""));
    assert_eq!(by_header.header("content-language"), Some("en"));
    let query_wins = app.get_with("/data/initiatives?lang=nb", &[("Accept", BROWSER), ("Accept-Language", "en")]);
    assert!(query_wins.text().contains("<html lang=\"nb\""));
    // A collection is described in the page's language.
    assert!(query_wins.text().contains(tiltak::model::INITIATIVES.description_nb));
    assert!(by_header.text().contains(tiltak::model::INITIATIVES.description));
    // The switch keeps the rest of the query.
    let filtered = page(&app, "/data/initiatives?status=completed").text();
    assert!(hrefs(&filtered, "/data/initiatives?").iter().any(|h| h.contains("status=completed") && h.ends_with("lang=en")));
    // Thing pages in English use English labels for the same thing.
    let thing_en = page(&app, "/id/focus-area/4?lang=en").text();
    let thing_nb = page(&app, "/id/focus-area/4?lang=nb").text();
    assert!(thing_en.contains("<h1>Clear and digitalisation-friendly regulation</h1>"), "{thing_en}");
    assert_ne!(thing_en.split("<h1>").nth(1), thing_nb.split("<h1>").nth(1));
}

#[test]
fn landing_page_shows_datasets_counts_and_search() {
    let app = spawn();
    let html = page(&app, "/").text();
    let counts = app.json("/health")["counts"].clone();
    let initiatives = counts["initiatives"].as_u64().expect("count");
    assert!(html
        .contains(&format!("<a href=\"/data/initiatives?lang=nb\">Tiltak i handlingsplanen</a></td><td class=\"num\">{initiatives}</td>")));
    assert!(html.contains("<form action=\"/search\" method=\"get\" role=\"search\"") && html.contains("name=\"q\""));
    assert!(html.contains("NLOD 2.0"), "licence shown");
    assert!(html.contains("href=\"/docs/\"") && html.contains("href=\"/openapi.json\""));
    let modified = app.json("/health")["modified"].as_str().expect("modified")[..10].to_string();
    assert!(html.contains(&format!("<time datetime=\"{modified}\">")), "last modified");
    for d in ["survey-2018", "initiatives", "code-lists"] {
        assert!(html.contains(&format!("href=\"/catalog/datasets/{d}?lang=nb\"")), "dataset {d} listed");
    }
}

#[test]
fn search_lists_hits_per_collection() {
    let app = spawn();
    let html = page(&app, "/search?q=datadeling&lang=en").text();
    assert!(html.contains("value=\"datadeling\""));
    let all = hrefs(&html, "/data/");
    assert!(!all.is_empty(), "links to the collection pages with the search");
    for link in &all {
        assert!(link.contains("q=datadeling"), "{link}");
        let collection = link.trim_start_matches("/data/").split('?').next().expect("collection");
        let total = app.json(&format!("/api/v1/{collection}?q=datadeling&limit=1"))["total"].as_u64().expect("total");
        assert!(total > 0 && html.contains(&format!("({total} hits)")), "{collection}: {total}");
    }
    assert!(page(&app, "/search?q=zzzzqqqxx").text().contains("Ingen treff."));
    assert_eq!(page(&app, "/search").status, 200, "an empty search is just the form");
}

#[test]
fn search_hits_without_a_label_of_their_own_show_the_graphs_label_not_the_id() {
    // Attributions, assessments and dated facts have no label column: their hits used to read as
    // bare ids ("dodsfall-og-arv-kdd-responsible-later"); now they read as the thing's page does
    // (the label `rdf::labels` composes, e.g. "Ministry of …: responsible for the life event «…»").
    let app = spawn();
    for (q, lang) in [("Digdir", "en"), ("Digdir", "nb"), ("digitalisering", "en")] {
        let html = page(&app, &format!("/search?q={q}&lang={lang}")).text();
        let mut checked = 0;
        for rest in html.split("<a href=\"/id/").skip(1) {
            let (path, after) = rest.split_once('"').expect("closing quote");
            let path = path.split('?').next().expect("path");
            let Some((kind, id)) = path.split_once('/') else { continue };
            if !["attribution", "dated-fact", "status-assessment"].contains(&kind) {
                continue;
            }
            let text = after.split_once('>').and_then(|(_, t)| t.split_once("</a>")).map(|(t, _)| t).expect("link text");
            assert_ne!(text, id, "{q}/{lang}: /id/{path} is shown by its bare id");
            let thing = page(&app, &format!("/id/{path}?lang={lang}")).text();
            assert!(thing.contains(&format!("<h1>{text}")), "{q}/{lang}: the hit reads as the page of /id/{path} does: {text}");
            checked += 1;
        }
        assert!(checked > 0, "{q}/{lang}: the search finds records without a label column");
    }
}

#[test]
fn collection_page_filters_facets_sorts_and_pages_like_the_api() {
    let app = spawn();
    let html = page(&app, "/data/initiatives").text();
    for hook in ["<table class=\"ds-table records\" id=\"records\">", "<form id=\"filters\"", "<section id=\"facets\"", "name=\"q\""] {
        assert!(html.contains(hook), "hook {hook}");
    }
    // Code lists are selects with labels; every control has a label.
    assert!(html.contains("<select class=\"ds-input ds-native-select\" id=\"f-status\" name=\"status\">"));
    // Linked records are selects of their labels too, never id boxes.
    assert!(html.contains("<select class=\"ds-input ds-native-select\" id=\"f-focus_area_id\" name=\"focus_area_id\">"));
    assert!(!html.contains("type=\"text\" id=\"f-focus_area_id\""));
    assert!(
        html.contains("<option value=\"completed\">Ferdigstilt</option>")
            || html.contains("<option value=\"completed\">Completed</option>")
    );
    for id in html.split(" id=\"f-").skip(1).filter_map(|s| s.split('"').next()) {
        assert!(html.contains(&format!("<label for=\"f-{id}\">")), "label for f-{id}");
    }
    // Filter: the same rows as the API.
    let api: Vec<String> =
        walk(&app, "/api/v1/initiatives?status=completed").iter().map(|i| i["id"].as_str().expect("id").to_string()).collect();
    let filtered = page(&app, "/data/initiatives?status=completed&lang=en").text();
    assert_eq!(row_ids(&filtered, "initiative"), api);
    assert!(filtered.contains(&format!("Showing 1–{} of {} records", api.len(), api.len())));
    // The active filter is a chip that removes it.
    assert!(filtered.contains("<a class=\"chip\" href=\"/data/initiatives?lang=en\"><span>Status: Completed</span>"), "chip");
    assert!(filtered.contains("<code>/api/v1/initiatives?status=completed</code>"), "JSON URL of the view");
    assert!(filtered.contains("<code>/api/v1/initiatives?status=completed&amp;format=csv</code>"), "CSV URL of the view");
    // Empty form fields are ignored, like a form submit sends them.
    let submitted = page(&app, "/data/initiatives?lang=en&q=&status=completed&kind=&status_year__gte=").text();
    assert_eq!(row_ids(&submitted, "initiative"), api);
    // Facets: following a facet link filters to exactly its count.
    let facet_section = html.split("<section id=\"facets\"").nth(1).expect("facets").split("</section>").next().expect("end");
    let facet_link = facet_section
        .split("<li><a href=\"")
        .skip(1)
        .find(|s| s.starts_with("/data/initiatives?") && s.contains("status="))
        .expect("a status facet");
    let href = facet_link.split('"').next().expect("href").replace("&amp;", "&");
    let facet_count: usize =
        facet_link.split("<span class=\"count\">").nth(1).and_then(|s| s.split('<').next()).and_then(|n| n.parse().ok()).expect("count");
    let after_click = page(&app, &href).text();
    assert_eq!(row_ids(&after_click, "initiative").len(), facet_count, "{href}");
    assert!(after_click.contains("aria-current=\"true\" class=\"selected\""), "the chosen facet value is marked");
    // Sort by column header: descending id puts the largest first.
    let mut all_ids: Vec<String> = walk(&app, "/api/v1/initiatives").iter().map(|i| i["id"].as_str().expect("id").to_string()).collect();
    all_ids.sort();
    let all_columns = page(&app, "/data/initiatives?columns=all").text();
    let sort_link =
        hrefs(&all_columns, "/data/initiatives?").into_iter().find(|h| h.contains("sort=-id")).expect("header link sorts descending");
    let sorted = page(&app, &sort_link).text();
    assert_eq!(row_ids(&sorted, "initiative").first(), all_ids.last());
    assert!(sorted.contains("aria-sort=\"descending\""));
    // Keyset paging: rel=next pages through every record exactly once.
    let mut seen = Vec::new();
    let mut url = "/data/initiatives?limit=7".to_string();
    for _ in 0..20 {
        let p = page(&app, &url).text();
        seen.extend(row_ids(&p, "initiative"));
        match p.split("rel=\"next\"").next().and_then(|before| before.rsplit("href=\"").next()) {
            Some(next) if p.contains("rel=\"next\"") => url = next.split('"').next().expect("href").replace("&amp;", "&"),
            _ => break,
        }
    }
    assert_eq!(seen, all_ids, "paging");
    // After "next", the view's JSON and CSV URLs keep the cursor: the JSON holds the page's rows.
    let first = page(&app, "/data/initiatives?limit=7&lang=en").text();
    let next = first.split("rel=\"next\"").next().and_then(|b| b.rsplit("href=\"").next()).expect("next link");
    let second = page(&app, &next.split('"').next().expect("href").replace("&amp;", "&")).text();
    let json_url = second.split("<code>/api/v1/initiatives?").nth(1).and_then(|s| s.split("</code>").next()).expect("JSON URL");
    assert!(json_url.contains("cursor="), "{json_url}");
    let view_json = app.json(&format!("/api/v1/initiatives?{}", json_url.replace("&amp;", "&")));
    let json_ids: Vec<String> =
        view_json["items"].as_array().expect("items").iter().map(|i| i["id"].as_str().expect("id").to_string()).collect();
    assert_eq!(json_ids, row_ids(&second, "initiative"), "the JSON of this view is this page");
    assert!(second.contains(&format!("<code>/api/v1/initiatives?{json_url}&amp;format=csv</code>")), "CSV URL keeps the cursor too");
    // Full-text search through the page gives the API's hits.
    let q_api: Vec<String> = walk(&app, "/api/v1/initiatives?q=data").iter().map(|i| i["id"].as_str().expect("id").to_string()).collect();
    assert!(!q_api.is_empty());
    assert_eq!(row_ids(&page(&app, "/data/initiatives?q=data").text(), "initiative"), q_api);
}

#[test]
fn collection_pages_exist_for_every_collection_and_bad_input_is_a_page_not_a_crash() {
    let app = spawn();
    for e in tiltak::model::ENTITIES {
        let r = page(&app, &format!("/data/{}", e.collection));
        assert_eq!(r.status, 200, "{}: {}", e.collection, r.text());
        assert!(r.text().contains("id=\"records\"") || r.text().contains("Ingen poster"), "{}", e.collection);
    }
    let bad = page(&app, "/data/initiatives?status=no-such-status");
    assert_eq!(bad.status, 400);
    assert!(bad.text().contains("no-such-status") && bad.text().contains("not-started"), "the problem names the allowed codes");
    assert_eq!(page(&app, "/data/initiatives?status_year__gte=abc").status, 400);
    assert_eq!(page(&app, "/data/initiatives?cursor=garbage").status, 400);
    assert_eq!(page(&app, "/data/no-such-collection").status, 404);
    // Dead links and unknown things are pages for people; the JSON API keeps its problems.
    for path in ["/no/such/page", "/id/initiative/I00", "/def/NoSuchTerm"] {
        let r = page(&app, path);
        assert_eq!(r.status, 404, "{path}");
        assert!(r.text().contains("<main id=\"main\"") && r.header("content-security-policy").is_some(), "{path}");
        assert_eq!(app.get(path).content_type(), "application/problem+json", "{path} for programs");
    }
    let api_problem = app.get_with("/api/v1/initiatives?status=bad", &[("Accept", BROWSER)]);
    assert_eq!((api_problem.status, api_problem.content_type()), (400, "application/problem+json"));
    let redirect = app.get_with("/data/initiatives/I26", &[("Accept", BROWSER)]);
    assert_eq!(redirect.status, 200, "followed to the thing page");
    assert!(redirect.text().contains("Lovteknikkheftet"));
}

#[test]
fn thing_pages_use_labels_and_show_sources_and_quality_notes() {
    let app = spawn();
    let r = page(&app, "/id/initiative/I26?lang=en");
    let html = r.text();
    assert!(html.contains("<h1>Describe and refer to the guide for digitalisation-friendly regulation"), "title from the label");
    // Properties by their vocabulary labels, related things by label, no raw predicate IRIs as text.
    assert!(html.contains("<dt>Focus area</dt>"), "tt:focusArea labelled from the vocabulary, in sentence case");
    assert!(html.contains("<a href=\"/id/focus-area/4\">Clear and digitalisation-friendly regulation</a>"));
    assert!(html.contains("<a href=\"/def/status/delayed\">Delayed</a>"));
    assert!(!html.contains(">http://www.w3.org/2004/02/skos/core#prefLabel<"));
    // No link anywhere on a thing page (incoming "mentioned by" links included) has a bare IRI as its text.
    for path in ["/id/initiative/I26", "/id/organization/dfo", "/id/strategy-goal/goal-1", "/id/goal-assessment/goal-1-rdt-2023"] {
        let thing = page(&app, &format!("{path}?lang=en")).text();
        assert!(thing.contains("<h1>"), "{path}");
        for text in thing.split("\">").skip(1).filter_map(|s| s.split("</a>").next()).filter(|s| !s.contains('<')) {
            assert!(!text.starts_with("http://") && !text.starts_with("https://"), "{path}: link text {text}");
        }
    }
    // Key facts first, then the data-quality notes and the sources.
    let notes = html.find("<section class=\"notes\"").expect("quality notes");
    let sources = html.find("<section class=\"sources\"").expect("sources");
    let props = html.find("id=\"properties\"").expect("properties");
    assert!(props < notes && props < sources);
    assert!(html.contains("<a href=\"/id/data-quality-note/DQ18?lang=en\">"));
    assert!(html.contains("<nav aria-label=\"Breadcrumb\" class=\"breadcrumb\">"), "breadcrumb");
    assert!(html.contains("<a href=\"/data/initiatives?lang=en\">Initiatives of the action plan</a>"), "breadcrumb to the collection");
    assert!(html.contains("href=\"/id/source/digdir-ar2022-action-plan-status\""));
    for (media, format) in
        [("text/turtle", "ttl"), ("application/ld+json", "jsonld"), ("application/rdf+xml", "rdf"), ("application/n-triples", "nt")]
    {
        let link = format!("<link rel=\"alternate\" type=\"{media}\" href=\"/id/initiative/I26?format={format}\">");
        assert!(html.contains(&link), "{link}");
        let alt = app.get(&format!("/id/initiative/I26?format={format}"));
        assert!(alt.content_type().starts_with(media), "{format}");
    }
    // A code concept lists the things that use it.
    let delayed = page(&app, "/def/status/delayed?lang=en").text();
    assert!(delayed.contains("<h1>Delayed</h1>") && delayed.contains("href=\"/id/initiative/I26\""));
    assert!(r.header("etag").is_some());
    let nb = page(&app, "/id/initiative/I26?lang=nb");
    assert_ne!(r.header("etag"), nb.header("etag"), "the validator differs by language");
}

#[test]
fn dataset_pages_carry_schema_org_json_ld() {
    let app = spawn();
    let html = page(&app, "/catalog/datasets/survey-2018?lang=en").text();
    let block = html
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .and_then(|s| s.split("</script>").next())
        .expect("JSON-LD data block in the head");
    assert!(html.find("application/ld+json\">").expect("block") < html.find("</head>").expect("head"));
    let ld: serde_json::Value = serde_json::from_str(block).expect("valid JSON");
    assert_eq!(ld["@type"], "Dataset");
    assert_eq!(ld["@id"], format!("{}/catalog/datasets/survey-2018", app.base));
    assert!(ld["name"].as_str().is_some_and(|n| n.contains("2018")));
    assert!(ld["description"].as_str().is_some_and(|d| d.len() > 50));
    assert_eq!(ld["license"], "http://publications.europa.eu/resource/authority/licence/NLOD_2_0");
    let downloads = ld["distribution"].as_array().expect("distributions");
    assert!(downloads.iter().any(|d| d["encodingFormat"] == "text/csv"));
    for d in downloads {
        let url = d["contentUrl"].as_str().expect("url");
        assert_eq!(app.get(url).status, 200, "{url}");
    }
    assert!(html.contains("<ul class=\"downloads\" id=\"distributions\">"));
    assert!(html.contains("<span class=\"badge\">CSV</span>") && html.contains("<span class=\"badge\">Turtle</span>"), "formats by name");
    assert!(html.contains(">NLOD 2.0</a>"), "licence by name");
    assert!(html.contains("href=\"/data/statistics?survey_id=2018&amp;lang=en\">See the data</a>"), "the dataset's own table");
    assert!(html.contains("<dt>Update frequency</dt><dd><span>Never updated</span></dd>"), "frequency by label");
    assert!(html.contains("Norwegian Digitalisation Agency"), "publisher by label");
    // The catalogue page links every dataset page.
    let catalog = page(&app, "/catalog?lang=en").text();
    for d in ["survey-2018", "sources", "code-lists"] {
        assert!(catalog.contains(&format!("href=\"/catalog/datasets/{d}?lang=en\"")), "{d}");
    }
}

#[test]
fn sparql_page_runs_the_examples_without_script() {
    let app = spawn();
    let html = page(&app, "/sparql").text();
    assert!(html.contains("<form id=\"sparql-form\" action=\"/sparql\" method=\"get\">"));
    assert!(html.contains("<textarea class=\"ds-input\" id=\"query\" name=\"query\""));
    assert!(html.contains("<div id=\"sparql-editor\""));
    assert!(html.contains("tt:Initiative"), "preloaded with the first README example");
    let examples = hrefs(&html, "/sparql?example=");
    assert_eq!(examples.len(), 3, "the README's three examples");
    let empty_form = page(&app, "/sparql?query=&example=3");
    assert_eq!(empty_form.status, 200, "an empty form is the editor, not an error");
    assert!(empty_form.text().contains("tt:LifeEvent") && !empty_form.text().contains("role=\"alert\""));
    let second = page(&app, &examples[1]).text();
    assert!(second.contains("tt:denominator"), "the chosen example is loaded");
    // Submitting the form (GET) renders the result table on the server.
    let query = "PREFIX tt: <BASE/def/> SELECT ?i WHERE { ?i a tt:Initiative } ORDER BY ?i".replace("BASE", &app.base);
    let url = format!("/sparql?lang=en&query={}", serde_urlencoded::to_string([("", &query)]).expect("enc").trim_start_matches('='));
    let result = page(&app, &url);
    assert_eq!(result.status, 200);
    let text = result.text();
    assert!(text.contains("<table class=\"ds-table\" id=\"sparql-results\">"));
    let total = app.json("/api/v1/initiatives?limit=1")["total"].as_u64().expect("total");
    assert!(text.contains(&format!("{total} rows")), "one row per initiative");
    assert!(text.contains("<a href=\"/id/initiative/I01\">"), "IRIs link to their pages");
    for format in ["json", "xml", "csv", "tsv"] {
        let link = hrefs(&text, "/sparql?query=").into_iter().find(|h| h.ends_with(&format!("format={format}"))).expect("download link");
        let d = app.get_with(&link, &[("Accept", BROWSER)]);
        assert_eq!(d.status, 200, "{format}");
        assert!(!d.content_type().starts_with("text/html"), "{format}: {}", d.content_type());
    }
    // POST from the form works too, and CONSTRUCT results are shown as triples.
    let body = serde_urlencoded::to_string([(
        "query",
        format!("CONSTRUCT {{ <{0}/id/initiative/I26> ?p ?o }} WHERE {{ <{0}/id/initiative/I26> ?p ?o }}", app.base),
    )])
    .expect("form");
    let posted = app.post("/sparql", "application/x-www-form-urlencoded", body.as_bytes(), &[("Accept", BROWSER)]);
    assert!(posted.content_type().starts_with("text/html"));
    assert!(posted.text().contains("id=\"sparql-results\"") && posted.text().contains("<th scope=\"col\">predicate</th>"));
    // A bad query is shown on the page with the endpoint's status.
    let bad = app.get_with("/sparql?query=SELECT%20WHERE", &[("Accept", BROWSER)]);
    assert_eq!(bad.status, 400);
    assert!(bad.text().contains("role=\"alert\"") && bad.text().contains("SPARQL syntax error"));
}

#[test]
fn charts_are_svg_with_title_desc_and_the_same_figures_as_a_table() {
    let app = spawn();
    let html = page(&app, "/charts?lang=en").text();
    assert_eq!(count(&html, "<svg role=\"img\""), 5);
    assert_eq!(count(&html, "<title id=\"chart-"), 5);
    assert_eq!(count(&html, "<desc id=\"chart-"), 5);
    assert_eq!(count(&html, "<table class=\"ds-table chart-data\">"), 5);
    // Goal ratings by edition: each edition's row counts exactly the API's per-goal ratings.
    let goals = html.split("id=\"chart-goal-ratings\"").nth(1).expect("goal chart").split("</figure>").next().expect("end");
    let rated: Vec<serde_json::Value> = walk(&app, "/api/v1/goal-assessments?scope=goal")
        .into_iter()
        .filter(|a| a["rating"].as_str().is_some_and(|r| !r.is_empty()))
        .collect();
    assert!(!rated.is_empty());
    let cells: u64 = goals
        .split("<tbody>")
        .nth(1)
        .expect("table body")
        .split("<td class=\"num\">")
        .skip(1)
        .filter_map(|s| s.split('<').next().and_then(|n| n.parse::<u64>().ok()))
        .sum();
    assert_eq!(cells, rated.len() as u64, "every rated goal counted once");
    for a in &rated {
        let goal = a["goal_id"].as_str().expect("goal").trim_start_matches("goal-");
        assert!(goals.contains(&format!("Goal {goal}: ")), "goal {goal} listed");
    }
    // Goals 1 and 6 fail in the 2023 news item; goal 6's page says 'less good' too, so both are listed (DQ30).
    assert!(
        goals.contains("<rect class=\"tone-bad\"") && goals.contains("fail (not achieved): 2"),
        "the 2023 fails are drawn in the worst tone"
    );
    assert!(goals.contains("Goal 6: fail (not achieved) / less good (sources disagree"), "goal 6's two 2023 ratings, said so");
    // A collection page charts its own selection: the bars add up to the table's total.
    let rated_page = page(&app, "/data/goal-assessments?scope=goal&lang=en").text();
    let chart =
        rated_page.split("id=\"chart-goal-assessments-rating\"").nth(1).expect("rating chart").split("</figure>").next().expect("end");
    let sum: u64 = chart.split("<td class=\"num\">").skip(1).filter_map(|s| s.split('<').next().and_then(|n| n.parse::<u64>().ok())).sum();
    assert_eq!(sum, app.json("/api/v1/goal-assessments?scope=goal&limit=1")["total"].as_u64().expect("total"));
    // Main purpose 2018: every published count in the table.
    for s in walk(&app, "/api/v1/statistics?survey_id=2018&variable=main_purpose") {
        let cell = format!("<td class=\"num\">{}</td>", s["count"]);
        assert!(html.contains(&cell), "{cell}");
    }
    // Municipal impact: the figure (95) and the text (90) side by side, with the note on the conflict.
    let municipal = html.split("id=\"chart-municipal-impact-2018\"").nth(1).expect("chart").split("</figure>").next().expect("end");
    assert!(municipal.contains("<td class=\"num\">95</td><td class=\"num\">90</td>"), "{municipal}");
    assert!(municipal.contains("href=\"/id/data-quality-note/DQ1?lang=en\""));
    // Initiative status counts add up to the collection.
    let status = html.split("id=\"chart-initiative-status\"").nth(1).expect("chart").split("</figure>").next().expect("end");
    let sum: u64 = status.split("<td class=\"num\">").skip(1).filter_map(|s| s.split('<').next().and_then(|n| n.parse::<u64>().ok())).sum();
    assert_eq!(sum, app.json("/api/v1/initiatives?limit=1")["total"].as_u64().expect("total"));
    // Relevant collection and thing pages show their charts.
    assert!(page(&app, "/data/initiatives").text().contains("id=\"chart-initiatives-status\""));
    let survey = page(&app, "/id/survey/2018").text();
    assert!(survey.contains("id=\"chart-main-purpose-2018\"") && survey.contains("id=\"chart-municipal-impact-2018\""));
    assert!(!page(&app, "/id/survey/2019").text().contains("<svg"), "no 2018 charts on the 2019 survey");
}

#[test]
fn assets_are_embedded_with_long_cache_lifetimes() {
    let app = spawn();
    let html = page(&app, "/").text();
    let css = hrefs(&html, "/assets/site.css?v=").pop().expect("versioned stylesheet link");
    let r = app.get(&css);
    assert_eq!(r.status, 200);
    assert!(r.content_type().starts_with("text/css"));
    assert!(r.header("cache-control").is_some_and(|c| c.contains("max-age=31536000")));
    let etag = r.header("etag").expect("etag").to_string();
    assert_eq!(app.get_with(&css, &[("If-None-Match", &etag)]).status, 304);
    assert!(app.get("/assets/sparql-editor.js").content_type().contains("javascript"));
    for vendored in [
        "vendor/designsystemet/index.css",
        "vendor/designsystemet/theme.css",
        "vendor/yasgui/yasgui.min.js",
        "vendor/yasgui/yasgui.min.css",
    ] {
        assert_eq!(app.get(&format!("/assets/{vendored}")).status, 200, "{vendored}");
    }
    assert_eq!(app.get("/assets/no-such-file.css").status, 404);
    assert_eq!(app.get("/assets/../Cargo.toml").status, 404);
}

#[test]
fn public_service_basics_robots_sitemap_statement_and_error_pages_in_the_page_language() {
    let app = spawn();
    let robots = app.get("/robots.txt");
    assert_eq!(robots.status, 200);
    assert!(robots.text().contains(&format!("Sitemap: {}/sitemap.xml", app.base)));
    let sitemap = app.get("/sitemap.xml");
    assert_eq!(sitemap.status, 200);
    let xml = sitemap.text();
    for path in ["/data/initiatives", "/catalog/datasets/survey-2018", "/id/initiative/I26", "/def/status/delayed", "/accessibility"] {
        assert!(xml.contains(&format!("<loc>{}{path}</loc>", app.base)), "{path} in the sitemap");
    }
    // Every page's footer links the accessibility statement, which answers in both languages.
    for path in ["/", "/data/initiatives", "/id/initiative/I26", "/catalog", "/sparql", "/charts"] {
        assert!(page(&app, path).text().contains("<a href=\"/accessibility?lang=nb\">Tilgjengelighetserklæring</a>"), "{path}");
    }
    let statement = page(&app, "/accessibility?lang=en").text();
    for heading in ["<h2>What we tested</h2>", "<h2>How we tested</h2>", "<h2>Known deviations</h2>", "<h2>Feedback and contact</h2>"] {
        assert!(statement.contains(heading), "{heading}");
    }
    // An error page speaks the page's language and offers search.
    let missing = page(&app, "/data/no-such-collection?lang=nb");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("<h1>Vi finner ikke siden</h1>") && missing.text().contains("role=\"search\""));
    // Canonical and hreflang links, and a description of the page itself.
    let collection = page(&app, "/data/initiatives?lang=en").text();
    assert!(collection.contains(&format!("<link rel=\"canonical\" href=\"{}/data/initiatives?lang=en\">", app.base)));
    assert!(collection.contains("hreflang=\"nb\"") && collection.contains("<meta property=\"og:title\""));
    assert!(collection.contains("<meta name=\"description\" content=\"Initiatives, deliverables"));
}
