//! Entity specifications: the one description of every table that drives the schema checks,
//! the importer, the JSON/CSV views, filters, OpenAPI parameters and the RDF mapping.
//! Adding an entity = a spec here, a table in `migrations/`, a fixture file and (optionally)
//! nothing else: routes are generic over these specs.

/// How a column is typed, validated, filtered and mapped to RDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The record's primary key.
    Id,
    /// Free prose: searchable, not filterable.
    Text,
    /// Short categorical text: filterable, facetable.
    Tag,
    Int,
    Float,
    /// ISO 8601 calendar date.
    Date,
    Bool,
    Url,
    /// A code from a SKOS scheme defined in `codes.csv`.
    Code(&'static str),
    /// A reference to another entity (by collection name).
    Ref(&'static str),
    /// A language map: two columns `{name}_nb` and `{name}_en`.
    Lang,
}

impl Kind {
    pub fn filterable(self) -> bool {
        !matches!(self, Kind::Text | Kind::Lang | Kind::Url)
    }
    pub fn ordered(self) -> bool {
        matches!(self, Kind::Int | Kind::Float | Kind::Date)
    }
    pub fn facetable(self) -> bool {
        matches!(self, Kind::Tag | Kind::Code(_) | Kind::Ref(_) | Kind::Bool | Kind::Int | Kind::Date)
    }
    pub fn sortable(self) -> bool {
        !matches!(self, Kind::Text | Kind::Url)
    }
    pub fn searchable(self) -> bool {
        matches!(self, Kind::Text | Kind::Lang | Kind::Tag)
    }
}

#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
    /// RDF predicate as a prefixed name (see `rdf::prefixes`); `None` = not mapped.
    pub rdf: Option<&'static str>,
    pub doc: &'static str,
}

impl Field {
    /// SQL/CSV columns of this field (two for a language map).
    pub fn columns(&self) -> Vec<String> {
        match self.kind {
            Kind::Lang => vec![format!("{}_nb", self.name), format!("{}_en", self.name)],
            _ => vec![self.name.to_string()],
        }
    }
    /// Number of columns (two for a language map).
    pub fn width(&self) -> usize {
        if self.kind == Kind::Lang {
            2
        } else {
            1
        }
    }
    /// Column used when sorting on this field.
    pub fn sort_column(&self) -> String {
        match self.kind {
            Kind::Lang => format!("{}_nb", self.name),
            _ => self.name.to_string(),
        }
    }
}

/// A reverse link shown on the item view: records of `entity` whose `via` column points here.
#[derive(Debug)]
pub struct Link {
    pub name: &'static str,
    pub entity: &'static str,
    pub via: &'static str,
}

/// How a record's URI is minted (see `uris::thing`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UriRule {
    /// `{base}/id/{item_type}/{id}`.
    Thing,
    /// `{base}/def/{scheme}/{code}` from an id `scheme:code` (SKOS concepts of the vocabulary).
    CodeConcept,
}

/// The named graph a record's triples go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Graph {
    /// `{base}/graph/data`.
    Data,
    /// `{base}/graph/vocab` (code lists beside the vocabulary).
    Vocab,
}

/// A triple the column mapping cannot express: `predicate` (prefixed name) to a computed IRI.
#[derive(Debug)]
pub struct ExtraLink {
    pub predicate: &'static str,
    pub target: LinkTarget,
}

#[derive(Debug)]
pub enum LinkTarget {
    /// The code scheme of a `scheme:code` id (`uris::code_scheme`).
    CodeScheme,
    /// The organisation register entry of the organisation number in `field`.
    OrganizationRegister { field: &'static str },
    /// A catalogue dataset `{base}/catalog/datasets/{prefix}{field value}` (`field: None` = `{prefix}` alone).
    Dataset { prefix: &'static str, field: Option<&'static str> },
}

/// How a record's `rdfs:label` is composed in a language its data gives no label in (`rdf::labels`).
/// A template is text with placeholders: `{field}` is the field's value (a reference gives the
/// referenced record's label, a code its code-list label, in the template's language; `{field:raw}`
/// the stored value), `{id}` the record id, `{other}` the record's own label in the other
/// language; `{a|b}` is the first of `a`, `b` that has a value; `:cap` capitalises, `:host` gives a
/// URL's host. `[...]` is an optional part, left out when a placeholder in it has no value. A
/// template whose required placeholders have no value falls back to "{collection title} {id}".
#[derive(Debug, Clone, Copy)]
pub struct LabelTemplate {
    pub nb: &'static str,
    pub en: &'static str,
}

/// The provenance join rows that point at this entity's records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provenance {
    /// `record_sources`: records citing a source document.
    Sources,
    /// `record_quality`: records concerned by a data-quality note.
    QualityNotes,
}

/// The item-view link listing the records of any entity that cite this one through provenance.
#[derive(Debug)]
pub struct Citations {
    /// Key in the item's `links`.
    pub name: &'static str,
    pub by: Provenance,
}

/// How a collection's records form statistical tables (JSON-stat, `rdf::jsonstat`): the records
/// are split into one table per value of `table_by`; each table's dimensions are `dimensions`
/// (in order) plus the metric dimension `measure`, whose categories are the `measures` fields.
#[derive(Debug)]
pub struct Cube {
    /// Fields whose values split the records into tables (one JSON-stat dataset each).
    pub table_by: &'static [&'static str],
    pub dimensions: &'static [CubeDimension],
    /// Numeric fields: the categories of the metric dimension `measure`.
    pub measures: &'static [CubeMeasure],
    /// Field whose text is a cell's JSON-stat `status` where the cell has no number (e.g. the
    /// value as printed, when it is not a plain number).
    pub status_when_empty: Option<&'static str>,
    /// Field whose text is a note on the record (JSON-stat category or dataset `note`).
    pub note: Option<&'static str>,
}

/// A numeric field of a cube with its label in nb and en.
#[derive(Debug)]
pub struct CubeMeasure {
    pub field: &'static str,
    pub title: (&'static str, &'static str),
}

/// One dimension of a cube: its categories are the values of `field` (or, where empty, of
/// `fallback`); labels come from `label` (a language map), the code list, or the value itself.
#[derive(Debug)]
pub struct CubeDimension {
    pub field: &'static str,
    /// The dimension's label in nb and en.
    pub title: (&'static str, &'static str),
    pub fallback: Option<&'static str>,
    pub label: Option<&'static str>,
    /// JSON-stat role (`time`, `geo`), where the dimension has one.
    pub role: Option<&'static str>,
}

#[derive(Debug)]
pub struct Entity {
    /// Collection path segment under `/api/v1/`.
    pub collection: &'static str,
    /// Singular type used in thing URIs: `{base}/id/{item_type}/{id}`.
    pub item_type: &'static str,
    pub table: &'static str,
    pub file: &'static str,
    pub title_en: &'static str,
    pub title_nb: &'static str,
    /// What the collection holds (English: API, OpenAPI, catalogue).
    pub description: &'static str,
    /// The same in Norwegian bokmål (pages in nb).
    pub description_nb: &'static str,
    /// RDF classes (prefixed names).
    pub classes: &'static [&'static str],
    /// Field giving a human label for links.
    pub label_field: &'static str,
    pub default_sort: &'static str,
    pub fields: &'static [Field],
    pub links: &'static [Link],
    /// Records link to source documents (`sources` column / join rows).
    pub has_sources: bool,
    /// Records can be concerned by data-quality notes (`quality_notes` column / join rows).
    pub has_quality_notes: bool,
    /// How record URIs are minted.
    pub uri: UriRule,
    /// Named graph of the records' triples.
    pub graph: Graph,
    /// Triples beyond the column mapping.
    pub extra_links: &'static [ExtraLink],
    /// Reverse links through the provenance tables (sources and quality notes are cited by records).
    pub cited_by: Option<Citations>,
    /// Composed labels where the data gives none (`None`: "{collection title} {id}").
    pub label_template: Option<LabelTemplate>,
    /// Language of an untagged (non-`Lang`, not `*_nb`/`*_en`) label field: `None` = English,
    /// or, where the records have a `url`, Norwegian unless the page is under `/en/`.
    pub label_language: Option<&'static str>,
    /// The statistical tables the records form (JSON-stat), where they form any.
    pub cube: Option<Cube>,
    /// The columns a collection page shows by default, in order (`&[]`: every field but prose);
    /// the page offers the rest on request.
    pub table_columns: &'static [&'static str],
    /// Fields (single-column) of which every record gives exactly one (checked by `tiltak import`;
    /// `&[]`: no such rule).
    pub exactly_one_of: &'static [&'static str],
    /// Fixture contents embedded in the binary (the default database).
    pub embedded: &'static str,
}

