//! The charts: which figures each one shows, read from the published records. Layout is
//! `svg::bar_chart`; markup is `templates/chart.html`.

use super::i18n::{text, Lang};
use super::records::{labels, lang_text, select_all, CodeLabels, JsonRecord};
use super::svg::{bar_chart, BarChartSpec, Chart, Series};
use crate::error::ApiError;
use crate::model::{CODES, DATA_QUALITY, GOAL_ASSESSMENTS, INITIATIVES, REPORTS, STATISTICS, STATUS_ASSESSMENTS, STRATEGY_GOALS, SURVEYS};
use crate::state::Snapshot;
use crate::uris;
use serde::Serialize;
use serde_json::Value as Json;
use std::collections::BTreeSet;

/// A chart with the data-quality notes that concern its figures.
#[derive(Debug, Serialize)]
pub struct ChartBlock {
    pub chart: Chart,
    pub notes: Vec<NoteRef>,
    /// A total shown apart from the categories (never a bar among them).
    pub total: Option<u64>,
    /// The chart's figures as a CSV download (`data:` URL).
    pub csv: Option<String>,
    /// Where the figures come from: the collection view they are counted from.
    pub source: Option<SourceLine>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceLine {
    pub label: String,
    pub href: String,
}

/// The source line of a chart read from `collection` with `query` (a page link in `lang`).
fn source(collection: &str, query: &str, lang: Lang) -> Option<SourceLine> {
    let e = crate::model::entity(collection)?;
    let sep = if query.is_empty() { "" } else { "&" };
    Some(SourceLine {
        label: lang.pick(e.title_nb, e.title_en).to_string(),
        href: format!("/data/{collection}?{query}{sep}lang={}", lang.code()),
    })
}

impl ChartBlock {
    fn new(chart: Chart, notes: Vec<NoteRef>) -> Self {
        let mut b = ChartBlock { chart, notes, total: None, csv: None, source: None };
        b.csv = Some(csv_data_url(&b.chart));
        b
    }
}

/// The figures of a chart's table as CSV in a `data:` URL (downloaded by the link's `download`).
pub fn csv_data_url(chart: &Chart) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(&chart.table.headers);
    for row in &chart.table.rows {
        let _ = w.write_record(row);
    }
    let body = w.into_inner().unwrap_or_default();
    let mut encoded = String::with_capacity(body.len() * 2);
    for b in body {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("data:text/csv;charset=utf-8,{encoded}")
}

#[derive(Debug, Clone, Serialize)]
pub struct NoteRef {
    pub id: String,
    pub href: String,
    pub topic: String,
    /// The note in one sentence, in the page's language.
    pub summary: String,
    /// The full note (English).
    pub description: String,
    pub values: String,
}

/// Code lists whose codes are ordered (ratings, progress): charted in tones that follow the order.
pub const ORDINAL_SCHEMES: &[&str] = &["status", "goal-rating", "severity"];

/// The tone of a code of an ordinal scheme: good → green, fair → amber, poor → orange, bad → red,
/// neutral (not started, ended, none) → grey. Anything else keeps the series colours.
pub fn tone(scheme: &str, code: Option<&str>) -> Option<&'static str> {
    let code = match code {
        None | Some("") => return ORDINAL_SCHEMES.contains(&scheme).then_some("tone-none"),
        Some(c) => c,
    };
    Some(match (scheme, code) {
        ("status", "on-track" | "completed" | "considered-finished" | "operationalised" | "published" | "in-operation") => "tone-good",
        ("status", "minor-delays") => "tone-fair",
        ("status", "delayed") => "tone-bad",
        ("status", _) => "tone-none",
        ("goal-rating", "god") => "tone-good",
        ("goal-rating", "middels") => "tone-fair",
        ("goal-rating", "mindre-god") => "tone-poor",
        ("goal-rating", "stryk") => "tone-bad",
        ("severity", "low") => "tone-fair",
        ("severity", "medium") => "tone-poor",
        ("severity", "high") => "tone-bad",
        _ => return None,
    })
}

