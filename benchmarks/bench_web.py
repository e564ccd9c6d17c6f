"""Web benchmark: wrk against ``exclusions serve`` on loopback.

Target (issue 5): with 16 connections on 2 cores, the area page and the rankings page each
p95 < 50 ms and >= 300 requests/s. The baseline, in the same run, is the same server with
its page cache off (``--cache-mb 0``), so every request renders the page afresh; a static
file shows the ceiling of the server itself.

The store is the shared data, loaded into a temporary file. Each URL is requested once
before timing (a cold render, also reported), then wrk runs for ``--seconds``.

Usage: .venv/bin/python benchmarks/bench_web.py [--seconds 10] [--markdown FILE]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
EXE = Path(sys.executable).parent / "exclusions"
URLS = {
    "area page": "/area/bury?year=2022/23",
    "rankings page": "/rankings?measure=perm_excl&year=2022/23",
    "area JSON": "/api/areas/bury?year=2022/23",
    "static CSS": "/static/site.css",
}
# wrk prints only some percentiles; this script adds the 95th (in microseconds).
LUA = """
done = function(summary, latency, requests)
  io.write(string.format("P95_US %d\\n", latency:percentile(95)))
  io.write(string.format("P50_US %d\\n", latency:percentile(50)))
end
"""


@dataclass
class Result:
    """One wrk run."""

    name: str
    cache: bool
    cold_ms: float
    rps: float
    p50_ms: float
    p95_ms: float
    errors: int


def start(db: Path, cache_mb: int) -> tuple[subprocess.Popen[str], str]:
    """``exclusions serve`` on a free port; returns the process and its base URL."""
    proc = subprocess.Popen(
        [EXE, "serve", "--db", db, "--port", "0", "--cache-mb", str(cache_mb)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    url = proc.stdout.readline().split(" at ", 1)[1].split()[0].rstrip("/")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(url + "/static/site.css", timeout=5)
            break
        except httpx.TransportError:
            time.sleep(0.2)
    time.sleep(8)  # the server warms its data and home page in the background: let it finish
    return proc, url


def wrk(url: str, seconds: int, script: Path) -> tuple[float, float, float, int]:
    """Requests/s, p50 and p95 in ms, and non-2xx/socket errors, from one wrk run."""
    out = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{seconds}s", "-s", str(script), url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p95 = int(re.search(r"P95_US (\d+)", out).group(1)) / 1000  # type: ignore[union-attr]
    p50 = int(re.search(r"P50_US (\d+)", out).group(1)) / 1000  # type: ignore[union-attr]
    errors = 0
    for pattern in (r"Non-2xx or 3xx responses: (\d+)", r"Socket errors: .*?(\d+)"):
        found = re.search(pattern, out)
        errors += int(found.group(1)) if found else 0
    return rps, p50, p95, errors


def run(db: Path, seconds: int, cache: bool, script: Path) -> list[Result]:
    """Every URL against one server, with or without its page cache."""
    proc, base = start(db, 256 if cache else 0)
    try:
        results = []
        for name, path in URLS.items():
            t = time.perf_counter()
            assert httpx.get(base + path, timeout=60).status_code == 200
            cold = (time.perf_counter() - t) * 1000
            rps, p50, p95, errors = wrk(base + path, seconds, script)
            results.append(Result(name, cache, cold, rps, p50, p95, errors))
            flag = "on " if cache else "off"
            print(f"  {name:14} cache={flag} first {cold:7.1f} ms  {rps:8.1f} req/s  "
                  f"p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  errors {errors}")  # fmt: skip
        return results
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def markdown(results: list[Result], load: str) -> str:
    """The figures as a Markdown table."""
    lines = [
        f"wrk -t2 -c16 on loopback, 2 cores; load average before the run: {load}",
        "",
        "| URL | page cache | first request | requests/s | p50 | p95 | errors |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.name} (`{URLS[r.name]}`) | {'on' if r.cache else 'off (baseline)'} | "
            f"{r.cold_ms:,.0f} ms | {r.rps:,.0f} | {r.p50_ms:.1f} ms | {r.p95_ms:.1f} ms | "
            f"{r.errors} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    """Load the shared data into a temporary store, then run wrk with and without the cache."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--markdown", type=Path, help="write the table to this file")
    args = parser.parse_args()
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        subprocess.run([EXE, "load", SHARED, "--db", db], check=True, capture_output=True)
        script = Path(tmp) / "p95.lua"
        script.write_text(LUA)
        print(f"load average {load}; {os.cpu_count()} cores")
        results = run(db, args.seconds, False, script) + run(db, args.seconds, True, script)
    table = markdown(results, load)
    print(table)
    if args.markdown:
        args.markdown.write_text(table)
    for r in results:
        if r.cache and r.name in ("area page", "rankings page"):
            ok = r.p95_ms < 50 and r.rps >= 300
            print(f"{r.name}: target p95 < 50 ms and >= 300 req/s: {'met' if ok else 'MISSED'}")


if __name__ == "__main__":
    main()
