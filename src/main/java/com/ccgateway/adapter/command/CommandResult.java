package com.ccgateway.adapter.command;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The one result every command produces, on {@code cc.agent.command-results} and as the REST response.
 * It never holds a Guid or a password.
 */
public record CommandResult(String commandId, CommandType type, String agentId, CommandStatus status,
                            String retcode, String message, JsonNode result, CommandError error, int attempts,
                            Instant receivedAt, Instant completedAt, long durationMs) {
}
