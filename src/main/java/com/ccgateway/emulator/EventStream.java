package com.ccgateway.emulator;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Every event the emulated gateway queues, as it happens, to whoever watches (the console), as server-sent
 * events. Sending happens on a thread of its own: a slow watcher never holds up an agent. A comment every
 * 15 s finds watchers that went away; at shutdown the streams end first, so the web server need not wait.
 */
@Component
class EventStream implements SmartLifecycle {

    private final List<SseEmitter> watchers = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService sender =
            Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("emulator-event-stream-"));
    private volatile boolean running;

    /** A new watcher; the stream stays open until the watcher goes or the emulator stops. */
    SseEmitter watch() {
        SseEmitter watcher = new SseEmitter(0L);
        watcher.onCompletion(() -> watchers.remove(watcher));
        watcher.onError(failure -> watchers.remove(watcher));
        watchers.add(watcher);
        return watcher;
    }

    void publish(GatewayEvent event) {
        if (!watchers.isEmpty()) {
            sender.execute(() -> send(SseEmitter.event().name("gateway-event").data(event)));
        }
    }

    private void send(SseEmitter.SseEventBuilder event) {
        watchers.forEach(watcher -> {
            try {
                watcher.send(event);
            } catch (IOException | IllegalStateException gone) {
                watchers.remove(watcher);
            }
        });
    }

    @Override
    public void start() {
        sender.scheduleWithFixedDelay(() -> send(SseEmitter.event().comment("keep-alive")), 15, 15, TimeUnit.SECONDS);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        watchers.forEach(SseEmitter::complete);
        sender.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
