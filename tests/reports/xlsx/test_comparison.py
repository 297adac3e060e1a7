"""The workbook of a comparison."""


from tests.reports.xlsx.helpers import _book, _rows


def test_comparison_workbook(toy_result):
    from villagescore.admin_mapping import load_mapping
    from villagescore.compare import compare, load_table
    from villagescore.reports.xlsx import render_comparison

    c = compare(load_table([("toy.csv", toy_result)]), by="province", min_group=2, lang="en", mapping=load_mapping())
    data = render_comparison(c, "en")
    assert render_comparison(c, "en") == data
    wb = _book(data)
    assert wb.sheetnames[:2] == ["rankings", "groups"] and wb.sheetnames[-1] == "provenance"
    rows = _rows(wb["rankings"])
    overall = rows[0].index("Overall")
    # overall scores stay numbers: 88.3333, 43.3333, 29.5833 in rank order
    assert [r[overall] for r in rows[1:]] == [88.3333, 43.3333, 29.5833]
    prov = _rows(wb["provenance"])
    # each run's provenance as an evaluate report gives it, opened by the run's name
    assert prov[0] == ["Provenance", "Value"] and prov[1] == ["Result", "toy.csv"]
    assert ["Framework id", "toy"] in prov and ["Framework version", "1.0"] in prov


def test_the_groups_sheet_says_how_much_rests_on_estimates(toy_result):
    import json

    from villagescore.admin_mapping import load_mapping
    from villagescore.compare import compare, load_table
    from villagescore.reports.xlsx import render_comparison

    doc = json.loads(toy_result.to_json())
    for v, share in zip(doc["villages"], (0.6, 0.2, 0.9), strict=True):  # Hà Nội: v1, v2; Bắc Ninh: v3
        v["estimates"] = {"share": share}
    c = compare(load_table([("doc", doc)]), by="province", min_group=1, lang="en", mapping=load_mapping())
    rows = _rows(_book(render_comparison(c, "en"))["groups"])
    at = rows[0].index("Estimated share of inputs (mean)")
    assert rows[0][at + 1] == "Village-years mostly on estimates"
    assert {r[1]: (r[at], r[at + 1]) for r in rows[1:]} == {"Bắc Ninh": (0.9, 1), "Hà Nội": (0.4, 1)}


def test_the_sheet_of_changes_node_by_node_is_named_for_what_it_lists(toy_result, toy_registry, toy_framework):
    """Audit 13: the sheet "Thay đổi theo tiêu chí" (by criterion) listed the pillars alone."""
    from tests.reports.test_comparison import _over_time
    from villagescore.reports.xlsx import render_comparison

    pillars = _over_time(toy_result, toy_registry, toy_framework, lang="vi")
    assert "Thay đổi theo trụ cột" in _book(render_comparison(pillars, "vi")).sheetnames
    assert "pillar-changes" in _book(render_comparison(pillars, "en")).sheetnames
    every_level = _over_time(toy_result, toy_registry, toy_framework, villages=["v2"], lang="vi")
    assert "Thay đổi theo từng mục" in _book(render_comparison(every_level, "vi")).sheetnames


def test_the_provenance_sheet_gives_every_plugin_file_hash_in_full(toy_result):
    """Audit 14: the comparison's workbook cut a plugin data file's SHA-256 to 12 digits; a result's gives 64."""
    import json

    from villagescore.compare import compare, load_table
    from villagescore.compare.analysis import AS_RECORDED
    from villagescore.reports.xlsx import render_comparison

    doc = json.loads(toy_result.to_json())
    full = "ab" * 32
    doc["provenance"]["plugins"] = [{"name": "vn_ttcn", "version": "0.1.0",
                                     "files": [{"file": "regulations.yaml", "sha256": full}]}]
    c = compare(load_table([("doc", doc)]), lang="en", mapping=AS_RECORDED)
    prov = _rows(_book(render_comparison(c, "en"))["provenance"])
    assert ["Plugins: vn_ttcn", f"0.1.0 (regulations.yaml {full})"] in prov
