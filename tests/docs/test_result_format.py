"""docs/result-format.md: its pandas recipe for a JSON Lines result, run on a result written by the command line."""

from __future__ import annotations

import re

import pandas as pd
from click.testing import CliRunner

from tests.conftest import REPO
from villagescore import cli

PAGE = REPO / "docs" / "result-format.md"


def _recipe() -> str:
    [block] = [b for b in re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.S)
               if "result.jsonl" in b]
    return block


def test_the_json_lines_recipe_gives_one_row_per_village_year_with_the_types_as_written(tmp_path, monkeypatch):
    data = pd.read_csv(REPO / "datasets" / "villages" / "villages.csv")
    data["village_id"] = [str(101 + i) for i in range(len(data))]  # ids that look like numbers stay text
    data.to_csv(tmp_path / "v.csv", index=False)
    out = CliRunner().invoke(cli.cli, ["evaluate", str(tmp_path / "v.csv"), "--format", "jsonl", "-o",
                                       str(tmp_path / "result.jsonl")], catch_exceptions=False)
    assert out.exit_code == 0, out.output
    monkeypatch.chdir(tmp_path)
    scope: dict = {}
    exec(compile(_recipe(), str(PAGE), "exec"), scope)  # noqa: S102 - the page's own example
    villages = scope["villages"]
    assert len(villages) == len(data) and "record" not in villages.columns
    assert villages["village_id"].tolist() == data["village_id"].tolist()
    assert villages["year"].tolist() == data["year"].tolist() and villages["year"].dtype.kind == "i"
