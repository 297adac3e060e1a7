"""A table page's paging and facet parameters, checked before Datasette reads them."""

import asyncio
from urllib.parse import urlsplit

import pytest

from villagescore.serve.parameters import first_page

from .conftest import require_datasette


@pytest.fixture(scope="module")
def get(served_store):
    require_datasette()
    from villagescore.serve import build

    ds = build(served_store, lang="vi")

    def get(path):
        return asyncio.run(ds.client.get(path))

    return get


@pytest.mark.parametrize("path", ["/store/village_years?_next=garbage", "/store/village_years.json?_next=garbage",
                                  "/store/village_years?_sort=year&_next=abc,1", "/store/villages?_next=garbage",
                                  "/store/village_years?_next=1,2,3", "/store/village_years.csv?_next=x"])
def test_a_page_token_datasette_did_not_write_is_a_400_linking_to_the_first_page(get, capsys, path):
    """Seventeenth walk: ``?_next=garbage`` answered an empty page (read as "no villages"); on a view, a 500."""
    res = get(path)
    assert res.status_code == 400 and res.headers["x-frame-options"] == "DENY"  # answered inside the guard
    said = res.json()["error"] if ".json" in path else res.text
    assert "không phải mã trang của bảng này" in said and "is not a page token of this table" in said
    if ".json" in path:
        assert res.json()["first_page"] == "/store/village_years.json"
    elif path.endswith("_next=garbage"):
        assert f'href="{urlsplit(path).path}"' in res.text and "Trang đầu · First page" in res.text
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("start", ["/store/village_years.json?_size=7", "/store/villages.json?_size=7",
                                   "/store/village_years.json?_size=9&_sort=name",
                                   "/store/village_years.json?_size=9&_sort_desc=estimated_share",
                                   "/store/nodes.json?_size=11&_sort=label_vi"])
def test_every_page_datasette_links_to_still_answers(get, start):
    """The tokens Datasette writes (sorted on a number, a text, a column with empty cells; a view) pass the check."""
    url, seen = start, 0
    while url:
        doc = get(url).json()
        assert doc.get("ok", True), doc
        seen += len(doc["rows"])
        url = doc["next_url"] and urlsplit(doc["next_url"])._replace(scheme="", netloc="").geturl()
    assert seen == doc["filtered_table_rows_count"] > 7


@pytest.mark.parametrize(("query", "said"), [
    ("_size=-1", "_size=-1 không phải số dòng"), ("_size=abc", "_size=abc không phải số dòng"),
    ("_size=100000", "từ 1 đến 1000"), ("_size=0", "_size=0 không phải số dòng"),
    ("_facet_size=abc", "_facet_size=abc không phải số dòng"),
])
def test_a_page_size_that_is_not_a_number_of_rows_is_said_in_both_languages(get, query, said):
    res = get(f"/store/village_years?{query}")
    assert res.status_code == 400 and said in res.text and "is not a number of rows" in res.text


def test_every_problem_of_a_request_is_said_at_once(get):
    res = get("/store/village_years.json?_size=abc&_facet=nope&_next=x")
    assert res.status_code == 400
    assert [e.split("=")[0] for e in res.json()["errors"]] == ["_size", "_facet", "_next"]
    assert get("/store/village_years.json?_size=0").status_code == 200  # in JSON: the counts and facets alone


@pytest.mark.parametrize("query", ["_facet=nope", "_facet_array=nope&_facet_date=nope2", "_facet_array=name",
                                   "_facet=%7B%22column%22%3A%22province%22%7D", "_facet=%7Bbad"])
def test_a_facet_the_table_cannot_give_is_a_400_and_nothing_in_the_servers_log(get, capfd, query):
    """Seventeenth walk: each printed its SQL and warnings of coroutines never awaited to the server's terminal."""
    res = get(f"/store/village_years?{query}")
    assert res.status_code == 400 and "Yêu cầu không hợp lệ · Bad request" in res.text
    assert "không" in res.text.split("<h1>")[1].split("</h1>")[1]  # the reason in Vietnamese too
    printed = capfd.readouterr()
    assert printed.err == "" and printed.out == ""


def test_facets_the_table_can_give_still_answer(get):
    res = get("/store/village_years.json?_facet=commune&_facet_array=sectors&_facet_size=max")
    assert res.status_code == 200 and {"commune", "sectors"} <= set(res.json()["facet_results"])


def test_the_first_page_keeps_the_sort_and_filters():
    assert first_page("/s/t", {"_next": ["x"], "_sort": ["year"], "year": ["2021"]}) == "/s/t?_sort=year&year=2021"
    assert first_page("/s/t.json", {"_next": ["x"]}) == "/s/t.json"


@pytest.mark.parametrize("query", ["year__gt=abc", "year=202l", "overall_score__lte=năm%20mươi", "id__not=x"])
def test_a_number_column_compared_with_a_word_is_a_400_not_an_empty_page(get, query):
    """Seventeenth walk: ``year__gt=abc`` answered "0 rows", as if no village matched."""
    res = get(f"/store/village_years?{query}")
    assert res.status_code == 400 and "chứa số: hãy nhập một số" in res.text and "holds numbers" in res.text


def test_number_filters_that_are_numbers_and_text_filters_still_answer(get):
    assert get("/store/village_years.json?year=2021&overall_score__gt=10.5&year__not=-1&rating=x").status_code == 200
    assert get("/store/village_years.json?overall_score__gte=").status_code == 200  # an empty filter: Datasette's
