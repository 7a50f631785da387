-- Gerbang, once-only data: the registry of authoritative sources (each data element a citizen or
-- business would otherwise type again maps to the ONE gateway service that is its source), the
-- citizens' consents the prefill API checks, "record changed" notifications (subscriptions per
-- subsystem, events, webhook deliveries with retries and a dead-letter state), and the flag that
-- makes `padu serve` answer the demo upstreams while demo data is loaded.
-- No NIK is stored in clear: subjects are keyed hashes (HMAC with the evidence key's index key)
-- and record keys of events are AES-256-GCM ciphertexts.

CREATE TABLE gerbang_data_element (
  id            uuid PRIMARY KEY,
  code          text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9_.-]{0,59}$'),
  name          text NOT NULL,
  description   text,
  subject_kind  text NOT NULL CHECK (subject_kind IN ('person', 'business', 'parcel', 'other')),
  -- What identifies the record at the source: the citizen's NIK, a family card number, a
  -- business identification number (NIB), a land tax object number (NOP), or something else.
  key_kind      text NOT NULL CHECK (key_kind IN ('nik', 'nkk', 'nib', 'nop', 'other')),
  service_id    uuid NOT NULL REFERENCES gerbang_service (id),
  method        text NOT NULL DEFAULT 'GET' CHECK (method = 'GET'),
  -- Path (and query) after the service code, with `{key}` where the record's key goes.
  path_template text NOT NULL CHECK (path_template LIKE '/%' AND path_template LIKE '%{key}%'),
  -- [{name, label, type, source}]: the values the prefill returns, picked from the source's JSON.
  fields        jsonb NOT NULL,
  active        boolean NOT NULL DEFAULT true,
  created_by    uuid REFERENCES app_user (id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL
);
CREATE INDEX gerbang_data_element_service_idx ON gerbang_data_element (service_id);

-- What a citizen agreed to: these elements, fetched by this recipient subsystem, for this
-- purpose and legal basis, until expiry or withdrawal. Withdrawn consents stay on record.
-- The same consent is recorded in the portal's list of the citizen's consents (portal_consent,
-- through the portal module's grantConsent); `portal_consent_id` links the two, and withdrawing
-- either one stops the prefill. No foreign key: that table belongs to a later migration.

CREATE TABLE gerbang_consent (
  id             uuid PRIMARY KEY,
  user_id        uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  subject_index  text NOT NULL,
  recipient_id   uuid NOT NULL REFERENCES gerbang_subsystem (id),
  purpose        text NOT NULL CHECK (purpose ~ '^[A-Za-z0-9._:/-]{1,100}$'),
  purpose_text   text NOT NULL,
  legal_basis    text NOT NULL CHECK (legal_basis ~ '^[A-Za-z0-9._:/-]{1,100}$'),
  data_elements  text[] NOT NULL CHECK (cardinality(data_elements) > 0),
  granted_at     timestamptz NOT NULL,
  expires_at     timestamptz NOT NULL,
  withdrawn_at   timestamptz,
  portal_consent_id uuid
);
CREATE INDEX gerbang_consent_subject_idx ON gerbang_consent (subject_index, recipient_id) WHERE withdrawn_at IS NULL;
CREATE INDEX gerbang_consent_user_idx ON gerbang_consent (user_id, granted_at DESC);

-- An agency subsystem's subscription to changes of one data element: pushed to a webhook
-- (HMAC-signed with the subscription's secret, stored encrypted) or read from a feed (pull).
CREATE TABLE gerbang_subscription (
  id            uuid PRIMARY KEY,
  element_id    uuid NOT NULL REFERENCES gerbang_data_element (id),
  subsystem_id  uuid NOT NULL REFERENCES gerbang_subsystem (id),
  delivery      text NOT NULL CHECK (delivery IN ('webhook', 'pull')),
  webhook_url   text CHECK (webhook_url ~ '^https?://'),
  secret_enc    text,
  secret_key_id text,
  -- The feed starts after the last event published before the subscription existed.
  start_seq     bigint NOT NULL,
  active        boolean NOT NULL DEFAULT true,
  created_by    uuid REFERENCES app_user (id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  CHECK ((delivery = 'webhook') = (webhook_url IS NOT NULL AND secret_enc IS NOT NULL))
);
CREATE UNIQUE INDEX gerbang_subscription_active_idx ON gerbang_subscription (element_id, subsystem_id) WHERE active;
CREATE INDEX gerbang_subscription_subsystem_idx ON gerbang_subscription (subsystem_id);

-- "Record changed" events. `seq` is taken under a transaction-level advisory lock, so events
-- commit in seq order and a feed cursor never skips one that commits late.
CREATE TABLE gerbang_change_event (
  id               uuid PRIMARY KEY,
  seq              bigint NOT NULL UNIQUE,
  element_id       uuid NOT NULL REFERENCES gerbang_data_element (id),
  record_key_enc   text NOT NULL,
  record_key_index text NOT NULL,
  key_id           text NOT NULL,
  changed_fields   text[] NOT NULL DEFAULT '{}',
  occurred_at      timestamptz NOT NULL,
  published_at     timestamptz NOT NULL,
  published_by     text NOT NULL
);
CREATE INDEX gerbang_change_event_element_idx ON gerbang_change_event (element_id, seq);

-- One webhook delivery of one event to one subscription: pending until the receiver answers
-- 2xx (delivered) or the attempts run out (dead: the dead-letter view, retried by hand).
CREATE TABLE gerbang_delivery (
  id              uuid PRIMARY KEY,
  subscription_id uuid NOT NULL REFERENCES gerbang_subscription (id),
  event_id        uuid NOT NULL REFERENCES gerbang_change_event (id),
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  last_attempt_at timestamptz,
  last_status     integer,
  last_error      text,
  delivered_at    timestamptz,
  created_at      timestamptz NOT NULL,
  UNIQUE (subscription_id, event_id)
);
CREATE INDEX gerbang_delivery_subscription_idx ON gerbang_delivery (subscription_id, status, created_at DESC);

-- Present while demo data is loaded: `padu serve` then answers the demo upstreams.
CREATE TABLE gerbang_demo (
  id        integer PRIMARY KEY CHECK (id = 1),
  loaded_at timestamptz NOT NULL
);

-- The citizen's access log searches exchanges by represented party (the data subject) too.
CREATE INDEX gerbang_evidence_party_idx ON gerbang_evidence (represented_party_index) WHERE represented_party_index IS NOT NULL;
