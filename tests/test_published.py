"""Scores decided as published and shown so that no number contradicts the decision beside it (fifteenth walk)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from villagescore.published import decisive_digits, format_decisive, format_value_against, published, reaches

FLOAT = """\
id: audit-float
version: "0.1.0"
title: {vi: "Thử làm tròn", en: "Audit float"}
status: example
defaults: {aggregator: weighted_arithmetic, missing_data: {policy: exclude, min_coverage: 0.5}}
fields:
  - {id: f1, label: {vi: "A", en: "A"}, type: number, unit: points, minimum: 0, maximum: 100}
indicators:
  - {id: q.a, label: {vi: "A", en: "A"}, unit: points, direction: higher, requires: [f1],
     scorer: {method: linear, params: {worst: 0, best: 100}}}
pillars:
  - id: p
    label: {vi: "P", en: "P"}
    weight: 1
    criteria:
      - {id: c, label: {vi: "C", en: "C"}, weight: 1, indicators: [{id: q.a, weight: 1}]}
rating:
  tiers:
    - {id: good, label: {vi: Tốt, en: Good}, min_score: 60}
    - {id: poor, label: {vi: Kém, en: Poor}, min_score: 0}
"""
BOUNDARY = """\
village_id,name,commune,province,year,f1
q1,Làng Q,Xã Q,Hà Nội,2024,59.99999999999
q2,Làng R,Xã R,Hà Nội,2024,59.9999999
q3,Làng S,Xã S,Hà Nội,2024,59.99999999
q4,Làng T,Xã T,Hà Nội,2024,59.9999
"""
TOY = """\
id: audit-toy
version: "0.1.0"
title: {vi: "Thử", en: "Audit toy"}
status: example
defaults: {aggregator: weighted_arithmetic, missing_data: {policy: exclude, min_coverage: 0.5}}
regulations:
  - id: audit-rule
    document: "Audit rule 1/2020"
    confidence: verified
    valid_from: "2020-01-01"
    limits: [{id: c, parameter: C, unit: mg/L, provision: Table 1, confidence: verified, value: 150}]
fields:
  - {id: f_lin, label: {vi: "Tuyến tính", en: "Linear"}, type: number, unit: points, minimum: 0, maximum: 100}
  - {id: f_c, label: {vi: "Nồng độ", en: "Concentration"}, type: number, unit: mg/L, minimum: 0}
indicators:
  - {id: a.lin, label: {vi: "Tuyến tính", en: "Linear"}, unit: points, direction: higher, requires: [f_lin],
     scorer: {method: linear, params: {worst: 0, best: 100}}}
  - {id: a.c, label: {vi: "Nồng độ", en: "Concentration"}, unit: mg/L, direction: lower, requires: [f_c],
     scorer: {method: ratio_to_limit}}
pillars:
  - id: p1
    label: {vi: "Trụ một", en: "Pillar one"}
    weight: 1
    criteria:
      - {id: c1, label: {vi: "Một", en: "One"}, weight: 1, indicators: [{id: a.lin, weight: 1}]}
  - id: p2
    label: {vi: "Trụ hai", en: "Pillar two"}
    weight: 0.000001
    criteria:
      - id: c2
        label: {vi: "Hai", en: "Two"}
        weight: 1
        indicators: [{id: a.c, weight: 1, threshold: {regulation: audit-rule, limit: c}}]
gates:
  - id: gate.c
    label: {vi: "C trong giới hạn", en: "C within limit"}
    indicator: a.c
    condition: {on: value, op: "<=", limit: {}}
    cap: mid
    on_missing: ignore
rating:
  tiers:
    - {id: high, label: {vi: Cao, en: High}, min_score: 80}
    - {id: mid, label: {vi: Vừa, en: Middle}, min_score: 60}
    - {id: low, label: {vi: Thấp, en: Low}, min_score: 0}
