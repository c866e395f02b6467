#!/usr/bin/env python3
"""Counts the TLS handshakes in a packet capture of the loopback interface, and how many of them resumed a session:
ClientHellos offering a pre-shared key (TLS 1.3's `pre_shared_key` extension: a session ticket) and ServerHellos
accepting one. Issue 16's handshake measurements (bench/README.md, stops 39 and 40) were taken with it:

  tcpdump -i lo -s 2000 -w run.pcap "tcp port SRC_PORT or tcp port DST_PORT" &    # the ports of serve.env
  bench/ab.py medium 1 copier="java ..."; kill %1
  bench/tls_resumed.py run.pcap

Reads a classic pcap (tcpdump -w) of Ethernet-framed (-i lo) or cooked (-i any) IPv4 packets. A hello is counted
when its TLS record starts a TCP segment, which on loopback (MTU 65536) every hello does.
"""
import struct
import sys

PRE_SHARED_KEY = 41
CLIENT_HELLO, SERVER_HELLO = 1, 2


def extensions(body, at):
    """The extension types of a hello whose extensions' length field is at body[at]."""
    if at + 2 > len(body):
        return set()
    end = min(at + 2 + struct.unpack(">H", body[at:at + 2])[0], len(body))
    at += 2
    types = set()
    while at + 4 <= end:
        kind, length = struct.unpack(">HH", body[at:at + 4])
        types.add(kind)
        at += 4 + length
    return types


def hellos(path):
    """(handshake type, extension types) of every hello in the capture."""
    with open(path, "rb") as f:
        header = f.read(24)
        link_header = 14 if struct.unpack("<I", header[20:24])[0] == 1 else 16  # Ethernet, else Linux cooked
        while len(record := f.read(16)) == 16:
            packet = f.read(struct.unpack("<IIII", record)[2])
            ip = link_header
            if len(packet) < ip + 20:
                continue
            tcp = ip + (packet[ip] & 0x0F) * 4
            payload = packet[tcp + (packet[tcp + 12] >> 4) * 4:]
            if len(payload) < 6 or payload[0] != 0x16 or payload[5] not in (CLIENT_HELLO, SERVER_HELLO):
                continue  # not a TLS handshake record holding a hello
            body = payload[9:]  # after the record header (5) and the handshake header (4)
            at = 2 + 32  # version, random
            at += 1 + body[at]  # session id
            if payload[5] == CLIENT_HELLO:
                at += 2 + struct.unpack(">H", body[at:at + 2])[0]  # cipher suites
                at += 1 + body[at]  # compression methods
            else:
                at += 2 + 1  # the chosen cipher suite and compression method
            yield payload[5], extensions(body, at)


def main(path):
    offered = accepted = clients = servers = 0
    for kind, types in hellos(path):
        if kind == CLIENT_HELLO:
            clients += 1
            offered += PRE_SHARED_KEY in types
        else:
            servers += 1
            accepted += PRE_SHARED_KEY in types
    print(f"{clients} ClientHellos, {offered} offering a session ticket; "
          f"{servers} ServerHellos, {accepted} resuming (full handshakes: {servers - accepted})")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
