"""Golden outputs: what the bundled datasets give today, kept to prove that restructurings keep behaviour.

:func:`produce` runs the user commands over every bundled dataset (first-party plugins only, so
an installed third-party plugin cannot change the tree) and returns ``{file name: bytes}``.
Provenance (hashes, versions) is left out: restructuring the framework files changes their
hash but not one score. ``python -m tests.golden`` rewrites the stored files; a commit that
changes them must say which documented change moved which number.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

HERE = Path(__file__).parent
REPO = HERE.parents[1]
DATASETS = {
    "phung-xa": "datasets/phung-xa/phung-xa.csv",
    "villages": "datasets/villages/villages.csv",
    "example-small": "datasets/examples/example-small.csv",
    "national-sample": "datasets/synthetic/national-sample-synthetic.csv",
}
#: Outputs small enough to keep whole; the national sample keeps its CSV summary and criterion scores.
SMALL = ("phung-xa", "villages", "example-small")
FIRST_PARTY = ("environment,economy,society,governance,weaving,rattan_bamboo,lacquer,sericulture,seagrass,"
               "handmade_paper,ceramics,food_processing,wood,vn_ttcn")
_HASH = re.compile(r"[0-9a-f]{64}")


def _cli(*args: str) -> bytes:
    from click.testing import CliRunner

    from villagescore import cli

    env = {"VILLAGESCORE_LOAD_PLUGINS": FIRST_PARTY, "COLUMNS": "200"}
    result = CliRunner().invoke(cli.cli, list(args), env=env, catch_exceptions=False)
    if result.exit_code not in (0, 1):
        raise AssertionError(f"villagescore {' '.join(args)} exited {result.exit_code}:\n{result.output}")
    # what the command writes (standard output); its warnings on standard error are not the output
    return _HASH.sub("<sha256>", result.stdout).encode("utf-8")


def _json_without_provenance(raw: bytes, *, references: bool) -> bytes:
    doc = json.loads(raw)
    doc.pop("provenance", None)
    if not references:  # the same citations in every framework table: kept once, in the pilot's file
        doc.pop("references", None)
        for indicator in doc["framework"]["indicators"]:
            indicator.pop("references", None)
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _criterion_scores(path: str, unverified_limits: str | None = None) -> bytes:
    """Every criterion, pillar and overall score of every village-year, at full precision.

    ``unverified_limits``: the run's policy for unverified limits (the framework's when ``None``).
    """
    os.environ["VILLAGESCORE_LOAD_PLUGINS"] = FIRST_PARTY
    try:
        import numpy as np

        from villagescore.datasets import read_dataset
        from villagescore.engine import Engine
        from villagescore.framework import load_framework
        from villagescore.registry import Registry

        reg = Registry.default()
        from villagescore.unverified import with_unverified_limits

        fw = with_unverified_limits(load_framework(None, reg), unverified_limits)
        result = Engine(reg).evaluate(fw, read_dataset(REPO / path, reg))
    finally:
        del os.environ["VILLAGESCORE_LOAD_PLUGINS"]
    t = result.tree
    header = ["village_id", "year", "overall", *[p.id for p in fw.pillars], *[c.id for c in fw.criteria]]
    lines = [",".join(header)]
    for i in range(len(result)):
        row = [t.overall_score[i], *t.pillar_score[i], *t.criterion_score[i]]
        cells = ["" if np.isnan(x) else repr(float(x)) for x in row]
        lines.append(",".join([str(result.frame["village_id"].iat[i]), str(result.frame["year"].iat[i]), *cells]))
    return ("\n".join(lines) + "\n").encode("utf-8")


def produce() -> dict[str, bytes]:
    """Return every golden output, by file name."""
    out: dict[str, bytes] = {}
    for name, path in DATASETS.items():
        out[f"{name}.summary.csv"] = _cli("evaluate", path, "--format", "csv")
        out[f"{name}.criteria.csv"] = _criterion_scores(path)
        # scored against unverified limits, as before framework 1.4.0: the same bytes as the files of 1.3.0
        out[f"{name}.score.summary.csv"] = _cli("evaluate", path, "--format", "csv", "--unverified-limits", "score")
        out[f"{name}.score.criteria.csv"] = _criterion_scores(path, "score")
        if name in SMALL:
            raw = _cli("evaluate", path, "--format", "json")
            out[f"{name}.json"] = _json_without_provenance(raw, references=name == "phung-xa")
            out[f"{name}.md"] = _cli("evaluate", path, "--format", "md", "--lang", "vi")
    out["pilot.en.txt"] = _cli("pilot", "--lang", "en")
    out["pilot.vi.txt"] = _cli("pilot")
    out["explain.phung-xa.txt"] = _cli("explain", DATASETS["phung-xa"], "--village", "phung-xa-my-duc", "--lang", "en")
    out["compare.villages.txt"] = _cli("compare", DATASETS["villages"], "--lang", "en")
    return out
