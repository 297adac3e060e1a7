"""The store at national scale: ``store add`` and the reading commands with 100,000 village-years a year.

Generates ``--n`` synthetic villages (default 100,000; the installed plugins and the
default framework) for each of ``--years`` years, scores each year, adds it to a fresh
store, then times what users do with the store: adding the same inputs again (a no-op),
``store history`` by id and by name, ``store list``, and the other readers when present
(``targets --store``, ``compare --store``'s table). Every figure is also given as a ratio
to ``pandas.read_csv`` of the same year's CSV, the unit of DESIGN §11; nothing is gated
(no target was set for the store), the figures are recorded in ``docs/store.md``.

Usage: ``python benchmarks/bench_store.py [--n 100000] [--years 2024,2025] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.support.common import Report, header, measure  # noqa: E402


def _dataset(n: int, year: int, folder: Path, seed: int) -> Path:
    from villagescore import synthetic

    frame, meta = synthetic.generate(n, seed)
    frame["year"] = year
    frame.loc[0, "name"] = "Làng dệt Phùng Xá (bench)"
    path = folder / f"national-{n}-{year}-synthetic.csv"
    synthetic.write(frame, meta, path)
    return path


def main(argv: list[str] | None = None) -> Report:
    """Run the benchmark; return its report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="village-years per year")
    parser.add_argument("--years", default="2024,2025", help="comma-separated years")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    years = [int(y) for y in args.years.split(",")]
    report = Report("store")
    header(f"store: {args.n:,} village-years a year, years {', '.join(map(str, years))}")
    with tempfile.TemporaryDirectory(prefix="villagescore-bench-store-") as tmp:
        _run(report, Path(tmp), args, years)
    return report


def _run(report: Report, folder: Path, args: argparse.Namespace, years: list[int]) -> None:
    import pandas as pd

    import villagescore as vs
    from villagescore.store import Store

    store_path = folder / "store.sqlite"
    unit = None
    with Store(store_path, create=True) as store:
        for k, year in enumerate(years):
            path = _dataset(args.n, year, folder, 2026 + k)
            read = report.timing(measure(f"pandas.read_csv, {year}", lambda p=path: pd.read_csv(p), args.repeat))
            unit = unit or read.median
            t0 = time.perf_counter()
            result = vs.evaluate(path)
            evaluate_s = time.perf_counter() - t0
            report.add(f"  evaluate {year}: {evaluate_s:.2f} s ({evaluate_s / read.median:.1f}x read_csv)")
            t0 = time.perf_counter()
            outcome = store.add(result)
            add_s = time.perf_counter() - t0
            report.add(f"  store add {year}: {add_s:.2f} s ({add_s / read.median:.1f}x read_csv, "
                       f"{add_s / evaluate_s:.1f}x evaluate; {outcome.village_years:,} village-years, "
                       f"{outcome.village_years / add_s:,.0f} village-years/s)")
            again = report.timing(measure(f"store add again {year} (no-op)", lambda r=result: store.add(r),
                                          args.repeat, warmup=0))
            report.add(f"    = {again.median / read.median:.3f}x read_csv")
        counts = store.counts()
        report.add("  rows: " + ", ".join(f"{t} {c:,}" for t, c in counts.items()))
        report.add(f"  file: {store_path.stat().st_size / 2**20:,.0f} MiB "
                   f"(+ WAL {Path(str(store_path) + '-wal').stat().st_size / 2**20:,.0f} MiB)"
                   if Path(str(store_path) + "-wal").exists() else
                   f"  file: {store_path.stat().st_size / 2**20:,.0f} MiB")
        village = str(result.frame["village_id"].iat[0])
        for label, fn in [
            (f"store history --village {village}", lambda: store.history(village)),
            ("store history --village 'phung xa (bench)' (name)", lambda: store.history("phung xa (bench)")),
            ("store list", lambda: store.evaluations()),
        ]:
            timing = report.timing(measure(label, fn, args.repeat))
            report.add(f"    = {timing.median / unit:.3f}x read_csv")
        _optional_readers(report, store, unit, args.repeat)


def _optional_readers(report: Report, store, unit: float, repeat: int) -> None:
    """Time ``targets`` and the compare table from the store, when those modules exist."""
    try:
        from villagescore.targets import load_targets, measure_targets
        from villagescore.targets.data import data_from_store
    except ImportError:  # pragma: no cover - older checkouts
        return
    targets = load_targets(None)

    def run_targets():
        return measure_targets(data_from_store(store.con), targets, by="province")

    timing = report.timing(measure("targets --by province (Decision 801, store)", run_targets, repeat))
    report.add(f"    = {timing.median / unit:.2f}x read_csv")
    try:
        from villagescore.store.compare_source import tables_from_store
    except ImportError:  # pragma: no cover
        return
    timing = report.timing(measure("compare --store: load the score tables", lambda: tables_from_store(store.con),
                                   1, warmup=0))
    report.add(f"    = {timing.median / unit:.2f}x read_csv")
    timing = report.timing(measure("compare --store without --villages (no indicator scores)",
                                   lambda: tables_from_store(store.con, indicators=False), 1, warmup=0))
    report.add(f"    = {timing.median / unit:.2f}x read_csv")


if __name__ == "__main__":
    main()
