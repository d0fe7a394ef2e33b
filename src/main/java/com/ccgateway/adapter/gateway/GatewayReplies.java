package com.ccgateway.adapter.gateway;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/** Reads gateway responses: the body {@code {message, retcode, result}} of an HTTP 200, or why there is none. */
@Component("gatewayReplies")
public class GatewayReplies {

    /** Leaves the answer open when parsed: {@link #read} closes it, a failure to close apart from the reply's. */
    private final ObjectReader replies;

    public GatewayReplies(ObjectMapper json) {
        this.replies = json.reader().without(JsonParser.Feature.AUTO_CLOSE_SOURCE);
    }

    /**
     * The reply to a call that reached the gateway: business errors are HTTP 200 with a non-"0" retcode. The body
     * is the connection's stream (as a String, each reply would cost a reader's 24 KB of buffers), closed here
     * whatever the answer: that gives the connection back to the pool before a retry takes another.
     */
    public GatewayReply read(@Header(Exchange.HTTP_RESPONSE_CODE) Integer status, @Body InputStream body) {
        InputStream answer = body == null ? InputStream.nullInputStream() : body;
        try {
            if (status == null || status != 200) {
                return new GatewayReply(status, null, null, null, "the gateway answered HTTP " + status);
            }
            JsonNode reply = replies.readTree(answer);
            JsonNode retcode = reply == null ? null : reply.get("retcode");
            if (retcode == null || !retcode.isTextual()) {
                return new GatewayReply(status, null, null, null, "the gateway's answer has no retcode");
            }
            return new GatewayReply(status, retcode.textValue(), reply.path("message").asText(null), reply, null);
        } catch (JsonProcessingException e) {
            return new GatewayReply(status, null, null, null, "the gateway's answer is not JSON");
        } catch (IOException cutOff) {
            // the connection failed halfway through the answer: no more an answer than none at all
            return unanswered(cutOff);
        } finally {
            release(answer);
        }
    }

    /** A connection that fails as its answer is closed is broken, and the pool drops it; the reply read stands. */
    private static void release(InputStream answer) {
        try {
            answer.close();
        } catch (IOException brokenConnection) {
            // nothing to answer for: the reply is complete, or already says the answer could not be read
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
