-- Reservations of callers without a quota, spread over a few rows per owner. A create without a
-- quota only has to be counted, not checked, so it adds to one of these rows (chosen at random)
-- instead of the owner's row in owner_usage: concurrent creates of one owner then no longer wait
-- for each other's commit on one row lock (on PostgreSQL that wait included the WAL flush, so one
-- owner's creates ran one per flush). A quota check adds these rows to the owner's row, so an
-- owner's usage is the same sum whichever row a reservation or its release went to.
create table owner_usage_stripes (
    owner_issuer        varchar(512)  not null,
    owner_subject       varchar(255)  not null,
    stripe              integer       not null,
    bytes_reserved      bigint        not null default 0,
    assets_reserved     bigint        not null default 0,
    primary key (owner_issuer, owner_subject, stripe)
);
