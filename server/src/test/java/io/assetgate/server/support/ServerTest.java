package io.assetgate.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.assetgate.server.AssetgateApplication;
import tools.jackson.databind.JsonNode;

/**
 * Base of the API tests: the whole server on a real port, with a real OIDC provider
 * ({@link TestIdp}) as the external issuer and a fresh data dir. The database is H2, or a
 * fresh PostgreSQL database when the system property {@code assetgate.test.db=postgres}.
 * Subclasses talk to it only over HTTP.
 */
@SpringBootTest(classes = AssetgateApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
public abstract class ServerTest {

    protected static final String READ_WRITE = "assets:read assets:write";

    @Value("${server.port}")
    private int port;
    @Value("${assetgate.data-dir}")
    private Path dataDir;

    /** The API of the server under test. */
    protected Http api;

    @DynamicPropertySource
    static void serverProperties(DynamicPropertyRegistry registry) {
        // Each new application context gets its own port and data dir.
        int port = freePort();
        Path dataDir = tempDir();
        registry.add("server.port", () -> port);
        registry.add("assetgate.public-url", () -> "http://localhost:" + port);
        registry.add("assetgate.data-dir", dataDir::toString);
        // Subclasses change these through the "assetgate-test.*" keys (see below), because a
        // subclass cannot re-register a property this method registers.
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri",
                () -> "${assetgate-test.issuer-uri:" + TestIdp.issuerUrl() + "}");
        // The suite sends many bad tokens from one address within a minute, and several tests
        // look for their own failures in the audit trail: no budget, unless a test sets one.
        registry.add("assetgate.audit.anonymous-failure-budget",
                () -> "${assetgate-test.anonymous-failure-budget:0}");
        String url;
        String user;
        if ("postgres".equals(System.getProperty("assetgate.test.db"))) {
            url = TestDatabases.newPostgres();
            user = TestDatabases.pgUser();
        } else {
            url = TestDatabases.newH2();
            user = "sa";
        }
        registry.add("spring.datasource.url", () -> "${assetgate-test.datasource-url:" + url + "}");
        registry.add("spring.datasource.username", () -> "${assetgate-test.datasource-username:" + user + "}");
    }

    /** For a subclass's {@code @DynamicPropertySource}: run this context on a fresh PostgreSQL database. */
    protected static void usePostgres(DynamicPropertyRegistry registry) {
        String url = TestDatabases.newPostgres();
        registry.add("assetgate-test.datasource-url", () -> url);
        registry.add("assetgate-test.datasource-username", TestDatabases::pgUser);
    }

    /** For a subclass's {@code @DynamicPropertySource}: use the embedded identity provider, not {@link TestIdp}. */
    protected static void useEmbeddedIdp(DynamicPropertyRegistry registry) {
        registry.add("assetgate-test.issuer-uri", () -> "");
    }

    @BeforeEach
    void connect() {
        api = new Http("http://localhost:" + port);
        warmUp();
    }

    /**
     * The resource server fetches the issuer's discovery document on the first token it sees;
     * under a loaded build machine that first fetch can time out. One authenticated call per
     * server, retried, makes the tests independent of which one happens to go first.
     */
    private void warmUp() {
        if (!WARM.add(port)) {
            return;
        }
        // A timed-out discovery answers 500; anything else means the server has settled.
        String token = tokenFor("warm-up");
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (api.get("/v1/assets?limit=1", token).status() == 500 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static final java.util.Set<Integer> WARM = java.util.concurrent.ConcurrentHashMap.newKeySet();

    protected Path dataDir() {
        return dataDir;
    }

    /** A token of the trusted issuer for {@code subject} with read and write scopes. */
    protected static String tokenFor(String subject) {
        return TestIdp.token(subject, READ_WRITE);
    }

    /** The declaration of {@code bytes} as {@code POST /v1/uploads} takes it, with a SHA-256 checksum. */
    protected static Map<String, Object> declaration(String filename, String contentType, byte[] bytes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("filename", filename);
        body.put("contentType", contentType);
        body.put("size", bytes.length);
        body.put("checksum", TestFiles.sha256(bytes));
        return body;
    }

    /** Creates an upload and checks it was accepted; answers the upload. */
    protected JsonNode create(String token, String filename, String contentType, byte[] bytes) {
        Http.Response created = api.post("/v1/uploads", token, declaration(filename, contentType, bytes));
        if (created.status() != 201) {
            throw new AssertionError("create failed: " + created);
        }
        return created.json();
    }

    /** Sends {@code bytes} to the upload's signed target with exactly the headers it names. */
    protected static Http.Response putToTarget(JsonNode upload, byte[] bytes) {
        JsonNode target = upload.get("target");
        Map<String, String> headers = new LinkedHashMap<>();
        target.get("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asString()));
        return Http.put(target.get("url").asString(), headers, bytes);
    }

    /** Create, PUT, complete: answers the asset. */
    protected JsonNode upload(String token, String filename, String contentType, byte[] bytes) {
        JsonNode upload = create(token, filename, contentType, bytes);
        Http.Response put = putToTarget(upload, bytes);
        if (put.status() != 200) {
            throw new AssertionError("PUT failed: " + put);
        }
        Http.Response completed = api.post("/v1/uploads/" + upload.get("uploadId").asString() + "/complete", token,
                null);
        if (completed.status() != 200) {
            throw new AssertionError("complete failed: " + completed);
        }
        return completed.json();
    }

    /**
     * Waits until processing has run on the asset (it left AVAILABLE), checks it became READY,
     * and answers it, with its download URL: nothing is downloadable before its checks passed.
     */
    protected JsonNode awaitReady(String token, String assetId) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        JsonNode asset = null;
        while (System.nanoTime() < deadline) {
            asset = api.get("/v1/assets/" + assetId, token).json();
            if (!"AVAILABLE".equals(asset.get("state").asString())) {
                if (!"READY".equals(asset.get("state").asString())) {
                    throw new AssertionError("processing did not make the asset READY: " + asset);
                }
                return asset;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("not processed within 60s: " + asset);
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        return TempDirs.create("assetgate-test");
    }
}
