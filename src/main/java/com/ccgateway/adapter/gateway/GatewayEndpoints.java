package com.ccgateway.adapter.gateway;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.springframework.stereotype.Component;

/**
 * The camel-http endpoint of each gateway node, made once, which the {@code gateway-request} step sends to as it
 * is. Camel creates a missing endpoint without a lock, so the first calls of a burst (commands of many agents
 * side by side after a start) each built one: a truststore load, an SSL context and a connection pool apiece,
 * all but one discarded. And a {@code toD} given a URI normalizes it, its options parsed, on every call.
 */
@Component("gatewayEndpoints")
public class GatewayEndpoints {

    /**
     * Every status is answered as a {@link GatewayReply} ({@link GatewayReplies#read}), not thrown; sign-out is a
     * DELETE with a body; the answer stays the connection's stream, which {@code read} parses and closes (the
     * connection goes back to the pool then), instead of being copied into a stream cache first; and the answer's
     * message holds the answer's headers only, not copies of the request's (its credentials among them).
     */
    private static final String OPTIONS =
            "?throwExceptionOnFailure=false&deleteWithBody=true&disableStreamCache=true&copyHeaders=false";

    private final CamelContext camel;
    private final Map<URI, Endpoint> byNode = new ConcurrentHashMap<>();

    public GatewayEndpoints(CamelContext camel) {
        this.camel = camel;
    }

    public Endpoint of(URI node) {
        return byNode.computeIfAbsent(node, url -> camel.getEndpoint(url + OPTIONS));
    }
}
