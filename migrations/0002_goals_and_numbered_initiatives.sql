-- Issue 12: the strategy's goals and their ratings, dated statuses of numbered initiatives,
-- action-plan area numbers, and a note on organisation names no source prints.
-- Tables as `tiltak schema` generates them from src/model.rs; new columns go at the end of their tables.
ALTER TABLE organizations ADD COLUMN name_note TEXT;
ALTER TABLE focus_areas ADD COLUMN action_plan_area INTEGER;
CREATE INDEX idx_focus_areas_action_plan_area ON focus_areas(action_plan_area);
ALTER TABLE initiatives ADD COLUMN action_plan_area INTEGER;
CREATE INDEX idx_initiatives_action_plan_area ON initiatives(action_plan_area);
CREATE TABLE strategy_goals (
  id TEXT PRIMARY KEY,
  strategy_id TEXT NOT NULL,
  number INTEGER NOT NULL,
  title_nb TEXT NOT NULL,
  title_en TEXT NOT NULL,
  note_en TEXT,
  FOREIGN KEY (strategy_id) REFERENCES strategies(id) DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;
CREATE INDEX idx_strategy_goals_strategy_id ON strategy_goals(strategy_id);
CREATE INDEX idx_strategy_goals_number ON strategy_goals(number);
CREATE INDEX idx_strategy_goals_title_nb ON strategy_goals(title_nb);
CREATE TABLE goal_assessments (
  id TEXT PRIMARY KEY,
  goal_id TEXT,
  scope TEXT NOT NULL,
  report_id TEXT NOT NULL,
  edition_label TEXT NOT NULL,
  edition_basis TEXT,
  data_year INTEGER,
  data_period TEXT,
  rating TEXT,
  rating_as_printed TEXT NOT NULL,
  rating_en TEXT,
  trend_nb TEXT,
  trend_en TEXT,
  key_figures_en TEXT,
  label_nb TEXT NOT NULL,
  label_en TEXT NOT NULL,
  note_en TEXT,
  FOREIGN KEY (goal_id) REFERENCES strategy_goals(id) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (report_id) REFERENCES reports(id) DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;
CREATE INDEX idx_goal_assessments_goal_id ON goal_assessments(goal_id);
CREATE INDEX idx_goal_assessments_scope ON goal_assessments(scope);
CREATE INDEX idx_goal_assessments_report_id ON goal_assessments(report_id);
CREATE INDEX idx_goal_assessments_edition_label ON goal_assessments(edition_label);
CREATE INDEX idx_goal_assessments_data_year ON goal_assessments(data_year);
CREATE INDEX idx_goal_assessments_data_period ON goal_assessments(data_period);
CREATE INDEX idx_goal_assessments_rating ON goal_assessments(rating);
CREATE INDEX idx_goal_assessments_rating_as_printed ON goal_assessments(rating_as_printed);
CREATE INDEX idx_goal_assessments_trend_nb ON goal_assessments(trend_nb);
CREATE INDEX idx_goal_assessments_label_nb ON goal_assessments(label_nb);
CREATE TABLE initiative_statuses (
  id TEXT PRIMARY KEY,
  initiative_id TEXT NOT NULL,
  official_number TEXT,
  number_printed INTEGER NOT NULL CHECK (number_printed IN (0, 1)),
  page_version TEXT NOT NULL,
  page_url TEXT NOT NULL,
  status TEXT,
  status_nb TEXT,
  status_en TEXT,
  as_of TEXT NOT NULL,
  as_of_date TEXT,
  period TEXT,
  responsible_ministry_id TEXT,
  responsible_ministry_text TEXT,
  executing_body_id TEXT,
  executing_body_text TEXT,
  label_nb TEXT NOT NULL,
  label_en TEXT NOT NULL,
  note_en TEXT,
  FOREIGN KEY (initiative_id) REFERENCES initiatives(id) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (responsible_ministry_id) REFERENCES organizations(id) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (executing_body_id) REFERENCES organizations(id) DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;
CREATE INDEX idx_initiative_statuses_initiative_id ON initiative_statuses(initiative_id);
CREATE INDEX idx_initiative_statuses_official_number ON initiative_statuses(official_number);
CREATE INDEX idx_initiative_statuses_number_printed ON initiative_statuses(number_printed);
CREATE INDEX idx_initiative_statuses_page_version ON initiative_statuses(page_version);
CREATE INDEX idx_initiative_statuses_status ON initiative_statuses(status);
CREATE INDEX idx_initiative_statuses_status_nb ON initiative_statuses(status_nb);
CREATE INDEX idx_initiative_statuses_as_of ON initiative_statuses(as_of);
CREATE INDEX idx_initiative_statuses_as_of_date ON initiative_statuses(as_of_date);
CREATE INDEX idx_initiative_statuses_period ON initiative_statuses(period);
CREATE INDEX idx_initiative_statuses_responsible_ministry_id ON initiative_statuses(responsible_ministry_id);
CREATE INDEX idx_initiative_statuses_responsible_ministry_text ON initiative_statuses(responsible_ministry_text);
CREATE INDEX idx_initiative_statuses_executing_body_id ON initiative_statuses(executing_body_id);
CREATE INDEX idx_initiative_statuses_executing_body_text ON initiative_statuses(executing_body_text);
CREATE INDEX idx_initiative_statuses_label_nb ON initiative_statuses(label_nb);
