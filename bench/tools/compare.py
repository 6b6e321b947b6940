#!/usr/bin/env python3
"""Tessera vs n8n, side by side on this machine. Run through bench/compare.sh (see bench/README.md).

For each execution-saving mode (on, off) the harness starts both servers and loads each webhook
scenario on one and then the other with the same wrk settings, so both see the same machine, load
and workflow within one run. The 5,000-item workflow runs from each CLI, and idle
memory is read after each server starts. Results go to bench/results/<date>.json.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import procs  # noqa: E402
from systems import BENCH, ROOT, N8n, RunFailed, Tessera, http_get  # noqa: E402
from systems import _free_port as free_port  # noqa: E402

WORKFLOWS = BENCH / "workflows"
LUA = BENCH / "tools" / "report.lua"

# name, workflow file, request path (GET), the JSON response both systems must give
WEBHOOK_SCENARIOS = [
    ("webhook-set", "webhook-set.json", "/webhook/bench-webhook-set", {"response": "OK"}),
    ("webhook-10-nodes", "webhook-10-nodes.json", "/webhook/bench-10-nodes?name=tessera&n=42",
     {"summary": "tessera is TESSERA:126 (fast/small/tessera)", "ok": True}),
    ("webhook-code", "webhook-code.json", "/webhook/bench-webhook-code?name=bench",
     {"greeting": "Hello bench", "length": 5, "total": 297}),
]
ITEMS = WORKFLOWS / "items-5000.json"


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def run_wrk(url: str, seconds: int, connections: int, threads: int) -> dict:
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "--latency", "-s", str(LUA), url]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    line = next((l for l in reversed(r.stdout.splitlines()) if l.startswith("{")), None)
    if r.returncode != 0 or line is None:
        raise RunFailed(f"wrk failed ({r.returncode}): {r.stderr.strip() or r.stdout.strip()}")
    w = json.loads(line)
    seconds_run = w["duration_us"] / 1e6
    return {
        "rps": round(w["requests"] / seconds_run, 1),
        "p50_ms": round(w["p50_us"] / 1000, 2),
        "p90_ms": round(w["p90_us"] / 1000, 2),
        "p99_ms": round(w["p99_us"] / 1000, 2),
        "errors": w["status"] + w["connect"] + w["read"] + w["write"] + w["timeout"],
        "requests": w["requests"],
    }


def load_scenario(system, path: str, expect: dict, args) -> dict:
    url = system.url(path)
    # A server may answer /healthz before it has registered its webhooks (n8n activates
    # workflows after its HTTP server is up): wait for the first good answer.
    deadline = time.monotonic() + 90
    while True:
        status, body = http_get(url)
        if status != 404 or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    try:
        got = json.loads(body)
    except json.JSONDecodeError:
        got = None
    if status != 200 or got != expect:
        raise RunFailed(f"{system.name} {path}: expected 200 with {json.dumps(expect)}, got {status}: {body[:300]}")
    if args.warmup > 0:
        run_wrk(url, args.warmup, args.connections, args.threads)
    pid = system.pid
    saved_before = system.saved_executions()
    with procs.PeakRss(pid, interval=0.1) as peak:
        result = run_wrk(url, args.duration, args.connections, args.threads)
    result["rss_mb"] = round(peak.peak_mb, 1)
    # Executions stored during the measurement: checks that the saving setting really took effect.
    saved_after = system.saved_executions()
    # n8n with saving off inserts a row per execution and deletes it at the end: rows in flight can make the delta negative.
    result["saved"] = None if saved_before is None or saved_after is None else max(0, saved_after - saved_before)
    # Other work shares this machine: keep the 1-minute load average beside each figure.
    result["load_avg"] = round(os.getloadavg()[0], 2)
    return result


def ratio(a, b):
    return round(a / b, 2) if a and b else None


def webhook_rows(systems, saving: str, args, first_start: dict, idle: dict) -> list[dict]:
    """Both servers up, each scenario measured on one and then the other (only one is under load at a time).

    Alternating per scenario, and flipping the order between saving modes, spreads the drift of other load on
    this shared machine over both systems instead of charging it to whichever ran second.
    """
    rows = {name: {"name": name, "saving": saving} for name, *_ in WEBHOOK_SCENARIOS}
    workflows = [WORKFLOWS / f for _, f, *_ in WEBHOOK_SCENARIOS]
    running = []
    try:
        for system in systems:
            if system.name == "tessera" and not args.tessera_serve:
                for row in rows.values():
                    row["tessera"] = None
                continue
            log(f"{system.name}: starting (saving {saving})")
            t0 = time.monotonic()
            pid = system.start(saving, workflows, import_workflows=first_start[system.name])
            first_start[system.name] = False
            log(f"{system.name}: up in {time.monotonic() - t0:.1f} s (PID {pid})")
            running.append(system)
        time.sleep(args.settle)
        for system in running:
            idle.setdefault(system.name, round(procs.tree_rss_mb(system.pid), 1))
        order = running if saving == "on" else list(reversed(running))
        for name, _, path, expect in WEBHOOK_SCENARIOS:
            for system in order:
                log(f"{system.name}: {name} (saving {saving}) for {args.duration} s")
                try:
                    rows[name][system.name] = load_scenario(system, path, expect, args)
                    log(f"  {rows[name][system.name]}")
                except RunFailed as e:
                    log(f"  FAILED: {e}")
                    rows[name][system.name] = {"failed": str(e)}
    finally:
        for system in running:
            system.stop()
    for row in rows.values():
        t, n = row.get("tessera"), row.get("n8n")
        row["ratio_rps"] = ratio(t and t.get("rps"), n and n.get("rps"))
    return list(rows.values())


def items_row(systems, args) -> tuple[dict, dict]:
    row = {"name": "items-5000", "saving": "off"}
    for system in systems:
        system.prepare_items(ITEMS)
        runs = []
        for i in range(args.item_runs):
            try:
                runs.append(system.run_items(ITEMS))
                runs[-1]["load_avg"] = os.getloadavg()[0]
                log(f"{system.name}: items-5000 run {i + 1}: {runs[-1]}")
            except RunFailed as e:
                log(f"{system.name}: items-5000 run {i + 1} FAILED: {e}")
                runs.append({"failed": str(e)})
        ok = [r for r in runs if "failed" not in r]
        if not ok:
            row[system.name] = {"failed": runs[-1]["failed"], "errors": len(runs)}
            continue
        spans = sorted(r["span_ms"] for r in ok)
        median = statistics.median(spans)
        row[system.name] = {
            "rps": round(1000 / median, 2) if median else None,
            "p50_ms": round(median, 1),
            "p90_ms": round(_pct(spans, 90), 1),
            "p99_ms": round(_pct(spans, 99), 1),
            "errors": len(runs) - len(ok),
            "rss_mb": round(max(r["rss_mb"] for r in ok), 1),
            "cli_ms": round(statistics.median(r["wall_ms"] for r in ok), 1),
            "runs": len(ok),
            "load_avg": round(statistics.median(r["load_avg"] for r in ok), 2),
        }
    t, n = row.get("tessera"), row.get("n8n")
    row["ratio_rps"] = ratio(t and t.get("rps"), n and n.get("rps"))
    row["ratio_cli"] = ratio(n and n.get("cli_ms"), t and t.get("cli_ms"))
    return row


def _pct(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile (with a handful of runs, p99 is the slowest run)."""
    k = max(0, min(len(sorted_values) - 1, int(round(p / 100 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


def memory_rows(idle: dict, items: dict) -> list[dict]:
    def mem(value):
        return None if value is None else {"rps": None, "p50_ms": None, "p99_ms": None, "errors": 0, "rss_mb": value}

    def peak(system):
        r = items.get(system)
        return r.get("rss_mb") if isinstance(r, dict) else None

    rows = [
        {"name": "memory", "saving": "on", "variant": "idle-after-start",
         "tessera": mem(idle.get("tessera")), "n8n": mem(idle.get("n8n"))},
        {"name": "memory", "saving": "off", "variant": "items-5000-peak",
         "tessera": mem(peak("tessera")), "n8n": mem(peak("n8n"))},
    ]
    for row in rows:
        row["ratio_rps"] = None
        t, n = row["tessera"], row["n8n"]
        row["ratio_rss"] = ratio(t and t["rss_mb"], n and n["rss_mb"])
    return rows


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_kb = 0
    for line in open("/proc/meminfo"):
        if line.startswith("MemTotal:"):
            mem_kb = int(line.split()[1])
    try:
        osname = next(l.split("=", 1)[1].strip().strip('"') for l in open("/etc/os-release") if l.startswith("PRETTY_NAME="))
    except (OSError, StopIteration):
        osname = platform.system()
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(mem_kb / 1024 / 1024, 1), "os": osname,
            "kernel": platform.release(), "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}


def tool_version(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.strip().splitlines()[0]
    except (OSError, IndexError):
        return "unknown"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="short runs (whole comparison under 5 minutes)")
    ap.add_argument("--duration", type=int, help="seconds of measured load per system and scenario")
    ap.add_argument("--warmup", type=int, help="seconds of unmeasured load before each measurement")
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--item-runs", type=int, help="timed runs of items-5000 per system")
    ap.add_argument("--settle", type=float, default=3.0, help="seconds to wait after a server starts before reading idle memory")
    ap.add_argument("--only", choices=["webhooks", "items"], help="run one part only (for debugging the harness)")
    ap.add_argument("--n8n-port", type=int, help="default: a free port")
    ap.add_argument("--tessera-port", type=int, help="default: a free port")
    ap.add_argument("--output", type=Path, help="results file (default bench/results/<date>.json)")
    ap.add_argument("--work", type=Path, help="scratch folder (default: a new temporary folder)")
    args = ap.parse_args()
    args.duration = args.duration or (10 if args.quick else 30)
    args.warmup = args.warmup if args.warmup is not None else (2 if args.quick else 5)
    args.item_runs = args.item_runs or (3 if args.quick else 7)

    if shutil.which("wrk") is None:
        log("wrk is not installed (apt-get install wrk)")
        return 2
    work = args.work or Path(tempfile.mkdtemp(prefix="tessera-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    log(f"scratch folder {work}")

    # Free ports chosen now: other servers may run on this machine (5678 and friends are popular).
    n8n = N8n(work, args.n8n_port or free_port())
    tessera = Tessera(work, args.tessera_port or free_port())
    log("installing / building both systems (not timed)")
    n8n.install()
    tessera.install()
    args.tessera_serve = tessera.can_serve()
    if not args.tessera_serve:
        log("tessera serve is not available in this build: webhook scenarios run on n8n only")

    started = time.monotonic()
    date = datetime.datetime.now(datetime.timezone.utc)
    results = {
        "date": date.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": machine(),
        "versions": {
            "tessera": tessera.version(),
            "n8n": n8n.version(),
            "node": tool_version(["node", "--version"]),
            "dotnet": tool_version(["dotnet", "--version"]),
            "wrk": " ".join(tool_version(["wrk", "--version"]).split()[:2]).replace("debian/", ""),
        },
        "settings": {"quick": args.quick, "duration_s": args.duration, "warmup_s": args.warmup,
                     "connections": args.connections, "threads": args.threads, "item_runs": args.item_runs},
        "scenarios": [],
    }
    systems = [n8n, tessera]
    first_start = {"n8n": True, "tessera": True}
    idle: dict = {}
    try:
        if args.only != "items":
            for saving in ("on", "off"):
                results["scenarios"] += webhook_rows(systems, saving, args, first_start, idle)
        items = {}
        if args.only != "webhooks":
            items = items_row(systems, args)
            results["scenarios"].append(items)
        results["scenarios"] += memory_rows(idle, items)
    finally:
        if n8n.pid:
            n8n.stop()
        tessera.stop()
    results["elapsed_s"] = round(time.monotonic() - started, 1)

    out = args.output or BENCH / "results" / f"{date:%Y-%m-%d}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    log(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out} in {results['elapsed_s']} s")
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
