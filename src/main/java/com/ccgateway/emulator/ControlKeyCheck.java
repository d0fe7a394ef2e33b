package com.ccgateway.emulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * The control API rings phones and injects faults: only a caller with the emulator's control key
 * ({@code X-Emulator-Key}, {@code emulator.control-key}) may use it. The gateway interface itself is
 * protected as the gateway's is, by sign-in and Guid.
 */
class ControlKeyCheck implements HandlerInterceptor {

    static final String HEADER = "X-Emulator-Key";

    private final byte[] key;

    ControlKeyCheck(String key) {
        this.key = key == null || key.isBlank() ? null : key.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        String given = request.getHeader(HEADER);
        if (key != null && given != null && MessageDigest.isEqual(key, given.getBytes(StandardCharsets.UTF_8))) {
            return true;
        }
        HttpStatus status = given == null ? HttpStatus.UNAUTHORIZED : HttpStatus.FORBIDDEN;
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + status.getReasonPhrase()
                + "\",\"status\":" + status.value() + ",\"detail\":\"the control API needs the emulator's control key in "
                + HEADER + (key == null ? " (emulator.control-key is not set)" : "") + "\"}");
        return false;
    }
}
