"""Turns the list of measured runs into medians, ratios (peer time / copier time) and the goals of issue 6,
and renders them as the Markdown table bench/README.md carries."""
import statistics

MIB = 1024 * 1024

# (workload, phase, peer label, copier variant judged, minimum ratio, text)
GOALS = [
    ("small", "cold", "rclone:tuned", 1.5, "20,000 x 4 KiB cold: >= 1.5x tuned rclone"),
    ("small", "cold", "rclone:default", 4.0, "20,000 x 4 KiB cold: >= 4x default rclone"),
    ("small", "rerun", "rclone:default", 3.0, "re-run, nothing to copy: >= 3x default rclone"),
    ("small", "rerun", "rclone:tuned", 1.2, "re-run, nothing to copy: >= 1.2x tuned rclone"),
    ("small", "changed", "rclone:tuned", 1.5, "10% changed: >= 1.5x tuned rclone"),
    ("medium", "cold", "rclone:tuned", 1.3, "200 x 1 MiB cold: >= 1.3x tuned rclone"),
    ("large", "cold", "rclone:tuned", 1.0, "4 x 256 MiB cold: >= 1.0x tuned rclone"),
]
CEILING_SHARE = 0.80
RSS_LIMIT_MIB = 256


def summarize(runs, workloads):
    groups = {}
    for r in runs:
        groups.setdefault((r["workload"], r["phase"], f"{r['tool']}:{r['variant']}"), []).append(r)
    out = []
    for (w, phase, label), rs in groups.items():
        good = [r for r in rs if r.get("exit_ok", r["exit"] == 0) and r["verified"] == "ok"]
        use = good or rs
        walls = [r["wall_s"] for r in use]
        count, size = workloads[w]
        med = statistics.median(walls)
        out.append({
            "workload": w, "phase": phase, "tool": label, "n": len(rs), "ok": len(good),
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
    by = {(s["workload"], s["phase"], s["tool"]): s for s in out}
    for s in out:
        for variant in ("default", "tuned"):
            c = by.get((s["workload"], s["phase"], f"copier:{variant}"))
            s[f"ratio_vs_copier_{variant}"] = (round(s["wall_median_s"] / c["wall_median_s"], 2)
                                               if c and c["ok"] and s["ok"] else None)
    return out


def _peer(by, w, phase, label):
    """The judged rclone is the current release; the Debian package stands in when it is missing."""
    s = by.get((w, phase, label))
    if s is None and label.startswith("rclone:"):
        s = by.get((w, phase, label.replace("rclone:", "rclone-debian:")))
    return s


def goals(summary):
    by = {(s["workload"], s["phase"], s["tool"]): s for s in summary}
    out = []
    for variant in ("default", "tuned"):
        for w, phase, peer, target, text in GOALS:
            c, p = by.get((w, phase, f"copier:{variant}")), _peer(by, w, phase, peer)
            both = c and p and c["ok"] and p["ok"]
            ratio = round(p["wall_median_s"] / c["wall_median_s"], 2) if both else None
            # the same ratio in CPU-seconds (tool + both servers): far less sensitive to other people's load
            cpu_ratio = round(p["total_cpu_median_s"] / c["total_cpu_median_s"], 2) if both and c["total_cpu_median_s"] else None
            out.append({"goal": text, "copier": variant, "peer": p["tool"] if p else peer, "target": target,
                        "ratio": ratio, "cpu_ratio": cpu_ratio, "met": None if ratio is None else ratio >= target})
        ceilings = [s for s in summary if s["workload"] == "large" and s["tool"].startswith("ceiling:") and s["ok"]]
        ceil = min(ceilings, key=lambda s: s["wall_median_s"], default=None)
        c = by.get(("large", "cold", f"copier:{variant}"))
        share = round(ceil["wall_median_s"] / c["wall_median_s"], 2) if c and ceil and c["ok"] and ceil["ok"] else None
        out.append({"goal": "4 x 256 MiB: >= 80% of the servers' GET+PUT ceiling", "copier": variant,
                    "peer": ceil["tool"] if ceil else "ceiling", "target": CEILING_SHARE, "ratio": share,
                    "met": None if share is None else share >= CEILING_SHARE})
        rss = [s for s in summary if s["tool"] == f"copier:{variant}"]
        worst = max((s["peak_rss_max_mib"] for s in rss), default=None)
        out.append({"goal": "copier peak RSS <= 256 MiB on every workload", "copier": variant, "peer": "-",
                    "target": RSS_LIMIT_MIB, "ratio": worst, "met": None if worst is None else worst <= RSS_LIMIT_MIB})
    return out


def _fmt(x, nd=2):
    return "-" if x is None else f"{x:.{nd}f}"


def markdown(doc):
    meta, summary = doc["meta"], doc["summary"]
    m = meta["machine"]
    lines = [f"Run {meta['stamp']}{' (quick)' if meta['quick'] else ''}: {meta['reps']} repetition(s), "
             f"{m['cpus']} CPUs ({m['cpu']}), {m['mem_gib']} GiB, kernel {m['kernel']}, {m['java']}; "
             f"MinIO {meta['minio']} x2 over {meta.get('scheme', 'http')}"
             f"{' (a throwaway CA every tool trusts)' if meta.get('scheme') == 'https' else ''}, data on {meta['data']}.", ""]
    lines += ["| workload | phase | tool | median s (min-max) | rate | client CPU s | peak RSS MiB | "
              "servers CPU s | other CPU s | ok | peer/copier | peer/copier-tuned |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|"]  # noqa
    order = {"small": 0, "medium": 1, "large": 2}
    phases = {"cold": 0, "rerun": 1, "changed": 2}
    for s in sorted(summary, key=lambda s: (order.get(s["workload"], 9), phases.get(s["phase"], 9),
                                            not s["tool"].startswith("copier"), s["wall_median_s"])):
        count, size = meta["workloads"][s["workload"]]
        wl = f"{count} x {size // 1024} KiB" if size < MIB else f"{count} x {size // MIB} MiB"
        rate = (f"{s['objects_per_s']:.0f} obj/s" if size < MIB else f"{s['mib_per_s']:.0f} MiB/s")
        if s["phase"] == "rerun":
            rate = "-"
        lines.append(f"| {wl} | {s['phase']} | {s['tool']} | {s['wall_median_s']:.2f} ({s['wall_min_s']:.2f}-"
                     f"{s['wall_max_s']:.2f}) | {rate} | {s['cpu_median_s']:.1f} | {s['peak_rss_max_mib']:.0f} | "
                     f"{s['server_cpu_median_s']:.1f} | {s['other_cpu_median_s']:.1f} | {s['ok']}/{s['n']} | "
                     f"{_fmt(s['ratio_vs_copier_default'])} | {_fmt(s['ratio_vs_copier_tuned'])} |")
    lines += ["", "| goal | copier | vs | target | measured (wall medians) | met | same in CPU-s (tool+servers) |",
              "|---|---|---|---|---|---|---|"]
    for g in doc["goals"]:
        met = "n/a" if g["met"] is None else ("yes" if g["met"] else "NO")
        lines.append(f"| {g['goal']} | {g['copier']} | {g['peer']} | {g['target']} | {_fmt(g['ratio'])} | {met} | "
                     f"{_fmt(g.get('cpu_ratio'))} |")
    lines += ["", "Flags:"] + [f"- `{k}`: `{v}`" for k, v in sorted(meta["flags"].items())]
    if meta["missing"]:
        lines += ["", "Not run:"] + [f"- {k}: {v}" for k, v in meta["missing"].items()]
    fails = [s for s in summary if s["failures"]]
    if fails:
        lines += ["", "Failed or incomplete runs:"] + [f"- {s['workload']}/{s['phase']} {s['tool']}: "
                                                       f"{'; '.join(s['failures'])}" for s in fails]
    return "\n".join(lines)
