package io.assetgate.server.security.idp;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The page a person sees after approving a device (the CLI's login) in the browser. */
@RestController
@ConditionalOnBean(EmbeddedIdpConfig.IdpDirectory.class)
class SignInPages {

    static final String ACTIVATED = "/activated";

    @GetMapping(value = ACTIVATED, produces = MediaType.TEXT_HTML_VALUE)
    String activated() {
        return """
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Assetgate</title></head>
                <body><h1>Device approved</h1><p>You can close this page and return to your device.</p></body></html>""";
    }
}
