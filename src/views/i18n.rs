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
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(req.query_string()).unwrap_or_default();
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
    ("error", "Feil", "Error"),
    ("back_home", "Til forsiden", "Back to the home page"),
];

/// The UI strings for one language, keyed for templates (`{{ t.search }}`).
pub fn table(lang: Lang) -> BTreeMap<&'static str, &'static str> {
    STRINGS.iter().map(|(k, nb, en)| (*k, lang.pick(nb, en))).collect()
}

pub fn text(lang: Lang, key: &str) -> &'static str {
    STRINGS.iter().find(|(k, _, _)| *k == key).map(|(_, nb, en)| lang.pick(nb, en)).unwrap_or("")
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
