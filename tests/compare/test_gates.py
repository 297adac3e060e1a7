"""The gates behind the ratings compared: not judged (limit unknown) or failed, named in the warnings."""

import json

import pytest

from villagescore.compare import compare, load_table
from villagescore.compare.gates import record_cell, store_cells

COD = "gate.effluent_cod_column_b"


def _score(tmp_path_factory, **gate):
    """The pilot, its 2025 transitional flag blank: the COD gate failed in 2021, not judged (limit unknown) in 2025.

    As shipped, neither rating is capped by it (2021 scores below every cap, 2025 reaches no better tier than
    the COD cap). With ``gate`` (``cap``, ``on_unknown``) its cap is one tier lower and the second tier starts at
    55: the 2025 score (59.1) would reach that tier but the COD gate, when it fires, caps it a tier below.
    """
    import dataclasses

    from tests.test_limit_gaps import FLAG, pilot_csv
    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine
    from villagescore.framework import load_framework
    from villagescore.registry import Registry

    registry = Registry.default()
    framework = load_framework(None, registry)
    if gate:
        tiers = [dataclasses.replace(x, min_score=55.0) if k == 1 else x for k, x in enumerate(framework.tiers)]
        gates = [dataclasses.replace(g, **gate) if g.id == COD else g for g in framework.gates]
        framework = dataclasses.replace(framework, tiers=tuple(tiers), gates=tuple(gates))
    path = pilot_csv(tmp_path_factory.mktemp("blank-flag"), **{FLAG: (None, "")})
    return Engine(registry).evaluate(framework, read_dataset(path, registry))


@pytest.fixture(scope="module")
def blank_flag(tmp_path_factory):
    """COD caps the 2025 rating (see :func:`_score`)."""
    return _score(tmp_path_factory, cap="needs_improvement")


@pytest.fixture(scope="module")
def no_effect(tmp_path_factory):
    """As shipped: the COD gate fires both years, its cap changes neither rating."""
    return _score(tmp_path_factory)


@pytest.fixture(scope="module")
def ignored(tmp_path_factory):
    """COD would cap the 2025 rating but does not fire there (``on_unknown: ignore``)."""
    return _score(tmp_path_factory, cap="needs_improvement", on_unknown="ignore")


def test_a_record_s_gates_not_passed_in_either_version():
    ids = ["gate.a", "gate.b", "gate.c"]
    assert record_cell({"status": ["not_applicable", "unknown", "failed"], "fired": [False, False, True]}, ids) == \
        "gate.a=not_applicable;gate.b=unknown;gate.c=failed!"
    assert record_cell([{"id": "gate.a", "status": "missing"}, {"id": "gate.b", "status": "passed"}], ids) == \
        "gate.a=missing!"  # a record that does not say whether a gate fired: a gate not passed did
    assert record_cell(None, ids) == ""


def test_a_first_format_record_s_fired_gate_is_not_read_as_passed():
    """Audit 17 #2: gates ``{id, indicator, rule, fired, cap}`` without status, as the store's rows before schema 4."""
    first = [{"id": "gate.b", "indicator": "x", "rule": "r", "fired": True, "cap": "poor"},
             {"id": "gate.a", "indicator": "y", "rule": "r", "fired": False, "cap": "poor"}]
    assert record_cell(first, ["gate.a", "gate.b"]) == "?gate.b=failed!"
    assert record_cell([{"id": "g", "fired": True, "cap": "x"}], []) == store_cells([None], ['["g"]'])[0]
    assert record_cell([{**g, "fired": False} for g in first], ["gate.a", "gate.b"]) == "?"


