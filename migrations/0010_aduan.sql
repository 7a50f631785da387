-- Aduan: complaints, aspirations and information requests from anyone, routed to the agency that
-- must act, held to deadlines in working days, published (unless secret) with their timeline.
-- PostgreSQL 15 subset.

-- Deadlines in working days per step (verify, follow_up, auto_close), loaded from
-- reference/complaint-sla.json when missing; the province may change them.
CREATE TABLE aduan_sla_step (
  step       text PRIMARY KEY CHECK (step IN ('verify', 'follow_up', 'auto_close')),
  days       integer NOT NULL CHECK (days BETWEEN 1 AND 365),
  updated_at timestamptz NOT NULL
);

-- Resolution tiers (2, 5, 14, 60 working days by default).
CREATE TABLE aduan_tier (
  code       text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
  name       text NOT NULL,
  days       integer NOT NULL CHECK (days BETWEEN 1 AND 3650),
  sort       integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL
);

-- Categories are the routing rules: which level of government is competent, which provincial
-- agency answers, and which resolution tier applies. They are also the Open311 services.
CREATE TABLE aduan_category (
  code         text PRIMARY KEY CHECK (code ~ '^[a-z0-9][a-z0-9-]{1,59}$'),
  name         text NOT NULL,
  description  text,
  keywords     text,
  group_name   text,
  competence   text NOT NULL CHECK (competence IN ('provinsi', 'kabupaten_kota', 'pusat')),
  opd_id       uuid REFERENCES opd (id),
  tier_code    text NOT NULL REFERENCES aduan_tier (code),
  open311_type text NOT NULL DEFAULT 'realtime' CHECK (open311_type IN ('realtime', 'batch')),
  active       boolean NOT NULL DEFAULT true,
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL
);

-- Agencies whose staff verify new reports besides the SPBE team; region_code limits them to the
-- reports of one regency/city (null: the whole province).
CREATE TABLE aduan_coordinator (
  opd_id      uuid PRIMARY KEY REFERENCES opd (id),
  region_code text REFERENCES region (code),
  created_at  timestamptz NOT NULL
);

-- Client systems allowed to POST Open311 requests. Only the SHA-256 of a key is stored.
CREATE TABLE aduan_open311_client (
  id           uuid PRIMARY KEY,
  name         text NOT NULL,
  opd_id       uuid REFERENCES opd (id),
  key_prefix   text NOT NULL,
  key_hash     text NOT NULL UNIQUE,
  synthetic    boolean NOT NULL DEFAULT false,
  created_by   uuid REFERENCES app_user (id),
  created_at   timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked_at   timestamptz
);

