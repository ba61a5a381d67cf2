package io.assetgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.assetgate.client.support.Media;
import io.assetgate.client.support.ServerProcess;

/** The real commands against the real server (a child process), asserting output and exit codes. */
class CliTest {

    static ServerProcess server;
    static String token;

    @TempDir
    Path dir;
    Cli cli;

    @BeforeAll
    static void startServer() {
        server = ServerProcess.start();
        token = server.serviceTokens().accessToken();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void environment() {
        cli = new Cli(Map.of("ASSETGATE_SERVER", server.url(), "ASSETGATE_TOKEN", token,
                "ASSETGATE_HOME", dir.resolve("home").toString()));
    }

    @Test
    void uploadsListsDownloadsAndRemovesWithJsonOutput() throws Exception {
        Path a = Media.jpeg(dir, "cli-a.jpg", 120_000, 1);
        Path b = Media.jpeg(dir, "cli-b.jpg", 90_000, 2);

        Cli.Run upload = cli.run("--json", "upload", a.toString(), b.toString());

        assertThat(upload.exitCode()).isZero();
        List<JsonObject> uploaded = jsonLines(upload.out());
        assertThat(uploaded).hasSize(2).allSatisfy(o -> assertThat(o.get("state").getAsString()).isEqualTo("AVAILABLE"));
        String id = uploaded.stream().filter(o -> o.get("filename").getAsString().equals("cli-a.jpg")).findFirst()
                .orElseThrow().get("id").getAsString();

        Cli.Run ls = cli.run("ls", "--json", "--all");
        assertThat(ls.exitCode()).isZero();
        assertThat(jsonLines(ls.out())).extracting(o -> o.get("id").getAsString()).contains(id);

        Path copy = dir.resolve("copy.jpg");
        Cli.Run get = cli.run("get", id, "-o", copy.toString());
        assertThat(get.exitCode()).isZero();
        assertThat(get.out()).startsWith("saved " + copy);
        assertThat(Files.mismatch(a, copy)).isEqualTo(-1);

        Cli.Run rm = cli.run("rm", id);
        assertThat(rm.exitCode()).isZero();
        assertThat(rm.out().strip()).isEqualTo("deleted " + id);
        assertThat(cli.run("--json", "ls", "--all").out()).doesNotContain(id);
    }

    @Test
    void listsWithTheServersFilters() throws Exception {
        Path beach = Media.jpeg(dir, "filt-Beach-1.jpg", 40_000, 7);
        Path city = Media.jpeg(dir, "filt-city.jpg", 40_000, 8);
        assertThat(cli.run("upload", beach.toString(), city.toString()).exitCode()).isZero();

        Cli.Run named = cli.run("--json", "ls", "--name", "FILT-BEACH", "--kind", "image", "--since", "2026-01-01",
                "--sort", "captured");
        Cli.Run videos = cli.run("--json", "ls", "--kind", "video", "--since", "2026-01-01", "--sort", "captured");
        Cli.Run before = cli.run("--json", "ls", "--name", "filt-", "--until", "2000-01-01");
        Cli.Run both = cli.run("--json", "ls", "--name", "filt-");
        Cli.Run quarantined = cli.run("--json", "ls", "--name", "filt-", "--state", "quarantined");

        assertThat(named.exitCode()).as(named.err()).isZero();
        assertThat(jsonLines(named.out())).extracting(o -> o.get("filename").getAsString())
                .containsExactly("filt-Beach-1.jpg");
        assertThat(videos.exitCode()).isZero();
        assertThat(videos.out()).isBlank();
        assertThat(before.out()).isBlank();
        // The two files upload in parallel, so which was created last (listed first) varies.
        assertThat(jsonLines(both.out())).extracting(o -> o.get("filename").getAsString())
                .containsExactlyInAnyOrder("filt-city.jpg", "filt-Beach-1.jpg");
        assertThat(quarantined.exitCode()).isZero();
        assertThat(quarantined.out()).isBlank();
        Cli.Run refused = cli.run("ls", "--state", "LOST");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("state");
    }

    @Test
    void aRefusedFileFailsWithOneLineAndExitCodeOne() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "just text");

