package com.ccgateway.adapter;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The CC-Gateway adapter: Camel routes in {@code routes/*.camel.yaml}, the beans they call in this package tree. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AdapterApplication {

    public static void main(String[] args) {
        SpringApplication.run(AdapterApplication.class, args);
    }
}
