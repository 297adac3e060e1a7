"""The identity columns: ids, names, years, sectors."""

import pytest

from .helpers import problems_of, write_csv


def test_a_sectors_cell_naming_no_sector_is_a_problem(tmp_path, toy_registry):
    body = "v1,Một,X,Hà Nội,;,2024,1,2,3,1,A,x,10,5\nv2,Hai,X,Hà Nội, ; ,2024,1,2,3,1,A,x,10,5\n"
    problems = problems_of(write_csv(tmp_path, body), toy_registry)
    assert [(p.where, p.column, p.value, p.rule) for p in problems] == [
        ("row 2", "sectors", ";", "required"), ("row 3", "sectors", ";", "required")]
    assert problems[0].allowed == "alpha, beta"


def test_an_identity_cell_that_is_a_pasted_block_of_text_is_refused(tmp_path, toy_registry):
    path = write_csv(tmp_path, f"v1,{'L' * 5000},X,HN,alpha,2024,80,90,25,1,A,x,100,50\n")
    problems = problems_of(path, toy_registry)
    assert [(p.column, p.rule) for p in problems] == [("name", "too_long")]
    assert len(problems[0].format()) < 300


@pytest.mark.parametrize("cells", [["a;b", " a ; ", None, "", ";", "b", "a;b"], [], [1.0, None, "x"]])
def test_split_sectors_splits_each_cell_into_its_own_list(cells):
    import pandas as pd

    from villagescore.datasets import split_sectors

    series = pd.Series(cells, dtype=object, index=range(10, 10 + len(cells)), name="sectors")
    expected = series.fillna("").astype(str).str.split(";").map(lambda ps: [p.strip() for p in ps if p.strip()])
    got = split_sectors(series)
    pd.testing.assert_series_equal(got, expected)
    assert len({id(v) for v in got}) == len(got)  # a new list per row: changing one changes no other


@pytest.mark.parametrize("cells", [["a;b", " a ; ", None, "", ";", "b", "c;a;b"], [], [1.0, None, "x"], [None]])
def test_named_sectors_are_the_ids_of_every_split_cell(cells):
    import pandas as pd

    from villagescore.datasets import split_sectors
    from villagescore.datasets.identity import named_sectors

    series = pd.Series(cells, dtype=object, name="sectors")
    assert named_sectors(series) == {s for parts in split_sectors(series) for s in parts}
