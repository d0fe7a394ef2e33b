package com.ccgateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Holds the emulator to the seed page and gateway-api.md: each interface, each precondition, each error
 * code it claims to produce, then the behaviours over time (events, rotation, timeouts) and the control API.
 */
class EmulatorConformanceTest {

    /** The agent's state before the call. */
    enum State { NEW, SIGNED_IN, NO_LINKAGE, RINGING, RINGING_NO_LINKAGE, TALKING }

    /** Which Guid the call presents. */
    enum Presented { NONE, OWN, OTHER_AGENTS, MADE_UP }

    private static final AtomicInteger NEXT_AGENT = new AtomicInteger(2000);
    private static final Map<String, Object> SIGN_IN = Map.of("password", "secret", "phonenum", "7001", "phonelinkage", true);
    private static EmulatorClient emulator;

    @BeforeAll
    static void start() throws Exception {
        emulator = new EmulatorClient(Path.of("target", "conformance", "mode2"), "--emulator.poll-hold=500ms",
                "--emulator.guid-interval=1s", "--emulator.guid-timeout=3s", "--emulator.idle-sign-out=4s",
                "--emulator.ring-timeout=1500ms");
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @AfterEach
    void resetFaults() {
        emulator.control("DELETE", "/faults", null);
    }

    static Stream<Arguments> interfaces() {
        return Stream.of(
                Arguments.of("sign-in", State.NEW, "PUT", "/onlineagent/{id}", Presented.NONE, SIGN_IN, "0"),
                Arguments.of("sign-in without password", State.NEW, "PUT", "/onlineagent/{id}", Presented.NONE, Map.of("phonenum", "7001"), "100-001"),
                Arguments.of("sign-in without body", State.NEW, "PUT", "/onlineagent/{id}", Presented.NONE, null, "100-001"),
                Arguments.of("sign-in with a 33-character password", State.NEW, "PUT", "/onlineagent/{id}", Presented.NONE, Map.of("password", "x".repeat(33)), "100-001"),
                Arguments.of("sign-in with a 25-digit phone number", State.NEW, "PUT", "/onlineagent/{id}", Presented.NONE, Map.of("password", "p", "phonenum", "1".repeat(25)), "100-001"),
                Arguments.of("sign-in when signed in", State.SIGNED_IN, "PUT", "/onlineagent/{id}", Presented.NONE, SIGN_IN, "100-002"),
                Arguments.of("sign-in of agent 100", State.NEW, "PUT", "/onlineagent/100", Presented.NONE, SIGN_IN, "000-002"),
                Arguments.of("sign-in of agent 60000", State.NEW, "PUT", "/onlineagent/60000", Presented.NONE, SIGN_IN, "000-002"),
                Arguments.of("sign-in of agent abc", State.NEW, "PUT", "/onlineagent/abc", Presented.NONE, SIGN_IN, "000-002"),
                Arguments.of("forcelogin when signed in", State.SIGNED_IN, "PUT", "/onlineagent/{id}/forcelogin", Presented.NONE, SIGN_IN, "0"),
                Arguments.of("updateGuid", State.SIGNED_IN, "PUT", "/onlineagent/{id}/updateGuid", Presented.OWN, null, "0"),
                Arguments.of("updateGuid without Guid", State.SIGNED_IN, "PUT", "/onlineagent/{id}/updateGuid", Presented.NONE, null, "100-006"),
                Arguments.of("sign-out", State.SIGNED_IN, "DELETE", "/onlineagent/{id}/logout", Presented.OWN, null, "0"),
                Arguments.of("sign-out without Guid", State.SIGNED_IN, "DELETE", "/onlineagent/{id}/logout", Presented.NONE, null, "100-006"),
                Arguments.of("sign-out with another agent's Guid", State.SIGNED_IN, "DELETE", "/onlineagent/{id}/logout", Presented.OTHER_AGENTS, null, "100-006"),
                Arguments.of("sign-out when never signed in", State.NEW, "DELETE", "/onlineagent/{id}/logout", Presented.MADE_UP, null, "100-006"),
                Arguments.of("event poll", State.SIGNED_IN, "GET", "/agentevent/{id}", Presented.OWN, null, "0"),
                Arguments.of("event poll with a made-up Guid", State.SIGNED_IN, "GET", "/agentevent/{id}", Presented.MADE_UP, null, "100-006"),
                Arguments.of("event poll when never signed in", State.NEW, "GET", "/agentevent/{id}", Presented.NONE, null, "100-006"),
                Arguments.of("phonehangup, ringing", State.RINGING, "POST", "/voicecall/{id}/phonehangup", Presented.OWN, null, "0"),
                Arguments.of("phonehangup, no ringing call", State.SIGNED_IN, "POST", "/voicecall/{id}/phonehangup", Presented.OWN, null, "100-007"),
                Arguments.of("phonehangup, linkage off", State.RINGING_NO_LINKAGE, "POST", "/voicecall/{id}/phonehangup", Presented.OWN, null, "100-007"),
                Arguments.of("phonehangup, talking", State.TALKING, "POST", "/voicecall/{id}/phonehangup", Presented.OWN, null, "100-007"),
                Arguments.of("phonehangup without Guid", State.RINGING, "POST", "/voicecall/{id}/phonehangup", Presented.NONE, null, "100-006"),
                Arguments.of("phonehangup with another agent's Guid", State.RINGING, "POST", "/voicecall/{id}/phonehangup", Presented.OTHER_AGENTS, null, "100-006"),
                Arguments.of("phonehangup when never signed in", State.NEW, "POST", "/voicecall/{id}/phonehangup", Presented.MADE_UP, null, "100-006"),
                Arguments.of("phonehangup of agent 60000", State.NEW, "POST", "/voicecall/60000/phonehangup", Presented.MADE_UP, null, "000-002"),
                Arguments.of("phonepickup, ringing", State.RINGING, "POST", "/voicecall/{id}/phonepickup", Presented.OWN, null, "0"),
                Arguments.of("phonepickup, no ringing call", State.SIGNED_IN, "POST", "/voicecall/{id}/phonepickup", Presented.OWN, null, "100-007"),
                Arguments.of("phonepickup, linkage off", State.RINGING_NO_LINKAGE, "POST", "/voicecall/{id}/phonepickup", Presented.OWN, null, "100-007"),
                Arguments.of("phonepickup without Guid", State.RINGING, "POST", "/voicecall/{id}/phonepickup", Presented.NONE, null, "100-006"));
    }

    @ParameterizedTest(name = "{0}: {6}")
    @MethodSource("interfaces")
    void answersWithTheDocumentedRetcode(String name, State state, String method, String path, Presented presented,
                                         Object body, String retcode) {
        String agentId = newAgentId();
        String guid = prepare(agentId, state);
        String presentedGuid = switch (presented) {
            case NONE -> null;
            case OWN -> guid;
            case OTHER_AGENTS -> signIn(newAgentId(), true);
            case MADE_UP -> "279fe21d-2caa-4437-84c3-ab9e9dae20f5.AgentGateway1";
        };

        EmulatorClient.Answer answer = emulator.gateway(method, path.replace("{id}", agentId), presentedGuid, body);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.retcode()).as(answer.body().toString()).isEqualTo(retcode);
        assertThat(answer.body().has("message")).isTrue();
    }

