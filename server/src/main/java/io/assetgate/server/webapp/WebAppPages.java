package io.assetgate.server.webapp;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.CacheControl;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.assetgate.server.config.AssetgateProperties;
import io.assetgate.server.security.JwtProperties;

/**
 * Serves the web uploader's built files (in the jar under {@code static/app/}) at {@code /app/},
 * with a Content-Security-Policy that lets the page run only its own scripts and talk only to
 * this server, its issuer and its storage.
 */
@Configuration(proxyBeanMethods = false)
class WebAppPages implements WebMvcConfigurer {

    private static final String LOCATION = "classpath:/static/app/";

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        // Vite names built assets by their content hash: they never change under one name.
        registry.addResourceHandler("/app/assets/**").addResourceLocations(LOCATION + "assets/")
                .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable());
        // index.html and the other pages name the current hashes: always revalidated.
        registry.addResourceHandler("/app/**").addResourceLocations(LOCATION).setCacheControl(CacheControl.noCache());
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> webAppContentSecurityPolicy(WebAppProperties web,
            AssetgateProperties server, JwtProperties jwt, Environment env) {
        String csp = contentSecurityPolicy(WebAppConfigController.issuerOf(web, server, jwt), server, storageOrigin(env));
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                // Set before the security headers are written, which keep a CSP already present.
                response.setHeader("Content-Security-Policy", csp);
                chain.doFilter(request, response);
            }
        });
        registration.addUrlPatterns("/app", "/app/*");
        return registration;
    }

    /**
     * MUST: scripts and styles from this origin only (no inline script), no framing, no
     * base or form targets. Images are signed links on this server's local store or on S3,
     * and thumbnails read back from the offline cache as blob: URLs. The service worker that
     * keeps the page for offline visits is a script of this origin too.
     */
    static String contentSecurityPolicy(String issuer, AssetgateProperties server, String storage) {
        Set<String> connect = new LinkedHashSet<>();
        connect.add("'self'");
        connect.add(origin(URI.create(server.baseUrl())));
        connect.add(origin(URI.create(issuer)));
        Set<String> images = new LinkedHashSet<>(Set.of("'self'"));
        images.add(origin(URI.create(server.baseUrl())));
        images.add("blob:");
        images.add("data:");
        if (storage != null) {
            connect.add(storage);
            images.add(storage);
        }
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src " + String.join(" ", images)
                + "; connect-src " + String.join(" ", connect) + "; manifest-src 'self'; font-src 'self'"
                + "; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    }

    /**
     * Where signed links point besides this server: the S3 endpoint when one is set (an
     * S3-compatible store), any AWS S3 host otherwise; none with the local store.
     */
    static String storageOrigin(Environment env) {
        if (!"s3".equalsIgnoreCase(env.getProperty("assetgate.storage.type", "local"))) {
            return null;
        }
        String endpoint = env.getProperty("assetgate.storage.s3.endpoint", "");
        return endpoint.isBlank() ? "https://*.amazonaws.com" : origin(URI.create(endpoint));
    }

    private static String origin(URI url) {
        int port = url.getPort();
        return url.getScheme() + "://" + url.getHost() + (port < 0 ? "" : ":" + port);
    }

    /** {@code /app} and {@code /app/} are the page itself; the sign-in redirect returns to {@code /app/}. */
    @Controller
    static class Index {
        @GetMapping("/app")
        String withSlash() {
            return "redirect:/app/";
        }

        @GetMapping("/app/")
        String index() {
            return "forward:/app/index.html";
        }
    }
}