impl Entity {
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }
    pub fn csv_columns(&self) -> Vec<String> {
        let mut cols: Vec<String> = self.fields.iter().flat_map(|f| f.columns()).collect();
        if self.has_sources {
            cols.push("sources".into());
        }
        if self.has_quality_notes {
            cols.push("quality_notes".into());
        }
        cols
    }
    /// Position of each field's first column in `fields`' column order (language maps take two).
    pub fn column_offset(&self, name: &str) -> Option<usize> {
        let mut offset = 0;
        for f in self.fields {
            if f.name == name {
                return Some(offset);
            }
            offset += f.width();
        }
        None
    }
    pub fn label_columns(&self) -> Vec<String> {
        self.field(self.label_field).map(|f| f.columns()).unwrap_or_default()
    }
}

macro_rules! f {
    ($name:literal, $kind:expr, req, $rdf:expr, $doc:literal) => {
        Field { name: $name, kind: $kind, required: true, rdf: $rdf, doc: $doc }
    };
    ($name:literal, $kind:expr, opt, $rdf:expr, $doc:literal) => {
        Field { name: $name, kind: $kind, required: false, rdf: $rdf, doc: $doc }
    };
}

macro_rules! fixture {
    ($file:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/", $file))
    };
}

use Kind::*;

/// The usual values of a spec's optional parts (`..DEFAULTS` in each entity below): records
/// under `/id/`, in the data graph, with sources and quality notes, no extra links. Not an entity.
const DEFAULTS: Entity = Entity {
    collection: "",
    item_type: "",
    table: "",
    file: "",
    title_en: "",
    title_nb: "",
    description: "",
    description_nb: "",
    classes: &[],
    label_field: "id",
    default_sort: "id",
    fields: &[],
    links: &[],
    has_sources: true,
    has_quality_notes: true,
    uri: UriRule::Thing,
    graph: Graph::Data,
    extra_links: &[],
    cited_by: None,
    label_template: None,
    label_language: None,
    cube: None,
    table_columns: &[],
    exactly_one_of: &[],
    embedded: "",
};

pub static ORGANIZATIONS: Entity = Entity {
    collection: "organizations",
    item_type: "organization",
    table: "organizations",
    file: "organizations.csv",
    title_en: "Organisations",
    title_nb: "Organisasjoner",
    description: "Ministries, agencies, KS, Digdir and other bodies named in the sources. Id = the organisation number where a source gives it, else a slug.",
    description_nb: "Departementer, direktorater, KS, Digdir og andre virksomheter som kildene nevner. Id er organisasjonsnummeret der en kilde oppgir det, ellers en kortform.",
    classes: &["org:Organization", "foaf:Agent"],
    label_field: "name",
    default_sort: "id",
    fields: &[
        f!("id", Id, req, None, "Organisation number (9 digits) where a source gives it, else a slug."),
        f!("org_number", Tag, opt, Some("org:identifier"), "Norwegian organisation number (Enhetsregisteret), only where a source gives it."),
        f!("name", Lang, req, Some("skos:prefLabel"), "Name."),
        f!("abbreviation", Tag, opt, Some("skos:altLabel"), "Common abbreviation."),
        f!("kind", Code("org-kind"), req, Some("org:classification"), "Kind of organisation."),
        f!("former_names_nb", Text, opt, Some("skos:hiddenLabel"), "Former names (Norwegian)."),
        f!("successor_id", Ref("organizations"), opt, Some("tt:successor"), "Organisation that took over this one's responsibilities."),
        f!("homepage", Url, opt, Some("foaf:homepage"), "Home page."),
        f!("note_en", Text, opt, Some("skos:note"), "Note (English)."),
        f!(
            "name_note",
            Text,
            opt,
            Some("tt:nameNote"),
            "Set where no source prints the Norwegian or the English name: says where the name comes from (an English name translated here says so)."
        ),
    ],
    links: &[
        Link { name: "attributions", entity: "attributions", via: "organization_id" },
        Link { name: "predecessors", entity: "organizations", via: "successor_id" },
        Link { name: "surveys", entity: "surveys", via: "publisher_id" },
    ],
    extra_links: &[ExtraLink { predicate: "owl:sameAs", target: LinkTarget::OrganizationRegister { field: "org_number" } }],
    table_columns: &["id", "name", "abbreviation", "kind", "org_number"],
    embedded: fixture!("organizations.csv"),
    ..DEFAULTS
};

pub static SOURCES: Entity = Entity {
    collection: "sources",
    item_type: "source",
    table: "sources",
    file: "sources.csv",
    title_en: "Source documents",
    title_nb: "Kildedokumenter",
    description: "Every published document a fact was taken from; every record links to one or more.",
    description_nb: "Alle publiserte dokumenter som et faktum er hentet fra; hver post viser til ett eller flere.",
    classes: &["foaf:Document"],
    label_field: "title",
    default_sort: "id",
    fields: &[
        f!("id", Id, req, None, "Source id."),
        f!("url", Url, req, Some("foaf:page"), "Original URL of the document."),
        f!("title", Text, req, Some("dct:title"), "Title as printed; a [description] where no title was seen."),
        f!("publisher_id", Ref("organizations"), opt, Some("dct:publisher"), "Publisher."),
        f!("publisher_text", Tag, opt, Some("tt:publisherText"), "Publisher as stated."),
        f!("published", Date, opt, Some("dct:issued"), "Publication date."),
        f!("published_note", Text, opt, Some("tt:publishedNote"), "Publication date as stated, where not a plain date."),
        f!("last_modified", Date, opt, Some("dct:modified"), "Last-modified date stated on the page."),
        f!("kind", Code("source-kind"), req, Some("dct:type"), "Kind of document."),
        f!("used_for", Text, opt, Some("skos:scopeNote"), "What tiltak takes from it."),
        f!("local_copy", Tag, opt, Some("tt:localCopy"), "File holding a complete copy, where one is kept."),
        f!("archived_copy_note", Text, opt, Some("skos:editorialNote"), "How complete the archived copy is."),
    ],
    has_sources: false,
    cited_by: Some(Citations { name: "cited_by", by: Provenance::Sources }),
    label_template: Some(LabelTemplate { nb: "Kildedokument {id} ({url:host})", en: "Source document «{other}» ({url:host})" }),
    table_columns: &["id", "title", "kind", "publisher_id", "published"],
    embedded: fixture!("sources.csv"),
    ..DEFAULTS
};