    @Test
    void signInIssuesAGuidNamingTheNodeAndQueuesTheSignInEvents() {
        String agentId = newAgentId();
        EmulatorClient.Answer signedIn = emulator.gateway("PUT", "/onlineagent/" + agentId, null, SIGN_IN);

        assertThat(signedIn.setGuid().orElseThrow()).matches("JSESSIONID=[0-9a-f-]{36}\\.AgentGateway1");
        assertThat(signedIn.body().path("result").path("workno").asText()).isEqualTo(agentId);
        assertThat(events(agentId, signedIn.guid(), 3))
                .containsExactly("AgentOther_InService", "AgentState_Ready", "AgentEvent_linkageCapability");
    }

    @Test
    void rejectQueuesPhoneReleaseThenNoAnswerWithTheCallId() {
        String agentId = newAgentId();
        String guid = prepare(agentId, State.RINGING);

        assertThat(emulator.gateway("POST", "/voicecall/" + agentId + "/phonehangup", guid, null).retcode()).isEqualTo("0");

        List<EmulatorClient.Answer> answers = polls(agentId, guid, 2);
        assertThat(answers.get(0).eventType()).isEqualTo("AgentOther_PhoneRelease");
        assertThat(answers.get(0).body().path("event").path("content").path("phoneState").asInt()).isEqualTo(2);
        assertThat(answers.get(1).eventType()).isEqualTo("AgentEvent_No_Answer");
        assertThat(answers.get(1).body().path("event").path("content").asText()).isEqualTo("call-" + agentId);
    }

