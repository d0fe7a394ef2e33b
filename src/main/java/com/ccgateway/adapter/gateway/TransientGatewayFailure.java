package com.ccgateway.adapter.gateway;

/** A gateway reply that may succeed if the call is made again later: thrown so that Camel redelivers the call. */
public class TransientGatewayFailure extends RuntimeException {

    private final transient GatewayReply reply;

    public TransientGatewayFailure(GatewayReply reply) {
        super(reply.answered() ? "gateway answered " + reply.retcode() : reply.transportFailure(), null, false, false);
        this.reply = reply;
    }

    public GatewayReply reply() {
        return reply;
    }
}
