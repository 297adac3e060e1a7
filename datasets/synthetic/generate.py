"""Write a synthetic national sample of craft villages (CSV + ``.meta.json``).

Usage::

    python datasets/synthetic/generate.py --n 500 --seed 2026 \
        -o datasets/synthetic/national-sample-synthetic.csv

The same ``--n`` and ``--seed`` give byte-identical files (see ``villagescore.synthetic``).
``--specs FILE`` (repeatable) merges a field-specs file over the bundled one: how a third-party
plugin's fields get plausible ranges (``docs/datasets.md``).
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings

from villagescore.errors import VillageScoreError
from villagescore.synthetic import generate, write


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, generate the villages and write both files."""
    parser = argparse.ArgumentParser(description="Generate synthetic craft villages (every value estimated).")
    parser.add_argument("--n", type=int, default=500, help="number of villages (default 500)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    parser.add_argument("-o", "--output", default="datasets/synthetic/national-sample-synthetic.csv",
                        help="CSV path; the metadata goes to NAME.meta.json beside it")
    parser.add_argument("--id", default="national-sample-synthetic",
                        help="dataset id for the metadata (must contain 'synthetic')")
    parser.add_argument("--specs", action="append", default=[], metavar="FILE",
                        help="a field-specs file merged over the bundled datasets/synthetic/field-specs.yaml "
                             "(same format; repeatable, later files win)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            frame, meta = generate(args.n, args.seed, dataset_id=args.id, extra_specs=args.specs)
    except (VillageScoreError, OSError) as exc:  # a spec file missing or malformed: said, no traceback
        print(f"error: {exc.text() if isinstance(exc, VillageScoreError) else exc}", file=sys.stderr)
        return 1
    for caught_warning in caught:
        print(f"warning: {caught_warning.message}", file=sys.stderr)
    csv_path, meta_path = write(frame, meta, args.output)
    elapsed = time.perf_counter() - start
    print(f"wrote {len(frame)} villages × {frame.shape[1]} columns to {csv_path} and {meta_path} "
          f"in {elapsed:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
