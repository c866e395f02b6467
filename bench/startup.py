"""Copier start-up: from spawning the JVM to its first request (issue 16's goal: <= 0.3 s).

Both endpoints point at listening sockets of this harness; the time is taken when the first TCP connection arrives
(the copier lists both sides at once, so whichever comes first), and the copier is killed right there. Nothing but
the JVM's start, the copier's configuration and its S3 clients' construction lies before that connection.
"""
import os
import selectors
import signal
import socket
import statistics
import subprocess
import time

import tools as T

RUNS = 5
TIMEOUT_S = 30


def first_request_s(tool, ctx, scheme):
    """Median seconds over RUNS; None when the copier never connected."""
    times = []
    for _ in range(RUNS):
        listeners = [socket.create_server(("127.0.0.1", 0)) for _ in range(2)]
        sel = selectors.DefaultSelector()
        for s in listeners:
            s.setblocking(False)
            sel.register(s, selectors.EVENT_READ)
        ports = [s.getsockname()[1] for s in listeners]
        probe = T.Ctx(T.Side("src", f"{scheme}://127.0.0.1:{ports[0]}", ctx.src.access_key, ctx.src.secret_key,
                             ca_file=ctx.src.ca_file),
                      T.Side("dst", f"{scheme}://127.0.0.1:{ports[1]}", ctx.dst.access_key, ctx.dst.secret_key,
                             ca_file=ctx.dst.ca_file),
                      ctx.workdir, ctx.workload, ctx.src_bucket, ctx.dst_bucket)
        cmd = tool.command(probe)
        env = cmd.environment()
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd.argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        try:
            if sel.select(TIMEOUT_S):
                times.append(time.perf_counter() - t0)
        finally:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            sel.close()
            for s in listeners:
                s.close()
    return round(statistics.median(times), 3) if times else None
