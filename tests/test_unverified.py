"""villagescore.unverified: the policy for legal limits of confidence ``unverified`` (exclude or score).

The framework of :mod:`tests.support.gate_limits` scores ``toy.c`` against ``rule-2011`` (secondary,
by zone) until 31/08/2025 and against ``rule-2025`` (unverified, 60 for column A) from 01/09/2025.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.support import gate_limits as gl
from villagescore.errors import VillageScoreError
from villagescore.framework import resolve_framework
from villagescore.testing import evaluate_rows
from villagescore.unverified import with_unverified_limits

#: rows of gl.ROWS whose limit applied is rule-2025's (unverified): the third only
UNVERIFIED_ROW = 2


def _framework(toy_registry, policy=None, **changes):
    registry = gl.registry(toy_registry)
    doc = gl.document(**changes)
    if policy is not None:
        doc["defaults"] = {"unverified_limits": policy}
    return resolve_framework(doc, registry, name="gated.yaml"), registry


def test_a_framework_without_the_setting_scores_against_unverified_limits(toy_registry):
    fw, registry = _framework(toy_registry)
    assert fw.unverified_limits == "score"
    res = evaluate_rows(fw, gl.rows(100.0), registry)
    j = [n.id for n in fw.indicators].index("toy.c")
    assert res.matrix.applicable[UNVERIFIED_ROW, j] and res.matrix.present[UNVERIFIED_ROW, j]
    assert not res.matrix.limit_unverified and "unverified_limits" not in res.provenance


def test_exclude_leaves_the_indicator_out_where_its_limit_is_unverified(toy_registry):
    scored, registry = _framework(toy_registry, "score")
    excluded, _ = _framework(toy_registry, "exclude")
    a = evaluate_rows(scored, gl.rows(100.0), registry)
    b = evaluate_rows(excluded, gl.rows(100.0), registry)
    j = [n.id for n in excluded.indicators].index("toy.c")
    expected = np.zeros(len(gl.ROWS), dtype=bool)
    expected[UNVERIFIED_ROW] = True
    np.testing.assert_array_equal(b.matrix.limit_unverified[j], expected)
    # not applicable and not scored there; elsewhere nothing changes
    assert not b.matrix.applicable[UNVERIFIED_ROW, j] and np.isnan(b.matrix.scores[UNVERIFIED_ROW, j])
    others = ~expected
    np.testing.assert_array_equal(a.matrix.scores[others], b.matrix.scores[others])
    np.testing.assert_array_equal(a.tree.overall_score[others], b.tree.overall_score[others])
    # its weight is shared between the two others: the criterion is their mean, at full coverage
    k = UNVERIFIED_ROW
    others_j = [i for i in range(len(excluded.indicators)) if i != j]
    assert b.tree.criterion_score[k, 0] == pytest.approx(np.mean(b.matrix.scores[k, others_j]))
    assert b.tree.criterion_coverage[k, 0] == 1.0 == a.tree.criterion_coverage[k, 0]
    assert b.indicator_status()[k, j] == "not_applicable"
    assert b.provenance["unverified_limits"] == {"policy": "exclude", "source": "framework",
                                                 "left_out": {"toy.c": 1}}
    from villagescore.unverified import left_out_in_row

    [(node, version)] = left_out_in_row(b, k)
    assert node.id == "toy.c" and version.limit.confidence == "unverified" or any(
        v.get("confidence") == "unverified" for v in version.limit.values.values())
    assert left_out_in_row(b, int(np.flatnonzero(others)[0])) == [] and left_out_in_row(a, k) == []


def test_the_version_left_out_decided_on_a_report_s_rows_is_the_one_of_every_row(toy_registry):
    from villagescore.unverified import left_out_in_row

    excluded, registry = _framework(toy_registry, "exclude")
    every = evaluate_rows(excluded, gl.rows(100.0), registry)
    expected = [left_out_in_row(every, i) for i in range(len(gl.ROWS))]
    assert expected[UNVERIFIED_ROW]
    for shown in range(1, len(gl.ROWS) + 1):
        first = evaluate_rows(excluded, gl.rows(100.0), registry)  # nothing worked out on every row before
        assert [left_out_in_row(first, i, slice(0, shown)) for i in range(shown)] == expected[:shown]
        assert "_versions" not in first.__dict__ or all(not isinstance(k, int) for k in first.__dict__["_versions"])


def test_a_zero_missing_data_policy_does_not_turn_a_left_out_indicator_into_0(toy_registry):
    defaults = {"unverified_limits": "exclude", "missing_data": {"policy": "zero"}}
    fw, registry = _framework(toy_registry, defaults=defaults)
    res = evaluate_rows(fw, gl.rows(100.0), registry)
    j = [n.id for n in fw.indicators].index("toy.c")
    others = [i for i in range(len(fw.indicators)) if i != j]
    k = UNVERIFIED_ROW
    assert res.tree.criterion_score[k, 0] == pytest.approx(np.mean(res.matrix.scores[k, others]))


def test_a_gate_comparing_with_an_unverified_limit_is_unknown_under_exclude(toy_registry):
    scored, registry = _framework(toy_registry, "score")
    excluded, _ = _framework(toy_registry, "exclude")
    before = evaluate_rows(scored, gl.rows(50.0), registry).gate_states()
    after = evaluate_rows(excluded, gl.rows(50.0), registry).gate_states()
    # cod-own compares with the indicator's own limit: 50 ≤ 60 passed under rule-2025; unknown once unverified
    assert before[UNVERIFIED_ROW, 1] == "passed" and after[UNVERIFIED_ROW, 1] == "unknown"
    # cod-150 writes its number: the value is judged as before, although the indicator is left out
    assert before[UNVERIFIED_ROW, 2] == after[UNVERIFIED_ROW, 2] == "passed"
    others = [k for k in range(len(gl.ROWS)) if k != UNVERIFIED_ROW]
    np.testing.assert_array_equal(before[others], after[others])


def test_a_score_gate_on_a_left_out_indicator_is_unknown(toy_registry):
    gate = {"id": "c-score", "indicator": "toy.c", "condition": {"on": "score", "op": ">=", "value": 10},
            "cap": "low", "on_missing": "ignore", "on_unknown": "fire"}
    fw, registry = _framework(toy_registry, "exclude", gate=gate)
    res = evaluate_rows(fw, gl.rows(50.0), registry)
    assert res.gate_states()[UNVERIFIED_ROW, 0] == "unknown" and res.fired[UNVERIFIED_ROW, 0]


def test_a_gate_naming_a_verified_column_is_judged_whatever_the_indicator_s_limit(toy_registry):
    scored, registry = _framework(toy_registry, "score")
    excluded, _ = _framework(toy_registry, "exclude")
    before = evaluate_rows(scored, gl.rows(100.0), registry).gate_states()[:, 0]
    after = evaluate_rows(excluded, gl.rows(100.0), registry).gate_states()[:, 0]
    np.testing.assert_array_equal(before, after)  # column B comes from rule-2011 (secondary) or is absent


def test_a_run_may_override_the_framework_s_policy(toy_registry):
    fw, registry = _framework(toy_registry, "exclude")
    scored = with_unverified_limits(fw, "score")
    assert scored.unverified_limits == "score" and fw.unverified_limits == "exclude"
    assert scored.resolved_sha256 != fw.resolved_sha256  # the resolved document says the policy applied
    assert with_unverified_limits(fw, None) is fw and with_unverified_limits(fw, "exclude") is fw
    res = evaluate_rows(scored, gl.rows(100.0), registry)
    assert not res.matrix.limit_unverified
    with pytest.raises(VillageScoreError, match="exclude, score"):
        with_unverified_limits(fw, "sometimes")


def test_an_indicator_whose_scorer_writes_its_own_limit_is_scored(toy_registry):
    doc = gl.document()
    node = doc["pillars"][0]["criteria"][0]["indicators"][1]
    node["scorer"] = {"method": "ratio_to_limit", "params": {"limit": 60}}
    doc["defaults"] = {"unverified_limits": "exclude"}
    registry = gl.registry(toy_registry)
    fw = resolve_framework(doc, registry, name="gated.yaml")
    res = evaluate_rows(fw, gl.rows(100.0), registry)
    assert not res.matrix.limit_unverified and res.matrix.present[UNVERIFIED_ROW, 1]


def test_every_word_of_the_policy_is_said_in_vietnamese_with_the_project_s_terms():
    from villagescore.i18n import t

    keys = ["limit_unverified", "limit_unverified_heading", "unverified_notice_exclude", "unverified_notice_score",
            "unverified_limits", "unverified_policy.exclude", "unverified_policy.score", "framework_doc.unverified",
            "explain.verify_limit"]
    for key in keys:
        vi, en = t(key, "vi", n=1, items="x", policy="p", indicator="i", document="d", regulation="r"), t(
            key, "en", n=1, items="x", policy="p", indicator="i", document="d", regulation="r")
        assert vi != key and en != key and vi != en, key
        assert "xếp hạng" not in vi, key  # a rank, not a limit's check
    assert "chưa được kiểm chứng" in t("limit_unverified", "vi") and "giới hạn" in t("limit_unverified", "vi")


def test_scored_unverified_finds_the_scores_that_rest_on_an_unverified_limit(toy_registry):
    """Audit 12 #1: under policy score these scores stand, and reports mark them (none under exclude)."""
    from villagescore.unverified import scored_unverified

    scored, registry = _framework(toy_registry, "score")
    excluded, _ = _framework(toy_registry, "exclude")
    res = evaluate_rows(scored, gl.rows(100.0), registry)
    j = [n.id for n in scored.indicators].index("toy.c")
    expected = np.zeros(len(gl.ROWS), dtype=bool)
    expected[UNVERIFIED_ROW] = True
    found = scored_unverified(res)
    assert list(found) == [j] and found[j].tolist() == expected.tolist()
    assert scored_unverified(res, slice(UNVERIFIED_ROW, UNVERIFIED_ROW + 1))[j].tolist() == [True]
    assert scored_unverified(evaluate_rows(excluded, gl.rows(100.0), registry)) == {}


