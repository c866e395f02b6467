package io.s3migration.copier.support;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** A stdout for an in-process run that keeps what was printed and can echo it live. */
public final class Captured {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream stream;

    public Captured(boolean echo) {
        OutputStream sink = echo ? new TeeStream(bytes, System.out) : bytes;
        this.stream = new PrintStream(sink, true, StandardCharsets.UTF_8);
    }

    public PrintStream stream() {
        return stream;
    }

    public String text() {
        stream.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static final class TeeStream extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        TeeStream(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
