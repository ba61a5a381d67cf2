-- The embedded identity provider's authorizations (refresh tokens, device and authorization
-- codes in flight), kept in the database so that a restart does not sign every CLI and
-- browser out, and so that an upload queued offline can still refresh its token when it runs.
-- The columns are those Spring Authorization Server's JdbcOAuth2AuthorizationService reads
-- and writes. Token values and attributes are varchar without a length (unbounded in
-- PostgreSQL, up to 1,000,000 characters in H2), so both databases report them as VARCHAR and
-- the service binds them as strings on either; times are absolute instants.
-- Runs unchanged on H2 (embedded default) and PostgreSQL.
create table oauth2_authorization (
    id                             varchar(100)  not null primary key,
    registered_client_id           varchar(100)  not null,
    principal_name                 varchar(200)  not null,
    authorization_grant_type       varchar(100)  not null,
    authorized_scopes              varchar(1000),
    attributes                     varchar,
    state                          varchar(500),
    authorization_code_value       varchar,
    authorization_code_issued_at   timestamp with time zone,
    authorization_code_expires_at  timestamp with time zone,
    authorization_code_metadata    varchar,
    access_token_value             varchar,
    access_token_issued_at         timestamp with time zone,
    access_token_expires_at        timestamp with time zone,
    access_token_metadata          varchar,
    access_token_type              varchar(100),
    access_token_scopes            varchar(1000),
    oidc_id_token_value            varchar,
    oidc_id_token_issued_at        timestamp with time zone,
    oidc_id_token_expires_at       timestamp with time zone,
    oidc_id_token_metadata         varchar,
    refresh_token_value            varchar,
    refresh_token_issued_at        timestamp with time zone,
    refresh_token_expires_at       timestamp with time zone,
    refresh_token_metadata         varchar,
    user_code_value                varchar,
    user_code_issued_at            timestamp with time zone,
    user_code_expires_at           timestamp with time zone,
    user_code_metadata             varchar,
    device_code_value              varchar,
    device_code_issued_at          timestamp with time zone,
    device_code_expires_at         timestamp with time zone,
    device_code_metadata           varchar
);

-- The short opaque values a client presents are looked up by value. Access and ID token
-- values are JWTs, too long for a PostgreSQL b-tree entry; they are looked up only by the
-- userinfo, revocation and introspection endpoints, which the clients here do not call, and
-- the hourly purge keeps the table to the authorizations still alive.
create index oauth2_authorization_refresh_token on oauth2_authorization (refresh_token_value);
create index oauth2_authorization_device_code on oauth2_authorization (device_code_value);
create index oauth2_authorization_user_code on oauth2_authorization (user_code_value);
create index oauth2_authorization_code on oauth2_authorization (authorization_code_value);
create index oauth2_authorization_state on oauth2_authorization (state);
