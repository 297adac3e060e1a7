"""villagescore.provenance_file: the name and content of a table's provenance file."""

import json
from pathlib import Path

from villagescore.provenance_file import provenance_bytes, provenance_document, provenance_path


def test_the_provenance_file_takes_the_table_s_name_in_its_folder():
    assert provenance_path(Path("out/scores.csv")) == Path("out/scores.provenance.json")
    assert provenance_path(Path("scores")) == Path("scores.provenance.json")
    assert provenance_path(Path("a.b.csv")) == Path("a.b.provenance.json")


def test_it_holds_the_result_s_provenance_and_what_the_applied_regulation_versions_score_with(toy_result):
    doc = provenance_document(toy_result, "r.csv")
    assert doc["provenance"] == toy_result.provenance and doc["provenance_of"] == "r.csv"
    regulated = [n for n in toy_result.framework.indicators if n.threshold is not None]
    assert [r["id"] for r in doc["regulated_indicators"]] == [n.id for n in regulated]
    cited = {v.regulation.id for n in regulated for v in n.threshold.versions}
    assert set(doc["regulations"]) == cited
    for ident, entry in doc["regulations"].items():
        assert {"document", "confidence", "valid_from", "valid_to", "transition", "limits"} <= set(entry), ident
    assert json.loads(provenance_bytes(toy_result, "r.csv")) == json.loads(json.dumps(doc))
    assert provenance_bytes(toy_result, "r.csv") == provenance_bytes(toy_result, "r.csv")


def test_it_records_the_language_of_the_table_when_given(toy_result):
    assert provenance_document(toy_result, "r.csv", "en")["lang"] == "en"
    assert "lang" not in provenance_document(toy_result, "r.csv")


def test_it_records_the_versions_of_python_and_the_libraries_that_shape_the_bytes(toy_result):
    """Audit 16 #6: only ``engine_version`` was recorded, though pandas and openpyxl shape the bytes."""
    import platform
    from importlib import metadata

    runtime = provenance_document(toy_result, "r.csv")["runtime"]
    assert runtime["python"] == platform.python_version()
    assert runtime["pandas"] == metadata.version("pandas") and runtime["numpy"] == metadata.version("numpy")
    assert "runtime" not in toy_result.provenance  # a result file records none: its bytes stay the same everywhere
