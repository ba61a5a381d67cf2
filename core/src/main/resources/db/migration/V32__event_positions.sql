-- Event positions in commit order. An identity id is taken at insert, but becomes visible at
-- commit, so a reader that followed ids could pass a slow transaction's event and never see
-- it. EventSequencer gives committed events their positions, one sequencer transaction at a
-- time (the lock on event_sequencer's row), so positions become visible in increasing order.
-- Runs unchanged on H2 (embedded default) and PostgreSQL.
alter table asset_events add column position bigint;

-- Every event written before this version is committed: its id serves as its position.
update asset_events set position = id;

create unique index asset_events_position on asset_events (position);
drop index asset_events_owner;
create index asset_events_owner_position on asset_events (owner_issuer, owner_subject, position);

create table event_sequencer (
    id             int    primary key,
    last_position  bigint not null
);
insert into event_sequencer (id, last_position) select 1, coalesce(max(id), 0) from asset_events;
