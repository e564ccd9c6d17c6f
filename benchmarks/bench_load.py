"""Load benchmark: the project's loader against a bare DuckDB ``read_csv`` on the same file.

Every timed run happens in its own child process, so each starts cold (fresh connection,
fresh store) and its peak RSS is read from ``os.wait4`` when it exits. The time reported
is measured inside the child around the operation only (interpreter start-up and imports
excluded); wall time including start-up is recorded too.

Runs:

* ``baseline``  - ``SELECT count(*) FROM read_csv('<file>')``, fresh in-memory connection,
  bare defaults;
* ``loader``    - ``Store(<fresh db>).load([<file>])``, the public API;
* ``shared``    - ``Store(<fresh db>).load([<shared data folder>])``, every real DfE file;
* ``--reference`` adds ``CREATE TABLE t AS SELECT * FROM read_csv(...)`` into a file-backed
  database: with the default settings, with ``preserve_insertion_order = false``, and both
  again with ``all_varchar = true`` (what materialising costs, against counting).

Exit status 1 when the loader is slower than ``--max-ratio`` x the baseline (median) or its
peak RSS reaches ``--max-rss-mib``. If ``from exclusions import Store`` fails, the baseline
(and generation) still run and the loader rows say it is not available; exit status 0.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
SHARED = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402  (sibling script, not a package)

GIB = 2**30
MIB = 2**20


def sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


# --------------------------------------------------------------------------- child side


def child(kind: str, target: str, workdir: str, result_path: str) -> None:
    """Run one measurement and write {"seconds": ..., ...} to ``result_path``."""
    extra: dict[str, object] = {}
    if kind in ("loader", "shared"):
        from exclusions import Store

        db = Path(workdir) / "store.duckdb"
        start = time.perf_counter()
        with Store(db) as store:
            result = store.load([Path(target)])
        seconds = time.perf_counter() - start
        extra["rows"] = int(result.rows)
        for attr in ("releases", "files", "tables"):
            value = getattr(result, attr, None)
            if value is not None:
                try:
                    extra[attr] = len(value)
                except TypeError:
                    extra[attr] = str(value)
        extra["db_bytes"] = dir_bytes(Path(workdir))
        if kind == "loader":
            extra["lines_ok"] = lines_match(db, Path(target))
    else:
        import duckdb

        if kind == "baseline":
            con = duckdb.connect()
            start = time.perf_counter()
            row = con.execute(f"SELECT count(*) FROM read_csv({sql_str(target)})").fetchone()
            seconds = time.perf_counter() - start
            con.close()
            extra["rows"] = int(row[0]) if row else -1
        elif kind == "parquet":
            con = duckdb.connect()
            out = Path(workdir) / "ref.parquet"
            start = time.perf_counter()
            copied = con.execute(
                f"COPY (SELECT * FROM read_csv({sql_str(target)})) TO {sql_str(str(out))}"
            ).fetchone()
            seconds = time.perf_counter() - start
            con.close()
            extra["rows"] = int(copied[0]) if copied else -1
            extra["db_bytes"] = out.stat().st_size
        elif kind == "scan_all":
            # Every cell read once and nothing kept: the least any loader that checks every
            # value can do.
            con = duckdb.connect()
            with open(target, encoding="utf-8") as fh:
                header = next(csv.reader(fh))
            lengths = ", ".join(f"max(length({sql_ident(h)}))" for h in header)
            start = time.perf_counter()
            con.execute(
                f"SELECT count(*), {lengths} FROM read_csv({sql_str(target)}, all_varchar = true)"
            ).fetchone()
            seconds = time.perf_counter() - start
            con.close()
        else:
            options = ", all_varchar = true" if "varchar" in kind else ""
            select = f"SELECT * FROM read_csv({sql_str(target)}{options})"
            config: dict[str, str | bool | int | float | list[str]] = {}
            if kind == "ctas_loader":
                select, settings = loader_select(Path(target))
                config.update(settings)
            in_memory = "memory" in kind  # nothing written: the floor of materialising
            con = duckdb.connect(
                ":memory:" if in_memory else str(Path(workdir) / "ref.duckdb"), config=config
            )
            if "noorder" in kind:
                con.execute("SET preserve_insertion_order = false")
            start = time.perf_counter()
            con.execute(f"CREATE TABLE t AS {select}")
            row = con.execute("SELECT count(*) FROM t").fetchone()
            query = time.perf_counter() - start
            con.close()  # includes the final checkpoint to disk
            seconds = time.perf_counter() - start
            extra["close_s"] = round(seconds - query, 2)
            extra["rows"] = int(row[0]) if row else -1
            extra["db_bytes"] = dir_bytes(Path(workdir))
    Path(result_path).write_text(json.dumps({"seconds": seconds, **extra}))


def loader_select(path: Path) -> tuple[str, dict[str, str]]:
    """The loader's own read of ``path`` (same columns, types and options), bare."""
    from exclusions.config import setting
    from exclusions.sources.layouts import detect
    from exclusions.store.ingest import read_sql

    with path.open(encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh))
    layout = detect(header)
    split = [i.column for i in layout.indicators]
    return read_sql(path, header, split, "bench"), {
        "memory_limit": setting("EXCLUSIONS_MEMORY_LIMIT")
    }