def test_a_table_and_a_document_scored_against_unverified_limits_mark_each_such_score():
    """Walk 16: ``evaluate --unverified-limits score --format csv`` gave 37.0549 with no mark per row.

    Only the sidecar ``.provenance.json`` said candidate limits were used.
    """
    import io
    import json

    import villagescore as vs
    from villagescore import bundled
    from villagescore.resultdoc.writers import write_json, write_jsonl

    scored = vs.evaluate(bundled.path(bundled.PILOT), unverified_limits="score")
    left_out = vs.evaluate(bundled.path(bundled.PILOT))
    table = scored.summary_frame()
    assert list(table.columns[-2:]) == ["estimated_share", "unverified_limits_scored"]
    # 2021: the six candidate effluent values, the wage and the poverty line; 2025: five candidates, four noise values
    assert table["unverified_limits_scored"].tolist() == [8, 9]
    assert left_out.summary_frame()["unverified_limits_scored"].tolist() == [0, 0]  # the same header either way
    for layout in ("json", "jsonl"):
        out = io.BytesIO()
        write_jsonl(scored, out) if layout == "jsonl" else write_json(scored, out)
        text = out.getvalue().decode("utf-8")
        if layout == "jsonl":  # the header line, the records, the end record
            records = [json.loads(line) for line in text.splitlines()[1:-1]]
        else:
            records = json.loads(text)["villages"]
        flags = [{k: v for k, v in r["flags"].items() if v == "limit_unverified_scored"} for r in records]
        assert [len(f) for f in flags] == [8, 9] and "weaving.dye_effluent_cod" in flags[0], layout
