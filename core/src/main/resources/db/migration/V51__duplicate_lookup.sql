-- Duplicate lookup for "onDuplicate": "reuse": an owner's assets by checksum, as stored now
-- (assets) and as uploaded (uploads, whose checksum stays when processing strips an original).
-- Runs unchanged on H2 (embedded default) and PostgreSQL.
create index assets_owner_checksum on assets (owner_issuer, owner_subject, checksum);
create index uploads_owner_checksum on uploads (owner_issuer, owner_subject, checksum);
