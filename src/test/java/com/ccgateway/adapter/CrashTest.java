package com.ccgateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.ccgateway.JavaProcess;
import com.ccgateway.LocalStack;

/**
 * The adapter as its own process, with its own broker and emulator: 2,000 commands for 200 agents, and
 * mid-stream the adapter is killed with SIGKILL (then started again), or the broker is restarted. Afterwards
 * every commandId has exactly one result, and the emulator received at most one phonehangup per command.
 */
class CrashTest {

    private static final Logger LOG = LoggerFactory.getLogger(CrashTest.class);
    private static final int AGENTS = 200;
    private static final int COMMANDS_PER_AGENT = 10;
    private static final int COMMANDS = AGENTS * COMMANDS_PER_AGENT;

    private final Path workDir = Path.of("target", "crash-test").toAbsolutePath();
    private final Map<String, JsonNode> firstResults = new ConcurrentHashMap<>();
    private final List<String> resultIds = new CopyOnWriteArrayList<>();
    private final List<Process> adapters = new ArrayList<>();
    private LocalStack stack;
    private Thread resultReader;
    private volatile boolean reading = true;

    @BeforeEach
    void startStack() throws IOException {
        Files.createDirectories(workDir);
        stack = LocalStack.start(JavaProcess.freePort(), 0, workDir, "--emulator.request-journal=100000",
                "--emulator.poll-hold=2s");
        resultReader = new Thread(this::readResults, "crash-test-results");
        resultReader.setDaemon(true);
        resultReader.start();
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        reading = false;
        adapters.forEach(Process::destroyForcibly);
        for (Process adapter : adapters) {
            adapter.waitFor();
        }
        resultReader.join(5_000);
        stack.close();
    }

    @Test
    void adapterKilledMidStreamLosesNothingAndCallsNothingTwice() throws Exception {
        Process adapter = startAdapter("killed");
        List<Map<String, Object>> commands = sendCommands();

        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> resultIds.size() >= COMMANDS / 4);
        adapter.destroyForcibly();  // SIGKILL: no shutdown hook, no commit, in-flight calls cut off
        assertThat(adapter.waitFor()).isEqualTo(137);
        startAdapter("restarted");

        assertEveryCommandAnsweredOnceAndCalledAtMostOnce(commands);
    }

    @Test
    void brokerRestartedMidStreamLosesNothingAndCallsNothingTwice() throws Exception {
        startAdapter("through-restart");
        List<Map<String, Object>> commands = sendCommands();

        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> resultIds.size() >= COMMANDS / 4);
        stack.restartBroker(Duration.ofSeconds(3));

        assertEveryCommandAnsweredOnceAndCalledAtMostOnce(commands);
    }

    /** Per agent: a sign-in, then rejects; all agents interleaved, each agent's in order on its partition. */
    private List<Map<String, Object>> sendCommands() {
        List<Map<String, Object>> commands = new ArrayList<>();
        String expiresAt = Instant.now().plus(Duration.ofMinutes(10)).toString();
        for (int round = 0; round < COMMANDS_PER_AGENT; round++) {
            for (int agent = 0; agent < AGENTS; agent++) {
                String agentId = String.valueOf(2000 + agent);
                String commandId = "crash-" + agentId + "-" + round;
                commands.add(round == 0
                        ? Map.of("type", "SIGN_IN", "commandId", commandId, "agentId", agentId, "password", "pw-" + agentId)
                        : Map.of("type", "REJECT_CALL", "commandId", commandId, "agentId", agentId, "expiresAt", expiresAt));
            }
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            commands.forEach(command -> producer.send(new ProducerRecord<>(KafkaTestClient.COMMANDS,
                    (String) command.get("agentId"), KafkaTestClient.json(command))));
        }
        return commands;
    }

    private void assertEveryCommandAnsweredOnceAndCalledAtMostOnce(List<Map<String, Object>> commands) {
        Awaitility.await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                .until(() -> firstResults.size() >= COMMANDS);
        // time for any second result to show
        Awaitility.await().pollDelay(Duration.ofSeconds(3)).until(() -> true);

        LOG.info("Results by outcome: {}", firstResults.values().stream().collect(Collectors.groupingBy(
                r -> r.path("status").asText() + " " + r.path("error").path("reason").asText(""), Collectors.counting())));
        Map<String, Long> resultsPerCommand = resultIds.stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(resultsPerCommand.keySet())
                .containsExactlyInAnyOrderElementsOf(commands.stream().map(c -> (String) c.get("commandId")).toList());
        assertThat(resultsPerCommand).allSatisfy((commandId, count) -> assertThat(count).as(commandId).isEqualTo(1));

        // the gateway gets no commandId, so per agent: every call is a counted attempt, or the one call of a
        // command whose outcome the adapter could not know after the crash
        JsonNode requests = HttpTestClient.emulatorOf(stack).get("/emulator/requests").json().path("requests");
        Map<String, Long> callsPerAgent = new ConcurrentHashMap<>();
        requests.forEach(r -> {
            if (r.path("path").asText().endsWith("/phonehangup")) {
                callsPerAgent.merge(r.path("agentId").asText(), 1L, Long::sum);
            }
        });
        IntStream.range(0, AGENTS).mapToObj(agent -> String.valueOf(2000 + agent)).forEach(agentId -> {
            List<JsonNode> results = firstResults.values().stream()
                    .filter(r -> agentId.equals(r.path("agentId").asText()) && "REJECT_CALL".equals(r.path("type").asText()))
                    .toList();
            long attempts = results.stream().mapToLong(r -> r.path("attempts").asLong()).sum();
            long unknown = results.stream()
                    .filter(r -> "OUTCOME_UNKNOWN".equals(r.path("error").path("reason").asText())).count();
            long calls = callsPerAgent.getOrDefault(agentId, 0L);
            assertThat(calls).as("phonehangups of agent " + agentId).isBetween(attempts, attempts + unknown);
        });
    }

    private void readResults() {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = IntStream.range(0, LocalStack.PARTITIONS)
                    .mapToObj(p -> new TopicPartition(KafkaTestClient.RESULTS, p)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (reading) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    JsonNode result = KafkaTestClient.parse(record.value());
                    String commandId = result.path("commandId").asText();
                    resultIds.add(commandId);
                    firstResults.putIfAbsent(commandId, result);
                });
            }
        }
    }

    private Process startAdapter(String name) throws IOException {
        Map<String, Object> properties = new LinkedHashMap<>(stack.adapterProperties());
        Process adapter = JavaProcess.adapter(JavaProcess.freePort(), properties,
                workDir.resolve("adapter-" + name + ".log"), workDir);
        adapters.add(adapter);
        return adapter;
    }
}
