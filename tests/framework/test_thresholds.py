"""Thresholds: limits cited by id, regulation versions chosen by the village-year's date."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from villagescore import Limit, Regulation
from villagescore.errors import FrameworkError, problem
from villagescore.framework.thresholds import resolve_threshold
from villagescore.model import reference_dates

OLD = Regulation("rule-2013", "Rule 2013", "verified", valid_to="2023-09-11",
                 limits=(Limit("pm10", "PM10", "µg/m³", "verified", value=150),))
NEW = Regulation("rule-2023", "Rule 2023", "secondary", valid_from="2023-09-12",
                 limits=(Limit("pm10", "PM10", "µg/m³", "secondary", value=100),
                         Limit("cod", "COD", "mg/L", "secondary", by_field="column",
                               values={"A": {"value": 75}, "B": {"value": 150}})))
REGS = {r.id: r for r in (OLD, NEW)}


def _resolve(spec, fields=None):
    problems = []

    def report(path, msg, allowed="", params=None):
        problems.append((path, msg if params is None else problem("", path, msg, params=params).message))

    th = resolve_threshold(spec, "$.t", REGS, fields or {}, report)
    return th, problems


def test_the_version_in_force_on_the_reference_date_applies():
    th, problems = _resolve({"versions": [{"regulation": "rule-2013", "limit": "pm10"},
                                          {"regulation": "rule-2023", "limit": "pm10"}]})
    assert problems == [] and th.per_village
    frame = pd.DataFrame({"year": [2021, 2023, 2025, 2024], "survey_date": ["", "2023-06-30", "", "2023-01-01"]})
    assert th.limit(frame).tolist() == [150.0, 150.0, 100.0, 150.0]
    assert th.version_index(frame).tolist() == [0, 0, 1, 0]


def test_each_version_keeps_its_own_note_and_the_threshold_s_note_fills_the_others():
    th, problems = _resolve({"note": "shared", "versions": [{"regulation": "rule-2013", "limit": "pm10"},
                                                            {"regulation": "rule-2023", "limit": "pm10",
                                                             "note": {"vi": "riêng", "en": "its own"}}]})
    assert problems == []
    assert [v.note for v in th.versions] == ["shared", {"vi": "riêng", "en": "its own"}]


def test_no_version_in_force_gives_an_unknown_limit():
    th, _ = _resolve({"versions": [{"regulation": "rule-2023", "limit": "pm10"}]})
    assert np.isnan(th.limit(pd.DataFrame({"year": [2020]}))[0])


def test_a_pinned_limit_applies_whatever_the_date():
    th, _ = _resolve({"regulation": "rule-2023", "limit": "pm10"})
    assert not th.per_village and th.limit(pd.DataFrame({"year": [2000]})) == 100.0


def test_unknown_regulation_and_limit_are_reported():
    _, problems = _resolve({"regulation": "rule-1999", "limit": "pm10"})
    assert problems[0][0] == "$.t.regulation" and "unknown regulation 'rule-1999'" in problems[0][1]
    _, problems = _resolve({"regulation": "rule-2023", "limit": "so2"})
    assert problems == [("$.t.limit", "regulation 'rule-2023' sets no limit 'so2'")]


def test_a_regulation_or_limit_close_to_a_declared_one_is_suggested():
    _, problems = _resolve({"regulation": "rulle-2023", "limit": "pm10"})
    assert problems == [("$.t.regulation", "unknown regulation 'rulle-2023': no installed plugin or this file declares "
                                           "it; did you mean 'rule-2023'?")]
    _, problems = _resolve({"versions": [{"regulation": "rule-2013", "limit": "pm01"}]})
    assert problems == [("$.t.versions[0].limit", "regulation 'rule-2013' sets no limit 'pm01'; did you mean 'pm10'?")]


def test_overlapping_versions_are_refused():
    _, problems = _resolve({"versions": [{"regulation": "rule-2023", "limit": "pm10"},
                                         {"regulation": "rule-2023", "limit": "pm10"}]})
    assert "both in force" in problems[0][1]


def test_a_limit_by_category_needs_every_category(toy_registry):
    from villagescore import Field

    fields = {"column": Field("column", {"vi": "Cột", "en": "Column"}, type="category", categories=("A", "B", "C"))}
    _, problems = _resolve({"regulation": "rule-2023", "limit": "cod"}, fields)
    assert "no limit for categories ['C'] of 'column'" in problems[0][1]


@pytest.mark.parametrize("key", ["parameter", "provision", "column", "note"])
def test_a_blank_text_in_an_inline_limit_is_a_located_problem_not_a_traceback(key):
    spec = {"regulation": "rule-2023", "parameter": "COD", "unit": "mg/L", "confidence": "verified", "value": 75,
            key: {"vi": " ", "en": "x"}}
    th, problems = _resolve(spec)
    assert th is None
    ((path, message),) = problems
    assert path == "$.t" and f"limit 'inline': {key} must be" in str(message)


def test_a_blank_text_in_a_framework_file_is_said_at_its_own_path(tmp_path):
    from villagescore.framework.checks import document_problems

    doc = {"id": "demo", "version": "1.0", "title": {"vi": "Thử", "en": "Test"},
           "pillars": [{"id": "env", "label": {"vi": "Môi trường", "en": "Environment"}, "weight": 1, "criteria": [
               {"id": "c", "label": {"vi": "C", "en": "C"}, "weight": 1, "indicators": [
                   {"id": "toy.a", "weight": 1, "threshold": {
                       "regulation": "rule-2023", "parameter": "COD", "unit": "mg/L", "confidence": "verified",
                       "value": 75, "note": {"vi": " ", "en": "x"}}}]}]}],
           "rating": {"tiers": [{"id": "all", "label": {"vi": "\t", "en": "All"}, "min_score": 0}]}}
    found = [(p.where, p.message) for p in document_problems(doc, "fw.yaml", "framework")]
    assert found == [("$.pillars[0].criteria[0].indicators[0].threshold.note.vi",
                      "the text is blank (only spaces): write something"),
                     ("$.rating.tiers[0].label.vi", "the text is blank (only spaces): write something")]


def test_reference_dates():
    frame = pd.DataFrame({"year": [2021, None]})
    assert reference_dates(frame).astype(str).tolist() == ["2021-12-31", "NaT"]


def test_a_framework_threshold_citing_a_limit_scores_against_it(tmp_path, toy_registry):
    import dataclasses

    from villagescore.framework import resolve_framework
    from villagescore.testing import evaluate_rows

    registry = dataclasses.replace(toy_registry, regulations=dict(REGS))
    doc = {"id": "t", "version": "1.0", "title": {"vi": "T", "en": "T"},
           "pillars": [{"id": "p", "label": {"vi": "P", "en": "P"}, "weight": 1, "criteria": [
               {"id": "c", "label": {"vi": "C", "en": "C"}, "weight": 1, "indicators": [
                   {"id": "toy.c", "weight": 1, "threshold": {"versions": [
                       {"regulation": "rule-2013", "limit": "pm10"},
                       {"regulation": "rule-2023", "limit": "pm10"}]}}]}]}],
           "rating": {"tiers": [{"id": "all", "label": {"vi": "T", "en": "T"}, "min_score": 0}]}}
    fw = resolve_framework(doc, registry, name="t.yaml")
    rows = [{"village_id": "v", "year": 2021, "c": 110}, {"village_id": "v", "year": 2025, "c": 110}]
    result = evaluate_rows(fw, rows, registry)
    # 110 / 150 = 0.73 → 75 in 2021; 110 / 100 = 1.1 → 25 in 2025
    assert result.matrix.scores[:, 0].tolist() == [75.0, 25.0]
    with pytest.raises(FrameworkError, match="unknown regulation 'rule-1999'"):
        doc["pillars"][0]["criteria"][0]["indicators"][0]["threshold"] = {"regulation": "rule-1999", "limit": "x"}
        resolve_framework(doc, registry, name="t.yaml")


def test_a_dataset_without_the_context_column_gets_unknown_limits():
    """A by-category limit whose field is not a column of the dataset is unknown (NaN), not an internal error.

    Issue 16: the poverty line now depends on the new field ``locality_type``; a dataset written before it
    existed must still evaluate, with that indicator missing.
    """
    th, _ = _resolve({"regulation": "rule-2023", "limit": "cod"},
                     fields={"column": type("F", (), {"type": "category", "categories": ("A", "B")})()})
    assert th.per_village
    assert np.isnan(th.limit(pd.DataFrame({"year": [2025, 2025]}))).all()
    dated, _ = _resolve({"versions": [{"regulation": "rule-2023", "limit": "cod"}]},
                        fields={"column": type("F", (), {"type": "category", "categories": ("A", "B")})()})
    assert np.isnan(dated.limit(pd.DataFrame({"year": [2025]}))).all()


def _said(spec, fields=None):
    said = []

    def report(path, msg, allowed="", params=None):
        found = problem("f.yaml", path, msg, params=params, allowed=allowed)
        said.append((found.format("vi"), found.format("en")))

    resolve_threshold(spec, "$.t", REGS, fields or {}, report)
    return said


def test_threshold_problems_are_said_in_vietnamese():
    from villagescore import Field

    (vi, en), = _said({"versions": [{"regulation": "rule-2023", "limit": "pm10"},
                                    {"regulation": "rule-2023", "limit": "pm10"}]})
    assert "các văn bản 'rule-2023' (do một plugin khai báo) và 'rule-2023' (do một plugin khai báo) cùng có hiệu " \
           "lực vào 2023-09-12" in vi
    assert "regulations 'rule-2023' (declared by a plugin) and 'rule-2023' (declared by a plugin) are both in force " \
           "on 2023-09-12" in en
    fields = {"column": Field("column", {"vi": "Cột", "en": "Column"}, type="category", categories=("A", "D"))}
    said = _said({"regulation": "rule-2023", "limit": "cod"}, fields)
    assert any("chưa có giới hạn cho các loại ['D'] của 'column'" in vi for vi, _ in said)
    assert any("['B'] không phải là các loại của 'column' (cho phép: A, D)" in vi for vi, _ in said), said
    assert any("['B'] are not categories of 'column' (allowed: A, D)" in en for _, en in said)
    said = _said({"regulation": "rule-2023", "limit": "cod"}, {})
    assert "by_field 'column' không phải là trường phân loại đã đăng ký" in said[0][0]
