package io.assetgate.server.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import no.nav.security.mock.oauth2.MockOAuth2Server;

/** What a test's own identity provider was asked, for tests that count key set fetches. */
public final class IdpRequests {

    private IdpRequests() {
    }

    /**
     * The paths of the requests {@code server} received and no test has taken yet, in order;
     * it stops once none arrives for {@code quietMillis}.
     */
    public static List<String> takePaths(MockOAuth2Server server, long quietMillis) {
        List<String> paths = new ArrayList<>();
        while (true) {
            try {
                paths.add(server.takeRequest(quietMillis, TimeUnit.MILLISECONDS).getPath());
            } catch (RuntimeException noMoreRequests) {
                return paths;
            }
        }
    }
}
