package io.s3migration.copier.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Base of the test classes that copy between two embedded S3Proxy servers, started once per class. */
public abstract class OnTwoServers {
    protected static TwoServers servers;

    @BeforeAll
    static void startServers() {
        servers = new TwoServers();
    }

    @AfterAll
    static void stopServers() {
        servers.close();
    }
}
