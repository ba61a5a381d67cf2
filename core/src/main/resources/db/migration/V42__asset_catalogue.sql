-- The asset catalogue at scale (issue 22): every list and filter seeks through an index.
-- Runs unchanged on H2 (embedded default) and PostgreSQL; V43 adds the filename-prefix
-- indexes, whose operator class differs between the two.

-- kind: image, video or other, from the content type, so "kind=video" is an index lookup
-- rather than a LIKE over content types.
alter table assets add column kind varchar(8);
-- captured_or_created_at: when the photo or video was taken, else when it was uploaded. Never
-- null, so one index orders every asset by it (sort=captured).
alter table assets add column captured_or_created_at timestamp with time zone;
-- filename_lower: the filename in lower case, for the case-insensitive prefix filter (q=).
alter table assets add column filename_lower varchar(1024);

update assets set
    kind = case when content_type like 'image/%' then 'image'
                when content_type like 'video/%' then 'video'
                else 'other' end,
    captured_or_created_at = coalesce(media_captured_at, created_at),
    filename_lower = lower(filename);

alter table assets alter column kind set not null;
alter table assets alter column captured_or_created_at set not null;
alter table assets alter column filename_lower set not null;

-- Keyset pages read "(sort key, id) < (cursor)" newest first. The indexes hold the columns in
-- exactly that order and direction, behind the equality filters: PostgreSQL then reads one
-- page's worth of entries wherever the page is, and H2 reads them in index order (it needs the
-- directions to match, or it sorts the whole range).
drop index assets_owner_created;
drop index assets_created;

create index assets_owner_created on assets (owner_issuer, owner_subject, created_at desc, id desc);
create index assets_owner_captured on assets (owner_issuer, owner_subject, captured_or_created_at desc, id desc);
create index assets_owner_kind_created on assets (owner_issuer, owner_subject, kind, created_at desc, id desc);
create index assets_owner_kind_captured on assets (owner_issuer, owner_subject, kind, captured_or_created_at desc, id desc);
create index assets_owner_state_created on assets (owner_issuer, owner_subject, state, created_at desc, id desc);
create index assets_owner_state_captured on assets (owner_issuer, owner_subject, state, captured_or_created_at desc, id desc);

-- The same across owners, for the admin list.
create index assets_created on assets (created_at desc, id desc);
create index assets_captured on assets (captured_or_created_at desc, id desc);
create index assets_kind_created on assets (kind, created_at desc, id desc);
create index assets_kind_captured on assets (kind, captured_or_created_at desc, id desc);
create index assets_state_created on assets (state, created_at desc, id desc);
create index assets_state_captured on assets (state, captured_or_created_at desc, id desc);

-- The reconciler asks whether any record holds an object key before it deletes an object it
-- finds in the store; upload rows are purged after their retention, so completed assets
-- answer for their own objects.
create index assets_object_key on assets (object_key);

-- The audit list pages newest first by (at, id), and each filter seeks to its range.
drop index audit_events_at;
drop index audit_events_asset;
drop index audit_events_actor;
create index audit_events_at on audit_events (at desc, id desc);
create index audit_events_asset on audit_events (asset_id, at desc, id desc);
create index audit_events_actor on audit_events (actor_subject, at desc, id desc);
