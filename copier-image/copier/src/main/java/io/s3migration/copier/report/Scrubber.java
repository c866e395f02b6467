package io.s3migration.copier.report;

import io.s3migration.protocol.AccessKeyMask;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes anything credential-like from a line before it is written anywhere: the run's own secrets
 * (exactly), access-key-shaped words (masked to {@code AKIA****WXYZ}), secret-shaped words, and
 * {@code secret=...}-style pairs and signatures.
 */
public final class Scrubber {
    private static final String HIDDEN = "****";
    private static final Pattern ACCESS_KEY = Pattern.compile("\\b(?:AKIA|ASIA|AROA|AIDA)[0-9A-Z]{16}\\b");
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

    public String scrub(String line) {
        if (line == null) {
            return null;
        }
        String out = line;
        for (String secret : secrets) {
            out = out.replace(secret, HIDDEN);
        }
        for (String key : accessKeys) {
            out = out.replace(key, mask(key));
        }
        out = replaceAll(ACCESS_KEY, out, m -> mask(m.group()));
        out = replaceAll(SECRET_SHAPE, out, m -> HIDDEN);
        out = replaceAll(LABELLED, out, m -> m.group(1) + HIDDEN);
        return out;
    }

    /** An access key as it may be shown (see {@link AccessKeyMask}). */
    public static String mask(String accessKey) {
        String masked = AccessKeyMask.mask(accessKey);
        return masked.isEmpty() ? HIDDEN : masked;
    }

    private static String replaceAll(Pattern pattern, String text, java.util.function.Function<Matcher, String> replacement) {
        Matcher m = pattern.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement.apply(m)));
        }
        m.appendTail(sb);
        return sb.toString();
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
