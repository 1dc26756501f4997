//! Issue 21: text sorts case-insensitively in the page language's order (nb: æ, ø, å after z;
//! en: by the English names, accents folded), and keyset paging keeps that order: walking every
//! page with a small limit gives exactly the single-page order, in the API and on pages in both
//! languages.

use crate::helpers::*;
use crate::pages::{page, row_ids};
use std::collections::HashMap;

/// The `rel="next"` link of a page, entities decoded.
fn next_link(html: &str) -> Option<String> {
    if !html.contains("rel=\"next\"") {
        return None;
    }
    let before = html.split("rel=\"next\"").next()?;
    Some(before.rsplit("href=\"").next()?.split('"').next()?.replace("&amp;", "&"))
}

/// Every row of a collection page, following `rel="next"` from `path`.
fn walk_pages(app: &TestApp, path: &str, item_type: &str) -> Vec<String> {
    let mut seen = Vec::new();
    let mut url = path.to_string();
    for _ in 0..100 {
        let html = page(app, &url).text();
        seen.extend(row_ids(&html, item_type));
        match next_link(&html) {
            Some(next) => url = next,
            None => return seen,
        }
    }
    panic!("{path}: more than 100 pages");
}

fn ids(items: &[serde_json::Value]) -> Vec<String> {
    items.iter().map(|i| i["id"].as_str().expect("id").to_string()).collect()
}

/// Where each of `names` stands in `order` (ids), by the fixture's `column`.
fn positions(order: &[String], names: &HashMap<String, String>, wanted: &[&str]) -> Vec<usize> {
    wanted
        .iter()
        .map(|w| order.iter().position(|id| names.get(id).map(String::as_str) == Some(*w)).unwrap_or_else(|| panic!("{w} not listed")))
        .collect()
}

fn names(file: &str, column: &str) -> HashMap<String, String> {
    fixture_rows(file).into_iter().map(|r| (r["id"].clone(), r[column].clone())).collect()
}

#[test]
fn names_sort_in_the_page_languages_order_and_every_page_walk_keeps_it() {
    let app = spawn();
    let nb_names = names("initiatives.csv", "name_nb");
    let en_names = names("initiatives.csv", "name_en");

    // The API and the Bokmål page: Norwegian order, case ignored (a byte order puts every
    // capital before every small letter), å after the other letters.
    let api = ids(&app.json("/api/v1/initiatives?sort=name&limit=1000")["items"].as_array().expect("items").clone());
    assert_eq!(api.len(), nb_names.len());
    let nb_page = row_ids(&page(&app, "/data/initiatives?sort=name&limit=100").text(), "initiative");
    assert_eq!(nb_page, api, "the Bokmål page sorts as the API does");
    let at = positions(
        &nb_page,
        &nb_names,
        &[
            "arbeidsgruppe under Skate",
            "Datafabrikken",
            "eID for alle",
            "felles prinsipper for involvering av kommunal sektor i statlige beslutninger som omhandler digitalisering",
            "fullmaktsløsninger",
            "Få barn",
            "helhetlig informasjon",
        ],
    );
    assert!(at.windows(2).all(|w| w[0] < w[1]), "Norwegian order: {:?}", nb_page.iter().map(|id| &nb_names[id]).collect::<Vec<_>>());

    // The English page: by the English names, case ignored.
    let en_page = row_ids(&page(&app, "/data/initiatives?sort=name&limit=100&lang=en").text(), "initiative");
    let mut expected: Vec<String> = en_names.keys().cloned().collect();
    expected.sort_by_cached_key(|id| (en_names[id].to_lowercase(), en_names[id].clone(), id.clone()));
    assert_eq!(en_page, expected, "English names, case ignored");
    assert_ne!(en_page, nb_page);

    // Ø after the other letters on a Bokmål page; the English names on an English one.
    let areas = names("focus_areas.csv", "name_nb");
    let nb_areas = row_ids(&page(&app, "/data/focus-areas?sort=name").text(), "focus-area");
    let last_two: Vec<&str> = nb_areas[nb_areas.len() - 2..].iter().map(|id| areas[id].as_str()).collect();
    assert_eq!(last_two, ["Økt deling av data og verdiskapning", "Økt digital kompetanse i offentlig sektor"]);
    let areas_en = names("focus_areas.csv", "name_en");
    let en_areas: Vec<&str> =
        row_ids(&page(&app, "/data/focus-areas?sort=name&lang=en").text(), "focus-area").iter().map(|id| areas_en[id].as_str()).collect();
    let mut sorted = en_areas.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(en_areas, sorted);
    // É sorts as E in Norwegian (a byte order puts it after every ASCII letter).
    let titles = names("strategies.csv", "title_nb");
    let strategies: Vec<&str> =
        row_ids(&page(&app, "/data/strategies?sort=title").text(), "strategy").iter().map(|id| titles[id].as_str()).collect();
    let e = strategies.iter().position(|t| t.starts_with("Én")).expect("Én digital offentlig sektor");
    let d = strategies.iter().position(|t| t.starts_with("Digital agenda")).expect("Digital agenda");
    assert!(d < e && e == strategies.len() - 1, "{strategies:?}");
}

