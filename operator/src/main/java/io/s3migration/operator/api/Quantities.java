package io.s3migration.operator.api;

import java.util.Locale;

/** Human-readable byte counts for printer columns and messages. */
public final class Quantities {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Quantities() {
    }

    /** 0 → "0 B", 1536 → "1.5 KiB", 1099511627776 → "1.0 TiB". */
    public static String binary(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    /** 59 → "59s", 3725 → "1h2m", 90061 → "1d1h". */
    public static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes + "m" + (seconds % 60) + "s";
        }
        long hours = minutes / 60;
        if (hours < 24) {
            return hours + "h" + (minutes % 60) + "m";
        }
        return hours / 24 + "d" + (hours % 24) + "h";
    }
}