"""
X1 = "village_id,name,commune,province,year,f_lin,f_c\nx1,Làng X,Xã X,Hà Nội,2024,79.96,150.0040\n"


@pytest.fixture
def run(tmp_path, monkeypatch):
    from villagescore.cli import cli

    monkeypatch.setenv("VILLAGESCORE_LOAD_PLUGINS", "")
    monkeypatch.setenv("COLUMNS", "200")
    for name, text in (("float.yaml", FLOAT), ("boundary.csv", BOUNDARY), ("toy.yaml", TOY), ("x.csv", X1)):
        (tmp_path / name).write_text(text, encoding="utf-8")

    def invoke(*args):
        res = CliRunner().invoke(cli, [a if a.startswith("-") or "." not in a else str(tmp_path / a) for a in args])
        assert res.exit_code == 0, res.output
        return res.output

    return invoke


def test_published_scores_decide_the_tiers_without_tolerance():
    scores = np.array([59.99999999999, 59.9999999, 59.99999999, 59.9999, 59.99996, np.nan])
    assert published(scores).tolist()[:5] == [60.0, 60.0, 60.0, 59.9999, 60.0]
    assert reaches(scores, 60).tolist() == [True, True, True, False, True, False]
    assert float(published(79.95997)) == 79.96 and not reaches(79.95997, 80)


def test_a_shown_score_gets_the_decimals_that_keep_it_on_its_side_of_a_minimum():
    assert decisive_digits([79.96, 79.5, 80.0, 59.9999, 61.0], [80, 60]).tolist() == [2, 1, 1, 4, 1]
    assert format_decisive(79.96, [80], "en") == "79.96" and format_decisive(79.96, [80], "vi") == "79,96"
    assert format_decisive(79.5, [80], "vi") == "79,5"
    assert format_value_against(150.004, "<=", 150, "en") == "150.004"
    assert format_value_against(150.004, "<=", 150, "vi") == "150,004"
    assert format_value_against(149.5, "<=", 150, "en") is None  # "149.5" is right as format_value shows it


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_three_boundary_villages_are_rated_and_ranked_as_their_published_score(run, lang):
    table = run("evaluate", "boundary.csv", "-f", "float.yaml", "--lang", lang)
    good, poor = ("Good", "Poor") if lang == "en" else ("Tốt", "Kém")
    rows = {line.split()[3].strip("()"): line for line in table.splitlines() if "(q" in line}
    for q in ("q1", "q2", "q3"):
        assert rows[q].split()[0] == "1" and good in rows[q] and ("60.0" if lang == "en" else "60,0") in rows[q]
    assert rows["q4"].split()[0] == "4" and poor in rows["q4"]
    assert ("59.9999" if lang == "en" else "59,9999") in rows["q4"]  # not 60.0 beside Poor
    doc = json.loads(run("evaluate", "boundary.csv", "-f", "float.yaml", "--format", "json", "--lang", lang))
    overall = {v["village_id"]: v["overall"] for v in doc["villages"]}
    assert [overall[q]["score"] for q in ("q1", "q2", "q3", "q4")] == [60.0, 60.0, 60.0, 59.9999]
    assert [overall[q]["rating"] for q in ("q1", "q2", "q3", "q4")] == ["good", "good", "good", "poor"]


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("fmt", ["table", "md"])
def test_x1_is_explained_with_numbers_that_agree_with_its_rating_and_gate(run, lang, fmt):
    text = run("explain", "x.csv", "-f", "toy.yaml", "--village", "x1", "--lang", lang, "--format", fmt)
    text = text.replace("&lt;", "<")  # Markdown escapes it
    if lang == "en":
        assert "Overall score: 79.96 / 100" in text and "Overall score 79.96 < 80.0" in text
        assert "80.0 < 80.0" not in text and "150.004 mg/L" in text
    else:
        assert "Điểm tổng hợp: 79,96 / 100" in text and "Điểm tổng hợp 79,96 < 80,0" in text
        assert "80,0 < 80,0" not in text and "150,004 mg/L" in text


def test_a_value_held_to_its_own_limit_gets_the_decimals_that_keep_it_on_its_side():
    from villagescore.published import digits_against

    values = np.array([150.0004, 150.004, 150.0, 149.99996, 0.0052, np.nan, 150.0004])
    limits = np.array([150, 150, 150, 150, 0.005, 150, np.nan])  # a limit per village-year (NaN: unknown)
    assert digits_against(values, "<=", limits, 3, 12).tolist() == [4, 3, 3, 3, 4, 3, 3]
    assert digits_against(values[:4], "<", 150, 3, 12).tolist() == [3, 3, 3, 5]  # 150.0 would not be < 150
