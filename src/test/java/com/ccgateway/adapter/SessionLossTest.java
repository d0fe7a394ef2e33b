package com.ccgateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.ccgateway.adapter.session.AgentSessions;

/**
 * When the gateway ends an agent's session, the adapter says so on the event topic and signs the agent in
 * again with the credentials it keeps in memory; rejects then work again without a new SIGN_IN.
 */
@AdapterIntegrationTest
class SessionLossTest {

    private final Agents agents = new Agents();
    private final KafkaTestClient kafka = agents.kafka();

    @Test
    void pollRefusedWith100006SignsTheAgentInAgain() {
        String agentId = agents.signedInAgent();

        assertThat(agents.emulator().post("/emulator/agents/" + agentId + "/sign-out", null).status()).isEqualTo(200);

        JsonNode lost = kafka.awaitEvent(agentId, "Adapter_SessionLost");
        assertThat(lost.path("content").path("reason").asText()).isEqualTo("AGENT_NOT_SIGNED_IN");
        assertThat(lost.path("content").path("retcode").asText()).isEqualTo("100-006");
        kafka.awaitEvent(agentId, "Adapter_SessionRestored");
        assertThat(agents.emulatorView(agentId).path("signedIn").asBoolean()).isTrue();
        agents.ring(agentId);
        assertThat(agents.rejectViaKafka(agentId, Agents.newCommandId()).path("status").asText()).isEqualTo("SUCCEEDED");
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"000-003, AUTH_EXPIRED", "105-005, RECOVERY_TIMED_OUT", "105-006, RECOVERY_GUID_MISMATCH",
            "105-007, RECOVERY_OFF"})
    void commandRefusedForTheSessionSignsTheAgentInAgainWithForcelogin(String retcode, String reason) {
        String agentId = agents.signedInAgent();
        agents.ring(agentId);
        agents.emulator().post("/emulator/faults", Map.of("interfaceName", "phonehangup", "agentId", agentId,
                "retcode", retcode, "times", 1));

        JsonNode failed = agents.rejectViaKafka(agentId, Agents.newCommandId());

        assertThat(failed.path("error").path("reason").asText()).isEqualTo(reason);
        JsonNode lost = kafka.awaitEvent(agentId, "Adapter_SessionLost");
        assertThat(lost.path("content").path("reason").asText()).isEqualTo(reason);
        assertThat(lost.path("content").path("retcode").asText()).isEqualTo(retcode);
        // the gateway still held the session (100-002): signing in again had to force it
        kafka.awaitEvent(agentId, "Adapter_SessionRestored");
        assertThat(agents.emulator().get("/emulator/requests?agentId=" + agentId).body()).contains("/forcelogin");
        agents.ring(agentId);
        assertThat(agents.rejectViaKafka(agentId, Agents.newCommandId()).path("status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void signingInAgainHoldsNoPollThread() {
        String agentId = agents.signedInAgent();
        // its sign-in again waits at the gateway, long enough to be seen at it
        agents.emulator().post("/emulator/faults", Map.of("interfaceName", "onlineagent", "agentId", agentId,
                "delay", "PT1.5S", "times", 1));

        assertThat(agents.emulator().post("/emulator/agents/" + agentId + "/sign-out", null).status()).isEqualTo(200);

        // the thread signing it in again is a restore thread: the poll threads, which every agent's answers
        // share, go on (thousands of sessions may end together when a gateway node fails)
        String signingIn = Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10))
                .until(SessionLossTest::threadSigningInAgain, Optional::isPresent).orElseThrow();
        assertThat(signingIn).startsWith("session-restore-");
        kafka.awaitEvent(agentId, "Adapter_SessionRestored");
    }

    private static Optional<String> threadSigningInAgain() {
        return Arrays.stream(ManagementFactory.getThreadMXBean().dumpAllThreads(false, false))
                .filter(thread -> Arrays.stream(thread.getStackTrace()).anyMatch(frame ->
                        frame.getClassName().equals(AgentSessions.class.getName())
                                && frame.getMethodName().equals("signInAgain")))
                .map(ThreadInfo::getThreadName)
                .findFirst();
    }

    @Test
    void failedSignInAgainIsReportedAndTheAgentStaysSignedOut() {
        String agentId = agents.signedInAgent();
        agents.emulator().post("/emulator/faults", Map.of("interfaceName", "onlineagent", "agentId", agentId,
                "retcode", "100-004", "message", "wrong user name or password"));

        agents.emulator().post("/emulator/agents/" + agentId + "/sign-out", null);

        JsonNode failed = kafka.awaitEvent(agentId, "Adapter_SessionRestoreFailed");
        assertThat(failed.path("content").path("reason").asText()).isEqualTo("WRONG_CREDENTIALS");
        JsonNode result = agents.rejectViaKafka(agentId, Agents.newCommandId());
        assertThat(result.path("error").path("reason").asText()).isEqualTo("AGENT_NOT_SIGNED_IN");
        assertThat(result.path("attempts").asInt()).isZero();
    }
}