/// Printers of chart values in each language (a `fn` pointer per language).
pub fn formatter(lang: Lang) -> fn(f64) -> String {
    match lang {
        Lang::Nb => |v| super::i18n::number(Lang::Nb, v, 1),
        Lang::En => |v| super::i18n::number(Lang::En, v, 1),
    }
}

/// A one-series chart of record counts per code (a collection page's chart of its own selection):
/// the bars add up to `total`, which the description states apart from the categories.
pub fn counts_chart(
    lang: Lang,
    id: &str,
    title: &str,
    scheme: &str,
    header: &str,
    categories: &[(String, Option<String>, u64)],
    total: u64,
) -> ChartBlock {
    let chart = bar_chart(BarChartSpec {
        id: id.into(),
        title: title.into(),
        desc: format!("{} {}: {}.", text(lang, "chart_counts_desc"), text(lang, "total"), super::i18n::number(lang, total as f64, 0)),
        categories: categories.iter().map(|(l, _, _)| l.clone()).collect(),
        series: vec![Series { name: text(lang, "count").into(), values: categories.iter().map(|(_, _, n)| Some(*n as f64)).collect() }],
        category_header: header.into(),
        extra_column: None,
        series_classes: Vec::new(),
        category_classes: categories.iter().map(|(_, c, _)| tone(scheme, c.as_deref()).unwrap_or("series-0").to_string()).collect(),
        format: formatter(lang),
    });
    let mut b = ChartBlock::new(chart, Vec::new());
    b.total = Some(total);
    b
}

/// The charts of `/charts`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    MainPurpose2018,
    MunicipalImpact2018,
    FocusAreaStatusByReport,
    InitiativeStatus,
    GoalRatingsByEdition,
}

pub const ALL: &[ChartKind] = &[
    ChartKind::MainPurpose2018,
    ChartKind::MunicipalImpact2018,
    ChartKind::FocusAreaStatusByReport,
    ChartKind::InitiativeStatus,
    ChartKind::GoalRatingsByEdition,
];

/// Charts drawn from a thing's own figures (by its URI).
pub fn for_thing(base: &str, subject: &str) -> Vec<ChartKind> {
    if subject == uris::thing(base, &SURVEYS, "2018") {
        vec![ChartKind::MainPurpose2018, ChartKind::MunicipalImpact2018]
    } else {
        Vec::new()
    }
}

fn str_of<'a>(r: &'a JsonRecord, key: &str) -> &'a str {
    r.get(key).and_then(Json::as_str).unwrap_or("")
}

fn num_of(r: &JsonRecord, key: &str) -> Option<f64> {
    r.get(key).and_then(Json::as_f64)
}

fn category_label(r: &JsonRecord, lang: Lang) -> String {
    let label = lang_text(r.get("category_label"), lang);
    if label.is_empty() {
        str_of(r, "category").to_string()
    } else {
        label
    }
}

/// Data-quality notes cited by `records`, in id order.
fn notes_of(snap: &Snapshot, base: &str, lang: Lang, records: &[&JsonRecord]) -> Result<Vec<NoteRef>, ApiError> {
    let ids: BTreeSet<String> = records
        .iter()
        .filter_map(|r| r.get("quality_notes").and_then(Json::as_array))
        .flatten()
        .filter_map(|v| v.as_str().map(String::from))
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let query: Vec<(String, String)> = ids.iter().map(|id| ("id".to_string(), id.clone())).collect();
    let notes = select_all(snap, base, DATA_QUALITY.collection, &crate::selection::query_string(&query))?;
    Ok(notes
        .iter()
        .map(|n| NoteRef {
            id: str_of(n, "id").to_string(),
            href: super::local_href(base, str_of(n, "uri")),
            topic: super::records::for_people(str_of(n, "topic")),
            summary: lang_text(n.get("summary"), lang),
            description: super::records::for_people(str_of(n, "description_en")),
            values: super::records::for_people(str_of(n, "values_involved")),
        })
        .collect())
}

