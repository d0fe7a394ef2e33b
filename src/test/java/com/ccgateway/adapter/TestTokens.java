package com.ccgateway.adapter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * An OAuth2 issuer for the tests: an RSA key pair whose public half the adapter trusts
 * ({@code spring.security.oauth2.resourceserver.jwt.public-key-location}), and signed tokens with scopes.
 */
final class TestTokens {

    private static final KeyPair ISSUER = generate();
    private static final KeyPair STRANGER = generate();

    private TestTokens() {
    }

    /** Writes the issuer's public key as PEM and returns where, for the adapter's configuration. */
    static Path publicKey(Path dir) {
        try {
            Files.createDirectories(dir);
            Path pem = dir.resolve("jwt-issuer-public.pem");
            Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(ISSUER.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n");
            return pem.toAbsolutePath();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String token(String scope, Instant expiresAt) {
        return sign(ISSUER, scope, expiresAt);
    }

    /** A well-formed token the adapter has no reason to trust. */
    static String strangersToken(String scope) {
        return sign(STRANGER, scope, Instant.now().plusSeconds(300));
    }

    private static String sign(KeyPair key, String scope, Instant expiresAt) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder()
                    .subject("crm").claim("scope", scope).issueTime(new Date())
                    .expirationTime(Date.from(expiresAt)).build());
            jwt.sign(new RSASSASigner((RSAPrivateKey) key.getPrivate()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
