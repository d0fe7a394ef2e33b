package com.ccgateway.adapter.command;

/** What a command asks of the gateway. */
public enum CommandType {
    REJECT_CALL,
    ANSWER_CALL,
    SIGN_IN,
    SIGN_OUT
}
