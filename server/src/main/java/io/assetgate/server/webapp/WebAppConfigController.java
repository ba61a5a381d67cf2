package io.assetgate.server.webapp;

import java.time.Duration;
import java.util.List;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.assetgate.server.config.AssetgateProperties;
import io.assetgate.server.security.JwtProperties;
import io.assetgate.server.upload.UploadProperties;

/**
 * {@code GET /app/config.json}: what the web uploader needs before anyone signs in (where to
 * sign in, and the upload policy, so it refuses a file before sending it). Nothing here is
 * secret: it is what the discovery document and the error answers tell anyone anyway.
 */
@RestController
class WebAppConfigController {

    private final WebAppProperties web;
    private final AssetgateProperties server;
    private final JwtProperties jwt;
    private final UploadProperties upload;

    WebAppConfigController(WebAppProperties web, AssetgateProperties server, JwtProperties jwt, UploadProperties upload) {
        this.web = web;
        this.server = server;
        this.jwt = jwt;
        this.upload = upload;
    }

    @GetMapping(value = "/app/config.json", produces = "application/json")
    ResponseEntity<WebAppConfig> config() {
        Policy policy = new Policy(upload.allowedTypes(), upload.maxSize().toBytes(),
                upload.multipartThreshold().toBytes(), upload.partSize().toBytes());
        WebAppConfig body = new WebAppConfig(server.baseUrl(), issuer(), web.clientId(), web.scopes(), policy);
        // Short-lived: a changed policy reaches open pages within a minute.
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofMinutes(1))).body(body);
    }

    String issuer() {
        return issuerOf(web, server, jwt);
    }

    static String issuerOf(WebAppProperties web, AssetgateProperties server, JwtProperties jwt) {
        if (web.issuer() != null && !web.issuer().isBlank()) {
            return web.issuer();
        }
        return jwt.external() ? jwt.issuerUri() : server.baseUrl();
    }

    /**
     * @param server the API's base URL
     * @param issuer the OIDC issuer (its discovery document names the endpoints)
     * @param clientId the page's public client
     * @param scopes what the page asks for
     * @param upload the upload policy
     */
    record WebAppConfig(String server, String issuer, String clientId, List<String> scopes, Policy upload) {
    }

    /** The upload policy as the server applies it at {@code POST /v1/uploads}. */
    record Policy(List<String> allowedTypes, long maxSize, long multipartThreshold, long partSize) {
    }
}
