package com.ccgateway;

import java.nio.file.Path;

import org.springframework.boot.builder.SpringApplicationBuilder;

import com.ccgateway.adapter.AdapterApplication;

/**
 * {@code mvn spring-boot:test-run}: the whole flow on one machine. A Kafka broker on localhost:9092 with
 * the adapter's topics, the emulator on https://localhost:8043, and the adapter on http://localhost:8080.
 */
public final class LocalRun {

    private LocalRun() {
    }

    public static void main(String[] args) {
        LocalStack stack = LocalStack.start(9092, 8043, Path.of("target", "local-run"));
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-shutdown"));
        new SpringApplicationBuilder(AdapterApplication.class)
                .properties(stack.adapterProperties())
                .run(args);
    }
}