    @Test
    void answerQueuesOffhookThenTalking() {
        String agentId = newAgentId();
        String guid = prepare(agentId, State.RINGING);

        emulator.gateway("POST", "/voicecall/" + agentId + "/phonepickup", guid, null);

        assertThat(events(agentId, guid, 2)).containsExactly("AgentOther_PhoneOffhook", "AgentEvent_Talking");
        assertThat(emulator.control("GET", "/agents/" + agentId, null).body().path("phone").asText()).isEqualTo("TALKING");
    }

    @Test
    void unansweredCallEndsAfterTheRingTimeoutReleasedByThePlatform() throws InterruptedException {
        String agentId = newAgentId();
        String guid = prepare(agentId, State.RINGING);

        Thread.sleep(2000);

        List<EmulatorClient.Answer> answers = polls(agentId, guid, 2);
        assertThat(answers.get(0).eventType()).isEqualTo("AgentEvent_No_Answer");
        assertThat(answers.get(1).eventType()).isEqualTo("AgentOther_PhoneRelease");
        assertThat(answers.get(1).body().path("event").path("content").path("phoneState").asInt()).isEqualTo(3);
    }

    @Test
    void pollWithoutEventIsHeldThenAnsweredEmpty() {
        String agentId = newAgentId();
        String guid = signIn(agentId, false);
        polls(agentId, guid, 2);

        long started = System.nanoTime();
        EmulatorClient.Answer empty = emulator.gateway("GET", "/agentevent/" + agentId, guid, null);

        assertThat(empty.retcode()).isEqualTo("0");
        assertThat(empty.body().path("event").isMissingNode() || empty.body().path("event").isNull()).isTrue();
        assertThat(System.nanoTime() - started).isGreaterThan(400_000_000L);
    }

    @Test
    void authMode2RotatesTheGuidOnAPollAndRefusesItAfterTheTimeout() throws InterruptedException {
        String agentId = newAgentId();
        String first = signIn(agentId, true);
        Thread.sleep(1100);

        String second = emulator.gateway("GET", "/agentevent/" + agentId, first, null).guid();

        assertThat(second).isNotEqualTo(first).endsWith(".AgentGateway1");
        // the old Guid stays good until GUIDTIMEOUT (3 s after it was issued), then it gets 000-003
        assertThat(emulator.gateway("POST", "/voicecall/" + agentId + "/phonehangup", first, null).retcode()).isEqualTo("100-007");
        Thread.sleep(2200);
        assertThat(emulator.gateway("POST", "/voicecall/" + agentId + "/phonehangup", first, null).retcode()).isEqualTo("000-003");
        assertThat(emulator.gateway("POST", "/voicecall/" + agentId + "/phonehangup", second, null).retcode()).isEqualTo("100-007");
    }

    @Test
    void updateGuidIssuesANewGuidAndKeepsTheOldOneUntilItTimesOut() {
        String agentId = newAgentId();
        String first = signIn(agentId, true);

        EmulatorClient.Answer updated = emulator.gateway("PUT", "/onlineagent/" + agentId + "/updateGuid", first, null);

        String second = updated.body().path("result").path("guid").asText();
        assertThat(second).isNotEqualTo(first).endsWith(".AgentGateway1");
        assertThat(emulator.gateway("POST", "/voicecall/" + agentId + "/phonehangup", first, null).retcode()).isEqualTo("100-007");
        assertThat(emulator.gateway("POST", "/voicecall/" + agentId + "/phonehangup", second, null).retcode()).isEqualTo("100-007");
    }