pub static STRATEGIES: Entity = Entity {
    collection: "strategies",
    item_type: "strategy",
    table: "strategies",
    file: "strategies.csv",
    title_en: "Strategies and policies",
    title_nb: "Strategier og politikk",
    description: "Digital agenda for Norge, the strategy Én digital offentlig sektor (2019–2025) and its action plan.",
    description_nb: "Digital agenda for Norge, strategien Én digital offentlig sektor (2019–2025) og handlingsplanen til strategien.",
    classes: &["tt:Strategy", "prov:Plan"],
    label_field: "title",
    default_sort: "id",
    fields: &[
        f!("id", Id, req, None, "Strategy id."),
        f!(
            "title",
            Lang,
            req,
            Some("dct:title"),
            "Title as printed; in [square brackets] where composed or translated here (no source prints it so)."
        ),
        f!("kind", Code("strategy-kind"), req, Some("dct:type"), "Kind of policy document."),
        f!("reference", Tag, opt, Some("dct:bibliographicCitation"), "Official reference, e.g. Meld. St. 27 (2015–2016)."),
        f!("period_start", Int, opt, Some("tt:periodStart"), "First year covered."),
        f!("period_end", Int, opt, Some("tt:periodEnd"), "Last year covered."),
        f!("publisher_id", Ref("organizations"), opt, Some("dct:publisher"), "Publisher."),
        f!("part_of_id", Ref("strategies"), opt, Some("dct:isPartOf"), "The strategy this document belongs to."),
        f!("url", Url, opt, Some("foaf:page"), "Web page."),
        f!("description_en", Text, opt, Some("dct:description"), "Description (English paraphrase)."),
    ],
    links: &[
        Link { name: "parts", entity: "strategies", via: "part_of_id" },
        Link { name: "priorities", entity: "priorities", via: "strategy_id" },
        Link { name: "focus_areas", entity: "focus-areas", via: "strategy_id" },
        Link { name: "goals", entity: "strategy-goals", via: "strategy_id" },
    ],
    table_columns: &["id", "title", "kind", "period_start", "period_end"],
    embedded: fixture!("strategies.csv"),
    ..DEFAULTS
};

pub static PRIORITIES: Entity = Entity {
    collection: "priorities",
    item_type: "priority",
    table: "priorities",
    file: "priorities.csv",
    title_en: "Policy priorities",
    title_nb: "Politiske prioriteringer",
    description: "The five priorities of Digital agenda for Norge (Meld. St. 27 (2015–2016)).",
    description_nb: "De fem prioriterte områdene i Digital agenda for Norge (Meld. St. 27 (2015–2016)).",
    classes: &["tt:Priority", "skos:Concept"],
    label_field: "name",
    default_sort: "seq",
    fields: &[
        f!("id", Id, req, None, "Priority id."),
        f!("strategy_id", Ref("strategies"), req, Some("tt:strategy"), "Policy document."),
        f!("seq", Int, req, Some("tt:order"), "Order of the list on the page (not an official number)."),
        f!("name", Lang, req, Some("skos:prefLabel"), "Name."),
        f!("note_en", Text, opt, Some("skos:note"), "Note."),
    ],
    table_columns: &["seq", "name", "strategy_id"],
    embedded: fixture!("priorities.csv"),
    ..DEFAULTS
};

pub static SURVEYS: Entity = Entity {
    collection: "surveys",
    item_type: "survey",
    table: "surveys",
    file: "surveys.csv",
    title_en: "Surveys of digitalisation measures",
    title_nb: "Kartlegginger av digitaliseringstiltak",
    description: "Difi's surveys of digitalisation measures in central government (2018, 2019): the survey frame.",
    description_nb: "Difis kartlegginger av digitaliseringstiltak i staten (2018, 2019): rammene for hver kartlegging.",
    classes: &["tt:Survey", "prov:Activity"],
    label_field: "title",
    default_sort: "id",
    fields: &[
        f!("id", Id, req, None, "Survey year as id."),
        f!("title", Lang, req, Some("dct:title"), "Title."),
        f!("year", Int, req, Some("tt:year"), "Survey year."),
        f!("publisher_id", Ref("organizations"), req, Some("dct:publisher"), "Publisher."),
        f!("agencies_invited", Int, opt, Some("tt:agenciesInvited"), "Agencies the questionnaire went to."),
        f!(
            "agencies_responded",
            Int,
            opt,
            Some("tt:agenciesResponded"),
            "Agencies that answered (as stated in the method section; see quality notes)."
        ),
        f!("response_rate_percent", Float, opt, Some("tt:responseRatePercent"), "Response rate as published."),
        f!("measures_reported", Int, opt, Some("tt:measuresReported"), "Number of measures reported."),
        f!("ministry_areas", Int, opt, Some("tt:ministryAreas"), "Ministry areas covered."),
        f!("deadline", Date, opt, Some("tt:deadline"), "Response deadline."),
        f!("published", Date, opt, Some("dct:issued"), "First publication of the results."),
        f!("republished", Date, opt, Some("tt:republished"), "Republication date."),
        f!("republished_as", Tag, opt, Some("tt:republishedAs"), "Series number of the republication."),
        f!("landing_page", Url, opt, Some("foaf:page"), "Landing page."),
        f!("questionnaire_url", Url, opt, Some("tt:questionnaire"), "Questionnaire (file not available)."),
        f!("row_level_file_url", Url, opt, Some("tt:rowLevelFile"), "Row-level file named in the data.norge.no record (not available)."),
        f!(
            "row_level_licence",
            Url,
            opt,
            Some("tt:rowLevelLicence"),
            "Licence of the original row-level file, exactly as the data.norge.no record gives it."
        ),
        f!("row_level_available", Bool, req, Some("tt:rowLevelAvailable"), "Whether row-level data is available to tiltak."),
        f!("description_en", Text, opt, Some("dct:description"), "Description (English paraphrase)."),
        f!(
            "row_level_licence_authority",
            Url,
            opt,
            Some("tt:rowLevelLicenceMapped"),
            "The EU authority licence IRI tiltak maps row_level_licence to: a mapping made here, not in the record."
        ),
    ],
    links: &[
        Link { name: "statistics", entity: "statistics", via: "survey_id" },
        Link { name: "measures", entity: "measures", via: "survey_id" },
    ],
    table_columns: &["id", "title", "year", "publisher_id", "measures_reported", "response_rate_percent"],
    embedded: fixture!("surveys.csv"),
    ..DEFAULTS
};

pub static STATISTICS: Entity = Entity {
    collection: "statistics",
    item_type: "statistic",
    table: "statistics",
    file: "statistics.csv",
    title_en: "Survey statistics (published aggregates)",
    title_nb: "Statistikk fra kartleggingene (publiserte tall)",
    description: "Every published aggregate of the 2018 and 2019 surveys: variable, category, count, N, unit and origin (figure or text).",
    description_nb: "Alle publiserte tall fra kartleggingene i 2018 og 2019: variabel, kategori, antall, N, enhet og om tallet kommer fra en figur eller fra teksten.",
    classes: &["tt:SurveyStatistic"],
    label_field: "category_label",
    default_sort: "id",
    fields: &[
        f!("id", Id, req, None, "Statistic id."),
        f!("survey_id", Ref("surveys"), req, Some("tt:survey"), "Survey."),
        f!("variable", Code("statistic-variable"), req, Some("tt:variable"), "Survey variable."),
        // In RDF, tt:category links the category's SKOS concept (rdf::datacube), not the slug.
        f!("category", Tag, req, None, "Category (slug)."),
        f!("category_label", Lang, opt, Some("rdfs:label"), "Category label as printed (nb) and glossed (en)."),
        f!("count", Int, opt, Some("tt:count"), "Count."),
        f!("n", Int, opt, Some("tt:denominator"), "Denominator (N) as published."),
        f!("percent_published", Float, opt, Some("tt:percentPublished"), "Percentage as published."),
        f!("percent_published_note", Text, opt, Some("tt:percentPublishedNote"), "Wording of the published percentage."),
        f!("percent_computed", Float, opt, Some("tt:percentComputed"), "count/N×100, computed by the source compilers."),
        f!("unit", Tag, req, Some("tt:unit"), "Unit counted."),
        f!("value_origin", Code("value-origin"), req, Some("tt:valueOrigin"), "Whether the value comes from a figure or from the text."),
        f!("note_en", Text, opt, Some("skos:note"), "Note."),
        f!("publication_date", Date, opt, Some("dct:issued"), "Publication date of the source."),
        f!("publication_note", Text, opt, Some("tt:publicationNote"), "Publication as stated."),
        f!("source_last_modified", Date, opt, Some("dct:modified"), "Last-modified date of the source page."),
    ],
    label_template: Some(LabelTemplate {
        nb: "Kartleggingen {survey_id:raw}, {variable}: {category}",
        en: "Survey {survey_id:raw}, {variable}: {category}",
    }),
    // One table per survey and variable (as the reports publish them), counts and shares by category.
    cube: Some(Cube {
        table_by: &["survey_id", "variable"],
        dimensions: &[
            CubeDimension { field: "survey_id", title: ("Kartlegging", "Survey"), fallback: None, label: None, role: Some("time") },
            CubeDimension { field: "variable", title: ("Variabel", "Variable"), fallback: None, label: None, role: None },
            CubeDimension { field: "category", title: ("Kategori", "Category"), fallback: None, label: Some("category_label"), role: None },
        ],
        measures: &[
            CubeMeasure { field: "count", title: ("Antall", "Count") },
            CubeMeasure { field: "n", title: ("Antall i alt (N)", "Denominator (N)") },
            CubeMeasure { field: "percent_published", title: ("Prosent som publisert", "Percent as published") },
            CubeMeasure { field: "percent_computed", title: ("Prosent beregnet (antall/N)", "Percent computed (count/N)") },
        ],
        status_when_empty: None,
        note: Some("note_en"),
    }),
    table_columns: &["category_label", "survey_id", "variable", "count", "n", "percent_computed"],
    embedded: fixture!("statistics.csv"),
    ..DEFAULTS
};

