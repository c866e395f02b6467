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
        PinnedResolver resolver = new PinnedResolver(new AddressPolicy(List.of()), host -> lookups.incrementAndGet() == 1
                ? new InetAddress[] {ip("52.216.1.2")} : new InetAddress[] {ip("169.254.169.254")});
        assertArrayEquals(new InetAddress[] {ip("52.216.1.2")}, resolver.resolve("bucket.example.com"));
        assertArrayEquals(new InetAddress[] {ip("52.216.1.2")}, resolver.resolve("bucket.example.com"));
        assertEquals(1, lookups.get());
    }

    @Test
    void refusesAHostThatResolvesOnlyToBlockedAddresses() {
        PinnedResolver resolver = new PinnedResolver(new AddressPolicy(List.of()), host -> new InetAddress[] {ip("10.0.0.7"), ip("127.0.0.1")});
        BlockedAddressException e = assertThrows(BlockedAddressException.class, () -> resolver.resolve("internal.example.com"));
        assertTrue(e.getMessage().contains("10.0.0.7 is a private address"), e.getMessage());
        assertTrue(e.getMessage().contains("S3M_ALLOWED_ADDRESSES"), e.getMessage());
    }

    @Test
    void keepsOnlyThePermittedAddressesOfAMixedAnswer() throws Exception {
        PinnedResolver resolver = new PinnedResolver(new AddressPolicy(List.of()), host -> new InetAddress[] {ip("127.0.0.1"), ip("52.216.1.2")});
        assertArrayEquals(new InetAddress[] {ip("52.216.1.2")}, resolver.resolve("mixed.example.com"));
    }

    @Test
    void ipLiteralsAreCheckedToo() throws Exception {
        PinnedResolver strict = new PinnedResolver(new AddressPolicy(List.of()));
        assertThrows(BlockedAddressException.class, () -> strict.resolve("169.254.169.254"));
        PinnedResolver allowing = new PinnedResolver(new AddressPolicy(List.of("127.0.0.1/32")));
        assertArrayEquals(new InetAddress[] {ip("127.0.0.1")}, allowing.resolve("127.0.0.1"));
    }
}
