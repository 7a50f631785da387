-- Portal layanan publik, part 1: the public catalogue (what each agency publishes from the
-- katalog, with topics, life events and where to apply), its Indonesian search index, citizen
-- profiles (NIK encrypted), consents, and the satisfaction survey (IKM, PermenPANRB 14/2017).
-- PostgreSQL 15 subset: runs unchanged on PGlite and on PostgreSQL >= 15.

-- Reference lists with both languages' labels; codes are stable identifiers used in URLs.
CREATE TABLE portal_topic (
  code    text PRIMARY KEY,
  name_id text NOT NULL,
  name_en text NOT NULL,
  sort    integer NOT NULL
);

CREATE TABLE portal_life_event (
  code    text PRIMARY KEY,
  name_id text NOT NULL,
  name_en text NOT NULL,
  sort    integer NOT NULL
);

INSERT INTO portal_topic (code, name_id, name_en, sort) VALUES
  ('kependudukan', 'Kependudukan dan pencatatan sipil', 'Identity and civil registration', 1),
  ('perizinan', 'Perizinan dan penanaman modal', 'Permits and investment', 2),
  ('kesehatan', 'Kesehatan', 'Health', 3),
  ('pendidikan', 'Pendidikan', 'Education', 4),
  ('sosial', 'Sosial dan bantuan', 'Social welfare and aid', 5),
  ('transportasi', 'Perhubungan dan kendaraan', 'Transport and vehicles', 6),
  ('pajak', 'Pajak dan retribusi daerah', 'Regional taxes and charges', 7),
  ('ketenagakerjaan', 'Ketenagakerjaan', 'Employment', 8),
  ('pertanian', 'Pertanian, peternakan, dan perkebunan', 'Agriculture, livestock and plantations', 9),
  ('lingkungan', 'Lingkungan hidup', 'Environment', 10),
  ('pekerjaan_umum', 'Pekerjaan umum dan tata ruang', 'Public works and land use', 11),
  ('kebencanaan', 'Kebencanaan dan ketertiban', 'Disasters and public order', 12),
  ('informasi', 'Informasi publik dan hukum', 'Public information and law', 13);

INSERT INTO portal_life_event (code, name_id, name_en, sort) VALUES
  ('kelahiran', 'Kelahiran', 'Birth', 1),
  ('sekolah', 'Sekolah', 'School', 2),
  ('bekerja', 'Bekerja', 'Work', 3),
  ('usaha', 'Memulai dan menjalankan usaha', 'Starting and running a business', 4),
  ('kesehatan', 'Kesehatan', 'Health', 5),
  ('perumahan', 'Rumah dan tempat tinggal', 'Housing', 6),
  ('kendaraan', 'Kendaraan', 'Vehicles', 7),
  ('bantuan_sosial', 'Bantuan sosial', 'Social aid', 8),
  ('kematian', 'Kematian', 'Death', 9);

-- What the portal adds to a katalog service (kind 'publik'): whether it is published, where it
-- can be requested, and its search fields. The search fields are maintained from the katalog's
-- texts (name, description, product), the owner agency and the topics whenever the katalog row's
-- version, owner or owner's name changes (a job every minute, and at once for portal edits). The
-- row stays narrow (no copies of long texts), so ranking thousands of matches reads few pages.
CREATE TABLE portal_service (
  service_id       uuid PRIMARY KEY REFERENCES katalog_service (id) ON DELETE CASCADE,
  published        boolean NOT NULL DEFAULT false,
  published_at     timestamptz,
  availability     text NOT NULL DEFAULT 'in_person' CHECK (availability IN ('online', 'elsewhere', 'in_person')),
  elsewhere_url    text,
  in_person_where  text,
  keywords         text NOT NULL DEFAULT '',
  -- Completed requests and survey answers, for ranking; kept by the portal's own use cases.
  popularity       integer NOT NULL DEFAULT 0 CHECK (popularity >= 0),
  -- What the search fields were built from: the katalog row's version and its owner then.
  katalog_version  integer NOT NULL,
  opd_id           uuid REFERENCES opd (id),
  opd_label        text,
  -- lower(name, keywords, agency abbreviation): trigram closeness to the query, tie order.
  search_name      text NOT NULL DEFAULT '',
  -- Weighted: name and keywords A, description B, agency, topics and life events C, product D.
  search_vector    tsvector NOT NULL DEFAULT ''::tsvector,
  updated_at       timestamptz NOT NULL,
  CHECK (availability <> 'elsewhere' OR elsewhere_url IS NOT NULL)
);
CREATE INDEX portal_service_search_idx ON portal_service USING gin (search_vector) WHERE published;
CREATE INDEX portal_service_name_trgm_idx ON portal_service USING gin (search_name gin_trgm_ops) WHERE published;
CREATE INDEX portal_service_opd_idx ON portal_service (opd_id, popularity DESC) WHERE published;
CREATE INDEX portal_service_popular_idx ON portal_service (popularity DESC, search_name) WHERE published;

