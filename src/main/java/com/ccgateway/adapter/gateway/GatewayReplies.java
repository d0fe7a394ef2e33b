package com.ccgateway.adapter.gateway;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/** Reads gateway responses: the body {@code {message, retcode, result}} of an HTTP 200, or why there is none. */
@Component("gatewayReplies")
public class GatewayReplies {

    private final ObjectMapper json;

    public GatewayReplies(ObjectMapper json) {
        this.json = json;
    }

    /**
     * The reply to a call that reached the gateway: business errors are HTTP 200 with a non-"0" retcode. The body
     * is parsed as the stream it arrives as: as a String, each reply would cost a reader's 24 KB of buffers.
     */
    public GatewayReply read(@Header(Exchange.HTTP_RESPONSE_CODE) Integer status, @Body InputStream body) {
        if (status == null || status != 200) {
            return new GatewayReply(status, null, null, null, "the gateway answered HTTP " + status);
        }
        try {
            JsonNode reply = json.readTree(body == null ? InputStream.nullInputStream() : body);
            JsonNode retcode = reply == null ? null : reply.get("retcode");
            if (retcode == null || !retcode.isTextual()) {
                return new GatewayReply(status, null, null, null, "the gateway's answer has no retcode");
            }
            return new GatewayReply(status, retcode.textValue(), reply.path("message").asText(null), reply, null);
        } catch (IOException e) {
            return new GatewayReply(status, null, null, null, "the gateway's answer is not JSON");
        }
    }

    /** Hands the reply on, or throws it as a {@link TransientGatewayFailure} when a later call may succeed. */
    public GatewayReply failIfTransient(@Body GatewayReply reply) {
        if (!reply.succeeded() && GatewayError.of(reply).retryable()) {
            throw new TransientGatewayFailure(reply);
        }
        return reply;
    }

    /** A call that got no answer: refused, dropped, timed out, or its TLS handshake failed. */
    public GatewayReply unanswered(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure) {
        return GatewayReply.transportFailure(failure.getClass().getSimpleName() + ": " + failure.getMessage());
    }

    /** The last failure, once retries are over. */
    public GatewayReply lastFailure(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) TransientGatewayFailure failure) {
        return failure.reply();
    }
}
