package io.s3migration.copier.client;

/**
 * What asking a destination about trailing CRC32C checksums found: whether it checks them (it took a part with its
 * own checksum and refused one with a wrong checksum), and what it answered, for the run's log.
 */
public record TrailerCheck(boolean checks, String answer) {

    /** From the status codes of the part with the right checksum and of the part with a wrong one (0: no answer). */
    static TrailerCheck of(int right, int wrong) {
        if (right / 100 != 2) {
            return new TrailerCheck(false, "a part with a trailing CRC32C was refused (" + status(right) + ")");
        }
        if (wrong / 100 == 4) {
            return new TrailerCheck(true, "a part with a wrong trailing CRC32C was refused (HTTP " + wrong + ")");
        }
        return new TrailerCheck(false, "a part with a wrong trailing CRC32C was " + (wrong / 100 == 2 ? "taken" : "answered " + status(wrong)));
    }

    /** Not asked, and why. */
    public static TrailerCheck unproven(String why) {
        return new TrailerCheck(false, why);
    }

    private static String status(int code) {
        return code == 0 ? "no answer" : "HTTP " + code;
    }
}
