#!/usr/bin/env python3
"""Reads a JFR recording of a copier run and prints where its CPU went: the hottest methods by self
samples, the hottest by inclusive samples (each method once per stack), the share of samples in a few
known-costly areas (hashing, TLS, XML, logging, class loading) and the GC pause total.

Usage: jfr_top.py FILE.jfr [TOP]
"""
import collections
import json
import subprocess
import sys

AREAS = {
    "hashing (MD5/SHA/CRC)": ("MessageDigest", "MD5", "SHA", "Crc32", "CRC32", "Checksum", "DigestUtils"),
    "request signing (SigV4)": ("Aws4Signer", "AwsV4", "SigningUtils", "signer"),
    "XML parsing (listings)": ("xml", "Xml", "XMLStreamReader", "sax"),
    "HTTP client (apache)": ("org.apache.http",),
    "socket read/write": ("SocketInputStream", "SocketOutputStream", "NioSocketImpl", "sun.nio.ch"),
    "class loading / JIT start-up": ("ClassLoader", "defineClass", "loadClass", "Lookup", "LambdaForm"),
    "logging": ("slf4j", "log4j", "java.util.logging"),
    "JSON (progress lines)": ("Json", "json"),
}


def frames(event):
    st = event["values"].get("stackTrace") or {}
    for f in st.get("frames", []):
        m = f.get("method") or {}
        t = (m.get('type') or {}).get('name', '?').replace("/", ".")
        yield f"{t.split('$$Lambda')[0]}.{m.get('name', '?')}"


def main(path, top=20):
    out = subprocess.run(["jfr", "print", "--json", "--events", "jdk.ExecutionSample,jdk.GarbageCollection", path],
                         stdout=subprocess.PIPE, check=True).stdout
    events = json.loads(out)["recording"]["events"]
    samples = [e for e in events if e["type"] == "jdk.ExecutionSample"]
    gcs = [e for e in events if e["type"] == "jdk.GarbageCollection"]
    self_c, incl_c, area_c = collections.Counter(), collections.Counter(), collections.Counter()
    for e in samples:
        fs = list(frames(e))
        if not fs:
            continue
        self_c[fs[0]] += 1
        for m in set(fs):
            incl_c[m] += 1
        joined = " ".join(fs)
        for area, needles in AREAS.items():
            if any(n in joined for n in needles):
                area_c[area] += 1
    n = len(samples) or 1
    print(f"{path}: {len(samples)} CPU samples (20 ms each in 'profile' settings), {len(gcs)} GCs, "
          f"GC pause total {sum(_dur(g) for g in gcs):.3f} s")
    print("  areas (share of samples with such a frame anywhere on the stack):")
    for area, c in area_c.most_common():
        print(f"    {100 * c / n:5.1f}%  {area}")
    print(f"  top {top} self:")
    for m, c in self_c.most_common(top):
        print(f"    {100 * c / n:5.1f}%  {m}")
    print(f"  top {top} inclusive (io.s3migration / software.amazon / org.apache):")
    for m, c in [x for x in incl_c.most_common() if x[0].startswith(("io.s3migration", "software.amazon", "org.apache"))][:top]:
        print(f"    {100 * c / n:5.1f}%  {m}")


def _dur(event):
    d = event["values"].get("duration", "PT0S")
    # ISO-8601 "PT0.012345S"
    try:
        return float(d.strip("PTS")) if d.endswith("S") and "M" not in d else 0.0
    except ValueError:
        return 0.0


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20)
