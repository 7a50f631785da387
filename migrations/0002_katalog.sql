-- Katalog: the SPBE architecture repository (apps, services, data, infrastructure, integrations),
-- duplicate reviews, rationalisation decisions and the SPBE roadmap.

-- Reference architecture codes (Perpres 132/2022): national levels 1-2, provinces add 3-4.
CREATE TABLE arch_ref (
  code        text PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('RAB', 'RAL', 'RAD', 'RAA', 'RAI', 'RAK')),
  name        text NOT NULL,
  level       smallint NOT NULL CHECK (level BETWEEN 1 AND 4),
  parent_code text REFERENCES arch_ref (code),
  origin      text NOT NULL DEFAULT 'national' CHECK (origin IN ('national', 'province')),
  confidence  text,
  created_at  timestamptz NOT NULL,
  CHECK ((level = 1) = (parent_code IS NULL)),
  CHECK (origin = 'province' OR level <= 2)
);
CREATE INDEX arch_ref_parent_idx ON arch_ref (parent_code);
CREATE INDEX arch_ref_kind_idx ON arch_ref (kind, code);

CREATE TABLE katalog_app (
  id                   uuid PRIMARY KEY,
  key                  text NOT NULL UNIQUE,
  name                 text NOT NULL,
  acronym              text,
  description          text,
  opd_id               uuid REFERENCES opd (id),
  category             text NOT NULL CHECK (category IN ('umum', 'khusus_wajib', 'khusus')),
  hosting              text CHECK (hosting IN ('pdn', 'pusat_data_provinsi', 'server_sendiri', 'cloud_komersial', 'saas')),
  url                  text,
  technology           text,
  users                text,
  yearly_cost          bigint CHECK (yearly_cost >= 0),
  legal_basis          text,
  lifecycle            text NOT NULL CHECK (lifecycle IN ('rencana', 'aktif', 'dalam_konsolidasi', 'digabung', 'dipensiunkan', 'diganti_aplikasi_umum')),
  lifecycle_changed_at timestamptz NOT NULL,
  merged_into_id       uuid REFERENCES katalog_app (id),
  replaced_by          text,
  synthetic            boolean NOT NULL DEFAULT false,
  version              integer NOT NULL DEFAULT 1,
  created_at           timestamptz NOT NULL,
  updated_at           timestamptz NOT NULL,
  CHECK (lifecycle <> 'digabung' OR merged_into_id IS NOT NULL)
);
CREATE INDEX katalog_app_opd_idx ON katalog_app (opd_id);
CREATE INDEX katalog_app_lifecycle_idx ON katalog_app (lifecycle);
CREATE INDEX katalog_app_name_trgm_idx ON katalog_app USING gin (lower(name) gin_trgm_ops);

-- Architecture codes an app carries: its own RAA code, the RAB processes and RAL services it
-- supports, and the RAD data it reads or writes.
CREATE TABLE katalog_app_code (
  app_id uuid NOT NULL REFERENCES katalog_app (id) ON DELETE CASCADE,
  code   text NOT NULL REFERENCES arch_ref (code),
  usage  text NOT NULL CHECK (usage IN ('raa', 'rab', 'ral', 'rad_read', 'rad_write')),
  PRIMARY KEY (app_id, usage, code)
);
CREATE INDEX katalog_app_code_code_idx ON katalog_app_code (code);

-- Every lifecycle move, so the portfolio can be counted at any past date (the 865 -> 496 curve).
CREATE TABLE katalog_app_event (
  id             bigserial PRIMARY KEY,
  app_id         uuid NOT NULL REFERENCES katalog_app (id) ON DELETE CASCADE,
  at             timestamptz NOT NULL,
  from_lifecycle text,
  to_lifecycle   text NOT NULL,
  opd_id         uuid
);
CREATE INDEX katalog_app_event_app_idx ON katalog_app_event (app_id, at);
CREATE INDEX katalog_app_event_at_idx ON katalog_app_event (at);

-- TIME classification (Tolerate, Invest, Migrate, Eliminate); the newest row per app counts.
CREATE TABLE katalog_time_assessment (
  id             bigserial PRIMARY KEY,
  app_id         uuid NOT NULL REFERENCES katalog_app (id) ON DELETE CASCADE,
  functional_fit smallint NOT NULL CHECK (functional_fit BETWEEN 1 AND 5),
  technical_fit  smallint NOT NULL CHECK (technical_fit BETWEEN 1 AND 5),
  classification text NOT NULL CHECK (classification IN ('tolerate', 'invest', 'migrate', 'eliminate')),
  note           text,
  assessed_by    uuid REFERENCES app_user (id),
  assessed_label text NOT NULL,
  assessed_at    timestamptz NOT NULL
);
CREATE INDEX katalog_time_assessment_app_idx ON katalog_time_assessment (app_id, assessed_at DESC);

