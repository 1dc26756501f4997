//! The page chrome in Norwegian Bokmål and English: the language choice and every UI string, in
//! one table. Data keeps its own nb/en values; this is only for the interface around it.

use actix_web::http::header;
use actix_web::HttpRequest;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Nb,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nb => "nb",
            Lang::En => "en",
        }
    }

    fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next().unwrap_or("").trim().to_ascii_lowercase();
        match primary.as_str() {
            "nb" | "no" | "nn" => Some(Lang::Nb),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// `?lang=` first, then the best of `Accept-Language`, else Bokmål.
    pub fn of(req: &HttpRequest) -> Lang {
        let pairs = crate::selection::pairs_lenient(req.query_string());
        if let Some(l) = pairs.iter().find(|(k, _)| k == "lang").and_then(|(_, v)| Lang::from_tag(v)) {
            return l;
        }
        let header = req.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let Some(lang) = Lang::from_tag(pieces.next().unwrap_or("")) else { continue };
            let q = pieces.filter_map(|p| p.trim().strip_prefix("q=")).find_map(|v| v.trim().parse::<f32>().ok()).unwrap_or(1.0);
            if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l).unwrap_or(Lang::Nb)
    }

    /// Pick the nb or en member of a pair.
    pub fn pick<'a>(self, nb: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Nb => nb,
            Lang::En => en,
        }
    }
}

