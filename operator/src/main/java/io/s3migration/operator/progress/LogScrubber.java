package io.s3migration.operator.progress;

import io.s3migration.protocol.AccessKeyMask;

import java.util.Collection;

/**
 * The last line of defence before a log tail goes into status: the copier scrubs its own output, and this
 * removes the migration's actual credential values from the whole tail ({@link #scrub}, which the protocol parsers
 * read) and masks anything shaped like an AWS access key in what status shows ({@link #forStatus}). The masking is
 * kept out of the parsed text because an object key may look like an access key, and a checkpoint key must stay exact.
 */
public final class LogScrubber {
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
        return scrubbed;
    }

    /** The end of a scrubbed log as status.logTail shows it: access-key shapes masked, cut to {@link #MAX_CHARS}. */
    public static String forStatus(String text) {
        String masked = AccessKeyMask.maskShapesIn(text);
        return masked == null || masked.length() <= MAX_CHARS ? masked : masked.substring(masked.length() - MAX_CHARS);
    }
}
