package io.assetgate.server.upload;

import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Applies {@code assetgate.upload.body-read-timeout} to request bodies: Tomcat's upload timeout,
 * which it uses instead of its connection timeout once a request's headers are in. Tomcat then
 * fails the read of a client silent for longer with a {@link java.net.SocketTimeoutException}
 * and answers 408, which {@link ClientBody} tells apart from a storage fault. Without it, a
 * stalled client held a request thread for the connection timeout and was reported as one.
 */
@Component
class BodyReadTimeout implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final UploadProperties properties;

    BodyReadTimeout(UploadProperties properties) {
        this.properties = properties;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        int millis = (int) Math.min(Integer.MAX_VALUE, properties.bodyReadTimeout().toMillis());
        factory.addConnectorCustomizers(connector -> {
            if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
                http.setDisableUploadTimeout(false);
                http.setConnectionUploadTimeout(millis);
            }
        });
    }
}
