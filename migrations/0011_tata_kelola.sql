-- Tata kelola: the yearly SPBE index self-assessment (instruments as data, answers, evidence,
-- review, cascade to agencies) and the clearance of agencies' IT-spending proposals.

-- Evaluation instruments (PermenPANRB 59/2020, the reported 8/2026, later ones): the validated
-- file as loaded. An assessment keeps pointing at the instrument it started with, and a used
-- instrument is never replaced, so past years stay scored under their own rules.
CREATE TABLE tata_kelola_instrument (
  id          text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
  title       text NOT NULL,
  index_name  text NOT NULL,
  confirmed   boolean NOT NULL,
  definition  jsonb NOT NULL,
  sha256      text NOT NULL,
  -- The file name in reference/, or 'upload' for one added through the API.
  source      text NOT NULL,
  loaded_at   timestamptz NOT NULL
);

-- One assessment per year, for the whole regional government.
CREATE TABLE tata_kelola_assessment (
  id            uuid PRIMARY KEY,
  year          integer NOT NULL UNIQUE CHECK (year BETWEEN 2000 AND 2100),
  instrument_id text NOT NULL REFERENCES tata_kelola_instrument (id),
  stage         text NOT NULL DEFAULT 'self_assessment'
                CHECK (stage IN ('self_assessment', 'document_review', 'interview', 'field_visit', 'final')),
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL
);

-- The stages' dates: the planned window and when the assessment actually entered the stage.
CREATE TABLE tata_kelola_stage (
  assessment_id uuid NOT NULL REFERENCES tata_kelola_assessment (id) ON DELETE CASCADE,
  stage         text NOT NULL CHECK (stage IN ('self_assessment', 'document_review', 'interview', 'field_visit', 'final')),
  starts_on     date,
  ends_on       date,
  entered_at    timestamptz,
  PRIMARY KEY (assessment_id, stage),
  CHECK (starts_on IS NULL OR ends_on IS NULL OR ends_on >= starts_on)
);

-- Per indicator: the self-assessed level with its justification, then the verified level.
CREATE TABLE tata_kelola_answer (
  assessment_id     uuid NOT NULL REFERENCES tata_kelola_assessment (id) ON DELETE CASCADE,
  indicator         integer NOT NULL CHECK (indicator > 0),
  self_level        smallint CHECK (self_level BETWEEN 1 AND 5),
  justification     text,
  self_by_label     text,
  self_at           timestamptz,
  verified_level    smallint CHECK (verified_level BETWEEN 1 AND 5),
  review_note       text,
  reviewed_by_label text,
  reviewed_at       timestamptz,
  PRIMARY KEY (assessment_id, indicator)
);

-- A part of an indicator the SPBE team hands to an agency, with a due date.
CREATE TABLE tata_kelola_assignment (
  id                 uuid PRIMARY KEY,
  assessment_id      uuid NOT NULL REFERENCES tata_kelola_assessment (id) ON DELETE CASCADE,
  indicator          integer NOT NULL CHECK (indicator > 0),
  opd_id             uuid NOT NULL REFERENCES opd (id),
  part               text NOT NULL,
  due_on             date NOT NULL,
  status             text NOT NULL DEFAULT 'assigned' CHECK (status IN ('assigned', 'submitted')),
  proposed_level     smallint CHECK (proposed_level BETWEEN 1 AND 5),
  response           text,
  submitted_by_label text,
  submitted_at       timestamptz,
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  CHECK ((status = 'submitted') = (submitted_at IS NOT NULL))
);
CREATE INDEX tata_kelola_assignment_assessment_idx ON tata_kelola_assignment (assessment_id, indicator);
CREATE INDEX tata_kelola_assignment_opd_idx ON tata_kelola_assignment (opd_id, status);

-- Evidence for an indicator (or an agency's part of it): an uploaded document (the platform file
-- service keeps the bytes), a link, a record inside Padu, or a figure measured automatically
-- from another module (one current row per provider, refreshed in place).
CREATE TABLE tata_kelola_evidence (
  id               uuid PRIMARY KEY,
  assessment_id    uuid NOT NULL REFERENCES tata_kelola_assessment (id) ON DELETE CASCADE,
  indicator        integer NOT NULL CHECK (indicator > 0),
  assignment_id    uuid REFERENCES tata_kelola_assignment (id) ON DELETE CASCADE,
  kind             text NOT NULL CHECK (kind IN ('file', 'link', 'record', 'auto')),
  opd_id           uuid REFERENCES opd (id),
  title            text NOT NULL,
  url              text CHECK (url IS NULL OR url ~ '^https?://'),
  file_id          uuid REFERENCES stored_file (id),
  record_path      text CHECK (record_path IS NULL OR (record_path ~ '^/[^/\\]' AND record_path !~ '[[:space:]]')),
  provider         text,
  measured_at      timestamptz,
  measurement      jsonb,
  created_by_label text NOT NULL,
  created_at       timestamptz NOT NULL,
  CHECK ((kind = 'file') = (file_id IS NOT NULL)),
  CHECK ((kind = 'link') = (url IS NOT NULL)),
  CHECK ((kind = 'record') = (record_path IS NOT NULL)),
  CHECK ((kind = 'auto') = (provider IS NOT NULL AND measured_at IS NOT NULL AND measurement IS NOT NULL))
);
CREATE INDEX tata_kelola_evidence_indicator_idx ON tata_kelola_evidence (assessment_id, indicator);
CREATE UNIQUE INDEX tata_kelola_evidence_auto_idx ON tata_kelola_evidence (assessment_id, indicator, provider) WHERE kind = 'auto';

