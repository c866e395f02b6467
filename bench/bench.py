#!/usr/bin/env python3
"""The copier vs the tools a user would pick instead, on the same two MinIO servers, in one run.

Starts a source and a destination MinIO (separate processes, separate credentials, 127.0.0.1, data on
tmpfs by default), loads the workloads, then for every repetition runs every tool once per workload phase,
rotating the order (A B C, B C A, ...) so slow drifts in machine load hit every tool alike. Each run is a
child process measured with wait4: wall time, user+sys CPU, peak RSS; the servers' CPU and the rest of the
machine's CPU during the run are read from /proc so noise is visible. After every run the destination is
listed and compared with the source (keys, sizes, single-part ETags): a tool that skips work is caught.

Writes bench/results/<utc-time>.json and .csv (and latest.*) and prints the table of medians and ratios.
It is a benchmark, not a test: nothing in the Maven build depends on it.
"""
import argparse
import csv
import datetime
import json
import os
import platform
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import s3lite  # noqa: E402
import tools as T  # noqa: E402

CACHE = os.environ.get("S3M_CACHE", os.path.expanduser("~/.cache/s3migration"))
MINIO_VERSION = os.environ.get("MINIO_VERSION", "v0.0.0-20260212201848-7aac2a2c5b7c")
KIB, MIB = 1024, 1024 * 1024

# name -> (objects, size); small has three phases, the others are cold copies only.
# latency: the small objects again, reached through a proxy that adds a round trip (delay.py).
FULL = {"small": (20000, 4 * KIB), "medium": (200, MIB), "large": (4, 256 * MIB), "latency": (20000, 4 * KIB),
        "parts": (4, 256 * MIB)}
QUICK = {"small": (2000, 4 * KIB), "medium": (20, MIB), "large": (2, 80 * MIB), "latency": (2000, 4 * KIB),
         "parts": (2, 80 * MIB)}
# a functional check of the harness (every tool copies, every check runs), e.g. of https; its timings mean nothing
TINY = {"small": (60, 4 * KIB), "medium": (3, MIB), "large": (1, 33 * MIB), "latency": (60, 4 * KIB),
        "parts": (1, 33 * MIB)}
# `parts`: the large objects again, but held in 16 MiB parts at the source, as rclone, the AWS CLI and the SDKs'
# transfer managers upload large files (so their ETags are multipart ETags). Not in the goals; run only when named.
OPTIONAL = {"parts"}
SOURCE_PART_SIZE = 16 * MIB
CHANGED_FRACTION = 0.10
PHASES = {"small": ["cold", "rerun", "changed"], "medium": ["cold"], "large": ["cold"], "latency": ["cold"],
          "parts": ["cold"]}
# Bench-only throwaway keys for two local MinIO processes (never real credentials).
SRC_KEYS = ("bench-src-admin", "bench-src-secret-not-a-real-key")
DST_KEYS = ("bench-dst-admin", "bench-dst-secret-not-a-real-key")
TICK = os.sysconf("SC_CLK_TCK")


def log(msg):
    print(f"[{datetime.datetime.now(datetime.timezone.utc):%H:%M:%S}] {msg}", flush=True)


