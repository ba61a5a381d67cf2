package io.assetgate.serverless.contract;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.assetgate.server.support.Http;
import io.assetgate.server.support.ServerTest;
import io.assetgate.server.support.TempDirs;
import io.assetgate.server.support.TestIdp;

/**
 * The Spring Boot server, its real jar run as a child process on S3Proxy and PostgreSQL,
 * trusting the test identity provider; called over HTTP with real bearer tokens.
 */
final class ServerDeployment implements Deployment {

    private static final Path JAR = Path.of("..", "server", "target", "assetgate-server.jar");

    private final Process process;
    private final Http api;

    private ServerDeployment(Process process, Http api) {
        this.process = process;
        this.api = api;
    }

    static ServerDeployment start(TestStack stack) throws IOException, InterruptedException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("The server jar is missing at " + JAR.toAbsolutePath()
                    + ": build it first (./mvnw -pl server package), as ./mvnw verify does before serverless/");
        }
        int port = ServerTest.freePort();
        Path dataDir = TempDirs.create("contract-server");
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar",
                JAR.toString(), "--server.port=" + port, "--assetgate.data-dir=" + dataDir,
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestIdp.issuerUrl()));
        stack.settings().forEach((k, v) -> command.add("--" + k + "=" + v));
        // The log stays in target/ for a failed start to be read.
        Path log = Files.createDirectories(Path.of("target", "contract-server")).resolve("server-" + port + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        Http api = new Http("http://127.0.0.1:" + port);
        awaitUp(process, api, log.toAbsolutePath());
        return new ServerDeployment(process, api);
    }

    /**
     * As {@code ServerJar.awaitUp}, with a longer deadline: this server starts on PostgreSQL and
     * S3 while the suite's other JVMs compete for the same two cores.
     */
    private static void awaitUp(Process server, Http api, Path log) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server stopped; see " + log);
            }
            try {
                if (api.get("/actuator/health", null).status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the server did not start in 5 minutes; see " + log);
    }

    @Override
    public String name() {
        return "server";
    }

    @Override
    public Reply call(String method, String pathAndQuery, Caller caller, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.base() + pathAndQuery))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        if (caller != null) {
            request.header("Authorization", "Bearer " + TestIdp.token(caller.subject(), caller.scopes()));
        }
        Http.Response response = Http.send(request.build());
        Map<String, String> lowerCase = new HashMap<>();
        response.headers().map().forEach((k, v) -> lowerCase.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        return new Reply(response.status(), lowerCase, response.bytes());
    }

    @Override
    public void objectStored(String signedUrl, long size, String etag) {
        // The server has no object events: it verifies at complete.
    }

    void stop() {
        process.destroy();
    }
}
