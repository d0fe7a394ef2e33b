package com.ccgateway.adapter;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * The adapter as it runs, on a random port, against a real Kafka broker and the real emulator over HTTPS.
 * One configuration for every test class, so the context (and its broker) starts once; each test leaves the
 * emulator without faults.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@CamelSpringBootTest
// metrics exported as in production (Spring Boot tests switch them off by default)
@AutoConfigureObservability(tracing = false)
@SpringBootTest(classes = AdapterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = LocalStackInitializer.class)
@ExtendWith(EmulatorFaultsReset.class)
public @interface AdapterIntegrationTest {
}
