package com.ccgateway.adapter.command;

/** How a command ended; every command ends in exactly one of these. */
public enum CommandStatus {
    SUCCEEDED,
    FAILED,
    /** Invalid input: the command never reached the gateway. */
    REJECTED,
    /** The command's deadline passed before it could reach the gateway. */
    EXPIRED
}