#[test]
fn paging_with_cursors_gives_the_single_page_order_in_both_languages() {
    let app = spawn();
    // Names (language maps), a text column with empty values, ascending and descending.
    for (collection, item_type, sort) in [
        ("initiatives", "initiative", "name"),
        ("initiatives", "initiative", "-name"),
        ("initiatives", "initiative", "status_nb"),
        ("initiatives", "initiative", "-status_nb"),
        ("organizations", "organization", "name"),
    ] {
        for lang in ["nb", "en"] {
            // The API's `lang` picks the same order as the page's language.
            let api_all = ids(&app.json(&format!("/api/v1/{collection}?sort={sort}&limit=1000&lang={lang}"))["items"]
                .as_array()
                .expect("items")
                .clone());
            let api_walk = ids(&walk(&app, &format!("/api/v1/{collection}?sort={sort}&limit=4&lang={lang}")));
            assert_eq!(api_walk, api_all, "API {collection} sort={sort} lang={lang}");
            let whole = row_ids(&page(&app, &format!("/data/{collection}?sort={sort}&limit=100&lang={lang}")).text(), item_type);
            assert_eq!(whole, api_all, "{collection} sort={sort} lang={lang}: the page sorts as the API does");
            let walked = walk_pages(&app, &format!("/data/{collection}?sort={sort}&limit=4&lang={lang}"), item_type);
            assert_eq!(walked, whole, "{collection} sort={sort} lang={lang}: no row skipped or repeated");
        }
        let nb = ids(&app.json(&format!("/api/v1/{collection}?sort={sort}&limit=1000"))["items"].as_array().expect("items").clone());
        let nb_explicit =
            ids(&app.json(&format!("/api/v1/{collection}?sort={sort}&limit=1000&lang=nb"))["items"].as_array().expect("items").clone());
        assert_eq!(nb, nb_explicit, "Norwegian is the API's default order");
    }
    // The JSON of an English page sorted by name (a later page, with its cursor) is that page.
    let first = page(&app, "/data/initiatives?sort=name&limit=4&lang=en").text();
    let second = page(&app, &next_link(&first).expect("a next page")).text();
    let json_url = second.split("<code>/api/v1/initiatives?").nth(1).and_then(|s| s.split("</code>").next()).expect("JSON URL");
    let json_url = json_url.replace("&amp;", "&");
    assert!(json_url.contains("cursor=") && json_url.contains("lang=en"), "{json_url}");
    assert_eq!(
        ids(app.json(&format!("/api/v1/initiatives?{json_url}"))["items"].as_array().expect("items")),
        row_ids(&second, "initiative")
    );
    // A sort that is not on text pages the same in both languages: no `lang` in the view's JSON.
    let by_id = page(&app, "/data/initiatives?lang=en").text();
    assert!(by_id.contains("<code>/api/v1/initiatives</code>"), "no lang for an id sort");

    // A cursor belongs to its language's order: the language link of a later page starts the
    // other language at its first page instead of carrying a cursor it would refuse.
    let first = page(&app, "/data/initiatives?sort=name&limit=4").text();
    let second_url = next_link(&first).expect("a next page");
    let second = page(&app, &second_url).text();
    let english = second
        .split("href=\"")
        .skip(1)
        .filter_map(|h| h.split('"').next())
        .map(|h| h.replace("&amp;", "&"))
        .find(|h| h.starts_with("/data/initiatives?") && h.contains("lang=en"))
        .expect("a link to the English page");
    assert!(!english.contains("cursor="), "{english}");
    assert_eq!(page(&app, &english).status, 200);
}
