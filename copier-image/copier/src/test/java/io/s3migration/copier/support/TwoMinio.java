package io.s3migration.copier.support;

import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Path;

/**
 * Two MinIO servers with different (obviously fake) credentials, the source and the destination, and a plain client
 * to each: the fixture of the suites that need a real S3 server's behaviour or its scale.
 */
public final class TwoMinio implements AutoCloseable {
    public final MinioServer source;
    public final MinioServer destination;
    public final S3Client src;
    public final S3Client dst;

    private TwoMinio(MinioServer source, MinioServer destination) {
        this.source = source;
        this.destination = destination;
        this.src = source.asEndpoint().plainClient();
        this.dst = destination.asEndpoint().plainClient();
    }

    /**
     * Both servers started, their data under {@code dir} (src/, dst/); the calling test class is skipped, with the
     * reason printed, where the MinIO binary was not built.
     */
    public static TwoMinio startOrSkip(Path dir, String name) throws Exception {
        Assumptions.assumeTrue(MinioServer.binary().isPresent(), MinioServer.skipReason());
        MinioServer source = MinioServer.start(name + "-source-user", name + "-source-Secret-123", dir.resolve("src"));
        try {
            return new TwoMinio(source, MinioServer.start(name + "-destination-user", name + "-destination-Secret-456",
                    dir.resolve("dst")));
        } catch (Exception | Error e) {
            source.close();
            throw e;
        }
    }

    @Override
    public void close() {
        src.close();
        dst.close();
        source.close();
        destination.close();
    }
}
