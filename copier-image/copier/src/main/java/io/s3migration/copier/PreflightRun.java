package io.s3migration.copier;

import io.s3migration.copier.errors.SideFailure;
import io.s3migration.copier.listing.BucketListing;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.ExitCode;
import io.s3migration.protocol.Mode;
import io.s3migration.protocol.Progress;
import io.s3migration.protocol.Reason;
import io.s3migration.protocol.Summary;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import java.util.List;
import java.util.UUID;

/**
 * Preflight mode: proves the source can be listed and is not empty, and the destination can be written, by
 * writing and then deleting a probe object of its own. Errors become {@link ExitCode#PREFLIGHT_FAILED} in
 * {@link Copier}.
 */
final class PreflightRun {
    static final String PROBE_PREFIX = ".s3migration-preflight-";

    private final CopierConfig config;
    private final Sides sides;

    PreflightRun(Sides sides) {
        this.config = sides.config();
        this.sides = sides;
    }

    Summary run() {
        boolean any = new BucketListing(sides.source(), config.source(), Side.SOURCE).hasAnyObject();
        if (!any) {
            return new Summary(Mode.PREFLIGHT, ExitCode.PREFLIGHT_FAILED, Reason.EmptySource,
                    "source s3://" + config.source().bucket() + "/" + config.source().prefix() + ": " + Reason.EmptySource.hint(),
                    Progress.NONE, List.of(), null);
        }
        String probe = config.destination().prefix() + PROBE_PREFIX + UUID.randomUUID();
        SideFailure.on(Side.DESTINATION, () -> sides.destination().putObject(PutObjectRequest.builder()
                .bucket(config.destination().bucket()).key(probe).build(), RequestBody.fromString("s3migration preflight probe")));
        // the copier's own probe is the one object it ever deletes
        SideFailure.on(Side.DESTINATION, () -> sides.destination().deleteObject(DeleteObjectRequest.builder()
                .bucket(config.destination().bucket()).key(probe).build()));
        return new Summary(Mode.PREFLIGHT, ExitCode.SUCCEEDED, null,
                "source can be listed and holds objects; destination accepts writes", Progress.NONE, List.of(), null);
    }
}
