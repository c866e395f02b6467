package io.s3migration.copier.client;

import software.amazon.awssdk.http.ContentStreamProvider;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32C;

/**
 * A body in S3's {@code aws-chunked} encoding with the CRC32C of its bytes in a trailer, which the destination checks
 * before it stores them ({@code STREAMING-UNSIGNED-PAYLOAD-TRAILER}, as the SDK sends flexible checksums). A body
 * streamed from the source has its checksum only at its end, so it cannot go in a header. CRC32C runs as one CPU
 * instruction per 8 bytes even under C1, where the MD5 it replaces costs ~1.5 CPU-s per GiB.
 *
 * <p>Each chunk is {@code <hex size>\r\n<bytes>\r\n}; the last is empty and carries the trailer:
 * {@code 0\r\nx-amz-checksum-crc32c:<base64>\r\n\r\n}.
 */
final class TrailingCrc32c implements ContentStreamProvider {
    static final String CONTENT_SHA256 = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
    static final String TRAILER = "x-amz-checksum-crc32c";
    static final int CHUNK = 64 * 1024;
    /** Base64 of the 4 bytes of a CRC32C. */
    private static final int CHECKSUM_CHARS = 8;

    private final ContentStreamProvider body;
    private final long length;
    private final boolean wrong;

    /** {@code length} bytes from {@code body}, framed; {@code wrong}: the trailer says another checksum (a probe's). */
    TrailingCrc32c(ContentStreamProvider body, long length, boolean wrong) {
        this.body = body;
        this.length = length;
        this.wrong = wrong;
    }

    /** What goes on the wire for a body of {@code length} bytes: its Content-Length. */
    static long framedLength(long length) {
        long full = length / CHUNK;
        long rest = length % CHUNK;
        long framed = full * (Integer.toHexString(CHUNK).length() + 2 + CHUNK + 2);
        if (rest > 0) {
            framed += Long.toHexString(rest).length() + 2 + rest + 2;
        }
        return framed + "0\r\n".length() + TRAILER.length() + 1 + CHECKSUM_CHARS + 2 + 2;
    }

    /** The trailer's value for {@code crc}: the checksum's 4 bytes, big-endian, in base64. */
    static String base64(long crc) {
        int value = (int) crc;
        return Base64.getEncoder().encodeToString(new byte[]{
                (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    }

    @Override
    public InputStream newStream() {
        return new Framing(body.newStream());
    }

    /** The framed bytes, a chunk at a time; the checksum from the bytes as they are read, anew for every stream. */
    private final class Framing extends InputStream {
        private final InputStream in;
        private final CRC32C crc = new CRC32C();
        /** One chunk as sent: its size in hex, CRLF, its bytes, CRLF (at most 5 + 2 + CHUNK + 2 bytes). */
        private final byte[] chunk = new byte[5 + 2 + (int) Math.min(CHUNK, length) + 2];
        private byte[] frame = chunk;
        private int end;
        private int at;
        private long left = length;
        private boolean ended;

        Framing(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            if (at == end && !nextFrame()) {
                return -1;
            }
            return frame[at++] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (at == end && !nextFrame()) {
                return -1;
            }
            int n = Math.min(len, end - at);
            System.arraycopy(frame, at, b, off, n);
            at += n;
            return n;
        }

        /** The next chunk, or the last one with the trailer; false once that was read. */
        private boolean nextFrame() throws IOException {
            if (ended) {
                return false;
            }
            at = 0;
            if (left == 0) {
                ended = true;
                long sum = wrong ? ~crc.getValue() : crc.getValue();
                frame = ("0\r\n" + TRAILER + ":" + base64(sum) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                end = frame.length;
                return true;
            }
            int size = (int) Math.min(CHUNK, left);
            byte[] header = (Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(header, 0, chunk, 0, header.length);
            int got = in.readNBytes(chunk, header.length, size);
            if (got < size) {
                throw new IOException("the body ended " + (left - got) + " bytes before its length");
            }
            crc.update(chunk, header.length, size);
            left -= size;
            end = header.length + size;
            chunk[end++] = '\r';
            chunk[end++] = '\n';
            return true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
