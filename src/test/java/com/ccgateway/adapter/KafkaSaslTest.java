package com.ccgateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.SaslConfigs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import com.ccgateway.LocalStack;

/**
 * Kafka security passes through from {@code camel.component.kafka.*} to every client of the adapter: at a
 * broker whose only client listener wants SASL/PLAIN, the adapter consumes commands, records their IDs, reads
 * its results back, and publishes results and events. Without the settings it could do none of it.
 */
class KafkaSaslTest {

    private static final String PLAIN = "org.apache.kafka.common.security.plain.PlainLoginModule required";

    private static EmbeddedKafkaKraftBroker broker;
    private static ConfigurableApplicationContext adapter;
    private static KafkaTestClient crm;

    @BeforeAll
    static void startBrokerAndAdapter() {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperty("listener.security.protocol.map", "EXTERNAL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
        broker.brokerProperty("sasl.enabled.mechanisms", "PLAIN");
        broker.brokerProperty("sasl.mechanism.inter.broker.protocol", "PLAIN");
        broker.brokerProperty("listener.name.external.plain.sasl.jaas.config", PLAIN
                + " username=\"broker\" password=\"broker-secret\" user_broker=\"broker-secret\""
                + " user_adapter=\"adapter-secret\" user_crm=\"crm-secret\";");
        broker.afterPropertiesSet();
        try (Admin admin = Admin.create(clientOf("crm", "crm-secret"))) {
            LocalStack.createTopics(admin);
        }
        crm = new KafkaTestClient(clientOf("crm", "crm-secret"));
        adapter = OwnAdapter.start("sasl-test", Map.of(
                "camel.component.kafka.brokers", broker.getBrokersAsString(),
                "cc.topics.commands", KafkaTestClient.COMMANDS,
                "camel.component.kafka.security-protocol", "SASL_PLAINTEXT",
                "camel.component.kafka.sasl-mechanism", "PLAIN",
                "camel.component.kafka.sasl-jaas-config", jaas("adapter", "adapter-secret")));
    }

    @AfterAll
    static void stop() {
        if (adapter != null) {
            adapter.close();
        }
        if (crm != null) {
            crm.close();
        }
        broker.destroy();
    }

    @Test
    void commandsResultsAndEventsFlowOverSasl() {
        Agents agents = new Agents(crm);
        String agentId = agents.signedInAgent();
        agents.ring(agentId);

        String commandId = Agents.newCommandId();
        assertThat(agents.rejectViaKafka(agentId, commandId).path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(crm.awaitEvent(agentId, "AgentEvent_No_Answer").path("causationId").asText()).isEqualTo(commandId);

        // the repeated command is answered from the results the adapter read back over SASL
        crm.sendCommand(Map.of("type", "REJECT_CALL", "commandId", commandId, "agentId", agentId));
        assertThat(crm.awaitResults(commandId, 2)).extracting(r -> r.path("status").asText())
                .containsExactly("SUCCEEDED", "SUCCEEDED");
        assertThat(agents.phoneHangUps(agentId)).hasSize(1);
    }

    @Test
    void brokerRefusesClientsWithoutCredentials() {
        try (Admin stranger = Admin.create(clientOf("crm", "wrong-secret"))) {
            assertThatThrownBy(() -> stranger.listTopics().names().get(10, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(org.apache.kafka.common.errors.SaslAuthenticationException.class);
        }
    }

    private static Map<String, Object> clientOf(String user, String password) {
        Map<String, Object> client = new HashMap<>();
        client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        client.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        client.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
        client.put(SaslConfigs.SASL_JAAS_CONFIG, jaas(user, password));
        return client;
    }

    private static String jaas(String user, String password) {
        return PLAIN + " username=\"" + user + "\" password=\"" + password + "\";";
    }
}
