package com.ccgateway;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import kafka.server.BrokerServer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.awaitility.Awaitility;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import com.ccgateway.emulator.EmulatorApplication;
import com.ccgateway.emulator.GatewayNodes;

/**
 * What the adapter needs around it on one machine: a real Kafka broker (KRaft, in-process) with the
 * adapter's topics, and the emulator over real HTTPS, in this JVM or (the benchmark) in one of its own. The
 * local run and the tests both start it.
 */
public final class LocalStack implements AutoCloseable {

    public static final List<String> TOPICS = List.of(
            "cc.agent.commands", "cc.agent.command-results", "cc.agent.events", "cc.agent.commands.dlq",
            "cc.agent.command-ids");
    public static final int PARTITIONS = 4;
    static final String TRUST_STORE_PASSWORD = "emulator";
    /** The local run's API key for the adapter's REST API, with every scope; the README shows it. */
    public static final String DEV_API_KEY = "local-run-dev-key";
    /** The local run's key for the emulator's control API. */
    public static final String EMULATOR_CONTROL_KEY = "local-run-emulator-key";

    private final EmbeddedKafkaKraftBroker broker;
    /** The emulator in this JVM, or null where it runs as {@link #emulatorProcess}. */
    private final ConfigurableApplicationContext emulator;
    private final Process emulatorProcess;
    private final int emulatorPort;
    private final Path trustStore;

    private LocalStack(EmbeddedKafkaKraftBroker broker, ConfigurableApplicationContext emulator, Process emulatorProcess,
                       int emulatorPort, Path trustStore) {
        this.broker = broker;
        this.emulator = emulator;
        this.emulatorProcess = emulatorProcess;
        this.emulatorPort = emulatorPort;
        this.trustStore = trustStore;
    }

    /**
     * @param kafkaPort    0 for any free port
     * @param emulatorPort 0 for any free port
     * @param emulatorArgs further emulator settings, such as {@code --emulator.poll-hold=2s}
     */
    public static LocalStack start(int kafkaPort, int emulatorPort, Path workDir, String... emulatorArgs) {
        EmbeddedKafkaKraftBroker broker = startBroker(kafkaPort);
        Path trustStore = workDir.resolve("emulator-truststore.p12").toAbsolutePath();
        ConfigurableApplicationContext emulator = EmulatorApplication.start(emulatorArgs(emulatorPort, trustStore, emulatorArgs));
        int port = ((WebServerApplicationContext) emulator).getWebServer().getPort();
        return new LocalStack(broker, emulator, null, port, trustStore);
    }

    /**
     * The same with the emulator in a JVM of its own, started with {@code jvmOptions} and logging to
     * {@code emulator.log} in {@code workDir}: the benchmark's, where the collections of an emulator holding
     * thousands of polls must not pause the broker and the load generator's consumers, which measure.
     */
    public static LocalStack startWithEmulatorProcess(Path workDir, List<String> jvmOptions, String... emulatorArgs)
            throws IOException {
        EmbeddedKafkaKraftBroker broker = startBroker(0);
        Path trustStore = workDir.resolve("emulator-truststore.p12").toAbsolutePath();
        Files.deleteIfExists(trustStore);
        int port = JavaProcess.freePort();
        Process emulator = JavaProcess.start(EmulatorApplication.class, jvmOptions,
                List.of(emulatorArgs(port, trustStore, emulatorArgs)), workDir.resolve("emulator.log"), workDir);
        // its web server accepts connections once its context is refreshed, the certificate written before
        Awaitility.await("the emulator listening").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().failFast("the emulator process ended", () -> !emulator.isAlive())
                .until(() -> {
                    try (Socket socket = new Socket("localhost", port)) {
                        return Files.exists(trustStore);
                    }
                });
        return new LocalStack(broker, null, emulator, port, trustStore);
    }

    /** The process the emulator runs in: its own, or this one. */
    public long emulatorPid() {
        return emulatorProcess != null ? emulatorProcess.pid() : ProcessHandle.current().pid();
    }

