#!/usr/bin/env python3
"""Build fixtures/*.csv from ../shared/sources (the published facts, each with its source URL).

Usage: python3 scripts/build_fixtures.py [SOURCES_DIR] [OUT_DIR]
Defaults: ../shared/sources relative to the repository root, and fixtures/.
Every mapping (organisation names -> ids, status wording -> codes, kinds -> codes, code labels) is an
explicit table below; nothing is invented: unknown values stay empty.
"""
import csv, os, re, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "sources")
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "fixtures")
EU = "http://publications.europa.eu/resource/authority"


def read(name):
    with open(os.path.join(SRC, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def urls(cell):
    return [u.strip() for u in cell.split(" ; ") if u.strip()]


def write(name, header, rows):
    with open(os.path.join(OUT, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow(["" if r.get(h) is None else r.get(h) for h in header])
    print(f"{name}: {len(rows)} rows")


def year_of(text):
    m = re.match(r"^(\d{4})(?:$|[-\s(])", text.strip())
    return int(m.group(1)) if m and not text.strip().startswith("c.") else None


def iso_date(text):
    m = re.match(r"^(\d{4}-\d{2}-\d{2})", (text or "").strip())
    return m.group(1) if m else None


# ---------------------------------------------------------------- code lists
CODES = {
    "source-kind": [("web-page", "nettside", "web page"), ("report", "rapport", "report"),
                    ("repository", "kodelager", "code repository"), ("news-article", "nyhetsartikkel", "news article"),
                    ("statistics", "statistikkside", "statistics page"), ("letter", "brev", "letter"),
                    ("white-paper", "stortingsmelding", "white paper")],
    "org-kind": [("ministry", "departement", "ministry"), ("agency", "etat eller direktorat", "agency or directorate"),
                 ("municipal-organisation", "kommunesektorens organisasjon", "organisation of the municipal sector"),
                 ("council", "samarbeidsråd", "council"), ("company", "selskap", "company"),
                 ("international-organisation", "internasjonal organisasjon", "international organisation"),
                 ("programme", "program", "programme")],
    "strategy-kind": [("white-paper", "stortingsmelding", "white paper"), ("strategy", "strategi", "strategy"),
                      ("action-plan", "handlingsplan", "action plan")],
    "statistic-variable": [("survey_frame", "utvalg og svar", "survey frame"),
                           ("survey_frame_restated", "utvalg og svar (gjengitt senere)", "survey frame (restated later)"),
                           ("main_purpose", "hovedhensikt", "main purpose"),
                           ("cross_cutting", "tverrgående tiltak", "cross-cutting measures"),
                           ("municipal_sector_impact", "berører kommunal sektor (figur)", "municipal sector impact (figure)"),
                           ("municipal_sector_impact_text", "berører kommunal sektor (tekst)", "municipal sector impact (text)"),
                           ("discussed_with_ks", "drøftet med KS", "discussed with KS"),
                           ("expected_benefits", "gevinstkategorier", "expected benefits")],
    "value-origin": [("text", "tekst", "running text"), ("figure", "figur", "figure"),
                     ("figure-text", "figurtekst", "figure text (alt-text)"),
                     ("figure-and-text", "tekst og figur", "text and figure"),
                     ("figure-truncated", "figur (avkortet kopi)", "figure (truncated copy)")],
    "phase": [("idea", "idé", "idea"), ("concept", "konsept", "concept"), ("planning", "planlegging", "planning"),
              ("execution", "gjennomføring", "execution")],
    "main-purpose": [("internal-efficiency", "intern effektivisering", "internal efficiency"),
                     ("coherent-services", "legge til rette for sammenhengende tjenester", "enable coherent services"),
                     ("data-sharing", "deling av data", "data sharing"),
                     ("change-task-solving", "endre oppgaveløsning", "change how tasks are solved"),
                     ("internal-administration", "intern administrasjon", "internal administration"),
                     ("common-solution", "fellesløsning", "common solution"),
                     ("improve-security", "forbedre sikkerhet", "improve security"),
                     ("not-stated", "ikke oppgitt", "not stated")],
    "municipal-impact": [("not-affected", "berører ikke kommunal sektor", "does not affect the municipal sector"),
                         ("whole-sector", "hele kommunal sektor", "whole municipal sector"),
                         ("municipalities-only", "kun kommuner", "municipalities only"),
                         ("county-municipalities-only", "kun fylkeskommuner", "county municipalities only"),
                         ("not-stated", "ikke oppgitt", "not stated")],
    "user-group": [("citizens", "innbyggere", "citizens"), ("employees", "ansatte", "employees"),
                   ("public-bodies", "offentlige virksomheter", "public bodies"),
                   ("private-businesses", "private virksomheter", "private businesses"),
                   ("voluntary-sector", "frivillig sektor", "voluntary sector")],
    "initiative-kind": [("action-plan-initiative", "tiltak i handlingsplanen", "action-plan initiative"),
                        ("life-event-measure", "livshendelse", "life-event measure"),
                        ("deliverable", "leveranse", "deliverable"), ("resource", "ressurs", "resource"),
                        ("service", "tjeneste", "service"), ("committee", "utvalg", "committee"),
                        ("roadmap", "veikart", "roadmap"), ("roadmap-item", "punkt i veikart", "roadmap item"),
                        ("agreement", "avtale", "agreement"), ("activity", "aktivitet", "activity"),
                        ("arrangement", "ordning", "arrangement"), ("working-group", "arbeidsgruppe", "working group")],
    "status": [("on-track", "på plan", "on track"), ("minor-delays", "mindre forsinkelser", "minor delays"),
               ("delayed", "forsinket", "delayed"), ("not-started", "ikke startet", "not started"),
               ("completed", "ferdigstilt", "completed"), ("operationalised", "operasjonalisert", "operationalised"),
               ("published", "publisert", "published"), ("ending", "avsluttes", "being ended"),
               ("discontinued", "avviklet", "discontinued"),
               ("no-ongoing-initiatives", "ingen pågående tiltak", "no ongoing initiatives")],
    "role": [("responsible", "ansvarlig", "responsible"), ("executing", "utførende", "executing"),
             ("involved", "involvert", "involved"), ("party", "part", "party"),
             ("administrator", "forvalter", "administrator")],
    "report-kind": [("annual-report", "årsrapport", "annual report"), ("tertial-report", "tertialrapport", "tertial report"),
                    ("survey-report", "undersøkelsesrapport", "survey report"),
                    ("experience-report", "erfaringsrapport", "experience report")],
    "finding-type": [("publication-date", "publiseringsdato", "publication date"), ("title", "tittel", "title"),
                     ("purpose", "formål", "purpose"), ("data-source", "datakilde", "data source"),
                     ("finding", "funn", "finding"), ("status-overview", "statusoversikt", "status overview")],
    "indicator-topic": [("indicator", "indikator", "indicator"), ("action-plan-count", "tall for handlingsplanen", "action-plan count")],
    "severity": [("low", "lav", "low"), ("medium", "middels", "medium"), ("high", "høy", "high")],
}
codes = [{"id": f"{s}:{c}", "scheme": s, "code": c, "label_nb": nb, "label_en": en, "seq": i + 1}
         for s, lst in CODES.items() for i, (c, nb, en) in enumerate(lst)]
CODESET = {(c["scheme"], c["code"]) for c in codes}


def code(scheme, value):
    assert (scheme, value) in CODESET, (scheme, value)
    return value


# ---------------------------------------------------------------- sources
index = read("sources_index.csv")
all_rows = {name: read(name) for name in [
    "survey_aggregates_2018_2019.csv", "survey_variables_and_categories.csv", "action_plan_focus_areas.csv",
    "action_plan_focus_area_status.csv", "action_plan_initiatives.csv", "life_events.csv", "action_plan_counts.csv",
    "tertial_report_2021_findings.csv", "policy_priorities.csv", "indicators.csv", "data_quality_issues.csv"]}
seen = []
for r in index:
    if r["source_url"] not in seen:
        seen.append(r["source_url"])
extra = set()
for rows in all_rows.values():
    for r in rows:
        for u in urls(r.get("source_url", "")):
            if u not in seen:
                extra.add(u)
for r in all_rows["policy_priorities.csv"]:
    if r["policy_document_url"] not in seen:
        extra.add(r["policy_document_url"])
seen += sorted(extra)

HOSTS = {  # host -> (publisher_id, publisher_text, kind)
    "www.difi.no": ("991825827", "Difi", "web-page"),
    "www.digdir.no": ("991825827", "Digdir", "web-page"),
    "digdir.no": ("991825827", "Digdir", "web-page"),
    "aarsrapport2021.digdir.no": ("991825827", "Digdir", "report"),
    "aarsrapport2022.digdir.no": ("991825827", "Digdir", "report"),
    "www.regjeringen.no": ("", "regjeringen.no", "web-page"),
    "www.ks.no": ("ks", "KS", "web-page"),
    "ssb.no": ("ssb", "SSB", "statistics"),
    "github.com": ("", "GitHub repository", "repository"),
    "www.anskaffelser.no": ("", "anskaffelser.no", "web-page"),
    "www.cw.no": ("", "cw.no", "news-article"),
    "www.fjordabladet.no": ("", "fjordabladet.no", "news-article"),
    "www.shifter.no": ("", "shifter.no", "news-article"),
    "statogstyring.no": ("", "statogstyring.no", "news-article"),
    "innovativeanskaffelser.no": ("", "innovativeanskaffelser.no", "web-page"),
}
SEED_SHA = {}
sources, SID = [], {}
for i, u in enumerate(seen, 1):
    sid = f"src-{i:02d}"
    SID[u] = sid
    host = re.match(r"https?://([^/]+)", u).group(1)
    pub_id, pub_text, kind = HOSTS.get(host, ("", host, "web-page"))
    ix = next((r for r in index if r["source_url"] == u), None)
    if ix:
        title = ix["title"]
        if "letter" in title:
            kind = "letter"
        if title.startswith("Meld. St."):
            kind = "white-paper"
        pub_text = ix["publisher"] or pub_text
        published = iso_date(ix["published"]) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", ix["published"].strip()) else None
        sources.append({"id": sid, "url": u, "title": title, "publisher_id": pub_id, "publisher_text": pub_text,
                        "published": published, "published_note": None if published else (ix["published"] or None),
                        "last_modified": iso_date(ix["last_modified"]), "kind": code("source-kind", kind),
                        "used_for": ix["used_for"], "local_copy": ix["local_copy"] or None,
                        "archived_copy_note": ix["archived_copy_note"]})
    else:
        path = u.split(host, 1)[1].strip("/")
        slug = [p for p in path.split("/") if p and not p.isdigit()]
        title = f"[{pub_text} page: {slug[-1] if slug else host}]"
        sources.append({"id": sid, "url": u, "title": title, "publisher_id": pub_id, "publisher_text": pub_text,
                        "kind": code("source-kind", kind), "used_for": "cited by rows of the source tables"})


def sids(cell):
    return ";".join(SID[u] for u in urls(cell))


S_DCAT = SID["https://github.com/OpenDataNTNU/OpenData/blob/8d69894c9c2148a5e4c91a65b6d7a25489dd637d/frontend/__mocks__/DCATWizard/file.js"]
S_2018 = SID["https://www.difi.no/rapporter-og-statistikk/undersokelser/digitaliseringstiltak-i-staten-2018"]
S_2018_REPUB = SID["https://www.digdir.no/digitalisering-og-samordning/oversikt-over-digitaliseringstiltak-i-staten-2018/1925"]
S_2019 = SID["https://www.digdir.no/digitalisering-og-samordning/oversikt-over-digitaliseringstiltak-i-staten-2019/1241"]
S_RESTATE = SID["https://www.digdir.no/digitalisering-og-samordning/slik-har-vi-lost-oppdraget/7675"]
S_AR2020 = SID["https://www.digdir.no/om-oss/vurdering-av-framtidsutsikter-veien-mot-en-digital-offentlig-sektor/2314"]
S_AR2021 = SID["https://aarsrapport2021.digdir.no/kapittel-3/handlingsplanen-status-pa-innsatsomradene/55.html"]
S_AR2022 = SID["https://aarsrapport2022.digdir.no/kapittel-3/handlingsplanen-status-pa-innsatsomradene/55.html"]
S_TERTIAL = SID["https://www.digdir.no/handlingsplanen/loypemelding-handlingsplanen-2021/2860"]
S_KS = SID["https://www.ks.no/fagomrader/digitalisering/styring-og-organisering/utvikler-somlose-tjenester-pa-tvers-av-sektorer/"]
S_AGENDA = SID["https://www.regjeringen.no/no/tema/statlig-forvaltning/ikt-politikk/digitaliseringsstrategi-for-offentlig-sektor/id2612415/"]
S_MELD = SID["https://www.regjeringen.no/no/dokumenter/meld.-st.-27-20152016/id2483795/"]
S_STRATEGY = SID["https://www.regjeringen.no/no/dokumenter/en-digital-offentlig-sektor/id2653874/sec3"]
S_LETTER = SID["https://www.regjeringen.no/no/dokumenter/digitalisering-i-offentlig-sektor/id2830849/"]
S_ANBEF = SID["https://www.digdir.no/handlingsplanen/anbefalinger-2021/2583"]
S_COMPETENCE = SID["https://www.digdir.no/digitalisering-og-samordning/okt-digital-kompetanse-i-offentlig-sektor/1296"]
S_FOLLOWUP = SID["https://www.digdir.no/digitalisering-og-samordning/oppfolging-av-regjeringen-og-ks-sin-digitaliseringsstrategi/1285"]

# ---------------------------------------------------------------- organisations
ORGS = [
    # id, org_number, name_nb, name_en, abbreviation, kind, former_names_nb, successor_id, homepage, note, sources
    ("991825827", "991825827", "Digitaliseringsdirektoratet", "Norwegian Digitalisation Agency", "Digdir", "agency",
     "Direktoratet for forvaltning og IKT (Difi)", "", "https://www.digdir.no/",
     "Difi's organisation number is carried by Digdir; the data.norge.no record of the 2018 survey names Difi with this number",
     [S_DCAT, S_2018_REPUB]),
    ("kmd", "", "Kommunal- og moderniseringsdepartementet", "Ministry of Local Government and Modernisation", "KMD", "ministry", "", "kdd", "",
     "renamed/reorganised; see data-quality note DQ11", [S_KS]),
    ("kdd", "", "Kommunal- og distriktsdepartementet", "Ministry of Local Government and Regional Development", "KDD", "ministry", "", "", "", "",
     [SID["https://www.digdir.no/handlingsplanen/dodsfall-og-arv-en-prioritert-livshendelse/2588"], S_AR2022]),
    ("asd", "", "Arbeids- og sosialdepartementet", "Ministry of Labour and Social Affairs", "ASD", "ministry", "", "aid", "",
     "reorganised; see data-quality note DQ11", [S_KS]),
    ("aid", "", "Arbeids- og inkluderingsdepartementet", "Ministry of Labour and Social Inclusion", "AID", "ministry", "", "", "",
     "named as ASD's successor in data-quality note DQ11", [SID["https://www.digdir.no/digitalisering-og-samordning/erfaringene-fra-de-syv-prioriterte-livshendelsene-inngar-na-i-nasjonalt-veikart/7937"]]),
    ("hod", "", "Helse- og omsorgsdepartementet", "Ministry of Health and Care Services", "HOD", "ministry", "", "", "", "", [S_KS]),
    ("kd", "", "Kunnskapsdepartementet", "Ministry of Education and Research", "KD", "ministry", "", "", "", "", [S_KS]),
    ("kud", "", "Kulturdepartementet", "Ministry of Culture", "KUD", "ministry", "", "kld", "",
     "reorganised; see data-quality note DQ11", [S_KS]),
    ("kld", "", "Kultur- og likestillingsdepartementet", "Ministry of Culture and Equality", "KLD", "ministry", "", "", "", "",
     [SID["https://www.digdir.no/handlingsplanen/starte-og-drive-en-frivillig-organisasjon-en-prioritert-livshendelse/2589"]]),
    ("nfd", "", "Nærings- og fiskeridepartementet", "Ministry of Trade, Industry and Fisheries", "NFD", "ministry", "", "", "", "", [S_KS]),
    ("ks", "", "KS", "KS (Norwegian Association of Local and Regional Authorities)", "KS", "municipal-organisation", "", "", "", "", [S_KS, S_LETTER]),
    ("ssb", "", "Statistisk sentralbyrå", "Statistics Norway", "SSB", "agency", "", "", "", "", [S_TERTIAL]),
    ("dfo", "", "Direktoratet for forvaltning og økonomistyring", "Norwegian Agency for Public and Financial Management", "DFØ", "agency", "", "", "", "",
     [SID["https://www.anskaffelser.no/nb/innovasjon/startoff"]]),
    ("lup", "", "Leverandørutviklingsprogrammet", "National Programme for Supplier Development", "LUP", "programme", "", "", "", "",
     [SID["https://www.anskaffelser.no/nb/innovasjon/startoff"]]),
    ("skate", "", "Skate", "Skate", "Skate", "council", "", "", "", "", [S_AR2022]),
    ("lotteritilsynet", "", "Lotteri- og stiftelsestilsynet", "Norwegian Gaming and Foundation Authority", "", "agency", "", "", "", "",
     [SID["https://www.digdir.no/handlingsplanen/starte-og-drive-en-frivillig-organisasjon-en-prioritert-livshendelse/2589"]]),
    ("bronnoysundregistrene", "", "Brønnøysundregistrene", "Brønnøysund Register Centre", "", "agency", "", "", "", "",
     [SID["https://www.digdir.no/handlingsplanen/starte-og-drive-en-frivillig-organisasjon-en-prioritert-livshendelse/2589"]]),
    ("ramboll", "", "Rambøll", "Ramboll", "", "company", "", "", "", "", [S_TERTIAL]),
    ("european-commission", "", "Europakommisjonen", "European Commission", "", "international-organisation", "", "", "", "",
     [SID["https://aarsrapport2021.digdir.no/kapittel-3/rikets-digitale-tilstand/26"]]),
    ("un-desa", "", "FNs avdeling for økonomiske og sosiale saker", "UN Department of Economic and Social Affairs", "UN DESA", "international-organisation", "", "", "", "",
     [SID["https://aarsrapport2021.digdir.no/kapittel-3/rikets-digitale-tilstand/26"]]),
]
ORG_NOTES = {"kmd": "DQ11", "kdd": "DQ11", "asd": "DQ11", "aid": "DQ11", "kud": "DQ11", "kld": "DQ11"}
organizations = [{"id": o[0], "org_number": o[1], "name_nb": o[2], "name_en": o[3], "abbreviation": o[4],
                  "kind": code("org-kind", o[5]), "former_names_nb": o[6], "successor_id": o[7], "homepage": o[8],
                  "note_en": o[9], "sources": ";".join(o[10]), "quality_notes": ORG_NOTES.get(o[0], "")} for o in ORGS]

# ---------------------------------------------------------------- reports
reports = [
    {"id": "annual-report-2020", "title_nb": "Digdirs årsrapport for 2020 (vurdering av framtidsutsikter)", "title_en": "Digdir annual report 2020 (outlook section)",
     "kind": "annual-report", "publisher_id": "991825827", "year_covered": 2020, "published_note": "2021", "url": seen[seen.index("https://www.digdir.no/om-oss/vurdering-av-framtidsutsikter-veien-mot-en-digital-offentlig-sektor/2314")], "sources": S_AR2020},
    {"id": "annual-report-2021", "title_nb": "Digdirs årsrapport for 2021", "title_en": "Digdir annual report 2021",
     "kind": "annual-report", "publisher_id": "991825827", "year_covered": 2021, "published_note": "2022",
     "url": "https://aarsrapport2021.digdir.no/kapittel-3/handlingsplanen-status-pa-innsatsomradene/55.html", "sources": S_AR2021, "quality_notes": "DQ15"},
    {"id": "annual-report-2022", "title_nb": "Digdirs årsrapport for 2022", "title_en": "Digdir annual report 2022",
     "kind": "annual-report", "publisher_id": "991825827", "year_covered": 2022, "published_note": "2023 (no date printed on the page)",
     "url": "https://aarsrapport2022.digdir.no/kapittel-3/handlingsplanen-status-pa-innsatsomradene/55.html", "sources": S_AR2022},
    {"id": "tertial-report-2021-2", "title_nb": "2. tertial rapport Løypemelding for handlingsplanen 2021", "title_en": "Second tertial report 2021: progress report on the action plan",
     "kind": "tertial-report", "publisher_id": "991825827", "year_covered": 2021, "published": "2021-09-01",
     "url": "https://www.digdir.no/handlingsplanen/loypemelding-handlingsplanen-2021/2860", "sources": S_TERTIAL, "quality_notes": "DQ19"},
    {"id": "difi-notat-2019-2", "title_nb": "Oversikt over digitaliseringstiltak i staten 2018 (Difi-notat 2019:2)", "title_en": "Overview of digitalisation measures in central government 2018 (Difi note 2019:2)",
     "kind": "survey-report", "publisher_id": "991825827", "year_covered": 2018, "published": "2020-03-10", "published_note": "Digdir republication date",
     "url": "https://www.digdir.no/digitalisering-og-samordning/oversikt-over-digitaliseringstiltak-i-staten-2018/1925", "sources": S_2018_REPUB, "quality_notes": "DQ6;DQ15"},
    {"id": "difi-notat-2019-10", "title_nb": "Oversikt over digitaliseringstiltak i staten 2019 (Difi-notat 2019:10)", "title_en": "Overview of digitalisation measures in central government 2019 (Difi note 2019:10)",
     "kind": "survey-report", "publisher_id": "991825827", "year_covered": 2019, "published": "2020-03-11", "published_note": "Digdir republication date",
     "url": "https://www.digdir.no/digitalisering-og-samordning/oversikt-over-digitaliseringstiltak-i-staten-2019/1241", "sources": S_2019, "quality_notes": "DQ15"},
    {"id": "experience-report-2020", "title_nb": "Erfaringsrapport 2020", "title_en": "Experience report 2020",
     "kind": "experience-report", "publisher_id": "991825827", "year_covered": 2020, "published_note": "recommendations for 2021 (date not printed)",
     "url": "https://www.digdir.no/handlingsplanen/anbefalinger-2021/2583", "sources": S_ANBEF},
]
for r in reports:
    code("report-kind", r["kind"])

# ---------------------------------------------------------------- strategies and priorities
pp = all_rows["policy_priorities.csv"]
strategies = [
    {"id": "digital-agenda", "title_nb": pp[0]["policy_document_no"], "title_en": "Digital Agenda for Norway – ICT for a simpler everyday life and increased productivity",
     "kind": "white-paper", "reference": pp[0]["policy_reference"], "url": pp[0]["policy_document_url"],
     "description_en": "White paper setting five priorities for national ICT policy; the public-sector digitalisation strategy builds on it.",
     "sources": ";".join([S_MELD, S_AGENDA])},
    {"id": "one-digital-public-sector", "title_nb": "Én digital offentlig sektor", "title_en": "One digital public sector",
     "kind": "strategy", "period_start": 2019, "period_end": 2025, "url": "https://www.regjeringen.no/no/dokumenter/en-digital-offentlig-sektor/id2653874/sec3",
     "description_en": "Digitalisation strategy for the public sector 2019–2025, shared by the government and KS; followed up through an action plan with focus areas, initiatives and prioritised life events.",
     "sources": ";".join([S_STRATEGY, S_FOLLOWUP, S_AR2022]), "quality_notes": "DQ14"},
    {"id": "action-plan", "title_nb": "Handlingsplanen for Én digital offentlig sektor", "title_en": "Action plan for One digital public sector",
     "kind": "action-plan", "part_of_id": "one-digital-public-sector",
     "description_en": "The action plan that follows up the strategy: focus areas (innsatsområder), initiatives (tiltak) and status reports; counts of initiatives differ by date (see DQ10).",
     "sources": ";".join([S_AR2022, S_LETTER, S_FOLLOWUP]), "quality_notes": "DQ10;DQ19"},
]
for s in strategies:
    code("strategy-kind", s["kind"])
priorities = [{"id": f"digital-agenda-{r['priority_seq']}", "strategy_id": "digital-agenda", "seq": r["priority_seq"],
               "name_nb": r["priority_no"], "name_en": r["priority_en"], "note_en": r["note_en"], "sources": sids(r["source_url"])} for r in pp]

# ---------------------------------------------------------------- surveys and statistics
surveys = [
    {"id": "2018", "title_nb": "Oversikt over digitaliseringstiltak i staten 2018", "title_en": "Overview of digitalisation measures in central government 2018",
     "year": 2018, "publisher_id": "991825827", "agencies_invited": 87, "agencies_responded": 80, "response_rate_percent": 92,
     "measures_reported": 412, "deadline": "2018-10-01", "published": "2019-03-05", "republished": "2020-03-10", "republished_as": "Difi-notat 2019:2",
     "landing_page": "https://www.difi.no/rapporter-og-statistikk/undersokelser/digitaliseringstiltak-i-staten-2018",
     "questionnaire_url": "https://www.difi.no/sites/difino/files/sporreskjema_2018.pdf",
     "row_level_file_url": "https://www.difi.no/sites/difino/files/oversikt_2018_til_difi.no_v022_0.xlsx",
     "row_level_licence": f"{EU}/licence/CC0", "row_level_available": "false",
     "description_en": "Difi's mapping of digitalisation measures started in 2018 in central government (idea, concept, planning or execution phase), collected with a questionnaire to state agencies; the row-level XLSX named in the data.norge.no record was not available.",
     "sources": ";".join([S_2018, S_2018_REPUB, S_DCAT]), "quality_notes": "DQ4;DQ6;DQ8;DQ9"},
    {"id": "2019", "title_nb": "Oversikt over digitaliseringstiltak i staten 2019", "title_en": "Overview of digitalisation measures in central government 2019",
     "year": 2019, "publisher_id": "991825827", "agencies_responded": 67, "measures_reported": 432, "ministry_areas": 13,
     "republished": "2020-03-11", "republished_as": "Difi-notat 2019:10",
     "landing_page": "https://www.digdir.no/digitalisering-og-samordning/oversikt-over-digitaliseringstiltak-i-staten-2019/1241",
     "row_level_available": "false",
     "description_en": "The 2019 round of the mapping: information from 67 state agencies across 13 ministry areas on 432 measures; the number of agencies invited was not found in the archived copy.",
     "sources": ";".join([S_2019, S_RESTATE]), "quality_notes": "DQ4;DQ7;DQ15"},
]
VARIABLES = {"survey_frame": "survey_frame", "survey_frame (restated 2025)": "survey_frame_restated",
             "cross_cutting (tverrgående)": "cross_cutting", "municipal_sector_impact": "municipal_sector_impact",
             "municipal_sector_impact (text)": "municipal_sector_impact_text", "discussed_with_KS": "discussed_with_ks"}
ORIGIN = {"text": "text", "figure text": "figure-text", "figure (alt-text)": "figure", "text + figure": "figure-and-text",
          "figure (truncated)": "figure-truncated"}
NB_CATEGORY = {  # Norwegian label (as printed) -> code, for categories with a code list
    "intern effektivisering": "internal-efficiency", "legge til rette for sammenhengende tjenester": "coherent-services",
    "deling av data": "data-sharing", "endre oppgaveløsning": "change-task-solving", "intern administrasjon": "internal-administration",
    "fellesløsning": "common-solution", "forbedre sikkerhet": "improve-security", "berører ikke kommunal sektor": "not-affected",
    "hele kommunal sektor": "whole-sector", "kun kommuner": "municipalities-only", "kun fylkeskommuner": "county-municipalities-only",
}


def variable_of(v):
    if v in VARIABLES:
        return VARIABLES[v]
    if v.startswith("main_purpose"):
        return "main_purpose"
    if v.startswith("expected_benefits"):
        return "expected_benefits"
    raise ValueError(v)


def slug(t):
    t = t.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    return re.sub(r"[^a-z0-9]+", "-", t).strip("-")


def stat_notes(variable, year, category):
    n = []
    if variable.startswith("municipal_sector_impact"):
        n += ["DQ1", "DQ2"]
    if variable == "discussed_with_ks":
        n += ["DQ3"]
    if variable in ("survey_frame", "survey_frame_restated") and "agenc" in category:
        n += ["DQ4"]
    if variable == "main_purpose":
        n += ["DQ5"]
    if variable == "expected_benefits":
        n += ["DQ7", "DQ15"]
    return ";".join(n)


statistics = []
for r in all_rows["survey_aggregates_2018_2019.csv"]:
    variable = variable_of(r["variable"])
    code("statistic-variable", variable)
    cat = r["category"]
    m = re.match(r"^(.*?) \((.*)\)$", cat)
    nb = en = None
    if m and variable in ("main_purpose", "municipal_sector_impact", "municipal_sector_impact_text", "discussed_with_ks", "expected_benefits"):
        nb, en = m.group(1), m.group(2)
    elif variable == "municipal_sector_impact_text" and cat == "berører ikke kommunal sektor":
        nb, en = cat, "does not affect municipal sector"
    else:
        en = cat.replace("_", " ")
    if nb in NB_CATEGORY:
        cslug = NB_CATEGORY[nb]
    elif nb == "ikke oppgitt":
        cslug = "not-stated"
    else:
        cslug = slug(nb or en)[:60].strip("-")
    years = r["survey_year"].split(";")
    counts = r["count"].split(";")
    for k, year in enumerate(years):
        pp_raw = r["percent_published"]
        pm = re.match(r"^(?:approx\. )?([0-9.]+)", pp_raw)
        pub = iso_date(r["publication_date"])
        rec = {"id": f"{year}-{variable.replace('_', '-')}-{cslug}", "survey_id": year, "variable": variable,
               "category": cslug, "category_label_nb": nb, "category_label_en": en,
               "count": counts[k] if k < len(counts) else "", "n": r["n"],
               "percent_published": pm.group(1) if pm else None,
               "percent_published_note": pp_raw if pp_raw and not re.fullmatch(r"[0-9.]+", pp_raw) else None,
               "percent_computed": r["percent_computed"], "unit": r["unit"],
               "value_origin": code("value-origin", ORIGIN[r["figure_or_text"]]), "note_en": r["note_en"],
               "publication_date": pub, "publication_note": r["publication_date"] if r["publication_date"] != pub else None,
               "source_last_modified": iso_date(r["source_last_modified"]), "sources": sids(r["source_url"]),
               "quality_notes": stat_notes(variable, year, cat)}
        statistics.append(rec)
ids = [s["id"] for s in statistics]
assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]

# ---------------------------------------------------------------- focus areas and assessments
focus_areas = []
for r in all_rows["action_plan_focus_areas.csv"]:
    seq = int(r["focus_area_seq"])
    notes = ["DQ14"] + (["DQ18"] if seq == 6 else [])
    focus_areas.append({"id": str(seq), "strategy_id": "action-plan", "seq": seq, "name_nb": r["name_no"], "name_en": r["name_en_gloss"],
                        "goal_en": r["goal_en"], "name_variants_nb": r["name_variants_no"], "in_2022_report": "true",
                        "followed_by_skate": "true" if seq <= 3 else "false", "note_en": r["note_en"],
                        "sources": sids(r["source_url"]), "quality_notes": ";".join(notes)})
focus_areas.append({"id": "digital-competence", "strategy_id": "action-plan", "name_nb": "Økt digital kompetanse (i offentlig sektor)",
                    "name_en": "Increased digital competence (in the public sector)", "in_2022_report": "false", "followed_by_skate": "false",
                    "note_en": "shown as a focus area on Digdir action-plan pages but not among the seven areas of the 2022 annual report; no number is given (DQ17)",
                    "sources": ";".join([S_COMPETENCE, S_ANBEF]), "quality_notes": "DQ17"})
STATUS = {"mindre forsinkelser": "minor-delays", "på plan": "on-track", "følger plan": "on-track",
          "ingen pågående tiltak som del av handlingsplanen": "no-ongoing-initiatives", "ferdigstilt": "completed",
          "ferdigstilt i handlingsplanen": "completed", "anser seg for ferdig": "completed", "ikke startet": "not-started",
          "operasjonalisert": "operationalised", "avviklet": "discontinued", "publisert": "published", "avsluttes": "ending",
          "rapportert forsinket": "delayed", "rapporteres forsinket": "delayed"}
assessments = []
for r in all_rows["action_plan_focus_area_status.csv"]:
    gap = r["extra_facts_en"].startswith("GAP")
    st = STATUS[r["status_no"].lower()] if r["status_no"] else None
    notes = ["DQ15"] if r["reporting_year"] == "2021" else []
    assessments.append({"id": f"fa{r['focus_area_seq']}-{r['reporting_year']}", "focus_area_id": r["focus_area_seq"],
                        "report_id": f"annual-report-{r['reporting_year']}", "reporting_year": r["reporting_year"],
                        "status": st and code("status", st), "status_nb": r["status_no"], "status_en": r["status_en"],
                        "effect_assessment_en": r["effect_assessment_en"], "extra_facts_en": r["extra_facts_en"],
                        "gap": "true" if gap else "false", "sources": sids(r["source_url"]), "quality_notes": ";".join(notes)})

# ---------------------------------------------------------------- initiatives and attributions
KIND = {"action-plan initiative": "action-plan-initiative", "deliverable": "deliverable", "life-event measure": "life-event-measure",
        "life-event measures": "life-event-measure", "resource": "resource", "service": "service", "committee": "committee",
        "roadmap": "roadmap", "Skate roadmap item": "roadmap-item", "agreement": "agreement", "activity": "activity",
        "arrangement": "arrangement", "working group": "working-group"}
INIT_NOTES = {"I02": "DQ17", "I04": "DQ13", "I31": "DQ13", "I32": "DQ18", "I26": "DQ18", "I07": "DQ10"}
initiatives, attributions = [], []
for r in all_rows["action_plan_initiatives.csv"]:
    kind_text = r["kind"]
    same = re.search(r"\(same as (I\d+)\)", kind_text)
    base_kind = re.sub(r"\s*\(.*\)$", "", kind_text)
    st = STATUS[r["status_no"].lower()] if r["status_no"] else None
    fa = r["focus_area_seq"] or ("digital-competence" if r["row_id"] == "I02" else "")
    report = "annual-report-2022" if "annual report 2022" in r["status_as_of"] else (
        "annual-report-2021" if "aarsrapport2021" in r["source_url"] else None)
    initiatives.append({"id": r["row_id"], "official_number": r["initiative_no_official"], "name_nb": r["name_no"], "name_en": r["name_en"],
                        "focus_area_id": fa, "kind": code("initiative-kind", KIND[base_kind]), "kind_note": kind_text,
                        "same_as_id": same.group(1) if same else None, "period": r["period"] if r["period"] != "(blank on page)" else None,
                        "status": st and code("status", st), "status_nb": r["status_no"], "status_en": r["status_en"],
                        "status_as_of": r["status_as_of"], "status_year": year_of(r["status_as_of"]), "report_id": report,
                        "note_en": r["note_en"], "sources": sids(r["source_url"]), "quality_notes": INIT_NOTES.get(r["row_id"], "")})
INIT_ORGS = {  # row_id -> [(org, role)] from responsible_ministry / executing_agency as printed
    "I01": [("kmd", "responsible"), ("991825827", "executing")],
    "I02": [("kmd", "responsible")],
    "I03": [("991825827", "executing")],
    "I04": [("dfo", "administrator"), ("991825827", "involved"), ("lup", "involved")],
    "I05": [("991825827", "executing")],
    "I12": [("991825827", "executing")],
    "I16": [("skate", "executing")],
    "I22": [("kdd", "party"), ("ks", "party")],
    "I30": [("skate", "executing")],
}
for r in all_rows["action_plan_initiatives.csv"]:
    for org, role in INIT_ORGS.get(r["row_id"], []):
        attributions.append({"id": f"{r['row_id'].lower()}-{org}-{role}", "organization_id": org, "role": code("role", role),
                             "initiative_id": r["row_id"], "as_of_note": r["status_as_of"], "as_of_year": year_of(r["status_as_of"]),
                             "sources": sids(r["source_url"])})

# ---------------------------------------------------------------- life events
MINISTRY = {"Arbeids- og sosialdepartementet (ASD)": "asd", "Helse- og omsorgsdepartementet (HOD)": "hod", "HOD": "hod",
            "Kunnskapsdepartementet (KD)": "kd", "Kommunal- og moderniseringsdepartementet (KMD)": "kmd",
            "Kommunal- og distriktsdepartementet (KDD)": "kdd", "Kulturdepartementet (KUD)": "kud",
            "Kultur- og likestillingsdepartementet (KLD)": "kld", "Nærings- og fiskeridepartementet (NFD)": "nfd"}
INVOLVED = {"Digdir (user-insight work)": ["991825827"],
            "DFØ; Lotteri- og stiftelsestilsynet; Brønnøysundregistrene (partner)": ["dfo", "lotteritilsynet", "bronnoysundregistrene"]}
life_events = []
for i, r in enumerate(all_rows["life_events.csv"], 1):
    lid = slug(r["life_event_en"])
    urls_ = urls(r["source_url"])
    notes = ["DQ11"] + (["DQ12"] if "frivillig" in r["life_event_no"] else [])
    life_events.append({"id": lid, "seq": i, "name_nb": r["life_event_no"], "name_en": r["life_event_en"], "focus_area_id": "1",
                        "period": r["period"], "agencies_note_en": r["executing_or_involved_agencies"],
                        "status_facts_en": r["status_facts_en"], "sources": sids(r["source_url"]), "quality_notes": ";".join(notes)})
    attributions.append({"id": f"{lid}-{MINISTRY[r['responsible_ministry_c2019']]}-2019", "organization_id": MINISTRY[r["responsible_ministry_c2019"]],
                         "role": "responsible", "life_event_id": lid, "as_of_note": "c. 2019 (KS list)", "as_of_year": 2019,
                         "sources": S_KS, "quality_notes": "DQ11"})
    later = r["responsible_ministry_later"]
    if later:
        later_src = ";".join(SID[u] for u in urls_ if u != "https://www.ks.no/fagomrader/digitalisering/styring-og-organisering/utvikler-somlose-tjenester-pa-tvers-av-sektorer/")
        attributions.append({"id": f"{lid}-{MINISTRY[later]}-later", "organization_id": MINISTRY[later], "role": "responsible",
                             "life_event_id": lid, "as_of_note": "later Digdir page (date not printed)", "sources": later_src,
                             "quality_notes": ";".join(notes)})
    for org in INVOLVED.get(r["executing_or_involved_agencies"], []):
        later_src = ";".join(SID[u] for u in urls_ if "ks.no" not in u)
        attributions.append({"id": f"{lid}-{org}-involved", "organization_id": org, "role": "involved", "life_event_id": lid,
                             "as_of_note": r["period"] or None, "sources": later_src or S_KS})

# ---------------------------------------------------------------- findings
findings = [{"id": f"tertial-2021-{int(r['item_seq']):02d}", "report_id": "tertial-report-2021-2", "seq": r["item_seq"],
             "item_type": code("finding-type", r["item_type"].replace("_", "-")), "heading_nb": r["heading_no"],
             "summary_en": r["summary_en"], "value": r["value"], "sources": sids(r["source_url"]),
             "quality_notes": "DQ19" if r["item_type"] == "status_overview" else ""}
            for r in all_rows["tertial_report_2021_findings.csv"]]

# ---------------------------------------------------------------- indicators and action-plan counts
SOURCE_ORG = {"SSB": "ssb", "Rambøll et al.": "ramboll", "Rambøll et al. (implied)": "ramboll", "European Commission": "european-commission",
              "European Commission (Capgemini)": "european-commission", "UN DESA": "un-desa"}


def numeric(v):
    return v if re.fullmatch(r"-?\d+(\.\d+)?", v.strip()) else None


indicators = []
for i, r in enumerate(all_rows["indicators.csv"], 1):
    notes = ["DQ16"] if "8 of 10" in r["unit"] else []
    cd = iso_date(r["cited_in_date"])
    indicators.append({"id": f"ind-{i:02d}", "topic": "indicator", "name_en": r["indicator_en"], "value": r["value"],
                       "value_numeric": numeric(r["value"]), "unit": r["unit"], "reference_period": r["reference_year"],
                       "reference_year": r["reference_year"] if re.fullmatch(r"\d{4}", r["reference_year"]) else None,
                       "population": r["population"], "source_org_id": SOURCE_ORG.get(r["source_org"]), "source_org_text": r["source_org"],
                       "source_series": r["source_series"], "cited_in": r["cited_in"], "cited_in_date": cd,
                       "cited_in_note": None if cd else r["cited_in_date"], "note_en": r["note_en"],
                       "sources": sids(r["source_url"]), "quality_notes": ";".join(notes)})
for i, r in enumerate(all_rows["action_plan_counts.csv"], 1):
    m = r["metric"].lower()
    notes = []
    if "initiatives" in m:
        notes.append("DQ10")
    if "startoff" in m:
        notes.append("DQ13")
    if "ministries" in m:
        notes.append("DQ11")
    if "frequency" in m:
        notes.append("DQ19")
    indicators.append({"id": f"count-{i:02d}", "topic": "action-plan-count", "name_en": r["metric"], "value": r["value"],
                       "value_numeric": numeric(r["value"]), "reference_period": r["as_of"], "reference_year": year_of(r["as_of"]),
                       "note_en": r["note_en"], "sources": sids(r["source_url"]), "quality_notes": ";".join(notes)})

# ---------------------------------------------------------------- data quality
data_quality = [{"id": r["issue_id"], "topic": r["topic"], "description_en": r["description_en"], "values_involved": r["values_involved"],
                 "severity": code("severity", r["severity"]), "sources": sids(r["source_url"])} for r in all_rows["data_quality_issues.csv"]]

# ---------------------------------------------------------------- write (layout: docs/DATA-SPEC.md)
P = ["sources", "quality_notes"]
write("codes.csv", ["id", "scheme", "code", "label_nb", "label_en", "definition_en", "seq"], codes)
write("sources.csv", ["id", "url", "title", "publisher_id", "publisher_text", "published", "published_note", "last_modified", "kind",
                      "used_for", "local_copy", "archived_copy_note", "quality_notes"], sources)
write("organizations.csv", ["id", "org_number", "name_nb", "name_en", "abbreviation", "kind", "former_names_nb", "successor_id",
                            "homepage", "note_en"] + P, organizations)
write("strategies.csv", ["id", "title_nb", "title_en", "kind", "reference", "period_start", "period_end", "publisher_id", "part_of_id",
                         "url", "description_en"] + P, strategies)
write("priorities.csv", ["id", "strategy_id", "seq", "name_nb", "name_en", "note_en"] + P, priorities)
write("surveys.csv", ["id", "title_nb", "title_en", "year", "publisher_id", "agencies_invited", "agencies_responded", "response_rate_percent",
                      "measures_reported", "ministry_areas", "deadline", "published", "republished", "republished_as", "landing_page",
                      "questionnaire_url", "row_level_file_url", "row_level_licence", "row_level_available", "description_en"] + P, surveys)
write("statistics.csv", ["id", "survey_id", "variable", "category", "category_label_nb", "category_label_en", "count", "n",
                         "percent_published", "percent_published_note", "percent_computed", "unit", "value_origin", "note_en",
                         "publication_date", "publication_note", "source_last_modified"] + P, statistics)
write("measures.csv", ["id", "survey_id", "agency_id", "agency_name", "title", "description", "phase", "main_purpose", "municipal_impact",
                       "discussed_with_ks", "cross_cutting", "cost_band", "synthetic"] + P, [])
write("focus_areas.csv", ["id", "strategy_id", "seq", "name_nb", "name_en", "goal_en", "name_variants_nb", "in_2022_report",
                          "followed_by_skate", "note_en"] + P, focus_areas)
write("initiatives.csv", ["id", "official_number", "name_nb", "name_en", "focus_area_id", "kind", "kind_note", "same_as_id", "period",
                          "status", "status_nb", "status_en", "status_as_of", "status_year", "report_id", "note_en"] + P, initiatives)
write("life_events.csv", ["id", "seq", "name_nb", "name_en", "focus_area_id", "period", "agencies_note_en", "status_facts_en"] + P, life_events)
write("attributions.csv", ["id", "organization_id", "role", "initiative_id", "life_event_id", "as_of_note", "as_of_year"] + P, attributions)
write("reports.csv", ["id", "title_nb", "title_en", "kind", "publisher_id", "year_covered", "published", "published_note", "url"] + P, reports)
write("findings.csv", ["id", "report_id", "seq", "item_type", "heading_nb", "summary_en", "value"] + P, findings)
write("status_assessments.csv", ["id", "focus_area_id", "report_id", "reporting_year", "status", "status_nb", "status_en",
                                 "effect_assessment_en", "extra_facts_en", "gap"] + P, assessments)
write("indicators.csv", ["id", "topic", "name_en", "value", "value_numeric", "unit", "reference_period", "reference_year", "population",
                         "source_org_id", "source_org_text", "source_series", "cited_in", "cited_in_date", "cited_in_note", "note_en"] + P, indicators)
write("data_quality.csv", ["id", "topic", "description_en", "values_involved", "severity", "sources"], data_quality)