CREATE TABLE aduan_report (
  id                     uuid PRIMARY KEY,
  tracking_id            text NOT NULL UNIQUE,
  follow_secret_hash     text NOT NULL,
  type                   text NOT NULL CHECK (type IN ('aspirasi', 'pengaduan', 'permintaan_informasi')),
  title                  text NOT NULL,
  description            text NOT NULL,
  category_code          text NOT NULL REFERENCES aduan_category (code),
  katalog_service_id     uuid REFERENCES katalog_service (id) ON DELETE SET NULL,
  katalog_app_id         uuid REFERENCES katalog_app (id) ON DELETE SET NULL,
  region_code            text NOT NULL REFERENCES region (code),
  district_code          text REFERENCES region (code),
  lat                    double precision CHECK (lat BETWEEN -90 AND 90),
  lon                    double precision CHECK (lon BETWEEN -180 AND 180),
  address                text,
  anonim                 boolean NOT NULL DEFAULT false,
  rahasia                boolean NOT NULL DEFAULT false,
  channel                text NOT NULL CHECK (channel IN ('portal', 'open311', 'telepon', 'tatap_muka', 'surat', 'email', 'media_sosial')),
  open311_client_id      uuid REFERENCES aduan_open311_client (id),
  open311_token          text UNIQUE,
  open311_meta           jsonb NOT NULL DEFAULT '{}'::jsonb,
  media_url              text,
  -- The reporter's identity: shown only to the handling chain, never in the audit log.
  reporter_user_id       uuid REFERENCES app_user (id),
  reporter_name          text,
  reporter_email         text,
  reporter_phone         text,
  reporter_locale        text NOT NULL DEFAULT 'id' CHECK (reporter_locale IN ('id', 'en')),
  entered_by             uuid REFERENCES app_user (id),
  status                 text NOT NULL CHECK (status IN ('menunggu_konfirmasi', 'menunggu_verifikasi', 'diproses', 'ditanggapi',
                                                        'dibuka_kembali', 'selesai', 'diteruskan_lapor', 'duplikat', 'ditolak')),
  competence             text CHECK (competence IN ('provinsi', 'kabupaten_kota', 'pusat')),
  opd_id                 uuid REFERENCES opd (id),
  tier_code              text REFERENCES aduan_tier (code),
  received_at            timestamptz,
  verify_due_at          timestamptz,
  verified_at            timestamptz,
  disposed_at            timestamptz,
  follow_up_due_at       timestamptz,
  first_follow_up_due_at timestamptz,
  first_response_at      timestamptz,
  last_response_at       timestamptz,
  auto_close_at          timestamptz,
  resolution_due_at      timestamptz,
  closed_at              timestamptz,
  close_reason           text CHECK (close_reason IN ('otomatis', 'pelapor')),
  duplicate_of_id        uuid REFERENCES aduan_report (id),
  decline_reason         text,
  rating                 integer CHECK (rating BETWEEN 1 AND 5),
  rating_comment         text,
  reopen_count           integer NOT NULL DEFAULT 0,
  lapor_state            text CHECK (lapor_state IN ('menunggu', 'terkirim', 'gagal')),
  lapor_reference        text,
  lapor_attempts         integer NOT NULL DEFAULT 0,
  lapor_last_error       text,
  lapor_sent_at          timestamptz,
  synthetic              boolean NOT NULL DEFAULT false,
  created_at             timestamptz NOT NULL,
  updated_at             timestamptz NOT NULL,
  CHECK ((lat IS NULL) = (lon IS NULL))
);
CREATE INDEX aduan_report_status_idx ON aduan_report (status);
CREATE INDEX aduan_report_opd_idx ON aduan_report (opd_id, disposed_at);
CREATE INDEX aduan_report_region_idx ON aduan_report (region_code);
CREATE INDEX aduan_report_created_idx ON aduan_report (created_at DESC);
CREATE INDEX aduan_report_reporter_idx ON aduan_report (reporter_user_id);
CREATE INDEX aduan_report_open311_client_idx ON aduan_report (open311_client_id);

-- The timeline. `public` events appear on the published report page and in Open311 notes.
CREATE TABLE aduan_event (
  id            uuid PRIMARY KEY,
  -- Insertion order, for entries written at the same instant (a rating that closes the report).
  seq           bigserial NOT NULL,
  report_id     uuid NOT NULL REFERENCES aduan_report (id) ON DELETE CASCADE,
  at            timestamptz NOT NULL,
  kind          text NOT NULL,
  actor_kind    text NOT NULL CHECK (actor_kind IN ('pelapor', 'koordinator', 'instansi', 'sistem')),
  actor_user_id uuid REFERENCES app_user (id),
  opd_id        uuid REFERENCES opd (id),
  body          text,
  public        boolean NOT NULL,
  data          jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX aduan_event_report_idx ON aduan_event (report_id, at, seq);

-- Files go through the platform file service; this row says which report/event owns one and
-- whether it may be shown publicly (photos, stripped of metadata; agencies' answers).
CREATE TABLE aduan_attachment (
  id           uuid PRIMARY KEY,
  report_id    uuid NOT NULL REFERENCES aduan_report (id) ON DELETE CASCADE,
  event_id     uuid REFERENCES aduan_event (id) ON DELETE CASCADE,
  file_id      uuid NOT NULL REFERENCES stored_file (id),
  name         text NOT NULL,
  content_type text NOT NULL,
  size         integer NOT NULL,
  public       boolean NOT NULL,
  created_at   timestamptz NOT NULL
);
CREATE INDEX aduan_attachment_report_idx ON aduan_attachment (report_id);

-- Every deadline a report missed, flagged once to the agency, its superiors and the public.
CREATE TABLE aduan_overdue (
  report_id  uuid NOT NULL REFERENCES aduan_report (id) ON DELETE CASCADE,
  stage      text NOT NULL CHECK (stage IN ('verify', 'follow_up', 'resolution')),
  due_at     timestamptz NOT NULL,
  opd_id     uuid REFERENCES opd (id),
  flagged_at timestamptz NOT NULL,
  PRIMARY KEY (report_id, stage, due_at)
);
CREATE INDEX aduan_overdue_opd_idx ON aduan_overdue (opd_id);
