"""Every user command end to end, as a ratio to ``pandas.read_csv`` of the same file in the same run.

For each size (5,000 and 100,000 village-years; 1,000,000 with ``--million``) a synthetic
national dataset is generated, then each command runs as a subprocess, interleaved round by
round with the floor F = ``python -c "import pandas; pandas.read_csv(FILE)"``. Reported:
median wall time and peak resident memory (the child's ``ru_maxrss``), each as a ratio to F's
in the same rounds. A command that exceeds its memory cap (``--max-gib``) or time cap is
killed and reported as failed, never left to take the machine down.

Targets (issue 18, 100,000 village-years of the default framework): ``validate`` ≤ 1.5× time;
``evaluate --format csv`` ≤ 2×; ``--format json`` and ``jsonl`` ≤ 2.5× time and ≤ 2× memory;
``compare --by province`` ≤ 2× time and ≤ 1.5× memory; HTML summary ≤ 2.5×; XLSX ≤ 5×; from
100k to 1M each within 1.2× of linear. The script exits 1 when a target is missed.

Usage: ``python benchmarks/bench_commands.py [--sizes 5000 100000] [--million] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.support.common import header  # noqa: E402

#: (name, arguments after the console script, {path placeholder}), time target, memory target (ratios at 100k)
COMMANDS: list[tuple[str, list[str], float | None, float | None]] = [
    ("validate", ["validate", "{data}"], 1.5, None),
    ("evaluate csv", ["evaluate", "{data}", "--format", "csv", "-o", "{out}.csv"], 2.0, None),
    ("evaluate json", ["evaluate", "{data}", "--format", "json", "-o", "{out}.json"], 2.5, 2.0),
    ("evaluate jsonl", ["evaluate", "{data}", "--format", "jsonl", "-o", "{out}.jsonl"], 2.5, 2.0),
    ("compare RESULT.jsonl", ["compare", "{out}.jsonl", "--by", "province", "--format", "json", "-o",
                              "{out}.cmp-jsonl.json"], None, None),
    ("compare --by province", ["compare", "{data}", "--by", "province", "--format", "json", "-o", "{out}.cmp.json"],
     2.0, 1.5),
    ("compare html --by province", ["compare", "{data}", "--by", "province", "--format", "html", "-o",
                                    "{out}.cmp.html"], None, None),
    ("evaluate html", ["evaluate", "{data}", "--format", "html", "-o", "{out}.html"], 2.5, None),
    ("evaluate xlsx", ["evaluate", "{data}", "--format", "xlsx", "-o", "{out}.xlsx"], 5.0, None),
    # the default format of both commands: what a user who types no --format waits for
    ("evaluate table", ["evaluate", "{data}", "-o", "{out}.table.txt"], None, None),
    ("compare table --by province", ["compare", "{data}", "--by", "province", "-o", "{out}.cmp.txt"],
     None, None),
]


@dataclass
class Runs:
    """Wall seconds and peak RSS (bytes) of repeated runs of one command."""

    seconds: list[float] = field(default_factory=list)
    rss: list[int] = field(default_factory=list)
    failed: str = ""

    @property
    def time(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")

    @property
    def memory(self) -> float:
        return statistics.median(self.rss) if self.rss else float("nan")


#: The children's environment: the user's, except that Python may write bytecode. An installed
#: package has its ``.pyc`` files; with ``PYTHONDONTWRITEBYTECODE`` set (as in some containers and
#: CI images) an editable install would compile every module it imports on each run instead.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(argv: list[str], max_bytes: int, timeout: float) -> tuple[float, int, str]:
    """Run ``argv`` in :data:`CHILD_ENV`; return (wall seconds, peak RSS bytes of the child, failure or '')."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (max_bytes, max_bytes))

    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=limit,  # noqa: S603
                            env=CHILD_ENV)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            return time.perf_counter() - start, usage.ru_maxrss * 1024, f"killed after {timeout:.0f} s"
        time.sleep(0.01)
    elapsed = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    failure = "" if code == 0 else f"exit {code}: {err.strip().splitlines()[-1] if err.strip() else ''}"[:200]
    return elapsed, usage.ru_maxrss * 1024, failure


def generate(n: int, folder: Path) -> Path:
    """A synthetic national dataset of ``n`` village-years (CSV + metadata)."""
    path = folder / f"national-{n}-synthetic.csv"
    script = Path(__file__).resolve().parents[1] / "datasets" / "synthetic" / "generate.py"
    t0 = time.perf_counter()
    subprocess.run([sys.executable, str(script), "--n", str(n), "--seed", "7", "-o", str(path),  # noqa: S603
                    "--id", f"bench-{n}-synthetic"], check=True, capture_output=True)
    size = path.stat().st_size / 2**20
    print(f"  generated {n:,} village-years in {time.perf_counter() - t0:.1f} s ({size:.1f} MiB)")
    return path


