package io.assetgate.server.processing.notify;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.assetgate.server.security.Owner;

/**
 * Feeds SSE subscribers from the event log. Reading the shared log, rather than listening to
 * this JVM's events, means a subscriber sees events made by every instance, and can resume
 * after a reconnect from its {@code Last-Event-ID}.
 */
@Component
class EventStream implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventStream.class);
    static final Duration POLL = Duration.ofMillis(300);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    private static final Duration MAX_CONNECTION = Duration.ofMinutes(30);

    private final EventLog events;
    private final EventSequencer sequencer;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService poller;
    private ExecutorService senders;

    private volatile boolean running;

    EventStream(EventLog events, EventSequencer sequencer) {
        this.events = events;
        this.sequencer = sequencer;
    }

    private static final class Subscriber {
        final Owner owner;
        final SseEmitter emitter;
        volatile long cursor;
        volatile long lastSentAt = System.nanoTime();
        /** Set while a sender works for this subscriber: one at a time, in order. */
        final AtomicBoolean sending = new AtomicBoolean();

        Subscriber(Owner owner, SseEmitter emitter, long cursor) {
            this.owner = owner;
            this.emitter = emitter;
            this.cursor = cursor;
        }
    }

    /** A stream of {@code owner}'s events after {@code lastEventId}, or from now when it is null. */
    SseEmitter subscribe(Owner owner, String lastEventId) {
        return subscribe(owner, lastEventId, new SseEmitter(MAX_CONNECTION.toMillis()));
    }

    /** {@link #subscribe(Owner, String)} onto a given emitter: a test's stands in for a client that stops reading. */
    SseEmitter subscribe(Owner owner, String lastEventId, SseEmitter emitter) {
        if (!running) {
            emitter.complete();
            return emitter;
        }
        // "From now" means after every event committed so far, so those get their positions first.
        sequenceQuietly();
        long cursor = lastEventId == null || lastEventId.isBlank() ? events.head() : events.seqOf(lastEventId);
        Subscriber subscriber = new Subscriber(owner, emitter, cursor);
        emitter.onCompletion(() -> subscribers.remove(subscriber));
        emitter.onTimeout(() -> subscribers.remove(subscriber));
        emitter.onError(e -> subscribers.remove(subscriber));
        synchronized (this) {
            if (!running) {
                // Shutting down: a stream opened now would hold graceful shutdown again. It ends at
                // once, and the client reconnects to another instance or to this one restarted.
                emitter.complete();
                return emitter;
            }
            subscribers.add(subscriber);
        }
        // A first comment commits the response, so the client knows it is subscribed.
        send(subscriber, SseEmitter.event().comment("subscribed"));
        return emitter;
    }

    private void sequenceQuietly() {
        try {
            sequencer.sequence();
        } catch (RuntimeException e) {
            log.debug("Event sequencing failed; the next poll tries again", e);
        }
    }

    private void poll() {
        sequenceQuietly();
        for (Subscriber s : subscribers) {
            // Each subscriber is served on a virtual thread of its own: a client that reads
            // slowly blocks only its own writes, not the poller or the other subscribers.
            if (s.sending.compareAndSet(false, true)) {
                try {
                    senders.execute(() -> {
                        try {
                            deliver(s);
                        } finally {
                            s.sending.set(false);
                        }
                    });
                } catch (RejectedExecutionException stopping) {
                    s.sending.set(false);
                }
            }
        }
    }

    /** Sends the subscriber's events since its cursor, or a keep-alive when it has been quiet. */
    private void deliver(Subscriber s) {
        try {
            for (AssetEvent e : events.after(s.cursor, s.owner, 100)) {
                send(s, SseEmitter.event().id(e.eventId()).name(e.type()).data(e.body(), MediaType.APPLICATION_JSON));
                s.cursor = e.seq();
            }
            if (System.nanoTime() - s.lastSentAt > KEEP_ALIVE.toNanos()) {
                send(s, SseEmitter.event().comment("keep-alive"));
            }
        } catch (RuntimeException e) {
            log.debug("Event stream poll failed", e);
        }
    }

    private void send(Subscriber s, SseEmitter.SseEventBuilder event) {
        try {
            s.emitter.send(event);
            s.lastSentAt = System.nanoTime();
        } catch (IOException | IllegalStateException e) {
            subscribers.remove(s);
            s.emitter.completeWithError(e);
        }
    }

    @Override
    public synchronized void start() {
        running = true;
        senders = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("asset-events-sender-", 0).factory());
        poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("asset-events").daemon().factory());
        poller.scheduleWithFixedDelay(this::poll, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Ends every stream before the web server's graceful shutdown, which otherwise waits its
     * whole timeout for these never-ending requests. Clients reconnect, to another instance
     * or to this one restarted, and resume from their {@code Last-Event-ID}.
     */
    @Override
    public synchronized void stop() {
        running = false;
        poller.shutdownNow();
        senders.shutdownNow();
        subscribers.forEach(s -> s.emitter.complete());
        subscribers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops in the first group, before the web server's graceful shutdown (a lower phase). */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
