package com.ccgateway.adapter.command;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Why a command did not succeed.
 *
 * @param code        the gateway's retcode, {@code HTTP <status>}, or null where the gateway gave no code
 * @param reason      stable and machine-readable, such as {@code AGENT_NOT_SIGNED_IN}
 * @param description for humans
 * @param retryable   whether sending the same command again later may succeed
 * @param field       the offending input field, for {@code REJECTED} only
 */
public record CommandError(String code, String reason, String description, boolean retryable,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String field) {
}
