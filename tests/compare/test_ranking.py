"""Rankings carry how much of each score rests on estimates, from every kind of source."""

import json
import math

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


@pytest.mark.parametrize("per_year", [False, True])
def test_the_periods_counted_are_those_of_grouping_the_rows_by_period(villages_result, per_year):
    import pandas as pd

    from villagescore.compare import compare, load_table

    c = compare(load_table([("villages", villages_result)]), lang="en", per_year=per_year)
    rows = pd.DataFrame({"period": c["rankings"]["rows"].column("period"),
                         "score": c["rankings"]["rows"].column("score")})
    counts = rows.groupby("period", sort=True).agg(villages=("period", "size"), ranked=("score", "count"))
    assert c["rankings"]["periods"] == [{"period": p, "villages": int(r.villages), "ranked": int(r.ranked)}
                                        for p, r in counts.iterrows()]
    assert len(c["rankings"]["periods"]) == (1 if not per_year else len(set(villages_result.frame["year"])))


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
    assert csv_rankings["header"][-2:] == ["Estimated share of inputs", "Pillars unscored"]
    assert [row[-2] for row in csv_rankings["rows"]] == [r["estimated_share"] for r in c["rankings"]["rows"]]


def _rows_of(columns, pillars):
    from villagescore.compare.ranking import RankingRows

    return RankingRows(columns, pillars)


ODD = ["Làng \"gốm\" Bát Tràng", "a,b", "tab\tand\nnewline", "\\", None, "Hà Nội"]


@pytest.mark.parametrize("n", [0, 1, 6])
def test_ranking_rows_written_column_by_column_are_the_rows_json_would_write(n):
    columns = {"period": ["latest"] * n, "village_id": [f"v{i}" for i in range(n)], "name": ODD[:n],
               "year": [2024, None, 2025, 2024, 2023, 2022][:n],
               "sectors": ["weaving;ceramics", "", "x;", "a", "b", ""][:n],
               "rank": [1, 2, None, 4, 4, 6][:n], "score": [42.5, None, 0.0, 1e-05, 100.0, 33.3333][:n],
               "estimated_share": [None, 0.25, 1.0, 0.0, None, 0.5][:n],
               "big": [2**70, None, -5, 0, 7, 1][:n], "small": [None, -(2**63), 2**63 - 1, 0, 0, None][:n],
               "nothing": [None] * n}
    pillars = {"môi_trường": ([1.5, None, 2.0, 3.0, 4.0, 5.0][:n], [1, None, 2, 3, 3, 6][:n])}
    rows = _rows_of(columns, pillars)
    plain = list(rows)
    assert len(rows) == n
    assert rows.json_text() == json.dumps(plain, ensure_ascii=False, separators=(",", ":"))
    assert "".join(rows.json_pieces(size=4)) == rows.json_text()  # 6 rows: a piece of 4, then of 2
    assert rows == plain and not (rows != plain)
    if n:
        assert rows[0] == plain[0] and rows[-1] == plain[-1] and rows[1:] == plain[1:]
        assert plain[0]["sectors"] == ["weaving", "ceramics"]
        assert plain[0]["pillars"] == {"môi_trường": {"score": 1.5, "rank": 1}}
        with pytest.raises(IndexError):
            rows[n]


def test_ranking_rows_shared_between_processes_give_the_same_bytes(monkeypatch):
    monkeypatch.setenv("VILLAGESCORE_WORKERS", "2")
    n = 50  # pieces of 5 rows: enough for the chunks to be shared
    rows = _rows_of({"village_id": [f"v{i}" for i in range(n)], "name": [ODD[i % len(ODD)] for i in range(n)],
                     "score": [i / 7 for i in range(n)]}, {"p": ([float(i) for i in range(n)], list(range(n)))})

    assert b"".join(rows.json_bytes(size=5)) == rows.json_text().encode("utf-8")
    assert b"".join(_rows_of({}, {}).json_bytes()) == b"[]"


@pytest.mark.parametrize("distinct", [True, False])
def test_a_column_of_mostly_distinct_or_repeated_texts_is_written_as_json_writes_it(distinct):
    n = 1_500
    names = [f"Làng {k}" if distinct else ODD[k % len(ODD)] for k in range(n)]
    for k in (3, 700, 1_400):  # odd texts and missing cells inside and beyond the cells read first
        names[k], names[k + 1], names[k + 2] = ODD[0], None, ODD[2]
    rows = _rows_of({"name": names, "nan": [float("nan") if k % 7 else "x" for k in range(n)]}, {})
    plain = [{**row, "nan": None if row["nan"] != row["nan"] else row["nan"]} for row in rows]
    assert rows.json_text() == json.dumps(plain, ensure_ascii=False, separators=(",", ":"))


def test_ranking_rows_without_pillars_have_an_empty_pillars_object():
    rows = _rows_of({"village_id": ["a", "b"], "rank": [1, 2]}, {})
    assert rows.json_text() == '[{"village_id":"a","rank":1,"pillars":{}},{"village_id":"b","rank":2,"pillars":{}}]'
    assert rows[1] == {"village_id": "b", "rank": 2, "pillars": {}}