        Cli.Run run = cli.run("upload", "--type", "text/plain", text.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).hasLineCount(1).contains("CONTENT_TYPE_NOT_ALLOWED").doesNotContain("Exception");
    }

    @Test
    void showsTheStackTraceOnlyWhenAsked() {
        Cli.Run plain = cli.run("--retries", "1", "--server", "http://localhost:" + ServerProcess.freePort(), "get", "no-such-id");
        Cli.Run traced = cli.run("--retries", "1", "--server", "http://localhost:" + ServerProcess.freePort(), "--stacktrace", "get",
                "no-such-id");

        assertThat(plain.exitCode()).isEqualTo(1);
        assertThat(plain.err().strip()).hasLineCount(1).startsWith("assetgate: error: ");
        assertThat(traced.exitCode()).isEqualTo(1);
        assertThat(traced.err()).contains("at io.assetgate.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "frobnicate", "ls --bogus", "get", "upload", "upload does-not-exist.jpg", "queue",
        "ls --kind pdf", "ls --sort size", "ls --since yesterday", "ls --until 2026-13-01"})
    void badUsageExitsWithTwo(String args) {
        Cli.Run run = cli.run(args.isEmpty() ? new String[0] : args.split(" "));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("assetgate: ");
    }

    @Test
    void aMissingServerIsBadUsage() {
        Cli.Run run = new Cli(Map.of("ASSETGATE_HOME", dir.toString())).run("ls");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no server");
    }

    @Test
    void skipDuplicatesAnswersTheExistingAssetForAFileAlreadyUploaded() {
        Path photo = Media.jpeg(dir, "twice.jpg", 40_000, 8);
        String id = jsonLines(cli.run("--json", "upload", "--skip-duplicates", photo.toString()).out()).getFirst()
                .get("id").getAsString();

        Cli.Run again = cli.run("--json", "upload", "--skip-duplicates", photo.toString());
        Cli.Run plain = cli.run("upload", photo.toString());

        assertThat(again.exitCode()).isZero();
        JsonObject line = jsonLines(again.out()).getFirst();
        assertThat(line.get("id").getAsString()).isEqualTo(id);
        assertThat(line.get("duplicate").getAsBoolean()).isTrue();
        assertThat(plain.out()).startsWith("uploaded ").doesNotContain(id);
    }

    @Test
    void queuedFilesWaitUntilTheQueueRuns() {
        Path a = Media.jpeg(dir, "queued-a.jpg", 50_000, 3);
        Path b = Media.jpeg(dir, "queued-b.jpg", 50_000, 4);

        Cli.Run add = cli.run("upload", "--queue", a.toString(), b.toString());
        assertThat(add.exitCode()).isZero();
        assertThat(add.out()).contains("queued " + a, "queued " + b);
        assertThat(jsonLines(cli.run("--json", "queue", "list").out()))
                .extracting(o -> o.get("state").getAsString()).containsExactly("QUEUED", "QUEUED");

        Cli.Run run = cli.run("queue", "run");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("uploaded " + a, "uploaded " + b);
        List<JsonObject> items = jsonLines(cli.run("--json", "queue", "list").out());
        assertThat(items).extracting(o -> o.get("state").getAsString()).containsExactly("DONE", "DONE");
        String removed = items.getFirst().get("queueId").getAsString();
        assertThat(cli.run("queue", "remove", removed).exitCode()).isZero();
        assertThat(cli.run("queue", "list").out()).doesNotContain(removed);
        assertThat(cli.run("queue", "remove", removed).exitCode()).isEqualTo(1);
    }

    @Test
    void aQueueRunWhileOfflineKeepsTheItemsAndFails() {
        Path a = Media.jpeg(dir, "later.jpg", 10_000, 5);
        cli.run("upload", "--queue", a.toString());

        Cli.Run run = cli.run("--retries", "1", "--server", "http://localhost:" + ServerProcess.freePort(), "queue", "run");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("1 item(s) still queued");
        assertThat(cli.run("queue", "list").out()).contains("QUEUED");
    }

    @Test
    void getServesTheCachedCopyWhenTheServerIsGone() throws Exception {
        Path a = Media.jpeg(dir, "cached.jpg", 70_000, 6);
        String id = jsonLines(cli.run("--json", "upload", a.toString()).out()).getFirst().get("id").getAsString();
        assertThat(cli.run("get", id, "--cache-ttl", "PT0S", "-o", dir.resolve("first.jpg").toString()).exitCode())
                .isZero();

        Path offline = dir.resolve("offline.jpg");
        Cli.Run run = cli.run("--retries", "1", "--server", "http://localhost:" + ServerProcess.freePort(), "get", id,
                "--cache-ttl", "PT0S", "-o", offline.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).contains("the server is unreachable; this is the cached copy");
        assertThat(Files.mismatch(a, offline)).isEqualTo(-1);
    }

    @Test
    void logsInWithTheDeviceFlowStoresTheLoginPrivatelyAndUsesIt() throws Exception {
        Path home = dir.resolve("login-home");
        Cli user = new Cli(Map.of("ASSETGATE_SERVER", server.url(), "ASSETGATE_HOME", home.toString()));
        java.io.StringWriter err = new java.io.StringWriter();
        java.util.concurrent.CompletableFuture<Cli.Run> login =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> user.run(err, "login"));
        java.util.regex.Matcher link = awaitMatch(err, "\\(or open (\\S+)\\)");

        new DeviceBrowser().approve(link.group(1), ServerProcess.USER, ServerProcess.PASSWORD);

        Cli.Run run = login.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).isEqualTo("Logged in to " + server.url());
        Path credentials = home.resolve("credentials.json");
        assertThat(java.nio.file.Files.getPosixFilePermissions(credentials))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path photo = Media.jpeg(dir, "mine.jpg", 20_000, 7);
        Cli.Run upload = user.run("--json", "upload", photo.toString());
        assertThat(upload.exitCode()).isZero();
        assertThat(user.run("ls").out()).contains("mine.jpg");

        // An access token about to expire is renewed with the refresh token, and the rotated one is stored.
        JsonObject stored = JsonParser.parseString(Files.readString(credentials)).getAsJsonObject();
        stored.addProperty("expiresAt", java.time.Instant.now().plusSeconds(5).toString());
        Files.writeString(credentials, stored.toString());
        assertThat(user.run("ls").exitCode()).isZero();
        JsonObject renewed = JsonParser.parseString(Files.readString(credentials)).getAsJsonObject();
        assertThat(renewed.get("refreshToken").getAsString()).isNotEqualTo(stored.get("refreshToken").getAsString());
        assertThat(java.time.Instant.parse(renewed.get("expiresAt").getAsString()))
                .isAfter(java.time.Instant.now().plusSeconds(60));
        assertThat(java.nio.file.Files.getPosixFilePermissions(credentials))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

        assertThat(user.run("logout").out().strip()).isEqualTo("Logged out");
        assertThat(credentials).doesNotExist();
        Cli.Run after = user.run("ls");
        assertThat(after.exitCode()).isEqualTo(1);
        assertThat(after.err()).contains("not logged in");
    }

    private static java.util.regex.Matcher awaitMatch(java.io.StringWriter text, String regex) throws Exception {
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(regex);
        for (int i = 0; i < 600; i++) {
            java.util.regex.Matcher m = pattern.matcher(text.toString());
            if (m.find()) {
                return m;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no match for " + regex + " in: " + text);
    }

    static List<JsonObject> jsonLines(String out) {
        return out.lines().filter(l -> !l.isBlank()).map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
    }
}