pub fn build(snap: &Snapshot, base: &str, lang: Lang, kind: ChartKind) -> Result<ChartBlock, ApiError> {
    match kind {
        ChartKind::MainPurpose2018 => main_purpose(snap, base, lang),
        ChartKind::MunicipalImpact2018 => municipal_impact(snap, base, lang),
        ChartKind::FocusAreaStatusByReport => focus_area_status(snap, base, lang),
        ChartKind::InitiativeStatus => initiative_status(snap, base, lang),
        ChartKind::GoalRatingsByEdition => goal_ratings_by_edition(snap, base, lang),
    }
}

fn main_purpose(snap: &Snapshot, base: &str, lang: Lang) -> Result<ChartBlock, ApiError> {
    let rows = select_all(snap, base, STATISTICS.collection, "survey_id=2018&variable=main_purpose&sort=-count")?;
    let n = rows.first().and_then(|r| num_of(r, "n"));
    let desc = match n {
        Some(n) => format!("{} N = {}.", text(lang, "chart_main_purpose_desc"), super::i18n::number(lang, n, 0)),
        None => text(lang, "chart_main_purpose_desc").to_string(),
    };
    let chart = bar_chart(BarChartSpec {
        id: "chart-main-purpose-2018".into(),
        title: text(lang, "chart_main_purpose").into(),
        desc,
        categories: rows.iter().map(|r| category_label(r, lang)).collect(),
        series: vec![Series { name: text(lang, "count").into(), values: rows.iter().map(|r| num_of(r, "count")).collect() }],
        category_header: text(lang, "category").into(),
        extra_column: Some((
            text(lang, "percent").into(),
            rows.iter().map(|r| num_of(r, "percent_computed").map(|p| super::i18n::number(lang, p, 1)).unwrap_or_default()).collect(),
        )),
        series_classes: Vec::new(),
        category_classes: Vec::new(),
        format: formatter(lang),
    });
    let refs: Vec<&JsonRecord> = rows.iter().collect();
    let mut block = ChartBlock::new(chart, notes_of(snap, base, lang, &refs)?);
    block.source = source(STATISTICS.collection, "survey_id=2018&variable=main_purpose", lang);
    Ok(block)
}

/// Figure and text values side by side per category, so the disagreement is visible.
fn municipal_impact(snap: &Snapshot, base: &str, lang: Lang) -> Result<ChartBlock, ApiError> {
    let figure = select_all(snap, base, STATISTICS.collection, "survey_id=2018&variable=municipal_sector_impact&sort=-count")?;
    let textual = select_all(snap, base, STATISTICS.collection, "survey_id=2018&variable=municipal_sector_impact_text&sort=-count")?;
    // "Affects the municipal sector (any)" is a total of the categories, not one of them.
    let any_total = textual.iter().find(|r| str_of(r, "category").ends_with("-any")).and_then(|r| num_of(r, "count"));
    let mut order: Vec<(String, String)> = Vec::new();
    for r in figure.iter().chain(textual.iter()).filter(|r| !str_of(r, "category").ends_with("-any")) {
        let code = str_of(r, "category").to_string();
        if !order.iter().any(|(c, _)| *c == code) {
            order.push((code, category_label(r, lang)));
        }
    }
    let value = |rows: &[JsonRecord], code: &str| rows.iter().find(|r| str_of(r, "category") == code).and_then(|r| num_of(r, "count"));
    let chart = bar_chart(BarChartSpec {
        id: "chart-municipal-impact-2018".into(),
        title: text(lang, "chart_municipal").into(),
        desc: match any_total {
            Some(n) => {
                format!("{} {} {}.", text(lang, "chart_municipal_desc"), text(lang, "municipal_any_total"), super::i18n::number(lang, n, 0))
            }
            None => text(lang, "chart_municipal_desc").into(),
        },
        categories: order.iter().map(|(_, l)| l.clone()).collect(),
        series: vec![
            Series { name: text(lang, "figure_value").into(), values: order.iter().map(|(c, _)| value(&figure, c)).collect() },
            Series { name: text(lang, "text_value").into(), values: order.iter().map(|(c, _)| value(&textual, c)).collect() },
        ],
        category_header: text(lang, "category").into(),
        extra_column: None,
        series_classes: Vec::new(),
        category_classes: Vec::new(),
        format: formatter(lang),
    });
    let refs: Vec<&JsonRecord> = figure.iter().chain(textual.iter()).collect();
    let mut block = ChartBlock::new(chart, notes_of(snap, base, lang, &refs)?);
    block.total = any_total.map(|n| n as u64);
    block.source =
        source(STATISTICS.collection, "survey_id=2018&variable=municipal_sector_impact&variable=municipal_sector_impact_text", lang);
    Ok(block)
}

