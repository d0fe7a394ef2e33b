package com.ccgateway.emulator;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of every gateway response: {@code result} for operations, {@code event} for polls. */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
record GatewayReply(String message, String retcode, Object result, GatewayEvent event) {

    static final String OK = "0";

    static GatewayReply success(Object result) {
        return new GatewayReply("success", OK, result, null);
    }

    static GatewayReply failure(RetCode code) {
        return new GatewayReply(code.message, code.code, "", null);
    }

    static GatewayReply event(GatewayEvent event) {
        return new GatewayReply("", OK, null, event);
    }

    static GatewayReply noEvent() {
        return new GatewayReply("", OK, null, null);
    }

    static GatewayReply empty() {
        return success(Map.of());
    }

    /** The error codes the emulator produces, with the messages of gateway-api.md. */
    enum RetCode {
        INVALID_PARAMETER("000-002", "invalid URL parameter or interface parameter"),
        AUTH_EXPIRED("000-003", "no right to invite resouce"),
        SIGN_IN_PARAMETER_INVALID("100-001", "sign-in parameter empty or invalid"),
        ALREADY_SIGNED_IN("100-002", "agent already signed in"),
        NOT_SIGNED_IN("100-006", "the agent has not signed in"),
        OPERATION_FAILED("100-007", "exception during the agent's operation"),
        STATE_ERROR("100-009", "state error or no permission");

        final String code;
        final String message;

        RetCode(String code, String message) {
            this.code = code;
            this.message = message;
        }
    }
}