CREATE TABLE portal_service_topic (
  service_id uuid NOT NULL REFERENCES portal_service (service_id) ON DELETE CASCADE,
  topic_code text NOT NULL REFERENCES portal_topic (code),
  PRIMARY KEY (service_id, topic_code)
);
CREATE INDEX portal_service_topic_code_idx ON portal_service_topic (topic_code);

CREATE TABLE portal_service_life_event (
  service_id      uuid NOT NULL REFERENCES portal_service (service_id) ON DELETE CASCADE,
  life_event_code text NOT NULL REFERENCES portal_life_event (code),
  PRIMARY KEY (service_id, life_event_code)
);
CREATE INDEX portal_service_life_event_code_idx ON portal_service_life_event (life_event_code);

-- Search vocabulary: every word of the published texts (and of the synonym list) with its
-- Indonesian stem, for typo correction by trigram similarity.
CREATE TABLE portal_search_word (
  word text PRIMARY KEY,
  stem text
);
CREATE INDEX portal_search_word_trgm_idx ON portal_search_word USING gin (word gin_trgm_ops);
CREATE INDEX portal_search_word_stem_idx ON portal_search_word (stem);

-- Abbreviations and spelling variants people type, each with what it stands for.
CREATE TABLE portal_search_synonym (
  term      text NOT NULL,
  expansion text NOT NULL,
  PRIMARY KEY (term, expansion)
);

INSERT INTO portal_search_synonym (term, expansion) VALUES
  ('ktp', 'kartu tanda penduduk'),
  ('ektp', 'kartu tanda penduduk elektronik'),
  ('kk', 'kartu keluarga'),
  ('kia', 'kartu identitas anak'),
  ('nik', 'nomor induk kependudukan'),
  ('sim', 'surat izin mengemudi'),
  ('skck', 'surat keterangan catatan kepolisian'),
  ('imb', 'izin mendirikan bangunan'),
  ('imb', 'persetujuan bangunan gedung'),
  ('imb', 'pbg'),
  ('pbg', 'persetujuan bangunan gedung'),
  ('pbg', 'izin mendirikan bangunan'),
  ('pbg', 'imb'),
  ('slf', 'sertifikat laik fungsi'),
  ('nib', 'nomor induk berusaha'),
  ('siup', 'surat izin usaha perdagangan'),
  ('siup', 'nib'),
  ('tdp', 'tanda daftar perusahaan'),
  ('npwp', 'nomor pokok wajib pajak'),
  ('npwpd', 'nomor pokok wajib pajak daerah'),
  ('bpjs', 'badan penyelenggara jaminan sosial'),
  ('bpjs', 'jaminan kesehatan'),
  ('jkn', 'jaminan kesehatan nasional'),
  ('kis', 'kartu indonesia sehat'),
  ('kip', 'kartu indonesia pintar'),
  ('pkh', 'program keluarga harapan'),
  ('bpnt', 'bantuan pangan non tunai'),
  ('blt', 'bantuan langsung tunai'),
  ('bansos', 'bantuan sosial'),
  ('dtks', 'data terpadu kesejahteraan sosial'),
  ('sktm', 'surat keterangan tidak mampu'),
  ('sku', 'surat keterangan usaha'),
  ('stnk', 'surat tanda nomor kendaraan'),
  ('bpkb', 'buku pemilik kendaraan bermotor'),
  ('pkb', 'pajak kendaraan bermotor'),
  ('bbnkb', 'bea balik nama kendaraan bermotor'),
  ('kir', 'uji berkala kendaraan bermotor'),
  ('sppt', 'surat pemberitahuan pajak terutang'),
  ('pbb', 'pajak bumi dan bangunan'),
  ('bphtb', 'bea perolehan hak atas tanah dan bangunan'),
  ('ppdb', 'penerimaan peserta didik baru'),
  ('spmb', 'sistem penerimaan murid baru'),
  ('spmb', 'penerimaan peserta didik baru'),
  ('pirt', 'pangan industri rumah tangga'),
  ('sip', 'surat izin praktik'),
  ('str', 'surat tanda registrasi'),
  ('ak1', 'kartu pencari kerja'),
  ('ak1', 'kartu kuning'),
  ('amdal', 'analisis mengenai dampak lingkungan'),
  ('ukl', 'upaya pengelolaan lingkungan'),
  ('upl', 'upaya pemantauan lingkungan'),
  ('umkm', 'usaha mikro kecil dan menengah'),
  ('iumk', 'izin usaha mikro kecil'),
  ('oss', 'perizinan berusaha'),
  ('mpp', 'mal pelayanan publik'),
  ('ptsp', 'pelayanan terpadu satu pintu'),
  ('dukcapil', 'kependudukan dan pencatatan sipil'),
  ('capil', 'pencatatan sipil'),
  ('rsud', 'rumah sakit umum daerah'),
  ('puskesmas', 'pusat kesehatan masyarakat'),
  ('ppid', 'informasi publik'),
  ('jdih', 'dokumentasi dan informasi hukum'),
  ('akte', 'akta'),
  ('ijin', 'izin'),
  ('nikah', 'perkawinan'),
  ('legalisir', 'legalisasi'),
  ('surket', 'surat keterangan');

