package com.ccgateway.adapter.gateway;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one gateway call came back with. Either the gateway answered ({@code httpStatus}, and for a
 * readable 200 its {@code retcode}, {@code message} and whole {@code body}), or the call failed in
 * transport ({@code transportFailure}, no status).
 */
public record GatewayReply(Integer httpStatus, String retcode, String message, JsonNode body,
                           String transportFailure) {

    public static final String SUCCESS = "0";

    public boolean succeeded() {
        return httpStatus != null && httpStatus == 200 && SUCCESS.equals(retcode);
    }

    /** Whether the gateway answered with a retcode at all (HTTP 200 and a readable body). */
    public boolean answered() {
        return retcode != null;
    }

    /** The operation's {@code result}: an object, a string or null. */
    public JsonNode result() {
        return body == null ? null : body.get("result");
    }

    /** The polled {@code event}, or null when the poll returned none. */
    public JsonNode event() {
        JsonNode event = body == null ? null : body.get("event");
        return event == null || event.isNull() ? null : event;
    }

    public static GatewayReply transportFailure(String description) {
        return new GatewayReply(null, null, null, null, description);
    }
}
