"""Validation of 100,000 rows with 1 % bad cells: every problem reported, within the time budget.

The benchmark dataset (100 fields, see ``support/bench_plugin.py``) is read once; then 1 %
of its field cells are spoiled — text in number fields, values out of range, words that
are not yes/no, unknown categories — each giving exactly one problem. ``validate`` must
report every one of them (checked by count and by (row, column) pairs).

Target (DESIGN §8): ≤ 3 s, scaled by the speed factor of the in-process numpy reference
(see ``support/common.py``), and every problem reported.

Usage: ``python benchmarks/bench_validation.py [--n 100000] [--repeat 5]``
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from benchmarks.support.common import Report, bench_setup, header, measure, numpy_reference  # noqa: E402


def spoil(raw, registry, share: float = 0.01, seed: int = 11) -> set[tuple[int, str]]:
    """Spoil ``share`` of the field cells of ``raw.frame`` in place; return the (row, column) pairs."""
    import pandas as pd

    frame = raw.frame
    fields = [c for c in frame.columns if c in registry.fields]
    rng = np.random.default_rng(seed)
    n = len(frame)
    total = n * len(fields)
    picks = rng.choice(total, size=int(total * share), replace=False)
    rows, cols = picks // len(fields), picks % len(fields)
    spoiled = set()
    for j in np.unique(cols):
        fid = fields[j]
        fld = registry.fields[fid]
        where = rows[cols == j]
        column = frame[fid].astype(object).to_numpy(copy=True)
        if fld.type == "boolean":
            bad = np.array(["maybe"], dtype=object)
        elif fld.type == "category":
            bad = np.array(["bogus"], dtype=object)
        else:
            lo = 0.0 if fld.minimum is None else float(fld.minimum)
            bad = np.array([lo - 5.0, "n/a?"], dtype=object)  # out of range, not a number
        column[where] = bad[np.arange(len(where)) % len(bad)]
        frame[fid] = pd.Series(column, index=frame.index, dtype=object)
        spoiled.update((int(r) + 2, fid) for r in where)
    return spoiled


def main(argv: list[str] | None = None) -> Report:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    from villagescore.datasets import validate
    from villagescore.errors import DatasetError

    report = Report("validation")
    header(f"validation: {args.n:,} rows x 100 fields with 1 % bad cells (repeat {args.repeat})")
    ref = report.timing(numpy_reference())
    setup = bench_setup(args.n)
    reg, raw = setup["registry"], setup["raw"]
    expected = spoil(raw, reg)
    report.add(f"  spoiled cells: {len(expected):,}")
    found: list = []

    def run():
        try:
            validate(raw, reg)
        except DatasetError as exc:
            found[:] = exc.problems
        else:
            found[:] = []

    t = report.timing(measure("validate (collect every problem)", run, args.repeat))
    got = {(int(p.where.split()[-1]), p.column) for p in found if p.where.startswith("row ")}
    report.check("every problem reported", got == expected and len(found) == len(expected),
                 f"{len(found):,} problems for {len(expected):,} spoiled cells; "
                 f"missed {len(expected - got)}, unexpected {len(got - expected)}")
    budget = 3.0 * args.n / 100_000
    report.check("validation vs DESIGN's 3 s per 100k rows (absolute: reported, not enforced)", t.median <= budget,
                 f"{t.median:.3f} s ({t.median / ref.median:.0f}x the numpy reference, same run)", gated=False)
    return report


if __name__ == "__main__":
    sys.exit(1 if main().failed else 0)
