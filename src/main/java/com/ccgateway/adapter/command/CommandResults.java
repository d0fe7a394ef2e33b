package com.ccgateway.adapter.command;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.util.ObjectHelper;
import org.apache.kafka.common.KafkaException;
import org.springframework.stereotype.Component;

import com.ccgateway.adapter.gateway.GatewayError;
import com.ccgateway.adapter.gateway.GatewayReply;
import com.ccgateway.adapter.gateway.GatewayRetries;

/** Makes the result of a command for each way it can end. */
@Component("commandResults")
public class CommandResults {

    public static final String OUTCOME_UNKNOWN = "OUTCOME_UNKNOWN";
    public static final String PROCESSING_FAILED = "PROCESSING_FAILED";

    private final Clock clock;

    public CommandResults(Clock clock) {
        this.clock = clock;
    }

    /** The outcome of a gateway call: SUCCEEDED for retcode "0", otherwise FAILED with the gateway's reason. */
    public CommandResult of(@ExchangeProperty("command") Command command, @Body GatewayReply reply,
                            @ExchangeProperty(GatewayRetries.ATTEMPTS) Integer attempts) {
        if (attempts == null && command.deadline() != null) {
            // it waited for the open circuit breaker until its deadline left no time to try: never called
            return expired(command);
        }
        CommandError error = null;
        if (!reply.succeeded()) {
            GatewayError reason = GatewayError.of(reply);
            error = new CommandError(errorCode(reply), reason.name(), description(reply), reason.retryable(), null);
        }
        return result(command, reply.succeeded() ? CommandStatus.SUCCEEDED : CommandStatus.FAILED,
                reply.retcode(), reply.message(), reply, error, attempts == null ? 0 : attempts);
    }

    /** No session is held for the agent: the gateway would refuse the command, so it is not called. */
    public CommandResult notSignedIn(@ExchangeProperty("command") Command command) {
        CommandError error = new CommandError(null, GatewayError.AGENT_NOT_SIGNED_IN.name(),
                "the adapter holds no gateway session for agent " + command.agentId() + ": sign the agent in first",
                false, null);
        return result(command, CommandStatus.FAILED, null, null, null, error, 0);
    }

    /**
     * A command whose commandId was taken before and has no recorded result: still in progress, or the adapter
     * stopped while it was at the gateway. It is not sent again, so the gateway sees it at most once.
     */
    public CommandResult outcomeUnknown(Command command) {
        CommandError error = new CommandError(null, OUTCOME_UNKNOWN, "command " + command.commandId()
                + " was taken before and its result is not recorded: it is in progress, or the adapter stopped while"
                + " it was at the gateway. It is not sent to the gateway again.", false, null);
        return result(command, CommandStatus.FAILED, null, null, null, error, 0);
    }

    public boolean isExpired(Command command) {
        return command.deadline() != null && clock.instant().isAfter(command.deadline());
    }

    public CommandResult expired(@ExchangeProperty("command") Command command) {
        CommandError error = new CommandError(null, "EXPIRED",
                "the command expired at " + command.deadline() + " before it reached the gateway", false, null);
        return result(command, CommandStatus.EXPIRED, null, null, null, error, 0);
    }

    public CommandResult rejected(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) InvalidCommandException invalid,
                                  @ExchangeProperty("commandRequest") CommandRequest request) {
        InvalidCommandException.PartialCommand partial = invalid.partial();
        Instant completedAt = clock.instant();
        return new CommandResult(partial.commandId(), partial.type(), partial.agentId(), CommandStatus.REJECTED,
                null, null, null,
                new CommandError(null, invalid.reason(), invalid.getMessage(), false, invalid.field()),
                0, request.receivedAt(), completedAt, Duration.between(request.receivedAt(), completedAt).toMillis());
    }

    /**
     * A record whose processing failed unexpectedly. Only the exception's class is told: its message may
     * quote the input or a credential.
     */
    public CommandResult unprocessable(@ExchangeProperty("command") Command command,
                                       @ExchangeProperty("commandRequest") CommandRequest request,
                                       @ExchangeProperty("failureClass") String failureClass) {
        Instant completedAt = clock.instant();
        CommandError error = new CommandError(null, PROCESSING_FAILED,
                "the adapter could not process this record (" + failureClass + "): it is on the dead-letter topic",
                false, null);
        return new CommandResult(command == null ? request.requestId() : command.commandId(),
                command == null ? null : command.type(), command == null ? null : command.agentId(),
                CommandStatus.REJECTED, null, null, null, error, 0, request.receivedAt(), completedAt,
                Duration.between(request.receivedAt(), completedAt).toMillis());
    }

    /** Any failure but the broker's: that one passes when the broker is back, so the record is read again. */
    public boolean isProcessingFailure(Exchange exchange) {
        Exception failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        return ObjectHelper.getException(KafkaException.class, failure) == null;
    }

    /** The result's record key: its agent, or for input without a valid agentId, the command's own key. */
    public String recordKey(CommandResult result, CommandRequest request) {
        return result.agentId() != null ? result.agentId() : request.key();
    }

    private CommandResult result(Command command, CommandStatus status, String retcode, String message,
                                 GatewayReply reply, CommandError error, int attempts) {
        Instant completedAt = clock.instant();
        return new CommandResult(command.commandId(), command.type(), command.agentId(), status, retcode, message,
                reply == null ? null : reply.result(), error, attempts, command.receivedAt(), completedAt,
                Duration.between(command.receivedAt(), completedAt).toMillis());
    }

    private static String errorCode(GatewayReply reply) {
        if (reply.answered()) {
            return reply.retcode();
        }
        return reply.httpStatus() == null ? null : "HTTP " + reply.httpStatus();
    }

    private static String description(GatewayReply reply) {
        if (reply.transportFailure() != null) {
            return reply.transportFailure();
        }
        return reply.message() == null || reply.message().isBlank()
                ? "the gateway answered " + reply.retcode()
                : reply.message();
    }
}
