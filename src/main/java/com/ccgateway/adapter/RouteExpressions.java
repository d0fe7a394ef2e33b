package com.ccgateway.adapter;

import static org.apache.camel.support.builder.ExpressionBuilder.exchangeExpression;

import java.time.Instant;

import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Predicate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.ccgateway.adapter.command.Command;
import com.ccgateway.adapter.command.CommandRequest;
import com.ccgateway.adapter.command.CommandResult;
import com.ccgateway.adapter.command.CommandResults;
import com.ccgateway.adapter.command.CommandStatus;
import com.ccgateway.adapter.command.RecordedResults;
import com.ccgateway.adapter.events.AgentEvent;
import com.ccgateway.adapter.gateway.GatewayEndpoints;
import com.ccgateway.adapter.gateway.GatewayMetrics;
import com.ccgateway.adapter.gateway.GatewayRetries;
import com.ccgateway.adapter.session.AgentSessions;

/**
 * The expressions and predicates the routes evaluate for every command and event, named for their
 * {@code ref}. Each is a plain call: a {@code method} expression, or simple's OGNL ({@code ${body.agentId}}),
 * copies the exchange with its properties and headers on every evaluation, and back again.
 */
@Configuration(proxyBeanMethods = false)
public class RouteExpressions {

    /** Whether this request (a redelivered record) already has its result on the result topic. */
    @Bean
    Predicate answeredBefore(RecordedResults recorded) {
        return exchange -> recorded.answered(exchange.getMessage().getBody(CommandRequest.class));
    }

    @Bean
    Predicate commandExpired(CommandResults results) {
        return exchange -> results.isExpired(command(exchange));
    }

    /** The adapter holds no live session for the command's agent: the gateway would refuse its calls. */
    @Bean
    Predicate agentHoldsNoSession(AgentSessions sessions) {
        return exchange -> sessions.currentGuid(command(exchange)) == null;
    }

    @Bean
    Expression agentGuid(AgentSessions sessions) {
        return exchangeExpression(exchange -> sessions.currentGuid(command(exchange)));
    }

    @Bean
    Expression agentCookie(AgentSessions sessions) {
        return exchangeExpression(exchange -> sessions.cookie(command(exchange)));
    }

    /** The endpoint of the gateway node the command's call goes to. */
    @Bean
    Expression agentGatewayEndpoint(AgentSessions sessions, GatewayEndpoints endpoints) {
        return exchangeExpression(exchange -> endpoints.of(sessions.gatewayNode(command(exchange))));
    }

    /** The calls made for the command once this one is: the retries' count. */
    @Bean
    Expression nextGatewayAttempt() {
        return exchangeExpression(exchange -> {
            Integer attempts = exchange.getProperty(GatewayRetries.ATTEMPTS, Integer.class);
            return attempts == null ? 1 : attempts + 1;
        });
    }

    @Bean
    Expression gatewayCallTimer(GatewayMetrics metrics) {
        return exchangeExpression(exchange -> metrics.start());
    }

    @Bean
    Predicate resultRejected() {
        return exchange -> result(exchange).status() == CommandStatus.REJECTED;
    }

    @Bean
    Expression commandIdempotencyKey() {
        return exchangeExpression(exchange -> command(exchange).idempotencyKey());
    }

    @Bean
    Expression resultKey(CommandResults results) {
        return exchangeExpression(exchange -> results.recordKey(result(exchange), request(exchange)));
    }

    /** The request a result answers: how a redelivered record is known to be answered. */
    @Bean
    Expression resultRequestId() {
        return exchangeExpression(exchange -> request(exchange).requestId());
    }

    /** A result read back from the topic may lack its time: then the record goes without ce_time. */
    @Bean
    Expression resultTime() {
        return exchangeExpression(exchange -> text(result(exchange).completedAt()));
    }

    @Bean
    Expression eventAgentId() {
        return exchangeExpression(exchange -> event(exchange).agentId());
    }

    @Bean
    Expression eventTime() {
        return exchangeExpression(exchange -> text(event(exchange).receivedAt()));
    }

    private static String text(Instant time) {
        return time == null ? null : time.toString();
    }

    private static Command command(Exchange exchange) {
        return exchange.getProperty("command", Command.class);
    }

    private static CommandRequest request(Exchange exchange) {
        return exchange.getProperty("commandRequest", CommandRequest.class);
    }

    private static CommandResult result(Exchange exchange) {
        return exchange.getMessage().getBody(CommandResult.class);
    }

    private static AgentEvent event(Exchange exchange) {
        return exchange.getMessage().getBody(AgentEvent.class);
    }
}
