package io.assetgate.server.processing.notify;

import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.assetgate.server.security.Caller;

/** {@code GET /v1/events}: the caller's own asset events as server-sent events. */
@RestController
class EventStreamController {

    private final EventStream stream;

    EventStreamController(EventStream stream) {
        this.stream = stream;
    }

    /** Owner isolation: the stream MUST carry only events of the caller's own assets, admins included. */
    @GetMapping(path = "/v1/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(Authentication auth, @RequestHeader(value = "Last-Event-ID", required = false) String last) {
        return stream.subscribe(Caller.of(auth).owner(), last);
    }
}