fn focus_area_status(snap: &Snapshot, base: &str, lang: Lang) -> Result<ChartBlock, ApiError> {
    let rows = select_all(snap, base, STATUS_ASSESSMENTS.collection, "sort=reporting_year")?;
    let codes = CodeLabels::load(snap, base)?;
    let reports = labels(snap, base, REPORTS.collection, lang)?;
    let mut report_ids: Vec<String> = Vec::new();
    let mut statuses: Vec<String> = Vec::new();
    for r in &rows {
        let rid = str_of(r, "report_id").to_string();
        if !report_ids.contains(&rid) {
            report_ids.push(rid);
        }
        let s = str_of(r, "status").to_string();
        if !statuses.contains(&s) {
            statuses.push(s);
        }
    }
    let status_name = |s: &str| if s.is_empty() { text(lang, "no_status").to_string() } else { codes.label("status", s, lang) };
    let series = statuses
        .iter()
        .map(|s| Series {
            name: status_name(s),
            values: report_ids
                .iter()
                .map(|rid| {
                    let n = rows.iter().filter(|r| str_of(r, "report_id") == rid && str_of(r, "status") == s).count();
                    (n > 0).then_some(n as f64)
                })
                .collect(),
        })
        .collect();
    let chart = bar_chart(BarChartSpec {
        id: "chart-focus-area-status".into(),
        title: text(lang, "chart_focus_status").into(),
        desc: text(lang, "chart_focus_status_desc").into(),
        categories: report_ids.iter().map(|id| reports.get(id).cloned().unwrap_or_else(|| id.clone())).collect(),
        series,
        category_header: text(lang, "report").into(),
        extra_column: None,
        series_classes: statuses.iter().map(|s| tone("status", Some(s)).unwrap_or("series-0").to_string()).collect(),
        category_classes: Vec::new(),
        format: formatter(lang),
    });
    let refs: Vec<&JsonRecord> = rows.iter().collect();
    let mut block = ChartBlock::new(chart, notes_of(snap, base, lang, &refs)?);
    block.source = source(STATUS_ASSESSMENTS.collection, "", lang);
    Ok(block)
}

