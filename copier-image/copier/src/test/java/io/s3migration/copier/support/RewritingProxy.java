package io.s3migration.copier.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;

/**
 * An HTTP proxy in front of an S3 server that lets a test answer as AWS would where the server cannot (an archive
 * storage class in a listing, an {@code x-amz-restore} header, a 403 {@code InvalidObjectState}): every response
 * passes through {@code rewrite} as status, headers and body, so the client's SDK parses what AWS would send. It
 * also records every request line it forwarded. Requests reach the server unchanged but as HTTP/1.0 with
 * {@code Connection: close} (the signature covers neither), so each response is whole when the server closes:
 * responses are buffered, which suits small test objects only.
 */
public final class RewritingProxy implements AutoCloseable {
    /** A request as it went to the server: method, target (path and query, still encoded) and its decoded path. */
    public record Request(String method, String target) {
        /** The path without the query, URL-decoded: {@code /bucket/key}. */
        public String path() {
            return path(target);
        }

        /** The path of a request target without its query, URL-decoded (a '+' in a path is a plus, not a space). */
        public static String path(String target) {
            int q = target.indexOf('?');
            return URLDecoder.decode((q < 0 ? target : target.substring(0, q)).replace("+", "%2B"), StandardCharsets.UTF_8);
        }

        public String query() {
            int q = target.indexOf('?');
            return q < 0 ? "" : target.substring(q + 1);
        }
    }

    /** A response: status, reason phrase, headers in order, body. */
    public record Response(int status, String reason, List<String[]> headers, byte[] body) {
        public String header(String name) {
            return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst().orElse(null);
        }

        public Response withHeader(String name, String value) {
            List<String[]> more = new ArrayList<>(withoutHeader(name).headers());
            more.add(new String[]{name, value});
            return new Response(status, reason, more, body);
        }

        public Response withoutHeader(String name) {
            return new Response(status, reason, headers.stream().filter(h -> !h[0].equalsIgnoreCase(name)).toList(), body);
        }

        public Response withBody(String text) {
            return new Response(status, reason, headers, text.getBytes(StandardCharsets.UTF_8));
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** An S3 error response as AWS sends it: XML with {@code Code} and {@code Message}. */
        public static Response s3Error(int status, String reason, String code, String message) {
            String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                    + "</Message><RequestId>TESTREQUEST0001</RequestId><HostId>test</HostId></Error>";
            List<String[]> headers = new ArrayList<>();
            headers.add(new String[]{"Content-Type", "application/xml"});
            headers.add(new String[]{"x-amz-request-id", "TESTREQUEST0001"});
            return new Response(status, reason, headers, xml.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final ServerSocket server;
    private final int targetPort;
    private final BiFunction<Request, Response, Response> rewrite;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "rewriting-proxy");
        t.setDaemon(true);
        return t;
    });

    public RewritingProxy(int targetPort, BiFunction<Request, Response, Response> rewrite) throws IOException {
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        this.rewrite = rewrite;
        threads.execute(this::acceptLoop);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Every request forwarded so far, oldest first. */
    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** One client connection, kept alive: request by request, each over a connection of its own to the server. */
    private void serve(Socket client) {
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            while (true) {
                byte[] head = readHead(in);
                if (head == null) {
                    return;
                }
                List<String> lines = new ArrayList<>(List.of(new String(head, StandardCharsets.ISO_8859_1).split("\r\n")));
                String[] requestLine = lines.get(0).split(" ");
                Request request = new Request(requestLine[0], requestLine[1]);
                requests.add(request);
                if (header(lines, "transfer-encoding") != null) {
                    throw new IOException("chunked request bodies are not supported by this test proxy");
                }
                if ("100-continue".equalsIgnoreCase(header(lines, "expect"))) {
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)); // the server gets no Expect
                    out.flush();
                }
                String length = header(lines, "content-length");
                byte[] body = in.readNBytes(length == null ? 0 : Integer.parseInt(length.trim()));
                Response response = rewrite.apply(request, forward(request, lines, body));
                write(out, request, response);
            }
        } catch (IOException ignored) {
            // a side closed
        }
    }

    private Response forward(Request request, List<String> lines, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder(request.method() + " " + request.target() + " HTTP/1.0\r\n");
        for (String line : lines.subList(1, lines.size())) {
            String name = line.toLowerCase(Locale.ROOT);
            if (!line.isEmpty() && !name.startsWith("connection:") && !name.startsWith("expect:")) {
                head.append(line).append("\r\n");
            }
        }
        head.append("Connection: close\r\n\r\n");
        try (Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
            OutputStream toServer = target.getOutputStream();
            toServer.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            toServer.write(body);
            toServer.flush();
            InputStream fromServer = new BufferedInputStream(target.getInputStream());
            byte[] responseHead = readHead(fromServer);
            if (responseHead == null) {
                throw new IOException("the server closed without answering " + request);
            }
            byte[] responseBody = fromServer.readAllBytes();
            List<String> responseLines = List.of(new String(responseHead, StandardCharsets.ISO_8859_1).split("\r\n"));
            String[] status = responseLines.get(0).split(" ", 3);
            List<String[]> headers = new ArrayList<>();
            for (String line : responseLines.subList(1, responseLines.size())) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.add(new String[]{line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
                }
            }
            return new Response(Integer.parseInt(status[1]), status.length > 2 ? status[2] : "", headers, responseBody);
        }
    }

    /** Writes the response for a keep-alive client: its own framing, by Content-Length (a HEAD's is the object's). */
    private static void write(OutputStream out, Request request, Response response) throws IOException {
        boolean head = request.method().equalsIgnoreCase("HEAD");
        StringBuilder text = new StringBuilder("HTTP/1.1 " + response.status() + " " + response.reason() + "\r\n");
        for (String[] h : response.headers()) {
            String name = h[0].toLowerCase(Locale.ROOT);
            if (name.equals("connection") || name.equals("transfer-encoding") || name.equals("keep-alive")
                    || (name.equals("content-length") && !head)) {
                continue;
            }
            text.append(h[0]).append(": ").append(h[1]).append("\r\n");
        }
        if (!head) {
            text.append("Content-Length: ").append(response.body().length).append("\r\n");
        }
        text.append("\r\n");
        out.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!head) {
            out.write(response.body());
        }
        out.flush();
    }

    private static String header(List<String> lines, String lowerCaseName) {
        for (String line : lines.subList(1, lines.size())) {
            if (line.toLowerCase(Locale.ROOT).startsWith(lowerCaseName + ":")) {
                return line.substring(lowerCaseName.length() + 1).trim();
            }
        }
        return null;
    }

    /** The head up to and including the blank line, or null at the end of the stream. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toByteArray();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        threads.shutdownNow();
    }
}