def lines_match(db: Path, csv_path: Path) -> bool:
    """Whether sampled rows of the store name the file line they came from (after timing).

    The loader numbers rows from their order in the table, so a parallel read that lost the
    file's order would show here: the text columns of each sampled ``src_line`` must be
    the fields of that line of the file.
    """
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    table = con.execute("SELECT table_name FROM source_file ORDER BY file_id LIMIT 1").fetchone()
    assert table is not None
    types = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_name = ? ORDER BY ordinal_position",
        [table[0]],
    ).fetchall()
    text = [c for c, t in types if t == "VARCHAR" and not c.endswith("__text")]
    rows = con.execute(f"SELECT count(*) FROM {table[0]}").fetchone()
    last = int(rows[0]) + 1 if rows else 1
    wanted = sorted({2, 3, 122_882, 1_000_003, last // 2, last - 1, last} & set(range(2, last + 1)))
    stored = {
        int(r[0]): list(r[1:])
        for r in con.execute(
            f"SELECT src_line, {', '.join(sql_ident(c) for c in text)} FROM {table[0]} "
            f"WHERE src_line IN ({', '.join(map(str, wanted))})"
        ).fetchall()
    }
    con.close()
    with csv_path.open("rb") as fh:
        # Lines as bytes, parsed only when sampled: fast enough for 10 million lines (the
        # generated file has no line breaks inside quoted values).
        header = next(csv.reader([fh.readline().decode("utf-8-sig")]))
        picks = [header.index(c) for c in text]
        for n, raw in enumerate(fh, start=2):
            if n in stored:
                fields = next(csv.reader([raw.decode()]))
                if stored.pop(n) != [fields[i] or None for i in picks]:
                    return False
            if n >= wanted[-1]:
                break
    return not stored


def sql_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# -------------------------------------------------------------------------- parent side


@dataclass
class Bench:
    name: str
    what: str
    seconds: list[float] = field(default_factory=list)
    wall: list[float] = field(default_factory=list)
    rss: list[int] = field(default_factory=list)  # bytes
    cpu: list[float] = field(default_factory=list)  # child user + system seconds
    load: list[float] = field(default_factory=list)  # 1-min load average before each run
    info: dict[str, object] = field(default_factory=dict)
    error: str | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def best(self) -> float:
        return min(self.seconds)

    @property
    def peak_rss(self) -> int:
        return max(self.rss)


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    src = str(ROOT / "src")
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def run_child(kind: str, target: Path) -> tuple[dict[str, object], float, int, float]:
    """Run one child; return (result, wall seconds, peak RSS bytes, CPU seconds)."""
    DATA.mkdir(parents=True, exist_ok=True)
    workdir = tempfile.mkdtemp(prefix=f"bench_{kind}_", dir=DATA)
    result_path = os.path.join(workdir, "result.json")
    try:
        cmd = [sys.executable, __file__, "--child", kind, str(target), workdir, result_path]
        start = time.perf_counter()
        with tempfile.TemporaryFile() as err:
            proc = subprocess.Popen(
                cmd, stdout=subprocess.DEVNULL, stderr=err, env=child_env(), cwd=ROOT
            )
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            wall = time.perf_counter() - start
            err.seek(0)
            stderr = err.read().decode(errors="replace")
        rss = usage.ru_maxrss * 1024  # KiB on Linux
        if proc.returncode != 0 or not os.path.exists(result_path):
            tail = "\n".join(stderr.strip().splitlines()[-15:])
            raise RuntimeError(f"{kind} child failed (exit {proc.returncode}):\n{tail}")
        with open(result_path) as fh:
            result = json.load(fh)
        return result, wall, rss, usage.ru_utime + usage.ru_stime
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def measure(bench: Bench, kind: str, target: Path, repeat: int) -> Bench:
    for i in range(repeat):
        load = os.getloadavg()[0]
        try:
            result, wall, rss, cpu = run_child(kind, target)
        except RuntimeError as exc:
            bench.error = str(exc)
            print(f"  {bench.name}: FAILED\n{exc}", flush=True)
            return bench
        bench.seconds.append(float(result.pop("seconds")))  # type: ignore[arg-type]
        bench.wall.append(wall)
        bench.rss.append(rss)
        bench.cpu.append(cpu)
        bench.load.append(load)
        bench.info.update(result)
        print(
            f"  {bench.name} run {i + 1}/{repeat}: {bench.seconds[-1]:.2f} s "
            f"(wall {wall:.2f} s, CPU {cpu:.1f} s, load before {load:.2f}), "
            f"peak RSS {rss / MIB:,.0f} MiB, {result}",
            flush=True,
        )
    return bench


def loader_available() -> tuple[bool, str]:
    proc = subprocess.run(
        [sys.executable, "-c", "from exclusions import Store; print(Store)"],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=ROOT,
    )
    if proc.returncode == 0:
        return True, proc.stdout.strip()
    lines = proc.stderr.strip().splitlines()
    return False, lines[-1] if lines else f"exit {proc.returncode}"


def warm_cache(path: Path) -> None:
    """Read the file once so every timed run sees it in the page cache."""
    with path.open("rb") as fh:
        while fh.read(16 * MIB):
            pass


def markdown(benches: list[Bench], header: str, notes: list[str]) -> str:
    lines = [
        header,
        "",
        "| Run | What | Median (s) | Min (s) | CPU median (s) | Peak RSS (MiB) | Rows | Notes |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for b in benches:
        if b.error or not b.seconds:
            reason = (b.error or "not run").splitlines()[-1].replace("|", "/")
            lines.append(f"| {b.name} | {b.what} | - | - | - | - | - | {reason} |")
            continue
        info = {k: v for k, v in b.info.items() if k != "rows"}
        if "db_bytes" in info:
            info["db_MiB"] = round(int(info.pop("db_bytes")) / MIB, 1)  # type: ignore[call-overload]
        rows = b.info.get("rows", "")
        rows_s = f"{rows:,}" if isinstance(rows, int) else str(rows)
        extra = ", ".join(f"{k}={v}" for k, v in info.items())
        lines.append(
            f"| {b.name} | {b.what} | {b.median:.2f} | {b.best:.2f} | "
            f"{statistics.median(b.cpu):.1f} | {b.peak_rss / MIB:,.0f} | {rows_s} | {extra} |"
        )
    lines.append("")
    lines.extend(f"- {n}" for n in notes)
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--rows",
        type=int,
        default=generate.DEFAULT_ROWS,
        help="rows of the synthetic file (generated if missing); default 10M",
    )
    parser.add_argument(
        "--file",
        type=Path,
        default=None,
        help="CSV to load (default benchmarks/data/schools_<rows>.csv)",
    )
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (default 3)")
    parser.add_argument(
        "--markdown", type=Path, default=None, help="append the Markdown results table to this file"
    )
    parser.add_argument(
        "--shared-data",
        type=Path,
        default=SHARED,
        help="folder of real DfE files for the 'load everything' run",
    )
    parser.add_argument("--no-shared", action="store_true", help="skip the shared-data run")
    parser.add_argument(
        "--reference",
        action="store_true",
        help="also time CREATE TABLE AS read_csv variants (materialising)",
    )
    parser.add_argument(
        "--max-ratio",
        type=float,
        default=1.5,
        help="fail if loader median / baseline median exceeds this",
    )
    parser.add_argument(
        "--max-rss-mib",
        type=float,
        default=1024,
        help="fail if the loader's peak RSS reaches this many MiB",
    )
    args = parser.parse_args(argv)

    csv_path: Path = args.file or generate.default_path(args.rows)
    if not csv_path.exists():
        if args.file is not None and args.file != generate.default_path(args.rows):
            print(f"generating {csv_path} ({args.rows:,} rows) ...", flush=True)
        else:
            print(f"generating {args.rows:,} rows into {csv_path} ...", flush=True)
        start = time.perf_counter()
        generate.generate(args.rows, csv_path, args.seed)
        print(f"  generated in {time.perf_counter() - start:.1f} s", flush=True)
    size = csv_path.stat().st_size
    print(f"file: {csv_path} ({size:,} bytes, {size / MIB:,.1f} MiB)", flush=True)
    warm_cache(csv_path)

    import duckdb

    benches: list[Bench] = []
    print("baseline: SELECT count(*) FROM read_csv(file), fresh connection", flush=True)
    baseline = measure(
        Bench("baseline", "`SELECT count(*) FROM read_csv(file)`"),
        "baseline",
        csv_path,
        args.repeat,
    )
    benches.append(baseline)

    if args.reference:
        for kind, what in [
            ("scan_all", "every cell read once (`max(length(col))` of all), nothing stored"),
            ("ctas_memory_noorder", "`CREATE TABLE AS`, in-memory db, no insertion order"),
            ("ctas", "`CREATE TABLE AS read_csv(file)`, file db, defaults"),
            ("ctas_noorder", "same, `preserve_insertion_order=false`"),
            ("ctas_varchar", "same, `all_varchar=true`, defaults"),
            ("ctas_varchar_noorder", "`all_varchar=true`, `preserve_insertion_order=false`"),
            ("ctas_loader", "the loader's own `CREATE TABLE AS` (same columns, types, options)"),
            ("parquet", "`COPY (SELECT * FROM read_csv(file)) TO 'file.parquet'`"),
        ]:
            print(f"reference {kind}: {what}", flush=True)
            benches.append(measure(Bench(kind, what), kind, csv_path, args.repeat))

    available, detail = loader_available()
    loader = Bench("loader", "`Store(fresh).load([file])`")
    shared = Bench("shared", f"`Store(fresh).load([{args.shared_data}])`")
    if available:
        print("loader: Store(fresh db).load([file])", flush=True)
        measure(loader, "loader", csv_path, args.repeat)
        if not args.no_shared:
            print(f"shared: Store(fresh db).load([{args.shared_data}])", flush=True)
            measure(shared, "shared", args.shared_data, args.repeat)
    else:
        loader.error = shared.error = f"loader not available yet ({detail})"
        print(
            "\n*** LOADER NOT AVAILABLE YET: `from exclusions import Store` failed: "
            f"{detail}\n*** Only the baseline was measured.\n",
            flush=True,
        )
    benches.append(loader)
    if not args.no_shared:
        benches.append(shared)

    failures: list[str] = []
    notes = [
        f"file: `{csv_path.name}`, {size / MIB:,.1f} MiB, seed {args.seed}; "
        f"{args.repeat} runs each, one fresh child process per run; "
        "time measured in the child around the operation; file in page cache",
    ]
    loads = [x for b in benches for x in b.load]
    if loads and max(loads) > 0.5:
        notes.append(
            f"1-min load average before runs: up to {max(loads):.2f} on {os.cpu_count()} CPUs "
            "(other processes running: timings are noisy, prefer Min)"
        )
    if baseline.error:
        failures.append(f"baseline failed: {baseline.error}")
    if loader.seconds and baseline.seconds:
        ratio = loader.median / baseline.median
        notes.append(
            f"loader / baseline (median): **{ratio:.2f}x** (limit {args.max_ratio}x); "
            f"loader peak RSS {loader.peak_rss / MIB:,.0f} MiB (limit {args.max_rss_mib:,.0f} MiB)"
        )
        for ref in benches:
            # What materialising alone costs: the loader against bare CREATE TABLE AS runs.
            if ref.name in ("ctas", "ctas_memory_noorder", "ctas_loader") and ref.seconds:
                notes.append(
                    f"loader / {ref.name} (median): {loader.median / ref.median:.2f}x, "
                    f"best: {loader.best / ref.best:.2f}x"
                )
        if ratio > args.max_ratio:
            failures.append(
                f"loader is {ratio:.2f}x the baseline read_csv count (limit {args.max_ratio}x): "
                f"{loader.median:.2f} s vs {baseline.median:.2f} s"
            )
        if loader.peak_rss >= args.max_rss_mib * MIB:
            failures.append(
                f"loader peak RSS {loader.peak_rss / MIB:,.0f} MiB >= {args.max_rss_mib:,.0f} MiB"
            )
        if loader.info.get("lines_ok") is False:
            failures.append("loader: a sampled src_line does not name its line in the file")
        expected = baseline.info.get("rows")
        if loader.info.get("rows") != expected:
            notes.append(
                f"note: loader reported rows={loader.info.get('rows')}, file has {expected}"
            )
    elif loader.error:
        if available:
            failures.append(f"loader failed: {loader.error}")
        else:
            notes.append("loader not available yet: baseline only")
    if shared.error and available and not args.no_shared:
        failures.append(f"shared-data load failed: {shared.error}")

    header = (
        f"### Load benchmark, {dt.datetime.now().isoformat(timespec='seconds')}\n\n"
        f"{platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"DuckDB {duckdb.__version__}"
    )
    table = markdown(benches, header, notes)
    print("\n" + table)
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        with args.markdown.open("a") as fh:
            fh.write("\n" + table)
        print(f"appended to {args.markdown}")
    if failures:
        for f in failures:
            print(f"FAIL: {f}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--child":
        child(*sys.argv[2:6])
        sys.exit(0)
    sys.exit(main())
