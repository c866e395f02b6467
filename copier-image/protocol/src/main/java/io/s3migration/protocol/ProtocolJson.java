package io.s3migration.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

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
        if (logTail == null) {
            return Optional.empty();
        }
        String[] lines = logTail.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            Optional<Progress> progress = read(lines[i], ProgressLine.TYPE, ProgressLine.class).map(ProgressLine::progress);
            if (progress.isEmpty()) {
                progress = readSummary(lines[i]).map(Summary::progress);
            }
            if (progress.isPresent()) {
                return progress;
            }
        }
        return Optional.empty();
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