fn initiative_status(snap: &Snapshot, base: &str, lang: Lang) -> Result<ChartBlock, ApiError> {
    let rows = select_all(snap, base, INITIATIVES.collection, "")?;
    let codes = CodeLabels::load(snap, base)?;
    let mut counts: Vec<(String, usize)> = Vec::new();
    for r in &rows {
        let s = str_of(r, "status").to_string();
        match counts.iter_mut().find(|(c, _)| *c == s) {
            Some((_, n)) => *n += 1,
            None => counts.push((s, 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let chart = bar_chart(BarChartSpec {
        id: "chart-initiative-status".into(),
        title: text(lang, "chart_initiative_status").into(),
        desc: text(lang, "chart_initiative_status_desc").into(),
        categories: counts
            .iter()
            .map(|(s, _)| if s.is_empty() { text(lang, "no_status").to_string() } else { codes.label("status", s, lang) })
            .collect(),
        series: vec![Series { name: text(lang, "count").into(), values: counts.iter().map(|(_, n)| Some(*n as f64)).collect() }],
        category_header: text(lang, "status").into(),
        extra_column: None,
        series_classes: Vec::new(),
        category_classes: counts.iter().map(|(s, _)| tone("status", Some(s)).unwrap_or("series-0").to_string()).collect(),
        format: formatter(lang),
    });
    let mut block = ChartBlock::new(chart, Vec::new());
    block.source = source(INITIATIVES.collection, "", lang);
    Ok(block)
}

/// How many strategy goals got each rating, per edition of Digdir's assessment (Rikets digitale
/// tilstand). Only per-goal ratings count; the editions' summary lines ("1 toppkarakter; …") are
/// not on the rating scale and stay in the collection. The table also lists each goal's rating.
fn goal_ratings_by_edition(snap: &Snapshot, base: &str, lang: Lang) -> Result<ChartBlock, ApiError> {
    let rows: Vec<JsonRecord> = select_all(snap, base, GOAL_ASSESSMENTS.collection, "scope=goal")?
        .into_iter()
        .filter(|r| !str_of(r, "rating").is_empty())
        .collect();
    let codes = CodeLabels::load(snap, base)?;
    let reports = labels(snap, base, REPORTS.collection, lang)?;
    let goals = select_all(snap, base, STRATEGY_GOALS.collection, "")?;
    let goal_number = |id: &str| goals.iter().find(|g| str_of(g, "id") == id).and_then(|g| num_of(g, "number")).map(|n| format!("{n:.0}"));
    // Editions in the order of the data year they report on (the long-run summary, without one, last).
    let mut editions: Vec<(String, Option<f64>)> = Vec::new();
    for r in &rows {
        let report = str_of(r, "report_id").to_string();
        if !editions.iter().any(|(e, _)| *e == report) {
            editions.push((report, num_of(r, "data_year")));
        }
    }
    editions.sort_by(|a, b| a.1.unwrap_or(f64::MAX).total_cmp(&b.1.unwrap_or(f64::MAX)).then(a.0.cmp(&b.0)));
    let ratings: Vec<String> =
        select_all(snap, base, CODES.collection, "scheme=goal-rating&sort=seq")?.iter().map(|c| str_of(c, "code").to_string()).collect();
    let series = ratings
        .iter()
        .map(|rating| Series {
            name: codes.label("goal-rating", rating, lang),
            values: editions
                .iter()
                .map(|(edition, _)| {
                    let n = rows.iter().filter(|r| str_of(r, "report_id") == edition && str_of(r, "rating") == rating).count();
                    (n > 0).then_some(n as f64)
                })
                .collect(),
        })
        .collect();
    let per_goal = editions
        .iter()
        .map(|(edition, _)| {
            let mut listed: Vec<(String, String)> = rows
                .iter()
                .filter(|r| str_of(r, "report_id") == edition)
                .map(|r| {
                    let goal = str_of(r, "goal_id");
                    (goal_number(goal).unwrap_or_else(|| goal.to_string()), codes.label("goal-rating", str_of(r, "rating"), lang))
                })
                .collect();
            listed.sort();
            // A goal with two ratings in one edition (sources disagree, e.g. DQ30) shows both, said so.
            let mut grouped: Vec<(String, Vec<String>)> = Vec::new();
            for (goal, rating) in listed {
                match grouped.iter_mut().find(|(g, _)| *g == goal) {
                    Some((_, rs)) => rs.push(rating),
                    None => grouped.push((goal, vec![rating])),
                }
            }
            grouped
                .iter()
                .map(|(goal, ratings)| {
                    let both = ratings.join(" / ");
                    let disagree = if ratings.len() > 1 { format!(" ({})", text(lang, "sources_disagree")) } else { String::new() };
                    format!("{} {goal}: {both}{disagree}", text(lang, "goal"))
                })
                .collect::<Vec<_>>()
                .join("; ")
        })
        .collect();
    let chart = bar_chart(BarChartSpec {
        id: "chart-goal-ratings".into(),
        title: text(lang, "chart_goal_ratings").into(),
        desc: text(lang, "chart_goal_ratings_desc").into(),
        categories: editions.iter().map(|(id, _)| reports.get(id).cloned().unwrap_or_else(|| id.clone())).collect(),
        series,
        category_header: text(lang, "edition").into(),
        extra_column: Some((text(lang, "rating_per_goal").into(), per_goal)),
        series_classes: ratings.iter().map(|r| tone("goal-rating", Some(r)).unwrap_or("series-0").to_string()).collect(),
        category_classes: Vec::new(),
        format: formatter(lang),
    });
    let refs: Vec<&JsonRecord> = rows.iter().collect();
    let mut block = ChartBlock::new(chart, notes_of(snap, base, lang, &refs)?);
    block.source = source(GOAL_ASSESSMENTS.collection, "scope=goal", lang);
    Ok(block)
}