/// key, nb, en.
const STRINGS: &[(&str, &str, &str)] = &[
    ("site_name", "tiltak", "tiltak"),
    ("site_tagline", "Åpne data om digitalisering i offentlig sektor", "Open data on public-sector digitalisation"),
    ("skip_to_content", "Hopp til hovedinnhold", "Skip to main content"),
    ("nav_label", "Hovedmeny", "Main menu"),
    ("nav_home", "Forside", "Home"),
    ("nav_data", "Data", "Data"),
    ("nav_charts", "Diagrammer", "Charts"),
    ("nav_sparql", "SPARQL", "SPARQL"),
    ("nav_catalog", "Datakatalog", "Catalogue"),
    ("nav_docs", "API-dokumentasjon", "API docs"),
    ("language", "Språk", "Language"),
    ("in_english", "English", "English"),
    ("in_norwegian", "Norsk (bokmål)", "Norsk (bokmål)"),
    (
        "about",
        "tiltak publiserer ekte data om digitalisering i norsk offentlig sektor: Difi/Digdirs kartlegginger av digitaliseringstiltak (2018 og 2019), strategien «Én digital offentlig sektor 2019–2025» og handlingsplanen, prioriterte livshendelser og statusrapporter. Hver post viser hvor tallene kommer fra, og der kildene er uenige, vises begge verdiene med en merknad om datakvalitet.",
        "tiltak publishes real data on the digitalisation of the Norwegian public sector: Difi/Digdir surveys of digitalisation measures (2018 and 2019), the strategy “One digital public sector 2019–2025” and its action plan, prioritised life events and status reports. Every record shows where its figures come from, and where sources disagree both values are shown with a data-quality note.",
    ),
    ("datasets", "Datasett", "Datasets"),
    ("collections", "Samlinger", "Collections"),
    ("collection", "Samling", "Collection"),
    ("records", "poster", "records"),
    ("count", "Antall", "Count"),
    ("licence", "Lisens", "Licence"),
    ("licence_text", "Hvert datasett oppgir sin lisens (se tabellen og datakatalogen).", "Every dataset states its licence (see the table and the catalogue)."),
    ("last_modified", "Sist endret", "Last modified"),
    ("data_version", "Dataversjon", "Data version"),
    ("search", "Søk", "Search"),
    ("search_all", "Søk i alle samlinger", "Search all collections"),
    ("search_label", "Søketekst", "Search text"),
    ("search_button", "Søk", "Search"),
    ("search_results", "Søkeresultater", "Search results"),
    ("search_hint", "Skriv ett eller flere ord; alle må finnes.", "Type one or more words; all must match."),
    ("hits", "treff", "hits"),
    ("all_hits", "Vis alle treff", "Show all hits"),
    ("no_hits", "Ingen treff.", "No hits."),
    ("machine_access", "For programmer", "For programs"),
    ("api", "JSON-API", "JSON API"),
    ("filters", "Filtre", "Filters"),
    ("apply_filters", "Bruk filtre", "Apply filters"),
    ("clear_filters", "Fjern filtre", "Clear filters"),
    ("any_value", "(alle)", "(any)"),
    ("from", "fra", "from"),
    ("to", "til", "to"),
    ("yes", "ja", "yes"),
    ("no", "nei", "no"),
    ("empty", "(tom)", "(empty)"),
    ("facets", "Fasetter", "Facets"),
    ("facets_hint", "Velg en verdi for å filtrere.", "Choose a value to filter."),
    ("showing", "Viser", "Showing"),
    ("of", "av", "of"),
    ("paging", "Sider", "Pages"),
    ("next_page", "Neste side", "Next page"),
    ("first_page", "Første side", "First page"),
    ("no_records", "Ingen poster passer til utvalget.", "No records match this selection."),
    ("sort_by", "Sorter etter", "Sort by"),
    ("sorted_ascending", "sortert stigende", "sorted ascending"),
    ("sorted_descending", "sortert synkende", "sorted descending"),
    ("this_view_as", "Samme utvalg som", "This view as"),
    ("table_caption", "Poster", "Records"),
    ("sources", "Kilder", "Sources"),
    ("quality_notes", "Merknader om datakvalitet", "Data-quality notes"),
    ("quality_notes_lead", "Kildene er uenige eller uklare om denne posten. Les merknaden før du bruker tallene.", "The sources disagree or are unclear about this record. Read the note before using the figures."),
    ("properties", "Egenskaper", "Properties"),
    ("property", "Egenskap", "Property"),
    ("value", "Verdi", "Value"),
    ("referenced_by", "Omtalt av", "Referred to by"),
    ("also_as", "Også som", "Also as"),
    ("identifier", "Identifikator (URI)", "Identifier (URI)"),
    ("type", "Type", "Type"),
    ("dataset", "Datasett", "Dataset"),
    ("description", "Beskrivelse", "Description"),
    ("publisher", "Utgiver", "Publisher"),
    ("distributions", "Distribusjoner", "Distributions"),
    ("cite", "Slik siterer du datasettet", "How to cite this dataset"),
    ("cite_lead", "Oppgi versjonen og datoen du hentet dataene: tallene kan endre seg når nye kilder legges inn.", "Give the version and the date you retrieved the data: figures may change when new sources are added."),
    ("cite_json", "Sitering som DataCite-JSON", "Citation as DataCite JSON"),
    ("format", "Format", "Format"),
    ("download", "Last ned", "Download"),
    ("metadata", "metadata", "metadata"),
    ("catalog_title", "Datakatalog (DCAT-AP-NO)", "Data catalogue (DCAT-AP-NO)"),
    ("catalog_lead", "Datasettene tiltak publiserer, beskrevet etter DCAT-AP-NO slik at data.norge.no og andre kan høste dem.", "The datasets tiltak publishes, described with DCAT-AP-NO so that data.norge.no and others can harvest them."),
    ("sparql_title", "SPARQL-spørringer", "SPARQL queries"),
    ("sparql_lead", "Spør i hele grafen med SPARQL 1.1. Velg et eksempel eller skriv din egen spørring.", "Query the whole graph with SPARQL 1.1. Pick an example or write your own query."),
    ("examples", "Eksempler", "Examples"),
    ("query", "Spørring", "Query"),
    ("run_query", "Kjør spørringen", "Run query"),
    ("results", "Resultater", "Results"),
    ("rows", "rader", "rows"),
    ("download_results", "Last ned resultatet som", "Download the results as"),
    ("query_failed", "Spørringen kunne ikke kjøres", "The query could not be run"),
    ("boolean_result", "Svar", "Answer"),
    ("charts_title", "Diagrammer", "Charts"),
    ("charts_lead", "Tallene fra kildene som diagrammer. Hvert diagram har en tabell med de samme tallene.", "The figures from the sources as charts. Every chart has a table with the same figures."),
    ("data_table", "Tallene i diagrammet", "The figures in the chart"),
    ("category", "Kategori", "Category"),
    ("percent", "Prosent", "Percent"),
    ("chart_main_purpose", "Hovedformål med digitaliseringstiltakene, 2018", "Main purpose of the digitalisation measures, 2018"),
    ("chart_main_purpose_desc", "Antall tiltak etter hovedformål i Difis kartlegging 2018 (N = tiltak som ble rapportert).", "Number of measures by main purpose in Difi's 2018 survey (N = measures reported)."),
    ("chart_municipal", "Berøring av kommunal sektor, 2018: figur og tekst", "Impact on the municipal sector, 2018: figure and text"),
    ("chart_municipal_desc", "Samme side i kilden oppgir ulike tall i figuren og i teksten. Begge vises side om side.", "The same source page gives different numbers in its figure and in its text. Both are shown side by side."),
    ("figure_value", "Tall fra figuren", "Value from the figure"),
    ("text_value", "Tall fra teksten", "Value from the text"),
    ("chart_focus_status", "Status for innsatsområdene etter rapport", "Status of the focus areas by report"),
    ("chart_focus_status_desc", "Antall innsatsområder med hver status i hver statusrapport.", "Number of focus areas with each status in each status report."),
    ("chart_goal_ratings", "Strategimålenes karakterer etter utgave", "Strategy goal ratings by edition"),
    (
        "chart_goal_ratings_desc",
        "Antall av strategiens mål som fikk hver karakter i hver utgave av Digdirs vurdering (Rikets digitale tilstand). Utgaver uten vurdering av et mål teller ikke det målet.",
        "Number of the strategy's goals given each rating in each edition of Digdir's assessment (Rikets digitale tilstand). Editions that do not rate a goal do not count it.",
    ),
    ("edition", "Utgave", "Edition"),
    ("goal", "Mål", "Goal"),
    ("rating_per_goal", "Karakter per mål", "Rating per goal"),
    ("sources_disagree", "kildene er uenige, begge verdiene telles; se merknadene", "sources disagree, both values are counted; see the notes"),
    ("chart_initiative_status", "Tiltak i handlingsplanen etter status", "Action-plan initiatives by status"),
    ("chart_initiative_status_desc", "Antall tiltak med hver status (siste kjente status).", "Number of initiatives with each status (latest known status)."),
    ("report", "Rapport", "Report"),
    ("status", "Status", "Status"),
    ("no_status", "uten status", "no status"),
    ("related_charts", "Diagrammer", "Charts"),
    ("see_all_charts", "Alle diagrammer", "All charts"),
    ("breadcrumb", "Brødsmulesti", "Breadcrumb"),
    ("active_filters", "Aktive filtre", "Active filters"),
    ("remove_filter", "fjern filteret", "remove this filter"),
    ("filter_and_search", "Filtrer og søk", "Filter and search"),
    ("all_columns", "Vis alle kolonner", "Show all columns"),
    ("fewer_columns", "Vis færre kolonner", "Show fewer columns"),
    ("skip_to_results", "Hopp til resultatene", "Skip to the results"),
    ("prev_page", "Forrige side", "Previous page"),
    ("not_empty", "(ikke tom)", "(not empty)"),
    ("by", "etter", "by"),
    ("chart_counts_desc", "Antall poster i utvalget med hver verdi; søylene summerer seg til utvalgets totale antall.", "Number of records in this selection with each value; the bars add up to the selection's total."),
    ("total", "I alt", "Total"),
    ("municipal_any_total", "Teksten oppgir i tillegg et samlet tall for tiltak som berører kommunal sektor (vises ikke som søyle):", "The text also gives a combined figure for measures that affect the municipal sector (not drawn as a bar):"),
    ("owner", "Utgiver", "Publisher"),
    ("contact", "Kontakt", "Contact"),
    ("licence_footer", "Dataene kan brukes fritt etter lisensen hvert datasett oppgir (NLOD 2.0, CC0 1.0 for radnivådata).", "The data may be reused freely under the licence each dataset states (NLOD 2.0; CC0 1.0 for row-level data)."),
    ("about_site", "Om nettstedet", "About this site"),
    ("accessibility_statement", "Tilgjengelighetserklæring", "Accessibility statement"),
    ("sitemap", "Nettstedskart (XML)", "Site map (XML)"),
    ("source_line", "Kilde", "Source"),
    ("download_csv", "Last ned tallene (CSV)", "Download the figures (CSV)"),
    ("error", "Feil", "Error"),
    ("accessibility_desc", "Hvordan tiltak oppfyller kravene til universell utforming, hva vi har testet, kjente avvik og hvordan du melder fra.", "How tiltak meets the requirements for universal design, what we tested, known deviations and how to report a problem."),
    ("see_data", "Se dataene", "See the data"),
    ("contact_point", "Kontaktpunkt", "Contact point"),
    ("downloads", "Last ned", "Downloads"),
    ("related_datasets", "Relaterte datasett", "Related datasets"),
    ("all_properties", "Alle egenskaper", "All properties"),
    ("read_note", "Les hele merknaden", "Read the full note"),
    ("quality_note", "Merknad om datakvalitet", "Data-quality note"),
    ("data_desc", "Alle samlingene i tiltak som tabeller du kan filtrere, sortere og laste ned: tiltak, innsatsområder, statusrapporter, kartlegginger, indikatorer og kilder.", "Every collection of tiltak as tables to filter, sort and download: initiatives, focus areas, status reports, surveys, indicators and sources."),
    ("cheatsheet", "Hjelp: prefikser og klasser", "Help: prefixes and classes"),
    ("prefixes", "Prefikser", "Prefixes"),
    ("classes", "Klasser", "Classes"),
    ("cheatsheet_labels", "Navn står i skos:prefLabel eller rdfs:label, på norsk (nb) og engelsk (en); velg språk med FILTER(LANG(?navn) = \"nb\").", "Names are in skos:prefLabel or rdfs:label, in Norwegian (nb) and English (en); choose the language with FILTER(LANG(?name) = \"en\")."),
    ("docs_title", "API-dokumentasjon", "API documentation"),
    ("docs_lead", "Alle data i tiltak er tilgjengelige som JSON og CSV gjennom et åpent API uten nøkkel. Her er alle operasjonene med parametere og svar, hentet fra API-ets OpenAPI-beskrivelse.", "All data in tiltak are available as JSON and CSV through an open API without a key. Here are all operations with their parameters and answers, taken from the API's OpenAPI description."),
    ("docs_openapi", "OpenAPI-beskrivelsen (JSON)", "The OpenAPI description (JSON)"),
    ("docs_swagger", "Prøv forespørsler interaktivt", "Try requests interactively"),
    ("docs_conventions", "Slik fungerer API-et", "How the API works"),
    ("docs_conv_paging", "Samlinger svarer med «items», «total» og «next»; bla videre med lenken i «next» (eller Link-hodet). «limit» er 1–1000.", "Collections answer with “items”, “total” and “next”; page on with the link in “next” (or the Link header). “limit” is 1–1000."),
    ("docs_conv_filters", "Filtrer med feltnavn (felt=verdi, felt__gte, felt__lte, felt__isnull), søk med q, sorter med sort=felt eller sort=-felt.", "Filter by field name (field=value, field__gte, field__lte, field__isnull), search with q, sort with sort=field or sort=-field."),
    ("docs_conv_formats", "Velg format med Accept-hodet eller ?format=csv; hver post har en URI med RDF-formater.", "Choose the format with the Accept header or ?format=csv; every record has a URI with RDF formats."),
    ("docs_conv_errors", "Feil svarer med application/problem+json (RFC 9457) som sier hvilken parameter som er feil.", "Errors answer with application/problem+json (RFC 9457) naming the parameter at fault."),
    ("docs_operations", "Operasjoner", "Operations"),
    ("docs_general", "Generelt", "General"),
    ("docs_try", "Prøv", "Try it"),
    ("docs_parameters", "Parametere", "Parameters"),
    ("docs_name", "Navn", "Name"),
    ("docs_in", "Plassering", "In"),
    ("docs_type", "Type", "Type"),
    ("docs_description", "Beskrivelse", "Description"),
    ("docs_required", "påkrevd", "required"),
    ("docs_example", "Eksempel", "Example"),
    ("docs_responses", "Svar", "Responses"),
    ("other_things", "Annet", "Other"),
    ("technical_detail", "Teknisk beskrivelse", "Technical detail"),
    ("back_home", "Til forsiden", "Back to the home page"),
];

