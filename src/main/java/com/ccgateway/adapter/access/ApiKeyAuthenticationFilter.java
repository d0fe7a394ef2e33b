package com.ccgateway.adapter.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request by its API key header: the key's SHA-256 is compared, in constant time, with the
 * configured ones. A request without the header passes on unauthenticated (another mechanism may take it);
 * a wrong key is refused at once.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    private final AccessProperties properties;
    private final List<byte[]> hashes;
    private final AuthenticationEntryPoint refusal;

    ApiKeyAuthenticationFilter(AccessProperties properties, AuthenticationEntryPoint refusal) {
        this.properties = properties;
        this.hashes = properties.apiKeys().stream().map(key -> HexFormat.of().parseHex(key.sha256())).toList();
        this.refusal = refusal;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(properties.apiKeyHeader());
        if (key == null) {
            chain.doFilter(request, response);
            return;
        }
        byte[] hash = sha256(key);
        for (int i = 0; i < hashes.size(); i++) {
            if (MessageDigest.isEqual(hashes.get(i), hash)) {
                AccessProperties.ApiKey matched = properties.apiKeys().get(i);
                PreAuthenticatedAuthenticationToken authentication = new PreAuthenticatedAuthenticationToken(
                        matched.name(), null, matched.scopes().stream()
                                .map(scope -> new SimpleGrantedAuthority("SCOPE_" + scope)).toList());
                SecurityContextHolder.getContext().setAuthentication(authentication);
                chain.doFilter(request, response);
                return;
            }
        }
        SecurityContextHolder.clearContext();
        refusal.commence(request, response, new BadCredentialsException("unknown API key"));
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
