package io.s3migration.copier.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3migration.protocol.ProtocolJson;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The start line, quoted without Jackson, is JSON that Jackson reads back to the same text. */
class OutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theStartLineCarriesAnyMessageAsAJsonString() throws Exception {
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            controls.append(c);
        }
        for (String msg : List.of("copy s3://a/b -> s3://c/d", "quotes \" and \\ backslashes \\\" mixed",
                "unicode: café 日本 😀 \u2028\u2029 \u007f", controls.toString(), "", "tab\tnew\nline\rreturn")) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            new Output(new PrintStream(bytes, true, StandardCharsets.UTF_8), Scrubber.generic()).start(msg);
            String line = bytes.toString(StandardCharsets.UTF_8);
            assertEquals(1, line.lines().count(), "one line: " + line);
            JsonNode start = JSON.readTree(line);
            assertEquals("start", start.get("type").asText());
            assertEquals(msg, start.get("msg").asText(), line);
            // and the same string as Jackson writes it, wherever Jackson does not escape more than it must
            assertEquals(ProtocolJson.write(msg), Output.jsonString(msg), msg);
        }
    }
}