pub static MEASURES: Entity = Entity {
    collection: "measures",
    item_type: "measure",
    table: "measures",
    file: "measures.csv",
    title_en: "Digitalisation measures (row level)",
    title_nb: "Digitaliseringstiltak (radnivå)",
    description: "One row per measure reported in a survey. Empty by default: the 2018 row-level file is not available; load one with `tiltak import`, or synthetic rows with `tiltak synth` / `serve --demo` (marked synthetic).",
    description_nb: "Én rad per tiltak i en kartlegging. Tom som standard fordi radfilen for 2018 ikke er tilgjengelig; last inn en med `tiltak import`, eller syntetiske rader med `tiltak synth` / `serve --demo` (merket syntetiske).",
    classes: &["tt:Measure", "prov:Activity"],
    label_field: "title",
    default_sort: "id",
    fields: &[
        f!("id", Id, req, None, "Measure id."),
        f!("survey_id", Ref("surveys"), req, Some("tt:survey"), "Survey the measure was reported in."),
        f!("agency_id", Ref("organizations"), opt, Some("prov:wasAttributedTo"), "Reporting agency."),
        f!("agency_name", Tag, opt, Some("tt:agencyName"), "Reporting agency as named in the file."),
        f!("title", Text, req, Some("dct:title"), "Name of the measure."),
        f!("description", Text, opt, Some("dct:description"), "Description."),
        f!("phase", Code("phase"), opt, Some("tt:phase"), "Phase."),
        f!("main_purpose", Code("main-purpose"), opt, Some("tt:mainPurpose"), "Main purpose."),
        f!("municipal_impact", Code("municipal-impact"), opt, Some("tt:municipalImpact"), "Impact on the municipal sector."),
        f!("discussed_with_ks", Bool, opt, Some("tt:discussedWithKS"), "Discussed with KS."),
        f!("cross_cutting", Bool, opt, Some("tt:crossCutting"), "Cross-cutting measure."),
        f!("cost_band", Tag, opt, Some("tt:costBand"), "Estimated implementation cost band as coded in the file."),
        f!("synthetic", Bool, req, Some("tt:synthetic"), "True for rows generated by `tiltak synth` (not real data)."),
    ],
    // Titles as the agencies reported them.
    label_language: Some("nb"),
    embedded: fixture!("measures.csv"),
    ..DEFAULTS
};

pub static FOCUS_AREAS: Entity = Entity {
    collection: "focus-areas",
    item_type: "focus-area",
    table: "focus_areas",
    file: "focus_areas.csv",
    title_en: "Focus areas of the action plan",
    title_nb: "Innsatsområder i handlingsplanen",
    description: "The seven focus areas (innsatsområder) as presented in Digdir's annual report 2022, plus the competence area shown on other Digdir pages (see quality note DQ17).",
    description_nb: "De sju innsatsområdene slik Digdirs årsrapport for 2022 viser dem, pluss kompetanseområdet fra andre Digdir-sider (se kvalitetsmerknad DQ17).",
    classes: &["skos:Concept", "tt:FocusArea"],
    label_field: "name",
    default_sort: "id",
    fields: &[
        f!("id", Id, req, None, "Order in the 2022 report (not an official number), or a slug."),
        f!("strategy_id", Ref("strategies"), req, Some("tt:strategy"), "Action plan."),
        f!("seq", Int, opt, Some("tt:order"), "Order in the 2022 report."),
        f!("name", Lang, req, Some("skos:prefLabel"), "Name."),
        f!("goal_en", Text, opt, Some("skos:definition"), "Goal (English paraphrase)."),
        f!("name_variants_nb", Text, opt, Some("skos:altLabel"), "Other spellings and short forms."),
        f!("in_2022_report", Bool, req, Some("tt:inReport2022"), "Listed in the 2022 annual report."),
        f!("followed_by_skate", Bool, req, Some("tt:followedBySkate"), "One of the areas Skate follows more closely."),
        f!("note_en", Text, opt, Some("skos:note"), "Note."),
        f!("action_plan_area", Int, opt, Some("tt:actionPlanArea"), "The action plan's own area number (= strategy chapter), where a source shows it (not `seq`)."),
    ],
    links: &[
        Link { name: "initiatives", entity: "initiatives", via: "focus_area_id" },
        Link { name: "status_assessments", entity: "status-assessments", via: "focus_area_id" },
        Link { name: "life_events", entity: "life-events", via: "focus_area_id" },
        Link { name: "dated_facts", entity: "dated-facts", via: "focus_area_id" },
    ],
    table_columns: &["seq", "name", "strategy_id", "followed_by_skate"],
    embedded: fixture!("focus_areas.csv"),
    ..DEFAULTS
};

pub static INITIATIVES: Entity = Entity {
    collection: "initiatives",
    item_type: "initiative",
    table: "initiatives",
    file: "initiatives.csv",
    title_en: "Initiatives of the action plan",
    title_nb: "Tiltak i handlingsplanen",
    description:
        "Initiatives, deliverables and activities named in the action-plan reports, with status as printed and the date it applied.",
    description_nb:
        "Tiltak, leveranser og aktiviteter som rapportene om handlingsplanen nevner, med status slik den er trykt og datoen den gjaldt fra.",
    classes: &["tt:Initiative", "prov:Activity"],
    label_field: "name",
    default_sort: "id",
    fields: &[
        f!("id", Id, req, None, "Record id (I01…)."),
        f!("official_number", Tag, opt, Some("skos:notation"), "Official number where printed (e.g. 4.4)."),
        f!("name", Lang, req, Some("skos:prefLabel"), "Name as printed (nb) and in English."),
        f!("focus_area_id", Ref("focus-areas"), opt, Some("tt:focusArea"), "Focus area."),
        f!("kind", Code("initiative-kind"), req, Some("dct:type"), "Kind of item."),
        f!("kind_note", Text, opt, Some("tt:kindNote"), "Kind as described in the source."),
        f!("same_as_id", Ref("initiatives"), opt, Some("tt:sameInitiativeAs"), "Earlier record of the same initiative."),
        f!("period", Tag, opt, Some("tt:period"), "Period as printed."),
        f!("status", Code("status"), opt, Some("tt:status"), "Status code."),
        f!("status_nb", Tag, opt, Some("tt:statusLabel"), "Status as printed (Norwegian)."),
        f!("status_en", Text, opt, Some("tt:statusDescription"), "Status in English."),
        f!("status_as_of", Tag, opt, Some("tt:statusAsOf"), "When the status applied, as stated."),
        f!("status_year", Int, opt, Some("tt:statusYear"), "Year the status applied."),
        f!("report_id", Ref("reports"), opt, Some("tt:reportedIn"), "Report the status comes from."),
        f!("note_en", Text, opt, Some("skos:note"), "Note."),
        f!(
            "action_plan_area",
            Int,
            opt,
            Some("tt:actionPlanArea"),
            "Action-plan area number (the first digit of the official number; = strategy chapter)."
        ),
    ],
    links: &[
        Link { name: "status_history", entity: "initiatives", via: "same_as_id" },
        Link { name: "attributions", entity: "attributions", via: "initiative_id" },
        Link { name: "statuses", entity: "initiative-statuses", via: "initiative_id" },
    ],
    table_columns: &["official_number", "name", "focus_area_id", "kind", "status", "status_year"],
    embedded: fixture!("initiatives.csv"),
    ..DEFAULTS
};

