package com.ccgateway.emulator;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps the most recent gateway requests, with every header as received, so integrators (and tests) can
 * see exactly what a client sent. Credentials are masked: the Guid and any cookie.
 */
@Component
class RequestJournal extends OncePerRequestFilter {

    private static final Pattern AGENT_PATH = Pattern.compile("^/agentgateway/resource/[^/]+/([^/]+)");

    private final Deque<Entry> entries = new ArrayDeque<>();
    private final int capacity;
    private final GatewayNodes nodes;

    RequestJournal(EmulatorProperties properties, GatewayNodes nodes) {
        this.capacity = properties.requestJournal();
        this.nodes = nodes;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/agentgateway/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            String key = name.toLowerCase(Locale.ROOT);
            String value = String.join(", ", Collections.list(request.getHeaders(name)));
            headers.put(key, switch (key) {
                case "guid" -> GuidMask.mask(value);
                case "cookie" -> "****";
                default -> value;
            });
        }
        Matcher agent = AGENT_PATH.matcher(request.getRequestURI());
        record(new Entry(Instant.now(), request.getMethod(), request.getRequestURI(),
                agent.find() ? agent.group(1) : null, nodes.entry(request), headers));
        chain.doFilter(request, response);
    }

    private synchronized void record(Entry entry) {
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(entry);
    }

    /** Oldest first; only those of one agent when {@code agentId} is given. */
    synchronized List<Entry> entries(String agentId) {
        return entries.stream().filter(e -> agentId == null || agentId.equals(e.agentId())).toList();
    }

    /** @param reached the node whose own port the request reached, or {@code load-balancer} */
    record Entry(Instant at, String method, String path, String agentId, String reached, Map<String, String> headers) {
    }
}