INSERT INTO portal_search_word (word, stem)
SELECT DISTINCT w, (ts_lexize('indonesian_stem', w))[1]
FROM (SELECT term AS t FROM portal_search_synonym UNION SELECT expansion FROM portal_search_synonym) s,
     regexp_split_to_table(s.t, '[^a-z0-9]+') AS w
WHERE length(w) >= 2
ON CONFLICT DO NOTHING;

-- A citizen's profile next to their platform account (role `warga`). The NIK is stored only
-- encrypted (AES-256-GCM, key from PADU_DATA_KEY) with a keyed hash for exact look-ups.
CREATE TABLE portal_citizen (
  user_id           uuid PRIMARY KEY REFERENCES app_user (id) ON DELETE CASCADE,
  nik_enc           text,
  nik_index         text,
  nik_key_id        text,
  phone             text,
  region_code       text REFERENCES region (code),
  address           text,
  email_verified_at timestamptz,
  synthetic         boolean NOT NULL DEFAULT false,
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  CHECK ((nik_enc IS NULL) = (nik_index IS NULL))
);
CREATE INDEX portal_citizen_nik_idx ON portal_citizen (nik_index);

-- One-time links for citizens (email verification). Only the SHA-256 of the token is stored; the
-- password chosen at registration waits here (hashed) until the address is proven.
CREATE TABLE portal_citizen_token (
  token_hash    text PRIMARY KEY,
  purpose       text NOT NULL CHECK (purpose IN ('verify_email')),
  user_id       uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  password_hash text,
  created_at    timestamptz NOT NULL,
  expires_at    timestamptz NOT NULL,
  used_at       timestamptz
);
CREATE INDEX portal_citizen_token_user_idx ON portal_citizen_token (user_id, created_at);

-- What a citizen agreed to share, with whom and why; withdrawing keeps the row for the record.
CREATE TABLE portal_consent (
  id            uuid PRIMARY KEY,
  user_id       uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  purpose       text NOT NULL,
  data_elements text[] NOT NULL,
  opd_id        uuid REFERENCES opd (id),
  service_id    uuid REFERENCES katalog_service (id) ON DELETE SET NULL,
  source        text NOT NULL DEFAULT 'portal',
  granted_at    timestamptz NOT NULL,
  withdrawn_at  timestamptz,
  CHECK (cardinality(data_elements) > 0)
);
CREATE INDEX portal_consent_user_idx ON portal_consent (user_id, granted_at DESC);

-- Satisfaction survey (SKM) links: one answer each, issued when a request completes or at the
-- counter. Only the SHA-256 of the token is stored.
CREATE TABLE portal_survey_token (
  token_hash text PRIMARY KEY,
  service_id uuid NOT NULL REFERENCES katalog_service (id) ON DELETE CASCADE,
  user_id    uuid REFERENCES app_user (id) ON DELETE SET NULL,
  reference  text,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at    timestamptz
);

-- Answers (1-4) to the nine elements U1-U9; anonymous: nothing links an answer to its token.
CREATE TABLE portal_survey_response (
  id           uuid PRIMARY KEY,
  service_id   uuid NOT NULL REFERENCES katalog_service (id) ON DELETE CASCADE,
  opd_id       uuid REFERENCES opd (id),
  submitted_at timestamptz NOT NULL,
  local_day    date NOT NULL,
  u1 smallint NOT NULL CHECK (u1 BETWEEN 1 AND 4),
  u2 smallint NOT NULL CHECK (u2 BETWEEN 1 AND 4),
  u3 smallint NOT NULL CHECK (u3 BETWEEN 1 AND 4),
  u4 smallint NOT NULL CHECK (u4 BETWEEN 1 AND 4),
  u5 smallint NOT NULL CHECK (u5 BETWEEN 1 AND 4),
  u6 smallint NOT NULL CHECK (u6 BETWEEN 1 AND 4),
  u7 smallint NOT NULL CHECK (u7 BETWEEN 1 AND 4),
  u8 smallint NOT NULL CHECK (u8 BETWEEN 1 AND 4),
  u9 smallint NOT NULL CHECK (u9 BETWEEN 1 AND 4),
  gender       text CHECK (gender IN ('L', 'P')),
  education    text,
  occupation   text,
  suggestion   text,
  synthetic    boolean NOT NULL DEFAULT false
);
CREATE INDEX portal_survey_response_service_idx ON portal_survey_response (service_id, local_day);
CREATE INDEX portal_survey_response_opd_idx ON portal_survey_response (opd_id, local_day);

-- Reference rows inserted above: a freshly migrated database still counts as empty for restore.
COMMENT ON TABLE portal_topic IS 'padu:seeded-by-migration (topic list; backups replace it)';
COMMENT ON TABLE portal_life_event IS 'padu:seeded-by-migration (life events; backups replace it)';
COMMENT ON TABLE portal_search_synonym IS 'padu:seeded-by-migration (search synonyms; backups replace it)';
COMMENT ON TABLE portal_search_word IS 'padu:seeded-by-migration (search vocabulary; backups replace it)';
