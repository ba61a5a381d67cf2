-- Runs unchanged on H2 (embedded default) and PostgreSQL.
-- The owner of every row is the token's issuer plus its subject.

create table uploads (
    id                  varchar(36)   not null primary key,
    asset_id            varchar(36)   not null,
    owner_issuer        varchar(512)  not null,
    owner_subject       varchar(255)  not null,
    idempotency_key     varchar(255),
    request_hash        varchar(64),
    filename            varchar(1024) not null,
    content_type        varchar(255)  not null,
    size_bytes          bigint        not null,
    checksum            varchar(128),
    object_key          varchar(512)  not null,
    mode                varchar(16)   not null,
    state               varchar(16)   not null,
    state_reason        varchar(1024),
    multipart_id        varchar(1024),
    part_size           bigint,
    part_count          integer,
    created_at          timestamp with time zone not null,
    expires_at          timestamp with time zone not null,
    completed_at        timestamp with time zone,
    failed_at           timestamp with time zone,
    aborted_at          timestamp with time zone,
    expired_at          timestamp with time zone
);

create unique index uploads_owner_idempotency on uploads (owner_issuer, owner_subject, idempotency_key);
create index uploads_state_expires on uploads (state, expires_at);
create unique index uploads_object_key on uploads (object_key);

create table assets (
    id                  varchar(36)   not null primary key,
    upload_id           varchar(36)   not null,
    owner_issuer        varchar(512)  not null,
    owner_subject       varchar(255)  not null,
    filename            varchar(1024) not null,
    content_type        varchar(255)  not null,
    size_bytes          bigint        not null,
    checksum            varchar(128),
    object_key          varchar(512)  not null,
    state               varchar(16)   not null,
    state_reason        varchar(1024),
    created_at          timestamp with time zone not null,
    completed_at        timestamp with time zone,
    ready_at            timestamp with time zone,
    quarantined_at      timestamp with time zone,
    failed_at           timestamp with time zone
);

create index assets_owner_created on assets (owner_issuer, owner_subject, created_at, id);
create index assets_created on assets (created_at, id);

create table asset_variants (
    asset_id            varchar(36)   not null references assets (id) on delete cascade,
    name                varchar(64)   not null,
    object_key          varchar(512)  not null,
    content_type        varchar(255)  not null,
    width               integer,
    height              integer,
    size_bytes          bigint,
    primary key (asset_id, name)
);
