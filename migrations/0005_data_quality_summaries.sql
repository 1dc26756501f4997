-- Issue 21: a one-sentence summary of each data-quality note for people, in nb and en.
-- Columns as `tiltak schema` generates them from src/model.rs; new columns go at the end of their table.
ALTER TABLE data_quality ADD COLUMN summary_nb TEXT;
ALTER TABLE data_quality ADD COLUMN summary_en TEXT;
CREATE INDEX idx_data_quality_summary_nb ON data_quality(summary_nb);
