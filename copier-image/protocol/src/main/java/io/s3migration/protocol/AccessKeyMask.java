package io.s3migration.protocol;

/**
 * The only form in which an access key ID may appear in status, events, logs or the copier's output (the operator
 * and the copier both use this): {@code AKIA****WXYZ}. Keys shorter than {@link #MIN_LENGTH_TO_SHOW_ENDS} show
 * nothing, since 8 visible characters would be most of such a key.
 */
public final class AccessKeyMask {
    /** What an AWS access key ID looks like in free text (long-term, temporary, role and user IDs). */
    private static final java.util.regex.Pattern SHAPE = java.util.regex.Pattern.compile("\\b(?:AKIA|ASIA|AROA|AIDA)[0-9A-Z]{16}\\b");
    static final int MIN_LENGTH_TO_SHOW_ENDS = 16;
    static final String HIDDEN = "****";
    private static final int VISIBLE_EACH_END = 4;

    private AccessKeyMask() {
    }

    public static String mask(String accessKeyId) {
        if (accessKeyId == null || accessKeyId.isBlank()) {
            return "";
        }
        String key = accessKeyId.strip();
        if (key.length() < MIN_LENGTH_TO_SHOW_ENDS) {
            return HIDDEN;
        }
        return key.substring(0, VISIBLE_EACH_END) + HIDDEN + key.substring(key.length() - VISIBLE_EACH_END);
    }

    /** {@code text} with every access-key-shaped word masked; null stays null. */
    public static String maskShapesIn(String text) {
        return text == null ? null : SHAPE.matcher(text).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(mask(m.group())));
    }
}
