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
    assert prov[1][:3] == ["toy.csv", "toy", "1.0"]
