package com.ccgateway.adapter.access;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Who may call what. Commands need the scope {@code calls} (reject, answer) or {@code sessions} (sign in
 * and out, session state), from an API key ({@code cc.access.api-keys}) or an OAuth2 JWT ({@code scope}
 * claim) where an issuer is configured. Health and the contracts stay open; every other actuator endpoint
 * needs {@code admin}. Refusals are problems: 401 without valid credentials, 403 without the scope.
 */
@Configuration(proxyBeanMethods = false)
public class AccessConfiguration {

    private static final String AGENT = "/api/v1/agents/*";

    @Bean
    SecurityFilterChain access(HttpSecurity http, AccessProperties properties, ObjectMapper json,
                               ObjectProvider<JwtDecoder> jwt) throws Exception {
        AuthenticationEntryPoint unauthenticated = (request, response, failure) ->
                problem(response, json, HttpStatus.UNAUTHORIZED, "send a valid API key in "
                        + properties.apiKeyHeader() + " or a bearer token");
        AccessDeniedHandler forbidden = (request, response, denied) ->
                problem(response, json, HttpStatus.FORBIDDEN, "the credentials lack the scope this request needs");
        http.csrf(AbstractHttpConfigurer::disable)
                .cors(cors -> cors.configurationSource(browserOrigins(properties)))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .addFilterBefore(new ApiKeyAuthenticationFilter(properties, unauthenticated),
                        AnonymousAuthenticationFilter.class)
                .exceptionHandling(errors -> errors.authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(forbidden))
                .authorizeHttpRequests(requests -> requests
                        // the request was authorized when it came in (the async dispatch on which Camel answers
                        // it skips the chain: spring.security.filter.dispatcher-types)
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
                        // the API's own description (OpenAPI, AsyncAPI, JSON Schemas)
                        .requestMatchers(HttpMethod.GET, "/contracts/**").permitAll()
                        .requestMatchers(EndpointRequest.toAnyEndpoint()).hasAuthority("SCOPE_admin")
                        .requestMatchers(HttpMethod.POST, AGENT + "/reject-call", AGENT + "/answer-call")
                        .hasAuthority("SCOPE_calls")
                        .requestMatchers(AGENT + "/session").hasAuthority("SCOPE_sessions")
                        // anything else (unknown paths and methods, answered 404 and 405) only for a known caller
                        .anyRequest().authenticated());
        if (jwt.getIfAvailable() != null) {
            http.oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults())
                    .authenticationEntryPoint(unauthenticated).accessDeniedHandler(forbidden));
        }
        return http.build();
    }

    /** Pages from these origins may call the API; they still need a key or a token like any caller. */
    private static CorsConfigurationSource browserOrigins(AccessProperties properties) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(properties.corsOrigins());
        cors.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE"));
        cors.setAllowedHeaders(List.of(properties.apiKeyHeader(), HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE,
                "Idempotency-Key"));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", cors);
        return source;
    }

    /** A URL Spring Security's firewall refuses (an encoded line feed, say) is a 400 problem saying why. */
    @Bean
    RequestRejectedHandler rejectedRequests(ObjectMapper json) {
        return (request, response, rejected) -> problem(response, json, HttpStatus.BAD_REQUEST, rejected.getMessage());
    }

    private static void problem(HttpServletResponse response, ObjectMapper json, HttpStatus status, String detail)
            throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        json.writeValue(response.getOutputStream(), problem);
    }
}
