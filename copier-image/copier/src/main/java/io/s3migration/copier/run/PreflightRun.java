package io.s3migration.copier.run;

import io.s3migration.copier.errors.SideFailure;
import io.s3migration.copier.side.Side;
import io.s3migration.copier.side.Sides;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.ExitCode;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.Progress;
import io.s3migration.protocol.Reason;
import io.s3migration.protocol.Summary;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Preflight mode: proves the source can be listed, is not empty and its objects can be read (one HEAD), and the
 * destination can be written, by writing and then deleting a probe object of its own. Errors become {@link ExitCode#PREFLIGHT_FAILED} in
 * {@link io.s3migration.copier.Copier}.
 */
public final class PreflightRun {
    static final String PROBE_PREFIX = ".s3migration-preflight-";

    private final CopierConfig config;
    private final Sides sides;

    public PreflightRun(Sides sides) {
        this.config = sides.config();
        this.sides = sides;
    }

    public Summary run() {
        Optional<String> first = sides.listing(Side.SOURCE).firstKey();
        if (first.isEmpty()) {
            return new Summary(Mode.PREFLIGHT, ExitCode.PREFLIGHT_FAILED, Reason.EmptySource,
                    "source " + config.source().location() + ": " + Reason.EmptySource.hint(),
                    Progress.NONE, List.of(), null);
        }
        // Listing needs s3:ListBucket, copying also s3:GetObject: read one object's metadata to prove the second.
        SideFailure.on(Side.SOURCE, () -> sides.source().headObject(HeadObjectRequest.builder()
                .bucket(config.source().bucket()).key(first.get()).build()));
        String probe = config.destination().key(PROBE_PREFIX + UUID.randomUUID());
        SideFailure.on(Side.DESTINATION, () -> sides.destination().putObject(PutObjectRequest.builder()
                .bucket(config.destination().bucket()).key(probe).build(), RequestBody.fromString("s3migration preflight probe")));
        // the copier's own probe is the one object it ever deletes
        SideFailure.on(Side.DESTINATION, () -> sides.destination().deleteObject(DeleteObjectRequest.builder()
                .bucket(config.destination().bucket()).key(probe).build()));
        return new Summary(Mode.PREFLIGHT, ExitCode.SUCCEEDED, null,
                "source can be listed and read and holds objects; destination accepts writes", Progress.NONE, List.of(), null);
    }
}
