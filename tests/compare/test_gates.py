"""The gates behind the ratings compared: not judged (limit unknown) or failed, named in the warnings."""

import json

import pytest

from villagescore.compare import compare, load_table
from villagescore.compare.gates import record_cell


@pytest.fixture(scope="module")
def blank_flag(tmp_path_factory):
    """The pilot, its 2025 transitional flag blank: COD gate failed in 2021, not judged (limit unknown) in 2025."""
    from tests.test_limit_gaps import FLAG, pilot_csv
    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine
    from villagescore.framework import load_framework
    from villagescore.registry import Registry

    registry = Registry.default()
    path = pilot_csv(tmp_path_factory.mktemp("blank-flag"), **{FLAG: (None, "")})
    return Engine(registry).evaluate(load_framework(None, registry), read_dataset(path, registry))


def test_a_record_s_gates_not_passed_in_either_version():
    ids = ["gate.a", "gate.b", "gate.c"]
    assert record_cell({"status": ["passed", "unknown", "failed"], "fired": [False, True, True]}, ids) == \
        "gate.b=unknown;gate.c=failed"
    assert record_cell([{"id": "gate.a", "status": "missing"}, {"id": "gate.b", "status": "passed"}], ids) == \
        "gate.a=missing"
    assert record_cell(None, ids) == ""


@pytest.mark.parametrize("source", ["result", "file"])
@pytest.mark.parametrize(("lang", "capped", "went", "statuses"), [
    ("en", "which could not be judged there", "the rating went up with mandatory rules involved",
     "failed 2021 → unknown 2025"),
    ("vi", "là điều kiện chưa xét được ở đó", "mức xếp loại lên, có liên quan đến điều kiện bắt buộc",
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
    assert changes["rows"][0][-1].startswith("lên (") and "gate.effluent_cod_column_b" in changes["rows"][0][-1]
