package io.s3migration.copier.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of an S3 server that misbehaves like a real network and a busy server: on a share of new
 * connections it answers {@code 503 SlowDown}; on others it resets the connection after a random number of
 * bytes in either direction (mid-request or mid-response). Everything else passes through unchanged.
 */
public final class FaultyProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final double slowDownRate;
    private final double resetRate;
    private final Random random;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "faulty-proxy");
        t.setDaemon(true);
        return t;
    });
    public final AtomicInteger slowDowns = new AtomicInteger();
    public final AtomicInteger resets = new AtomicInteger();
    public final AtomicInteger connections = new AtomicInteger();
    /** Requests the server got and answered but whose answer never reached the client. */
    public final AtomicInteger lostAnswers = new AtomicInteger();
    private final AtomicInteger answersToLose = new AtomicInteger();
    /** Requests passed on whole, by method and target (path and query, as sent): "PUT /bucket/key". */
    private final java.util.Map<String, AtomicInteger> requestsByTarget = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile String loseAnswerMethod = "";
    private volatile String loseAnswerQuery = "";

    public FaultyProxy(int targetPort, double slowDownRate, double resetRate, long seed) throws IOException {
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        this.slowDownRate = slowDownRate;
        this.resetRate = resetRate;
        this.random = new Random(seed);
        threads.execute(this::acceptLoop);
    }

    /**
     * The next {@code times} requests with this method (e.g. {@code POST}) whose target holds {@code query} (e.g.
     * {@code ?uploads}) reach the server whole, but the client's connection is reset before the answer comes: the
     * server acted, the client cannot know.
     */
    public FaultyProxy loseAnswersTo(String method, String query, int times) {
        loseAnswerMethod = method.toLowerCase(java.util.Locale.ROOT) + " ";
        loseAnswerQuery = query.toLowerCase(java.util.Locale.ROOT);
        answersToLose.set(times);
        return this;
    }

    /** Requests with this method (upper case) that reached the server whole: head and body. */
    public int requests(String method) {
        return requests(method, "");
    }

    /** Requests with this method whose target (path and query) contains {@code part}, e.g. {@code list-type=2}. */
    public int requests(String method, String part) {
        return requestsByTarget.entrySet().stream().filter(e -> e.getKey().startsWith(method + " ") && e.getKey().contains(part))
                .mapToInt(e -> e.getValue().get()).sum();
    }

    /** The PUT targets (path and query, as sent) that reached the server more than once. */
    public java.util.Map<String, Integer> putTwice() {
        java.util.Map<String, Integer> twice = new java.util.TreeMap<>(puts());
        twice.values().removeIf(n -> n < 2);
        return twice;
    }

    /** How often each PUT target (path and query, as sent) reached the server whole, as of now. */
    public java.util.Map<String, Integer> puts() {
        java.util.Map<String, Integer> puts = new java.util.TreeMap<>();
        requestsByTarget.forEach((target, n) -> {
            if (target.startsWith("PUT ")) {
                puts.put(target.substring("PUT ".length()), n.get());
            }
        });
        return puts;
    }

    /** Counts a request once its head and body are passed on (a killed client's half-sent PUT stores nothing). */
    private void count(String requestLine) {
        String[] parts = requestLine.split(" ");
        String target = parts[0].toUpperCase(java.util.Locale.ROOT) + " " + (parts.length > 1 ? parts[1] : "");
        requestsByTarget.computeIfAbsent(target, t -> new AtomicInteger()).incrementAndGet();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                threads.execute(() -> forward(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private double roll() {
        synchronized (random) {
            return random.nextDouble();
        }
    }

    private long below(long bound) {
        synchronized (random) {
            return bound <= 0 ? 0 : (long) (random.nextDouble() * bound);
        }
    }

    /**
     * Requests are read one by one (head, then Content-Length bytes of body), so faults hit individual requests
     * even on pooled keep-alive connections; responses flow back unchanged, except that some connections are
     * cut mid-response.
     */
    private void forward(Socket client) {
        Socket target;
        try {
            target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        } catch (IOException e) {
            closeQuietly(client);
            return;
        }
        long responseLimit = roll() < resetRate ? 1 + below(2 * 1024 * 1024) : Long.MAX_VALUE;
        threads.execute(() -> pipe(target, client, responseLimit, client));
        try {
            InputStream in = client.getInputStream();
            OutputStream out = target.getOutputStream();
            while (true) {
                byte[] head = readHead(in);
                if (head == null) {
                    break;
                }
                String text = new String(head, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
                double r = roll();
                if (r < slowDownRate) {
                    slowDown(client);
                    closeQuietly(target);
                    return;
                }
                String requestLine = text.substring(0, Math.max(0, text.indexOf("\r\n")));
                if (requestLine.startsWith(loseAnswerMethod) && requestLine.contains(loseAnswerQuery)
                        && answersToLose.getAndDecrement() > 0) {
                    actWithoutAnswering(head, in, contentLength(text), client);
                    closeQuietly(target);
                    return;
                }
                out.write(head);
                String caseKept = new String(head, StandardCharsets.ISO_8859_1);
                String exactRequestLine = caseKept.substring(0, Math.max(0, caseKept.indexOf("\r\n")));
                if (text.contains("transfer-encoding: chunked")) {
                    count(exactRequestLine); // counted as sent: the rest of the connection is not parsed
                    in.transferTo(out); // not parsed: pass the rest of the connection through
                    break;
                }
                long length = contentLength(text);
                if (r < slowDownRate + resetRate) {
                    copy(in, out, below(length + 1));
                    reset(client);
                    closeQuietly(target);
                    resets.incrementAndGet();
                    return;
                }
                copy(in, out, length);
                count(exactRequestLine);
            }
        } catch (IOException ignored) {
            // one side closed
        }
        closeQuietly(client);
        closeQuietly(target);
    }

    /**
     * Sends the request to the server on a connection of its own and waits for the first byte of the answer (the
     * server has acted), then resets the client: the answer cannot race the reset to the client.
     */
    private void actWithoutAnswering(byte[] head, InputStream in, long length, Socket client) throws IOException {
        try (Socket side = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
            side.getOutputStream().write(head);
            copy(in, side.getOutputStream(), length);
            side.getInputStream().read();
        }
        reset(client);
        lostAnswers.incrementAndGet();
    }

    private void slowDown(Socket client) {
        try (client) {
            String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
                    + "<Message>Please reduce your request rate.</Message></Error>";
            String response = "HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\nContent-Length: "
                    + body.length() + "\r\nConnection: close\r\n\r\n" + body;
            client.getOutputStream().write(response.getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();
            slowDowns.incrementAndGet();
        } catch (IOException ignored) {
            // the client went away
        }
    }

    /** The request head up to and including the blank line, or null at the end of the connection. */
    private static byte[] readHead(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while (matched < 4) {
            b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toByteArray();
    }

    private static long contentLength(String lowerCaseHead) {
        for (String line : lowerCaseHead.split("\r\n")) {
            if (line.startsWith("content-length:")) {
                return Long.parseLong(line.substring("content-length:".length()).trim());
            }
        }
        return 0;
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long left = length;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException("client closed mid-body");
            }
            out.write(buf, 0, n);
            left -= n;
        }
        out.flush();
    }

    private void pipe(Socket from, Socket to, long limit, Socket client) {
        byte[] buf = new byte[64 * 1024];
        long moved = 0;
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (moved + n > limit) {
                    out.write(buf, 0, (int) (limit - moved));
                    out.flush();
                    reset(client);
                    closeQuietly(from);
                    closeQuietly(to);
                    resets.incrementAndGet();
                    return;
                }
                out.write(buf, 0, n);
                out.flush();
                moved += n;
            }
        } catch (IOException ignored) {
            // one side closed
        }
        closeQuietly(from);
        closeQuietly(to);
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0); // close with RST: "Connection reset" at the client
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closeQuietly2();
        threads.shutdownNow();
    }

    private void closeQuietly2() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
