"""Write a synthetic national sample of craft villages (CSV + ``.meta.json``).

Usage::

    python datasets/synthetic/generate.py --n 500 --seed 2026 \
        -o datasets/synthetic/national-sample-synthetic.csv

The same ``--n``, ``--seed`` and plugins give byte-identical files (see ``villagescore.synthetic``);
``--plugins a,b`` loads exactly those entry-point plugins, whatever else is installed, and the
metadata records the plugins read and names them in its ``command``. ``--specs FILE`` (repeatable)
merges a field-specs file over the bundled one: how a third-party plugin's fields get plausible
ranges (``docs/datasets.md``). The file name must say ``synthetic``, as the id does.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path

from villagescore.cli.messages import error, message, warning
from villagescore.datasets.metadata import metadata_path_for, names_synthetic, synthetic_name_for
from villagescore.errors import VillageScoreError
from villagescore.i18n import N_
from villagescore.synthetic import generate, write
from villagescore.synthetic_plugins import parse_plugin_names

#: Exit status of a usage mistake (as argparse's own).
USAGE = 2


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
    parser.add_argument("--plugins", type=parse_plugin_names, default=None, metavar="A,B",
                        help="exactly the entry-point plugins to read fields and sectors from (default: every "
                             "one installed and enabled); the metadata's command names them")
    args = parser.parse_args(argv)
    if not names_synthetic(args.output):
        error(message(N_("the file name {name} does not say the data is synthetic: synthetic data says so in its id "
                         "and its file name; give a name containing 'synthetic', e.g. {suggested}"),
                      name=Path(args.output).name, suggested=synthetic_name_for(args.output)))
        return USAGE
    start = time.perf_counter()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            frame, meta = generate(args.n, args.seed, dataset_id=args.id, extra_specs=args.specs,
                                   plugins=args.plugins)
    except (VillageScoreError, OSError) as exc:  # a spec file missing or malformed: said, no traceback
        print(f"error: {exc.text() if isinstance(exc, VillageScoreError) else exc}", file=sys.stderr)
        return 1
    for caught_warning in caught:
        print(f"warning: {caught_warning.message}", file=sys.stderr)
    _say_other_plugins(Path(args.output), meta["dataset"]["generator"])
    csv_path, meta_path = write(frame, meta, args.output)
    elapsed = time.perf_counter() - start
    print(f"wrote {len(frame)} villages × {frame.shape[1]} columns to {csv_path} and {meta_path} "
          f"in {elapsed:.2f} s", file=sys.stderr)
    return 0


def _say_other_plugins(path: Path, generator: dict) -> None:
    """Warn when the file regenerated was made with other plugins: its values change, its command would not."""
    try:
        recorded = json.loads(metadata_path_for(path).read_text(encoding="utf-8"))["dataset"]["generator"]
    except (OSError, ValueError, KeyError, TypeError):
        return
    if not isinstance(recorded, dict) or recorded.get("plugins", generator.get("plugins")) == generator.get("plugins"):
        return
    before, now = recorded.get("plugins") or {}, generator.get("plugins") or {}
    changed = [f"{name} {before.get(name, '-')} → {now.get(name, '-')}" for name in sorted({*before, *now})
               if before.get(name) != now.get(name)]
    warning(message(N_("{file} was generated with other plugins ({changed}): its values change; its own command "
                       "reproduces it: {command}"), file=str(path), changed=", ".join(changed),
                    command=recorded.get("command", "")))


if __name__ == "__main__":
    raise SystemExit(main())
