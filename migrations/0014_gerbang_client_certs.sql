-- Gerbang mutual TLS: Padu's own certification authority and the client certificates it issues
-- to subsystems (src/modules/gerbang/tls/). The CA's private key is stored encrypted with a key
-- derived from the evidence key (PADU_EVIDENCE_KEY or the key file), like the seal-signing keys.

CREATE TABLE gerbang_ca (
  -- SHA-256 (hex) of the certificate's DER: its fingerprint.
  id              text PRIMARY KEY,
  certificate     text NOT NULL,
  -- PKCS#8 DER, AES-256-GCM (iv || tag || ciphertext), base64; `wrap_key_id` names the evidence key.
  private_key_enc text NOT NULL,
  wrap_key_id     text NOT NULL,
  not_before      timestamptz NOT NULL,
  not_after       timestamptz NOT NULL,
  created_at      timestamptz NOT NULL,
  retired_at      timestamptz
);
-- One current CA: processes starting together race to create it, and exactly one insert wins.
CREATE UNIQUE INDEX gerbang_ca_current_idx ON gerbang_ca ((retired_at IS NULL)) WHERE retired_at IS NULL;

-- A subsystem's client certificate. Only public material is kept: the private key, when Padu
-- generated it, was handed out once and never stored.
CREATE TABLE gerbang_client_cert (
  id            uuid PRIMARY KEY,
  subsystem_id  uuid NOT NULL REFERENCES gerbang_subsystem (id),
  ca_id         text NOT NULL REFERENCES gerbang_ca (id),
  -- Hex of the certificate's serial number (16 random bytes, positive).
  serial        text NOT NULL UNIQUE,
  -- SHA-256 (hex) of the certificate's DER: how the data plane finds it.
  fingerprint   text NOT NULL UNIQUE,
  subject       text NOT NULL,
  certificate   text NOT NULL,
  key_source    text NOT NULL CHECK (key_source IN ('csr', 'public_key', 'generated')),
  key_algorithm text NOT NULL,
  not_before    timestamptz NOT NULL,
  not_after     timestamptz NOT NULL,
  issued_by     uuid REFERENCES app_user (id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL,
  revoked_at    timestamptz,
  revoked_by    uuid REFERENCES app_user (id) ON DELETE SET NULL
);
CREATE INDEX gerbang_client_cert_subsystem_idx ON gerbang_client_cert (subsystem_id, created_at DESC);
