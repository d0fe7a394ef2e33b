package com.ccgateway.emulator;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/** Every agent the emulated gateway knows, by agent ID, and the gateway's own timers. */
@Component
class AgentDirectory {

    private static final Logger log = LoggerFactory.getLogger(AgentDirectory.class);
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,9}");

    private final ConcurrentMap<String, EmulatedAgent> agents = new ConcurrentHashMap<>();
    private final EmulatorProperties properties;
    private final EventStream eventStream;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService timers =
            Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("emulator-timer-"));

    AgentDirectory(EmulatorProperties properties, EventStream eventStream) {
        this.properties = properties;
        this.eventStream = eventStream;
        timers.scheduleWithFixedDelay(this::signOutIdleAgents, 1, 1, TimeUnit.SECONDS);
    }

    /** The agent, created on first use, or empty when the ID is outside the gateway's range. */
    Optional<EmulatedAgent> agent(String agentId) {
        if (!isValid(agentId)) {
            return Optional.empty();
        }
        return Optional.of(agents.computeIfAbsent(agentId, id -> new EmulatedAgent(id, properties, clock, eventStream::publish)));
    }

    Optional<EmulatedAgent> existing(String agentId) {
        return Optional.ofNullable(agents.get(agentId));
    }

    /** Every agent the emulator has seen, by agent ID. */
    List<EmulatedAgent.AgentView> views() {
        return agents.values().stream().map(EmulatedAgent::view)
                .sorted(Comparator.comparing(view -> Integer.parseInt(view.agentId()))).toList();
    }

    /** Rings the agent's phone; the call ends by itself after the ring timeout unless answered or rejected. */
    boolean ring(EmulatedAgent agent, String callId) {
        long ring = agent.ring(callId);
        if (ring < 0) {
            return false;
        }
        timers.schedule(() -> agent.ringTimedOut(ring), properties.ringTimeout().toMillis(), TimeUnit.MILLISECONDS);
        return true;
    }

    private void signOutIdleAgents() {
        agents.values().forEach(agent -> {
            if (agent.signOutIfIdle(clock.instant())) {
                log.info("Agent {} signed out: no event poll for {}", agent.view().agentId(), properties.idleSignOut());
            }
        });
    }

    private boolean isValid(String agentId) {
        if (agentId == null || !DECIMAL.matcher(agentId).matches()) {
            return false;
        }
        int id = Integer.parseInt(agentId);
        return id >= properties.agentIdMin() && id <= properties.agentIdMax();
    }

    @PreDestroy
    void stop() {
        timers.shutdownNow();
    }
}
