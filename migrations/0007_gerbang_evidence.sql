-- Gerbang evidence log: a tamper-evident record of every exchange through the gateway.
-- See docs/evidence.md. Records are hash-chained per writer (node), sealed in batches by a signed
-- Merkle root, and append-only. Ids of agencies, subsystems and services are kept as text, exactly
-- as they were hashed, and without foreign keys: evidence outlives the records it mentions.

-- One hash chain per writing process. `last_seq` is moved by every batch, `sealed_seq` by seals;
-- both are bookkeeping (verification trusts only the records and the signed seals).
CREATE TABLE gerbang_evidence_chain (
  node_id     text PRIMARY KEY,
  host        text,
  pid         integer,
  started_at  timestamptz NOT NULL,
  last_seq    bigint NOT NULL DEFAULT 0,
  sealed_seq  bigint NOT NULL DEFAULT 0,
  sealed_hash text NOT NULL DEFAULT '0000000000000000000000000000000000000000000000000000000000000000'
);
CREATE INDEX gerbang_evidence_chain_unsealed_idx ON gerbang_evidence_chain (node_id) WHERE last_seq > sealed_seq;

-- One exchange. `leaf_hash` = SHA-256(0x00 || canonical JSON of the hashed fields); personal
-- identifiers and the path enter the hash as salted commitments (`*_commit`) and are stored
-- encrypted (`*_enc`, AES-256-GCM) with a keyed hash (`*_index`, HMAC-SHA-256) for exact search.
CREATE TABLE gerbang_evidence (
  id                       bigserial PRIMARY KEY,
  node_id                  text NOT NULL,
  seq                      bigint NOT NULL,
  prev_hash                text NOT NULL,
  leaf_hash                text NOT NULL,
  xroad_id                 text NOT NULL,
  request_id               text NOT NULL,
  client                   text NOT NULL,
  service                  text NOT NULL,
  client_subsystem_id      text,
  service_db_id            text,
  consumer_opd_id          text,
  provider_opd_id          text,
  endpoint                 text,
  method                   text NOT NULL,
  path_commit              text NOT NULL,
  path_enc                 text,
  user_id_commit           text,
  user_id_enc              text,
  user_id_index            text,
  purpose                  text,
  legal_basis              text,
  issue                    text,
  represented_party_commit text,
  represented_party_enc    text,
  represented_party_index  text,
  status                   integer NOT NULL,
  error_type               text,
  started_at               timestamptz NOT NULL,
  upstream_ms              double precision,
  total_ms                 double precision NOT NULL,
  request_bytes            bigint NOT NULL,
  response_bytes           bigint NOT NULL,
  hash_algorithm           text NOT NULL,
  request_hash             text NOT NULL,
  response_hash            text NOT NULL,
  request_body_hash        text,
  response_body_hash       text,
  -- Which evidence key encrypted the personal fields and bodies (not part of the hash).
  key_id                   text,
  UNIQUE (node_id, seq)
);
CREATE INDEX gerbang_evidence_xroad_idx ON gerbang_evidence (xroad_id);
CREATE INDEX gerbang_evidence_provider_idx ON gerbang_evidence (provider_opd_id, id DESC);
CREATE INDEX gerbang_evidence_consumer_idx ON gerbang_evidence (consumer_opd_id, id DESC);
CREATE INDEX gerbang_evidence_started_idx ON gerbang_evidence (started_at);
CREATE INDEX gerbang_evidence_user_idx ON gerbang_evidence (user_id_index) WHERE user_id_index IS NOT NULL;

-- Full bodies, only for services that keep them, encrypted (iv || tag || ciphertext). Only their
-- hashes are in the evidence, so the retention job may delete these rows without breaking it.
CREATE TABLE gerbang_evidence_body (
  node_id       text NOT NULL,
  seq           bigint NOT NULL,
  stored_at     timestamptz NOT NULL,
  request_body  bytea,
  response_body bytea,
  PRIMARY KEY (node_id, seq)
);
CREATE INDEX gerbang_evidence_body_stored_idx ON gerbang_evidence_body (stored_at);

-- Ed25519 signing keys. The private key is encrypted with a key derived from the evidence key
-- (PADU_EVIDENCE_KEY or the key file); `wrap_key_id` names which one.
CREATE TABLE gerbang_evidence_key (
  id              text PRIMARY KEY,
  algorithm       text NOT NULL DEFAULT 'Ed25519',
  public_key      text NOT NULL,
  private_key_enc text NOT NULL,
  wrap_key_id     text NOT NULL,
  created_by      text,
  created_at      timestamptz NOT NULL,
  retired_at      timestamptz
);

-- Seals, numbered 1, 2, 3… and chained by hash. `body` is the exact canonical JSON that was
-- signed; the other columns repeat parts of it for queries.
CREATE TABLE gerbang_evidence_seal (
  seq         bigint PRIMARY KEY,
  sealed_at   timestamptz NOT NULL,
  tree_size   integer NOT NULL,
  merkle_root text NOT NULL,
  key_id      text NOT NULL,
  body        text NOT NULL,
  signature   text NOT NULL,
  seal_hash   text NOT NULL,
  sealed_by   text
);

-- Which records each seal covers: per chain a range of sequence numbers, at `leaf_offset` in the tree.
CREATE TABLE gerbang_evidence_seal_range (
  seal_seq    bigint NOT NULL REFERENCES gerbang_evidence_seal (seq),
  node_id     text NOT NULL,
  from_seq    bigint NOT NULL,
  to_seq      bigint NOT NULL,
  leaf_offset integer NOT NULL,
  PRIMARY KEY (seal_seq, node_id)
);
CREATE INDEX gerbang_evidence_seal_range_node_idx ON gerbang_evidence_seal_range (node_id, to_seq);

-- RFC 3161 time-stamp tokens over seal hashes, added when the authority answers.
CREATE TABLE gerbang_evidence_timestamp (
  seal_seq   bigint PRIMARY KEY REFERENCES gerbang_evidence_seal (seq),
  tsa_url    text NOT NULL,
  token      bytea NOT NULL,
  gen_time   timestamptz,
  stamped_at timestamptz NOT NULL
);

-- Evidence is append-only. Deleting records is possible only for an archiving run that says so
-- (SET LOCAL padu.evidence_archiving = 'on'); nothing may update them.
CREATE FUNCTION gerbang_evidence_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND coalesce(current_setting('padu.evidence_archiving', true), '') = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER gerbang_evidence_no_change BEFORE UPDATE OR DELETE ON gerbang_evidence
  FOR EACH ROW EXECUTE FUNCTION gerbang_evidence_append_only();
CREATE TRIGGER gerbang_evidence_no_truncate BEFORE TRUNCATE ON gerbang_evidence
  FOR EACH STATEMENT EXECUTE FUNCTION gerbang_evidence_append_only();
CREATE TRIGGER gerbang_evidence_seal_no_change BEFORE UPDATE OR DELETE ON gerbang_evidence_seal
  FOR EACH ROW EXECUTE FUNCTION gerbang_evidence_append_only();
CREATE TRIGGER gerbang_evidence_seal_range_no_change BEFORE UPDATE OR DELETE ON gerbang_evidence_seal_range
  FOR EACH ROW EXECUTE FUNCTION gerbang_evidence_append_only();
