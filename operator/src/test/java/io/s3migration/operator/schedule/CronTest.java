package io.s3migration.operator.schedule;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The 5-field cron evaluator: next fire times (UTC), the grammar, and the CRD's CEL pattern agreeing with it. */
class CronTest {

    // 2026-11-22 is a Sunday.
    @ParameterizedTest(name = "''{0}'' after {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "* * * * *            | 2026-11-22T08:00:00Z | 2026-11-22T08:01:00Z",
            "* * * * *            | 2026-11-22T08:00:59.999Z | 2026-11-22T08:01:00Z",
            "0 * * * *            | 2026-11-22T08:00:00Z | 2026-11-22T09:00:00Z",
            "0 * * * *            | 2026-11-22T08:59:59Z | 2026-11-22T09:00:00Z",
            "*/15 * * * *         | 2026-11-22T08:14:00Z | 2026-11-22T08:15:00Z",
            "*/15 * * * *         | 2026-11-22T08:45:00Z | 2026-11-22T09:00:00Z",
            "5/20 * * * *         | 2026-11-22T08:46:00Z | 2026-11-22T09:05:00Z",
            "0 2 * * *            | 2026-11-22T02:00:00Z | 2026-11-23T02:00:00Z",
            "0 2 * * *            | 2026-11-22T01:59:00Z | 2026-11-22T02:00:00Z",
            "30 1-3 * * *         | 2026-11-22T03:30:00Z | 2026-11-23T01:30:00Z",
            "0 9,17 * * *         | 2026-11-22T09:00:00Z | 2026-11-22T17:00:00Z",
            "0 0-12/6 * * *       | 2026-11-22T06:00:00Z | 2026-11-22T12:00:00Z",
            "0 0 1 * *            | 2026-11-22T08:00:00Z | 2026-12-01T00:00:00Z",
            "0 0 1 1 *            | 2026-11-22T08:00:00Z | 2027-01-01T00:00:00Z",
            "0 0 31 * *           | 2026-11-22T08:00:00Z | 2026-12-31T00:00:00Z",
            "0 0 29 2 *           | 2026-11-22T08:00:00Z | 2028-02-29T00:00:00Z",
            // day of week alone (day-of-month *): Monday
            "0 3 * * 1            | 2026-11-22T08:00:00Z | 2026-11-23T03:00:00Z",
            // 0 and 7 are both Sunday
            "0 3 * * 0            | 2026-11-22T08:00:00Z | 2026-11-29T03:00:00Z",
            "0 3 * * 7            | 2026-11-22T08:00:00Z | 2026-11-29T03:00:00Z",
            "0 3 * * 1-5          | 2026-11-27T08:00:00Z | 2026-11-30T03:00:00Z",
            // both restricted: either matches (the 1st of the month OR a Friday) -> Friday 27th first
            "0 0 1 * 5            | 2026-11-22T08:00:00Z | 2026-11-27T00:00:00Z",
            "0 0 1 * 5            | 2026-11-27T00:00:00Z | 2026-12-01T00:00:00Z",
            // day-of-month restricted, day-of-week '*': only the day of month
            "0 0 1 * *            | 2026-11-27T00:00:00Z | 2026-12-01T00:00:00Z",
            // day-of-week restricted, day-of-month '*/1' (starts with *): both must match -> a Friday
            "0 0 */1 * 5          | 2026-11-22T08:00:00Z | 2026-11-27T00:00:00Z",
            // the 13th OR a Friday: Friday 4 December comes before Sunday 13 December
            "0 0 13 * 5           | 2026-11-28T00:00:00Z | 2026-12-04T00:00:00Z",
            "  0   2  *  *  *     | 2026-11-22T08:00:00Z | 2026-11-23T02:00:00Z",
            "0 0 * 2 *            | 2026-11-22T08:00:00Z | 2027-02-01T00:00:00Z",
            "59 23 31 12 *        | 2026-11-22T08:00:00Z | 2026-12-31T23:59:00Z",
            "59 23 31 12 *        | 2026-12-31T23:59:00Z | 2027-12-31T23:59:00Z",
    })
    void nextFireTime(String expression, String after, String expected) {
        assertEquals(Optional.of(Instant.parse(expected)), Cron.parse(expression).next(Instant.parse(after)));
    }

    @Test
    void anImpossibleDateNeverFires() {
        assertEquals(Optional.empty(), Cron.parse("0 0 31 2 *").next(Instant.parse("2026-11-22T08:00:00Z")));
        assertEquals(Optional.empty(), Cron.parse("0 0 30 2 *").next(Instant.parse("2026-11-22T08:00:00Z")));
    }

    @ParameterizedTest(name = "''{0}'' is refused: {1}")
    @CsvSource(delimiter = '|', value = {
            "''                 | empty",
            "0 2 * *            | 5 fields",
            "0 2 * * * *        | 5 fields",
            "60 * * * *         | minute 60 is out of range",
            "* 24 * * *         | hour 24 is out of range",
            "* * 0 * *          | day of month 0 is out of range",
            "* * 32 * *         | day of month 32",
            "* * * 13 *         | month 13",
            "* * * 0 *          | month 0",
            "* * * * 8          | day of week 8",
            "5-1 * * * *        | runs backwards",
            "*/0 * * * *        | out of range",
            "a * * * *          | invalid minute field",
            "@daily * * * *     | invalid minute field",
            "* * * JAN *        | invalid month field",
            "* * * * MON        | invalid day of week field",
            "1,,2 * * * *       | invalid minute field",
            "1-2-3 * * * *      | invalid minute field",
            "-1 * * * *         | invalid minute field",
    })
    void invalidExpressionsSayWhy(String expression, String problem) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cron.parse(expression));
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertEquals(Optional.of(e.getMessage()), Cron.problem(expression));
    }

    /** The CRD's CEL rule uses this regex (RE2 and java.util.regex agree on this subset). */
    private static final Pattern CEL = Pattern.compile(Cron.CEL_RULE
            .substring("self.matches('".length(), Cron.CEL_RULE.length() - "')".length()).replace("\\\\", "\\"));

    @ParameterizedTest(name = "''{0}'' accepted by both")
    @CsvSource(delimiter = '|', value = {"* * * * *", "0 2 * * *", "*/15 0-6,20-23 1,15 */2 1-5", "00 00 01 01 0", "59 23 31 12 7",
            "5/10 * * * *", "0 9 * * 0,6", " 0 2 * * * "})
    void validForTheOperatorAndTheCrd(String expression) {
        assertTrue(Cron.problem(expression).isEmpty(), expression);
        assertTrue(CEL.matcher(expression).matches(), expression);
    }

    @ParameterizedTest(name = "''{0}'' refused by both")
    @CsvSource(delimiter = '|', value = {"60 * * * *", "* 24 * * *", "* * 0 * *", "* * 32 * *", "* * * 13 *", "* * * * 8",
            "0 2 * *", "0 2 * * * *", "@daily", "0 2 * * MON", "a b c d e", "1,,2 * * * *", "''"})
    void invalidForTheOperatorAndTheCrd(String expression) {
        assertTrue(Cron.problem(expression).isPresent(), expression);
        assertFalse(CEL.matcher(expression).matches(), expression);
    }
}
