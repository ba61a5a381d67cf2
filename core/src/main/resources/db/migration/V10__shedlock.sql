-- ShedLock's lock table: the upload reconciler runs on one server instance at a time.
-- Runs unchanged on H2 (embedded default) and PostgreSQL.
create table shedlock (
    name       varchar(64)  not null primary key,
    lock_until timestamp    not null,
    locked_at  timestamp    not null,
    locked_by  varchar(255) not null
);
