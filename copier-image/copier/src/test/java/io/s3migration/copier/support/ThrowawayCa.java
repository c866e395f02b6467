package io.s3migration.copier.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A CA made for one test with the JDK's keytool: the CA's certificate as PEM (what S3M_CA_BUNDLE names) and a
 * PKCS#12 key store for a server on 127.0.0.1 whose certificate that CA signed (subject alternative names
 * IP:127.0.0.1 and DNS:localhost), chain included.
 */
public record ThrowawayCa(Path caPem, Path serverKeyStore, String password) {
    private static final String PASSWORD = "throwaway-test-password";

    public static ThrowawayCa create(Path dir, String name) {
        try {
            Files.createDirectories(dir);
            Path ca = dir.resolve(name + "-ca.p12");
            Path server = dir.resolve(name + "-server.p12");
            Path caPem = dir.resolve(name + "-ca.pem");
            Path request = dir.resolve(name + "-server.csr");
            Path signed = dir.resolve(name + "-server.pem");
            keytool(dir, "-genkeypair", "-keystore", ca, "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=" + name + " throwaway test CA", "-ext", "bc:c", "-validity", "2");
            keytool(dir, "-exportcert", "-rfc", "-keystore", ca, "-alias", "ca", "-file", caPem);
            keytool(dir, "-genkeypair", "-keystore", server, "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=127.0.0.1", "-validity", "2");
            keytool(dir, "-certreq", "-keystore", server, "-alias", "server", "-file", request);
            keytool(dir, "-gencert", "-rfc", "-keystore", ca, "-alias", "ca", "-infile", request, "-outfile", signed,
                    "-ext", "san=ip:127.0.0.1,dns:localhost", "-ext", "ku:c=digitalSignature,keyAgreement",
                    "-ext", "eku=serverAuth", "-validity", "2");
            keytool(dir, "-importcert", "-noprompt", "-keystore", server, "-alias", "ca", "-file", caPem);
            keytool(dir, "-importcert", "-keystore", server, "-alias", "server", "-file", signed);
            return new ThrowawayCa(caPem, server, PASSWORD);
        } catch (IOException e) {
            throw new IllegalStateException("cannot make a throwaway CA with keytool", e);
        }
    }

    private static void keytool(Path dir, Object... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        for (Object a : args) {
            command.add(a.toString());
        }
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("keytool timed out: " + command);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("keytool failed (" + p.exitValue() + "): " + String.join(" ", command) + "\n" + output);
        }
    }
}
