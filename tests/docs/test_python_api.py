"""docs/python-api.md runs: its python blocks are executed in order, in one namespace, like a notebook."""

from __future__ import annotations

import re

from tests.conftest import REPO

PAGE = REPO / "docs" / "python-api.md"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def test_the_python_api_page_runs_as_a_notebook(monkeypatch, capsys):
    blocks = BLOCK.findall(PAGE.read_text(encoding="utf-8"))
    assert len(blocks) >= 5
    monkeypatch.chdir(REPO)
    namespace: dict = {}
    for number, code in enumerate(blocks, 1):
        exec(compile(code, f"{PAGE.name}, block {number}", "exec"), namespace)  # noqa: S102 - our own docs
    out = capsys.readouterr().out
    assert "phung-xa-my-duc" in out and "vn-ttcn-hanoi-example" in out


def test_the_one_liner_of_the_issue_works(monkeypatch):
    monkeypatch.chdir(REPO)
    import villagescore as vs

    frame = vs.evaluate("datasets/phung-xa/phung-xa.csv").to_frame()
    assert list(frame["year"]) == [2021, 2025]
    assert {"overall_score", "rating", "environment_score", "wastewater_score"} <= set(frame.columns)
