package com.ccgateway.adapter.gateway;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The gateway's error codes (gateway-api.md) as stable reasons, and whether trying again later may succeed.
 * A code not listed maps to {@link #GATEWAY_ERROR}; a call without an answer to {@link #GATEWAY_UNAVAILABLE}, or
 * to {@link #GATEWAY_REFUSED} when its HTTP status says the request itself is wrong.
 */
public enum GatewayError {
    INVALID_PARAMETER("000-002", false),
    AUTH_EXPIRED("000-003", false),
    AGENT_SWITCHING_OVER("000-004", true),
    MESSAGE_PARAMETER_ERROR("000-006", false),
    GATEWAY_THROTTLED("000-007", true),
    SIGN_IN_PARAMETER_INVALID("100-001", false),
    ALREADY_SIGNED_IN("100-002", false),
    RESOURCE_UNAVAILABLE("100-003", true),
    WRONG_CREDENTIALS("100-004", false),
    INVALID_SIGN_OUT_PARAMETER("100-005", false),
    AGENT_NOT_SIGNED_IN("100-006", false),
    GATEWAY_OPERATION_FAILED("100-007", false),
    AGENT_ALREADY_SIGNED_OUT("100-008", false),
    AGENT_STATE_ERROR("100-009", false),
    RECOVERY_TIMED_OUT("105-005", false),
    RECOVERY_GUID_MISMATCH("105-006", false),
    RECOVERY_OFF("105-007", false),
    GATEWAY_ERROR(null, false),
    /** An HTTP 4xx but 408 and 429: the gateway refused the request itself, and will again. */
    GATEWAY_REFUSED(null, false),
    GATEWAY_UNAVAILABLE(null, true);

    /** Looked up twice per gateway call (a stream over {@code values()} was 1 % of the adapter's CPU at 0 ms). */
    private static final Map<String, GatewayError> BY_RETCODE = Arrays.stream(values())
            .filter(error -> error.retcode != null)
            .collect(Collectors.toUnmodifiableMap(error -> error.retcode, Function.identity()));

    private final String retcode;
    private final boolean retryable;

    GatewayError(String retcode, boolean retryable) {
        this.retcode = retcode;
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The reason for a reply that did not succeed. */
    public static GatewayError of(GatewayReply reply) {
        if (!reply.answered()) {
            return refused(reply.httpStatus()) ? GATEWAY_REFUSED : GATEWAY_UNAVAILABLE;
        }
        return BY_RETCODE.getOrDefault(reply.retcode(), GATEWAY_ERROR);
    }

    /** A 4xx says the request is wrong, except 408 (it came too slowly) and 429 (too many): those may pass. */
    private static boolean refused(Integer httpStatus) {
        return httpStatus != null && httpStatus >= 400 && httpStatus < 500 && httpStatus != 408 && httpStatus != 429;
    }

    /** Codes after which the agent's session at the gateway is gone: the Guid is no longer good. */
    public boolean endsSession() {
        return switch (this) {
            case AUTH_EXPIRED, AGENT_NOT_SIGNED_IN, AGENT_ALREADY_SIGNED_OUT,
                 RECOVERY_TIMED_OUT, RECOVERY_GUID_MISMATCH, RECOVERY_OFF -> true;
            default -> false;
        };
    }
}
