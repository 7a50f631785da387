-- Platform foundation: regions, agencies (opd), people, roles, sessions, tokens, audit log.
-- PostgreSQL 15 subset: this file runs unchanged on PGlite and on PostgreSQL >= 15.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE TABLE region (
  code        text PRIMARY KEY,
  name        text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('provinsi', 'kabupaten', 'kota', 'kecamatan')),
  parent_code text REFERENCES region (code)
);
CREATE INDEX region_parent_idx ON region (parent_code);

-- An agency (organisasi perangkat daerah) or a regency/city government acting as one agency.
CREATE TABLE opd (
  id             uuid PRIMARY KEY,
  code           text NOT NULL UNIQUE,
  name           text NOT NULL,
  abbreviation   text,
  kind           text NOT NULL CHECK (kind IN ('sekretariat', 'inspektorat', 'dinas', 'badan', 'biro',
                                               'upt', 'kantor', 'satpol', 'rsud', 'pemda', 'lainnya')),
  parent_id      uuid REFERENCES opd (id),
  region_code    text NOT NULL REFERENCES region (code),
  website        text,
  social_media   jsonb NOT NULL DEFAULT '{}'::jsonb,
  active         boolean NOT NULL DEFAULT true,
  merged_into_id uuid REFERENCES opd (id),
  source_confidence text,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL
);
CREATE INDEX opd_parent_idx ON opd (parent_id);

-- Every name an agency has had, so renames and merges keep their history.
CREATE TABLE opd_name_history (
  id         bigserial PRIMARY KEY,
  opd_id     uuid NOT NULL REFERENCES opd (id),
  name       text NOT NULL,
  valid_from timestamptz NOT NULL,
  valid_to   timestamptz
);
CREATE INDEX opd_name_history_opd_idx ON opd_name_history (opd_id);

CREATE TABLE app_user (
  id                  uuid PRIMARY KEY,
  email               text NOT NULL,
  name                text NOT NULL,
  password_hash       text,
  status              text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  locale              text CHECK (locale IN ('id', 'en')),
  oidc_subject        text UNIQUE,
  password_changed_at timestamptz,
  last_login_at       timestamptz,
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL
);
CREATE UNIQUE INDEX app_user_email_idx ON app_user (lower(email));

-- Staff roles are granted per agency; global roles (admin, auditor, tim_spbe, warga) have no agency.
CREATE TABLE role_grant (
  id         uuid PRIMARY KEY,
  user_id    uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  role       text NOT NULL CHECK (role IN ('warga', 'petugas', 'admin_opd', 'tim_spbe', 'auditor', 'admin')),
  opd_id     uuid REFERENCES opd (id),
  granted_by uuid REFERENCES app_user (id),
  created_at timestamptz NOT NULL,
  CHECK ((role IN ('petugas', 'admin_opd')) = (opd_id IS NOT NULL))
);
CREATE UNIQUE INDEX role_grant_unique_idx
  ON role_grant (user_id, role, coalesce(opd_id, '00000000-0000-0000-0000-000000000000'::uuid));
CREATE INDEX role_grant_opd_idx ON role_grant (opd_id);

-- Only the SHA-256 of a session token is stored, so a database leak does not leak sessions.
CREATE TABLE user_session (
  token_hash  text PRIMARY KEY,
  user_id     uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  ip          text,
  user_agent  text,
  auth_method text NOT NULL DEFAULT 'password'
);
CREATE INDEX user_session_user_idx ON user_session (user_id);
CREATE INDEX user_session_expires_idx ON user_session (expires_at);

-- Failed sign-ins, counted per account and per IP for throttling (shared by all processes).
CREATE TABLE login_failure (
  id          bigserial PRIMARY KEY,
  throttle_key text NOT NULL,
  at          timestamptz NOT NULL
);
CREATE INDEX login_failure_key_idx ON login_failure (throttle_key, at);

-- One-time links: first-admin setup and password reset. Only hashes are stored.
CREATE TABLE one_time_token (
  token_hash text PRIMARY KEY,
  purpose    text NOT NULL CHECK (purpose IN ('setup_admin', 'password_reset')),
  user_id    uuid REFERENCES app_user (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at    timestamptz
);

-- Machine clients: one token per agency system, shown once, stored hashed, scoped, revocable.
CREATE TABLE api_token (
  id           uuid PRIMARY KEY,
  opd_id       uuid NOT NULL REFERENCES opd (id),
  name         text NOT NULL,
  token_prefix text NOT NULL,
  token_hash   text NOT NULL UNIQUE,
  scopes       text[] NOT NULL,
  created_by   uuid REFERENCES app_user (id),
  created_at   timestamptz NOT NULL,
  expires_at   timestamptz,
  last_used_at timestamptz,
  revoked_at   timestamptz
);
CREATE INDEX api_token_opd_idx ON api_token (opd_id);

-- Append-only record of every change by staff, admins and machine clients.
CREATE TABLE audit_log (
  id            bigserial PRIMARY KEY,
  at            timestamptz NOT NULL,
  actor_user_id uuid,
  actor_token_id uuid,
  actor_label   text NOT NULL,
  actor_roles   text[] NOT NULL DEFAULT '{}',
  opd_id        uuid,
  action        text NOT NULL,
  target_type   text NOT NULL,
  target_id     text,
  before        jsonb,
  after         jsonb,
  request_id    text,
  ip            text
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC);
CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_user_id);
CREATE INDEX audit_log_opd_idx ON audit_log (opd_id);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- Where outgoing mail goes when no SMTP server is configured is a file; this table is the
-- durable outbox the mail job reads, so an acknowledged request never loses its mail.
CREATE TABLE mail_outbox (
  id         uuid PRIMARY KEY,
  to_address text NOT NULL,
  subject    text NOT NULL,
  body_text  text NOT NULL,
  created_at timestamptz NOT NULL,
  sent_at    timestamptz,
  attempts   integer NOT NULL DEFAULT 0,
  last_error text
);
CREATE INDEX mail_outbox_unsent_idx ON mail_outbox (created_at) WHERE sent_at IS NULL;
