"""Rankings carry how much of each score rests on estimates, from every kind of source."""

import json

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def villages_result():
    import villagescore as vs

    return vs.evaluate(REPO / "datasets" / "villages" / "villages.csv")


def test_ranked_rows_carry_the_estimated_share_of_each_village_year(villages_result):
    from villagescore.compare import compare, load_table

    rows = compare(load_table([("villages", villages_result)]), lang="en")["rankings"]["rows"]
    expected = {(vid, int(year)): round(float(share), 4) for vid, year, share in zip(
        villages_result.frame["village_id"], villages_result.frame["year"], villages_result.estimated_share,
        strict=True)}
    assert {(r["village_id"], r["year"]): r["estimated_share"] for r in rows} == expected


def test_a_result_document_gives_the_same_shares(villages_result, tmp_path):
    from villagescore.compare import compare, load_table, table_from_file
    from villagescore.resultdoc import write_json

    path = tmp_path / "villages.json"
    with open(path, "wb") as handle:
        write_json(villages_result, handle)
    fresh = compare(load_table([("a", villages_result)]), lang="en")["rankings"]["rows"]
    read = compare(load_table([("a", table_from_file(path, "a"))]), lang="en")["rankings"]["rows"]
    assert [r["estimated_share"] for r in read] == [r["estimated_share"] for r in fresh]
    assert json.loads(path.read_text(encoding="utf-8"))["schema_version"] == 2


def test_text_views_say_when_ranks_rest_mostly_on_estimates(villages_result):
    from villagescore.compare import compare, load_table
    from villagescore.reports.comparison import sections

    c = compare(load_table([("villages", villages_result)]), lang="en")
    mostly = sum(1 for r in c["rankings"]["rows"] if r["estimated_share"] >= 0.5)
    assert mostly >= 1
    (rankings,) = [s for s in sections(c, "en") if s["key"] == "rankings"]
    assert any(n.startswith(f"{mostly} of {len(c['rankings']['rows'])} village-years rest for 50 % or more")
               for n in rankings["notes"])
    (csv_rankings,) = [s for s in sections(c, "en", text=False) if s["key"] == "rankings"]
    assert csv_rankings["header"][-1] == "Estimated share of inputs"
    assert [row[-1] for row in csv_rankings["rows"]] == [r["estimated_share"] for r in c["rankings"]["rows"]]
