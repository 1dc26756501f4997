-- Generated from src/model.rs by `tiltak schema`; later changes go in new migration files.
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE record_sources (
  entity TEXT NOT NULL,
  record_id TEXT NOT NULL,
  source_id TEXT NOT NULL REFERENCES sources(id) DEFERRABLE INITIALLY DEFERRED,
  PRIMARY KEY (entity, record_id, source_id)
) WITHOUT ROWID;
CREATE INDEX idx_record_sources_source ON record_sources(source_id);
CREATE TABLE record_quality (
  entity TEXT NOT NULL,
  record_id TEXT NOT NULL,
  note_id TEXT NOT NULL REFERENCES data_quality(id) DEFERRABLE INITIALLY DEFERRED,
  PRIMARY KEY (entity, record_id, note_id)
) WITHOUT ROWID;
CREATE INDEX idx_record_quality_note ON record_quality(note_id);
CREATE VIRTUAL TABLE search USING fts5(entity UNINDEXED, record_id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2');
CREATE TABLE organizations (
  id TEXT PRIMARY KEY,
  org_number TEXT,
  name_nb TEXT NOT NULL,
  name_en TEXT NOT NULL,
  abbreviation TEXT,
  kind TEXT NOT NULL,
  former_names_nb TEXT,
  successor_id TEXT,
  homepage TEXT,
  note_en TEXT,
  FOREIGN KEY (successor_id) REFERENCES organizations(id) DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;
CREATE INDEX idx_organizations_org_number ON organizations(org_number);
CREATE INDEX idx_organizations_name_nb ON organizations(name_nb);
CREATE INDEX idx_organizations_abbreviation ON organizations(abbreviation);
CREATE INDEX idx_organizations_kind ON organizations(kind);
CREATE INDEX idx_organizations_successor_id ON organizations(successor_id);
CREATE TABLE sources (
  id TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  title TEXT NOT NULL,
  publisher_id TEXT,
  publisher_text TEXT,
  published TEXT,
  published_note TEXT,
  last_modified TEXT,
  kind TEXT NOT NULL,
  used_for TEXT,
  local_copy TEXT,
  archived_copy_note TEXT,
  FOREIGN KEY (publisher_id) REFERENCES organizations(id) DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;
CREATE INDEX idx_sources_publisher_id ON sources(publisher_id);
CREATE INDEX idx_sources_publisher_text ON sources(publisher_text);
CREATE INDEX idx_sources_published ON sources(published);
CREATE INDEX idx_sources_last_modified ON sources(last_modified);
CREATE INDEX idx_sources_kind ON sources(kind);
CREATE INDEX idx_sources_local_copy ON sources(local_copy);
CREATE TABLE strategies (
  id TEXT PRIMARY KEY,
  title_nb TEXT NOT NULL,
  title_en TEXT NOT NULL,
  kind TEXT NOT NULL,
  reference TEXT,
  period_start INTEGER,
  period_end INTEGER,
  publisher_id TEXT,
  part_of_id TEXT,
  url TEXT,
  description_en TEXT,
  FOREIGN KEY (publisher_id) REFERENCES organizations(id) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (part_of_id) REFERENCES strategies(id) DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;
CREATE INDEX idx_strategies_title_nb ON strategies(title_nb);
CREATE INDEX idx_strategies_kind ON strategies(kind);
CREATE INDEX idx_strategies_reference ON strategies(reference);
CREATE INDEX idx_strategies_period_start ON strategies(period_start);
CREATE INDEX idx_strategies_period_end ON strategies(period_end);
CREATE INDEX idx_strategies_publisher_id ON strategies(publisher_id);
CREATE INDEX idx_strategies_part_of_id ON strategies(part_of_id);
CREATE TABLE priorities (
  id TEXT PRIMARY KEY,
  strategy_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  name_nb TEXT NOT NULL,
  name_en TEXT NOT NULL,
  note_en TEXT,
  FOREIGN KEY (strategy_id) REFERENCES strategies(id) DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;
CREATE INDEX idx_priorities_strategy_id ON priorities(strategy_id);
CREATE INDEX idx_priorities_seq ON priorities(seq);
CREATE INDEX idx_priorities_name_nb ON priorities(name_nb);
CREATE TABLE surveys (
  id TEXT PRIMARY KEY,
  title_nb TEXT NOT NULL,
  title_en TEXT NOT NULL,
  year INTEGER NOT NULL,
  publisher_id TEXT NOT NULL,
  agencies_invited INTEGER,
  agencies_responded INTEGER,
  response_rate_percent REAL,
  measures_reported INTEGER,
  ministry_areas INTEGER,
  deadline TEXT,
  published TEXT,
  republished TEXT,
  republished_as TEXT,
  landing_page TEXT,
  questionnaire_url TEXT,
  row_level_file_url TEXT,
  row_level_licence TEXT,
  row_level_available INTEGER NOT NULL CHECK (row_level_available IN (0, 1)),
  description_en TEXT,
  FOREIGN KEY (publisher_id) REFERENCES organizations(id) DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;
CREATE INDEX idx_surveys_title_nb ON surveys(title_nb);
CREATE INDEX idx_surveys_year ON surveys(year);
CREATE INDEX idx_surveys_publisher_id ON surveys(publisher_id);
CREATE INDEX idx_surveys_agencies_invited ON surveys(agencies_invited);
CREATE INDEX idx_surveys_agencies_responded ON surveys(agencies_responded);
CREATE INDEX idx_surveys_response_rate_percent ON surveys(response_rate_percent);
CREATE INDEX idx_surveys_measures_reported ON surveys(measures_reported);
CREATE INDEX idx_surveys_ministry_areas ON surveys(ministry_areas);
CREATE INDEX idx_surveys_deadline ON surveys(deadline);
CREATE INDEX idx_surveys_published ON surveys(published);
CREATE INDEX idx_surveys_republished ON surveys(republished);
CREATE INDEX idx_surveys_republished_as ON surveys(republished_as);
CREATE INDEX idx_surveys_row_level_available ON surveys(row_level_available);
CREATE TABLE statistics (
  id TEXT PRIMARY KEY,
  survey_id TEXT NOT NULL,
  variable TEXT NOT NULL,
  category TEXT NOT NULL,
  category_label_nb TEXT,
  category_label_en TEXT,
  count INTEGER,
  n INTEGER,
  percent_published REAL,
  percent_published_note TEXT,
  percent_computed REAL,
  unit TEXT NOT NULL,
  value_origin TEXT NOT NULL,
  note_en TEXT,
  publication_date TEXT,
  publication_note TEXT,
  source_last_modified TEXT,
  FOREIGN KEY (survey_id) REFERENCES surveys(id) DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;
CREATE INDEX idx_statistics_survey_id ON statistics(survey_id);
CREATE INDEX idx_statistics_variable ON statistics(variable);
CREATE INDEX idx_statistics_category ON statistics(category);
CREATE INDEX idx_statistics_category_label_nb ON statistics(category_label_nb);
CREATE INDEX idx_statistics_count ON statistics(count);
CREATE INDEX idx_statistics_n ON statistics(n);
CREATE INDEX idx_statistics_percent_published ON statistics(percent_published);
CREATE INDEX idx_statistics_percent_computed ON statistics(percent_computed);
CREATE INDEX idx_statistics_unit ON statistics(unit);
CREATE INDEX idx_statistics_value_origin ON statistics(value_origin);
CREATE INDEX idx_statistics_publication_date ON statistics(publication_date);
CREATE INDEX idx_statistics_source_last_modified ON statistics(source_last_modified);
CREATE TABLE measures (
  id TEXT PRIMARY KEY,
  survey_id TEXT NOT NULL,
  agency_id TEXT,
  agency_name TEXT,
  title TEXT NOT NULL,
  description TEXT,
  phase TEXT,
  main_purpose TEXT,
  municipal_impact TEXT,
  discussed_with_ks INTEGER CHECK (discussed_with_ks IN (0, 1)),
  cross_cutting INTEGER CHECK (cross_cutting IN (0, 1)),
  cost_band TEXT,
  synthetic INTEGER NOT NULL CHECK (synthetic IN (0, 1)),
  FOREIGN KEY (survey_id) REFERENCES surveys(id) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (agency_id) REFERENCES organizations(id) DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;
CREATE INDEX idx_measures_survey_id ON measures(survey_id);
CREATE INDEX idx_measures_agency_id ON measures(agency_id);
CREATE INDEX idx_measures_agency_name ON measures(agency_name);
CREATE INDEX idx_measures_phase ON measures(phase);
CREATE INDEX idx_measures_main_purpose ON measures(main_purpose);
CREATE INDEX idx_measures_municipal_impact ON measures(municipal_impact);
CREATE INDEX idx_measures_discussed_with_ks ON measures(discussed_with_ks);
CREATE INDEX idx_measures_cross_cutting ON measures(cross_cutting);
CREATE INDEX idx_measures_cost_band ON measures(cost_band);
CREATE INDEX idx_measures_synthetic ON measures(synthetic);
CREATE TABLE focus_areas (
  id TEXT PRIMARY KEY,
  strategy_id TEXT NOT NULL,
  seq INTEGER,
  name_nb TEXT NOT NULL,
  name_en TEXT NOT NULL,
  goal_en TEXT,
  name_variants_nb TEXT,
  in_2022_report INTEGER NOT NULL CHECK (in_2022_report IN (0, 1)),
  followed_by_skate INTEGER NOT NULL CHECK (followed_by_skate IN (0, 1)),
  note_en TEXT,
  FOREIGN KEY (strategy_id) REFERENCES strategies(id) DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;
CREATE INDEX idx_focus_areas_strategy_id ON focus_areas(strategy_id);
CREATE INDEX idx_focus_areas_seq ON focus_areas(seq);
CREATE INDEX idx_focus_areas_name_nb ON focus_areas(name_nb);
CREATE INDEX idx_focus_areas_in_2022_report ON focus_areas(in_2022_report);
CREATE INDEX idx_focus_areas_followed_by_skate ON focus_areas(followed_by_skate);
CREATE TABLE initiatives (
  id TEXT PRIMARY KEY,
  official_number TEXT,
  name_nb TEXT NOT NULL,
  name_en TEXT NOT NULL,
  focus_area_id TEXT,
  kind TEXT NOT NULL,
  kind_note TEXT,
  same_as_id TEXT,
  period TEXT,
  status TEXT,
  status_nb TEXT,
  status_en TEXT,
  status_as_of TEXT,
  status_year INTEGER,
  report_id TEXT,
  note_en TEXT,
  FOREIGN KEY (focus_area_id) REFERENCES focus_areas(id) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (same_as_id) REFERENCES initiatives(id) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (report_id) REFERENCES reports(id) DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;
CREATE INDEX idx_initiatives_official_number ON initiatives(official_number);
CREATE INDEX idx_initiatives_name_nb ON initiatives(name_nb);
CREATE INDEX idx_initiatives_focus_area_id ON initiatives(focus_area_id);
CREATE INDEX idx_initiatives_kind ON initiatives(kind);
CREATE INDEX idx_initiatives_same_as_id ON initiatives(same_as_id);
CREATE INDEX idx_initiatives_period ON initiatives(period);
CREATE INDEX idx_initiatives_status ON initiatives(status);
CREATE INDEX idx_initiatives_status_nb ON initiatives(status_nb);
CREATE INDEX idx_initiatives_status_as_of ON initiatives(status_as_of);
CREATE INDEX idx_initiatives_status_year ON initiatives(status_year);
CREATE INDEX idx_initiatives_report_id ON initiatives(report_id);
CREATE TABLE life_events (
  id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  name_nb TEXT NOT NULL,
  name_en TEXT NOT NULL,
  focus_area_id TEXT,
  period TEXT,
  agencies_note_en TEXT,
  status_facts_en TEXT,
  FOREIGN KEY (focus_area_id) REFERENCES focus_areas(id) DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;
CREATE INDEX idx_life_events_seq ON life_events(seq);
CREATE INDEX idx_life_events_name_nb ON life_events(name_nb);
CREATE INDEX idx_life_events_focus_area_id ON life_events(focus_area_id);
CREATE INDEX idx_life_events_period ON life_events(period);
CREATE TABLE attributions (
  id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL,
  role TEXT NOT NULL,
  initiative_id TEXT,
  life_event_id TEXT,
  as_of_note TEXT,
  as_of_year INTEGER,
  FOREIGN KEY (organization_id) REFERENCES organizations(id) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (initiative_id) REFERENCES initiatives(id) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (life_event_id) REFERENCES life_events(id) DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;
CREATE INDEX idx_attributions_organization_id ON attributions(organization_id);
CREATE INDEX idx_attributions_role ON attributions(role);
CREATE INDEX idx_attributions_initiative_id ON attributions(initiative_id);
CREATE INDEX idx_attributions_life_event_id ON attributions(life_event_id);
CREATE INDEX idx_attributions_as_of_note ON attributions(as_of_note);
CREATE INDEX idx_attributions_as_of_year ON attributions(as_of_year);
CREATE TABLE reports (
  id TEXT PRIMARY KEY,
  title_nb TEXT NOT NULL,
  title_en TEXT NOT NULL,
  kind TEXT NOT NULL,
  publisher_id TEXT,
  year_covered INTEGER,
  published TEXT,
  published_note TEXT,
  url TEXT,
  FOREIGN KEY (publisher_id) REFERENCES organizations(id) DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;
CREATE INDEX idx_reports_title_nb ON reports(title_nb);
CREATE INDEX idx_reports_kind ON reports(kind);
CREATE INDEX idx_reports_publisher_id ON reports(publisher_id);
CREATE INDEX idx_reports_year_covered ON reports(year_covered);
CREATE INDEX idx_reports_published ON reports(published);
CREATE TABLE findings (
  id TEXT PRIMARY KEY,
  report_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  item_type TEXT NOT NULL,
  heading_nb TEXT,
  summary_en TEXT NOT NULL,
  value TEXT,
  FOREIGN KEY (report_id) REFERENCES reports(id) DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;
CREATE INDEX idx_findings_report_id ON findings(report_id);
CREATE INDEX idx_findings_seq ON findings(seq);
CREATE INDEX idx_findings_item_type ON findings(item_type);
CREATE INDEX idx_findings_heading_nb ON findings(heading_nb);
CREATE INDEX idx_findings_value ON findings(value);
CREATE TABLE status_assessments (
  id TEXT PRIMARY KEY,
  focus_area_id TEXT NOT NULL,
  report_id TEXT NOT NULL,
  reporting_year INTEGER NOT NULL,
  status TEXT,
  status_nb TEXT,
  status_en TEXT,
  effect_assessment_en TEXT,
  extra_facts_en TEXT,
  gap INTEGER NOT NULL CHECK (gap IN (0, 1)),
  FOREIGN KEY (focus_area_id) REFERENCES focus_areas(id) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (report_id) REFERENCES reports(id) DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;
CREATE INDEX idx_status_assessments_focus_area_id ON status_assessments(focus_area_id);
CREATE INDEX idx_status_assessments_report_id ON status_assessments(report_id);
CREATE INDEX idx_status_assessments_reporting_year ON status_assessments(reporting_year);
CREATE INDEX idx_status_assessments_status ON status_assessments(status);
CREATE INDEX idx_status_assessments_status_nb ON status_assessments(status_nb);
CREATE INDEX idx_status_assessments_status_en ON status_assessments(status_en);
CREATE INDEX idx_status_assessments_gap ON status_assessments(gap);
CREATE TABLE indicators (
  id TEXT PRIMARY KEY,
  topic TEXT NOT NULL,
  name_en TEXT NOT NULL,
  value TEXT NOT NULL,
  value_numeric REAL,
  unit TEXT,
  reference_period TEXT,
  reference_year INTEGER,
  population TEXT,
  source_org_id TEXT,
  source_org_text TEXT,
  source_series TEXT,
  cited_in TEXT,
  cited_in_date TEXT,
  cited_in_note TEXT,
  note_en TEXT,
  FOREIGN KEY (source_org_id) REFERENCES organizations(id) DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;
CREATE INDEX idx_indicators_topic ON indicators(topic);
CREATE INDEX idx_indicators_name_en ON indicators(name_en);
CREATE INDEX idx_indicators_value ON indicators(value);
CREATE INDEX idx_indicators_value_numeric ON indicators(value_numeric);
CREATE INDEX idx_indicators_unit ON indicators(unit);
CREATE INDEX idx_indicators_reference_period ON indicators(reference_period);
CREATE INDEX idx_indicators_reference_year ON indicators(reference_year);
CREATE INDEX idx_indicators_population ON indicators(population);
CREATE INDEX idx_indicators_source_org_id ON indicators(source_org_id);
CREATE INDEX idx_indicators_source_org_text ON indicators(source_org_text);
CREATE INDEX idx_indicators_source_series ON indicators(source_series);
CREATE INDEX idx_indicators_cited_in ON indicators(cited_in);
CREATE INDEX idx_indicators_cited_in_date ON indicators(cited_in_date);
CREATE INDEX idx_indicators_cited_in_note ON indicators(cited_in_note);
CREATE TABLE data_quality (
  id TEXT PRIMARY KEY,
  topic TEXT NOT NULL,
  description_en TEXT NOT NULL,
  values_involved TEXT,
  severity TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX idx_data_quality_topic ON data_quality(topic);
CREATE INDEX idx_data_quality_severity ON data_quality(severity);
CREATE TABLE codes (
  id TEXT PRIMARY KEY,
  scheme TEXT NOT NULL,
  code TEXT NOT NULL,
  label_nb TEXT NOT NULL,
  label_en TEXT NOT NULL,
  definition_en TEXT,
  seq INTEGER
) WITHOUT ROWID;
CREATE INDEX idx_codes_scheme ON codes(scheme);
CREATE INDEX idx_codes_code ON codes(code);
CREATE INDEX idx_codes_label_nb ON codes(label_nb);
CREATE INDEX idx_codes_seq ON codes(seq);