/// The heading and a sentence for an error page with HTTP `status`, in `lang`.
pub fn error_text(lang: Lang, status: u16) -> (&'static str, &'static str) {
    let (nb, en) = match status {
        400 => (
            (
                "Noe i adressen er ikke gyldig",
                "Adressen inneholder et filter, en sortering eller en verdi vi ikke forstår. Rett den, eller søk etter det du leter etter.",
            ),
            (
                "Something in the address is not valid",
                "The address holds a filter, sort order or value we do not understand. Correct it, or search for what you are looking for.",
            ),
        ),
        404 => (
            ("Vi finner ikke siden", "Siden finnes ikke, eller adressen er skrevet feil. Kanskje søket finner det du leter etter."),
            (
                "We cannot find the page",
                "The page does not exist, or the address is mistyped. The search may find what you are looking for.",
            ),
        ),
        405 => (
            ("Denne handlingen er ikke tillatt her", "Adressen finnes, men kan ikke brukes på denne måten."),
            ("This action is not allowed here", "The address exists, but cannot be used this way."),
        ),
        406 | 415 => (
            ("Formatet er ikke tilgjengelig", "Vi kan ikke svare i formatet som ble bedt om."),
            ("The format is not available", "We cannot answer in the format that was asked for."),
        ),
        429 | 503 => (
            ("Tjenesten er opptatt", "Det er mange forespørsler akkurat nå. Vent litt og prøv igjen."),
            ("The service is busy", "There are many requests right now. Wait a moment and try again."),
        ),
        _ => (
            ("Noe gikk galt", "Vi klarte ikke å vise siden. Prøv igjen senere."),
            ("Something went wrong", "We could not show the page. Please try again later."),
        ),
    };
    match lang {
        Lang::Nb => nb,
        Lang::En => en,
    }
}

