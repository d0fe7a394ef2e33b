package com.ccgateway.adapter;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An adapter of a test's own beside the shared one: at the test stack's broker and emulator, with a command
 * topic and consumer group of its own, unless {@code overrides} say otherwise.
 */
final class OwnAdapter {

    private OwnAdapter() {
    }

    static ConfigurableApplicationContext start(String name, Map<String, Object> overrides) {
        Map<String, Object> properties = new HashMap<>(LocalStackInitializer.stack().adapterProperties());
        properties.put("server.port", 0);
        properties.put("cc.topics.commands", commandTopic(name));
        properties.put("cc.kafka.group-id", name);
        properties.putAll(overrides);
        // as arguments: they must win over application.yml, which default properties do not
        return new SpringApplicationBuilder(AdapterApplication.class)
                .run(properties.entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue()).toArray(String[]::new));
    }

    /** Makes the command topic {@link #start} gives the adapter of that name, with one partition: one order. */
    static String createCommandTopic(String name) throws Exception {
        String topic = commandTopic(name);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                LocalStackInitializer.stack().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        return topic;
    }

    private static String commandTopic(String name) {
        return "cc." + name + ".commands";
    }

    static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
