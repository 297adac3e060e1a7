"""The document-level tables: each legal reference once."""

import json

from tests.resultdoc.helpers import _bytes
from villagescore.resultdoc import (
    write_json,
)


def test_a_2000_village_result_holds_each_legal_reference_once(national):
    raw = _bytes(write_json, national).decode("utf-8")
    doc = json.loads(raw)
    assert len(doc["villages"]) == 2000
    refs = doc["references"]
    assert len(refs) >= 10
    for ref in refs:
        encoded = json.dumps(ref, ensure_ascii=False, separators=(",", ":"))
        assert raw.count(encoded) == 1, ref
        assert raw.count(json.dumps(ref["document"], ensure_ascii=False, separators=(",", ":"))) >= 1
    # no village record carries a reference, a unit or an indicator id
    line = raw.splitlines()[1]
    assert '"document"' not in line and '"references"' not in line
    assert national.framework.indicators[0].id not in line


def test_the_header_s_regulation_versions_keep_a_declared_title(national):
    """Audit 14: ``regulations`` kept the document alone, so compare could not name a version by its title."""
    from villagescore.resultdoc.header import regulation_versions

    cited = {v.regulation.id: v.regulation for n in national.framework.indicators if n.threshold is not None
             for v in n.threshold.versions}
    versions = regulation_versions(national.framework)
    titled = [rid for rid, reg in cited.items() if reg.title]
    assert titled and all(versions[rid]["title"] == dict(cited[rid].title) for rid in titled)
    assert all("title" not in versions[rid] for rid, reg in cited.items() if not reg.title)
    assert list(versions[titled[0]])[:2] == ["document", "title"]


def test_the_header_records_the_framework_s_missing_data_and_unverified_limits_policies(toy_result):
    """Audit 16 #5: the result said its unverified-limits policy, never its missing-data policy."""
    from villagescore.resultdoc.header import header

    fw = toy_result.framework
    assert header(toy_result)["framework"]["defaults"] == {
        "missing_data": {"policy": fw.missing.policy, "min_coverage": fw.missing.min_coverage},
        "unverified_limits": fw.unverified_limits}