-- Rationalisation decisions: keep, merge into another app, retire, or replace with a national
-- general application. Carrying a decision out moves the app's lifecycle.
CREATE TABLE katalog_decision (
  id               uuid PRIMARY KEY,
  app_id           uuid NOT NULL REFERENCES katalog_app (id) ON DELETE CASCADE,
  decision         text NOT NULL CHECK (decision IN ('keep', 'merge', 'retire', 'replace')),
  target_app_id    uuid REFERENCES katalog_app (id),
  replacement_name text,
  target_date      date,
  reason           text NOT NULL,
  legal_basis      text,
  status           text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'done', 'cancelled')),
  decided_by       uuid REFERENCES app_user (id),
  decided_label    text NOT NULL,
  decided_at       timestamptz NOT NULL,
  closed_by_label  text,
  closed_at        timestamptz,
  CHECK ((decision = 'merge') = (target_app_id IS NOT NULL)),
  CHECK (decision <> 'replace' OR replacement_name IS NOT NULL)
);
CREATE INDEX katalog_decision_app_idx ON katalog_decision (app_id);
CREATE UNIQUE INDEX katalog_decision_open_idx ON katalog_decision (app_id) WHERE status = 'planned';

-- Reviews of duplicate candidate groups by the SPBE team. Dismissals are remembered per pair so a
-- dismissed pair never comes back, even when the group around it changes.
CREATE TABLE katalog_duplicate_review (
  group_key      text PRIMARY KEY,
  app_ids        uuid[] NOT NULL,
  status         text NOT NULL CHECK (status IN ('confirmed', 'dismissed')),
  note           text,
  reviewed_by    uuid REFERENCES app_user (id),
  reviewed_label text NOT NULL,
  reviewed_at    timestamptz NOT NULL
);
-- Members are app keys (immutable), or `umum:<field>` for a national general-application field.
CREATE TABLE katalog_duplicate_dismissal (
  member_a  text NOT NULL,
  member_b  text NOT NULL,
  group_key text NOT NULL,
  PRIMARY KEY (member_a, member_b),
  CHECK (member_a < member_b)
);

-- Services (layanan): public (G2C/G2B) or administrative (G2G/G2E).
CREATE TABLE katalog_service (
  id               uuid PRIMARY KEY,
  key              text NOT NULL UNIQUE,
  name             text NOT NULL,
  description      text,
  opd_id           uuid REFERENCES opd (id),
  kind             text NOT NULL CHECK (kind IN ('publik', 'administrasi')),
  audience         text NOT NULL CHECK (audience IN ('G2C', 'G2B', 'G2G', 'G2E')),
  ral_code         text REFERENCES arch_ref (code),
  standard         jsonb NOT NULL DEFAULT '{}'::jsonb,
  sla_working_days integer CHECK (sla_working_days > 0),
  fee              bigint CHECK (fee >= 0),
  fee_note         text,
  channels         text[] NOT NULL DEFAULT '{}',
  synthetic        boolean NOT NULL DEFAULT false,
  version          integer NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  CHECK ((kind = 'publik') = (audience IN ('G2C', 'G2B')))
);
CREATE INDEX katalog_service_opd_idx ON katalog_service (opd_id);
CREATE TABLE katalog_service_app (
  service_id uuid NOT NULL REFERENCES katalog_service (id) ON DELETE CASCADE,
  app_id     uuid NOT NULL REFERENCES katalog_app (id) ON DELETE CASCADE,
  PRIMARY KEY (service_id, app_id)
);
CREATE INDEX katalog_service_app_app_idx ON katalog_service_app (app_id);

-- Data sets (Satu Data Indonesia): producer (produsen data) and walidata.
CREATE TABLE katalog_dataset (
  id               uuid PRIMARY KEY,
  key              text NOT NULL UNIQUE,
  name             text NOT NULL,
  description      text,
  rad_code         text REFERENCES arch_ref (code),
  producer_opd_id  uuid REFERENCES opd (id),
  walidata_opd_id  uuid REFERENCES opd (id),
  sensitivity      text NOT NULL CHECK (sensitivity IN ('terbuka', 'terbatas', 'rahasia')),
  format           text,
  update_frequency text CHECK (update_frequency IN ('realtime', 'harian', 'mingguan', 'bulanan', 'triwulanan', 'semesteran', 'tahunan', 'tidak_tentu')),
  reference_codes  text[] NOT NULL DEFAULT '{}',
  synthetic        boolean NOT NULL DEFAULT false,
  version          integer NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL
);
CREATE INDEX katalog_dataset_producer_idx ON katalog_dataset (producer_opd_id);
CREATE TABLE katalog_dataset_app (
  dataset_id uuid NOT NULL REFERENCES katalog_dataset (id) ON DELETE CASCADE,
  app_id     uuid NOT NULL REFERENCES katalog_app (id) ON DELETE CASCADE,
  access     text NOT NULL CHECK (access IN ('read', 'write')),
  PRIMARY KEY (dataset_id, app_id, access)
);
CREATE INDEX katalog_dataset_app_app_idx ON katalog_dataset_app (app_id);

