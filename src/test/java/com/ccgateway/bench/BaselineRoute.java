package com.ccgateway.bench;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;

/**
 * The benchmark's baselines, each in a JVM of its own like the adapter: the route a Camel user writes first
 * ({@code plain}: kafka, https, kafka, all defaults) and the same route tuned by hand ({@code tuned}: one
 * consumer per partition, as many pooled connections as consumers). The gateway gets each command's Guid
 * from the record's {@code Guid} header; results carry the {@code commandId} header back.
 *
 * <p>Arguments: {@code plain|tuned brokers commandsTopic resultsTopic gatewayUrl trustStore trustStorePassword partitions}
 */
public final class BaselineRoute {

    private BaselineRoute() {
    }

    public static void main(String[] args) throws Exception {
        boolean tuned = args[0].equals("tuned");
        String brokers = args[1];
        int partitions = Integer.parseInt(args[7]);
        CamelContext camel = new DefaultCamelContext();
        camel.getRegistry().bind("gatewayTls", trusting(args[5], args[6]));
        if (tuned) {
            HttpComponent https = camel.getComponent("https", HttpComponent.class);
            https.setMaxTotalConnections(partitions);
            https.setConnectionsPerRoute(partitions);
        }
        String consumers = tuned ? "&consumersCount=" + partitions : "";
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("kafka:" + args[2] + "?brokers=" + brokers + "&groupId=" + args[0] + "&autoOffsetReset=earliest" + consumers)
                        // Kafka headers arrive as bytes: the one line a user needs for the gateway to see the Guid
                        .convertHeaderTo("Guid", String.class)
                        .toD(args[4] + "/agentgateway/resource/voicecall/${header.kafka.KEY}/phonehangup"
                                + "?sslContextParameters=#gatewayTls")
                        .to("kafka:" + args[3] + "?brokers=" + brokers);
            }
        });
        camel.start();
        Thread.currentThread().join();
    }

    private static SSLContextParameters trusting(String trustStore, String password) {
        KeyStoreParameters store = new KeyStoreParameters();
        store.setResource("file:" + trustStore);
        store.setPassword(password);
        store.setType("PKCS12");
        TrustManagersParameters trust = new TrustManagersParameters();
        trust.setKeyStore(store);
        SSLContextParameters ssl = new SSLContextParameters();
        ssl.setTrustManagers(trust);
        return ssl;
    }
}
