package io.s3migration.protocol;

import java.util.List;

/**
 * File names of the credentials inside the copier's credentials directory. The operator's
 * {@code <name>-credentials} Secret has exactly these keys and is mounted there; the copier reads only these.
 */
public final class CredentialFiles {
    public static final String SOURCE_ACCESS_KEY_ID = "source-access-key-id";
    public static final String SOURCE_SECRET_ACCESS_KEY = "source-secret-access-key";
    public static final String DESTINATION_ACCESS_KEY_ID = "destination-access-key-id";
    public static final String DESTINATION_SECRET_ACCESS_KEY = "destination-secret-access-key";

    public static final List<String> ALL = List.of(
            SOURCE_ACCESS_KEY_ID, SOURCE_SECRET_ACCESS_KEY, DESTINATION_ACCESS_KEY_ID, DESTINATION_SECRET_ACCESS_KEY);

    /** Where the operator mounts them in the pod; standalone runs point {@link CopierSettings#CREDENTIALS_DIR} elsewhere. */
    public static final String DEFAULT_DIR = "/var/run/s3migration/credentials";

    private CredentialFiles() {
    }
}
