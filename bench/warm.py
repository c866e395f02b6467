#!/usr/bin/env python3
"""What the copier's own work costs once its JVM is warm, next to the same copy by a fresh JVM (as the image runs
it) and by the native peers, interleaved against the servers of `bench/run.sh --serve`: the evidence for what bounds
the short workloads (README.md, "What bounds the short workloads").

  bench/run.sh --schemes https --workloads medium,small --serve &     # wait for "serving"
  bench/warm.py medium 5               # 200 x 1 MiB
  bench/warm.py small:rerun 5          # 20,000 x 4 KiB, nothing to copy
  bench/warm.py small:changed 5        # the same, 2,000 to copy

Every repetition runs, each into fresh destination buckets:
- copier:default  the copier as the image runs it (java @jvm.options, its AppCDS archive, Conscrypt's library
                  laid out as the image lays it out): a fresh JVM, timed from its start to its exit;
- copier:warm     the same options, WarmCopier.java running the same copy WARMUPS times and then once more, timed
                  (wall and the whole process's CPU, its JIT and GC included) for that last run only;
- rclone:tuned and s3sync:tuned where peers.sh has built them (Debian's rclone, tuned, when rclone is not built).
WORKLOAD:rerun first copies into each tool's bucket untimed, then times a run with nothing to copy (the warm copier's
runs after its first are all such re-runs); WORKLOAD:changed deletes every tenth object at the destination before
each of those runs.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import types
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import ab  # noqa: E402
import bench as B  # noqa: E402
import s3lite  # noqa: E402
import tools as T  # noqa: E402


def sides():
    env = B.served()
    return [T.Side(name, env[f"{p}_ENDPOINT"], env[f"{p}_ACCESS_KEY"], env[f"{p}_SECRET_KEY"],
                   ca_file=env.get(f"{p}_CA_FILE")) for name, p in (("src", "SRC"), ("dst", "DST"))], env["DATA_ROOT"]


def warm_command(copier_command, harness_dir, args):
    """The copier's own command line with WarmCopier as the main class on its class path (options unchanged)."""
    argv = list(copier_command.argv)
    at = argv.index("-jar")
    argv[at:at + 2] = ["-cp", f"{argv[at + 1]}:{harness_dir}", "WarmCopier", *args]
    return T.Command(argv, env=copier_command.env, unset=copier_command.unset)


def run_warm(command, runs_total, between, log):
    """Runs WarmCopier, calling between() after every run but the last and then letting it go on: (wall s, cpu s,
    exit code) of the last run."""
    p = subprocess.Popen(command.argv, env=command.environment(), stdin=subprocess.PIPE,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    runs = []
    for line in p.stderr:
        log.write(line)
        if line.startswith("run "):
            runs.append(line.split())
            if len(runs) < runs_total:
                between()
                p.stdin.write("\n")
                p.stdin.flush()
    p.stdin.close()
    code = p.wait()
    if not runs:  # it failed before its first run ended (the log has why)
        return float("nan"), float("nan"), code or 1
    return float(runs[-1][3]), float(runs[-1][5]), code


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("workload", help="medium | small | large; :rerun for a run with nothing to copy, :changed for one"
                                     " after every tenth object was deleted at the destination")
    ap.add_argument("reps", type=int)
    ap.add_argument("--warmups", type=int, default=3, help="untimed runs in the warm JVM before the timed one")
    ap.add_argument("--jar", default=os.path.join(B.ROOT, "copier-image", "copier", "target", "copier.jar"))
    args = ap.parse_args()
    workload, _, phase = args.workload.partition(":")
    (src, dst), data_root = sides()
    work = tempfile.mkdtemp(prefix="warm-", dir=data_root)
    logpath = os.path.join(work, "warm.log")
    runtime_jar, native = B.image_layout(args.jar, logpath)
    cds = B.train_cds(runtime_jar, logpath, native)
    harness = os.path.join(work, "harness")
    subprocess.run(["javac", "--release", "17", "-cp", runtime_jar, "-d", harness,
                    os.path.join(HERE, "WarmCopier.java")], check=True)
    copier = T.Copier(runtime_jar, "local", "default", cds_archive=cds, native_dir=native)
    tools = [copier]
    peers = B.read_peers(False)
    for name in ("rclone", "s3sync"):
        if peers.get(name, {}).get("path"):
            make = T.Rclone if name == "rclone" else T.S3sync
            tools.append(make(peers[name]["path"], peers[name]["version"], "tuned"))
    if not any(t.name == "rclone" for t in tools) and peers.get("rclone-debian", {}).get("path"):
        tools.append(T.Rclone(peers["rclone-debian"]["path"], peers["rclone-debian"]["version"], "tuned",
                              name="rclone-debian"))
    # bench.verify reads each side's client as the harness's servers hold it
    source, destination = (types.SimpleNamespace(client=s3lite.S3(s.endpoint, s.access_key, s.secret_key,
                                                                  ca_file=s.ca_file)) for s in (src, dst))
    client = destination.client
    results = {}
    with open(logpath, "a") as log:
        for rep in range(args.reps):
            for tool in tools + ["warm"]:
                label = "copier:warm" if tool == "warm" else tool.label
                count = args.warmups + 1 if tool == "warm" and not phase else 1
                buckets = [f"warm-{uuid.uuid4().hex[:12]}" for _ in range(count)]
                for b in buckets:
                    client.create_bucket(b)
                ctx = T.Ctx(src, dst, work, workload, workload, buckets[-1], jar=runtime_jar)
                if tool == "warm":
                    how = ["rerun", str(args.warmups), buckets[0]] if phase else ["copy", *buckets]
                    wall, cpu, code = run_warm(warm_command(copier.command(ctx), harness, how), args.warmups + 1,
                                               lambda: ab.delete_every_tenth(client, buckets[0])
                                               if phase == "changed" else None, log)
                else:
                    command = tool.command(ctx)
                    if phase:
                        subprocess.run(command.argv, env=command.environment(), stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)
                    if phase == "changed":
                        ab.delete_every_tenth(client, buckets[0])
                    wall, cpu, _, p = ab.timed(command.argv, command.environment())
                    log.write(p.stderr)
                    code = p.returncode
                verdict = B.verify(source, destination, workload, buckets[-1])
                if code not in (tool.ok_exits if tool != "warm" else (0,)):
                    verdict = f"exit {code}"
                if verdict == "ok":
                    results.setdefault(label, []).append((wall, cpu))
                print(f"{label} rep {rep + 1}: wall {wall:.2f} s, cpu {cpu:.2f} s, {verdict}", flush=True)
                for b in buckets:
                    client.delete_bucket_force(b)
    for label, rows in results.items():
        print(f"== {label}: median wall {statistics.median(r[0] for r in rows):.2f} s, "
              f"cpu {statistics.median(r[1] for r in rows):.2f} s")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
