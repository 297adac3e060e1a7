"""villagescore.targets.provenance: what a targets report rests on, in its md/html and beside its CSV."""

import json

from villagescore.targets.provenance import targets_provenance_bytes, targets_provenance_rows
from villagescore.targets.render import render

from .test_render import _report

RESULT = {"engine_version": "0.1.0",
          "framework": {"id": "fw", "version": "1.4.1", "sha256": "da067c7520cb" + "0" * 52,
                        "resolved_sha256": "4b944ead81e3" + "0" * 52},
          "dataset": {"file": "villages.csv", "sha256": "a7ddd091648b" + "0" * 52},
          "plugins": [{"name": "ceramics", "version": "0.1.0"}], "options": {"command": "targets", "framework": "fw"}}


def _with_provenance(provenance):
    report = _report("t")
    report["targets_file"].update(id="decision-801", version="1.0", sha256="a90d5e88d8aa" + "0" * 52)
    report["provenance"] = provenance
    return report


def test_md_and_html_end_with_the_hashes_the_plugins_and_the_targets_file():
    """Audit 16 #2: only the JSON said which dataset, resolved framework, targets file and plugins were measured."""
    report = _with_provenance(RESULT)
    for fmt in ("md", "html"):
        page = render(report, fmt, "en").decode("utf-8")
        tail = page[page.index("Provenance"):]
        for text in ("a7ddd091648b", "4b944ead81e3", "a90d5e88d8aa", "decision-801", "ceramics 0.1.0",
                     "villagescore targets --framework fw"):
            assert text in tail, (fmt, text)
    assert "Tệp mục tiêu" in render(report, "md", "vi").decode("utf-8")


def test_a_store_s_evaluations_are_each_named_with_their_provenance():
    report = _with_provenance({"source": "store", "evaluations": [{"evaluation": 3, "key": "k3", **RESULT}]})
    rows = targets_provenance_rows(report, "en")
    assert ("Stored evaluation", "3 (k3)") in rows and ("Dataset SHA-256", RESULT["dataset"]["sha256"]) in rows


def test_the_document_beside_a_csv_holds_the_targets_file_and_the_provenance():
    report = _with_provenance(RESULT)
    doc = json.loads(targets_provenance_bytes(report, "tg.csv", "vi"))
    assert doc["provenance_of"] == "tg.csv" and doc["lang"] == "vi" and doc["provenance"] == RESULT
    assert doc["targets_file"] == {"id": "decision-801", "version": "1.0", "sha256": "a90d5e88d8aa" + "0" * 52}
    assert targets_provenance_bytes(report, "tg.csv", "vi") == targets_provenance_bytes(report, "tg.csv", "vi")


def test_the_document_beside_a_csv_records_a_missing_byte_order_mark():
    report = _with_provenance(RESULT)
    assert "bom" not in json.loads(targets_provenance_bytes(report, "tg.csv", "vi"))
    assert json.loads(targets_provenance_bytes(report, "tg.csv", "vi", bom=False))["bom"] is False


def test_the_mapping_table_is_in_the_rows_and_beside_a_csv():
    """Audit 17 #1: no targets output said which province mapping table grouped the provinces."""
    report = _with_provenance(RESULT)
    report["mapping"] = {"file": "alt-map.csv", "sha256": "c" * 64, "shipped": False, "confidence": {"secondary": 63}}
    rows = dict(targets_provenance_rows(report, "en"))
    assert rows["Province mapping table (2025 reform)"].startswith("alt-map.csv (given with --mapping), SHA-256 ccc")
    for fmt in ("md", "html"):
        assert "alt-map.csv (given with --mapping)" in render(report, fmt, "en").decode("utf-8")
    assert json.loads(targets_provenance_bytes(report, "tg.csv", "en"))["mapping"] == report["mapping"]
