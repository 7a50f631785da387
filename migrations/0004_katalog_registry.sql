-- Katalog registry: province reference codes can be retired (kept for history, offered no more),
-- one integration record per consumer/provider/data set, and lookups the registry screens need.

ALTER TABLE arch_ref ADD COLUMN retired_at timestamptz;
ALTER TABLE arch_ref ADD CONSTRAINT arch_ref_retired_province CHECK (retired_at IS NULL OR origin = 'province');

-- The same consumer may use the same provider's data once per data set (or once without one);
-- the channel is an attribute of that use, changed in place.
CREATE UNIQUE INDEX katalog_integration_use_idx
  ON katalog_integration (consumer_app_id, provider_app_id, COALESCE(dataset_id, '00000000-0000-0000-0000-000000000000'::uuid));

CREATE INDEX katalog_security_audit_app_idx ON katalog_security_audit (app_id, audited_on DESC) WHERE app_id IS NOT NULL;
CREATE INDEX katalog_security_audit_infra_idx ON katalog_security_audit (infra_id, audited_on DESC) WHERE infra_id IS NOT NULL;
CREATE INDEX katalog_roadmap_link_target_idx ON katalog_roadmap_link (target_type, target_id);
CREATE INDEX katalog_dataset_walidata_idx ON katalog_dataset (walidata_opd_id);
CREATE INDEX katalog_infra_operator_idx ON katalog_infra (operator_opd_id);
