-- Issue 20: the concepts of the surveys (SKOS-AP-NO concept collection).
-- Table as `tiltak schema` generates it from src/model.rs.
CREATE TABLE concepts (
  id TEXT PRIMARY KEY,
  term_nb TEXT NOT NULL,
  term_en TEXT NOT NULL,
  term_nn TEXT NOT NULL,
  definition_nb TEXT NOT NULL,
  definition_en TEXT NOT NULL,
  kind TEXT NOT NULL,
  broader_id TEXT,
  related_id TEXT,
  code_id TEXT,
  field TEXT,
  survey_id TEXT NOT NULL,
  valid_from TEXT,
  translation_note_nb TEXT,
  translation_note_en TEXT,
  FOREIGN KEY (broader_id) REFERENCES concepts(id) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (related_id) REFERENCES concepts(id) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (code_id) REFERENCES codes(id) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (survey_id) REFERENCES surveys(id) DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;
CREATE INDEX idx_concepts_term_nb ON concepts(term_nb);
CREATE INDEX idx_concepts_definition_nb ON concepts(definition_nb);
CREATE INDEX idx_concepts_kind ON concepts(kind);
CREATE INDEX idx_concepts_broader_id ON concepts(broader_id);
CREATE INDEX idx_concepts_related_id ON concepts(related_id);
CREATE INDEX idx_concepts_code_id ON concepts(code_id);
CREATE INDEX idx_concepts_field ON concepts(field);
CREATE INDEX idx_concepts_survey_id ON concepts(survey_id);
CREATE INDEX idx_concepts_valid_from ON concepts(valid_from);
CREATE INDEX idx_concepts_translation_note_nb ON concepts(translation_note_nb);