pub static LIFE_EVENTS: Entity = Entity {
    collection: "life-events",
    item_type: "life-event",
    table: "life_events",
    file: "life_events.csv",
    title_en: "Prioritised life events",
    title_nb: "Prioriterte livshendelser",
    description: "The seven prioritised life events; responsible ministries (with the date each applied) are in attributions.",
    description_nb:
        "De sju prioriterte livshendelsene; ansvarlige departementer (med datoen hvert ansvar gjaldt) ligger i ansvarsforholdene.",
    classes: &["skos:Concept", "tt:LifeEvent"],
    label_field: "name",
    default_sort: "seq",
    fields: &[
        f!("id", Id, req, None, "Slug."),
        f!("seq", Int, req, Some("tt:order"), "Order."),
        f!("name", Lang, req, Some("skos:prefLabel"), "Name."),
        f!("focus_area_id", Ref("focus-areas"), opt, Some("tt:focusArea"), "Focus area."),
        f!("period", Tag, opt, Some("tt:period"), "Period as printed."),
        f!("agencies_note_en", Text, opt, Some("tt:agenciesNote"), "Executing or involved agencies as stated."),
        f!("status_facts_en", Text, opt, Some("tt:statusDescription"), "Status facts (English paraphrase)."),
    ],
    links: &[
        Link { name: "attributions", entity: "attributions", via: "life_event_id" },
        Link { name: "dated_facts", entity: "dated-facts", via: "life_event_id" },
    ],
    table_columns: &["seq", "name", "focus_area_id", "period"],
    embedded: fixture!("life_events.csv"),
    ..DEFAULTS
};

pub static ATTRIBUTIONS: Entity = Entity {
    collection: "attributions",
    item_type: "attribution",
    table: "attributions",
    file: "attributions.csv",
    title_en: "Responsibilities (who is responsible for what, and when)",
    title_nb: "Ansvar (hvem har ansvar for hva, og når)",
    description: "Qualified attributions: an organisation's role for an initiative or a life event, with the date it applied.",
    description_nb: "Ansvarsforhold: en virksomhets rolle for et tiltak eller en livshendelse, med datoen rollen gjaldt.",
    classes: &["prov:Attribution"],
    label_field: "id",
    default_sort: "id",
    fields: &[
        f!("id", Id, req, None, "Attribution id."),
        f!("organization_id", Ref("organizations"), req, Some("prov:agent"), "Organisation."),
        f!("role", Code("role"), req, Some("dcat:hadRole"), "Role."),
        f!("initiative_id", Ref("initiatives"), opt, Some("tt:attributionOf"), "Initiative."),
        f!("life_event_id", Ref("life-events"), opt, Some("tt:attributionOf"), "Life event."),
        f!("as_of_note", Tag, opt, Some("tt:asOf"), "When it applied, as stated."),
        f!("as_of_year", Int, opt, Some("tt:asOfYear"), "Year it applied."),
    ],
    label_template: Some(LabelTemplate {
        nb: "{organization_id}: {role} for [tiltaket «{initiative_id}»][livshendelsen «{life_event_id}»][, per {as_of_year}]",
        en: "{organization_id}: {role} for [the initiative «{initiative_id}»][the life event «{life_event_id}»][, as of {as_of_year}]",
    }),
    table_columns: &["id", "organization_id", "role", "initiative_id", "life_event_id", "as_of_year"],
    exactly_one_of: &["initiative_id", "life_event_id"],
    embedded: fixture!("attributions.csv"),
    ..DEFAULTS
};

pub static REPORTS: Entity = Entity {
    collection: "reports",
    item_type: "report",
    table: "reports",
    file: "reports.csv",
    title_en: "Reports",
    title_nb: "Rapporter",
    description: "Annual reports, tertial reports and survey reports the data comes from.",
    description_nb: "Årsrapporter, tertialrapporter og kartleggingsrapporter som dataene kommer fra.",
    classes: &["foaf:Document", "tt:Report"],
    label_field: "title",
    default_sort: "id",
    fields: &[
        f!("id", Id, req, None, "Report id."),
        f!(
            "title",
            Lang,
            req,
            Some("dct:title"),
            "Title as printed; in [square brackets] where composed or translated here (no source prints it so)."
        ),
        f!("kind", Code("report-kind"), req, Some("dct:type"), "Kind of report."),
        f!("publisher_id", Ref("organizations"), opt, Some("dct:publisher"), "Publisher."),
        f!("year_covered", Int, opt, Some("tt:yearCovered"), "Year the report covers."),
        f!("published", Date, opt, Some("dct:issued"), "Publication date."),
        f!("published_note", Text, opt, Some("tt:publishedNote"), "Publication as stated."),
        f!("url", Url, opt, Some("foaf:page"), "Web page."),
    ],
    links: &[
        Link { name: "findings", entity: "findings", via: "report_id" },
        Link { name: "status_assessments", entity: "status-assessments", via: "report_id" },
        Link { name: "initiatives", entity: "initiatives", via: "report_id" },
        Link { name: "goal_assessments", entity: "goal-assessments", via: "report_id" },
    ],
    table_columns: &["id", "title", "kind", "publisher_id", "year_covered"],
    embedded: fixture!("reports.csv"),
    ..DEFAULTS
};

pub static FINDINGS: Entity = Entity {
    collection: "findings",
    item_type: "finding",
    table: "findings",
    file: "findings.csv",
    title_en: "Report findings",
    title_nb: "Funn i rapporter",
    description: "Headline findings, data sources and facts of the 2021 tertial report (løypemelding).",
    description_nb: "Hovedfunn, datakilder og fakta fra løypemeldingen (tertialrapporten) for 2021.",
    classes: &["tt:Finding"],
    label_field: "heading_nb",
    default_sort: "seq",
    fields: &[
        f!("id", Id, req, None, "Finding id."),
        f!("report_id", Ref("reports"), req, Some("tt:report"), "Report."),
        f!("seq", Int, req, Some("tt:order"), "Order on the page."),
        f!("item_type", Code("finding-type"), req, Some("dct:type"), "Kind of item."),
        f!("heading_nb", Tag, opt, Some("rdfs:label"), "Section heading as printed."),
        f!("summary_en", Text, req, Some("dct:description"), "Summary (English paraphrase)."),
        f!("value", Tag, opt, Some("rdf:value"), "Value, where the item is a fact."),
    ],
    label_template: Some(LabelTemplate { nb: "Punkt {seq} i «{report_id}»", en: "Item {seq} in «{report_id}»" }),
    table_columns: &["id", "report_id", "item_type", "heading_nb", "value"],
    embedded: fixture!("findings.csv"),
    ..DEFAULTS
};

