package com.ccgateway.adapter.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import org.springframework.util.unit.DataSize;

import com.ccgateway.adapter.HostileInput;

/**
 * The parser, the one place input is validated, against random and mutated input: whatever a sender puts
 * on the topic or in a body, the answer is a valid command or an {@link InvalidCommandException} naming a
 * field; no other exception escapes, and a valid command always has an agentId the gateway URL can carry.
 */
class CommandParserPropertiesTest {

    private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules().build();
    private static final Pattern AGENT_ID = Pattern.compile("\"agentId\"\\s*:\\s*\"([^\"]*)\"");
    private final CommandParser parser = new CommandParser(JSON,
            new CommandProperties(101, 59999, Duration.ofSeconds(30), DataSize.ofKilobytes(16)));

    @Property(tries = 2000)
    void anyBytesAreACommandOrANamedRefusal(@ForAll @Size(max = 512) byte[] value, @ForAll("keys") String key) {
        assertParsesOrRefuses(value, key);
    }

    @Property(tries = 3000)
    void mutatedCommandsAreACommandOrANamedRefusal(@ForAll("mutatedCommands") String value) {
        // keyed as a sender keys it, by the agentId it names: past the key check, to the fields behind it
        Matcher agentId = AGENT_ID.matcher(value);
        assertParsesOrRefuses(value.getBytes(StandardCharsets.UTF_8), agentId.find() ? agentId.group(1) : null);
    }

    private void assertParsesOrRefuses(byte[] value, String key) {
        Instant now = Instant.now();
        CommandRequest request = new CommandRequest(value, "value", Map.of(), key, "cc.agent.commands-0-1", now, now);
        try {
            Command command = parser.parse(request);
            assertThat(command.agentId()).matches("[0-9]{3,5}");
            assertThat(Integer.parseInt(command.agentId())).isBetween(101, 59999);
            assertThat(command.commandId()).matches("[\\x21-\\x7E]{1,128}");
        } catch (InvalidCommandException refused) {
            assertThat(refused.field()).isNotBlank();
            assertThat(refused.reason()).isNotBlank();
            assertThat(refused.getMessage()).contains(refused.field());
        }
    }

    @Provide
    Arbitrary<String> mutatedCommands() {
        return HostileInput.commands();
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.of("101", "59999", "abc", "../101"),
                Arbitraries.strings().ofMaxLength(12));
    }
}
