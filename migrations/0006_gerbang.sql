-- Gerbang, the interoperability hub: subsystems of member agencies, the services they provide
-- (X-Road style identifiers INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICECODE), their endpoints,
-- access rights (deny by default), access requests, subsystem groups and daily quota counters.
-- The member of a subsystem is its agency (class GOV, member code = opd.code).

CREATE TABLE gerbang_subsystem (
  id          uuid PRIMARY KEY,
  opd_id      uuid NOT NULL REFERENCES opd (id),
  code        text NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
  name        text NOT NULL,
  description text,
  -- The katalog application this subsystem is (optional).
  app_id      uuid REFERENCES katalog_app (id) ON DELETE SET NULL,
  active      boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  UNIQUE (opd_id, code)
);
CREATE INDEX gerbang_subsystem_app_idx ON gerbang_subsystem (app_id) WHERE app_id IS NOT NULL;

-- A subsystem's credentials are platform API tokens (scope gerbang:call) bound to it here.
CREATE TABLE gerbang_subsystem_token (
  token_id     uuid PRIMARY KEY REFERENCES api_token (id),
  subsystem_id uuid NOT NULL REFERENCES gerbang_subsystem (id),
  created_at   timestamptz NOT NULL
);
CREATE INDEX gerbang_subsystem_token_subsystem_idx ON gerbang_subsystem_token (subsystem_id);

CREATE TABLE gerbang_service (
  id                uuid PRIMARY KEY,
  subsystem_id      uuid NOT NULL REFERENCES gerbang_subsystem (id),
  code              text NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'
                                         AND code NOT IN ('listMethods', 'allowedMethods', 'getOpenAPI')),
  name              text NOT NULL,
  description       text,
  upstream_url      text NOT NULL CHECK (upstream_url ~ '^https?://'),
  version           text NOT NULL DEFAULT '1',
  lifecycle         text NOT NULL DEFAULT 'draft' CHECK (lifecycle IN ('draft', 'published', 'deprecated', 'retired')),
  timeout_ms        integer NOT NULL DEFAULT 30000 CHECK (timeout_ms BETWEEN 100 AND 600000),
  body_limit_bytes  bigint NOT NULL DEFAULT 10485760 CHECK (body_limit_bytes BETWEEN 0 AND 10737418240),
  -- Declared capacity of the upstream (requests per second), shown beside the measured load.
  capacity_rps      integer CHECK (capacity_rps > 0),
  -- Defaults for each consumer when the access right names none (null: unlimited).
  rate_limit_rps    integer CHECK (rate_limit_rps > 0),
  daily_quota       integer CHECK (daily_quota > 0),
  personal_data     boolean NOT NULL DEFAULT false,
  -- Keep full request and response bodies in the evidence log (stored encrypted there).
  keep_bodies       boolean NOT NULL DEFAULT false,
  -- Path (relative to the upstream URL) the diagnostics page calls as a health check.
  health_path       text,
  openapi           text,
  openapi_format    text CHECK (openapi_format IN ('json', 'yaml')),
  openapi_url       text,
  lifecycle_changed_at timestamptz NOT NULL,
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  UNIQUE (subsystem_id, code),
  CHECK ((openapi IS NULL) = (openapi_format IS NULL))
);

CREATE TABLE gerbang_endpoint (
  id         uuid PRIMARY KEY,
  service_id uuid NOT NULL REFERENCES gerbang_service (id) ON DELETE CASCADE,
  method     text NOT NULL CHECK (method IN ('*', 'GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE')),
  path       text NOT NULL CHECK (path ~ '^/'),
  summary    text,
  position   integer NOT NULL,
  UNIQUE (service_id, method, path)
);

-- Named sets of consumer subsystems, kept by a providing agency to grant many at once.
CREATE TABLE gerbang_group (
  id          uuid PRIMARY KEY,
  opd_id      uuid NOT NULL REFERENCES opd (id),
  code        text NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
  name        text NOT NULL,
  created_at  timestamptz NOT NULL,
  UNIQUE (opd_id, code)
);

