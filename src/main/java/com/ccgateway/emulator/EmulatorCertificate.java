package com.ccgateway.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.stereotype.Component;

/**
 * Makes the emulator's self-signed certificate at start-up, serves it through the SSL bundle
 * {@code emulator} ({@code server.ssl.bundle=emulator}) and writes a truststore holding it, so that
 * clients verify the emulator like any other server instead of trusting everything.
 */
@Component
class EmulatorCertificate implements SslBundleRegistrar, WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    static final String BUNDLE = "emulator";
    /** Written beside the truststore. */
    static final String CERTIFICATE_PEM = "emulator-certificate.pem";
    private static final Logger log = LoggerFactory.getLogger(EmulatorCertificate.class);
    private static final Pattern IP_ADDRESS = Pattern.compile("[0-9.]+|.*:.*");

    static final String KEY_ALIAS = "emulator";

    private final EmulatorProperties.Tls tls;
    private final KeyStore keyStore;
    /** The client CAs for mutual TLS; null when the emulator wants no client certificate. */
    private final KeyStore clientTrust;
    /** The private key never leaves this JVM: its store password is random and used once. */
    private final String password = UUID.randomUUID().toString();

    EmulatorCertificate(EmulatorProperties properties) {
        this.tls = properties.tls();
        try {
            KeyPair keyPair = KeyPairGenerator.getInstance("EC").generateKeyPair();
            X509Certificate certificate = selfSign(keyPair, "CN=CC-Gateway emulator", tls.hostNames(), KeyPurposeId.id_kp_serverAuth);
            keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry(KEY_ALIAS, keyPair.getPrivate(), password.toCharArray(),
                    new X509Certificate[] {certificate});
            writeTrustStore(certificate);
            clientTrust = tls.clientCa() == null ? null : trustStoreOf(tls.clientCa());
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make the emulator's certificate", e);
        }
    }

    @Override
    public void registerBundles(SslBundleRegistry registry) {
        registry.registerBundle(BUNDLE, SslBundle.of(SslStoreBundle.of(keyStore, password, clientTrust), SslBundleKey.of(password)));
    }

    /** With a client CA, the main port wants a client certificate too (the node ports: {@link GatewayNodes}). */
    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        if (clientTrust != null) {
            factory.getSsl().setClientAuth(Ssl.ClientAuth.NEED);
        }
    }

    /** The CAs a client certificate must come from; null when none is wanted. */
    KeyStore clientTrust() {
        return clientTrust;
    }

    KeyStore keyStore() {
        return keyStore;
    }

    String password() {
        return password;
    }

    /** A certificate that is its own CA, for {@code purpose} (server or client authentication). */
    static X509Certificate selfSign(KeyPair keyPair, String subjectName, List<String> hostNames, KeyPurposeId purpose)
            throws IOException, OperatorCreationException, GeneralSecurityException {
        X500Name subject = new X500Name(subjectName);
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(Duration.ofDays(365))), subject, keyPair.getPublic());
        GeneralName[] names = hostNames.stream()
                .map(name -> new GeneralName(IP_ADDRESS.matcher(name).matches() ? GeneralName.iPAddress : GeneralName.dNSName, name))
                .toArray(GeneralName[]::new);
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate())));
    }

    private static KeyStore trustStoreOf(Path pem) throws GeneralSecurityException, IOException {
        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            int i = 0;
            for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trustStore.setCertificateEntry("client-ca-" + i++, ca);
            }
        }
        if (trustStore.size() == 0) {
            throw new IllegalStateException("emulator.tls.client-ca holds no certificate: " + pem);
        }
        return trustStore;
    }

    /** The certificate as a PKCS12 truststore (Java clients) and as PEM ({@code curl --cacert}). */
    private void writeTrustStore(X509Certificate certificate) throws GeneralSecurityException, IOException {
        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(null, null);
        trustStore.setCertificateEntry("cc-gateway-emulator", certificate);
        Path target = tls.trustStore().toAbsolutePath();
        Path pem = target.resolveSibling(CERTIFICATE_PEM);
        Files.createDirectories(target.getParent());
        writeAtomically(pem, out -> out.write(pem(certificate).getBytes(StandardCharsets.US_ASCII)));
        writeAtomically(target, out -> trustStore.store(out, tls.trustStorePassword().toCharArray()));
        log.info("Emulator certificate for {} written to {} and {}", tls.hostNames(), target, pem);
    }

    static String pem(X509Certificate certificate) throws GeneralSecurityException {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    /** Clients that watch for the file never read half of it. */
    private static void writeAtomically(Path target, Writer writer) throws GeneralSecurityException, IOException {
        Path partial = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
        try (OutputStream out = Files.newOutputStream(partial)) {
            writer.write(out);
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private interface Writer {
        void write(OutputStream out) throws GeneralSecurityException, IOException;
    }
}
