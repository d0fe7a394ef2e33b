package com.ccgateway.emulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.context.ServletWebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The gateway's nodes. As one node it serves everything on the main port. As a cluster of N, each node
 * {@code AgentGateway0..N-1} has an HTTPS port of its own and holds only the sessions signed in on it;
 * the main port is the load balancer: it spreads sign-ins over the nodes and sends every other call to
 * the node the {@code AGW_NODE} cookie, or else the Guid, names.
 */
@Component
public class GatewayNodes implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    static final String COOKIE = "AGW_NODE";
    static final String LOAD_BALANCER = "load-balancer";

    private final EmulatorProperties properties;
    private final EmulatorCertificate certificate;
    private final List<String> names;
    private final List<Connector> connectors = new ArrayList<>();
    private final Map<Integer, String> nodeByPort = new ConcurrentHashMap<>();
    private final AtomicInteger nextSignIn = new AtomicInteger();

    GatewayNodes(EmulatorProperties properties, EmulatorCertificate certificate) {
        this.properties = properties;
        this.certificate = certificate;
        this.names = properties.nodes() == 1
                ? List.of(properties.nodeName())
                : IntStream.range(0, properties.nodes()).mapToObj(i -> "AgentGateway" + i).toList();
    }

    boolean cluster() {
        return names.size() > 1;
    }

    /** One HTTPS connector per node, with the emulator's certificate (and its client CAs, for mutual TLS). */
    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        if (!cluster()) {
            return;
        }
        for (int i = 0; i < names.size(); i++) {
            Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
            connector.setPort(i < properties.nodePorts().size() ? properties.nodePorts().get(i) : 0);
            connector.setScheme("https");
            connector.setSecure(true);
            ((AbstractHttp11Protocol<?>) connector.getProtocolHandler()).setSSLEnabled(true);
            SSLHostConfig ssl = new SSLHostConfig();
            SSLHostConfigCertificate key = new SSLHostConfigCertificate(ssl, SSLHostConfigCertificate.Type.UNDEFINED);
            key.setCertificateKeystore(certificate.keyStore());
            key.setCertificateKeystorePassword(certificate.password());
            key.setCertificateKeyAlias(EmulatorCertificate.KEY_ALIAS);
            ssl.addCertificate(key);
            if (certificate.clientTrust() != null) {
                ssl.setCertificateVerification("required");
                ssl.setTrustStore(certificate.clientTrust());
            }
            connector.addSslHostConfig(ssl);
            connectors.add(connector);
        }
        factory.addAdditionalTomcatConnectors(connectors.toArray(Connector[]::new));
    }

    /** The nodes' ports are known once the server runs (free ones are chosen then). */
    @EventListener
    void started(ServletWebServerInitializedEvent event) {
        if (!cluster()) {
            return;
        }
        Connector[] running = ((TomcatWebServer) event.getWebServer()).getTomcat().getService().findConnectors();
        for (int i = 0; i < connectors.size(); i++) {
            int index = Arrays.asList(running).indexOf(connectors.get(i));
            nodeByPort.put(running[index].getLocalPort(), names.get(i));
        }
    }

    /** Each node of a cluster with the port it serves on; empty for a single node (it serves on the main port). */
    public Map<String, Integer> ports() {
        Map<String, Integer> ports = new TreeMap<>();
        nodeByPort.forEach((port, node) -> ports.put(node, port));
        return ports;
    }

    /** The node a request reached: a node's own port, or for the load balancer, where it sends the request. */
    Optional<String> nodeFor(HttpServletRequest request, String guid) {
        if (!cluster()) {
            return Optional.of(names.get(0));
        }
        String direct = nodeByPort.get(request.getLocalPort());
        if (direct != null) {
            return Optional.of(direct);
        }
        Optional<String> byCookie = Optional.ofNullable(request.getCookies()).stream().flatMap(Arrays::stream)
                .filter(cookie -> COOKIE.equals(cookie.getName())).map(Cookie::getValue)
                .filter(names::contains).findFirst();
        return byCookie.or(() -> Optional.ofNullable(guid)
                .map(g -> g.substring(g.lastIndexOf('.') + 1))
                .filter(names::contains));
    }

    /** Where a sign-in goes: the node whose port it reached, or from the load balancer, the next node in turn. */
    String nodeForSignIn(HttpServletRequest request) {
        String direct = cluster() ? nodeByPort.get(request.getLocalPort()) : names.get(0);
        return direct != null ? direct : names.get(Math.floorMod(nextSignIn.getAndIncrement(), names.size()));
    }

    /** For the request journal: which node served the request, or that it came through the load balancer. */
    String entry(HttpServletRequest request) {
        if (!cluster()) {
            return names.get(0);
        }
        return nodeByPort.getOrDefault(request.getLocalPort(), LOAD_BALANCER);
    }
}