CREATE TABLE gerbang_group_member (
  group_id     uuid NOT NULL REFERENCES gerbang_group (id) ON DELETE CASCADE,
  subsystem_id uuid NOT NULL REFERENCES gerbang_subsystem (id),
  added_at     timestamptz NOT NULL,
  PRIMARY KEY (group_id, subsystem_id)
);
CREATE INDEX gerbang_group_member_subsystem_idx ON gerbang_group_member (subsystem_id);

-- An access right: a subsystem or a group may call a service, or one endpoint of it (method +
-- path pattern). No row, no call.
CREATE TABLE gerbang_access_right (
  id             uuid PRIMARY KEY,
  service_id     uuid NOT NULL REFERENCES gerbang_service (id),
  subsystem_id   uuid REFERENCES gerbang_subsystem (id),
  group_id       uuid REFERENCES gerbang_group (id),
  method         text CHECK (method IN ('*', 'GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE')),
  path           text CHECK (path ~ '^/'),
  rate_limit_rps integer CHECK (rate_limit_rps > 0),
  daily_quota    integer CHECK (daily_quota > 0),
  request_id     uuid,
  granted_by     uuid REFERENCES app_user (id),
  created_at     timestamptz NOT NULL,
  CHECK ((subsystem_id IS NULL) <> (group_id IS NULL)),
  CHECK ((method IS NULL) = (path IS NULL))
);
CREATE UNIQUE INDEX gerbang_access_right_unique_idx ON gerbang_access_right (
  service_id,
  COALESCE(subsystem_id, '00000000-0000-0000-0000-000000000000'::uuid),
  COALESCE(group_id, '00000000-0000-0000-0000-000000000000'::uuid),
  COALESCE(method, ''),
  COALESCE(path, '')
);
CREATE INDEX gerbang_access_right_subsystem_idx ON gerbang_access_right (subsystem_id) WHERE subsystem_id IS NOT NULL;
CREATE INDEX gerbang_access_right_group_idx ON gerbang_access_right (group_id) WHERE group_id IS NOT NULL;

-- A consumer asks; the providing agency approves (which creates the right) or rejects, with a reason.
CREATE TABLE gerbang_access_request (
  id              uuid PRIMARY KEY,
  service_id      uuid NOT NULL REFERENCES gerbang_service (id),
  subsystem_id    uuid NOT NULL REFERENCES gerbang_subsystem (id),
  method          text CHECK (method IN ('*', 'GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE')),
  path            text CHECK (path ~ '^/'),
  reason          text NOT NULL,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  requested_by    uuid REFERENCES app_user (id),
  created_at      timestamptz NOT NULL,
  decided_by      uuid REFERENCES app_user (id),
  decided_at      timestamptz,
  decision_reason text,
  right_id        uuid REFERENCES gerbang_access_right (id) ON DELETE SET NULL,
  CHECK ((method IS NULL) = (path IS NULL)),
  CHECK ((status = 'pending') = (decided_at IS NULL))
);
CREATE INDEX gerbang_access_request_service_idx ON gerbang_access_request (service_id, status);
CREATE INDEX gerbang_access_request_subsystem_idx ON gerbang_access_request (subsystem_id, status);

-- Calls per consumer, service and day (in the configured time zone). Every Padu process adds
-- its own counts in batches; the sum is the quota's truth.
CREATE TABLE gerbang_quota_usage (
  subsystem_id uuid NOT NULL REFERENCES gerbang_subsystem (id),
  service_id   uuid NOT NULL REFERENCES gerbang_service (id),
  day          date NOT NULL,
  calls        bigint NOT NULL,
  PRIMARY KEY (subsystem_id, service_id, day)
);

-- One row: bumped in every control-plane change, so every process notices cheaply and reloads
-- the routing data it keeps in memory.
CREATE TABLE gerbang_state (
  id      integer PRIMARY KEY CHECK (id = 1),
  version bigint NOT NULL
);
INSERT INTO gerbang_state (id, version) VALUES (1, 0);
COMMENT ON TABLE gerbang_state IS 'padu:seeded-by-migration (one state row; backups replace it)';
