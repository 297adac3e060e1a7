"""villagescore.printed: compare prints and ranks 59.9999 below a tier of 60, never "60.00" (fifteenth walk)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from tests.test_published import run  # noqa: F401  (the fixture: the auditor's files, the CLI)
from villagescore.compare.ranks import competition_rank
from villagescore.printed import minimums_of, printed_digits, printed_scores, score_printer


def test_a_score_below_a_minimum_is_printed_with_the_decimals_that_keep_it_below():
    scores = np.array([60.0, 59.99999999, 59.9999, 59.996, 59.994, 71.004, np.nan])
    assert printed_digits(scores, [60]).tolist() == [2, 2, 4, 3, 2, 2, 2]
    shown = printed_scores(scores, [60, 0])
    assert shown[:6].tolist() == [60.0, 60.0, 59.9999, 59.996, 59.99, 71.0] and np.isnan(shown[6])
    assert printed_scores(scores[:3]).tolist() == [60.0, 60.0, 60.0]  # no minimum: 2 decimals, as before
    en, vi = score_printer([60.0], "en"), score_printer([60.0], "vi")
    assert [en(x) for x in (59.9999, 60.0, 59.99999999, 71.004, None)] == ["59.9999", "60.00", "60.00", "71.00", "—"]
    assert vi(59.9999) == "59,9999" and vi(59.996) == "59,996"
    assert minimums_of([{"min_score": 60}, {"min_score": 0.0}, {"min_score": None}, {"min_score": 60.0}]) == [0.0, 60.0]


def test_villages_tie_only_when_printed_alike_and_on_the_same_side_of_every_minimum():
    scores = pd.Series([60.0, 59.99999999, 60.0, 59.9999, 50.0149, 50.005])
    assert competition_rank(scores, minimums=[60, 0]).tolist() == [1, 1, 1, 4, 5, 5]
    assert competition_rank(scores).tolist() == [1, 1, 1, 1, 5, 5]  # without minimums: 2 decimals


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_compare_ranks_the_boundary_village_below_the_three_rated_good(run, lang):  # noqa: F811
    table = run("compare", "boundary.csv", "-f", "float.yaml", "--lang", lang)
    rows = {line.split()[3].strip("()"): line for line in table.splitlines() if "(q" in line}
    good, poor = ("Good", "Poor") if lang == "en" else ("Tốt", "Kém")
    for q in ("q1", "q2", "q3"):
        assert rows[q].split()[0] == "1" and good in rows[q] and ("60.00" if lang == "en" else "60,00") in rows[q]
    assert rows["q4"].split()[0] == "4" and poor in rows["q4"]
    assert ("59.9999" if lang == "en" else "59,9999") in rows["q4"]
    md = run("compare", "boundary.csv", "-f", "float.yaml", "--lang", lang, "--format", "md")
    assert f"| 4 | Làng T (q4) | 2024 | Hà Nội |  | {'59.9999' if lang == 'en' else '59,9999'} | {poor} |" in md
    doc = json.loads(run("compare", "boundary.csv", "-f", "float.yaml", "--lang", lang, "--format", "json"))
    ranks = {r["village_id"]: (r["rank"], r["score"]) for r in doc["rankings"]["rows"]}
    assert ranks == {"q1": (1, 60.0), "q2": (1, 60.0), "q3": (1, 60.0), "q4": (4, 59.9999)}
    rule = doc["rankings"]["tie_rule"]
    assert ("59.9999, not 60.00" if lang == "en" else "59,9999 chứ không phải 60,00") in rule


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_side_by_side_prints_the_overall_scores_as_the_rankings_do(run, lang):  # noqa: F811
    table = run("compare", "boundary.csv", "-f", "float.yaml", "--villages", "q1", "q4", "--lang", lang)
    side = table[table.index("Side by side" if lang == "en" else "So sánh trực tiếp"):]
    overall = next(line for line in side.splitlines() if line.startswith("Overall" if lang == "en" else "Tổng hợp"))
    assert overall.split()[-3:-1] == (["60.00", "59.9999"] if lang == "en" else ["60,00", "59,9999"])


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_change_other_than_zero_never_reads_zero_nor_with_a_sign_its_digits_contradict(lang):
    from villagescore.printed import format_printed_change

    def said(now, before, minimums=()):
        text = format_printed_change(now, before, lang, minimums)
        return text.replace(",", ".") if lang == "vi" else text

    assert said(38.1449, 15.0251) == "+23.11"  # beside 15.03 and 38.14: the printed scores' difference, as before
    assert said(80.0, 79.996, [80]) == "+0.004"  # 79.996 → 80.00 moved a tier: never "+0.00"
    assert said(50.0, 50.003) == "-0.003"  # 50.00 → 50.00: never "-0.00", never "0.00"
    assert said(60.0, 59.9999, [60]) == "+0.0001" and said(62.5, 59.9999, [60]) == "+2.5001"  # adds up to the digit
    assert said(50.0001, 50.0) == "+0.0001" and said(46.7, 46.7) == "0.00" and said(None, 1.0) == "—"
    assert format_printed_change(80.0, 79.996, lang, [80]) == ("+0.004" if lang == "en" else "+0,004")


def test_every_framework_s_minimums_are_printed_against():
    from villagescore.printed import pillar_minimums_of

    tiers = [{"min_score": None, "by_framework": [{"min_score": 75}, {"min_score": 80}]}, {"min_score": 0}]
    assert minimums_of(tiers) == [0.0, 75.0, 80.0]  # a tier the frameworks disagree on: each one's minimum
    assert pillar_minimums_of([{"id": "p1", "minimums": [50]}, {"id": "p2"}]) == {"p1": [50.0], "p2": []}