def test_a_national_comparison_writes_the_same_json_as_the_rows_encoded_one_by_one():
    import villagescore as vs
    from villagescore.compare import compare, load_table
    from villagescore.reports.comparison_json import PRETTY_ROWS, comparison_json

    result = vs.evaluate(REPO / "datasets" / "synthetic" / "national-sample-synthetic.csv")
    c = compare(load_table([("national", result)]), by="province", lang="vi")
    rows = c["rankings"]["rows"]
    assert len(rows) > PRETTY_ROWS  # written compact, the rows column by column
    plain = {**c, "rankings": {**c["rankings"], "rows": list(rows)},
             "groups": {**c["groups"], "rows": list(c["groups"]["rows"])}}  # the group rows are read by column too
    expected = json.dumps(plain, ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n"
    assert comparison_json(c) == expected.encode("utf-8")


def test_ranking_rows_give_a_column_and_a_selection_without_building_the_others():
    rows = _rows_of({"village_id": ["a", "b", "c"], "rank": [1, 2, None], "sectors": ["x;y", "", "x"]},
                    {"p": ([9.0, 8.0, None], [1, 2, None])})
    assert rows.column("rank") == [1, 2, None]
    picked = rows.select([2, 0, 0])  # in that order; a row may come twice (a village in two sector groups)
    assert list(picked) == [rows[2], rows[0], rows[0]]
    assert picked.json_text() == json.dumps([rows[2], rows[0], rows[0]], ensure_ascii=False, separators=(",", ":"))


@pytest.mark.parametrize("seed", range(6))
def test_ranked_rows_in_village_order_are_sorted_as_by_every_key(seed):
    """Rows in village order are ordered by period, unranked, rank alone (lexsort): the order of the six keys."""
    import numpy as np
    import pandas as pd

    from villagescore.compare.ranking import _ranked_order

    rng = np.random.default_rng(seed)
    n = 60
    s = pd.DataFrame({"period": rng.choice(["latest"] if seed < 3 else ["2024", "2025", "2023"], n).astype(object),
                      "rank": pd.array(np.where(rng.random(n) < 0.2, None, rng.integers(1, 6, n)), dtype="Int64"),
                      "village_id": rng.choice(["a", "b", "Bát Tràng", "syn-9"], n).astype(object),
                      "year": rng.integers(2022, 2025, n), "run": rng.integers(0, 2, n)})
    if seed % 2 == 0:
        s = s.sort_values(["village_id", "year", "run"], kind="stable")
    s.index = rng.permutation(n)
    s["_unranked"] = s["rank"].isna()
    expected = s.reset_index(drop=True).sort_values(["period", "_unranked", "rank", "village_id", "year", "run"],
                                                    kind="stable").index.tolist()
    assert _ranked_order(s).tolist() == expected


@pytest.mark.parametrize("n", [1, 6, 40])
def test_ranking_rows_made_from_fixed_width_cells_are_the_rows_json_would_write(n, monkeypatch):
    """The bytes written (``json_bytes``: fixed-width cells, padding deleted) are ``json.dumps`` of the rows."""
    from villagescore.compare import ranking

    k = [i % 6 for i in range(n)]
    columns = {"period": ["latest"] * n, "village_id": [f"v{i}" for i in range(n)], "name": [ODD[i] for i in k],
               "year": [[2024, None, 2025, 2024, 2023, 2022][i] for i in k],
               "sectors": [["weaving;ceramics", "", "x;", "a", "b", ""][i] for i in k],
               "rank": [[1, 2, None, 4, 4, 6][i] for i in k],
               "score": [[42.5, None, 0.0, 1e-05, 100.0, 1e16][i] for i in k],
               "minus_zero": [[0.0, -0.0, None, 1.5, 2.0, 3.0][i] for i in k],
               "big": [[2**70, None, -5, 0, 7, 1][i] for i in k],
               "ints": [[None, -(2**53) + 1, 0, 3, 3, None][i] for i in k],
               "nothing": [None] * n, "mixed": [[1, 2.5, None, "x", True, 3][i] for i in k]}
    pillars = {"môi_trường": ([[1.5, None, 2.0, 3.0, 4.0, 5.0][i] for i in k], [[1, None, 2, 3, 3, 6][i] for i in k])}
    rows = _rows_of(columns, pillars)
    expected = json.dumps(list(rows), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    assert b"".join(rows.json_bytes(size=4)) == expected
    monkeypatch.setattr(ranking, "MOST_PADDED", 0.0)  # every piece too padded: joined text by text
    assert b"".join(rows.json_bytes(size=4)) == expected


@pytest.mark.parametrize("n", [0, 1, 7, 40])
def test_ranking_rows_of_lazy_columns_are_those_of_their_lists(n):
    """Columns listed when read (:class:`LazyColumn`) give the rows, columns and bytes their lists give."""
    import math

    import numpy as np
    import pandas as pd

    from villagescore.compare.common import column_of

    k = [i % 7 for i in range(n)]
    floats = pd.Series([[42.5, None, 0.0, -0.0, 100.0, 1e16, 33.33335][i] for i in k], dtype=float)
    ints = pd.Series([[1, None, 3, 3, 2**53 + 2, 0, None][i] for i in k], dtype="Int64")
    gaps = pd.Series([math.nan] * n)
    numbers = {"score": column_of(floats, "float"), "rank": column_of(ints, "int"),
               "none": column_of(gaps, "float"), "years": column_of(gaps, "int")}
    pillar = (column_of(floats[::-1].to_numpy(), "float"), column_of(pd.Series(np.arange(n) * 1.0), "int"))
    texts = {"village_id": column_of(np.array([f"v{i}" for i in range(n)], dtype=object)),
             "name": column_of(pd.Series([ODD[i % len(ODD)] if i % 5 else math.nan for i in range(n)], dtype=object)),
             "period": column_of(pd.Series(["latest"] * n, dtype="str"))}
    typed = _rows_of({**texts, **numbers}, {"p": pillar})
    listed = _rows_of({c: v.tolist() for c, v in {**texts, **numbers}.items()},
                      {"p": tuple(v.tolist() for v in pillar)})
    assert None in listed.column("name") or n < 2
    assert list(typed) == list(listed) and typed.column("rank") == listed.column("rank")
    assert b"".join(typed.json_bytes(size=3)) == b"".join(listed.json_bytes(size=3)) == typed.json_text().encode()
    assert typed.json_text() == json.dumps(list(listed), ensure_ascii=False, separators=(",", ":"))
    assert np.array_equal(typed.numbers("score"), listed.numbers("score"), equal_nan=True)
    assert list(typed.select([n - 1, 0]) if n else []) == list(listed.select([n - 1, 0]) if n else [])


@pytest.mark.parametrize("texts", [["a", "bb", "Làng nghề ĐÔNG", "x" * 40], ["", "", "Hà"], ["\u2028", "é" * 3],
                                   ['a"b', "c"], ["a\\b"], ["tab\t"], ["nul\0x", "y"], ["a", None], ["a", math.nan]])
def test_distinct_texts_cut_from_one_encoded_text_are_the_cells_written_one_by_one(texts):
    import numpy as np

    from villagescore.compare.ranking import MOST_PADDED, _distinct_table, _distinct_texts
    from villagescore.fixed_rows import fixed

    table = _distinct_table(np.array(texts, dtype=object))
    if table is None:  # a text to escape, or a gap: written one by one
        assert any(not isinstance(t, str) or t != json.dumps(t, ensure_ascii=False)[1:-1] for t in texts)
        return
    expected = fixed(_distinct_texts(texts), "", MOST_PADDED)
    assert table.dtype == expected.dtype and table.tobytes() == expected.tobytes()


def test_random_distinct_texts_are_cut_as_written_one_by_one():
    import random

    import numpy as np

    from villagescore.compare.ranking import MOST_PADDED, _distinct_table, _distinct_texts
    from villagescore.fixed_rows import fixed

    rnd = random.Random(1)
    clean = "abcĐôàế xyz0123-—\u00a0日本"
    for k in range(500):
        alphabet = clean if k % 4 else clean + '"\\\n'  # mostly texts to cut, some to escape
        texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30))) for _ in range(rnd.randint(1, 50))]
        table, expected = _distinct_table(np.array(texts, dtype=object)), fixed(_distinct_texts(texts), "", MOST_PADDED)
        assert table is None or expected is None or (table.dtype == expected.dtype
                                                      and table.tobytes() == expected.tobytes())


@pytest.mark.parametrize("texts", [["a", "b"], ["Làng \"gốm\"", "b"], ["back\\slash", "b"], ["tab\t", "b"],
                                   ["nul\0", "b"], ["\x1f", "\x7f"], ["Hà Nội", "Đ", "😀"], ["", ""], ["\u2028"],
                                   ["\ud800", "b"], ["\ud800", "\""], ["x" * 70 + "\n", *(f"v{k}" for k in range(70))]])
def test_distinct_table_judges_escapes_as_the_encoder_does(texts):
    import numpy as np

    from villagescore.compare.ranking import _distinct_table
    from villagescore.resultdoc.encoding import encode_text

    joined = '"' + '"\0"'.join(texts) + '"\0'
    plain = len(encode_text(joined)) == len(joined) + 2 + 7 * len(texts)  # the encoder's own judgement
    try:
        table = _distinct_table(np.array(texts, dtype=object))
    except UnicodeEncodeError:  # a lone surrogate the encoder passes through: refused when the table is cut
        assert plain
        return
    if not plain:
        assert table is None
    else:
        assert [cell.decode("utf-8") for cell in table.tolist()] == [encode_text(t) for t in texts]
