package com.ccgateway.emulator;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

import org.bouncycastle.asn1.x509.KeyPurposeId;

/**
 * A client's key and self-signed certificate for mutual TLS tests: a PKCS12 keystore for the adapter
 * ({@code cc.gateway.tls.key-store}) and the certificate as PEM for the emulator ({@code emulator.tls.client-ca}).
 */
public record ClientCertificate(Path keyStore, String password, Path pem) {

    public static ClientCertificate create(Path directory, String name) {
        try {
            KeyPair keyPair = KeyPairGenerator.getInstance("EC").generateKeyPair();
            X509Certificate certificate = EmulatorCertificate.selfSign(keyPair, "CN=" + name, List.of("localhost"),
                    KeyPurposeId.id_kp_clientAuth);
            Files.createDirectories(directory);
            String password = "client-key-" + name;
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry(name, keyPair.getPrivate(), password.toCharArray(), new X509Certificate[] {certificate});
            Path keyStoreFile = directory.resolve(name + ".p12");
            try (OutputStream out = Files.newOutputStream(keyStoreFile)) {
                keyStore.store(out, password.toCharArray());
            }
            Path pem = directory.resolve(name + ".pem");
            Files.writeString(pem, EmulatorCertificate.pem(certificate), StandardCharsets.US_ASCII);
            return new ClientCertificate(keyStoreFile.toAbsolutePath(), password, pem.toAbsolutePath());
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a client certificate", e);
        }
    }
}