# --- servers -------------------------------------------------------------------------------------------
def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_ca(directory):
    """A throwaway CA and, signed by it, a certificate for 127.0.0.1 (openssl, EC P-256, valid 2 days), laid out as
    MinIO's --certs-dir wants it (public.crt, private.key). Returns (certs_dir, ca_pem): every tool is told to trust
    ca_pem through its own CA option; nothing is added to the system's trust."""
    certs = os.path.join(directory, "certs")
    os.makedirs(certs, mode=0o700)
    ca_key, ca_pem = os.path.join(directory, "ca.key"), os.path.join(directory, "ca.pem")
    csr, ext = os.path.join(directory, "server.csr"), os.path.join(directory, "server.ext")
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    with open(ext, "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
                "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n")
    for argv in (["req", "-x509", *ec, "-keyout", ca_key, "-out", ca_pem, "-days", "2",
                  "-subj", "/CN=s3m bench throwaway CA", "-addext", "basicConstraints=critical,CA:TRUE",
                  "-addext", "keyUsage=critical,keyCertSign,cRLSign"],
                 ["req", *ec, "-keyout", os.path.join(certs, "private.key"), "-out", csr, "-subj", "/CN=127.0.0.1"],
                 ["x509", "-req", "-in", csr, "-CA", ca_pem, "-CAkey", ca_key, "-CAcreateserial", "-days", "2",
                  "-extfile", ext, "-out", os.path.join(certs, "public.crt")]):
        subprocess.run(["openssl", *argv], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return certs, ca_pem


class Minio:
    def __init__(self, binary, name, keys, data_root, tls=None):
        """tls: (certs_dir, ca_pem) from make_ca to serve https, or None for plain http."""
        self.name, self.keys = name, keys
        self.data = os.path.join(data_root, f"minio-{name}")
        os.makedirs(self.data, exist_ok=True)
        self.port, console = free_port(), free_port()
        self.ca_file = tls[1] if tls else None
        self.endpoint = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        env = dict(os.environ, MINIO_ROOT_USER=keys[0], MINIO_ROOT_PASSWORD=keys[1],
                   MINIO_BROWSER="off", MINIO_UPDATE="off", MINIO_CI_CD="1")
        self.logfile = open(os.path.join(data_root, f"minio-{name}.log"), "w")
        certs = ["--certs-dir", tls[0]] if tls else []
        self.proc = subprocess.Popen([binary, "server", "--quiet", "--address", f"127.0.0.1:{self.port}",
                                      "--console-address", f"127.0.0.1:{console}", *certs, self.data],
                                     env=env, stdout=self.logfile, stderr=subprocess.STDOUT)
        self.client = s3lite.S3(self.endpoint, *keys, ca_file=self.ca_file)
        _wait_ready(self.port, self.proc, self.logfile.name, self.ca_file)

    def side(self):
        return T.Side(self.name, self.endpoint, *self.keys, ca_file=self.ca_file)

    def cpu_seconds(self):
        return _proc_cpu(self.proc.pid)

    def stop(self):
        stop_process(self.proc)
        self.logfile.close()


def stop_process(proc):
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _wait_ready(port, proc, logname, ca_file=None):
    import http.client
    import ssl
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"MinIO exited, see {logname}")
        try:
            if ca_file:
                c = http.client.HTTPSConnection("127.0.0.1", port, timeout=2,
                                                context=ssl.create_default_context(cafile=ca_file))
            else:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/minio/health/ready")
            if c.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"MinIO not ready in 60 s, see {logname}")


