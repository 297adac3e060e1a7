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
        assert raw.count(json.dumps(ref["document"], ensure_ascii=False)) >= 1
    # no village record carries a reference, a unit or an indicator id
    line = raw.splitlines()[1]
    assert '"document"' not in line and '"references"' not in line
    assert national.framework.indicators[0].id not in line
