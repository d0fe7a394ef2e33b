package com.ccgateway.adapter.command;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperties;
import org.springframework.stereotype.Component;

import com.ccgateway.adapter.command.InvalidCommandException.PartialCommand;

/**
 * Turns a {@link CommandRequest} from any entry into a valid {@link Command}, or throws an
 * {@link InvalidCommandException} naming the first offending field. The one place input is validated.
 */
@Component("commandParser")
public class CommandParser {

    public static final String MALFORMED_JSON = "MALFORMED_JSON";
    public static final String MISSING_FIELD = "MISSING_FIELD";
    public static final String INVALID_FIELD = "INVALID_FIELD";
    public static final String UNKNOWN_TYPE = "UNKNOWN_TYPE";
    public static final String TOO_LARGE = "TOO_LARGE";

    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,9}");
    private static final Pattern COMMAND_ID = Pattern.compile("[\\x21-\\x7E]{1,128}");
    private static final String TYPES = Arrays.toString(CommandType.values());
    private static final int MAX_PASSWORD = 32;
    private static final int MAX_PHONE_NUMBER = 24;

    private final ObjectMapper json;
    private final CommandProperties properties;

    public CommandParser(ObjectMapper json, CommandProperties properties) {
        this.json = json;
        this.properties = properties;
    }

    public Command parse(CommandRequest request) {
        ObjectNode fields = readObject(request);
        request.fixedFields().forEach(fields::put);
        Parsing parsing = new Parsing(fields);

        // until a valid commandId is read, errors carry the derived one: never echo unchecked input
        parsing.commandId = request.requestId();
        String commandId = optionalText(parsing, "commandId");
        if (commandId != null) {
            if (!COMMAND_ID.matcher(commandId).matches()) {
                throw parsing.invalid("commandId", INVALID_FIELD, "commandId must be 1 to 128 printable ASCII characters");
            }
            parsing.commandId = commandId;
        }
        parsing.type = type(parsing);
        parsing.agentId = agentId(parsing);
        // one agent's commands keep their order only on one partition, which the key chooses
        if (request.key() == null) {
            throw parsing.invalid("key", MISSING_FIELD, "the record key must be the agentId " + parsing.agentId);
        }
        if (!request.key().equals(parsing.agentId)) {
            throw parsing.invalid("key", INVALID_FIELD, "the record key must be the agentId " + parsing.agentId);
        }
        return switch (parsing.type) {
            case REJECT_CALL, ANSWER_CALL -> new Command(parsing.commandId, parsing.type, parsing.agentId,
                    deadline(parsing, request), null, request.receivedAt());
            case SIGN_IN -> new Command(parsing.commandId, parsing.type, parsing.agentId, null,
                    signIn(parsing), request.receivedAt());
            case SIGN_OUT -> new Command(parsing.commandId, parsing.type, parsing.agentId, null, null,
                    request.receivedAt());
        };
    }

    /** Sets the command's {@link Command#exchangeProperties() exchange properties}. */
    public void keepAsProperties(@Body Command command, @ExchangeProperties Map<String, Object> properties) {
        properties.putAll(command.exchangeProperties());
    }

    /** Validates an agent ID on its own, as REST paths carry it. */
    public String agentId(String agentId) {
        ObjectNode fields = json.createObjectNode().put("agentId", agentId);
        return agentId(new Parsing(fields));
    }

    private ObjectNode readObject(CommandRequest request) {
        byte[] payload = request.payload();
        if (payload != null && payload.length > properties.maxSize().toBytes()) {
            throw new InvalidCommandException(request.payloadName(), TOO_LARGE, request.payloadName() + " has "
                    + payload.length + " bytes: a command is at most " + properties.maxSize().toBytes(), partial(request));
        }
        if (payload == null || payload.length == 0) {
            if (!request.fixedFields().isEmpty()) {
                return json.createObjectNode();
            }
            throw new InvalidCommandException(request.payloadName(), MALFORMED_JSON,
                    request.payloadName() + " is empty: a command is a JSON object", partial(request));
        }
        try {
            JsonNode node = json.readTree(payload);
            if (node instanceof ObjectNode object) {
                return object;
            }
            throw new InvalidCommandException(request.payloadName(), MALFORMED_JSON,
                    request.payloadName() + " must be a JSON object, not " + kind(node), partial(request));
        } catch (IOException e) {
            throw new InvalidCommandException(request.payloadName(), MALFORMED_JSON,
                    request.payloadName() + " is not valid JSON", partial(request));
        }
    }

    private static PartialCommand partial(CommandRequest request) {
        Map<String, String> fixed = request.fixedFields();
        String commandId = fixed.get("commandId");
        return new PartialCommand(commandId != null && COMMAND_ID.matcher(commandId).matches() ? commandId : request.requestId(),
                fixed.containsKey("type") ? CommandType.valueOf(fixed.get("type")) : null, null);
    }

    private static CommandType type(Parsing parsing) {
        String type = optionalText(parsing, "type");
        if (type == null) {
            throw parsing.invalid("type", MISSING_FIELD, "type is required: one of " + TYPES);
        }
        try {
            return CommandType.valueOf(type);
        } catch (IllegalArgumentException e) {
            throw parsing.invalid("type", UNKNOWN_TYPE, "type must be one of " + TYPES);
        }
    }

    private String agentId(Parsing parsing) {
        String agentId = optionalText(parsing, "agentId");
        if (agentId == null) {
            throw parsing.invalid("agentId", MISSING_FIELD, "agentId is required");
        }
        if (!DECIMAL.matcher(agentId).matches()
                || Integer.parseInt(agentId) < properties.agentIdMin()
                || Integer.parseInt(agentId) > properties.agentIdMax()) {
            throw parsing.invalid("agentId", INVALID_FIELD, "agentId must be a decimal string in "
                    + properties.agentIdMin() + ".." + properties.agentIdMax());
        }
        return agentId;
    }

    private Instant deadline(Parsing parsing, CommandRequest request) {
        String expiresAt = optionalText(parsing, "expiresAt");
        if (expiresAt == null) {
            return request.createdAt().plus(properties.timeToLive());
        }
        try {
            return OffsetDateTime.parse(expiresAt).toInstant();
        } catch (DateTimeParseException e) {
            throw parsing.invalid("expiresAt", INVALID_FIELD,
                    "expiresAt must be an ISO-8601 date-time with offset, such as 2030-01-01T12:00:00Z");
        }
    }

    private static Command.SignIn signIn(Parsing parsing) {
        String password = optionalText(parsing, "password");
        if (password == null || password.isEmpty()) {
            throw parsing.invalid("password", MISSING_FIELD, "password is required to sign in");
        }
        if (password.length() > MAX_PASSWORD) {
            throw parsing.invalid("password", INVALID_FIELD, "password must be at most " + MAX_PASSWORD + " characters");
        }
        String phoneNumber = optionalText(parsing, "phoneNumber");
        if (phoneNumber != null && phoneNumber.length() > MAX_PHONE_NUMBER) {
            throw parsing.invalid("phoneNumber", INVALID_FIELD,
                    "phoneNumber must be at most " + MAX_PHONE_NUMBER + " characters");
        }
        JsonNode linkage = parsing.fields.get("phoneLinkage");
        if (linkage != null && !linkage.isNull() && !linkage.isBoolean()) {
            throw parsing.invalid("phoneLinkage", INVALID_FIELD, "phoneLinkage must be true or false");
        }
        // phone linkage is what reject-call needs, so it is on unless the command says otherwise
        return new Command.SignIn(password, phoneNumber, linkage == null || linkage.isNull() || linkage.booleanValue());
    }

    private static String optionalText(Parsing parsing, String field) {
        JsonNode value = parsing.fields.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw parsing.invalid(field, INVALID_FIELD, field + " must be a string, not " + kind(value));
        }
        return value.textValue();
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case STRING -> "a string";
            default -> "null";
        };
    }

    /** What has been read so far, for the partial command an error carries. */
    private static final class Parsing {
        final ObjectNode fields;
        String commandId;
        CommandType type;
        String agentId;

        Parsing(ObjectNode fields) {
            this.fields = fields;
        }

        InvalidCommandException invalid(String field, String reason, String description) {
            return new InvalidCommandException(field, reason, description, new PartialCommand(commandId, type, agentId));
        }
    }
}
