package io.s3migration.operator.api;

/** Whether a copy pass is followed by the copier's verify run ({@code spec.verification}). */
public enum VerificationPolicy {
    /** After each successful copy pass, compare the destination with the source (phase Verifying, condition Consistent). */
    AfterCopy,
    /** End the pass when the copy succeeds; nothing is compared. */
    None
}
