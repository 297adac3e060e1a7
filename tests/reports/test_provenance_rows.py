"""The provenance rows the documents print: the scored rows' hash and the plugins' data-file hashes (audit 14 #1)."""

from __future__ import annotations

PROVENANCE = {
    "engine_version": "0.1.0",
    "framework": {"id": "toy", "version": "1.0", "sha256": "f" * 64, "resolved_sha256": "e" * 64,
                  "lineage": [{"id": "toy", "version": "1.0", "sha256": "f" * 64}]},
    "dataset": {"file": "villages.csv", "sha256": "a" * 64, "metadata_sha256": "b" * 64, "rows_sha256": "c" * 64},
    "plugins": [{"name": "ceramics", "version": "0.1.0", "files": [{"file": "catalogue.yaml", "sha256": "d" * 64}]},
                {"name": "external_demo", "version": "0.3.0"}],
}


def test_the_scored_rows_hash_is_printed_and_said_to_be_a_subset_of_the_file():
    from villagescore.reports.provenance_rows import provenance_rows

    assert dict(provenance_rows(PROVENANCE, "en"))[
        "Scored rows SHA-256 (the village-years scored: a subset of the file)"] == "c" * 64
    assert dict(provenance_rows(PROVENANCE, "vi"))[
        "SHA-256 các dòng đã chấm (các làng-năm được chấm: một phần của tệp)"] == "c" * 64
    whole = {**PROVENANCE, "dataset": {"file": "villages.csv", "sha256": "a" * 64}}
    assert not any("rows" in name.lower() for name, _ in provenance_rows(whole, "en"))


def test_each_plugin_is_printed_with_its_data_files_hashes_short_on_the_page_and_full_in_the_detail():
    from villagescore.reports.provenance_rows import plugin_file_rows, provenance_rows

    assert dict(provenance_rows(PROVENANCE, "en"))["Plugins"] == (
        "ceramics 0.1.0 (catalogue.yaml dddddddddddd), external_demo 0.3.0")
    assert plugin_file_rows(PROVENANCE["plugins"], "en") == [
        ("Plugins: ceramics", f"0.1.0 (catalogue.yaml {'d' * 64})"), ("Plugins: external_demo", "0.3.0")]


def test_the_markdown_report_of_one_village_carries_both(tmp_path):
    """The auditor's case: ``evaluate … --village "Bát Tràng" --year 2024 -o e1.md`` had neither hash."""
    from pathlib import Path

    import villagescore as vs
    from villagescore.reports import markdown

    path = Path(__file__).parents[2] / "datasets" / "villages" / "villages.csv"
    result = vs.evaluate(path, villages="Bát Tràng")
    text = markdown.render(result, "en").decode("utf-8")
    rows_sha = result.provenance["dataset"]["rows_sha256"]
    files = [f["sha256"][:12] for p in result.provenance["plugins"] for f in p.get("files", [])]
    assert rows_sha in text and files and all(short in text for short in files)


def test_the_framework_s_missing_data_policy_is_one_row_in_each_language():
    """Audit 16 #5: no report said how missing values were treated (left out below 2/3 coverage)."""
    from villagescore.model import MissingDataPolicy
    from villagescore.reports.provenance_rows import provenance_rows

    policy = MissingDataPolicy("exclude", 2 / 3)
    assert dict(provenance_rows(PROVENANCE, "en", policy))["Missing data (the framework's default)"] == (
        "left out, its weight shared among the others (exclude); minimum coverage 66.67 %")
    assert dict(provenance_rows(PROVENANCE, "vi", policy))["Dữ liệu thiếu (mặc định của bộ tiêu chí)"] == (
        "loại khỏi phép tính, trọng số chia cho các mục còn lại (exclude); độ phủ tối thiểu 66,67 %")
    assert not any("Missing" in name for name, _ in provenance_rows(PROVENANCE, "en"))


def test_the_mapping_table_is_named_with_its_hash_its_origin_and_its_rows_confidence_in_each_language():
    from villagescore.reports.provenance_rows import mapping_rows

    record = {"file": "alt-map.csv", "sha256": "9" * 64, "shipped": False,
              "confidence": {"secondary": 1200, "surprise": 1}}
    assert mapping_rows(record, "en") == [("Province mapping table (2025 reform)",
                                           f"alt-map.csv (given with --mapping), SHA-256 {'9' * 64}; rows by "
                                           "confidence: secondary source (secondary): 1,200, surprise (surprise): 1")]
    ((label, text),) = mapping_rows({**record, "shipped": True, "confidence": {}}, "vi")
    assert label == "Bảng chuyển đổi tỉnh/thành (sắp xếp năm 2025)"
    assert text == f"alt-map.csv (bảng kèm theo villagescore), SHA-256 {'9' * 64}; số dòng theo độ tin cậy: không ghi"
    assert "nguồn thứ cấp (secondary): 1.200" in mapping_rows(record, "vi")[0][1]
    assert mapping_rows("as_recorded", "vi") == [("Bảng chuyển đổi tỉnh/thành (sắp xếp năm 2025)",
                                                  "không dùng: giữ tỉnh/thành như dữ liệu ghi")]
    assert mapping_rows(None, "en") == []  # a report written before the table was recorded