/// The UI strings for one language, keyed (every key of the table; `tests/source_rules.rs` checks
/// that every key the templates and `text` calls use is here, in both languages).
pub fn table(lang: Lang) -> BTreeMap<&'static str, &'static str> {
    STRINGS.iter().map(|(k, nb, en)| (*k, lang.pick(nb, en))).collect()
}

/// The UI strings of one language as the templates' `t` (`{{ t.search }}`): a key the table lacks
/// renders as nothing and logs a warning naming it.
#[derive(Debug)]
pub struct Table(pub Lang);

impl minijinja::value::Object for Table {
    fn get_value(self: &std::sync::Arc<Self>, key: &minijinja::Value) -> Option<minijinja::Value> {
        let key = key.as_str()?;
        lookup(self.0, key).map(minijinja::Value::from)
    }
}

fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    let found = STRINGS.iter().find(|(k, _, _)| *k == key).map(|(_, nb, en)| lang.pick(nb, en));
    if found.is_none() {
        tracing::warn!(key, lang = lang.code(), "unknown UI string key (views::i18n::STRINGS)");
    }
    found
}

/// A UI string; an unknown key gives "" and logs a warning naming it.
pub fn text(lang: Lang, key: &str) -> &'static str {
    lookup(lang, key).unwrap_or("")
}

