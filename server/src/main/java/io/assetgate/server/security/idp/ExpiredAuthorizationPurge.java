package io.assetgate.server.security.idp;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.assetgate.server.housekeeping.PeriodicTask;

/**
 * Deletes the embedded identity provider's authorizations once every token and code in them
 * has expired. Spring Authorization Server never deletes them itself, and a service that asks
 * for a client-credentials token every few minutes adds a row each time.
 */
class ExpiredAuthorizationPurge extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(ExpiredAuthorizationPurge.class);
    static final Duration INTERVAL = Duration.ofHours(1);

    private final JdbcClient jdbc;
    private final Clock clock;

    ExpiredAuthorizationPurge(JdbcClient jdbc, Clock clock) {
        // Not at start-up: an hour more for rows that are already dead harms nothing.
        super("idp-purge", INTERVAL, INTERVAL);
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Deletes the authorizations with nothing left that could be used; answers how many went. */
    int purge() {
        // A row with no expiry at all is an authorization request still in flight: it stays.
        int purged = jdbc.sql("""
                delete from oauth2_authorization
                where coalesce(refresh_token_expires_at, access_token_expires_at, authorization_code_expires_at,
                               device_code_expires_at, user_code_expires_at, oidc_id_token_expires_at) is not null
                  and (refresh_token_expires_at is null or refresh_token_expires_at < :now)
                  and (access_token_expires_at is null or access_token_expires_at < :now)
                  and (authorization_code_expires_at is null or authorization_code_expires_at < :now)
                  and (device_code_expires_at is null or device_code_expires_at < :now)
                  and (user_code_expires_at is null or user_code_expires_at < :now)
                  and (oidc_id_token_expires_at is null or oidc_id_token_expires_at < :now)""")
                .param("now", Timestamp.from(clock.instant()))
                .update();
        if (purged > 0) {
            log.info("Purged {} expired sign-in authorizations", purged);
        }
        return purged;
    }

    @Override
    protected void runOnce() {
        purge();
    }
}