pub static STATUS_ASSESSMENTS: Entity = Entity {
    collection: "status-assessments",
    item_type: "status-assessment",
    table: "status_assessments",
    file: "status_assessments.csv",
    title_en: "Status assessments of focus areas",
    title_nb: "Statusvurderinger av innsatsområder",
    description: "Status and effect assessment of each focus area per annual report (2021, 2022); gaps are explicit records.",
    description_nb: "Status og vurdering av effekt for hvert innsatsområde per årsrapport (2021, 2022); mangler er egne poster.",
    classes: &["tt:StatusAssessment"],
    label_field: "id",
    default_sort: "id",
    fields: &[
        f!("id", Id, req, None, "Assessment id."),
        f!("focus_area_id", Ref("focus-areas"), req, Some("tt:focusArea"), "Focus area assessed."),
        f!("report_id", Ref("reports"), req, Some("tt:reportedIn"), "Report."),
        f!("reporting_year", Int, req, Some("tt:reportingYear"), "Year reported on."),
        f!("status", Code("status"), opt, Some("tt:status"), "Status code."),
        f!("status_nb", Tag, opt, Some("tt:statusLabel"), "Status as printed."),
        f!("status_en", Tag, opt, Some("tt:statusDescription"), "Status in English."),
        f!("effect_assessment_en", Text, opt, Some("tt:effectAssessment"), "Effect assessment (English paraphrase)."),
        f!("extra_facts_en", Text, opt, Some("skos:note"), "Further facts (English paraphrase)."),
        f!("gap", Bool, req, Some("tt:gap"), "True where the status was not found in the sources."),
    ],
    label_template: Some(LabelTemplate {
        nb: "Statusvurdering {reporting_year} av innsatsområdet «{focus_area_id}»",
        en: "Status assessment {reporting_year} of the focus area «{focus_area_id}»",
    }),
    table_columns: &["id", "focus_area_id", "report_id", "reporting_year", "status", "gap"],
    embedded: fixture!("status_assessments.csv"),
    ..DEFAULTS
};

pub static STRATEGY_GOALS: Entity = Entity {
    collection: "strategy-goals",
    item_type: "strategy-goal",
    table: "strategy_goals",
    file: "strategy_goals.csv",
    title_en: "Goals of the strategy",
    title_nb: "Mål i strategien",
    description: "The six goals of the strategy Én digital offentlig sektor (2019–2025), as printed (nb) with an English gloss.",
    description_nb:
        "De seks målene i strategien Én digital offentlig sektor (2019–2025), slik de er trykt (nb), med en engelsk omskrivning.",
    classes: &["tt:StrategyGoal", "skos:Concept"],
    label_field: "title",
    default_sort: "number",
    fields: &[
        f!("id", Id, req, None, "Goal id (goal-1 … goal-6)."),
        f!("strategy_id", Ref("strategies"), req, Some("tt:strategy"), "Strategy."),
        f!("number", Int, req, Some("tt:order"), "Goal number."),
        f!("title", Lang, req, Some("skos:prefLabel"), "Goal as printed (nb); English gloss made here (en)."),
        f!("note_en", Text, opt, Some("skos:note"), "Note."),
    ],
    links: &[Link { name: "assessments", entity: "goal-assessments", via: "goal_id" }],
    table_columns: &["number", "title", "strategy_id"],
    embedded: fixture!("strategy_goals.csv"),
    ..DEFAULTS
};

pub static GOAL_ASSESSMENTS: Entity = Entity {
    collection: "goal-assessments",
    item_type: "goal-assessment",
    table: "goal_assessments",
    file: "goal_assessments.csv",
    title_en: "Ratings of the strategy's goals",
    title_nb: "Vurderinger av målene i strategien",
    description: "Digdir's rating of each goal per edition of Rikets digitale tilstand (goal × edition), with trend, key figures, the edition label and the data year kept apart; summary counts over all goals are records with scope all-goals.",
    description_nb: "Digdirs vurdering av hvert mål per utgave av Rikets digitale tilstand (mål × utgave), med utvikling, nøkkeltall, utgavens overskrift og dataåret holdt fra hverandre; oppsummeringer over alle mål er poster med omfang all-goals.",
    classes: &["tt:GoalAssessment"],
    label_field: "label",
    default_sort: "id",
    fields: &[
        f!("id", Id, req, None, "Assessment id (goal-N-edition, all-goals-edition)."),
        f!("goal_id", Ref("strategy-goals"), opt, Some("tt:goal"), "Goal rated (empty for a summary over all goals)."),
        f!("scope", Tag, req, Some("tt:scope"), "`goal` or `all-goals` (a summary count over the six goals)."),
        f!("report_id", Ref("reports"), req, Some("tt:reportedIn"), "Edition of Rikets digitale tilstand."),
        f!("edition_label", Tag, req, Some("tt:editionLabel"), "Edition as identified in the source (heading or title)."),
        f!("edition_basis", Text, opt, Some("tt:editionBasis"), "How the edition was identified."),
        f!("data_year", Int, opt, Some("tt:dataYear"), "Year the key figures describe (may differ from the edition label)."),
        f!("data_period", Tag, opt, Some("tt:dataPeriod"), "Period assessed (a year, or 2019–2024 for the whole period)."),
        f!("rating", Code("goal-rating"), opt, Some("tt:rating"), "Rating code (god, middels, mindre-god, stryk); empty for summary counts."),
        f!("rating_as_printed", Tag, req, Some("tt:ratingLabel"), "Rating as printed (nb)."),
        f!("rating_en", Text, opt, Some("tt:ratingDescription"), "Rating in English."),
        f!("trend", Lang, opt, Some("tt:trend"), "Trend as printed (nb) and in English."),
        f!("key_figures_en", Text, opt, Some("tt:keyFigures"), "Key figures of the edition (English paraphrase)."),
        f!("label", Lang, req, Some("rdfs:label"), "Label composed here: goal, edition and rating."),
        f!("note_en", Text, opt, Some("skos:note"), "Note."),
    ],
    table_columns: &["label", "goal_id", "report_id", "data_year", "rating", "trend"],
    embedded: fixture!("goal_assessments.csv"),
    ..DEFAULTS
};

pub static INITIATIVE_STATUSES: Entity = Entity {
    collection: "initiative-statuses",
    item_type: "initiative-status",
    table: "initiative_statuses",
    file: "initiative_statuses.csv",
    title_en: "Dated statuses of numbered initiatives",
    title_nb: "Daterte statuser for nummererte tiltak",
    description: "Each status of a numbered initiative with its as-of date and the page version it came from; two page versions of one initiative are two records.",
    description_nb: "Hver status for et nummerert tiltak med datoen den gjaldt og sideversjonen den kommer fra; to sideversjoner av ett tiltak er to poster.",
    classes: &["tt:InitiativeStatus"],
    label_field: "label",
    default_sort: "id",
    fields: &[
        f!("id", Id, req, None, "Status id (number-page version)."),
        f!("initiative_id", Ref("initiatives"), req, Some("tt:statusOf"), "Initiative."),
        f!("official_number", Tag, opt, Some("skos:notation"), "Official number of the initiative."),
        f!("number_printed", Bool, req, Some("tt:numberPrinted"), "Whether this page version prints the number."),
        f!("page_version", Tag, req, Some("tt:pageVersion"), "Which page version (path, date or report) the status comes from."),
        f!("page_url", Url, req, Some("foaf:page"), "Address of that page."),
        f!("status", Code("status"), opt, Some("tt:status"), "Status code."),
        f!("status_nb", Tag, opt, Some("tt:statusLabel"), "Status as printed."),
        f!("status_en", Text, opt, Some("tt:statusDescription"), "Status in English."),
        f!("as_of", Tag, req, Some("tt:statusAsOfStated"), "When the status applied, as stated or inferred from the page."),
        f!("as_of_date", Date, opt, Some("tt:statusDate"), "Date printed with the status, where there is one."),
        f!("period", Tag, opt, Some("tt:period"), "Period as printed."),
        f!("responsible_ministry_id", Ref("organizations"), opt, Some("tt:responsibleMinistry"), "Responsible ministry (where the page names one)."),
        f!("responsible_ministry_text", Tag, opt, Some("tt:responsibleMinistryText"), "Responsible ministry as printed."),
        f!("executing_body_id", Ref("organizations"), opt, Some("tt:executingBody"), "Executing body (where the page names one)."),
        f!("executing_body_text", Tag, opt, Some("tt:executingBodyText"), "Executing body as printed (e.g. 'Uavklart')."),
        f!("label", Lang, req, Some("rdfs:label"), "Label composed here: official number, status code label and page version."),
        f!("note_en", Text, opt, Some("skos:note"), "Note."),
    ],
    table_columns: &["label", "initiative_id", "status", "as_of_date", "responsible_ministry_id"],
    embedded: fixture!("initiative_statuses.csv"),
    ..DEFAULTS
};

