"""Every output villagescore writes is replaced by the same command run again (``villagescore.protected``).

Audit (twelfth walk): an English report's header starts with ``Village id``, the English label of
``village_id``, so a second ``evaluate --lang en -o r.xlsx`` (and ``pilot``, ``compare`` to CSV or
XLSX) refused to replace the report as if it were a dataset with rows.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from villagescore.cli import cli

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "datasets" / "examples" / "example-small.csv"

#: Each writer (its arguments before ``--format``) and the formats it writes that could look like data.
WRITERS = [
    (("evaluate", EXAMPLE), ("csv", "json", "jsonl", "md", "html", "xlsx")),
    (("pilot",), ("csv", "json", "jsonl", "md", "html", "xlsx")),
    (("compare", EXAMPLE), ("csv", "json", "md", "html", "xlsx")),
    (("compare", EXAMPLE, "--by", "province"), ("csv",)),
    (("targets", EXAMPLE), ("csv", "json", "md", "html")),
    (("explain", EXAMPLE, "--village", "example-weaving-a"), ("json", "md")),
    (("framework", "show"), ("json", "md", "html")),
    (("sensitivity", EXAMPLE, "--samples", "20", "--no-indices"), ("json", "md")),
]
CASES = [pytest.param(args, fmt, lang, id=f"{lang}-{'-'.join(str(a) for a in args if a != EXAMPLE)}-{fmt}")
         for args, formats in WRITERS for fmt in formats for lang in ("vi", "en")]


@pytest.mark.parametrize(("args", "fmt", "lang"), CASES)
def test_a_second_run_replaces_its_own_output(tmp_path, args, fmt, lang):
    out = tmp_path / f"out.{fmt}"
    runner = CliRunner()
    command = [str(a) for a in args] + ["--lang", lang, "--format", fmt, "-o", str(out)]
    first = runner.invoke(cli, command)
    assert first.exit_code == 0, first.output
    written = out.read_bytes()
    second = runner.invoke(cli, command)
    assert second.exit_code == 0, second.output
    assert out.read_bytes() == written  # replaced by the same bytes
