package io.assetgate.serverless;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import io.assetgate.serverless.api.ApiJson;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/**
 * Work a cold function needs, done on a second thread while the main thread starts the context:
 * first the classes a cold start loads are loaded ({@link ClassPrefetch}); then, in the order the
 * main thread comes to them, Spring Boot's binder binds settings of the kinds the core's
 * properties have, Jackson reads and writes a body of the API's shape, the SDK's SigV4 signer
 * signs a URL, and the PostgreSQL driver is loaded. Each loads, initializes and runs code the main
 * thread would otherwise load and run itself (the JVM loads and initializes a class once,
 * whichever thread asks first). Spring Boot's own background pre-initializer does the same for a
 * server; the functions leave it out (see {@link Core}).
 * <p>
 * It only computes: no connection, no file, no call to AWS (the credentials are made up), and
 * nothing it makes is kept. A failure costs only the time it would have saved, so it is ignored.
 * It gains where the function has more than one vCPU's share (Lambda gives a whole vCPU at
 * 1,769 MB); with less, the two threads share one and the gain is small. On by default;
 * {@value #SWITCH}{@code =false} (or the system property {@code assetgate.lambda.cold-start-warming})
 * turns it off, for such functions or for comparing (bench/lambda-init.sh runs both).
 */
final class ColdStartWarmer {

    /** Settings of the kinds the core's properties have, bound as they are (constructor binding). */
    record SampleSettings(@DefaultValue("10s") Duration timeout, @DefaultValue("4MB") DataSize size,
            @DefaultValue("x") String name, @DefaultValue("1") int count, @DefaultValue Nested nested,
            List<String> names, Map<String, String> labels) {

        record Nested(@DefaultValue("true") boolean enabled) {
        }
    }

    /** A body of the create call's shape: a record of strings, a number and a map. */
    record SampleBody(String filename, String contentType, long size, String checksum, Map<String, String> metadata) {
    }

    private static final String SAMPLE = "{\"filename\": \"IMG_0001.jpg\", \"contentType\": \"image/jpeg\","
            + " \"size\": 2481234, \"checksum\": \"sha256:AAAA\", \"metadata\": {\"k\": \"v\"}}";

    /** The environment variable that turns the warming off when {@code false}. */
    static final String SWITCH = "ASSETGATE_LAMBDA_COLD_START_WARMING";

    /** Guarded by the class: {@link #start} is synchronized. */
    private static boolean started;

    private ColdStartWarmer() {
    }

    /** Starts the warming thread, once per JVM, unless it is turned off; returns at once. */
    static synchronized void start() {
        String setting = System.getProperty("assetgate.lambda.cold-start-warming", System.getenv(SWITCH));
        if (started || "false".equalsIgnoreCase(setting)) {
            return;
        }
        started = true;
        Thread.ofPlatform().daemon().name("cold-start-warmer").start(ColdStartWarmer::warm);
    }

    /** Does the warming on this thread: the failure, if a step failed (the later steps are skipped). */
    static Optional<Throwable> warm() {
        ClassPrefetch.run(ColdStartWarmer.class.getClassLoader());
        try {
            binding();
            json();
            signing();
            Class.forName("org.postgresql.Driver", true, ColdStartWarmer.class.getClassLoader());
            return Optional.empty();
        } catch (RuntimeException | LinkageError | ClassNotFoundException e) {
            return Optional.of(e);
        }
    }

    private static void binding() {
        SampleSettings bound = new Binder(new MapConfigurationPropertySource(Map.of("warm.timeout", "5s",
                "warm.names[0]", "a", "warm.labels.k", "v"))).bindOrCreate("warm", SampleSettings.class);
        if (!bound.timeout().equals(Duration.ofSeconds(5)) || !bound.nested().enabled()) {
            throw new IllegalStateException("bound " + bound);
        }
    }

    private static void json() {
        SampleBody body = ApiJson.MAPPER.readValue(SAMPLE.getBytes(StandardCharsets.UTF_8), SampleBody.class);
        ApiJson.write(Map.of("id", body.filename(), "size", body.size(), "expiresAt", Instant.EPOCH,
                "headers", Map.of("Content-Type", body.contentType()), "parts", List.of(1, 2)));
    }

    private static void signing() {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.PUT)
                .uri(URI.create("https://warm.s3.us-east-1.amazonaws.com/uploads/warm"))
                .putHeader("Content-Type", "image/jpeg").build();
        AwsV4HttpSigner.create().sign(s -> s.identity(AwsBasicCredentials.create("warm", "warm"))
                .request(request)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4HttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(1))
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false));
    }
}
