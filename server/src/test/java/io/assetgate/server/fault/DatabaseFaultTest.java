package io.assetgate.server.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.assetgate.server.AssetgateApplication;
import io.assetgate.server.support.Http;
import io.assetgate.server.support.PrivatePostgres;
import io.assetgate.server.support.ServerTest;
import io.assetgate.server.support.TestFiles;
import io.assetgate.server.support.TestIdp;
import io.assetgate.server.support.TempDirs;
import tools.jackson.databind.JsonNode;

/**
 * The database stops under a running server (its own PostgreSQL cluster, stopped for real):
 * calls answer 503 with Retry-After, no signed URL is handed out without its record, and the
 * server recovers when the database is back.
 */
@SpringBootTest(classes = AssetgateApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
// The context's database is stopped after the class: closing the context stops its scheduler too,
// which would otherwise log connection failures into later tests that assert on the log.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DatabaseFaultTest {

    private static final PrivatePostgres PG = PrivatePostgres.start();
    private static final int PORT = ServerTestPorts.free();
    private static final Http API = new Http("http://localhost:" + PORT);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("assetgate.public-url", () -> "http://localhost:" + PORT);
        registry.add("assetgate.data-dir", DatabaseFaultTest::tempDir);
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", TestIdp::issuerUrl);
        registry.add("spring.datasource.url", PG::jdbcUrl);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.hikari.connection-timeout", () -> "1500");
    }

    @AfterAll
    static void stopDatabase() {
        PG.close();
    }

    @Test
    void answers503AndIssuesNoUrlWithoutARecordWhileTheDatabaseIsDown() throws Exception {
        String token = TestIdp.token("db-fault", "assets:read assets:write");
        byte[] photo = TestFiles.jpeg(40, 40);
        JsonNode before = API.post("/v1/uploads", token, decl(photo)).json();
        assertThat(before.get("target")).isNotNull();

        PG.stop();
        Http.Response create = API.post("/v1/uploads", token, decl(photo));
        Http.Response complete = API.post("/v1/uploads/" + before.get("uploadId").asString() + "/complete", token, null);
        Http.Response list = API.get("/v1/assets", token);
        PG.resume();

        for (Http.Response down : new Http.Response[] {create, complete, list}) {
            assertThat(down.status()).as(down.toString()).isEqualTo(503);
            assertThat(down.code()).isEqualTo("DATABASE_UNAVAILABLE");
            assertThat(down.header("Retry-After")).isNotBlank();
            assertThat(down.text()).doesNotContain("/store/").doesNotContain("SQL").doesNotContain("Exception");
        }
        // As a client would: retry on 503 (the pool replaces its dead connections meanwhile).
        Http.Response after = API.post("/v1/uploads", token, decl(photo));
        for (int i = 0; i < 20 && after.status() == 503; i++) {
            Thread.sleep(500);
            after = API.post("/v1/uploads", token, decl(photo));
        }
        assertThat(after.status()).as("recovers when the database is back").isEqualTo(201);
        assertThat(uploadIds()).containsExactlyInAnyOrder(before.get("uploadId").asString(),
                after.json().get("uploadId").asString());
    }

    private static java.util.List<String> uploadIds() throws SQLException {
        java.util.List<String> ids = new java.util.ArrayList<>();
        try (Connection c = DriverManager.getConnection(PG.jdbcUrl(), "postgres", "");
             ResultSet rs = c.createStatement().executeQuery("select id from uploads")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private static java.util.Map<String, Object> decl(byte[] bytes) {
        return java.util.Map.of("filename", "f.jpg", "contentType", "image/jpeg", "size", bytes.length,
                "checksum", TestFiles.sha256(bytes));
    }

    private static String tempDir() {
        return TempDirs.create("assetgate-dbfault").toString();
    }

    /** Free ports through the shared helper. */
    private static final class ServerTestPorts extends ServerTest {
        static int free() {
            return freePort();
        }
    }
}
