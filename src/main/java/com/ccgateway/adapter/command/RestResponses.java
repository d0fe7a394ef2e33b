package com.ccgateway.adapter.command;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Headers;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import com.ccgateway.adapter.gateway.GatewayError;
import com.ccgateway.adapter.session.AgentSessions;

/**
 * The REST entry's answers. A command's answer is its result, with a status that says how it ended;
 * invalid input is an RFC 9457 problem naming the field.
 */
@Component("restResponses")
public class RestResponses {

    private static final String JSON = "application/json";
    private static final String PROBLEM_JSON = "application/problem+json";

    private final CommandParser parser;
    private final AgentSessions sessions;

    public RestResponses(CommandParser parser, AgentSessions sessions) {
        this.parser = parser;
        this.sessions = sessions;
    }

    /** Sets the HTTP status and content type for the result; returns the body to send. */
    public Object commandAnswer(@Body CommandResult result, @Headers Map<String, Object> headers) {
        HttpStatus status = statusOf(result);
        headers.put(Exchange.HTTP_RESPONSE_CODE, status.value());
        if (result.status() != CommandStatus.REJECTED) {
            headers.put(Exchange.CONTENT_TYPE, JSON);
            return result;
        }
        headers.put(Exchange.CONTENT_TYPE, PROBLEM_JSON);
        return problem(status, result.error(), result);
    }

    /** {@code GET /api/v1/agents/{agentId}/session}: the session's state, never its Guid. */
    public Object sessionState(@Header("agentId") String agentId, @Headers Map<String, Object> headers) {
        try {
            String valid = parser.agentId(agentId);
            headers.put(Exchange.HTTP_RESPONSE_CODE, HttpStatus.OK.value());
            headers.put(Exchange.CONTENT_TYPE, JSON);
            return sessions.describe(valid);
        } catch (InvalidCommandException invalid) {
            headers.put(Exchange.HTTP_RESPONSE_CODE, HttpStatus.BAD_REQUEST.value());
            headers.put(Exchange.CONTENT_TYPE, PROBLEM_JSON);
            return problem(HttpStatus.BAD_REQUEST,
                    new CommandError(null, invalid.reason(), invalid.getMessage(), false, invalid.field()), null);
        }
    }

    static HttpStatus statusOf(CommandResult result) {
        return switch (result.status()) {
            case SUCCEEDED -> HttpStatus.OK;
            case REJECTED -> CommandParser.TOO_LARGE.equals(result.error().reason())
                    ? HttpStatus.PAYLOAD_TOO_LARGE : HttpStatus.BAD_REQUEST;
            case EXPIRED -> HttpStatus.GONE;
            case FAILED -> failureStatus(result.error());
        };
    }

    /** Unreachable gateway: 502. Transient: 503. The agent's state (or an earlier request) forbids it: 409. Anything else: 422. */
    private static HttpStatus failureStatus(CommandError error) {
        if (CommandResults.OUTCOME_UNKNOWN.equals(error.reason())) {
            return HttpStatus.CONFLICT;
        }
        return switch (GatewayError.valueOf(error.reason())) {
            case GATEWAY_UNAVAILABLE, GATEWAY_REFUSED -> HttpStatus.BAD_GATEWAY;
            case AGENT_SWITCHING_OVER, GATEWAY_THROTTLED, RESOURCE_UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case AGENT_NOT_SIGNED_IN, AUTH_EXPIRED, ALREADY_SIGNED_IN, AGENT_ALREADY_SIGNED_OUT,
                 GATEWAY_OPERATION_FAILED, AGENT_STATE_ERROR -> HttpStatus.CONFLICT;
            default -> HttpStatus.UNPROCESSABLE_ENTITY;
        };
    }

    private static Map<String, Object> problem(HttpStatus status, CommandError error, CommandResult result) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", "Invalid " + error.field());
        problem.put("status", status.value());
        problem.put("detail", error.description());
        problem.put("field", error.field());
        problem.put("reason", error.reason());
        if (result != null) {
            problem.put("result", result);
        }
        return problem;
    }
}
