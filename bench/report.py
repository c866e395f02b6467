"""Turns the list of measured runs into medians, ratios (peer time / copier time) and the goals of issue 16,
and renders them as the Markdown tables bench/README.md carries: every row once per scheme (https, http), what
TLS costs each tool, and the goal table."""
import statistics

MIB = 1024 * 1024

# (workload, phase, what the phase is): every one judged against s3sync and tuned rclone, on every scheme
JUDGED = [("small", "cold", "cold"), ("small", "rerun", "re-run, nothing to copy"), ("small", "changed", "10% changed"),
          ("medium", "cold", "cold"), ("large", "cold", "cold"), ("latency", "cold", "cold")]
# (peer labels: the faster of them is the one to beat, minimum ratio, text)
PEERS = [
    (("s3sync:default", "s3sync:tuned"), 1.0, ">= 1.0x s3sync"),
    (("rclone:tuned",), 1.2, ">= 1.2x tuned rclone"),
]
CEILING_SHARE = 0.80
RSS_LIMIT_MIB = 256
STARTUP_LIMIT_S = 0.3
COPIERS = ("default", "tuned")   # the image's defaults, and the user who raises concurrency


def summarize(runs, workloads):
    groups = {}
    for r in runs:
        key = (r.get("scheme", "http"), r["workload"], r["phase"], f"{r['tool']}:{r['variant']}")
        groups.setdefault(key, []).append(r)
    out = []
    for (scheme, w, phase, label), rs in groups.items():
        good = [r for r in rs if r.get("exit_ok", r["exit"] == 0) and r["verified"] == "ok"]
        use = good or rs
        walls = [r["wall_s"] for r in use]
        count, size = workloads[w]
        med = statistics.median(walls)
        out.append({
            "scheme": scheme, "workload": w, "phase": phase, "tool": label, "n": len(rs), "ok": len(good),
            "wall_median_s": round(med, 3), "wall_min_s": min(walls), "wall_max_s": max(walls),
            "objects_per_s": round(count / med, 1) if med else None,
            "mib_per_s": round(count * size / MIB / med, 1) if med else None,
            "cpu_median_s": round(statistics.median(r["cpu_s"] for r in use), 2),
            "peak_rss_max_mib": max(r["peak_rss_mib"] for r in use),
            "server_cpu_median_s": round(statistics.median(r["server_cpu_s"] for r in use), 2),
            "total_cpu_median_s": round(statistics.median(r["cpu_s"] + r["server_cpu_s"] for r in use), 2),
            "other_cpu_median_s": round(statistics.median(r["other_cpu_s"] for r in use), 2),
            "failures": sorted({f"exit {r['exit']}, {r['verified']}" for r in rs if r not in good}),
        })
    by = {(s["scheme"], s["workload"], s["phase"], s["tool"]): s for s in out}
    for s in out:
        for variant in COPIERS:
            c = by.get((s["scheme"], s["workload"], s["phase"], f"copier:{variant}"))
            s[f"ratio_vs_copier_{variant}"] = (round(s["wall_median_s"] / c["wall_median_s"], 2)
                                               if c and c["ok"] and s["ok"] else None)
    return out


def _fastest(by, scheme, w, phase, labels):
    found = [by[(scheme, w, phase, label)] for label in labels
             if (scheme, w, phase, label) in by and by[(scheme, w, phase, label)]["ok"]]
    return min(found, key=lambda s: s["wall_median_s"], default=None)