def _proc_cpu(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def machine_busy_seconds():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    user, nice, system, idle, iowait, irq, softirq, steal = v[:8]
    return (user + nice + system + irq + softirq + steal) / TICK


def find_minio():
    path = os.path.join(CACHE, f"minio-{MINIO_VERSION}", "minio")
    if not os.access(path, os.X_OK):
        log(f"MinIO not cached at {path}: building it (.ci/build-test-binaries.sh minio)")
        subprocess.run(["nice", "-n", "10", os.path.join(ROOT, ".ci", "build-test-binaries.sh"), "minio"], check=True)
    return path


# --- workloads -----------------------------------------------------------------------------------------
def keys_for(workload, count):
    return [f"{workload}/d{i % 16:02d}/obj-{i:06d}.bin" for i in range(count)]


def changed_keys(keys):
    step = int(round(1 / CHANGED_FRACTION))
    return keys[::step]


def load(src, workloads, stage_dir):
    """Fills the source buckets; large objects are also staged as files (the ceiling run PUTs them)."""
    staged = {}
    originals = {}
    for w, (count, size) in workloads.items():
        t0 = time.monotonic()
        src.client.create_bucket(w)
        keys = keys_for(w, count)
        if size >= 32 * MIB:
            staged[w] = []
            for k in keys:
                path = os.path.join(stage_dir, k.replace("/", "_"))
                with open(path, "wb") as f:
                    for _ in range(size // MIB):
                        f.write(os.urandom(MIB))
                staged[w].append((k, path, size))
            if w == "parts":
                s3lite.parallel(lambda item: src.client.put_file_in_parts(w, item[0], item[1], item[2], SOURCE_PART_SIZE),
                                staged[w], workers=4)
            else:
                s3lite.parallel(lambda item: src.client.put_file(w, item[0], item[1], item[2]), staged[w], workers=4)
        else:
            def put(k):
                data = os.urandom(size)
                if w == "small" and k in changed_set:
                    originals[k] = data
                src.client.put(w, k, data)
            changed_set = set(changed_keys(keys)) if w == "small" else set()
            s3lite.parallel(put, keys, workers=16)
        log(f"loaded {w}: {count} x {size} B in {time.monotonic() - t0:.1f} s")
    return staged, originals


def mutate(src, originals, restore):
    """Overwrites 10% of the small objects with new bytes of the same size (or puts the originals back):
    the same size on purpose, so only a content check finds them."""
    def put(item):
        k, data = item
        src.client.put("small", k, data if restore else os.urandom(len(data)))
    s3lite.parallel(put, list(originals.items()), workers=16)


def verify(src, dst, src_bucket, dst_bucket):
    """'ok' when the destination holds exactly the source's keys with equal sizes and, where both are
    single-part, equal ETags; otherwise a short description of the first differences."""
    a, b = src.client.list(src_bucket), dst.client.list(dst_bucket)
    if len(a) != len(b):
        return f"count {len(b)}/{len(a)}"
    bad = [x[0] for x, y in zip(a, b)
           if x[0] != y[0] or x[1] != y[1] or ("-" not in x[2] and "-" not in y[2] and x[2] != y[2])]
    return "ok" if not bad else f"{len(bad)} differ (e.g. {bad[0]})"


# --- one measured run ----------------------------------------------------------------------------------
def run_measured(cmd, logpath, servers, timeout):
    env = cmd.environment()
    srv0 = sum(s.cpu_seconds() for s in servers)
    busy0 = machine_busy_seconds()
    with open(logpath, "ab") as out:
        out.write(f"\n### {cmd.shown}\n".encode())
        out.flush()
        # /usr/bin/time measures the tool: a child forked straight from this (big) Python process would
        # report the harness's own RSS as its peak (ru_maxrss keeps the pre-exec high-water mark).
        timing = logpath + ".time"
        argv = ["/usr/bin/time", "-o", timing, "-f", "%U %S %M"] + list(cmd.argv)
        t0 = time.monotonic()
        proc = subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = t0 + timeout
        try:
            while True:
                pid, status, ru = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                if time.monotonic() > deadline:
                    os.killpg(proc.pid, signal.SIGKILL)
                    pid, status, ru = os.wait4(proc.pid, 0)
                    status = -1
                    break
                time.sleep(0.01)
        except BaseException:
            os.killpg(proc.pid, signal.SIGKILL)   # interrupted: leave no tool running
            os.wait4(proc.pid, 0)
            raise
        wall = time.monotonic() - t0
    proc.returncode = 0  # reaped by wait4
    utime, stime, maxrss_kib = ru.ru_utime, ru.ru_stime, ru.ru_maxrss
    try:
        with open(timing) as f:
            last = f.read().strip().splitlines()[-1].split()
        utime, stime, maxrss_kib = float(last[0]), float(last[1]), int(last[2])
    except (OSError, IndexError, ValueError):
        pass  # killed before time wrote: fall back to wait4's view
    client_cpu = utime + stime
    server_cpu = sum(s.cpu_seconds() for s in servers) - srv0
    other = machine_busy_seconds() - busy0 - client_cpu - server_cpu
    code = os.waitstatus_to_exitcode(status) if status != -1 else "timeout"
    return {"wall_s": round(wall, 3), "cpu_user_s": round(utime, 3), "cpu_sys_s": round(stime, 3),
            "cpu_s": round(client_cpu, 3), "peak_rss_mib": round(maxrss_kib / 1024, 1),
            "server_cpu_s": round(server_cpu, 3), "other_cpu_s": round(max(other, 0.0), 3), "exit": code}


# --- the harness ---------------------------------------------------------------------------------------
def read_peers(build):
    cmd = [os.path.join(HERE, "peers.sh")] + ([] if build else ["--no-build"])
    out = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=True).stdout
    peers = {}
    for line in out.splitlines():
        name, version, path, note = (line.split(" ", 3) + [""])[:4]
        peers[name] = {"version": version, "path": None if path == "-" else path, "note": note}
    return peers


def find_copier(args):
    jar = args.jar or os.path.join(ROOT, "copier-image", "copier", "target", "copier.jar")
    if not os.path.exists(jar) and not args.jar and not args.no_build_copier:
        log("copier.jar missing: building it (./mvnw -q -o -pl copier-image/copier -am package -DskipTests)")
        r = subprocess.run(["nice", "-n", "10", os.path.join(ROOT, "mvnw"), "-q", "-o", "-pl", "copier-image/copier",
                            "-am", "package", "-DskipTests"], cwd=ROOT)
        if r.returncode != 0:
            log("copier build failed")
    if not os.path.exists(jar):
        return None, "not built (" + jar + " missing)"
    return jar, "jar"


def build_tools(args, peers, jar, staged, cds=None, aot=None, runtime=(None, None)):
    """runtime: (jar, native folder) as image_layout made them, which the image's variants run; `copier-jar` runs
    the build's own jar."""
    wanted = set(args.tools.split(",")) if args.tools else None
    found, missing = [], {}

    def add(tool):
        if wanted is None or tool.name in wanted or tool.label in wanted:
            found.append(tool)
    if jar:
        image_jar, native = runtime if runtime[0] else (jar, None)
        add(T.Copier(image_jar, "local", "default", cds_archive=cds, native_dir=native))
        add(T.Copier(image_jar, "local", "tuned", cds_archive=cds, native_dir=native))
        add(T.Copier(jar, "local", "plain"))
        if aot:
            add(T.Copier(image_jar, "local", "jdk25", java=aot[0], aot=aot[1], native_dir=native))
    else:
        missing["copier"] = "copier.jar not built"
    table = [("rclone", lambda p, v, var: T.Rclone(p, v, var)),
             ("rclone-debian", lambda p, v, var: T.Rclone(p, v, var, name="rclone-debian")),
             ("mc", T.Mc), ("s3sync", T.S3sync), ("awscli", T.AwsCliTwoHop)]
    for name, make in table:
        p = peers.get(name)
        if not p or not p["path"]:
            missing[name] = (p or {}).get("note", "not found")
            continue
        for variant in (("default",) if name == "mc" else ("default", "tuned")):
            add(make(p["path"], p["version"], variant))
    curl = shutil.which("curl")
    if curl:
        add(T.Ceiling(curl, "system", staged, "curl-single"))
    else:
        missing["ceiling:curl-single"] = "curl not found"
    add(T.Ceiling("ceiling.py", "python", staged, "parallel-parts"))
    return found, missing


def jar_stamp(jar):
    """A key for one build of the copier: its jar's, its lib's and jvm.options' size+mtime."""
    import hashlib
    lib = os.path.join(os.path.dirname(jar), "lib")
    stamp = hashlib.sha1()
    for p in [jar, T.COPIER_JVM_OPTIONS] + sorted(os.path.join(lib, f) for f in (os.listdir(lib) if os.path.isdir(lib) else [])):
        st = os.stat(p)
        stamp.update(f"{p}:{st.st_size}:{st.st_mtime_ns}".encode())
    return stamp.hexdigest()[:16]


def prune_cache(folder, keep=3):
    """Keeps the newest `keep` entries of a per-build cache folder (each build of the copier adds ~20-30 MB)."""
    if not os.path.isdir(folder):
        return
    entries = sorted((os.path.join(folder, e) for e in os.listdir(folder)), key=os.path.getmtime, reverse=True)
    for old in entries[keep:]:
        shutil.rmtree(old) if os.path.isdir(old) else os.remove(old)


def image_layout(jar, logpath):
    """The copier's jars laid out as the image lays them out: a copy of copier.jar and lib/, with Conscrypt's native
    library moved out of its jar by copier-image/native-tls.sh, the script the image build runs (cached per jar).
    Returns (jar, native folder), or (jar, None) when the script failed (the copier then loads the library from
    its jar, as a plain `java -jar` does)."""
    home = os.path.join(CACHE, "copier-runtime", jar_stamp(jar))
    runtime_jar, native = os.path.join(home, "copier.jar"), os.path.join(home, "native")
    if os.path.isdir(native):
        return runtime_jar, native
    work = home + ".tmp"
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    shutil.copy2(jar, work)
    shutil.copytree(os.path.join(os.path.dirname(jar), "lib"), os.path.join(work, "lib"))
    with open(logpath, "a") as logf:
        r = subprocess.run([os.path.join(ROOT, "copier-image", "native-tls.sh"), os.path.join(work, "lib"),
                            os.path.join(work, "native")], stdout=logf, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        log(f"native-tls.sh failed (exit {r.returncode}, see the log); the copier loads Conscrypt's library from its jar")
        shutil.rmtree(work, ignore_errors=True)
        return jar, None
    os.rename(work, home)
    prune_cache(os.path.dirname(home))
    return runtime_jar, native


def train_cds(jar, logpath, native=None):
    """The copier's AppCDS archive, made by copier-image/train-cds.sh exactly as the image build makes it, once
    per jar. Returns its path, or None."""
    archive = os.path.join(CACHE, "copier-appcds", jar_stamp(jar) + ".jsa")
    if os.path.exists(archive):
        return archive
    os.makedirs(os.path.dirname(archive), exist_ok=True)
    script = os.path.join(ROOT, "copier-image", "train-cds.sh")
    with open(logpath, "a") as logf:
        r = subprocess.run([script, shutil.which("java") or "java", T.COPIER_JVM_OPTIONS, jar, archive]
                           + ([native] if native else []), stdout=logf, stderr=subprocess.STDOUT)
    if r.returncode != 0 or not os.path.exists(archive):
        log(f"AppCDS training failed (exit {r.returncode}, see the log); the copier runs without an archive")
        return None
    log(f"AppCDS archive for the copier: {archive} ({os.path.getsize(archive) // MIB} MiB)")
    prune_cache(os.path.dirname(archive))
    return archive


def read_summary(path):
    """The copier's termination message (its Summary JSON), kept with the run as evidence of what it did."""
    try:
        with open(path) as f:
            text = f.read(8192)
    except OSError:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def dest_bucket(workload, tool):
    """Each tool copies into its own destination bucket, so re-runs find exactly what it left."""
    return f"{workload}-{tool.name}-{tool.variant}".replace("+", "-")[:63]


# Judged by the goals: every repetition. The other tools run --extra-reps repetitions (default 1).
CORE = ("copier:default", "copier:tuned", "copier:jdk25", "rclone:tuned", "s3sync:default", "s3sync:tuned")
# What --quick runs unless --tools says otherwise: the judged tools and the ceiling.
QUICK_TOOLS = CORE + ("ceiling",)
# The latency-bound workload at ~10 ms per request: only the tools judged there (rclone's default 4 transfers
# would take minutes per run; the one-shot peers say nothing the other workloads do not).
LATENCY_TOOLS = CORE


def applies(tool, workload, phase, rep, args):
    if tool.name == "ceiling":
        return workload == "large" and phase == "cold"
    if workload == "latency" and tool.label not in LATENCY_TOOLS:
        return False
    if tool.label not in CORE and rep >= args.extra_reps:
        return False
    if tool.name in args.slow_tools.split(",") and workload in ("small", "latency") and not args.quick:
        return False   # the two-hop CLI takes minutes on 20,000 objects (100 s cold in the 2026-11-22 run)
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true",
                    help="small workloads, 1 repetition, the judged tools only: the goal table in under 3 minutes")
    ap.add_argument("--tiny", action="store_true",
                    help="60 x 4 KiB, 3 x 1 MiB, 1 x 33 MiB, 1 repetition: a functional check, not a measurement")
    ap.add_argument("--reps", type=int, help="repetitions (default 3, quick 1)")
    ap.add_argument("--tools", help="comma list of tools or tool:variant to run (default: all found; quick: "
                                    + ",".join(QUICK_TOOLS) + ")")
    ap.add_argument("--workloads", help="comma list of small,medium,large,latency (default all of them) and parts "
                                        "(the large objects held in 16 MiB parts at the source; only when named)")
    ap.add_argument("--schemes", default="https,http",
                    help="https (both servers behind a throwaway CA every tool trusts through its own CA option: "
                         "copier S3M_CA_BUNDLE, rclone --ca-cert, aws --ca-bundle, mc certs/CAs, s3sync "
                         "SSL_CERT_FILE, curl cacert) and/or http, in this order (default https,http)")
    ap.add_argument("--tls", action="store_true", help="the same as --schemes https")
    ap.add_argument("--rtt-ms", type=int, default=10, help="round trip the latency workload adds (default 10)")
    ap.add_argument("--extra-reps", type=int, default=1,
                    help="repetitions for the tools the goals do not name (rclone default, rclone-debian, mc, awscli, "
                         "copier-jar); the judged ones and the ceiling run every repetition")
    ap.add_argument("--slow-tools", default="awscli", help="tools not run on the 20,000-object workloads")
    ap.add_argument("--data-dir", default="/dev/shm", help="where the servers keep data (default tmpfs /dev/shm)")
    ap.add_argument("--jar", help="copier jar (default copier-image/copier/target/copier.jar, built when missing)")
    ap.add_argument("--no-build-copier", action="store_true")
    ap.add_argument("--no-cds", action="store_true", help="no AppCDS archive for the copier")
    ap.add_argument("--no-install", action="store_true", help="use only peers already installed")
    ap.add_argument("--timeout", type=int, default=900, help="seconds per run before it is killed")
    ap.add_argument("--jvm-extra", default="", help="extra JVM flags for the copier (e.g. JFR)")
    ap.add_argument("--profile", action="store_true",
                    help="record every copier run with JFR (settings=profile) into bench/results/jfr/ and "
                         "print its hot methods (jfr_top.py) at the end")
    ap.add_argument("--update-readme", action="store_true",
                    help="replace the table between the results markers in bench/README.md with this run's")
    ap.add_argument("--serve", action="store_true",
                    help="only start the servers (of the first scheme) and load the workloads, write their endpoints "
                         "to bench/results/serve.env and wait (for profiling by hand); Ctrl-C stops")
    args = ap.parse_args()
    schemes = ["https"] if args.tls else [s for s in args.schemes.split(",") if s]
    if not schemes or any(s not in ("https", "http") for s in schemes):
        ap.error(f"--schemes takes https and/or http, got {args.schemes!r}")
    quick_goal_table = args.quick and not args.tiny
    if quick_goal_table and not args.tools:
        args.tools = ",".join(QUICK_TOOLS)
    args.quick = args.quick or args.tiny   # never written into the README's table
    reps = args.reps or (1 if args.quick else 3)
    workloads = dict(TINY if args.tiny else QUICK if args.quick else FULL)
    if args.workloads:
        unknown = set(args.workloads.split(",")) - set(workloads)
        if unknown:
            ap.error(f"unknown workload(s) {sorted(unknown)}; known: {sorted(workloads)}")
        workloads = {w: workloads[w] for w in args.workloads.split(",")}
    else:
        workloads = {w: v for w, v in workloads.items() if w not in OPTIONAL}

    peers = read_peers(build=not args.no_install)
    jar, _ = find_copier(args)
    minio_bin = find_minio()
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    results_dir = os.path.join(HERE, "results")
    os.makedirs(results_dir, exist_ok=True)
    logpath = os.path.join(results_dir, f"{stamp}.log")
    missing = {}
    if "latency" in workloads and not (peers.get("toxiproxy") or {}).get("path"):
        missing["latency workload"] = "no delay proxy: " + (peers.get("toxiproxy") or {}).get("note", "toxiproxy not found")
        del workloads["latency"]
    state = {"runs": [], "shown": {}, "recordings": [], "startup": {}, "rtt": {}, "missing": missing}
    # Ctrl-C or SIGTERM: stop, but still summarize and write what was measured
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    aborted = None
    try:
        for scheme in schemes:
            run_scheme(scheme, args, reps, workloads, peers, jar, minio_bin, stamp, results_dir, logpath, state)
            if args.serve:
                return
    except (Exception, KeyboardInterrupt) as e:  # noqa: BLE001 - keep what was measured; say why it stopped
        log(f"benchmark stopped early: {type(e).__name__}: {e} (results so far are written)")
        aborted = f"{type(e).__name__}: {e}"

    import report
    runs = state["runs"]
    meta = {"stamp": stamp, "quick": args.quick, "reps": reps, "schemes": schemes,
            "data": f"tmpfs ({args.data_dir})" if args.data_dir.startswith("/dev/shm") else args.data_dir,
            "machine": machine_info(), "minio": MINIO_VERSION, "workloads": workloads, "flags": state["shown"],
            "peers": peers, "missing": state["missing"], "copier_jar": jar, "aborted": aborted,
            "startup_s": state["startup"], "added_rtt_ms": state["rtt"], "rtt_ms": args.rtt_ms}
    summary = report.summarize(runs, workloads)
    doc = {"meta": meta, "summary": summary, "goals": report.goals(summary, meta), "runs": runs}
    for name in (stamp, "latest"):
        with open(os.path.join(results_dir, f"{name}.json"), "w") as f:
            json.dump(doc, f, indent=1)
        with open(os.path.join(results_dir, f"{name}.csv"), "w", newline="") as f:
            fields = [k for k in (runs[0] if runs else {"none": 0}) if k != "copier_summary"]
            wr = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
            wr.writeheader()
            wr.writerows(runs)
    table = report.markdown(doc)
    print(table)
    if args.update_readme and not args.quick:
        update_readme(os.path.join(HERE, "README.md"), table)
    for jfr in state["recordings"]:
        if os.path.exists(jfr):
            subprocess.run([sys.executable, os.path.join(HERE, "jfr_top.py"), jfr])
    log(f"results: {results_dir}/{stamp}.json (.csv, .log)")


def run_scheme(scheme, args, reps, workloads, peers, jar, minio_bin, stamp, results_dir, logpath, state):
    """One scheme's servers, data and every repetition; appends to state (runs, flags, start-up, RTT)."""
    data_root = os.path.join(args.data_dir, f"s3m-bench-{stamp}-{os.getpid()}-{scheme}")
    os.makedirs(data_root)
    need = sum(c * z for c, z in workloads.values()) * 4 / 2**30 + 2
    avail = mem_available_gib()
    if avail < need:
        log(f"warning: {avail:.1f} GiB of memory available, the run may need ~{need:.1f} GiB on {args.data_dir}")
    src = dst = proxy = None
    proxy_log = None
    try:
        tls = make_ca(os.path.join(data_root, "pki")) if scheme == "https" else None
        src = Minio(minio_bin, "src", SRC_KEYS, data_root, tls)
        dst = Minio(minio_bin, "dst", DST_KEYS, data_root, tls)
        log(f"{scheme}: MinIO src {src.endpoint}, dst {dst.endpoint}, data in {data_root}")
        sides = {w: (src.side(), dst.side()) for w in workloads}
        if "latency" in workloads:
            import delay
            proxy_log = open(os.path.join(data_root, "toxiproxy.log"), "w")
            proxy = delay.DelayProxy(peers["toxiproxy"]["path"], args.rtt_ms, proxy_log, free_port)
            slow = []
            for server in (src, dst):
                side = server.side()
                side.endpoint = proxy.front(f"{scheme}-{server.name}", server.endpoint)
                slow.append(side)
            sides["latency"] = tuple(slow)
            state["rtt"][scheme] = delay.added_rtt_ms(src.endpoint, slow[0].endpoint, src.ca_file)
            state["delay"] = proxy
            log(f"{scheme}: latency workload through toxiproxy, added round trip measured: {state['rtt'][scheme]} ms")
        stage = os.path.join(data_root, "stage")
        os.makedirs(stage)
        staged, originals = load(src, workloads, stage)
        if args.serve:
            serve(src, dst, data_root, results_dir, sides.get("latency"))
            return
        workdir = os.path.join(data_root, "work")
        os.makedirs(workdir)
        runtime = image_layout(jar, logpath) if jar else (None, None)
        cds = train_cds(runtime[0], logpath, runtime[1]) if jar and not args.no_cds else None
        aot = None
        wanted = args.tools.split(",") if args.tools else None
        if jar and (wanted is None or "copier" in wanted or "copier:jdk25" in wanted):
            import aot25
            java25 = aot25.find_java25()
            if not java25:
                state["missing"]["copier:jdk25"] = "no JDK 25 (S3M_BENCH_JAVA25 or /usr/lib/jvm/*25*)"
            else:
                trained = aot25.train(java25, runtime, src, dst, workdir, logpath)
                if trained:
                    aot = (java25, trained)
                    log(f"{scheme}: AOT cache for the copier on JDK 25 trained ({java25})")
                else:
                    state["missing"]["copier:jdk25"] = "AOT cache training failed (see the run's log)"
        tools, missing = build_tools(args, peers, jar, staged, cds, aot, runtime)
        state["missing"].update(missing)
        if args.jvm_extra:
            for t in tools:
                if t.is_copier:
                    t.extra_jvm = args.jvm_extra.split()
        for name, why in missing.items():
            log(f"not run: {name}: {why}")
        import startup
        for tool in tools:
            if tool.is_copier and tool.variant in ("default", "jdk25"):
                ctx = T.Ctx(src.side(), dst.side(), workdir, "startup", "startup", "startup")
                state["startup"].setdefault(scheme, {})[tool.label] = startup.first_request_s(tool, ctx, scheme)
                log(f"{scheme}: {tool.label} JVM start to first request: {state['startup'][scheme][tool.label]} s")
        for rep in range(reps):
            for w in workloads:
                for phase in PHASES[w]:
                    if phase == "changed":
                        mutate(src, originals, restore=False)
                    order = [t for t in tools if applies(t, w, phase, rep, args)]
                    k = rep % len(order) if order else 0
                    for tool in order[k:] + order[:k]:
                        run_one(scheme, rep, w, phase, tool, sides[w], src, dst, workdir, workloads, args, stamp,
                                results_dir, logpath, state)
                    if phase == "changed":
                        mutate(src, originals, restore=True)
    finally:
        for s in (src, dst):
            if s and s.proc.poll() is not None:
                log(f"MinIO {s.name} exited with {s.proc.returncode} (out of memory? see dmesg)")
        if proxy:
            state.pop("delay", None)
            stop_process(proxy.proc)
        if proxy_log:
            proxy_log.close()
        for s in (src, dst):
            if s:
                s.stop()
        shutil.rmtree(data_root, ignore_errors=True)


def run_one(scheme, rep, w, phase, tool, sides, src, dst, workdir, workloads, args, stamp, results_dir, logpath,
            state):
    dst_bucket = dest_bucket(w, tool)
    ctx = T.Ctx(sides[0], sides[1], workdir, w, w, dst_bucket)
    if phase == "cold":
        dst.client.delete_bucket_force(dst_bucket)
        dst.client.create_bucket(dst_bucket)
        tool.reset(ctx)
    if args.profile and tool.is_copier:
        jfr = os.path.join(results_dir, "jfr", f"{stamp}-{scheme}-{w}-{phase}-{tool.variant}-r{rep + 1}.jfr")
        os.makedirs(os.path.dirname(jfr), exist_ok=True)
        tool.extra_jvm = args.jvm_extra.split() + [
            f"-XX:StartFlightRecording=filename={jfr},settings=profile,dumponexit=true"]
        state["recordings"].append(jfr)
    cmd = tool.command(ctx)
    state["shown"][tool.label] = cmd.shown
    term_log = cmd.env.get("S3M_TERMINATION_LOG")
    if term_log and os.path.exists(term_log):
        os.remove(term_log)
    proxy = state.get("delay") if w == "latency" else None
    accepted = proxy.accepted() if proxy else None
    m = run_measured(cmd, logpath, [src, dst], args.timeout)
    if term_log:
        m["copier_summary"] = read_summary(term_log)
    m["exit_ok"] = m["exit"] in tool.ok_exits
    m["verified"] = verify(src, dst, w, dst_bucket)
    if proxy:
        m["verified"] = through_delay(m, accepted, proxy.accepted())
    count, size = workloads[w]
    row = {"scheme": scheme, "rep": rep + 1, "workload": w, "phase": phase, "objects": count, "object_bytes": size,
           "tool": tool.name, "variant": tool.variant, "version": tool.version, **m}
    state["runs"].append(row)
    with open(os.path.join(results_dir, f"{stamp}.partial.json"), "w") as f:
        json.dump(state["runs"], f)   # so a killed run still leaves its measurements
    if phase == PHASES[w][-1]:
        # tmpfs is RAM shared with everyone: keep at most one copy of a workload around
        dst.client.delete_bucket_force(dst_bucket)
        tool.reset(ctx)
    log(f"{scheme} rep {rep + 1} {w}/{phase} {tool.label}: {m['wall_s']:.2f} s, cpu {m['cpu_s']:.1f} s, "
        f"rss {m['peak_rss_mib']:.0f} MiB, servers {m['server_cpu_s']:.1f} s, "
        f"other {m['other_cpu_s']:.1f} s, exit {m['exit']}, {m['verified']}")


def through_delay(m, before, after):
    """A latency run counts only if its connections to every server went through the delay proxy (a tool that kept
    the servers' direct endpoints would pay no round trip, as rclone's cached remotes did until stop 35)."""
    m["proxied_connections"] = {name: after[name] - before[name] for name in after}
    bypassed = [name for name, n in m["proxied_connections"].items() if n == 0]
    if not bypassed:
        return m["verified"]
    why = f"no connection through the delay proxy to {' or '.join(bypassed)}"
    return why if m["verified"] == "ok" else f"{m['verified']}; {why}"


def update_readme(path, table):
    begin, end = "<!-- results:begin -->", "<!-- results:end -->"
    with open(path) as f:
        text = f.read()
    if begin in text and end in text:
        text = text[:text.index(begin) + len(begin)] + "\n" + table + "\n" + text[text.index(end):]
        with open(path, "w") as f:
            f.write(text)
        log(f"updated {path}")


def mem_available_gib():
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 2**20
    return 0.0


def serve(src, dst, data_root, results_dir, slow=None):
    """slow: the latency workload's (source, destination) sides through the delay proxy, when it is served."""
    path = os.path.join(results_dir, "serve.env")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        for s in (src, dst):
            n = s.name.upper()
            f.write(f"{n}_ENDPOINT={s.endpoint}\n{n}_ACCESS_KEY={s.keys[0]}\n{n}_SECRET_KEY={s.keys[1]}\n")
            if s.ca_file:
                f.write(f"{n}_CA_FILE={s.ca_file}\n")
        for n, side in zip(("SRC", "DST"), slow or ()):
            f.write(f"{n}_SLOW_ENDPOINT={side.endpoint}\n")
        f.write(f"DATA_ROOT={data_root}\n")
    log(f"serving; endpoints and keys in {path}; Ctrl-C (SIGINT/SIGTERM) stops")
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass


def served():
    """What serve() wrote: the endpoints, keys, CA file and data folder of the servers `--serve` keeps running."""
    with open(os.path.join(HERE, "results", "serve.env")) as f:
        return dict(line.strip().split("=", 1) for line in f if "=" in line)


def machine_info():
    model = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    java = subprocess.run(["java", "-version"], stderr=subprocess.PIPE, text=True).stderr.splitlines()
    return {"cpus": os.cpu_count(), "cpu": model, "mem_gib": round(mem, 1), "kernel": platform.release(),
            "java": java[0] if java else "", "loadavg_at_end": os.getloadavg()}


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_NOFILE, (65536, 65536)) if resource.getrlimit(
        resource.RLIMIT_NOFILE)[1] >= 65536 else None
    main()
