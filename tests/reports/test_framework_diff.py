"""The changes between two frameworks as a page: labels beside ids, words and numbers in the page's language."""

import json

import pytest

from tests.conftest import REPO
from villagescore.framework import load_framework
from villagescore.framework.diff import framework_changes
from villagescore.registry import Registry
from villagescore.reports.framework_diff import diff_document, diff_markdown, diff_table, node_labels
from villagescore.reports.terminal import render_text

HANOI = REPO / "docs" / "examples" / "frameworks" / "hanoi-variant.yaml"


@pytest.fixture(scope="module")
def pair():
    registry = Registry.default()
    old, new = load_framework(None, registry), load_framework(str(HANOI), registry)
    return old, new, diff_document(old, new, framework_changes(old, new))


def test_the_document_names_both_frameworks_and_lists_every_change(pair):
    old, new, doc = pair
    assert doc["old"] == {"id": old.id, "version": "1.4.1", "sha256": old.sha256,
                          "resolved_sha256": old.resolved_sha256, "lineage": [dict(x) for x in old.lineage]}
    assert doc["new"]["id"] == "vn-ttcn-hanoi-example" and len(doc["changes"]) == 7
    json.dumps(doc)  # JSON-ready


def test_each_side_is_named_as_a_results_provenance_names_its_framework(pair):
    """The diff is matched to results: ``sha256`` is the file's hash, as ``provenance.framework.sha256`` is."""
    old, new, doc = pair
    assert doc["new"]["sha256"] == new.sha256 != new.resolved_sha256 == doc["new"]["resolved_sha256"]
    assert [step["id"] for step in doc["new"]["lineage"]] == [old.id, new.id]  # an overlay: base first


@pytest.mark.parametrize(("lang", "row"), [
    ("en", "| pillar | Environment (environment) | changed | weight | 0.3 | 0.35 |"),
    ("vi", "| trụ cột | Môi trường (environment) | thay đổi | trọng số (weight) | 0,3 | 0,35 |"),
])
def test_the_page_shows_labels_with_ids_and_numbers_in_its_language(pair, lang, row):
    old, new, doc = pair
    page = diff_markdown(doc, node_labels(old, new), lang)
    assert row in page.splitlines()
    assert page.startswith("# " + {"en": "Changes from", "vi": "Những thay đổi từ"}[lang])


def test_no_change_is_said_in_words(pair):
    old, _, _ = pair
    doc = diff_document(old, old, [])
    assert "No differences in what scores" in diff_markdown(doc, node_labels(old), "en")
    assert "Không có khác biệt" in render_text(diff_table(doc, node_labels(old), "vi"))


def test_the_terminal_table_has_the_rows_of_the_page(pair):
    old, new, doc = pair
    text = render_text(diff_table(doc, node_labels(old, new), "en"))
    assert "(wastewater)" in text and "0.25" in text and "Changes: 7" in text


def test_a_mapping_setting_is_shown_as_compact_json():
    from villagescore.reports.framework_diff import _value

    assert _value({"method": "linear", "params": {"best": 1}}, "en") == '{"method": "linear", "params": {"best": 1}}'
    assert _value(None, "en") == "—" and _value(True, "vi") == "true"
    assert _value(1234.5, "vi") == "1.234,5"


def test_a_setting_is_named_in_the_page_s_language_with_its_key_beside_it():
    from villagescore.reports.framework_diff import setting_text

    assert setting_text("weight", "vi") == "trọng số (weight)" and setting_text("weight", "en") == "weight"
    assert setting_text("limits.cod", "vi") == "limits.cod" and setting_text("", "vi") == ""


def test_texts_of_the_frameworks_cannot_break_the_page_s_table(pair):
    old, new, doc = pair
    labels = {**node_labels(old, new), ("pillar", "environment"): {"en": "Env | x\n# heading", "vi": "x"}}
    rows = [line for line in diff_markdown(doc, labels, "en").splitlines() if "Env" in line]
    assert rows and all(line.count(" | ") == 5 and "\\|" in line for line in rows)