def goals(summary, meta):
    by = {(s["scheme"], s["workload"], s["phase"], s["tool"]): s for s in summary}
    schemes = sorted({s["scheme"] for s in summary}, key=lambda x: x != "https")
    out = []
    for scheme in schemes:
        for variant in COPIERS:
            def row(goal, peer, target, ratio, cpu_ratio=None, at_least=True):
                out.append({"scheme": scheme, "goal": goal, "copier": variant, "peer": peer, "target": target,
                            "ratio": ratio, "cpu_ratio": cpu_ratio,
                            "met": None if ratio is None else (ratio >= target if at_least else ratio <= target)})
            for w, phase, text in JUDGED:
                if w not in meta["workloads"]:
                    continue
                c = by.get((scheme, w, phase, f"copier:{variant}"))
                for labels, target, peer_text in PEERS:
                    p = _fastest(by, scheme, w, phase, labels)
                    both = c and p and c["ok"]
                    ratio = round(p["wall_median_s"] / c["wall_median_s"], 2) if both else None
                    # the same ratio in CPU-seconds (tool + both servers): far less sensitive to other load
                    cpu = (round(p["total_cpu_median_s"] / c["total_cpu_median_s"], 2)
                           if both and c["total_cpu_median_s"] else None)
                    row(f"{_workload_name(meta, w)} {text}: {peer_text}", p["tool"] if p else "/".join(labels), target, ratio, cpu)
            ceil = _fastest(by, scheme, "large", "cold",
                            [s["tool"] for s in summary if s["tool"].startswith("ceiling:")])
            c = by.get((scheme, "large", "cold", f"copier:{variant}"))
            share = round(ceil["wall_median_s"] / c["wall_median_s"], 2) if c and ceil and c["ok"] else None
            row(f"{_workload_name(meta, 'large') if 'large' in meta['workloads'] else 'large'}: >= 80% of the "
                "servers' GET+PUT ceiling", ceil["tool"] if ceil else "ceiling",
                CEILING_SHARE, share)
            rss = [s["peak_rss_max_mib"] for s in summary if s["tool"] == f"copier:{variant}" and s["scheme"] == scheme]
            row("copier peak RSS <= 256 MiB on every workload", "-", RSS_LIMIT_MIB, max(rss, default=None),
                at_least=False)
            # start-up does not depend on concurrency: the default copier's figure serves both
            start = (meta.get("startup_s") or {}).get(scheme, {}).get("copier:default")
            row("copier JVM start to first request <= 0.3 s", "-", STARTUP_LIMIT_S, start, at_least=False)
    return out


def _fmt(x, nd=2):
    return "-" if x is None else f"{x:.{nd}f}"


def _workload_name(meta, w):
    count, size = meta["workloads"][w]
    name = f"{count} x {size // 1024} KiB" if size < MIB else f"{count} x {size // MIB} MiB"
    return name + (f" +{meta.get('rtt_ms', 10)} ms RTT" if w == "latency" else " in 16 MiB parts" if w == "parts" else "")


ORDER = {"small": 0, "medium": 1, "large": 2, "latency": 3, "parts": 4}
PHASE_ORDER = {"cold": 0, "rerun": 1, "changed": 2}


