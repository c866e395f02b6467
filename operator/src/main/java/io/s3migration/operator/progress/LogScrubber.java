package io.s3migration.operator.progress;

import io.s3migration.protocol.AccessKeyMask;

import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last line of defence before a log tail goes into status: the copier scrubs its own output, and this
 * removes the migration's actual credential values and masks anything shaped like an AWS access key.
 */
public final class LogScrubber {
    private static final Pattern ACCESS_KEY = Pattern.compile("\\b(?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{16}\\b");
    public static final int MAX_CHARS = 2048;

    private LogScrubber() {
    }

    /** The scrubbed text, cut to its last {@link #MAX_CHARS} characters; null stays null. */
    public static String scrub(String text, Collection<String> secretValues) {
        if (text == null) {
            return null;
        }
        String scrubbed = text;
        for (String value : secretValues) {
            if (value != null && value.length() >= 4) {
                scrubbed = scrubbed.replace(value, "****");
            }
        }
        Matcher m = ACCESS_KEY.matcher(scrubbed);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(AccessKeyMask.mask(m.group())));
        }
        m.appendTail(out);
        String result = out.toString();
        return result.length() <= MAX_CHARS ? result : result.substring(result.length() - MAX_CHARS);
    }
}
