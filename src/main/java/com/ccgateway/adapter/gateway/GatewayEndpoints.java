package com.ccgateway.adapter.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * Makes each gateway endpoint once, before the {@code gateway-request} step looks it up. Camel creates a
 * missing endpoint without a lock, so the first calls of a burst (commands of many agents side by side after
 * a start) each built one: a truststore load, an SSL context and a connection pool apiece, all but one
 * discarded.
 */
@Component("gatewayEndpoints")
public class GatewayEndpoints {

    private final CamelContext camel;
    private final Map<String, Endpoint> created = new ConcurrentHashMap<>();

    public GatewayEndpoints(CamelContext camel) {
        this.camel = camel;
    }

    public void create(@ExchangeProperty("gatewayEndpoint") String uri) {
        created.computeIfAbsent(uri, camel::getEndpoint);
    }
}