-- The clearance check list: which built-in rule runs, whether it blocks, and the Indonesian (and
-- English) texts a province aligns with the home-affairs circular. Loaded from
-- reference/clearance-checks.json; the SPBE team edits texts, severity and whether it runs.
CREATE TABLE tata_kelola_clearance_check (
  code             text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,63}$'),
  rule             text NOT NULL,
  position         integer NOT NULL,
  enabled          boolean NOT NULL DEFAULT true,
  severity         text NOT NULL CHECK (severity IN ('block', 'warn')),
  kinds            text[] NOT NULL,
  title_id         text NOT NULL,
  title_en         text NOT NULL,
  pass_id          text NOT NULL,
  pass_en          text NOT NULL,
  fail_id          text NOT NULL,
  fail_en          text NOT NULL,
  legal_basis      text,
  updated_by_label text,
  updated_at       timestamptz NOT NULL
);

-- An agency's IT-spending proposal for a budget year; its content lives in numbered versions.
CREATE TABLE tata_kelola_proposal (
  id              uuid PRIMARY KEY,
  opd_id          uuid NOT NULL REFERENCES opd (id),
  budget_year     integer NOT NULL CHECK (budget_year BETWEEN 2000 AND 2100),
  status          text NOT NULL CHECK (status IN ('submitted', 'recommended', 'recommended_with_notes', 'rejected')),
  current_version integer NOT NULL CHECK (current_version >= 1),
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);
CREATE INDEX tata_kelola_proposal_year_idx ON tata_kelola_proposal (budget_year, opd_id);

-- Every submitted version, never changed afterwards, with the checks' results as they were.
CREATE TABLE tata_kelola_proposal_version (
  proposal_id            uuid NOT NULL REFERENCES tata_kelola_proposal (id) ON DELETE CASCADE,
  version                integer NOT NULL CHECK (version >= 1),
  title                  text NOT NULL,
  program_code           text NOT NULL,
  kegiatan_code          text NOT NULL,
  sub_kegiatan_code      text NOT NULL,
  amount                 bigint NOT NULL CHECK (amount > 0),
  kind                   text NOT NULL CHECK (kind IN ('new_app', 'app_development', 'infrastructure', 'data', 'security', 'service', 'training')),
  description            text NOT NULL,
  kak_file_id            uuid REFERENCES stored_file (id),
  cost_benefit_file_id   uuid REFERENCES stored_file (id),
  arch_codes             text[] NOT NULL,
  roadmap_item_id        uuid REFERENCES katalog_roadmap_item (id) ON DELETE SET NULL,
  app_ids                uuid[] NOT NULL,
  new_servers            boolean NOT NULL,
  integration            text NOT NULL CHECK (integration IN ('tidak_ada', 'gerbang_padu', 'bus_lain', 'transfer_berkas', 'entri_ulang_manual', 'tautan_login_terpisah')),
  security_audit_planned boolean NOT NULL,
  checks                 jsonb NOT NULL,
  submitted_by           uuid REFERENCES app_user (id),
  submitted_label        text NOT NULL,
  submitted_at           timestamptz NOT NULL,
  PRIMARY KEY (proposal_id, version)
);

-- The SPBE team's decision on one version.
CREATE TABLE tata_kelola_proposal_review (
  id             uuid PRIMARY KEY,
  proposal_id    uuid NOT NULL,
  version        integer NOT NULL,
  decision       text NOT NULL CHECK (decision IN ('recommended', 'recommended_with_notes', 'rejected')),
  notes          text,
  reasons        text,
  legal_basis    text,
  reviewed_by    uuid REFERENCES app_user (id),
  reviewed_label text NOT NULL,
  reviewed_at    timestamptz NOT NULL,
  UNIQUE (proposal_id, version),
  FOREIGN KEY (proposal_id, version) REFERENCES tata_kelola_proposal_version (proposal_id, version) ON DELETE CASCADE,
  CHECK (decision <> 'rejected' OR (reasons IS NOT NULL AND legal_basis IS NOT NULL)),
  CHECK (decision <> 'recommended_with_notes' OR notes IS NOT NULL)
);
