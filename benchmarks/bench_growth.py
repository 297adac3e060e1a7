"""Growth of the full pipeline over 1k / 10k / 100k villages: it should be linear.

Prints, for each size, the median time of validate + compute + score + aggregate + gates
+ tiers (benchmark framework, 100 indicators) and the time per village-indicator. Fixed
costs dominate at 1k; from 10k to 100k the time should grow about tenfold.

Target (DESIGN §8: cost grows linearly in villages × indicators): the time per
village-indicator at the largest size is at most 1.5× that at the size ten times smaller.

Usage: ``python benchmarks/bench_growth.py [--sizes 1000,10000,100000] [--repeat 5]``
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.support.common import Report, bench_setup, header, measure  # noqa: E402


def main(argv: list[str] | None = None) -> Report:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated village counts")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    report = Report("growth")
    header(f"growth: full pipeline over {', '.join(f'{s:,}' for s in sizes)} villages (repeat {args.repeat})")
    from villagescore.datasets import validate
    from villagescore.engine import Engine

    per_cell = {}
    for n in sizes:
        setup = bench_setup(n)
        reg, fw, raw = setup["registry"], setup["framework"], setup["raw"]
        engine = Engine(reg)
        m = len(fw.indicators)

        def run(engine=engine, fw=fw, raw=raw, reg=reg):
            return engine.evaluate(fw, validate(raw, reg))

        t = report.timing(measure(f"{n:>7,} villages x {m} indicators", run, args.repeat))
        per_cell[n] = t.median / (n * m)
        report.add(f"          per village-indicator {per_cell[n] * 1e9:8.1f} ns")
    for small, large in zip(sizes, sizes[1:], strict=False):
        if large >= 10 * small and small >= 10_000:
            ratio = per_cell[large] / per_cell[small]
            report.check(f"linear growth {small:,} -> {large:,}", ratio <= 1.5,
                         f"time per village-indicator x{ratio:.2f} (time x{ratio * large / small:.1f} "
                         f"for x{large // small} villages)")
        else:
            ratio = per_cell[large] / per_cell[small]
            report.add(f"  {small:,} -> {large:,}: time per village-indicator x{ratio:.2f} (fixed costs dominate)")
    return report


if __name__ == "__main__":
    sys.exit(1 if main().failed else 0)
