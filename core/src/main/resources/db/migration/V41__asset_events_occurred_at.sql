-- The event log's retention purge deletes by age.
-- Runs unchanged on H2 (embedded default) and PostgreSQL.
create index asset_events_occurred_at on asset_events (occurred_at);
