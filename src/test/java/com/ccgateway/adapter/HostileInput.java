package com.ccgateway.adapter;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Input a hostile or careless sender might send, for the property and fuzz tests. */
public final class HostileInput {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HostileInput() {
    }

    /** Valid commands with one field replaced by something hostile, or cut short, or nested deep. */
    public static Arbitrary<String> commands() {
        Arbitrary<String> hostile = Arbitraries.oneOf(
                Arbitraries.of("\"101/../../agentgateway\"", "\"101?x=1\"", "\"101#\"", "\"%31%30%31\"", "\" 101\"",
                        "\"101\\n\"", "\"\\u0661\\u0660\\u0661\"", "\"\\u0000\"", "1e309", "-0", "101", "true", "null",
                        "[]", "{}", "{\"$ne\":1}", "\"" + "9".repeat(400) + "\"", "\"REJECT_CALL\"", "\"sign_in\""),
                Arbitraries.strings().ofMaxLength(40).map(text -> JSON.valueToTree(text).toString()),
                Arbitraries.integers().map(String::valueOf));
        Arbitrary<String> field = Arbitraries.of("type", "agentId", "commandId", "expiresAt", "password",
                "phoneNumber", "phoneLinkage");
        Arbitrary<String> type = Arbitraries.of("REJECT_CALL", "ANSWER_CALL", "SIGN_IN", "SIGN_OUT");
        Arbitrary<String> replaced = Combinators.combine(type, field, hostile).as((t, f, h) -> {
            Map<String, String> fields = new LinkedHashMap<>(Map.of("type", "\"" + t + "\"",
                    "agentId", "\"101\"", "commandId", "\"c-1\"", "password", "\"pw\""));
            fields.put(f, h);
            StringBuilder json = new StringBuilder("{");
            fields.forEach((name, raw) -> json.append(json.length() > 1 ? "," : "").append('"').append(name).append("\":").append(raw));
            return json.append('}').toString();
        });
        Arbitrary<String> cut = Combinators.combine(replaced, Arbitraries.integers().between(0, 200))
                .as((json, at) -> json.substring(0, Math.min(at, json.length())));
        Arbitrary<String> nested = Arbitraries.integers().between(1, 3000).map(depth -> "[".repeat(depth) + "]".repeat(depth));
        return Arbitraries.oneOf(replaced, cut, nested);
    }
}