    private static EmbeddedKafkaKraftBroker startBroker(int kafkaPort) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        if (kafkaPort != 0) {
            // the KRaft broker ignores kafkaPorts(): the listener pins the port (the controller's, too, chosen
            // free rather than next to it, where a client connection may sit)
            broker.brokerProperty("listeners",
                    "EXTERNAL://localhost:" + kafkaPort + ",CONTROLLER://localhost:" + JavaProcess.freePort());
        }
        broker.afterPropertiesSet();
        createTopics(broker);
        return broker;
    }

    private static String[] emulatorArgs(int port, Path trustStore, String... more) {
        String[] args = new String[more.length + 3];
        args[0] = "--server.port=" + port;
        args[1] = "--emulator.tls.trust-store=" + trustStore;
        args[2] = "--emulator.control-key=" + EMULATOR_CONTROL_KEY;
        System.arraycopy(more, 0, args, 3, more.length);
        return args;
    }

    /** Topics first, and every partition with a leader, or the first sends fail with NOT_LEADER_OR_FOLLOWER. */
    private static void createTopics(EmbeddedKafkaKraftBroker broker) {
        broker.doWithAdmin(LocalStack::createTopics);
    }

    /** The adapter's topics at the broker {@code admin} talks to, once each partition has a leader. */
    public static void createTopics(Admin admin) {
        createTopics(admin, TOPICS, PARTITIONS);
    }

    public static void createTopics(Admin admin, Collection<String> names, int partitions) {
        try {
            admin.createTopics(names.stream().map(name -> new NewTopic(name, partitions, (short) 1)).toList()).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
        // a topic just created may be unknown to the broker's metadata for a moment: describing it fails until then
        Awaitility.await("a leader for every partition of " + names).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> admin.describeTopics(names).allTopicNames().get().values().stream()
                        .allMatch(t -> t.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())));
    }

    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    public int emulatorPort() {
        return emulatorPort;
    }

    public String emulatorUrl() {
        return "https://localhost:" + emulatorPort();
    }

    /**
     * The nodes of an emulator running as a cluster, each with its own URL; empty for a single node, and for an
     * emulator in a JVM of its own (the benchmark's, a single node).
     */
    public Map<String, String> nodeUrls() {
        Map<String, String> urls = new LinkedHashMap<>();
        if (emulator == null) {
            return urls;
        }
        emulator.getBean(GatewayNodes.class).ports().forEach((node, port) -> urls.put(node, "https://localhost:" + port));
        return urls;
    }

    /** Stops the broker and starts it again on the same port with the same data, as an operator's restart. */
    public void restartBroker(Duration down) {
        Collection<BrokerServer> brokers = broker.getCluster().brokers().values();
        brokers.forEach(BrokerServer::shutdown);
        brokers.forEach(BrokerServer::awaitShutdown);
        try {
            Thread.sleep(down.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        brokers.forEach(BrokerServer::startup);
    }

    public Path trustStore() {
        return trustStore;
    }

    public String trustStorePassword() {
        return TRUST_STORE_PASSWORD;
    }

    public EmbeddedKafkaKraftBroker broker() {
        return broker;
    }

    /** The adapter's settings that point it at this broker and emulator, trusting the emulator's certificate. */
    public Map<String, Object> adapterProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("camel.component.kafka.brokers", bootstrapServers());
        properties.put("cc.gateway.base-url", emulatorUrl());
        properties.put("cc.gateway.tls.trust-store", "file:" + trustStore);
        properties.put("cc.gateway.tls.trust-store-password", TRUST_STORE_PASSWORD);
        nodeUrls().forEach((node, url) -> properties.put("cc.gateway.nodes." + node, url));
        properties.put("cc.access.api-keys[0].name", "local-run");
        properties.put("cc.access.api-keys[0].sha256", sha256(DEV_API_KEY));
        properties.put("cc.access.api-keys[0].scopes", "calls,sessions,admin");
        // the emulator console calls the adapter from the browser
        properties.put("cc.access.cors-origins", emulatorUrl());
        return properties;
    }


    public static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (emulator != null) {
            emulator.close();
        } else {
            emulatorProcess.destroy();
        }
        broker.destroy();
    }
}
