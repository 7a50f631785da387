-- Katalog bulk import: one row per uploaded file. It carries the file until a worker has read it
-- (any process may run the job), the progress the import page polls, and the row-by-row report.

CREATE TABLE katalog_import (
  id             uuid PRIMARY KEY,
  filename       text NOT NULL,
  format         text NOT NULL CHECK (format IN ('csv', 'xlsx')),
  dry_run        boolean NOT NULL,
  partial        boolean NOT NULL,
  -- queued -> validating -> writing -> done, or failed (an unexpected error; see error_key).
  status         text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'validating', 'writing', 'done', 'failed')),
  -- When done: validated (dry run), imported, or rejected (row errors, nothing written).
  outcome        text CHECK (outcome IN ('validated', 'imported', 'rejected')),
  total          integer NOT NULL DEFAULT 0 CHECK (total >= 0),
  -- Rows through the current phase (validating or writing); equals total when done.
  processed      integer NOT NULL DEFAULT 0 CHECK (processed >= 0),
  created        integer NOT NULL DEFAULT 0,
  updated        integer NOT NULL DEFAULT 0,
  unchanged      integer NOT NULL DEFAULT 0,
  error_rows     integer NOT NULL DEFAULT 0,
  -- Every problem found: [{row, column, key, params}], translated when shown.
  problems       jsonb NOT NULL DEFAULT '[]'::jsonb,
  error_key      text,
  -- Who asked, as the use cases saw them, so a background worker acts with the same rights.
  actor          jsonb,
  actor_user_id  uuid REFERENCES app_user (id) ON DELETE SET NULL,
  actor_token_id uuid,
  actor_label    text NOT NULL,
  request_id     text,
  ip             text,
  -- The uploaded file, dropped as soon as the import has run.
  content        bytea,
  created_at     timestamptz NOT NULL,
  started_at     timestamptz,
  finished_at    timestamptz
);
CREATE INDEX katalog_import_created_idx ON katalog_import (created_at DESC);
CREATE INDEX katalog_import_actor_idx ON katalog_import (actor_user_id);
