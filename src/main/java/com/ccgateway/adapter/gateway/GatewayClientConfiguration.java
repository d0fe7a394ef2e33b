package com.ccgateway.adapter.gateway;

import java.util.List;

import org.apache.camel.Ordered;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.SecureSocketProtocolsParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * TLS and connection settings for the gateway: {@code gatewaySsl} serves both Camel's http component
 * (operations, the routes' {@code toD}) and the event poller's non-blocking client. Certificates and host
 * names are always verified; with {@code cc.gateway.tls.key-store} the adapter shows its own certificate
 * (mutual TLS).
 */
@Configuration(proxyBeanMethods = false)
public class GatewayClientConfiguration {

    @Bean
    SSLContextParameters gatewaySsl(GatewayProperties properties) {
        SSLContextParameters ssl = new SSLContextParameters();
        ssl.setSecureSocketProtocol("TLS");
        SecureSocketProtocolsParameters protocols = new SecureSocketProtocolsParameters();
        protocols.setSecureSocketProtocol(List.of("TLSv1.3", "TLSv1.2"));
        ssl.setSecureSocketProtocols(protocols);
        GatewayProperties.Tls tls = properties.tls();
        if (isSet(tls.trustStore())) {
            TrustManagersParameters trustManagers = new TrustManagersParameters();
            trustManagers.setKeyStore(keyStore(tls.trustStore(), tls.trustStorePassword(), tls.trustStoreType()));
            ssl.setTrustManagers(trustManagers);
        }
        if (isSet(tls.keyStore())) {
            KeyManagersParameters keyManagers = new KeyManagersParameters();
            keyManagers.setKeyStore(keyStore(tls.keyStore(), tls.keyStorePassword(), tls.keyStoreType()));
            keyManagers.setKeyPassword(tls.keyStorePassword());
            ssl.setKeyManagers(keyManagers);
        }
        return ssl;
    }

    private static boolean isSet(String location) {
        return location != null && !location.isBlank();
    }

    private static KeyStoreParameters keyStore(String location, String password, String type) {
        KeyStoreParameters store = new KeyStoreParameters();
        store.setResource(location);
        store.setPassword(password);
        store.setType(type);
        return store;
    }

    /**
     * Applies to every Camel http/https endpoint: the gateway's TLS, timeouts and connection pool. It runs
     * after camel-http-starter's own customizer, which otherwise may set its defaults back (such as automatic
     * retries on, which repeat a POST on 503).
     */
    @Bean
    ComponentCustomizer gatewayHttpComponent(GatewayProperties properties, SSLContextParameters gatewaySsl) {
        return ComponentCustomizer.builder(HttpComponent.class).withOrder(Ordered.LOWEST).build(http -> {
            http.setSslContextParameters(gatewaySsl);
            http.setConnectTimeout(properties.connectTimeout().toMillis());
            http.setResponseTimeout(properties.responseTimeout().toMillis());
            http.setConnectionRequestTimeout(properties.responseTimeout().toMillis());
            http.setMaxTotalConnections(properties.maxConnections());
            http.setConnectionsPerRoute(properties.maxConnections());
            http.setFollowRedirects(false);
            // retries are the routes' (cc.gateway.retry.*): the client itself must never repeat a call
            http.setAutomaticRetriesDisabled(true);
            // one client serves every agent: each call carries its own agent's cookies, set by the route
            http.setCookieManagementDisabled(true);
        });
    }
}