def markdown(doc):
    meta, summary = doc["meta"], doc["summary"]
    m = meta["machine"]
    schemes = meta.get("schemes") or [meta.get("scheme", "http")]
    rtt = meta.get("added_rtt_ms") or {}
    lines = [f"Run {meta['stamp']}{' (quick)' if meta['quick'] else ''}: {meta['reps']} repetition(s), "
             f"{m['cpus']} CPUs ({m['cpu']}), {m['mem_gib']} GiB, kernel {m['kernel']}, {m['java']}; "
             f"MinIO {meta['minio']} x2 over {' and '.join(schemes)}"
             f"{' (https: a throwaway CA every tool trusts)' if 'https' in schemes else ''}, data on {meta['data']}"
             + (f"; latency workload through toxiproxy, added round trip measured "
                + ", ".join(f"{s} {v} ms" for s, v in rtt.items()) if rtt else "") + ".", ""]
    start = meta.get("startup_s") or {}
    if start:
        lines += ["JVM start to first request (median of 5): " + "; ".join(
            f"{s}: " + ", ".join(f"{k} {_fmt(v)} s" for k, v in d.items()) for s, d in start.items()) + ".", ""]
    lines += ["| scheme | workload | phase | tool | median s (min-max) | rate | client CPU s | peak RSS MiB | "
              "servers CPU s | other CPU s | ok | peer/copier | peer/copier-tuned |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]  # noqa
    for s in sorted(summary, key=lambda s: (ORDER.get(s["workload"], 9), PHASE_ORDER.get(s["phase"], 9),
                                            s["scheme"] != "https", not s["tool"].startswith("copier"),
                                            s["wall_median_s"])):
        size = meta["workloads"][s["workload"]][1]
        rate = "-" if s["phase"] == "rerun" else (
            f"{s['objects_per_s']:.0f} obj/s" if size < MIB else f"{s['mib_per_s']:.0f} MiB/s")
        lines.append(f"| {s['scheme']} | {_workload_name(meta, s['workload'])} | {s['phase']} | {s['tool']} | "
                     f"{s['wall_median_s']:.2f} ({s['wall_min_s']:.2f}-{s['wall_max_s']:.2f}) | {rate} | "
                     f"{s['cpu_median_s']:.1f} | {s['peak_rss_max_mib']:.0f} | {s['server_cpu_median_s']:.1f} | "
                     f"{s['other_cpu_median_s']:.1f} | {s['ok']}/{s['n']} | {_fmt(s['ratio_vs_copier_default'])} | "
                     f"{_fmt(s['ratio_vs_copier_tuned'])} |")
    lines += tls_cost(summary, meta)
    lines += ["", "| scheme | goal | copier | vs | target | measured (wall medians) | met | same in CPU-s (tool+servers) |",
              "|---|---|---|---|---|---|---|---|"]
    for g in doc["goals"]:
        met = "n/a" if g["met"] is None else ("yes" if g["met"] else "NO")
        lines.append(f"| {g['scheme']} | {g['goal']} | {g['copier']} | {g['peer']} | {g['target']} | {_fmt(g['ratio'])} "
                     f"| {met} | {_fmt(g.get('cpu_ratio'))} |")
    lines += ["", "Flags:"] + [f"- `{k}`: `{v}`" for k, v in sorted(meta["flags"].items())]
    if meta["missing"]:
        lines += ["", "Not run:"] + [f"- {k}: {v}" for k, v in meta["missing"].items()]
    fails = [s for s in summary if s["failures"]]
    if fails:
        lines += ["", "Failed or incomplete runs:"] + [f"- {s['scheme']} {s['workload']}/{s['phase']} {s['tool']}: "
                                                       f"{'; '.join(s['failures'])}" for s in fails]
    if meta.get("aborted"):
        lines += ["", f"Stopped early: {meta['aborted']}"]
    return "\n".join(lines)


def tls_cost(summary, meta):
    """What https costs each tool: its https median over its http median, wall and client CPU."""
    by = {(s["scheme"], s["workload"], s["phase"], s["tool"]): s for s in summary}
    rows = []
    for (scheme, w, phase, tool), s in sorted(by.items(), key=lambda kv: (ORDER.get(kv[0][1], 9),
                                                                          PHASE_ORDER.get(kv[0][2], 9), kv[0][3])):
        plain = by.get(("http", w, phase, tool))
        if scheme != "https" or not plain or not s["ok"] or not plain["ok"] or not plain["wall_median_s"]:
            continue
        cpu = f"{s['cpu_median_s'] / plain['cpu_median_s']:.2f}" if plain["cpu_median_s"] else "-"
        rows.append(f"| {_workload_name(meta, w)} | {phase} | {tool} | {s['wall_median_s'] / plain['wall_median_s']:.2f} "
                    f"| {cpu} | {s['server_cpu_median_s'] - plain['server_cpu_median_s']:+.1f} |")
    if not rows:
        return []
    return ["", "What TLS costs (https median / http median of the same tool and workload):", "",
            "| workload | phase | tool | wall | client CPU | servers CPU s (https - http) |", "|---|---|---|---|---|---|"] + rows
