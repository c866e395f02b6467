package io.s3migration.protocol;

/**
 * How the copier shows its progress on stdout ({@link CopierSettings#PROGRESS}). In a pod stdout is no terminal, so
 * {@link #AUTO} gives the JSON lines the operator reads.
 */
public enum ProgressFormat {
    /** {@link #HUMAN} when stdout is a terminal, else {@link #JSON}. The default. */
    AUTO,
    /** One line for people, redrawn in place: bar, percent, objects, bytes, rate, ETA; a readable summary. */
    HUMAN,
    /** One JSON line per event ({@link ProgressLine}, {@link ObjectFailedLine}, {@link Summary}): what the operator parses. */
    JSON;

    /** {@link #HUMAN} or {@link #JSON}: what this setting means for a stdout that is (or is not) a terminal. */
    public ProgressFormat resolve(boolean stdoutIsTerminal) {
        return this == AUTO ? (stdoutIsTerminal ? HUMAN : JSON) : this;
    }
}