@pytest.mark.parametrize("source", ["result", "file"])
@pytest.mark.parametrize(("lang", "capped", "went", "statuses"), [
    ("en", "which could not be judged for these village-years: its legal limit is unknown",
     "the rating went up with mandatory rules involved",
     "failed 2021 → unknown 2025"),
    ("vi", "là điều kiện chưa xét được tại các lượt làng-năm này vì chưa rõ giới hạn pháp lý",
     "2021 → 2025: tăng hạng, có liên quan đến điều kiện bắt buộc",
     "không đạt 2021 → chưa rõ 2025"),
])
def test_a_tier_change_names_the_gate_not_judged_from_a_result_or_its_saved_file(blank_flag, tmp_path, source,
                                                                                   lang, capped, went, statuses):
    """Audit 2026-12 #7: the change of tier names the gate; the saved file keeps the unknown-limit warning."""
    labels = {g.id: dict(g.label) for g in blank_flag.framework.gates}
    item = blank_flag
    if source == "file":
        item = tmp_path / "r.json"
        item.write_bytes(blank_flag.to_json())
    c = compare(load_table([("r", item)]), lang=lang, labels=labels)
    codes = {w["code"]: w for w in c["warnings"]}
    gate = next(g for g in blank_flag.framework.gates if g.id == "gate.effluent_cod_column_b")
    named = f"{gate.label[lang]} (gate.effluent_cod_column_b)"
    assert f"phung-xa-my-duc 2025 {'is capped by' if lang == 'en' else 'bị giới hạn bởi'} {named}, {capped}" in \
        codes["gate_unknown"]["message"]
    assert codes["gate_unknown"]["gate"] == "gate.effluent_cod_column_b"
    assert went in codes["tier_change_gate"]["message"]
    assert f"{named}: {statuses}" in codes["tier_change_gate"]["message"]
    [change] = c["over_time"]["changes"]
    assert change["tier_change"] == "up"
    assert {"id": "gate.effluent_cod_column_b", "from": "failed", "to": "unknown"} in change["gates"]
    json.dumps(c["warnings"] + c["over_time"]["changes"])  # plain data


def test_the_over_time_table_marks_the_change_with_its_gates(blank_flag):
    from villagescore.reports.comparison import sections

    c = compare(load_table([("r", blank_flag)]), lang="vi")
    [changes] = [s for s in sections(c, "vi") if s["key"] == "changes"]
    assert changes["rows"][0][-1].startswith("tăng hạng (") and "gate.effluent_cod_column_b" in changes["rows"][0][-1]


@pytest.mark.parametrize("source", ["result", "file"])
@pytest.mark.parametrize("fixture", ["no_effect", "ignored"])
def test_a_gate_that_capped_no_rating_is_not_named(request, tmp_path, source, fixture):
    """Review 2026-12 #1: fired with a cap no lower than the score's tier, or not fired (on_unknown: ignore)."""
    result = request.getfixturevalue(fixture)
    item = result
    if source == "file":
        item = tmp_path / "r.json"
        item.write_bytes(result.to_json())
    c = compare(load_table([("r", item)]), lang="en")
    assert not [w for w in c["warnings"] if w["code"] in ("gate_unknown", "tier_change_gate")]
    assert all("gates" not in ch for ch in c["over_time"]["changes"])


def test_without_the_framework_a_file_is_judged_by_what_it_records_and_with_it_exactly(no_effect, tmp_path):
    """A result file records min_score and the gates' caps: the cap without effect is not named from it either."""
    from villagescore.compare.gates import with_framework

    path = tmp_path / "r.json"
    path.write_bytes(no_effect.to_json())
    table = load_table([("r", path)])
    assert dict(table.runs[0].gate_caps)[COD] == "progressing"
    c = compare(with_framework(table, no_effect.framework), lang="en")
    assert not [w for w in c["warnings"] if w["code"] in ("gate_unknown", "tier_change_gate")]


def test_two_runs_of_the_same_year_are_named_with_their_labels(blank_flag, tmp_path):
    path = tmp_path / "r.json"
    path.write_bytes(blank_flag.to_json())
    c = compare(load_table([("a.json", path), ("b.json", blank_flag)]), lang="en")
    [unknown] = [w for w in c["warnings"] if w["code"] == "gate_unknown"]
    assert "phung-xa-my-duc 2025 (a.json), phung-xa-my-duc 2025 (b.json) is capped by" in unknown["message"]