/// Labels for well-known predicates from outside the tiltak vocabulary (the vocabulary graph
/// labels its own terms).
pub const PREDICATE_LABELS: &[(&str, &str, &str)] = &[
    ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "Type", "Type"),
    ("http://www.w3.org/2000/01/rdf-schema#label", "Navn", "Label"),
    ("http://www.w3.org/2000/01/rdf-schema#comment", "Kommentar", "Comment"),
    ("http://www.w3.org/2000/01/rdf-schema#seeAlso", "Se også", "See also"),
    ("http://www.w3.org/2002/07/owl#sameAs", "Samme som", "Same as"),
    ("http://www.w3.org/2004/02/skos/core#prefLabel", "Navn", "Name"),
    ("http://www.w3.org/2004/02/skos/core#altLabel", "Alternativt navn", "Alternative name"),
    ("http://www.w3.org/2004/02/skos/core#hiddenLabel", "Tidligere navn", "Former name"),
    ("http://www.w3.org/2004/02/skos/core#notation", "Nummer", "Notation"),
    ("http://www.w3.org/2004/02/skos/core#note", "Merknad", "Note"),
    ("http://www.w3.org/2004/02/skos/core#scopeNote", "Brukt til", "Used for"),
    ("http://www.w3.org/2004/02/skos/core#editorialNote", "Redaksjonell merknad", "Editorial note"),
    ("http://www.w3.org/2004/02/skos/core#definition", "Definisjon", "Definition"),
    ("http://www.w3.org/2004/02/skos/core#inScheme", "I kodeliste", "In scheme"),
    ("http://www.w3.org/2004/02/skos/core#broader", "Overordnet", "Broader"),
    ("http://purl.org/dc/terms/title", "Tittel", "Title"),
    ("http://purl.org/dc/terms/description", "Beskrivelse", "Description"),
    ("http://purl.org/dc/terms/identifier", "Identifikator", "Identifier"),
    ("http://purl.org/dc/terms/source", "Kilde", "Source"),
    ("http://purl.org/dc/terms/publisher", "Utgiver", "Publisher"),
    ("http://purl.org/dc/terms/issued", "Utgitt", "Issued"),
    ("http://purl.org/dc/terms/modified", "Endret", "Modified"),
    ("http://purl.org/dc/terms/type", "Type", "Type"),
    ("http://purl.org/dc/terms/license", "Lisens", "Licence"),
    ("http://purl.org/dc/terms/isPartOf", "Del av", "Part of"),
    ("http://purl.org/dc/terms/temporal", "Tidsrom", "Period"),
    ("http://purl.org/dc/terms/spatial", "Område", "Area"),
    ("http://purl.org/dc/terms/accessRights", "Tilgang", "Access rights"),
    ("http://purl.org/dc/terms/conformsTo", "Følger", "Conforms to"),
    ("http://purl.org/dc/terms/format", "Format", "Format"),
    ("http://www.w3.org/ns/prov#wasDerivedFrom", "Avledet fra", "Derived from"),
    ("http://www.w3.org/ns/prov#agent", "Aktør", "Agent"),
    ("http://www.w3.org/ns/dqv#hasQualityAnnotation", "Merknad om datakvalitet", "Data-quality note"),
    ("http://www.w3.org/ns/oa#bodyValue", "Tekst", "Text"),
    ("http://www.w3.org/ns/oa#hasTarget", "Gjelder", "Concerns"),
    ("http://www.w3.org/ns/dcat#hadRole", "Rolle", "Role"),
    ("http://www.w3.org/ns/dcat#dataset", "Datasett", "Dataset"),
    ("http://www.w3.org/ns/dcat#distribution", "Distribusjon", "Distribution"),
    ("http://www.w3.org/ns/dcat#accessURL", "Tilgangsadresse", "Access URL"),
    ("http://www.w3.org/ns/dcat#downloadURL", "Nedlastingsadresse", "Download URL"),
    ("http://www.w3.org/ns/dcat#mediaType", "Medietype", "Media type"),
    ("http://www.w3.org/ns/dcat#keyword", "Nøkkelord", "Keyword"),
    ("http://www.w3.org/ns/dcat#theme", "Tema", "Theme"),
    ("http://www.w3.org/ns/dcat#contactPoint", "Kontaktpunkt", "Contact point"),
    ("http://www.w3.org/ns/dcat#landingPage", "Landingsside", "Landing page"),
    ("http://www.w3.org/ns/org#identifier", "Organisasjonsnummer", "Organisation number"),
    ("http://www.w3.org/ns/org#classification", "Klassifisering", "Classification"),
    ("http://xmlns.com/foaf/0.1/homepage", "Hjemmeside", "Home page"),
    ("http://xmlns.com/foaf/0.1/page", "Side", "Page"),
    ("http://xmlns.com/foaf/0.1/name", "Navn", "Name"),
];

