package com.ccgateway.adapter.command;

import org.apache.camel.ExchangeProperty;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.springframework.stereotype.Component;

/** Commits a command's Kafka offset; the route calls it only after the command's result is published. */
@Component("commandOffsets")
public class CommandOffsets {

    public static final String PROPERTY = "offsetCommit";

    public void commit(@ExchangeProperty(PROPERTY) KafkaManualCommit offset) {
        offset.commit();
    }
}
