"""villagescore.reports.comparison_provenance: each run's provenance in the views of a comparison."""

import json

from villagescore.compare import compare, load_table
from villagescore.compare.analysis import AS_RECORDED


def _comparison(toy_registry, toy_framework, toy_dataset, lang="en"):
    from villagescore.engine import Engine

    result = Engine(toy_registry).evaluate(toy_framework, toy_dataset, options={"as_of": "2015-01-01"})
    return compare(load_table([("toy.csv", result)]), lang=lang, mapping=AS_RECORDED), result


def test_the_rows_of_each_run_are_those_of_an_evaluate_report(toy_registry, toy_framework, toy_dataset):
    from villagescore.reports.comparison_provenance import comparison_provenance
    from villagescore.reports.view import provenance_rows

    c, result = _comparison(toy_registry, toy_framework, toy_dataset)
    rows = comparison_provenance(c, "en")
    # first the province mapping table the comparison grouped by (none: compared as recorded)
    assert rows[0] == ("Province mapping table (2025 reform)", "none: provinces as the data records them")
    assert rows[1] == ("Result", "toy.csv")
    assert rows[2:2 + len(provenance_rows(result.provenance, "en"))] == provenance_rows(result.provenance, "en")
    assert any("--as-of 2015-01-01" in text for _, text in rows)


def test_a_run_that_recorded_no_provenance_gives_what_the_comparison_knows(toy_registry, toy_framework, toy_dataset):
    from villagescore.reports.comparison_provenance import run_provenance

    c, _ = _comparison(toy_registry, toy_framework, toy_dataset, "vi")
    run = {**c["runs"][0], "provenance": {}, "regulations": {}}
    texts = dict(run_provenance(run, "vi"))
    assert texts["Mã bộ tiêu chí"] == "toy" and texts["SHA-256 dữ liệu"] == run["dataset_sha256"]


def test_the_markdown_and_the_page_end_with_the_provenance(toy_registry, toy_framework, toy_dataset):
    from villagescore.reports.comparison import render

    c, result = _comparison(toy_registry, toy_framework, toy_dataset)
    md = render(c, "md", "en").decode("utf-8")
    tail = md[md.index("## Provenance"):]
    assert "toy.csv" in tail and "--as-of 2015-01-01" in tail and result.provenance["framework"]["sha256"] in tail


def test_the_document_beside_a_csv_section_holds_the_runs_as_the_json_does(toy_registry, toy_framework, toy_dataset):
    from villagescore.reports.comparison_json import comparison_json
    from villagescore.reports.comparison_provenance import comparison_provenance_bytes

    c, _ = _comparison(toy_registry, toy_framework, toy_dataset)
    doc = json.loads(comparison_provenance_bytes(c, "ranks.csv"))
    assert doc["provenance_of"] == "ranks.csv" and doc["kind"] == "villagescore-comparison-provenance"
    assert doc["runs"] == json.loads(comparison_json(c))["runs"] and doc["options"] == c["options"]
    assert comparison_provenance_bytes(c, "ranks.csv") == comparison_provenance_bytes(c, "ranks.csv")


def test_the_document_beside_a_csv_section_records_the_language_of_its_labels(toy_registry, toy_framework,
                                                                             toy_dataset):
    """Audit 14: ``--lang vi`` and ``--lang en`` gave the same document though the table's labels differ."""
    from villagescore.reports.comparison_provenance import comparison_provenance_bytes

    docs = {lang: json.loads(comparison_provenance_bytes(_comparison(toy_registry, toy_framework, toy_dataset,
                                                                     lang)[0], "ranks.csv"))
            for lang in ("vi", "en")}
    assert docs["vi"]["lang"] == "vi" and docs["en"]["lang"] == "en"
    assert list(docs["vi"])[:3] == ["kind", "provenance_of", "lang"]


def test_a_regulation_version_is_named_in_the_language_of_the_view():
    from villagescore.reports.comparison_provenance import run_provenance

    run = {"framework": {"id": "toy"}, "provenance": {"framework": {"id": "toy"}},
           "regulations": {"decree-74-2024": {"document": "Decree 74/2024/NĐ-CP: regional minimum wage"}}}
    vi = dict(run_provenance(run, "vi"))["Các phiên bản văn bản quy định mà ngưỡng áp dụng"]
    assert vi == "Nghị định 74/2024/NĐ-CP (decree-74-2024)"
    en = dict(run_provenance(run, "en"))["Regulation versions its thresholds apply"]
    assert en == "Decree 74/2024/NĐ-CP: regional minimum wage (decree-74-2024)"


def test_a_regulation_s_declared_title_follows_its_number_in_vietnamese():
    """Audit 14: a titled decision read "Quyết định 148/QĐ-TTg (ocop-decision-148-2023)" in compare's provenance
    block, where explain and the reports give its Vietnamese title after the number."""
    from villagescore.reports.comparison_provenance import run_provenance

    run = {"framework": {"id": "ocop"}, "provenance": {"framework": {"id": "ocop"}},
           "regulations": {"ocop-decision-148-2023": {
               "document": "Decision 148/QĐ-TTg (24/02/2023): OCOP product criteria and rating process",
               "title": {"vi": "Bộ tiêu chí và quy trình đánh giá, phân hạng sản phẩm OCOP",
                         "en": "OCOP criteria and rating process"}}}}
    vi = dict(run_provenance(run, "vi"))["Các phiên bản văn bản quy định mà ngưỡng áp dụng"]
    assert vi == ("Quyết định 148/QĐ-TTg Bộ tiêu chí và quy trình đánh giá, phân hạng sản phẩm OCOP "
                  "(ocop-decision-148-2023)")


def test_the_document_beside_a_csv_section_records_a_missing_byte_order_mark(toy_registry, toy_framework,
                                                                              toy_dataset):
    """Audit 16 #3: ``compare --no-bom`` changed the CSV section, not its provenance file."""
    from villagescore.reports.comparison_provenance import comparison_provenance_bytes

    c, _ = _comparison(toy_registry, toy_framework, toy_dataset)
    assert "bom" not in json.loads(comparison_provenance_bytes(c, "ranks.csv"))
    assert json.loads(comparison_provenance_bytes(c, "ranks.csv", bom=False))["bom"] is False
