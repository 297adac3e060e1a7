"""Write a synthetic national sample of craft villages (CSV + ``.meta.json``).

Usage::

    python datasets/synthetic/generate.py --n 500 --seed 2026 \
        -o datasets/synthetic/national-sample-synthetic.csv

The same ``--n``, ``--seed`` and plugins give byte-identical files (see ``villagescore.synthetic``);
``--plugins a,b`` loads exactly those entry-point plugins and the ``--catalogue FILE`` files
(repeatable), whatever else is installed or ``VILLAGESCORE_CATALOGUES`` names, and the metadata
records the plugins read and names them in its ``command``, with ``-o`` and ``--id`` where they
are not the defaults: the command rewrites the file it is recorded in. ``--specs FILE``
(repeatable) merges a field-specs file over the bundled one: how a third-party plugin's fields get
plausible ranges (``docs/datasets.md``). The file name must say ``synthetic``, as the id does.
Messages follow the run's language (``VILLAGESCORE_LANG``), as the main command line's do.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
import warnings
from pathlib import Path

from villagescore.cli.messages import error, message, warning
from villagescore.datasets.metadata import metadata_path_for, names_synthetic, synthetic_name_for
from villagescore.errors import Said, VillageScoreError
from villagescore.i18n import N_, current_language
from villagescore.i18n.numbers import format_integer, format_number
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
    parser.add_argument("--catalogue", action="append", default=[], metavar="FILE",
                        help="a catalogue file to read as a plugin too (repeatable); with --plugins, only these "
                             "are read, not those of VILLAGESCORE_CATALOGUES")
    args = parser.parse_args(argv)
    lang = current_language()
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
                                   plugins=args.plugins, catalogues=args.catalogue)
    except (VillageScoreError, OSError) as exc:  # a spec file missing or malformed: said, no traceback
        error(exc.text(lang) if isinstance(exc, VillageScoreError) else str(exc))
        return 1
    for caught_warning in caught:
        said = caught_warning.message
        warning(said.text(lang) if isinstance(said, Said) else str(said))
    _record_destination(meta["dataset"]["generator"], args, parser)
    _say_other_plugins(Path(args.output), meta["dataset"]["generator"])
    csv_path, meta_path = write(frame, meta, args.output)
    elapsed = time.perf_counter() - start
    print(message(N_("wrote {villages} villages × {columns} columns to {csv} and {meta} in {seconds} s"),
                  villages=format_integer(len(frame), lang), columns=format_integer(frame.shape[1], lang),
                  csv=csv_path, meta=meta_path, seconds=format_number(elapsed, 2, lang)), file=sys.stderr)
    return 0


def _record_destination(generator: dict, args: argparse.Namespace, parser: argparse.ArgumentParser) -> None:
    """Name ``--id`` and ``-o`` in the recorded command where not the defaults: it rewrites this file, no other."""
    if args.id != parser.get_default("id"):
        generator["command"] += f" --id {shlex.quote(args.id)}"
    if Path(args.output) != Path(parser.get_default("output")):
        generator["command"] += f" -o {shlex.quote(args.output)}"


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
