package io.s3migration.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Optional;

/**
 * Writes and reads the copier's JSON lines. Reading tolerates anything: a missing, truncated or foreign line
 * yields {@link Optional#empty()}, never an exception, because logs are cut at arbitrary points.
 */
public final class ProtocolJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private ProtocolJson() {
    }

    public static String write(Object line) {
        try {
            return MAPPER.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + line.getClass().getSimpleName(), e);
        }
    }

    /** The summary in a termination message or a log line, if that is what it holds. */
    public static Optional<Summary> readSummary(String text) {
        return read(text, Summary.TYPE, Summary.class);
    }

    /** The newest progress in a log tail: the last line that is a progress line or a summary. */
    public static Optional<Progress> newestProgress(String logTail) {
        return newestProgressLine(logTail).map(ProgressLine::progress);
    }

    /**
     * The last line of a log tail that is a progress line or a summary (a summary's as a line without checkpoint
     * counts: after it nothing resumes).
     */
    public static Optional<ProgressLine> newestProgressLine(String logTail) {
        List<String> lines = lines(logTail);
        for (int i = lines.size() - 1; i >= 0; i--) {
            String text = lines.get(i);
            Optional<ProgressLine> line = read(text, ProgressLine.TYPE, ProgressLine.class)
                    .filter(l -> l.progress() != null)
                    .or(() -> readSummary(text).map(s -> new ProgressLine(s.message(), s.progress())));
            if (line.isPresent()) {
                return line;
            }
        }
        return Optional.empty();
    }

    /** The failures named by the object-failed lines of a log tail, oldest first. */
    public static List<Failure> failuresIn(String logTail) {
        return lines(logTail).stream()
                .flatMap(l -> read(l, ObjectFailedLine.TYPE, ObjectFailedLine.class).stream())
                .map(ObjectFailedLine::failure)
                .filter(f -> f != null && f.key() != null)
                .toList();
    }

    /** The range lines of a plan's output, in the order printed (by index). */
    public static List<RangeLine> rangesIn(String log) {
        return lines(log).stream()
                .flatMap(l -> read(l, RangeLine.TYPE, RangeLine.class).stream())
                .toList();
    }

    private static List<String> lines(String logTail) {
        return logTail == null ? List.of() : List.of(logTail.split("\n"));
    }

    private static <T> Optional<T> read(String text, String type, Class<T> as) {
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.trim();
        if (!trimmed.startsWith("{")) {
            return Optional.empty();
        }
        try {
            JsonNode node = MAPPER.readTree(trimmed);
            if (node == null || !type.equals(node.path("type").asText())) {
                return Optional.empty();
            }
            return Optional.ofNullable(MAPPER.treeToValue(node, as));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