/// A number as people write it in `lang`: on nb a decimal comma and, from five digits on, thin
/// spaces between thousands (years and four-digit counts stay whole: "2023", "12 345"); on en a
/// decimal point and commas. At most `decimals` decimals, trailing zeros dropped.
pub fn number(lang: Lang, v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    let fixed = format!("{:.*}", decimals, v.abs());
    let (int, frac) = match fixed.split_once('.') {
        Some((i, f)) => (i.to_string(), f.trim_end_matches('0').to_string()),
        None => (fixed.clone(), String::new()),
    };
    let (sep, point) = match lang {
        Lang::Nb => ('\u{2009}', ','),
        Lang::En => (',', '.'),
    };
    let grouped = if int.len() >= 5 {
        let mut out = String::new();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push(sep);
            }
            out.push(c);
        }
        out
    } else {
        int
    };
    let sign = if v < 0.0 && (grouped.chars().any(|c| c != '0') || !frac.is_empty()) { "−" } else { "" };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}{point}{frac}")
    }
}

const MONTHS: [(&str, &str); 12] = [
    ("januar", "January"),
    ("februar", "February"),
    ("mars", "March"),
    ("april", "April"),
    ("mai", "May"),
    ("juni", "June"),
    ("juli", "July"),
    ("august", "August"),
    ("september", "September"),
    ("oktober", "October"),
    ("november", "November"),
    ("desember", "December"),
];

