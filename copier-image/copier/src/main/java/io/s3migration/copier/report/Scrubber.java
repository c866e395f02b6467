package io.s3migration.copier.report;

import io.s3migration.protocol.AccessKeyMask;
import io.s3migration.protocol.Failure;
import io.s3migration.protocol.Progress;
import io.s3migration.protocol.Summary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Removes anything credential-like before it is written anywhere. Free text ({@link #scrub}) loses the run's own
 * secrets (exactly), access-key-shaped words (masked to {@code AKIA****WXYZ}), secret-shaped words, and
 * {@code secret=...}-style pairs and signatures. Object keys ({@link #scrubKnown}) lose only the run's own secret
 * values: a key is data that must stay exact (a checkpoint key rewritten by a pattern would make a resumed run skip
 * objects), and a key that merely looks like a credential is not one.
 */
public final class Scrubber {
    private static final String HIDDEN = "****";
    /** 40 base64 characters mixing cases and digits, the shape of an AWS secret key; a hex hash has no upper case. */
    private static final Pattern SECRET_SHAPE = Pattern.compile(
            "(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+=]*[a-z])(?=[A-Za-z0-9/+=]*[A-Z])(?=[A-Za-z0-9/+=]*[0-9])[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])");
    private static final Pattern LABELLED = Pattern.compile(
            "(?i)((?:secret[_-]?access[_-]?key|secret|password|passwd|token|x-amz-signature|x-amz-security-token|signature|credential|authorization)\"?\\s*[:=]\\s*\"?)([^\\s\",&;]+)");

    private final List<String> secrets;
    private final List<String> accessKeys;

    private Scrubber(List<String> secrets, List<String> accessKeys) {
        this.secrets = secrets;
        this.accessKeys = accessKeys;
    }

    /** A scrubber that also knows the run's actual secrets and access keys (null or blank entries are ignored). */
    public static Scrubber of(List<String> secrets, List<String> accessKeys) {
        return new Scrubber(longestFirst(secrets), longestFirst(accessKeys));
    }

    public static Scrubber generic() {
        return of(List.of(), List.of());
    }

    /** Free text: a message, an error, a whole log line of text. */
    public String scrub(String text) {
        String out = scrubKnown(text);
        if (out == null) {
            return null;
        }
        out = AccessKeyMask.maskShapesIn(out);
        out = SECRET_SHAPE.matcher(out).replaceAll(HIDDEN);
        out = LABELLED.matcher(out).replaceAll("$1" + HIDDEN);
        return out;
    }

    /** Exact data such as an object key: only the run's own secrets and access keys. */
    public String scrubKnown(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, HIDDEN);
        }
        for (String key : accessKeys) {
            out = out.replace(key, mask(key));
        }
        return out;
    }

    public Failure scrub(Failure failure) {
        return new Failure(scrubKnown(failure.key()), scrub(failure.error()));
    }

    public Progress scrub(Progress p) {
        return p == null ? null : new Progress(p.sizingComplete(), p.objectsTotal(), p.objectsCopied(), p.objectsSkipped(),
                p.objectsFailed(), p.bytesTotal(), p.bytesCopied(), p.bytesPerSecond(), scrubKnown(p.lastKey()));
    }

    /** The summary with its texts scrubbed as free text and its keys as keys. */
    public Summary scrub(Summary s) {
        return new Summary(s.type(), s.mode(), s.exitCode(), s.reason(), scrub(s.message()), scrub(s.progress()),
                s.failures().stream().map(this::scrub).toList(), s.verification(), scrubKnown(s.reportKey()));
    }

    /** An access key as it may be shown (see {@link AccessKeyMask}). */
    public static String mask(String accessKey) {
        String masked = AccessKeyMask.mask(accessKey);
        return masked.isEmpty() ? HIDDEN : masked;
    }

    private static List<String> longestFirst(List<String> values) {
        List<String> kept = new ArrayList<>();
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                kept.add(v);
            }
        }
        kept.sort(Comparator.comparingInt(String::length).reversed());
        return List.copyOf(kept);
    }
}
