-- Uploaded files (src/platform/files): portal request and result documents, complaint
-- attachments and published photos, assessment evidence, KAK. The bytes live on local disk
-- (`<data dir>/files/<storage_key>`) or in S3-compatible object storage; this table holds what is
-- known about them. A row is never removed: deleting sets deleted_at, and the purge job later
-- removes the bytes and sets purged_at, so audit rows and module references keep their target.
CREATE TABLE stored_file (
  id           uuid PRIMARY KEY,
  -- Which use the file serves, e.g. 'aduan.attachment'; also the first part of storage_key.
  purpose      text NOT NULL CHECK (purpose ~ '^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*$'),
  -- The client's name, cleaned of paths and control characters; never used to build a path.
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
  -- Sniffed from the content, not what the client declared.
  content_type text NOT NULL,
  size         bigint NOT NULL CHECK (size > 0),
  sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  opd_id       uuid REFERENCES opd (id),
  uploaded_by  uuid REFERENCES app_user (id),
  storage      text NOT NULL CHECK (storage IN ('local', 's3')),
  storage_key  text NOT NULL UNIQUE,
  created_at   timestamptz NOT NULL,
  deleted_at   timestamptz,
  purged_at    timestamptz,
  CHECK (purged_at IS NULL OR deleted_at IS NOT NULL)
);
CREATE INDEX stored_file_opd_idx ON stored_file (opd_id);
CREATE INDEX stored_file_purpose_idx ON stored_file (purpose, created_at);
-- The purge job's work list: deleted, bytes not yet removed.
CREATE INDEX stored_file_purge_idx ON stored_file (deleted_at) WHERE deleted_at IS NOT NULL AND purged_at IS NULL;