/// An ISO 8601 date (`2023-11-01`, `2023-11`) as people read it in `lang` ("1. november 2023",
/// "1 November 2023"); anything else unchanged.
pub fn date(lang: Lang, iso: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    let num = |s: &str| s.parse::<usize>().ok();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 && num(y).is_some() => match (num(m), num(d)) {
            (Some(m @ 1..=12), Some(d @ 1..=31)) => {
                let (nb, en) = MONTHS[m - 1];
                match lang {
                    Lang::Nb => format!("{d}. {nb} {y}"),
                    Lang::En => format!("{d} {en} {y}"),
                }
            }
            _ => iso.to_string(),
        },
        [y, m] if y.len() == 4 && num(y).is_some() => match num(m) {
            Some(m @ 1..=12) => format!("{} {y}", lang.pick(MONTHS[m - 1].0, MONTHS[m - 1].1)),
            _ => iso.to_string(),
        },
        _ => iso.to_string(),
    }
}

/// A sort key that orders text as the page's language does, the same order the database sorts
/// tables in (`db::collation`): case-insensitive; on nb æ, ø, å after z; on en accents folded.
pub fn sort_key(lang: Lang, s: &str) -> Vec<u32> {
    crate::selection::collation::Collation::for_language(lang.code()).key(s)
}

/// Labels of the terms from outside vocabularies that the catalogue uses (EU authority tables,
/// data.norge.no's vocabularies, W3C classes): IRI, nb, en. The catalogue names them by IRI only;
/// people read these names.
pub const TERM_LABELS: &[(&str, &str, &str)] = &[
    ("http://publications.europa.eu/resource/authority/frequency/IRREG", "Uregelmessig", "Irregular"),
    ("http://publications.europa.eu/resource/authority/frequency/NEVER", "Oppdateres ikke", "Never updated"),
    ("http://publications.europa.eu/resource/authority/language/NOB", "Norsk (bokmål)", "Norwegian (Bokmål)"),
    ("http://publications.europa.eu/resource/authority/language/ENG", "Engelsk", "English"),
    ("http://publications.europa.eu/resource/authority/country/NOR", "Norge", "Norway"),
    ("http://publications.europa.eu/resource/authority/access-right/PUBLIC", "Allmenn tilgang", "Public"),
    ("http://publications.europa.eu/resource/authority/data-theme/GOVE", "Forvaltning og offentlig sektor", "Government and public sector"),
    ("http://publications.europa.eu/resource/authority/data-theme/TECH", "Vitenskap og teknologi", "Science and technology"),
    (
        "http://publications.europa.eu/resource/authority/licence/NLOD_2_0",
        "Norsk lisens for offentlige data (NLOD) 2.0",
        "Norwegian Licence for Open Government Data (NLOD) 2.0",
    ),
    ("http://publications.europa.eu/resource/authority/licence/CC0", "Creative Commons CC0 1.0", "Creative Commons CC0 1.0"),
    (
        "http://publications.europa.eu/resource/authority/licence/CC_BY_4_0",
        "Creative Commons Navngivelse 4.0",
        "Creative Commons Attribution 4.0",
    ),
    ("http://publications.europa.eu/resource/authority/file-type/JSON", "JSON", "JSON"),
    ("http://publications.europa.eu/resource/authority/file-type/CSV", "CSV", "CSV"),
    ("http://publications.europa.eu/resource/authority/file-type/RDF_TURTLE", "Turtle", "Turtle"),
    ("http://publications.europa.eu/resource/authority/file-type/JSON_LD", "JSON-LD", "JSON-LD"),
    ("http://publications.europa.eu/resource/authority/file-type/SPARQLQ", "SPARQL-spørring", "SPARQL query"),
    ("http://purl.org/adms/publishertype/NationalAuthority", "Statlig myndighet", "National authority"),
    (
        "https://data.norge.no/vocabulary/provenance-activity-type#collecting-from-third-party",
        "Innhentet fra tredjepart",
        "Collected from a third party",
    ),
    ("http://www.w3.org/ns/dcat#Dataset", "Datasett", "Dataset"),
    ("http://www.w3.org/ns/dcat#Distribution", "Distribusjon", "Distribution"),
    ("http://www.w3.org/ns/dcat#Catalog", "Datakatalog", "Catalogue"),
    ("http://www.w3.org/ns/dcat#DataService", "Datatjeneste", "Data service"),
    ("http://www.w3.org/2004/02/skos/core#Concept", "Begrep", "Concept"),
    ("http://www.w3.org/2004/02/skos/core#ConceptScheme", "Kodeliste", "Code list"),
    ("http://www.w3.org/ns/prov#Activity", "Aktivitet", "Activity"),
    ("http://www.w3.org/ns/org#Organization", "Organisasjon", "Organisation"),
    ("http://xmlns.com/foaf/0.1/Document", "Dokument", "Document"),
    ("http://xmlns.com/foaf/0.1/Agent", "Aktør", "Agent"),
    ("http://www.w3.org/ns/dqv#QualityAnnotation", "Merknad om datakvalitet", "Data-quality note"),
    ("http://www.w3.org/ns/oa#Annotation", "Merknad", "Annotation"),
    ("http://purl.org/linked-data/cube#Observation", "Observasjon", "Observation"),
    ("http://www.w3.org/2006/vcard/ns#Organization", "Organisasjon", "Organisation"),
    ("http://www.w3.org/ns/prov#wasGeneratedBy", "Opphav", "Provenance"),
    ("http://purl.org/dc/terms/accrualPeriodicity", "Oppdateringsfrekvens", "Update frequency"),
    ("http://purl.org/dc/terms/language", "Språk", "Language"),
    ("http://purl.org/dc/terms/rights", "Rettigheter", "Rights"),
    ("http://purl.org/dc/terms/provenance", "Opphav", "Provenance"),
    ("http://www.w3.org/ns/dcat#byteSize", "Størrelse (byte)", "Size (bytes)"),
    ("http://www.w3.org/ns/dcat#temporalResolution", "Tidsoppløsning", "Temporal resolution"),
    ("http://www.w3.org/ns/adms#identifier", "Annen identifikator", "Other identifier"),
    ("http://www.w3.org/2006/vcard/ns#fn", "Navn", "Name"),
    ("http://www.w3.org/2006/vcard/ns#hasEmail", "E-post", "Email"),
    ("http://www.w3.org/2006/vcard/ns#hasURL", "Nettside", "Web site"),
    ("http://www.w3.org/ns/dcat#startDate", "Fra", "From"),
    ("http://www.w3.org/ns/dcat#endDate", "Til", "To"),
    ("http://www.w3.org/ns/dcat#servesDataset", "Gir tilgang til", "Serves dataset"),
    ("http://www.w3.org/ns/dcat#endpointURL", "Adresse", "Endpoint URL"),
    ("http://www.w3.org/ns/dcat#endpointDescription", "Beskrivelse av tjenesten", "Endpoint description"),
];

