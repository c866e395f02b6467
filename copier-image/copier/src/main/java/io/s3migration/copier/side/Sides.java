package io.s3migration.copier.side;

import io.s3migration.copier.client.HotPath;
import io.s3migration.copier.client.S3ClientFactory;
import io.s3migration.copier.client.TrustedCertificates;
import io.s3migration.copier.listing.BucketListing;
import io.s3migration.copier.listing.KeyFilter;
import io.s3migration.copier.listing.Listing;
import io.s3migration.protocol.Bucket;
import io.s3migration.copier.net.AddressPolicy;
import io.s3migration.copier.net.PinnedResolver;
import io.s3migration.copier.plan.MergeJoin;
import io.s3migration.copier.plan.RecordedSourceETag;
import io.s3migration.protocol.CopierConfig;
import io.s3migration.protocol.KeyRange;
import io.s3migration.protocol.VerifyLevel;
import software.amazon.awssdk.services.s3.S3Client;

import javax.net.ssl.TrustManager;
import java.util.function.Function;

import static io.s3migration.protocol.CopierSettings.CONCURRENCY;
import static io.s3migration.protocol.CopierSettings.VERIFY;

/**
 * The two connected ends of a run: each side's SDK client, and the path its copy-loop requests (listings, GETs and
 * single PUTs) take ({@link HotPath}). An SDK client is built when first asked for: a run whose requests all take the
 * direct path (a copy of small objects, most re-runs) never builds one, and the first listing does not wait for it.
 */
public final class Sides implements AutoCloseable {
    private final CopierConfig config;
    private final OnFirstUse<S3Client> source;
    private final OnFirstUse<S3Client> destination;
    private final HotPath sourcePath;
    private final HotPath destinationPath;

    private Sides(CopierConfig config, OnFirstUse<S3Client> source, OnFirstUse<S3Client> destination,
                  Function<OnFirstUse<S3Client>, HotPath> sourcePath, Function<OnFirstUse<S3Client>, HotPath> destinationPath) {
        this.config = config;
        this.source = source;
        this.destination = destination;
        this.sourcePath = sourcePath.apply(source);
        this.destinationPath = destinationPath.apply(destination);
    }

    /** Every request through the given SDK clients (tests that shape a client's answers use this). */
    public Sides(CopierConfig config, S3Client source, S3Client destination) {
        this(config, OnFirstUse.of(source), OnFirstUse.of(destination), HotPath::through, HotPath::through);
    }

    public static Sides connect(CopierConfig config, RunCredentials credentials) {
        // per side: the workers' requests, and a copy listing's and a sizing listing's parts
        int connections = config.get(CONCURRENCY) * 2 + 4 + 2 * BucketListing.threadsFor(config);
        PinnedResolver resolver = new PinnedResolver(AddressPolicy.of(config));
        TrustManager[] trust = TrustedCertificates.forRun(config);
        return new Sides(config,
                new OnFirstUse<>(() -> S3ClientFactory.create(config.source(), credentials.of(Side.SOURCE), connections, resolver, trust)),
                new OnFirstUse<>(() -> S3ClientFactory.create(config.destination(), credentials.of(Side.DESTINATION), connections,
                        resolver, trust)),
                sdk -> S3ClientFactory.hotPath(config.source(), credentials.of(Side.SOURCE), connections, resolver, trust, sdk),
                sdk -> S3ClientFactory.hotPath(config.destination(), credentials.of(Side.DESTINATION), connections, resolver,
                        trust, sdk));
    }

    public CopierConfig config() {
        return config;
    }

    /** The source's SDK client (built now if it was not yet). */
    public S3Client source() {
        return source.get();
    }

    /** The destination's SDK client (built now if it was not yet). */
    public S3Client destination() {
        return destination.get();
    }

    public HotPath sourcePath() {
        return sourcePath;
    }

    public HotPath destinationPath() {
        return destinationPath;
    }

    /**
     * The source and destination listings (after {@code resumeAfter}, null: all) merge-joined; close it to stop
     * listing. Both listings keep to the run's key range ({@link KeyRange}), starting after the later of its start and
     * {@code resumeAfter}: a shard sees only its own keys on either side.
     */
    public MergeJoin plan(String resumeAfter) {
        return plan(resumeAfter, Listing.Watcher.NONE);
    }

    /**
     * As {@link #plan(String)}, the source listing read up to {@value #SOURCE_PAGES_AHEAD} pages ahead and seen by
     * {@code sourceWatcher} (the copy run's totals): a listing-bound run (a re-run with little to copy) then seldom
     * falls behind its own listing, so the source is listed once.
     */
    public MergeJoin plan(String resumeAfter, Listing.Watcher sourceWatcher) {
        String upTo = relative(KeyRange.of(config).upTo());
        return new MergeJoin(listing(Side.SOURCE).objects(startAfter(resumeAfter), upTo, SOURCE_PAGES_AHEAD, sourceWatcher),
                listing(Side.DESTINATION).objects(startAfter(resumeAfter), upTo), config.get(VERIFY) == VerifyLevel.SIZE);
    }

    /** Pages of 1,000 keys: a few MiB at most. */
    static final int SOURCE_PAGES_AHEAD = 8;

    /**
     * One side's objects as this run sees them: every listing of a run goes through here, so a single key is that key
     * only and the run's reports are never taken for data ({@link KeyFilter}).
     */
    public BucketListing listing(Side side) {
        Bucket bucket = side == Side.SOURCE ? config.source() : config.destination();
        return new BucketListing(side == Side.SOURCE ? sourcePath : destinationPath, bucket, side, 1000, KeyFilter.of(config, bucket),
                BucketListing.threadsFor(config));
    }

    /** The source's objects in the run's key range (after {@code resumeAfter}, null: all), listed ahead on a thread; close it to stop listing. */
    public Listing sourceObjects(String resumeAfter) {
        return listing(Side.SOURCE).objects(startAfter(resumeAfter), relative(KeyRange.of(config).upTo()));
    }

    /** Where both listings start: after the later of the key range's start and {@code resumeAfter} (relative keys). */
    private String startAfter(String resumeAfter) {
        return relative(KeyRange.of(config).startAfter(resumeAfter == null ? null : config.source().key(resumeAfter)));
    }

    /** A full source key below the source prefix ("" for the prefix itself: a range end may be that object). */
    private String relative(String sourceKey) {
        return sourceKey == null ? null : config.source().relativeKey(sourceKey);
    }

    /** Reads the source ETags earlier copies recorded at the destination (for {@link io.s3migration.copier.plan.Decision.Confirm}). */
    public RecordedSourceETag recordedSourceETag() {
        return new RecordedSourceETag(destinationPath, config.destination());
    }

    @Override
    public void close() {
        sourcePath.close();
        destinationPath.close();
        source.ifBuilt(S3Client::close);
        destination.ifBuilt(S3Client::close);
    }
}