def measure(n: int, folder: Path, repeat: int, max_gib: float, timeout: float, *,
            warm_up: bool = False) -> dict[str, Runs]:
    """Interleaved rounds of F and every command on ``n`` generated village-years.

    ``warm_up`` runs each command once, untimed, first: as on a user's second run, the modules
    are compiled and the per-user cache of valid documents is filled.
    """
    data = generate(n, folder)
    exe = shutil.which("villagescore", path=str(Path(sys.executable).parent)) or "villagescore"
    floor = [sys.executable, "-c", f"import pandas; pandas.read_csv({str(data)!r})"]
    out: dict[str, Runs] = {"F": Runs(), **{name: Runs() for name, *_ in COMMANDS}}
    cap = int(max_gib * 2**30)
    if warm_up:
        for _name, args, *_ in COMMANDS:
            run([exe, *(a.format(data=data, out=folder / f"out-{n}") for a in args)], cap, timeout)
    for _ in range(repeat):
        seconds, rss, failure = run(floor, cap, timeout)
        out["F"].seconds.append(seconds)
        out["F"].rss.append(rss)
        for name, args, *_ in COMMANDS:
            runs = out[name]
            if runs.failed:
                continue
            argv = [exe, *(a.format(data=data, out=folder / f"out-{n}") for a in args)]
            seconds, rss, failure = run(argv, cap, timeout)
            if failure:
                runs.failed = failure
                continue
            runs.seconds.append(seconds)
            runs.rss.append(rss)
    return out


def report(results: dict[int, dict[str, Runs]], target_size: int) -> bool:
    ok = True
    sizes = sorted(results)
    print(f"\n  {'command':<28}" + "".join(f"{f'{n:,}':>28}" for n in sizes))
    for name, _args, t_target, m_target in [("F", [], None, None), *COMMANDS]:
        cells = []
        for n in sizes:
            runs, floor = results[n][name], results[n]["F"]
            if runs.failed:
                cells.append(f"{'FAILED':>28}")
                continue
            if name == "F":
                cells.append(f"{runs.time:9.2f} s {runs.memory / 2**20:8.0f} MiB      ")
                continue
            tr, mr = runs.time / floor.time, runs.memory / floor.memory
            cells.append(f"{tr:8.2f}× F {mr:6.2f}× mem      ")
        print(f"  {name:<28}" + "".join(cells))
        if name == "F" or target_size not in results:
            continue
        runs, floor = results[target_size][name], results[target_size]["F"]
        if runs.failed:
            print(f"    ✗ {name} at {target_size:,}: {runs.failed}")
            ok = False
            continue
        if t_target is not None and runs.time / floor.time > t_target:
            print(f"    ✗ {name}: {runs.time / floor.time:.2f}× F time at {target_size:,} (target ≤ {t_target}×)")
            ok = False
        if m_target is not None and runs.memory / floor.memory > m_target:
            print(f"    ✗ {name}: {runs.memory / floor.memory:.2f}× F memory at {target_size:,} (target ≤ {m_target}×)")
            ok = False
        big = max(sizes)
        if big > target_size and not results[big][name].failed:
            growth = (results[big][name].time / results[target_size][name].time) / (big / target_size)
            if growth > 1.2:
                print(f"    ✗ {name}: grows {growth:.2f}× linear from {target_size:,} to {big:,} (target ≤ 1.2×)")
                ok = False
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5_000, 100_000])
    parser.add_argument("--million", action="store_true", help="add 1,000,000 village-years")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--max-gib", type=float, default=16.0, help="memory cap per command (address space)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds before a command is killed")
    parser.add_argument("--only", nargs="*", help="run only these commands (names as in the table)")
    args = parser.parse_args(argv)
    if args.only:
        COMMANDS[:] = [c for c in COMMANDS if c[0] in args.only]
    sizes = sorted(set(args.sizes + ([1_000_000] if args.million else [])))
    header("user commands end to end, as ratios to pandas.read_csv of the same file (benchmarks/bench_commands.py)")
    results = {}
    with tempfile.TemporaryDirectory(prefix="villagescore-bench-") as tmp:
        for n in sizes:
            results[n] = measure(n, Path(tmp), args.repeat, args.max_gib, args.timeout, warm_up=n == sizes[0])
    ok = report(results, 100_000)
    print("\n  all targets met" if ok else "\n  some targets missed")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
