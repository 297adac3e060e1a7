"""Run the whole benchmark suite, print every figure, exit non-zero when a target is missed.

    python -m benchmarks            # or: python benchmarks/run_all.py
    python -m benchmarks --million  # the user commands at 1,000,000 village-years too (long)
    python -m benchmarks --quick    # small sizes: checks that everything runs, not the targets

Runs ``bench_engine``, ``bench_growth``, ``bench_validation``, ``bench_cli``,
``bench_commands`` (every user command end to end at 5,000 and 100,000 village-years as a
ratio to ``pandas.read_csv`` of the same file) and, when present, ``bench_sensitivity``
(as a subprocess: its exit code counts). The peers
(scikit-criteria, pymcdm) come from the ``bench`` extra: ``pip install -e '.[bench]'``.
Every target is a ratio taken in the same run (see ``benchmarks/support/common.py``);
the figures are recorded in ``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import bench_cli, bench_commands, bench_engine, bench_growth, bench_validation  # noqa: E402
from benchmarks.support.common import Check, header  # noqa: E402

HERE = Path(__file__).resolve().parent


def machine() -> list[str]:
    """The machine and versions the figures were taken on."""
    import numpy
    import pandas

    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        kb = int(next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal")).split()[1])
        mem = f"{kb / 2**20:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return [f"cpus {os.cpu_count()}, {cpu}, memory {mem}, load average {load}",
            f"Python {platform.python_version()}, numpy {numpy.__version__}, pandas {pandas.__version__}, "
            f"{platform.platform()}"]


def sensitivity(quick: bool) -> list[Check]:
    script = HERE / "bench_sensitivity.py"
    header("sensitivity (benchmarks/bench_sensitivity.py)")
    if not script.is_file():
        print("  bench_sensitivity.py not present: skipped")
        return [Check("sensitivity benchmark present", True, "not present: skipped", gated=False)]
    cmd = [sys.executable, str(script)] + (["--villages", "300", "--samples", "100", "--repeat", "1", "--report-only"]
                                           if quick else [])
    proc = subprocess.run(cmd, check=False)
    return [Check("bench_sensitivity.py", proc.returncode == 0, f"exit code {proc.returncode}")]


class _Commands:
    """The outcome of ``bench_commands`` as the checks of this summary."""

    def __init__(self, code: int, sizes: str) -> None:
        self.checks = [Check(f"user commands end to end ({sizes}; table above)", code == 0,
                             "every target met" if code == 0 else "some targets missed (marked ✗ above)")]


def commands(args: argparse.Namespace) -> _Commands:
    """Every user command as a ratio to read_csv of the same file (benchmarks/bench_commands.py)."""
    if args.quick:
        return _Commands(bench_commands.main(["--sizes", "500", "--repeat", "1"]), "500 village-years")
    argv = ["--sizes", "5000", "100000"] + (["--million"] if args.million else [])
    if args.repeat:
        argv += ["--repeat", str(args.repeat)]
    return _Commands(bench_commands.main(argv), "5,000 and 100,000" + (" and 1,000,000" if args.million else ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes; targets are reported, not enforced")
    parser.add_argument("--repeat", type=int, default=None, help="timed runs per figure")
    parser.add_argument("--only", default="",
                        help="comma-separated subset: engine,growth,validation,cli,commands,sensitivity")
    parser.add_argument("--million", action="store_true", help="run the user commands at 1,000,000 village-years too")
    args = parser.parse_args(argv)
    only = {x.strip() for x in args.only.split(",") if x.strip()}
    started = time.perf_counter()
    header("machine")
    for line in machine():
        print(f"  {line}")
    rep = ["--repeat", str(args.repeat)] if args.repeat else []
    plan = {
        "engine": lambda: bench_engine.main(["--n", "3000", "--repeat", "2"] if args.quick else rep),
        "growth": lambda: bench_growth.main(["--sizes", "300,3000", "--repeat", "2"] if args.quick else rep),
        "validation": lambda: bench_validation.main(["--n", "3000", "--repeat", "2"] if args.quick else rep),
        "cli": lambda: bench_cli.main(["--repeat", "1"] if args.quick else rep),
        "commands": lambda: commands(args),
    }
    checks: list[Check] = []
    for name, run in plan.items():
        if not only or name in only:
            checks += run().checks
    if not only or "sensitivity" in only:
        checks += sensitivity(args.quick)
    header(f"summary ({time.perf_counter() - started:.0f} s)")
    for check in checks:
        print(check.line())
    failed = [c for c in checks if c.gated and not c.ok]
    if args.quick:
        print("  (--quick: small sizes, targets not enforced)")
        return 0
    print(f"  {len(failed)} target(s) missed" if failed else "  every target met")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
