package com.ccgateway.adapter.command;

import java.time.Instant;
import java.util.Map;

/**
 * A validated command.
 *
 * @param deadline   for call control, when it stops being worth sending ({@code expiresAt} or time-to-live)
 * @param signIn     the sign-in details, for {@code SIGN_IN} only
 * @param receivedAt when the adapter took the command in
 */
public record Command(String commandId, CommandType type, String agentId, Instant deadline, SignIn signIn,
                      Instant receivedAt) {

    /**
     * The exchange properties a command runs with: itself, and the fields the routes read as properties of their
     * own (the type's name, for predicates against text). Simple's OGNL ({@code ${exchangeProperty.command.agentId}})
     * would build a bean expression and copy the exchange on every evaluation.
     */
    public Map<String, Object> exchangeProperties() {
        return Map.of("command", this, "commandId", commandId, "commandType", type.name(), "agentId", agentId);
    }

    /**
     * What makes two commands one, for the command-ids topic and the recorded results: the agent and the
     * commandId. Two agents' commands with the same commandId are two commands.
     */
    public String idempotencyKey() {
        return idempotencyKey(agentId, commandId);
    }

    public static String idempotencyKey(String agentId, String commandId) {
        return agentId + "/" + commandId;
    }

    /** Sign-in details. The password lives in memory only and is never printed. */
    public record SignIn(String password, String phoneNumber, boolean phoneLinkage) {

        @Override
        public String toString() {
            return "SignIn[password=****, phoneNumber=" + phoneNumber + ", phoneLinkage=" + phoneLinkage + "]";
        }
    }
}
