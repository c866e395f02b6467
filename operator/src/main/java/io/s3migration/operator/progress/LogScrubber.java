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

    /** The whole text with the secrets removed (the protocol lines in it are parsed whole); null stays null. */
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
        return out.toString();
    }

    /** The last {@link #MAX_CHARS} characters, what fits in status.logTail; null stays null. */
    public static String tail(String text) {
        return text == null || text.length() <= MAX_CHARS ? text : text.substring(text.length() - MAX_CHARS);
    }
}
