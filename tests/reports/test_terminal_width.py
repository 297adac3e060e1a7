"""Acceptance (issue 19): at 80 columns no line of pilot, evaluate, compare, explain or sensitivity is wider.

And no number splits.

Each command runs on the bundled data in both languages at ``COLUMNS=80`` and at ``COLUMNS=200``.
A number split across lines ("54.0" / "8") shows as number tokens of the narrow output that the
wide output (where every table fits on one line) does not have; a number and its ``%`` stay
together too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PILOT = REPO / "datasets" / "phung-xa" / "phung-xa.csv"
VILLAGES = REPO / "datasets" / "villages" / "villages.csv"

COMMANDS = {
    "pilot": ("pilot",),
    "evaluate": ("evaluate", VILLAGES),
    "compare": ("compare", VILLAGES),
    "compare-by-province": ("compare", VILLAGES, "--by", "province"),
    "compare-over-time": ("compare", PILOT),
    "compare-side-by-side": ("compare", VILLAGES, "--villages", "Bát Tràng", "Vạn Phúc"),
    "explain": ("explain", PILOT, "--village", "Phùng Xá"),
    "sensitivity": ("sensitivity", VILLAGES, "--samples", "16", "--sa-samples", "4"),
}

_NUMBER = re.compile(r"(?<![\w.,])[-+−]?\d+(?:[.,]\d+)*(?:[ \u00a0]?%)?")


def _run(args, lang, columns):
    from click.testing import CliRunner

    from villagescore import cli

    result = CliRunner().invoke(cli.cli, [*map(str, args), "--lang", lang], env={"COLUMNS": str(columns)},
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _numbers(text):
    return {n.replace("\u00a0", " ") for n in _NUMBER.findall(text)}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", list(COMMANDS))
def test_80_columns_hold_every_line_and_every_number(name, lang):
    narrow, wide = _run(COMMANDS[name], lang, 80), _run(COMMANDS[name], lang, 200)
    long = [line for line in narrow.splitlines() if len(line) > 80]
    assert not long, f"`villagescore {name}` ({lang}) writes lines wider than 80 columns:\n" + "\n".join(long)
    split = sorted(_numbers(narrow) - _numbers(wide))
    assert not split, f"`villagescore {name}` ({lang}) splits numbers across lines: {split}"
    assert "…" not in narrow.replace("...", ""), f"`villagescore {name}` ({lang}) cuts a cell short with …"


def test_the_check_finds_a_split_number():
    assert _numbers("54.0\n8") - _numbers("54.08") == {"54.0", "8"}
    assert _numbers("80,0\n%") - _numbers("80,0 %") == {"80,0"}


def test_when_the_longest_words_do_not_all_fit_the_ids_give_way_not_the_words():
    import io

    from rich.console import Console

    from villagescore.reports.terminal import plain_table

    header = ["Year", "Evaluation", "Overall score", "Rating", "Environment", "Economy", "Society", "Governance",
              "Mandatory rules failed", "Improvement plan"]
    row = ["2024", "#1", "54.3", "Needs improvement", "44.0", "69.5", "44.7", "62.7",
           "No prohibited child labour (gate.no_child_labour), Effluent COD within column B "
           "(gate.effluent_cod_column_b)", "✓"]
    out = io.StringIO()
    Console(file=out, width=120, color_system=None).print(plain_table(header, [row], overflow="fold"))
    text = out.getvalue()
    for word in ("Economy", "Governance", "Improvement", "improvement"):
        assert word in text, text
    assert max(len(line.rstrip()) for line in text.splitlines()) <= 120


def test_an_id_too_long_for_its_column_is_folded_at_a_hyphen_not_cut_short():
    from villagescore.reports.terminal import _wrap

    assert _wrap("Làng (duong-lieu-hoai-duc) — Hà Nội", 18).split("\n") == [
        "Làng", "(duong-lieu-hoai-", "duc) — Hà Nội"]
    assert _wrap("abcdefghijklmnopqrstuvwxyz", 10).split("\n") == ["abcdefghij", "klmnopqrst", "uvwxyz"]
