package com.ccgateway.emulator;

/** One event as the gateway's {@code agentevent} poll returns it. {@code content} is null, an object or a string. */
record GatewayEvent(String eventType, String workNo, Object content, long eventGenTime) {
}
