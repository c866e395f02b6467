#!/usr/bin/env python3
"""Interleaved A/B of copier command lines against the servers of `bench/run.sh --serve`: how each lever of
issue 16 was measured before it went into the image (before/after table in README.md).

  bench/run.sh --schemes https --workloads small,large --serve &     # wait for "serving"; add latency to
                                                                     # serve its delay proxy too
  bench/ab.py small 3 before="java @jvm.options -XX:TieredStopAtLevel=4 -jar copier.jar" \\
                      after="java @jvm.options -jar copier.jar"

Each repetition runs every variant once (A B, A B, ...), each copying WORKLOAD into a fresh destination bucket that
is deleted afterwards; prints wall seconds, client CPU seconds (user+sys) and peak RSS per run and their medians.
WORKLOAD:rerun (e.g. small:rerun) times the re-run instead: each variant first copies into its bucket untimed, then
runs again with nothing to copy. WORKLOAD:changed the same, after every tenth copied object was deleted at the
destination: the full run's `changed` phase copies as many objects after listing as many (it overwrites them at the
source, which the variants share here; overwriting them at the destination instead would make them newer than the
source's, which the copier confirms with a HEAD each, another path). WORKLOAD:confirm times that other path: every
tenth copied object is overwritten at the destination with other bytes of its size, so the re-run reads each one's
recorded source ETag with a HEAD (none is there) and copies it again.
"""
import os
import statistics
import subprocess
import sys
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench as B  # noqa: E402
import s3lite  # noqa: E402
import tools as T  # noqa: E402


def delete_every_tenth(client, bucket):
    """The changed phase: every tenth copied object deleted at the destination, so the next run copies it again."""
    for key, _, _ in client.list(bucket)[::10]:
        client.request("DELETE", bucket, key, ok=(204, 200))


def timed(argv, env):
    """Runs argv under /usr/bin/time: (wall s, client CPU s, peak RSS MiB, the finished process)."""
    t0 = time.monotonic()
    p = subprocess.run(["/usr/bin/time", "-f", "%U %S %M"] + argv, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - t0
    user, system, rss_kib = p.stderr.strip().splitlines()[-1].split()
    return wall, float(user) + float(system), int(rss_kib) // 1024, p


def main(workload, reps, variants):
    workload, _, phase = workload.partition(":")
    env = B.served()
    dst = s3lite.S3(env["DST_ENDPOINT"], env["DST_ACCESS_KEY"], env["DST_SECRET_KEY"], ca_file=env.get("DST_CA_FILE"))
    creds = os.path.join(env["DATA_ROOT"], "ab-credentials")
    os.makedirs(creds, mode=0o700, exist_ok=True)
    for name, value in (("source-access-key-id", env["SRC_ACCESS_KEY"]), ("source-secret-access-key", env["SRC_SECRET_KEY"]),
                        ("destination-access-key-id", env["DST_ACCESS_KEY"]),
                        ("destination-secret-access-key", env["DST_SECRET_KEY"])):
        T._write(os.path.join(creds, name), value)
    # The latency workload goes through the delay proxy (served with --workloads ...,latency).
    slow = "_SLOW" if workload == "latency" else ""
    src_endpoint, dst_endpoint = env[f"SRC{slow}_ENDPOINT"], env[f"DST{slow}_ENDPOINT"]
    results = {}
    for rep in range(reps):
        for name, command in variants:
            bucket = f"ab-{uuid.uuid4().hex[:12]}"
            dst.create_bucket(bucket)
            run_env = dict(os.environ, S3M_MODE="copy", S3M_CREDENTIALS_DIR=creds,
                           S3M_TERMINATION_LOG=os.path.join(env["DATA_ROOT"], "ab-termination-log"),
                           S3M_SOURCE_ENDPOINT=src_endpoint, S3M_SOURCE_BUCKET=workload, S3M_SOURCE_PATH_STYLE="true",
                           S3M_DESTINATION_ENDPOINT=dst_endpoint, S3M_DESTINATION_BUCKET=bucket,
                           S3M_DESTINATION_PATH_STYLE="true",
                           **T.copier_allowlist_env([src_endpoint, dst_endpoint]))
            if env.get("SRC_CA_FILE"):
                run_env["S3M_CA_BUNDLE"] = env["SRC_CA_FILE"]
            if phase in ("rerun", "changed", "confirm"):
                subprocess.run(command.split(), env=run_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            if phase == "changed":
                delete_every_tenth(dst, bucket)
            if phase == "confirm":
                for key, size, _ in dst.list(bucket)[::10]:
                    dst.put(bucket, key, os.urandom(size))
            wall, cpu, rss, p = timed(command.split(), run_env)
            results.setdefault(name, []).append((wall, cpu, rss))
            print(f"{name} rep {rep + 1}: wall {wall:.2f} s, cpu {cpu:.1f} s, rss {rss} MiB, exit {p.returncode}",
                  flush=True)
            if p.returncode != 0:
                print(p.stderr[-2000:])
            dst.delete_bucket_force(bucket)
    for name, rows in results.items():
        print(f"== {name}: median wall {statistics.median(r[0] for r in rows):.2f} s, "
              f"cpu {statistics.median(r[1] for r in rows):.1f} s, peak rss {max(r[2] for r in rows)} MiB")


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    main(sys.argv[1], int(sys.argv[2]), [a.split("=", 1) for a in sys.argv[3:]])
