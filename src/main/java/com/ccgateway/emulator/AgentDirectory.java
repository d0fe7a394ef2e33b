package com.ccgateway.emulator;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

/** Every agent the emulated gateway knows, by agent ID. */
@Component
class AgentDirectory {

    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,9}");

    private final ConcurrentMap<String, EmulatedAgent> agents = new ConcurrentHashMap<>();
    private final EmulatorProperties properties;

    AgentDirectory(EmulatorProperties properties) {
        this.properties = properties;
    }

    /** The agent, created on first use, or empty when the ID is outside the gateway's range. */
    Optional<EmulatedAgent> agent(String agentId) {
        if (!isValid(agentId)) {
            return Optional.empty();
        }
        return Optional.of(agents.computeIfAbsent(agentId, EmulatedAgent::new));
    }

    Optional<EmulatedAgent> existing(String agentId) {
        return Optional.ofNullable(agents.get(agentId));
    }

    private boolean isValid(String agentId) {
        if (agentId == null || !DECIMAL.matcher(agentId).matches()) {
            return false;
        }
        int id = Integer.parseInt(agentId);
        return id >= properties.agentIdMin() && id <= properties.agentIdMax();
    }
}