    @Test
    void authMode1KeepsTheGuidForTheWholeSession() throws Exception {
        try (EmulatorClient static1 = new EmulatorClient(Path.of("target", "conformance", "mode1"),
                "--emulator.auth-mode=1", "--emulator.guid-interval=1s", "--emulator.guid-timeout=2s",
                "--emulator.poll-hold=500ms")) {
            String agentId = newAgentId();
            String guid = static1.gateway("PUT", "/onlineagent/" + agentId, null, SIGN_IN).guid();
            Thread.sleep(2500);

            EmulatorClient.Answer poll = static1.gateway("GET", "/agentevent/" + agentId, guid, null);

            assertThat(poll.retcode()).isEqualTo("0");
            assertThat(poll.setGuid()).isEmpty();
        }
    }

    @Test
    void agentThatStopsPollingIsSignedOut() throws InterruptedException {
        String agentId = newAgentId();
        String guid = signIn(agentId, true);

        Thread.sleep(6000);

        assertThat(emulator.control("GET", "/agents/" + agentId, null).body().path("signedIn").asBoolean()).isFalse();
        assertThat(emulator.gateway("GET", "/agentevent/" + agentId, guid, null).retcode()).isEqualTo("100-006");
    }

    @Test
    void controlApiRefusesToRingAnAgentThatIsNotSignedInAndMasksGuids() {
        String agentId = newAgentId();
        assertThat(emulator.control("POST", "/agents/" + agentId + "/incoming-call", null).status()).isEqualTo(409);
        assertThat(emulator.control("GET", "/agents/" + agentId, null).status()).isEqualTo(404);

        String guid = signIn(agentId, true);
        emulator.gateway("GET", "/agentevent/" + agentId, guid, null);

        String journal = emulator.control("GET", "/requests?agentId=" + agentId, null).body().toString();
        assertThat(journal).contains("****.AgentGateway1").doesNotContain(guid.substring(0, 36));
        assertThat(emulator.control("GET", "/agents/" + agentId, null).body().toString()).doesNotContain(guid.substring(0, 36));
    }

    @Test
    void faultsApplyToTheirInterfaceAndAgentForTheirNumberOfTimes() {
        String agentId = newAgentId();
        String guid = prepare(agentId, State.SIGNED_IN);
        emulator.control("POST", "/faults", Map.of("interfaceName", "phonehangup", "agentId", agentId,
                "retcode", "000-007", "times", 1));
        emulator.control("POST", "/faults", Map.of("interfaceName", "phonepickup", "httpStatus", 503));
        emulator.control("POST", "/faults", Map.of("interfaceName", "updateGuid", "probability", 0.0, "retcode", "000-004"));

        assertThat(emulator.gateway("POST", "/voicecall/" + agentId + "/phonehangup", guid, null).retcode()).isEqualTo("000-007");
        assertThat(emulator.gateway("POST", "/voicecall/" + agentId + "/phonehangup", guid, null).retcode()).isEqualTo("100-007");
        assertThat(emulator.gateway("POST", "/voicecall/" + agentId + "/phonepickup", guid, null).status()).isEqualTo(503);
        assertThat(emulator.gateway("PUT", "/onlineagent/" + agentId + "/updateGuid", guid, null).retcode()).isEqualTo("0");

        emulator.control("DELETE", "/faults", null);
        assertThat(emulator.gateway("POST", "/voicecall/" + agentId + "/phonepickup", guid, null).status()).isEqualTo(200);
    }

    @Test
    void delayFaultSlowsTheAnswer() {
        String agentId = newAgentId();
        String guid = prepare(agentId, State.SIGNED_IN);
        emulator.control("POST", "/faults", Map.of("agentId", agentId, "delay", "PT0.6S", "jitter", "PT0.2S"));

        long started = System.nanoTime();
        emulator.gateway("POST", "/voicecall/" + agentId + "/phonehangup", guid, null);

        assertThat(System.nanoTime() - started).isGreaterThan(600_000_000L);
    }

