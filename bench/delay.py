"""Added round-trip time for the latency-bound workload: real S3 is tens of milliseconds away, loopback is not.

This kernel has no netem qdisc (`tc qdisc add ... netem` answers "Specified qdisc kind is unknown"), so the delay
comes from toxiproxy (github.com/Shopify/toxiproxy, built from its Go module by peers.sh): one TCP proxy per server
on 127.0.0.1, with a latency toxic on each direction (half the round trip each). TLS passes through untouched (the
certificate is for 127.0.0.1, which the proxy address is too). The added round trip is measured, not assumed:
sequential requests on one keep-alive connection, through the proxy and direct, medians compared.
"""
import http.client
import json
import os
import ssl
import statistics
import subprocess
import time
import urllib.request

PROBES = 15


class DelayProxy:
    def __init__(self, binary, rtt_ms, logfile, free_port):
        self.rtt_ms = rtt_ms
        self.log_path = logfile.name
        self.names = []   # the proxies front() made, which accepted() counts
        self.api_port = free_port()
        self.free_port = free_port
        # info level whatever the caller's LOG_LEVEL: accepted() counts its "Accepted client" lines
        self.proc = subprocess.Popen([binary, "-host", "127.0.0.1", "-port", str(self.api_port)],
                                     stdout=logfile, stderr=subprocess.STDOUT, env=dict(os.environ, LOG_LEVEL="info"))
        deadline = time.monotonic() + 30
        while True:
            try:
                self._api("GET", "/version")
                break
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("toxiproxy did not start (see the run's log)")
                time.sleep(0.1)

    def _api(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(f"http://127.0.0.1:{self.api_port}{path}", data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=5) as r:
            return r.read()

    def front(self, name, endpoint):
        """An endpoint like `endpoint` (same scheme) that reaches it through the delay."""
        scheme, hostport = endpoint.split("://", 1)
        port = self.free_port()
        self.names.append(name)
        self._api("POST", "/proxies", {"name": name, "listen": f"127.0.0.1:{port}", "upstream": hostport,
                                       "enabled": True})
        for stream in ("upstream", "downstream"):
            self._api("POST", f"/proxies/{name}/toxics",
                      {"name": f"{name}-{stream}", "type": "latency", "stream": stream, "toxicity": 1.0,
                       "attributes": {"latency": self.rtt_ms // 2, "jitter": 0}})
        return f"{scheme}://127.0.0.1:{port}"

    def accepted(self):
        """Connections each proxy has accepted so far, by proxy name, from toxiproxy's log (one "Accepted client"
        line per connection at its default level): a run's difference proves that it went through the delay."""
        counts = dict.fromkeys(self.names, 0)
        with open(self.log_path, errors="replace") as f:
            for line in f:
                if '"Accepted client"' in line:
                    try:
                        name = json.loads(line).get("name")
                    except ValueError:
                        continue
                    if name in counts:
                        counts[name] += 1
        return counts


def request_ms(endpoint, ca_file):
    """Median milliseconds of a small request (MinIO's liveness check) on one kept-alive connection."""
    scheme, hostport = endpoint.split("://", 1)
    host, port = hostport.rsplit(":", 1)
    conn = (http.client.HTTPSConnection(host, int(port), timeout=10, context=ssl.create_default_context(cafile=ca_file))
            if scheme == "https" else http.client.HTTPConnection(host, int(port), timeout=10))
    times = []
    try:
        for _ in range(PROBES + 1):
            t0 = time.perf_counter()
            conn.request("GET", "/minio/health/live")
            conn.getresponse().read()
            times.append((time.perf_counter() - t0) * 1000)
    finally:
        conn.close()
    return statistics.median(times[1:])   # the first pays the connection (and TLS handshake)


def added_rtt_ms(direct, proxied, ca_file):
    return round(request_ms(proxied, ca_file) - request_ms(direct, ca_file), 1)
