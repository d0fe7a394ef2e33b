package com.ccgateway.emulator;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The phone-linkage emulator: the CC-Gateway agent interface over HTTPS plus a control API under
 * {@code /emulator}. It reads {@code emulator.properties}, never the adapter's configuration, so it can
 * run in its own process or beside the adapter in one JVM.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EmulatorApplication {

    public static void main(String[] args) {
        start(args);
    }

    public static ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(EmulatorApplication.class)
                .properties("spring.config.name=emulator")
                .run(args);
    }
}