def _two_years(cells, ratings, score=90.0):
    """One village in 2024 and 2025 (tiers top ≥ 80, mid ≥ 50, low; gate.g caps at mid), its gate cells given."""
    import numpy as np
    import pandas as pd

    from villagescore.compare.table import Level, Run, ScoreTable

    tiers = tuple({"id": x, "label": {}, "min_score": m} for x, m in (("top", 80.0), ("mid", 50.0), ("low", 0.0)))
    run = Run("r", "fw", "1", None, tiers, ({"id": "p", "label": {}, "weight": 1},), (), (),
              gate_caps=(("gate.g", "mid"),))
    villages = pd.DataFrame({"obs": [0, 1], "run": 0, "village_id": "v", "year": [2024, 2025], "name": None,
                             "overall_score": score, "rating": ratings, "gates": cells})
    levels = {"pillar": Level(("p",), ("p",), (None,), np.full((2, 1), score), np.zeros((2, 1), dtype=np.int8))}
    return load_table([("r", ScoreTable([run], villages, [levels]))])


@pytest.mark.parametrize(("lang", "words"), [("en", "not applicable 2024 → unknown 2025"),
                                             ("vi", "không áp dụng 2024 → chưa rõ 2025")])
def test_a_gate_that_did_not_apply_is_not_said_passed(lang, words):
    from villagescore.compare.gates import gate_warnings

    table = _two_years(["gate.g=not_applicable", "gate.g=unknown!"], ["top", "mid"])
    changes = [{"village_id": "v", "name": None, "from": {"year": 2024, "run": "r"}, "to": {"year": 2025, "run": "r"},
                "tier_change": "down"}]
    warnings = gate_warnings(table.villages, changes, {}, lang, table)
    assert [w["code"] for w in warnings] == ["gate_unknown", "tier_change_gate"]
    assert words in warnings[1]["message"]
    assert changes[0]["gates"] == [{"id": "gate.g", "from": "not_applicable", "to": "unknown"}]


def test_a_gate_fired_below_the_score_s_tier_is_not_named():
    """The score (45) reaches only the lowest tier: a gate capping at the middle one changed nothing."""
    from villagescore.compare.gates import gate_warnings

    table = _two_years(["", "gate.g=unknown!"], ["low", "low"], score=45.0)
    assert gate_warnings(table.villages, [], {}, "en", table) == []


@pytest.mark.parametrize("fixture", ["blank_flag", "no_effect", "ignored"])
def test_without_changes_only_the_gates_not_judged_are_followed_with_the_same_warnings(request, fixture, monkeypatch):
    """Following only the gates with an unknown status somewhere (no change of tier to mark) warns alike."""
    from villagescore.admin_mapping import load_mapping
    from villagescore.compare import gates
    from villagescore.compare.periods import current_provinces

    table = load_table([("r", request.getfixturevalue(fixture))])
    v, _ = current_provinces(table.villages, load_mapping())
    fewer = gates.gate_warnings(v, [], {}, "en", table)
    every = gates._capping
    monkeypatch.setattr(gates, "_capping", lambda v, table, codes, parsed, wanted=None: every(v, table, codes, parsed))
    assert fewer == gates.gate_warnings(v, [], {}, "en", table)
    assert fixture != "blank_flag" or [w["code"] for w in fewer] == ["gate_unknown"]


def test_tier_positions_are_those_a_mapping_of_the_tiers_gives():
    import numpy as np
    import pandas as pd

    from villagescore.compare.gates import _tier_positions

    ratings = np.array(["a", None, "b", "zz", np.nan, "a", "c"], dtype=object)
    for ids in (["a", "b", "c"], ["c", "a"], ["a", "b", "a"], [], ["x"]):
        expected = pd.Series(ratings).map({x: i for i, x in enumerate(ids)}).fillna(len(ids)).astype(int)
        assert _tier_positions(ratings, ids).tolist() == expected.tolist()
    assert _tier_positions(np.array([], dtype=object), ["a"]).tolist() == []
