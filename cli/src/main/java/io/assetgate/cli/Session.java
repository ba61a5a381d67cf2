package io.assetgate.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.assetgate.client.AssetgateClient;
import io.assetgate.client.RefreshTokenProvider;
import io.assetgate.client.RetryPolicy;
import io.assetgate.client.TokenProvider;

/**
 * What a command needs from the global options and the environment: the server, the home
 * directory, the token and the output. Options win over the environment, which wins over the
 * stored login.
 */
final class Session {

    private final AssetgateCommand root;
    final Output out;

    Session(AssetgateCommand root, picocli.CommandLine.Model.CommandSpec spec) {
        this.root = root;
        this.out = new Output(spec.commandLine().getOut(), spec.commandLine().getErr(), root.json);
    }

    Path home() {
        String home = root.env.get("ASSETGATE_HOME");
        return home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".assetgate");
    }

    /** The server: {@code --server}, else ASSETGATE_SERVER, else the one logged in to. */
    String server() {
        String server = firstOf(root.server, root.env.get("ASSETGATE_SERVER"),
                Credentials.load(home()).map(Credentials::server).orElse(null));
        if (server == null) {
            throw new ErrorHandler.UsageException("no server: give --server URL or set ASSETGATE_SERVER");
        }
        return server.replaceAll("/+$", "");
    }

    /** The token: {@code --token}, else ASSETGATE_TOKEN, else the stored login, renewed as needed. */
    TokenProvider tokens() {
        String token = firstOf(root.token, root.env.get("ASSETGATE_TOKEN"), null);
        if (token != null) {
            return TokenProvider.of(token);
        }
        Optional<Credentials> stored = Credentials.load(home());
        if (stored.isEmpty() || stored.get().refreshToken() == null && stored.get().accessToken() == null) {
            throw io.assetgate.client.AssetgateException.answered(401, io.assetgate.client.ErrorCodes.UNAUTHENTICATED,
                    "not logged in: run 'assetgate login', or give --token", null);
        }
        Credentials credentials = stored.get();
        if (credentials.refreshToken() == null) {
            return TokenProvider.of(credentials.accessToken());
        }
        Path home = home();
        // Refresh tokens rotate: each renewal is stored at once, or the next run could not log in.
        return new RefreshTokenProvider(URI.create(credentials.tokenEndpoint()), credentials.clientId(),
                credentials.tokens(), renewed -> credentials.with(renewed).save(home));
    }

    AssetgateClient client() {
        return client(4);
    }

    AssetgateClient client(int concurrency) {
        return AssetgateClient.builder().baseUrl(server()).tokenProvider(tokens()).partConcurrency(concurrency)
                .retryPolicy(new RetryPolicy(Math.max(1, root.retries), Duration.ofMillis(200), Duration.ofSeconds(10)))
                .build();
    }

    private static String firstOf(String a, String b, String c) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        if (b != null && !b.isBlank()) {
            return b;
        }
        return c;
    }
}
