"""The copier on a JDK 25 runtime with an AOT cache (JEP 483/514/515), the runtime lever of issue 16, measured as
the variant `copier:jdk25` beside the image's JDK 17 runtime (`copier:default`).

JDK 25's AOT cache replaces AppCDS (the two options exclude each other), so the variant reads jvm.options without
its -Xshare/-XX:SharedArchiveFile lines and adds -XX:AOTCache. The cache is trained by a real copy against the
bench's own servers (small objects and one multipart object, so listing, GET/PUT and parts are in the profile),
once per scheme, before anything is timed.
"""
import glob
import os
import subprocess

import tools as T

TRAINING_BUCKET = "aot-training"
TRAINING_SMALL = 500          # x 4 KiB
TRAINING_LARGE = 80 * 2**20   # one object, above the 64 MiB multipart threshold


def find_java25():
    """S3M_BENCH_JAVA25, else a JDK 25 under /usr/lib/jvm (Temurin or Debian's openjdk-25); None when absent."""
    explicit = os.environ.get("S3M_BENCH_JAVA25")
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    for path in sorted(glob.glob("/usr/lib/jvm/*25*/bin/java")):
        if os.access(path, os.X_OK):
            return path
    return None


def options_file(workdir):
    """jvm.options minus what AOTCache excludes (-Xshare:*, -XX:SharedArchiveFile), plus two C1 compiler threads:
    JDK 17 gives a 2-CPU machine two, JDK 25 one, and with one the copy path stays interpreted longer (10% changed:
    3.54 s / 3.4 CPU-s with one, 3.27 s / 3.0 CPU-s with two, JDK 17 3.28 s / 2.9 CPU-s; README, stop 32)."""
    path = os.path.join(workdir, "jvm25.options")
    with open(T.COPIER_JVM_OPTIONS) as f:
        lines = [line for line in f if not line.strip().startswith(("-Xshare", "-XX:SharedArchiveFile"))]
    with open(path, "w") as f:
        f.writelines(lines + ["-XX:CICompilerCount=2\n"])
    return path


def train(java, runtime, src, dst, workdir, logpath):
    """Loads the training bucket, copies it once with -XX:AOTCacheOutput, removes both copies. runtime: (jar, native
    folder) as bench.image_layout made them. Returns (options file, cache path), or None when training failed (the
    variant then does not run)."""
    jar, native = runtime
    options, cache = options_file(workdir), os.path.join(workdir, "copier.aot")
    src.client.create_bucket(TRAINING_BUCKET)
    dst.client.create_bucket(TRAINING_BUCKET)
    for i in range(TRAINING_SMALL):
        src.client.put(TRAINING_BUCKET, f"small/obj-{i:04d}", os.urandom(4096))
    src.client.put(TRAINING_BUCKET, "large/obj", os.urandom(TRAINING_LARGE))
    ctx = T.Ctx(src.side(), dst.side(), workdir, "training", TRAINING_BUCKET, TRAINING_BUCKET)
    cmd = T.Copier(jar, "local", "plain", java=java, extra_jvm=[f"@{options}", f"-XX:AOTCacheOutput={cache}"],
                   native_dir=native).command(ctx)
    env = cmd.environment()
    with open(logpath, "ab") as out:
        out.write(b"\n### AOT cache training (JDK 25)\n")
        out.flush()
        r = subprocess.run(cmd.argv, env=env, stdout=out, stderr=subprocess.STDOUT, timeout=300)
    src.client.delete_bucket_force(TRAINING_BUCKET)
    dst.client.delete_bucket_force(TRAINING_BUCKET)
    if r.returncode != 0 or not os.path.exists(cache):
        return None
    return options, cache