    @Test
    void clusterSpreadsSignInsOverItsNodesAndOnlyTheSessionsNodeKnowsIt() throws Exception {
        try (EmulatorClient cluster = new EmulatorClient(Path.of("target", "conformance", "cluster"),
                "--emulator.nodes=2", "--emulator.poll-hold=500ms")) {
            String first = newAgentId();
            String second = newAgentId();
            EmulatorClient.Answer firstSignIn = cluster.gateway("PUT", "/onlineagent/" + first, null, SIGN_IN);
            EmulatorClient.Answer secondSignIn = cluster.gateway("PUT", "/onlineagent/" + second, null, SIGN_IN);
            String node = firstSignIn.guid().substring(firstSignIn.guid().lastIndexOf('.') + 1);
            String otherNode = node.equals("AgentGateway0") ? "AgentGateway1" : "AgentGateway0";

            assertThat(secondSignIn.guid()).endsWith("." + otherNode);
            assertThat(firstSignIn.setCookie().orElseThrow()).startsWith("AGW_NODE=" + node + ";");
            String poll = "/agentevent/" + first;
            String guid = firstSignIn.guid();
            assertThat(cluster.gatewayAt(cluster.nodeUrl(node), "GET", poll, guid, null, null).retcode()).isEqualTo("0");
            assertThat(cluster.gatewayAt(cluster.nodeUrl(otherNode), "GET", poll, guid, null, null).retcode()).isEqualTo("100-006");
            // the load balancer routes by the cookie, else by the node the Guid names
            assertThat(cluster.gatewayAt(cluster.loadBalancerUrl(), "GET", poll, guid, null, null).retcode()).isEqualTo("0");
            assertThat(cluster.gatewayAt(cluster.loadBalancerUrl(), "GET", poll, guid, "AGW_NODE=" + otherNode, null)
                    .retcode()).isEqualTo("100-006");
            assertThat(cluster.gatewayAt(cluster.loadBalancerUrl(), "GET", poll, guid, "AGW_NODE=" + node, null)
                    .retcode()).isEqualTo("0");
        }
    }

    private static String prepare(String agentId, State state) {
        return switch (state) {
            case NEW -> null;
            case SIGNED_IN -> signIn(agentId, true);
            case NO_LINKAGE -> signIn(agentId, false);
            case RINGING, RINGING_NO_LINKAGE, TALKING -> {
                String guid = signIn(agentId, state != State.RINGING_NO_LINKAGE);
                assertThat(emulator.control("POST", "/agents/" + agentId + "/incoming-call",
                        Map.of("callId", "call-" + agentId)).status()).isEqualTo(200);
                if (state == State.TALKING) {
                    emulator.gateway("POST", "/voicecall/" + agentId + "/phonepickup", guid, null);
                }
                polls(agentId, guid, state == State.TALKING ? 6 : (state == State.RINGING ? 4 : 3));
                yield guid;
            }
        };
    }

    private static String signIn(String agentId, boolean linkage) {
        return emulator.gateway("PUT", "/onlineagent/" + agentId, null,
                Map.of("password", "secret", "phonelinkage", linkage)).guid();
    }

    /** The next {@code count} events of the agent, each from one poll. */
    private static List<String> events(String agentId, String guid, int count) {
        return polls(agentId, guid, count).stream().map(EmulatorClient.Answer::eventType).toList();
    }

    private static List<EmulatorClient.Answer> polls(String agentId, String guid, int count) {
        List<EmulatorClient.Answer> answers = new ArrayList<>();
        while (answers.size() < count) {
            EmulatorClient.Answer answer = emulator.gateway("GET", "/agentevent/" + agentId, guid, null);
            assertThat(answer.retcode()).isEqualTo("0");
            if (answer.eventType() != null) {
                answers.add(answer);
            }
        }
        return answers;
    }

    private static String newAgentId() {
        return String.valueOf(NEXT_AGENT.incrementAndGet());
    }
}
