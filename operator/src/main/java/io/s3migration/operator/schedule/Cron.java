package io.s3migration.operator.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Optional;

/**
 * A 5-field cron expression ({@code minute hour day-of-month month day-of-week}), evaluated in UTC, pure. Each field is
 * {@code *}, a number, a range {@code a-b}, a list {@code a,b,c} of those, each optionally stepped ({@code * /15},
 * {@code 1-30/5}, {@code 5/10} = from 5 to the field's end). Day of week 0-7, 0 and 7 both Sunday. No names
 * ({@code MON}, {@code JAN}) and no macros ({@code @daily}). As in cron, when both day-of-month and day-of-week are
 * restricted (neither starts with {@code *}) a day matches if either does; otherwise both must.
 */
public final class Cron {

    /**
     * The CRD's CEL rule: the same grammar and value ranges as {@link #parse} (a backwards range or a zero step passes it
     * and is reported by the operator in status). Generated from the field patterns; {@code CronTest} checks the two agree.
     */
    public static final String CEL_RULE = "self.matches('^\\\\s*([*]|([0-5]?[0-9])(-([0-5]?[0-9]))?)(/[0-9]{1,4})?(,([*]|([0-5]?[0-9])(-([0-5]?[0-9]))?)(/[0-9]{1,4})?)*\\\\s+([*]|([01]?[0-9]|2[0-3])(-([01]?[0-9]|2[0-3]))?)(/[0-9]{1,4})?(,([*]|([01]?[0-9]|2[0-3])(-([01]?[0-9]|2[0-3]))?)(/[0-9]{1,4})?)*\\\\s+([*]|(0?[1-9]|[12][0-9]|3[01])(-(0?[1-9]|[12][0-9]|3[01]))?)(/[0-9]{1,4})?(,([*]|(0?[1-9]|[12][0-9]|3[01])(-(0?[1-9]|[12][0-9]|3[01]))?)(/[0-9]{1,4})?)*\\\\s+([*]|(0?[1-9]|1[0-2])(-(0?[1-9]|1[0-2]))?)(/[0-9]{1,4})?(,([*]|(0?[1-9]|1[0-2])(-(0?[1-9]|1[0-2]))?)(/[0-9]{1,4})?)*\\\\s+([*]|(0?[0-7])(-(0?[0-7]))?)(/[0-9]{1,4})?(,([*]|(0?[0-7])(-(0?[0-7]))?)(/[0-9]{1,4})?)*\\\\s*$')";

    /** The CEL rule's message. */
    public static final String CEL_MESSAGE = "schedule must be a 5-field cron expression in UTC: minute (0-59) hour (0-23)"
            + " day-of-month (1-31) month (1-12) day-of-week (0-7, 0 and 7 are Sunday), each a number, *, a range a-b,"
            + " a list a,b or a step /n, e.g. '0 2 * * *' (02:00 UTC every day)";

    private static final int[] MIN = {0, 0, 1, 1, 0};
    private static final int[] MAX = {59, 23, 31, 12, 7};
    private static final String[] NAMES = {"minute", "hour", "day of month", "month", "day of week"};
    /** Years searched for the next fire time: enough for 29 February on a given weekday (28 years). */
    private static final int HORIZON_YEARS = 30;

    private final String expression;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet days;
    private final BitSet months;
    private final BitSet weekdays;
    private final boolean anyDay;
    private final boolean anyWeekday;

    private Cron(String expression, BitSet[] fields, boolean anyDay, boolean anyWeekday) {
        this.expression = expression;
        this.minutes = fields[0];
        this.hours = fields[1];
        this.days = fields[2];
        this.months = fields[3];
        this.weekdays = fields[4];
        if (weekdays.get(7)) {
            weekdays.set(0);
        }
        this.anyDay = anyDay;
        this.anyWeekday = anyWeekday;
    }

    /** Parses {@code expression}; throws {@link IllegalArgumentException} saying what is wrong. */
    public static Cron parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("empty cron expression");
        }
        String[] parts = expression.trim().split("\\s+");
        if (parts.length != 5) {
            throw new IllegalArgumentException("a cron expression has 5 fields (minute hour day-of-month month day-of-week),"
                    + " not " + parts.length + ": " + expression);
        }
        BitSet[] fields = new BitSet[5];
        for (int i = 0; i < 5; i++) {
            fields[i] = field(parts[i], i);
        }
        return new Cron(expression.trim(), fields, parts[2].startsWith("*"), parts[4].startsWith("*"));
    }

    /** The reason {@code expression} is not a valid cron expression, if it is not. */
    public static Optional<String> problem(String expression) {
        try {
            parse(expression);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static BitSet field(String text, int index) {
        BitSet set = new BitSet();
        for (String item : text.split(",", -1)) {
            String range = item;
            int step = 1;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                range = item.substring(0, slash);
                step = number(item.substring(slash + 1), index, 1, Integer.MAX_VALUE);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = MIN[index];
                to = MAX[index];
            } else if (range.contains("-")) {
                String[] ends = range.split("-", -1);
                if (ends.length != 2) {
                    throw invalid(index, item);
                }
                from = number(ends[0], index, MIN[index], MAX[index]);
                to = number(ends[1], index, MIN[index], MAX[index]);
                if (from > to) {
                    throw new IllegalArgumentException(NAMES[index] + " range " + range + " runs backwards");
                }
            } else {
                from = number(range, index, MIN[index], MAX[index]);
                to = slash >= 0 ? MAX[index] : from;
            }
            for (int v = from; v <= to; v += step) {
                set.set(v);
            }
        }
        return set;
    }

    private static int number(String text, int index, int min, int max) {
        if (text.isEmpty() || !text.chars().allMatch(Character::isDigit) || text.length() > 9) {
            throw invalid(index, text);
        }
        int value = Integer.parseInt(text);
        if (value < min || value > max) {
            throw new IllegalArgumentException(NAMES[index] + " " + value + " is out of range " + min + "-"
                    + (max == Integer.MAX_VALUE ? "" : String.valueOf(max)));
        }
        return value;
    }

    private static IllegalArgumentException invalid(int index, String text) {
        return new IllegalArgumentException("invalid " + NAMES[index] + " field '" + text
                + "' (numbers, *, ranges a-b, lists a,b and steps /n only)");
    }

    /** The first fire time strictly after {@code after} (UTC, whole minutes); empty if none within 30 years (31 February). */
    public Optional<Instant> next(Instant after) {
        LocalDateTime start = LocalDateTime.ofInstant(after, ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        LocalDate day = start.toLocalDate();
        LocalDate end = day.plusYears(HORIZON_YEARS);
        boolean first = true;
        for (; day.isBefore(end); day = day.plusDays(1), first = false) {
            if (!months.get(day.getMonthValue()) || !dayMatches(day)) {
                continue;
            }
            for (int h = hours.nextSetBit(first ? start.getHour() : 0); h >= 0; h = hours.nextSetBit(h + 1)) {
                int fromMinute = first && h == start.getHour() ? start.getMinute() : 0;
                int m = minutes.nextSetBit(fromMinute);
                if (m >= 0 && m < 60) {
                    return Optional.of(day.atTime(h, m).toInstant(ZoneOffset.UTC));
                }
            }
        }
        return Optional.empty();
    }

    private boolean dayMatches(LocalDate day) {
        boolean dom = days.get(day.getDayOfMonth());
        boolean dow = weekdays.get(day.getDayOfWeek().getValue() % 7);
        if (anyDay || anyWeekday) {
            return dom && dow;
        }
        return dom || dow;
    }

    @Override
    public String toString() {
        return expression;
    }
}