/// A term's label from `TERM_LABELS` in `lang`.
pub fn term_label(iri: &str, lang: Lang) -> Option<&'static str> {
    TERM_LABELS.iter().find(|(i, _, _)| *i == iri).map(|(_, nb, en)| lang.pick(nb, en))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_page_language() {
        assert_eq!(number(Lang::Nb, 92.5, 1), "92,5");
        assert_eq!(number(Lang::En, 92.5, 1), "92.5");
        assert_eq!(number(Lang::Nb, 2023.0, 0), "2023");
        assert_eq!(number(Lang::Nb, 12345.0, 0), "12\u{2009}345");
        assert_eq!(number(Lang::En, 1234567.25, 2), "1,234,567.25");
        assert_eq!(number(Lang::Nb, 3.0, 2), "3");
        assert_eq!(number(Lang::Nb, -0.5, 1), "−0,5");
    }

    #[test]
    fn dates_read_as_words() {
        assert_eq!(date(Lang::Nb, "2023-11-01"), "1. november 2023");
        assert_eq!(date(Lang::En, "2023-11-01"), "1 November 2023");
        assert_eq!(date(Lang::Nb, "2021-05"), "mai 2021");
        assert_eq!(date(Lang::En, "spring 2021"), "spring 2021");
    }

    #[test]
    fn nb_order_puts_ae_oe_aa_after_z_and_ignores_case() {
        let mut words = vec!["Øst", "ås", "Zebra", "æra", "alfa", "Beta"];
        words.sort_by_key(|w| sort_key(Lang::Nb, w));
        assert_eq!(words, vec!["alfa", "Beta", "Zebra", "æra", "Øst", "ås"]);
        words.sort_by_key(|w| sort_key(Lang::En, w));
        assert_eq!(words, vec!["æra", "alfa", "ås", "Beta", "Øst", "Zebra"]);
    }
}
