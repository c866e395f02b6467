package io.s3migration.copier.net;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PinnedResolverTest {
    static final AddressPolicy STRICT = new AddressPolicy(List.of(), List.of(), List.of());
    /** The platform storage allowlisted with its range, as the operator passes it for a run that uses it. */
    static final AddressPolicy PLATFORM = new AddressPolicy(List.of("10.20.0.0/16"), List.of("storage.platform.example"), List.of());
    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void resolvesOnceAndPinsSoRebindingCannotMoveTheCopier() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        PinnedResolver resolver = new PinnedResolver(STRICT, host -> lookups.incrementAndGet() == 1
                ? new InetAddress[] {ip("52.216.1.2")} : new InetAddress[] {ip("169.254.169.254")});
        assertArrayEquals(new InetAddress[] {ip("52.216.1.2")}, resolver.resolve("bucket.example.com"));
        assertArrayEquals(new InetAddress[] {ip("52.216.1.2")}, resolver.resolve("bucket.example.com"));
        assertEquals(1, lookups.get());
    }

    @Test
    void refusesAHostThatResolvesOnlyToBlockedAddresses() {
        PinnedResolver resolver = new PinnedResolver(STRICT, host -> new InetAddress[] {ip("10.0.0.7"), ip("127.0.0.1")});
        BlockedAddressException e = assertThrows(BlockedAddressException.class, () -> resolver.resolve("internal.example.com"));
        assertTrue(e.getMessage().contains("10.0.0.7 is a private address"), e.getMessage());
        assertTrue(e.getMessage().contains("S3M_ALLOWED_HOSTS"), e.getMessage());
    }

    @Test
    void aHostThatPassedAdmissionPubliclyAndNowResolvesIntoTheAllowedRangeIsRefused() throws Exception {
        // The operator admitted evil.example.com when it resolved to 52.216.1.2; by the time the copier looks it up,
        // its DNS answers with an address of the platform storage's range, which this run allows for that storage only.
        PinnedResolver resolver = new PinnedResolver(PLATFORM, host -> new InetAddress[] {ip("10.20.1.5")});
        BlockedAddressException e = assertThrows(BlockedAddressException.class, () -> resolver.resolve("evil.example.com"));
        assertTrue(e.getMessage().contains("10.20.1.5 is a private address"), e.getMessage());

        PinnedResolver storage = new PinnedResolver(PLATFORM, host -> new InetAddress[] {ip("10.20.1.5")});
        assertArrayEquals(new InetAddress[] {ip("10.20.1.5")}, storage.resolve("storage.platform.example"));
        assertArrayEquals(new InetAddress[] {ip("10.20.1.5")}, storage.resolve("photos.storage.platform.example"),
                "a virtual-hosted bucket of the allowlisted endpoint");
    }

    @Test
    void theClusterNetworksTheOperatorBlocksAreRefusedAtConnect() {
        PinnedResolver resolver = new PinnedResolver(new AddressPolicy(List.of(), List.of(), List.of("198.51.100.0/24")),
                host -> new InetAddress[] {ip("198.51.100.7")});
        BlockedAddressException e = assertThrows(BlockedAddressException.class, () -> resolver.resolve("svc.example.com"));
        assertTrue(e.getMessage().contains("S3M_BLOCKED_ADDRESSES"), e.getMessage());
    }

    @Test
    void keepsOnlyThePermittedAddressesOfAMixedAnswer() throws Exception {
        PinnedResolver resolver = new PinnedResolver(STRICT, host -> new InetAddress[] {ip("127.0.0.1"), ip("52.216.1.2")});
        assertArrayEquals(new InetAddress[] {ip("52.216.1.2")}, resolver.resolve("mixed.example.com"));
    }

    @Test
    void ipLiteralsAreCheckedToo() throws Exception {
        PinnedResolver strict = new PinnedResolver(STRICT);
        assertThrows(BlockedAddressException.class, () -> strict.resolve("169.254.169.254"));
        PinnedResolver allowing = new PinnedResolver(new AddressPolicy(List.of("127.0.0.1/32"), List.of("127.0.0.1"), List.of()));
        assertArrayEquals(new InetAddress[] {ip("127.0.0.1")}, allowing.resolve("127.0.0.1"));
    }
}
