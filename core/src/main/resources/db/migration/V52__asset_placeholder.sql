-- metadata.placeholder: a ThumbHash (at most 40 bytes, so at most 56 characters of base64)
-- and its kind. Runs unchanged on H2 (embedded default) and PostgreSQL.
alter table assets add column media_placeholder_kind varchar(16);
alter table assets add column media_placeholder varchar(64);
