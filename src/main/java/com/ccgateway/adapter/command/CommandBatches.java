package com.ccgateway.adapter.command;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A poll of the command topic as the {@code kafka-entry} route runs it: the records of each agent in offset
 * order, the agents side by side on the {@code command-lanes} thread pool, and one commit for the whole batch once
 * every command of it is answered, so a commit never passes an unfinished command.
 */
@Component("commandBatches")
public class CommandBatches {

    private static final Logger LOG = LoggerFactory.getLogger(CommandBatches.class);

    /**
     * The batch's records by agent (the record key), each agent's in the order they arrived; copies, as the
     * routes change them, while the batch keeps what {@link #commit} reads.
     */
    public List<List<Message>> byAgent(@Body List<Exchange> batch) {
        Map<Object, List<Message>> byKey = new LinkedHashMap<>();
        for (Exchange record : batch) {
            Message message = record.getMessage();
            byKey.computeIfAbsent(message.getHeader(KafkaConstants.KEY), key -> new ArrayList<>()).add(message.copy());
        }
        return new ArrayList<>(byKey.values());
    }

    /**
     * Commits, in one request, the offset after the batch's last record of each partition (a batch holds each
     * partition's records in offset order). The next poll does not wait for the broker's answer: a commit that
     * fails, and no later one covers, leaves records to be read again, which are answered already (see
     * {@code kafka-command}).
     */
    public void commit(@Body List<Exchange> batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        DefaultKafkaManualCommit last = null;
        for (Exchange record : batch) {
            last = record.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, DefaultKafkaManualCommit.class);
            offsets.put(last.getPartition(), new OffsetAndMetadata(last.getRecordOffset() + 1));
        }
        // the consumer thread waits for the batch meanwhile: this is the only call on the consumer now
        last.getConsumer().commitAsync(offsets, CommandBatches::committed);
    }

    private static void committed(Map<TopicPartition, OffsetAndMetadata> offsets, Exception failure) {
        if (failure != null) {
            LOG.warn("Could not commit {}: unless a later commit covers them, those records are read again ({})",
                    offsets, failure.toString());
        }
    }
}