pub static DATED_FACTS: Entity = Entity {
    collection: "dated-facts",
    item_type: "dated-fact",
    table: "dated_facts",
    file: "dated_facts.csv",
    title_en: "Dated facts about the action plan",
    title_nb: "Daterte fakta om handlingsplanen",
    description: "Facts with the date they applied, about the action plan, its focus areas, initiatives and life events (publication, launches, status texts of area pages, obstacles, life-event updates), each as its source states it.",
    description_nb: "Fakta med datoen de gjaldt, om handlingsplanen, innsatsområdene, tiltakene og livshendelsene (publisering, lanseringer, statustekster på områdesider, hindringer, endringer for livshendelser), slik kilden oppgir dem.",
    classes: &["tt:DatedFact"],
    label_field: "id",
    default_sort: "id",
    fields: &[
        f!("id", Id, req, None, "Fact id (fact-01…)."),
        f!("as_of", Tag, req, Some("tt:factAsOf"), "When the fact applied, as stated (a date, a month, or an undated page version)."),
        f!("as_of_date", Date, opt, Some("dct:date"), "The date, where a full date is stated."),
        f!("as_of_basis", Text, opt, Some("tt:asOfBasis"), "What the date is (letter date, article date, report date, page text)."),
        f!("scope", Tag, req, Some("tt:factScope"), "What the fact is about: action plan, focus area, initiative or life event."),
        f!("subject_nb", Tag, req, Some("tt:subjectText"), "The subject as named in the source (Norwegian)."),
        f!("focus_area_id", Ref("focus-areas"), opt, Some("tt:aboutFocusArea"), "Focus area, where the fact is about one."),
        f!("life_event_id", Ref("life-events"), opt, Some("tt:aboutLifeEvent"), "Life event, where the fact is about one."),
        f!("item", Tag, req, Some("tt:factKind"), "Kind of fact, as the compiled source names it."),
        f!("value_nb", Tag, opt, Some("tt:statusTextNb"), "The page's own words, where the fact is a status text (Norwegian)."),
        f!("value_en", Text, opt, Some("dct:description"), "The fact (English paraphrase)."),
        f!("note_en", Text, opt, Some("skos:note"), "Note."),
    ],
    label_template: Some(LabelTemplate { nb: "Datert faktum om «{subject_nb}» ({as_of})", en: "Dated fact about «{subject_nb}» ({as_of})" }),
    table_columns: &["id", "as_of", "scope", "subject_nb", "item"],
    embedded: fixture!("dated_facts.csv"),
    ..DEFAULTS
};

pub static INDICATORS: Entity = Entity {
    collection: "indicators",
    item_type: "indicator",
    table: "indicators",
    file: "indicators.csv",
    title_en: "Indicators and action-plan counts",
    title_nb: "Indikatorer og tall for handlingsplanen",
    description: "Indicators cited in the 2021 tertial report and later context (SSB, IT i praksis, DESI, eGovernment Benchmark, UN EGDI), and counts of initiatives and life events by date.",
    description_nb: "Indikatorer som løypemeldingen for 2021 viser til, og senere tall til sammenligning (SSB, IT i praksis, DESI, eGovernment Benchmark, UN EGDI), samt antall tiltak og livshendelser per dato.",
    classes: &["tt:Indicator"],
    label_field: "name_en",
    default_sort: "id",
    fields: &[
        f!("id", Id, req, None, "Indicator id."),
        f!("topic", Code("indicator-topic"), req, Some("dct:type"), "Indicator or action-plan count."),
        f!("name_en", Tag, req, Some("rdfs:label"), "What is measured."),
        f!("value", Tag, req, Some("tt:valueAsPrinted"), "Value as printed."),
        f!("value_numeric", Float, opt, Some("rdf:value"), "Numeric value, where the printed value is a plain number."),
        f!("unit", Tag, opt, Some("tt:unit"), "Unit."),
        f!("reference_period", Tag, opt, Some("tt:referencePeriod"), "Reference period or date as stated."),
        f!("reference_year", Int, opt, Some("tt:referenceYear"), "Reference year."),
        f!("population", Tag, opt, Some("tt:population"), "Population."),
        f!("source_org_id", Ref("organizations"), opt, Some("dct:creator"), "Organisation behind the figure."),
        f!("source_org_text", Tag, opt, Some("tt:sourceOrgText"), "Organisation as stated."),
        f!("source_series", Tag, opt, Some("tt:series"), "Statistical series."),
        f!("cited_in", Tag, opt, Some("tt:citedIn"), "Where the figure is cited."),
        f!("cited_in_date", Date, opt, Some("tt:citedInDate"), "Date of the citing document."),
        f!("cited_in_note", Tag, opt, Some("tt:citedInNote"), "Date of the citing document as stated."),
        f!("note_en", Text, opt, Some("skos:note"), "Note."),
    ],
    label_template: Some(LabelTemplate {
        nb: "{topic:cap} {id}[: {source_series}][, {reference_year|reference_period}]",
        en: "{topic:cap} {id}[: {source_series}][, {reference_year|reference_period}]",
    }),
    // One table per statistical series (action-plan counts without a series form one table).
    cube: Some(Cube {
        table_by: &["topic", "source_series"],
        dimensions: &[
            CubeDimension { field: "name_en", title: ("Hva som måles", "What is measured"), fallback: None, label: None, role: None },
            CubeDimension {
                field: "reference_year",
                title: ("Referanseår eller -periode", "Reference year or period"),
                fallback: Some("reference_period"),
                label: None,
                role: Some("time"),
            },
            CubeDimension { field: "population", title: ("Populasjon", "Population"), fallback: None, label: None, role: None },
            CubeDimension { field: "unit", title: ("Enhet", "Unit"), fallback: None, label: None, role: None },
        ],
        measures: &[CubeMeasure { field: "value_numeric", title: ("Verdi", "Value") }],
        status_when_empty: Some("value"),
        note: Some("note_en"),
    }),
    table_columns: &["name_en", "value", "value_numeric", "unit", "reference_year", "topic"],
    embedded: fixture!("indicators.csv"),
    ..DEFAULTS
};

pub static DATA_QUALITY: Entity = Entity {
    collection: "data-quality",
    item_type: "data-quality-note",
    table: "data_quality",
    file: "data_quality.csv",
    title_en: "Data-quality notes",
    title_nb: "Merknader om datakvalitet",
    description: "Where sources disagree or are incomplete: both values are published and these notes explain the conflict.",
    description_nb: "Der kildene er uenige eller ufullstendige: begge verdiene publiseres, og disse merknadene forklarer avviket.",
    classes: &["dqv:QualityAnnotation", "oa:Annotation"],
    label_field: "topic",
    default_sort: "id",
    fields: &[
        f!("id", Id, req, None, "Note id (DQ1…)."),
        f!("topic", Tag, req, Some("rdfs:label"), "Topic."),
        f!("description_en", Text, req, Some("oa:bodyValue"), "What disagrees and how (English)."),
        f!("values_involved", Text, opt, Some("tt:valuesInvolved"), "The conflicting values."),
        f!("severity", Code("severity"), req, Some("tt:severity"), "Severity."),
        f!("summary", Lang, opt, Some("dct:abstract"), "The note in one sentence for people (nb and en)."),
    ],
    has_quality_notes: false,
    cited_by: Some(Citations { name: "concerns", by: Provenance::QualityNotes }),
    label_template: Some(LabelTemplate { nb: "Merknad om datakvalitet {id}", en: "Data-quality note {id}" }),
    table_columns: &["id", "summary", "severity"],
    embedded: fixture!("data_quality.csv"),
    ..DEFAULTS
};

