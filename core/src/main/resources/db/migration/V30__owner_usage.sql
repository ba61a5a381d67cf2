-- Per-owner usage for quotas. Runs unchanged on H2 (embedded default) and PostgreSQL.
-- Declared bytes are reserved at create in the same transaction as the upload row, by a
-- conditional update of this row, so concurrent creates cannot overshoot a quota.
create table owner_usage (
    owner_issuer        varchar(512)  not null,
    owner_subject       varchar(255)  not null,
    bytes_used          bigint        not null default 0,
    bytes_reserved      bigint        not null default 0,
    assets_used         bigint        not null default 0,
    assets_reserved     bigint        not null default 0,
    primary key (owner_issuer, owner_subject)
);
