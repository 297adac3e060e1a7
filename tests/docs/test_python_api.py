"""docs/python-api.md runs: its python blocks are executed in order, in one namespace, like a notebook."""

from __future__ import annotations

import re

import pytest

from tests.conftest import REPO

PAGE = REPO / "docs" / "python-api.md"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


#: ``print(EXPR)  # SHOWN``: a line whose comment shows what it prints (``…`` stands for any text).
SHOWN = re.compile(r"^(?P<indent>\s*)print\((?P<expr>.*)\)\s+# (?P<shown>.+)$", re.M)


def shown_pattern(shown: str) -> re.Pattern:
    """What a comment shows, as a pattern: its text exactly, ``…`` matching anything."""
    return re.compile(".*".join(re.escape(part) for part in shown.split("…")), re.S)


def with_shown_checked(code: str) -> str:
    """``code`` with each ``print(EXPR)  # SHOWN`` printing EXPR and checking it against what the comment shows."""
    return SHOWN.sub(lambda m: f"{m['indent']}__shown__({m['expr']}, {m['shown']!r})", code)


def _shown(value, shown: str) -> None:
    print(value)
    assert shown_pattern(shown).fullmatch(str(value)), f"the page shows {shown!r}, the run prints {value!s}"


def test_the_python_api_page_runs_as_a_notebook_and_prints_what_it_shows(monkeypatch, capsys):
    """Every block runs in order; a ``print`` whose comment shows its output must print that.

    The page describes an installation of the first-party plugins: the test suite's own
    third-party plugin (``external_demo``) is not loaded, so the counts are a user's.
    """
    text = PAGE.read_text(encoding="utf-8")
    blocks = BLOCK.findall(text)
    assert len(blocks) >= 5
    assert len(SHOWN.findall(text)) >= 4
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("VILLAGESCORE_DISABLE_PLUGINS", "external_demo")
    namespace: dict = {"__shown__": _shown}
    for number, code in enumerate(blocks, 1):
        exec(compile(with_shown_checked(code), f"{PAGE.name}, block {number}", "exec"), namespace)  # noqa: S102
    out = capsys.readouterr().out
    assert "phung-xa-my-duc" in out and "vn-ttcn-hanoi-example" in out


def test_a_shown_output_that_drifted_is_caught():
    """The audit's case: the page showed score=53.78 where the run gave 52.84."""
    code = with_shown_checked("print(x)  # X(score=53.78, …)\n")
    assert code == "__shown__(x, 'X(score=53.78, …)')\n"
    exec(code, {"__shown__": _shown, "x": "X(score=53.78, 4 steps)"})  # noqa: S102
    with pytest.raises(AssertionError, match="the page shows"):
        exec(code, {"__shown__": _shown, "x": "X(score=52.84, 4 steps)"})  # noqa: S102


def test_the_one_liner_of_the_issue_works(monkeypatch):
    monkeypatch.chdir(REPO)
    import villagescore as vs

    frame = vs.evaluate("datasets/phung-xa/phung-xa.csv").to_frame()
    assert list(frame["year"]) == [2021, 2025]
    assert {"overall_score", "rating", "environment_score", "wastewater_score"} <= set(frame.columns)


def test_the_guide_says_ratings_are_decided_on_the_published_score():
    """Review (15th walk): "full precision" without a word that ratings use the score rounded to 4 decimals."""
    from villagescore.published import PUBLISHED_DECIMALS, published, reaches

    text = " ".join(PAGE.read_text(encoding="utf-8").split())
    assert "rounded to 4 decimals" in text and "villagescore.published.published" in text
    assert PUBLISHED_DECIMALS == 4 and float(published(39.99997)) == 40.0 and bool(reaches(39.99997, 40))