pub static CODES: Entity = Entity {
    collection: "codes",
    item_type: "code",
    table: "codes",
    file: "codes.csv",
    title_en: "Code lists",
    title_nb: "Kodelister",
    description: "SKOS concept schemes (phase, status, municipal impact, main purpose, user group, …) with nb and en labels. A code's URI is {base}/def/{scheme}/{code}.",
    description_nb: "SKOS-begrepssystemer (fase, status, kommunal berøring, hovedformål, brukergruppe, …) med etiketter på nb og en. URI-en til en kode er {base}/def/{scheme}/{code}.",
    classes: &["skos:Concept"],
    label_field: "label",
    default_sort: "id",
    fields: &[
        f!("id", Id, req, None, "`scheme:code`."),
        f!("scheme", Tag, req, None, "Code scheme."),
        f!("code", Tag, req, Some("skos:notation"), "Code."),
        f!("label", Lang, req, Some("skos:prefLabel"), "Label."),
        f!("definition_en", Text, opt, Some("skos:definition"), "Definition."),
        f!("seq", Int, opt, Some("tt:order"), "Order within the scheme."),
    ],
    links: &[Link { name: "concepts", entity: "concepts", via: "code_id" }],
    has_sources: false,
    has_quality_notes: false,
    uri: UriRule::CodeConcept,
    graph: Graph::Vocab,
    extra_links: &[ExtraLink { predicate: "skos:inScheme", target: LinkTarget::CodeScheme }],
    table_columns: &["scheme", "code", "label", "seq"],
    embedded: fixture!("codes.csv"),
    ..DEFAULTS
};

/// Issue 20: the concepts of the surveys (the 2018 survey's key concepts, and the survey variables
/// and categories a source defines), published as a SKOS-AP-NO concept collection (`rdf::concepts`).
/// A hand-kept fixture (see fixtures/README.md): definitions are written here in our own words.
pub static CONCEPTS: Entity = Entity {
    collection: "concepts",
    item_type: "concept",
    table: "concepts",
    file: "concepts.csv",
    title_en: "Concepts of the surveys",
    title_nb: "Begreper i kartleggingene",
    description: "The key concepts of the 2018 survey and the survey variables and categories a source defines, with terms in nb, nn and en and definitions in our own words; each links to the code-list entry and the dataset column that use it.",
    description_nb: "De sentrale begrepene i kartleggingen 2018 og variablene og kategoriene i kartleggingene som en kilde definerer, med termer på bokmål, nynorsk og engelsk og definisjoner med egne ord; hvert begrep viser til kodelisteoppføringen og datasettkolonnen som bruker det.",
    classes: &["skos:Concept"],
    label_field: "term",
    default_sort: "id",
    fields: &[
        f!("id", Id, req, None, "Concept id (slug of the Norwegian term)."),
        f!("term", Lang, req, Some("skos:prefLabel"), "Recommended term (nb as printed; en translated here)."),
        f!("term_nn", Text, req, Some("skos:prefLabel"), "Recommended term in Nynorsk (translated here)."),
        f!("definition", Lang, req, Some("skos:definition"), "Definition in our own words, based on the source."),
        f!("kind", Tag, req, Some("tt:conceptKind"), "key-concept (the survey's \"Sentrale begreper\"), variable or category."),
        f!("broader_id", Ref("concepts"), opt, Some("skos:broader"), "The variable a category belongs to (a generic relation)."),
        f!("related_id", Ref("concepts"), opt, Some("skos:related"), "A related concept."),
        f!("code_id", Ref("codes"), opt, Some("skos:exactMatch"), "The code-list entry for this concept."),
        f!("field", Tag, opt, Some("tt:describesField"), "The dataset column (collection.field) or collection whose values this concept defines."),
        f!("survey_id", Ref("surveys"), req, Some("tt:survey"), "The survey that defines the concept."),
        f!("valid_from", Date, opt, Some("tt:validFrom"), "Valid from: the publication of the survey page that gives the definition."),
        f!("translation_note", Lang, opt, Some("skos:editorialNote"), "Which terms are translations made here."),
    ],
    links: &[Link { name: "narrower", entity: "concepts", via: "broader_id" }],
    table_columns: &["term", "kind", "broader_id", "survey_id"],
    embedded: fixture!("concepts.csv"),
    ..DEFAULTS
};

/// Every entity, in the order of the API index and of import.
pub static ENTITIES: &[&Entity] = &[
    &ORGANIZATIONS,
    &SOURCES,
    &STRATEGIES,
    &PRIORITIES,
    &SURVEYS,
    &STATISTICS,
    &MEASURES,
    &FOCUS_AREAS,
    &INITIATIVES,
    &LIFE_EVENTS,
    &ATTRIBUTIONS,
    &REPORTS,
    &FINDINGS,
    &STATUS_ASSESSMENTS,
    &STRATEGY_GOALS,
    &GOAL_ASSESSMENTS,
    &INITIATIVE_STATUSES,
    &DATED_FACTS,
    &INDICATORS,
    &DATA_QUALITY,
    &CODES,
    &CONCEPTS,
];

pub fn entity(collection: &str) -> Option<&'static Entity> {
    ENTITIES.iter().copied().find(|e| e.collection == collection)
}

pub fn entity_by_type(item_type: &str) -> Option<&'static Entity> {
    ENTITIES.iter().copied().find(|e| e.item_type == item_type)
}

/// The entity whose records carry `by` (sources or quality notes).
pub fn provenance_entity(by: Provenance) -> &'static Entity {
    match by {
        Provenance::Sources => &SOURCES,
        Provenance::QualityNotes => &DATA_QUALITY,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spec_is_consistent() {
        for e in ENTITIES {
            assert_eq!(e.fields[0].kind, Kind::Id, "{}: the first field is the id", e.collection);
            assert!(!e.description.is_empty() && !e.description_nb.is_empty(), "{}: described in en and nb", e.collection);
            assert!(e.field(e.label_field).is_some() || e.label_field.ends_with("_nb"), "{}: label field", e.collection);
            assert!(e.field(e.default_sort).is_some(), "{}: default sort", e.collection);
            for l in e.links {
                let target = entity(l.entity).unwrap_or_else(|| panic!("{}: link to unknown {}", e.collection, l.entity));
                assert!(target.field(l.via).is_some(), "{}: {} has no {}", e.collection, l.entity, l.via);
            }
            for f in e.fields {
                if let Kind::Ref(target) = f.kind {
                    assert!(entity(target).is_some(), "{}.{}: unknown target {target}", e.collection, f.name);
                }
            }
            if let Some(cube) = &e.cube {
                let names = cube
                    .table_by
                    .iter()
                    .copied()
                    .chain(cube.dimensions.iter().flat_map(|d| [Some(d.field), d.fallback, d.label]).flatten());
                for n in names.chain(cube.measures.iter().map(|m| m.field)).chain(cube.status_when_empty).chain(cube.note) {
                    assert!(e.field(n).is_some(), "{}: cube field {n}", e.collection);
                }
            }
            for c in e.exactly_one_of {
                assert!(e.field(c).is_some_and(|f| f.width() == 1), "{}: exactly_one_of field {c}", e.collection);
            }
            for x in e.extra_links {
                if let LinkTarget::OrganizationRegister { field } | LinkTarget::Dataset { field: Some(field), .. } = x.target {
                    assert!(e.field(field).is_some(), "{}: extra link field {field}", e.collection);
                }
            }
        }
    }

    #[test]
    fn column_offsets_count_language_maps_twice() {
        // organizations: id, org_number, name (nb, en), abbreviation, …
        assert_eq!(ORGANIZATIONS.column_offset("name"), Some(2));
        assert_eq!(ORGANIZATIONS.column_offset("abbreviation"), Some(4));
        assert_eq!(ORGANIZATIONS.column_offset("nope"), None);
    }
}
