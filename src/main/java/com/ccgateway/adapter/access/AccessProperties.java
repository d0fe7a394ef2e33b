package com.ccgateway.adapter.access;

import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may call the REST API ({@code cc.access.*}). Without a key here and without an OAuth2 issuer
 * ({@code spring.security.oauth2.resourceserver.jwt.*}) nobody may: the safe default.
 *
 * @param apiKeyHeader the request header that carries an API key
 * @param apiKeys      the accepted keys, stored as their SHA-256 only
 * @param corsOrigins  web origins whose pages may call the API from a browser (CORS), such as the emulator
 *                     console's {@code https://localhost:8043}; none by default
 */
@Validated
@ConfigurationProperties(prefix = "cc.access", ignoreUnknownFields = false)
public record AccessProperties(
        @DefaultValue("X-API-Key") @NotBlank String apiKeyHeader,
        @DefaultValue({}) @NotNull List<@Valid ApiKey> apiKeys,
        @DefaultValue({}) @NotNull List<@NotBlank String> corsOrigins) {

    /**
     * @param name   who holds it, for the logs (never the key)
     * @param sha256 the key's SHA-256, 64 hex digits ({@code printf %s "$KEY" | sha256sum})
     * @param scopes what it may do: {@code calls} (reject, answer), {@code sessions} (sign in and out, state),
     *               {@code admin} (actuator endpoints other than health)
     */
    public record ApiKey(@NotBlank String name, @NotNull @Pattern(regexp = "[0-9a-fA-F]{64}") String sha256,
                         @NotEmpty Set<@NotBlank String> scopes) {
    }
}
