package com.ccgateway.adapter.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.json.JsonMapper;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A dead letter never carries a password, whatever the record around it looks like. */
class CommandRequestsTest {

    private static final String SECRET = "s3cret pass";

    private final CommandRequests requests = new CommandRequests(Clock.systemUTC(), JsonMapper.builder().build());

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"SIGN_IN\",\"agentId\":\"101\",\"password\":\"s3cret pass\"}",
            "{\"type\":\"SIGN_IN\",\"agentId\":\"101\",\"Password\":\"s3cret pass\"}",
            "{\"command\":{\"PASSWORD\":\"s3cret pass\"},\"list\":[{\"password\":\"s3cret pass\"}]}",
            "\"{\\\"type\\\":\\\"SIGN_IN\\\",\\\"password\\\":\\\"s3cret pass\\\"}\"",
            "{\"type\":\"SIGN_IN\",\"agentId\":\"101\",\"password\": \"s3cret pass\",}",
            "{\"type\":\"SIGN_IN\",\"agentId\":\"101\",\"password\":\"s3cret pass",
            "{\"type\":\"SIGN_IN\",\"password\": s3cret pass, \"agentId\":\"101\"",
            "{\"type\":\"SIGN_IN\",\"password\":\"s3cret \\\"pass\\\" s3cret pass\",",
            "type=SIGN_IN&agentId=101&password=s3cret pass"})
    void everyPasswordIsMasked(String value) {
        assertThat(deadLetter(value)).doesNotContain(SECRET).doesNotContain("s3cret");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"type\":\"SIGN_IN\",\"agentId\":\"101\",\"password\": \"s3cret pass\",}|{\"type\":\"SIGN_IN\",\"agentId\":\"101\",\"password\": \"****\",}",
            "{\"type\":\"SIGN_IN\",\"password\":\"s3cret pass|{\"type\":\"SIGN_IN\",\"password\":\"****\"",
            "{\"type\":\"REJECT_CALL\",\"agentId\":\"101\"|{\"type\":\"REJECT_CALL\",\"agentId\":\"101\""})
    void whatIsNotAPasswordIsKept(String value, String deadLetter) {
        assertThat(deadLetter(value)).isEqualTo(deadLetter);
    }

    @ParameterizedTest
    @ValueSource(ints = {5_000, 100_000})
    void aLongPasswordInTextThatIsNotJsonIsMaskedToo(int length) {
        String password = "x".repeat(length);

        assertThat(deadLetter("{\"type\":\"SIGN_IN\",\"password\":\"" + password + "\",}"))
                .isEqualTo("{\"type\":\"SIGN_IN\",\"password\":\"****\",}");
    }

    private String deadLetter(String value) {
        Instant now = Instant.now();
        CommandRequest request = new CommandRequest(value.getBytes(StandardCharsets.UTF_8), "value", Map.of(), "101",
                "cc.agent.commands-0-1", now, now);
        return new String(requests.deadLetterValue(request), StandardCharsets.UTF_8);
    }
}
