package com.ccgateway;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;

import com.ccgateway.adapter.AdapterApplication;

/**
 * A main class of this project in a JVM of its own, with this JVM's class path: the adapter for the crash
 * test and the benchmark, where it must be killed, restarted or measured on its own.
 */
public final class JavaProcess {

    private JavaProcess() {
    }

    /** The adapter on {@code port} with {@code properties}, its output in {@code log}; returns once it is ready. */
    public static Process adapter(int port, Map<String, Object> properties, Path log, Path tmp) throws IOException {
        return adapter(port, properties, log, tmp, List.of());
    }

    /** The same, in a JVM started with {@code jvmOptions}. */
    public static Process adapter(int port, Map<String, Object> properties, Path log, Path tmp,
                                  List<String> jvmOptions) throws IOException {
        return adapter(List.of("-cp", classPath(), AdapterApplication.class.getName()), port, properties, log, tmp, jvmOptions);
    }

    /** The adapter as the Docker image runs it: {@code java -jar} on the extracted jar, with {@code jvmOptions}. */
    public static Process adapterJar(Path jar, int port, Map<String, Object> properties, Path log, Path tmp,
                                     List<String> jvmOptions) throws IOException {
        return adapter(List.of("-jar", jar.toString()), port, properties, log, tmp, jvmOptions);
    }

    private static Process adapter(List<String> launch, int port, Map<String, Object> properties, Path log, Path tmp,
                                   List<String> jvmOptions) throws IOException {
        List<String> args = new ArrayList<>(List.of("--server.port=" + port, "--logging.level.root=WARN"));
        properties.forEach((key, value) -> args.add("--" + key + "=" + value));
        Process adapter = start(launch, jvmOptions, args, log, tmp);
        awaitHealthy(adapter, port, Duration.ofSeconds(90));
        return adapter;
    }

    public static Process start(Class<?> main, List<String> args, Path log, Path tmp) throws IOException {
        return start(main, List.of(), args, log, tmp);
    }

    /** {@code main} from this JVM's class path, in a JVM started with {@code jvmOptions}. */
    public static Process start(Class<?> main, List<String> jvmOptions, List<String> args, Path log, Path tmp)
            throws IOException {
        return start(List.of("-cp", classPath(), main.getName()), jvmOptions, args, log, tmp);
    }

    /** {@code java} with {@code jvmOptions}, then {@code launch} (the class path and main class, or {@code -jar} and a jar). */
    public static Process start(List<String> launch, List<String> jvmOptions, List<String> args, Path log, Path tmp)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), "-Djava.io.tmpdir=" + tmp));
        command.addAll(jvmOptions);
        command.addAll(launch);
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** This JVM's {@code java} launcher. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Waits until the adapter's readiness answers 200 (its routes, Kafka consumers and breaker are up). */
    private static void awaitHealthy(Process adapter, int port, Duration atMost) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                .timeout(atMost).build();
        Awaitility.await("the adapter ready").atMost(atMost).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .failFast("the adapter process ended", () -> !adapter.isAlive())
                .until(() -> http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    /** Surefire's class path, each entry once: target/classes twice would load every route twice. */
    static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return String.join(File.pathSeparator, new LinkedHashSet<>(List.of(surefire.split(File.pathSeparator))));
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
