package com.ccgateway.adapter;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import com.ccgateway.LocalStack;

/**
 * Starts the broker and the emulator once per test JVM, on free ports, and points the adapter's test
 * context at them. Every test class uses the same initializer, so Spring caches one context for all.
 */
public class LocalStackInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static LocalStack stack;

    /** Agents on this node are called at its own URL; those on the others through the load balancer. */
    public static final String DIRECT_NODE = "AgentGateway0";

    static final String SESSIONS_ONLY_KEY = "sessions-only-key";

    /**
     * The emulator runs as a cluster of two nodes behind its load balancer, holds polls briefly, and rotates
     * every Guid each second with a short GUIDTIMEOUT: every test then runs across nodes and rotations, and
     * an adapter that sent a call to the wrong node or missed a rotation would fail within seconds.
     */
    public static synchronized LocalStack stack() {
        if (stack == null) {
            stack = LocalStack.start(0, 0, Path.of("target", "test-stack"), "--emulator.nodes=2",
                    "--emulator.poll-hold=2s", "--emulator.guid-interval=1s", "--emulator.guid-timeout=10s",
                    "--emulator.ring-timeout=8s",
                    // every agent of the suite polls on: tests reading an agent's requests back need more than 500 kept
                    "--emulator.request-journal=5000");
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "test-stack-shutdown"));
        }
        return stack;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Map<String, Object> properties = new HashMap<>(stack().adapterProperties());
        properties.keySet().removeIf(key -> key.startsWith("cc.gateway.nodes.") && !key.endsWith(DIRECT_NODE));
        // short enough for the timeout tests, long enough for a 2-core machine under load
        properties.put("cc.gateway.response-timeout", "2s");
        // failed event polls back off within a test's time
        properties.put("cc.sessions.retry-delay", "200ms");
        properties.put("cc.sessions.max-retry-delay", "1s");
        // a second API key, for sessions only, and an OAuth2 issuer: AccessTest tries both against each scope
        properties.put("cc.access.api-keys[1].name", "sessions-only");
        properties.put("cc.access.api-keys[1].sha256", LocalStack.sha256(SESSIONS_ONLY_KEY));
        properties.put("cc.access.api-keys[1].scopes", "sessions");
        properties.put("spring.security.oauth2.resourceserver.jwt.public-key-location",
                "file:" + TestTokens.publicKey(Path.of("target", "test-stack")));
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("local-stack", properties));
    }
}
