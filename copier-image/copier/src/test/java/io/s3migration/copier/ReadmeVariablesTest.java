package io.s3migration.copier;

import io.s3migration.protocol.CheckpointFile;
import io.s3migration.protocol.CopierSettings;
import io.s3migration.protocol.Setting;
import io.s3migration.protocol.SideSetting;
import io.s3migration.protocol.ShardFiles;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * copier-image/README.md's variable table names every variable the copier reads: each of
 * {@link CopierSettings#ALL} (a side's variables as one row) and the ones read outside it
 * ({@link CheckpointFile#DIRECTORY_ENV}, {@link ShardFiles#INDEX_ENV}); and nothing else.
 */
class ReadmeVariablesTest {
    /** Read outside {@link CopierSettings}: by {@link Main}. */
    static final List<String> READ_ELSEWHERE = List.of(CheckpointFile.DIRECTORY_ENV, ShardFiles.INDEX_ENV);
    private static final Path README = Path.of("..", "README.md");
    private static final Pattern CODE = Pattern.compile("`([A-Z][A-Z0-9_]*)`");

    @Test
    void theTableListsEveryVariableAndNoOther() throws IOException {
        Set<String> documented = documentedVariables(Files.readAllLines(README, StandardCharsets.UTF_8));
        Set<String> read = new TreeSet<>(READ_ELSEWHERE);
        for (Setting<?> setting : CopierSettings.ALL) {
            if (setting instanceof SideSetting side) {
                for (String part : SideSetting.PARTS) {
                    read.add(side.variable(part));
                }
            } else {
                read.add(setting.variable());
            }
        }
        Set<String> missing = new TreeSet<>(read);
        missing.removeAll(documented);
        Set<String> unknown = new TreeSet<>(documented);
        unknown.removeAll(read);
        assertEquals(Set.of(), missing, "variables the copier reads but " + README + "'s table does not list");
        assertEquals(Set.of(), unknown, "variables " + README + "'s table lists but the copier does not read");
    }

    @Test
    void theParserExpandsSideRowsAndSlashRows() {
        Set<String> parsed = documentedVariables(List.of(
                "| variable | default | meaning |",
                "|---|---|---|",
                "| `S3M_SOURCE_` / `S3M_DESTINATION_` + `ENDPOINT`, `REGION` | x | `S3M_NOT_THIS` in the text |",
                "| `S3M_A` / `S3M_B` | 1 | y |",
                "",
                "| `S3M_AFTER_THE_TABLE` | | |"));
        assertEquals(new TreeSet<>(List.of("S3M_SOURCE_ENDPOINT", "S3M_SOURCE_REGION", "S3M_DESTINATION_ENDPOINT",
                "S3M_DESTINATION_REGION", "S3M_A", "S3M_B")), parsed);
    }

    /**
     * The first column of the table headed {@code | variable |}: every {@code `S3M_...`} in it; names ending in
     * {@code _} are prefixes, joined with each upper-case word given after a {@code +}.
     */
    static Set<String> documentedVariables(List<String> lines) {
        Set<String> variables = new TreeSet<>();
        boolean inTable = false;
        for (String line : lines) {
            if (!inTable) {
                inTable = line.replace(" ", "").startsWith("|variable|");
                continue;
            }
            if (!line.startsWith("|")) {
                break;
            }
            String[] cells = line.split("\\|");
            if (cells.length < 2 || cells[1].matches("\\s*-+\\s*")) {
                continue;
            }
            String cell = cells[1];
            int plus = cell.indexOf('+');
            List<String> names = codes(plus < 0 ? cell : cell.substring(0, plus));
            List<String> parts = plus < 0 ? List.of() : codes(cell.substring(plus + 1));
            for (String name : names) {
                if (name.endsWith("_")) {
                    assertTrue(!parts.isEmpty(), "a prefix without parts in: " + line);
                    parts.forEach(part -> variables.add(name + part));
                } else {
                    variables.add(name);
                }
            }
        }
        assertTrue(!variables.isEmpty(), "no variable table (a header '| variable |') found");
        return variables;
    }

    private static List<String> codes(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = CODE.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
