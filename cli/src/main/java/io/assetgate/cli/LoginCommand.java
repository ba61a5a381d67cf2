package io.assetgate.cli;

import java.net.URI;
import java.util.Map;

import io.assetgate.client.DeviceLogin;
import io.assetgate.client.OidcDiscovery;
import io.assetgate.client.Tokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Signs in with the device authorization grant and stores the tokens, readable by the owner only. */
@Command(name = "login", description = "Sign in through a browser (device authorization grant).")
final class LoginCommand implements Runnable {

    @ParentCommand
    AssetgateCommand root;
    @Spec
    CommandSpec spec;

    @Option(names = "--issuer", paramLabel = "URL",
            description = "The OIDC issuer; by default the server itself (its embedded identity provider).")
    String issuer;

    @Option(names = "--client-id", defaultValue = "assetgate-cli", description = "The public client id (default: ${DEFAULT-VALUE}).")
    String clientId;

    @Option(names = "--scope", defaultValue = "assets:read assets:write",
            description = "Scopes to ask for (default: ${DEFAULT-VALUE}).")
    String scope;

    @Override
    public void run() {
        Session session = new Session(root, spec);
        String server = session.server();
        OidcDiscovery discovery = OidcDiscovery.of(URI.create(issuer != null ? issuer : server));
        DeviceLogin login = new DeviceLogin(discovery, clientId, scope);
        DeviceLogin.Code code = login.start();
        String open = code.verificationUriComplete() != null ? code.verificationUriComplete() : code.verificationUri();
        if (session.out.json) {
            session.out.result(Map.of("verificationUri", code.verificationUri(), "userCode", code.userCode(),
                    "verificationUriComplete", open), "");
        } else {
            session.out.note("To sign in, open " + code.verificationUri() + " and enter the code: " + code.userCode());
            session.out.note("(or open " + open + ")");
        }
        Tokens tokens = login.await(code);
        new Credentials(server, discovery.issuer(), discovery.tokenEndpoint().toString(), clientId,
                tokens.accessToken(), tokens.refreshToken(),
                tokens.expiresAt() == null ? null : tokens.expiresAt().toString()).save(session.home());
        session.out.result(Map.of("server", server, "loggedIn", true), "Logged in to " + server);
    }
}
