package com.ccgateway.adapter.command;

/**
 * Input that cannot become a command. Carries what could be read before the problem, so that the
 * {@code REJECTED} result still names its command and agent where possible.
 */
public class InvalidCommandException extends RuntimeException {

    private final String field;
    private final String reason;
    private final transient PartialCommand partial;

    InvalidCommandException(String field, String reason, String description, PartialCommand partial) {
        super(description, null, false, false);
        this.field = field;
        this.reason = reason;
        this.partial = partial;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }

    public PartialCommand partial() {
        return partial;
    }

    /** The parts of a command read before the input turned out invalid; any may be null. */
    public record PartialCommand(String commandId, CommandType type, String agentId) {
    }
}
