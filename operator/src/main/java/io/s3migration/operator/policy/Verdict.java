package io.s3migration.operator.policy;

/** The endpoint policy's answer: allowed, or refused with a reason code and a message saying what to change. */
public record Verdict(boolean allowed, PolicyReason reason, String message) {

    static Verdict allow(String message) {
        return new Verdict(true, null, message);
    }

    static Verdict refuse(PolicyReason reason, String message) {
        return new Verdict(false, reason, message);
    }
}
