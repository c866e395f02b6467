package io.s3migration.operator.policy;

import io.s3migration.operator.api.StatusReason;

/** The endpoint policy's answer: allowed, or refused with a reason code and a message saying what to change. */
public record Verdict(boolean allowed, StatusReason reason, String message) {

    static Verdict allow(String message) {
        return new Verdict(true, null, message);
    }

    static Verdict refuse(StatusReason reason, String message) {
        return new Verdict(false, reason, message);
    }
}
