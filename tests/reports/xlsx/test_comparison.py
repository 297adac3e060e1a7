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
    # the province mapping table the comparison grouped by, then each run
    assert prov[0] == ["Provenance", "Value"] and prov[1][0] == "Province mapping table (2025 reform)"
    assert prov[1][1].startswith("provinces-2025.csv (shipped with villagescore), SHA-256 ")
    assert prov[2] == ["Result", "toy.csv"]
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


def test_every_number_of_every_sheet_has_the_format_of_its_kind_in_both_languages(toy_result, toy_registry,
                                                                                   toy_framework):
    """Audit 15: the overall score, the groups' statistics and the tier shares were written ``General``.

    The overall column was found by a header it does not have, the statistics and shares never at all;
    the rating and pillars were named without their ids, unlike a result's workbook.
    """
    from tests.reports.test_comparison import _over_time
    from villagescore.reports.xlsx import render_comparison

    for lang, overall, mean, share in (("vi", "Tổng hợp", "Trung bình", "Tỷ lệ"), ("en", "Overall", "Mean", "Share")):
        for options in ({"villages": ["v2@2024", "v1@2024"], "by": "province"}, {"villages": ["v2"]}):
            wb = _book(render_comparison(_over_time(toy_result, toy_registry, toy_framework, lang=lang, **options),
                                         lang))
            for ws in wb.worksheets:
                numbers = [(ws.cell(1, cell.column).value, cell.number_format) for row in ws.iter_rows(min_row=2)
                           for cell in row if isinstance(cell.value, float)]
                assert all(fmt != "General" for _head, fmt in numbers), (ws.title, numbers)
        rows = list(wb.worksheets[0].iter_rows())
        head = [cell.value for cell in rows[0]]
        assert rows[1][head.index(overall)].number_format == "0.0"
        assert any(h.endswith("(env)") for h in head)  # a pillar: Label (id)
        rating = rows[1][head.index(overall) + 1].value
        assert rating.endswith(("(low)", "(mid)", "(high)")), rating
        c = _over_time(toy_result, toy_registry, toy_framework, lang=lang, by="province")
        groups = list(_book(render_comparison(c, lang)).worksheets[1].iter_rows())
        head = [cell.value for cell in groups[0]]
        assert groups[1][head.index(mean)].number_format == "0.0"
        shares = [k for k, h in enumerate(head) if h.startswith(f"{share} ") and h.endswith(")")]
        assert shares and all(groups[1][k].number_format == "0.0%" for k in shares)
