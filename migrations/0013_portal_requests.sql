-- Portal layanan publik, part 2: online requests (permohonan). Forms defined by staff as data,
-- drafts, submission with a tracking number, officers' case work with working-day deadlines
-- (the clock stops while the citizen fixes something), result documents, and the citizen's
-- in-portal inbox. PostgreSQL 15 subset: runs unchanged on PGlite and on PostgreSQL >= 15.

-- A service's online form, as data. Each save of a published form makes a new version; a request
-- keeps the version it was filled in with, so changing a form never breaks requests in flight.
-- `definition` is {fields: [...], documents: [...]} as validated by src/modules/portal/requests/form-definition.ts.
CREATE TABLE portal_form (
  id           uuid PRIMARY KEY,
  service_id   uuid NOT NULL REFERENCES katalog_service (id) ON DELETE CASCADE,
  version      integer NOT NULL CHECK (version > 0),
  definition   jsonb NOT NULL,
  status       text NOT NULL CHECK (status IN ('draft', 'published', 'retired')),
  created_by   uuid REFERENCES app_user (id),
  created_at   timestamptz NOT NULL,
  published_at timestamptz,
  UNIQUE (service_id, version)
);
CREATE UNIQUE INDEX portal_form_published_idx ON portal_form (service_id) WHERE status = 'published';

-- Tracking numbers: <year>-<6 digits>, from this sequence (never reused, gaps allowed).
CREATE SEQUENCE portal_request_number_seq;

-- One request. A draft belongs to its citizen only; from submission it belongs to the agency
-- that owned the service at that moment (opd_id), and only that agency's officers see it.
CREATE TABLE portal_request (
  id                  uuid PRIMARY KEY,
  tracking_number     text UNIQUE,
  service_id          uuid NOT NULL REFERENCES katalog_service (id),
  form_id             uuid NOT NULL REFERENCES portal_form (id),
  opd_id              uuid NOT NULL REFERENCES opd (id),
  citizen_id          uuid NOT NULL REFERENCES app_user (id),
  status              text NOT NULL CHECK (status IN ('draft', 'submitted', 'in_review', 'needs_fix', 'approved', 'rejected', 'withdrawn')),
  -- The citizen's answers by field name (repeatable groups as arrays of objects).
  answers             jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- Fields filled from an authoritative source: name -> {element, agency, xroadId, fetchedAt}.
  -- The citizen cannot change these values; the officer sees where each came from.
  prefilled           jsonb NOT NULL DEFAULT '{}'::jsonb,
  assignee_id         uuid REFERENCES app_user (id),
  -- The service standard's time at submission, in working days (null: no deadline).
  sla_working_days    integer CHECK (sla_working_days > 0),
  submitted_at        timestamptz,
  -- The deadline as a local day of the province; moved later by the working days spent
  -- waiting for the citizen (paused_working_days) when a fix comes back.
  due_day             date,
  paused_since        timestamptz,
  paused_working_days integer NOT NULL DEFAULT 0 CHECK (paused_working_days >= 0),
  decided_at          timestamptz,
  decision_reason     text,
  escalated_at        timestamptz,
  synthetic           boolean NOT NULL DEFAULT false,
  version             integer NOT NULL DEFAULT 1,
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL,
  CHECK ((status = 'draft') = (tracking_number IS NULL)),
  CHECK ((status = 'draft') = (submitted_at IS NULL))
);
CREATE INDEX portal_request_queue_idx ON portal_request (opd_id, status, due_day);
CREATE INDEX portal_request_service_idx ON portal_request (service_id, status);
CREATE INDEX portal_request_citizen_idx ON portal_request (citizen_id, created_at DESC);
CREATE INDEX portal_request_assignee_idx ON portal_request (assignee_id) WHERE assignee_id IS NOT NULL;

-- The case history, in order. Internal notes (internal = true) are never shown to the citizen.
CREATE TABLE portal_request_event (
  id            uuid PRIMARY KEY,
  seq           bigserial NOT NULL,
  request_id    uuid NOT NULL REFERENCES portal_request (id) ON DELETE CASCADE,
  at            timestamptz NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('created', 'submitted', 'assigned', 'verified', 'fix_requested', 'resubmitted',
                                              'approved', 'rejected', 'withdrawn', 'note', 'escalated')),
  actor_user_id uuid REFERENCES app_user (id),
  from_status   text,
  to_status     text,
  message       text,
  internal      boolean NOT NULL DEFAULT false,
  data          jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX portal_request_event_request_idx ON portal_request_event (request_id, seq);

-- Files of a request, through the platform file service: the citizen's required documents
-- (kind 'requirement', by the form's document code) and the officer's result documents.
CREATE TABLE portal_request_document (
  id               uuid PRIMARY KEY,
  request_id       uuid NOT NULL REFERENCES portal_request (id) ON DELETE CASCADE,
  file_id          uuid NOT NULL REFERENCES stored_file (id),
  kind             text NOT NULL CHECK (kind IN ('requirement', 'result')),
  requirement_code text,
  name             text NOT NULL,
  content_type     text NOT NULL,
  size             bigint NOT NULL,
  uploaded_by      uuid REFERENCES app_user (id),
  created_at       timestamptz NOT NULL,
  removed_at       timestamptz,
  CHECK ((kind = 'requirement') = (requirement_code IS NOT NULL))
);
CREATE INDEX portal_request_document_request_idx ON portal_request_document (request_id, kind);

-- The citizen's in-portal inbox: one message per change to their request (the same change is
-- also mailed). Texts are rendered from message keys in the reader's language.
CREATE TABLE portal_inbox_message (
  id          uuid PRIMARY KEY,
  user_id     uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  request_id  uuid REFERENCES portal_request (id) ON DELETE CASCADE,
  message_key text NOT NULL,
  params      jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at  timestamptz NOT NULL,
  read_at     timestamptz
);
CREATE INDEX portal_inbox_message_user_idx ON portal_inbox_message (user_id, created_at DESC);
CREATE INDEX portal_inbox_message_unread_idx ON portal_inbox_message (user_id) WHERE read_at IS NULL;
