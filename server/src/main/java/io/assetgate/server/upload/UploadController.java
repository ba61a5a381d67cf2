package io.assetgate.server.upload;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.assetgate.server.asset.AssetView;
import io.assetgate.server.security.Caller;
import io.assetgate.server.web.ApiException;

/** The upload endpoints of the API (docs/api.md). The state machine itself lives in {@link UploadService}. */
@RestController
@RequestMapping("/v1/uploads")
class UploadController {

    private static final int MAX_IDEMPOTENCY_KEY = 255;

    private final UploadService uploads;

    UploadController(UploadService uploads) {
        this.uploads = uploads;
    }

    @PostMapping
    ResponseEntity<UploadView> create(Authentication auth, @Valid @RequestBody CreateUploadRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY)) {
            throw ApiException.validation("Idempotency-Key", "must be 1 to " + MAX_IDEMPOTENCY_KEY + " characters");
        }
        UploadView view = uploads.create(Caller.of(auth), request, idempotencyKey);
        // An existing asset was found, not created: 200, as the contract says.
        return ResponseEntity.status(view.mode() == UploadMode.EXISTING ? HttpStatus.OK : HttpStatus.CREATED)
                .body(view);
    }

    @GetMapping("/{id}")
    UploadView get(Authentication auth, @PathVariable String id) {
        return uploads.get(Caller.of(auth), id);
    }

    @PostMapping("/{id}/parts")
    Map<String, List<MultipartUploads.PartTarget>> parts(Authentication auth, @PathVariable String id,
            @RequestBody SignPartsRequest request) {
        return Map.of("parts", uploads.signParts(Caller.of(auth), id, request.partNumbers()));
    }

    /**
     * SINGLE uploads send no body, or {@code {"checksum": ...}} computed while sending; MULTIPART
     * uploads send {@code {"parts": [{partNumber, etag, checksum?}]}}.
     */
    @PostMapping("/{id}/complete")
    AssetView complete(Authentication auth, @PathVariable String id,
            @RequestBody(required = false) CompleteUploadRequest request) {
        return uploads.complete(Caller.of(auth), id, request == null ? null : request.parts(),
                request == null ? null : request.checksum());
    }


    /** The proxied path for clients that cannot reach the storage: the body is streamed, never buffered. */
    @PutMapping("/{id}/content")
    AssetView content(Authentication auth, @PathVariable String id, HttpServletRequest request) throws IOException {
        return uploads.putContent(Caller.of(auth), id, request.getInputStream(), request.getContentLengthLong());
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> abort(Authentication auth, @PathVariable String id) {
        uploads.abort(Caller.of(auth), id);
        return ResponseEntity.noContent().build();
    }
}
