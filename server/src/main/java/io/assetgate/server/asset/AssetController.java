package io.assetgate.server.asset;

import java.net.URI;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.assetgate.server.security.Caller;
import io.assetgate.server.storage.SignedRequest;

/** The asset endpoints of the API (docs/api.md). */
@RestController
@RequestMapping("/v1/assets")
class AssetController {

    private final AssetService assets;

    AssetController(AssetService assets) {
        this.assets = assets;
    }

    /** The list, newest first; each filter is optional, and a cursor must come with the filters it was made with. */
    @GetMapping
    AssetView.Page list(Authentication auth, @RequestParam(defaultValue = "50") int limit,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) String kind,
            @RequestParam(required = false) String state, @RequestParam(required = false) String sort,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String q) {
        AssetFilter filter = AssetFilter.parse(kind, state, sort, from, to, q);
        return assets.list(Caller.of(auth), limit, cursor, filter);
    }

    @GetMapping("/{id}")
    AssetView get(Authentication auth, @PathVariable String id) {
        return assets.view(Caller.of(auth), id);
    }

    /** Redirects to a short-lived download link, so the bytes never pass through the API. */
    @GetMapping("/{id}/content")
    ResponseEntity<Void> content(Authentication auth, @PathVariable String id,
            @RequestParam(required = false) String variant) {
        SignedRequest link = assets.download(Caller.of(auth), id, variant);
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(link.url()))
                .cacheControl(CacheControl.noStore()).build();
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(Authentication auth, @PathVariable String id) {
        assets.delete(Caller.of(auth), id);
        return ResponseEntity.noContent().build();
    }
}
