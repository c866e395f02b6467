package io.s3migration.copier.net;

import java.net.UnknownHostException;

/** An endpoint resolved to an address the copier must not connect to. */
public final class BlockedAddressException extends UnknownHostException {
    public BlockedAddressException(String message) {
        super(message);
    }
}
