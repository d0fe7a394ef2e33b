package com.ccgateway.emulator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Faults injected into the gateway interface through {@code /emulator/faults}: each matches an
 * interface (such as {@code phonehangup}) and optionally one agent, adds latency, then answers with a
 * chosen retcode, an HTTP error status, or a connection dropped halfway through the answer. The first
 * fault that matches a request applies to it.
 */
@Component
class Faults implements HandlerInterceptor {

    private static final Pattern GATEWAY_PATH =
            Pattern.compile("^/agentgateway/resource/([^/]+)/([^/]+)(?:/([^/]+))?");

    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final ObjectMapper json;

    Faults(ObjectMapper json) {
        this.json = json;
    }

    /**
     * @param interfaceName {@code onlineagent} (sign-in), {@code logout}, {@code agentevent}, {@code phonehangup};
     *                      null for every interface
     * @param agentId       null for every agent
     * @param delay         latency added before the answer
     * @param jitter        a further random latency between zero and this
     * @param probability   the share of matching requests it applies to, 0 to 1; null for all
     * @param retcode       answer HTTP 200 with this retcode and {@code message}
     * @param httpStatus    answer with this HTTP status instead
     * @param drop          send half an answer, then close the connection
     * @param times         how many requests it applies to; null until reset
     */
    record Fault(Long id, String interfaceName, String agentId, Duration delay, Duration jitter, Double probability,
                 String retcode, String message, Integer httpStatus, boolean drop, Integer times, AtomicInteger used) {

        /** The latency this request gets. */
        long delayMillis() {
            long fixed = delay == null ? 0 : delay.toMillis();
            return jitter == null ? fixed : fixed + ThreadLocalRandom.current().nextLong(jitter.toMillis() + 1);
        }
    }

    Fault add(Fault fault) {
        Fault added = new Fault(ids.incrementAndGet(), fault.interfaceName(), fault.agentId(), fault.delay(),
                fault.jitter(), fault.probability(), fault.retcode(), fault.message(), fault.httpStatus(), fault.drop(),
                fault.times(), new AtomicInteger());
        faults.add(added);
        return added;
    }

    List<Fault> list() {
        return List.copyOf(faults);
    }

    void reset() {
        faults.clear();
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException, InterruptedException {
        Matcher path = GATEWAY_PATH.matcher(request.getRequestURI());
        if (!path.find()) {
            return true;
        }
        String agentId = path.group(2);
        String interfaceName = path.group(3) != null ? path.group(3) : path.group(1);
        Optional<Fault> matching = take(interfaceName, agentId);
        if (matching.isEmpty()) {
            return true;
        }
        Fault fault = matching.get();
        Thread.sleep(fault.delayMillis());
        if (fault.drop()) {
            response.setContentType("application/json;charset=UTF-8");
            response.setContentLength(1024);
            OutputStream body = response.getOutputStream();
            body.write("{\"message\":".getBytes(StandardCharsets.UTF_8));
            body.flush();
            // the answer is committed and short: the container can only close the connection
            throw new IOException("emulator fault: connection dropped");
        }
        if (fault.httpStatus() != null) {
            response.sendError(fault.httpStatus());
            return false;
        }
        if (fault.retcode() != null) {
            response.setContentType("application/json;charset=UTF-8");
            String message = fault.message() != null ? fault.message() : "emulator fault " + fault.retcode();
            json.writeValue(response.getOutputStream(), new GatewayReply(message, fault.retcode(), "", null));
            return false;
        }
        return true;
    }

    private Optional<Fault> take(String interfaceName, String agentId) {
        for (Fault fault : faults) {
            if ((fault.interfaceName() == null || fault.interfaceName().equals(interfaceName))
                    && (fault.agentId() == null || fault.agentId().equals(agentId))
                    && (fault.probability() == null || ThreadLocalRandom.current().nextDouble() < fault.probability())
                    && (fault.times() == null || fault.used().getAndIncrement() < fault.times())) {
                return Optional.of(fault);
            }
        }
        return Optional.empty();
    }
}
