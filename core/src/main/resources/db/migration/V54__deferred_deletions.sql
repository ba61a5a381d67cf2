-- Deletions a deployment could not make itself (assetgate.storage.deletes=deferred: its
-- credentials may not delete objects or abort multipart uploads, as the serverless functions
-- other than the delete function and the reconciler). The reconciler, which may delete, makes
-- them once no record wants the object any more, and removes the row.
-- Runs unchanged on H2 (embedded default) and PostgreSQL.
create table deferred_deletions (
    id                  varchar(36)   not null primary key,
    object_key          varchar(512)  not null,
    -- null: delete the object; else abort this multipart upload of the key
    multipart_id        varchar(1024),
    requested_at        timestamp with time zone not null
);