-- Infrastructure: data centres, the government intranet (JIP), cloud; tenants are the agencies
-- hosted in a data centre or connected to the intranet.
CREATE TABLE katalog_infra (
  id              uuid PRIMARY KEY,
  key             text NOT NULL UNIQUE,
  name            text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('pusat_data', 'intranet', 'cloud', 'lainnya')),
  rai_code        text REFERENCES arch_ref (code),
  operator_opd_id uuid REFERENCES opd (id),
  description     text,
  location        text,
  synthetic       boolean NOT NULL DEFAULT false,
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);
CREATE TABLE katalog_infra_tenant (
  infra_id uuid NOT NULL REFERENCES katalog_infra (id) ON DELETE CASCADE,
  opd_id   uuid NOT NULL REFERENCES opd (id),
  since    date,
  PRIMARY KEY (infra_id, opd_id)
);
CREATE INDEX katalog_infra_tenant_opd_idx ON katalog_infra_tenant (opd_id);

-- Security audits (audit keamanan SPBE) of an app or a piece of infrastructure.
CREATE TABLE katalog_security_audit (
  id         uuid PRIMARY KEY,
  app_id     uuid REFERENCES katalog_app (id) ON DELETE CASCADE,
  infra_id   uuid REFERENCES katalog_infra (id) ON DELETE CASCADE,
  audited_on date NOT NULL,
  next_due   date NOT NULL,
  auditor    text NOT NULL,
  result     text,
  created_at timestamptz NOT NULL,
  CHECK ((app_id IS NULL) <> (infra_id IS NULL)),
  CHECK (next_due > audited_on)
);
CREATE INDEX katalog_security_audit_due_idx ON katalog_security_audit (next_due);

-- App A uses data of app B through a channel. Manual re-entry and "a link or a separate login"
-- are recorded, and counted as not integrated.
CREATE TABLE katalog_integration (
  id              uuid PRIMARY KEY,
  consumer_app_id uuid NOT NULL REFERENCES katalog_app (id) ON DELETE CASCADE,
  provider_app_id uuid NOT NULL REFERENCES katalog_app (id) ON DELETE CASCADE,
  dataset_id      uuid REFERENCES katalog_dataset (id) ON DELETE SET NULL,
  channel         text NOT NULL CHECK (channel IN ('gerbang_padu', 'bus_lain', 'transfer_berkas', 'entri_ulang_manual', 'tautan_login_terpisah')),
  integrated      boolean GENERATED ALWAYS AS (channel IN ('gerbang_padu', 'bus_lain', 'transfer_berkas')) STORED,
  note            text,
  created_at      timestamptz NOT NULL,
  CHECK (consumer_app_id <> provider_app_id)
);
CREATE INDEX katalog_integration_consumer_idx ON katalog_integration (consumer_app_id);
CREATE INDEX katalog_integration_provider_idx ON katalog_integration (provider_app_id);

-- Peta Rencana SPBE: roadmap items under the 7 areas, linked to what they change.
CREATE TABLE katalog_roadmap_item (
  id            uuid PRIMARY KEY,
  key           text NOT NULL UNIQUE,
  area          text NOT NULL CHECK (area IN ('tata_kelola', 'manajemen', 'layanan', 'infrastruktur', 'aplikasi', 'keamanan', 'audit_tik')),
  title         text NOT NULL,
  description   text,
  baseline      text,
  target        text,
  start_year    integer NOT NULL CHECK (start_year BETWEEN 2000 AND 2100),
  end_year      integer NOT NULL CHECK (end_year BETWEEN 2000 AND 2100),
  owner_opd_id  uuid REFERENCES opd (id),
  budget_code   text,
  status        text NOT NULL DEFAULT 'rencana' CHECK (status IN ('rencana', 'berjalan', 'selesai', 'batal')),
  synthetic     boolean NOT NULL DEFAULT false,
  version       integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  CHECK (end_year >= start_year)
);
CREATE INDEX katalog_roadmap_item_owner_idx ON katalog_roadmap_item (owner_opd_id);
CREATE TABLE katalog_roadmap_link (
  item_id     uuid NOT NULL REFERENCES katalog_roadmap_item (id) ON DELETE CASCADE,
  target_type text NOT NULL CHECK (target_type IN ('app', 'service', 'dataset', 'infra')),
  target_id   uuid NOT NULL,
  PRIMARY KEY (item_id, target_type, target_id)
);
