package io.s3migration.copier.errors;

import io.s3migration.copier.side.Side;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.net.ConnectException;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RetryTest {
    private static final Retry FAST = new Retry(5, Duration.ofMillis(1), Duration.ofMillis(1));

    /** A call that fails {@code failures} times with {@code error}, then answers "ok"; counts its calls. */
    private static Supplier<String> failing(int failures, RuntimeException error, AtomicInteger calls) {
        return () -> {
            if (calls.incrementAndGet() <= failures) {
                throw error;
            }
            return "ok";
        };
    }

    private static RuntimeException caught(Supplier<?> call) {
        return assertThrows(RuntimeException.class, call::get);
    }

    @Test
    void aResetIsTriedAgainUntilItSucceedsOrTheAttemptsRunOut() {
        RuntimeException reset = new SideFailure(Side.SOURCE,
                SdkClientException.create("read failed", new SocketException("Connection reset")));
        AtomicInteger calls = new AtomicInteger();
        assertEquals("ok", FAST.runWhileReachable(Side.SOURCE, failing(4, reset, calls)));
        assertEquals(5, calls.get());

        AtomicInteger more = new AtomicInteger();
        assertSame(reset, caught(() -> FAST.runWhileReachable(Side.SOURCE, failing(5, reset, more))));
        assertEquals(5, more.get(), "five attempts, then the reset is the caller's");
    }

    @Test
    void anUnreachableEndpointIsTriedAgainForAnObjectButNotForAListing() {
        RuntimeException refused = SdkClientException.create("connect failed", new ConnectException("Connection refused"));
        AtomicInteger object = new AtomicInteger();
        assertEquals("ok", FAST.run(failing(2, refused, object)));
        assertEquals(3, object.get());

        AtomicInteger listing = new AtomicInteger();
        SideFailure failure = assertInstanceOf(SideFailure.class,
                caught(() -> FAST.runWhileReachable(Side.DESTINATION, failing(2, refused, listing))));
        assertSame(refused, failure.getCause());
        assertEquals(Side.DESTINATION, failure.side(), "tagged with the side listed");
        assertEquals(1, listing.get(), "a listing that cannot connect ends at once");
    }

    @Test
    void aFatalErrorIsNeverTriedAgain() {
        RuntimeException denied = ErrorClassifierTest.s3("AccessDenied", 403);
        AtomicInteger calls = new AtomicInteger();
        assertSame(denied, caught(() -> FAST.run(failing(1, denied, calls))));
        assertEquals(1, calls.get());
    }
}
