package io.s3migration.copier.client;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The aws-chunked body with a trailing CRC32C, read back by a decoder written from S3's description of the format. */
class TrailingCrc32cTest {

    /** A body decoded: its bytes and its trailer's headers. */
    record Decoded(byte[] data, Map<String, String> trailers) {
    }

    /** Reads {@code <hex size>\r\n<bytes>\r\n} chunks up to the empty one, then trailer lines up to an empty line. */
    static Decoded decode(byte[] framed) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int eol = indexOfCrlf(framed, at);
            int size = Integer.parseInt(new String(framed, at, eol - at, StandardCharsets.US_ASCII), 16);
            at = eol + 2;
            if (size == 0) {
                break;
            }
            data.write(framed, at, size);
            at += size;
            assertEquals('\r', framed[at]);
            assertEquals('\n', framed[at + 1]);
            at += 2;
        }
        Map<String, String> trailers = new LinkedHashMap<>();
        while (true) {
            int eol = indexOfCrlf(framed, at);
            String line = new String(framed, at, eol - at, StandardCharsets.US_ASCII);
            at = eol + 2;
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            trailers.put(line.substring(0, colon), line.substring(colon + 1));
        }
        assertEquals(framed.length, at, "nothing after the trailer's empty line");
        return new Decoded(data.toByteArray(), trailers);
    }

    private static int indexOfCrlf(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        throw new AssertionError("no CRLF after " + from);
    }

    static String crc32c(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        return TrailingCrc32c.base64(crc.getValue());
    }

    private static byte[] framed(byte[] data, boolean wrong) throws IOException {
        try (InputStream in = new TrailingCrc32c(() -> new ByteArrayInputStream(data), data.length, wrong).newStream()) {
            return in.readAllBytes();
        }
    }

    @Test
    void theChecksumIsCrc32cAsS3WritesIt() {
        // the CRC-32C check value of "123456789" (0xE3069283), big-endian, in base64
        assertEquals("4waSgw==", crc32c("123456789".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void everySizeFramesIntoChunksWhoseBytesAndTrailerDecodeAndWhoseLengthIsKnownAhead() throws IOException {
        Random random = new Random(7);
        for (int size : new int[]{0, 1, 4096, TrailingCrc32c.CHUNK - 1, TrailingCrc32c.CHUNK, TrailingCrc32c.CHUNK + 1, 200_000}) {
            byte[] data = new byte[size];
            random.nextBytes(data);

            byte[] framed = framed(data, false);

            assertEquals(TrailingCrc32c.framedLength(size), framed.length, "Content-Length of " + size + " bytes");
            Decoded decoded = decode(framed);
            assertArrayEquals(data, decoded.data(), size + " bytes");
            assertEquals(Map.of("x-amz-checksum-crc32c", crc32c(data)), decoded.trailers(), size + " bytes");
        }
    }

    @Test
    void aProbesWrongChecksumIsAnotherValueForTheSameBytes() throws IOException {
        byte[] data = {42};
        Decoded wrong = decode(framed(data, true));
        assertArrayEquals(data, wrong.data());
        assertNotEquals(crc32c(data), wrong.trailers().get("x-amz-checksum-crc32c"));
    }

    @Test
    void aBodySentAgainIsReadAgainFromItsStartWithAFreshChecksum() throws IOException {
        byte[] data = new byte[100_000];
        new Random(3).nextBytes(data);
        int[] opened = {0};
        TrailingCrc32c body = new TrailingCrc32c(() -> {
            opened[0]++;
            return new ByteArrayInputStream(data);
        }, data.length, false);
        byte[] first;
        try (InputStream in = body.newStream()) {
            first = in.readAllBytes();
        }
        byte[] second = new byte[first.length];
        try (InputStream in = body.newStream()) { // byte by byte this time
            for (int i = 0; i < second.length; i++) {
                second[i] = (byte) in.read();
            }
            assertEquals(-1, in.read());
        }
        assertEquals(2, opened[0], "a retry reads its source anew");
        assertArrayEquals(first, second);
    }

    @Test
    void aSourceThatEndsEarlyFailsTheUploadInsteadOfSendingAShortBody() {
        byte[] data = new byte[1000];
        TrailingCrc32c body = new TrailingCrc32c(() -> new ByteArrayInputStream(data), 1500, false);
        IOException e = assertThrows(IOException.class, () -> body.newStream().readAllBytes());
        assertTrue(e.getMessage().contains("500 bytes before its length"), e.getMessage());
    }
}
