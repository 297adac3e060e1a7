"""The identity columns: ids, names, years, sectors."""

import numpy as np
import pandas as pd
import pytest

from villagescore.datasets.text import PYTHON_TEXT

from .helpers import HEADER, problems_of, write_csv


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


def test_an_empty_province_is_accepted_when_the_former_province_is_given(tmp_path, toy_registry):
    from villagescore.datasets import read_dataset

    header = HEADER.replace("province,", "province,former_province,", 1)
    path = write_csv(tmp_path, "v1,Một,X,,Bắc Giang,alpha,2024,1,2,3,1,A,x,10,5\n", header=header)
    ds = read_dataset(path, toy_registry)  # a village recorded only under its pre-2025 province
    assert ds.frame["province"].tolist() == [None] and ds.frame["former_province"].tolist() == ["Bắc Giang"]
    path = write_csv(tmp_path, "v1,Một,X,,,alpha,2024,1,2,3,1,A,x,10,5\n", header=header)
    problems = problems_of(path, toy_registry)  # neither: still refused
    assert [(p.where, p.column, p.rule) for p in problems] == [("row 2", "province", "required")]


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


def test_a_repeated_village_year_names_the_row_that_holds_it_first(tmp_path, toy_registry):
    row = "{v},Một,X,Hà Nội,alpha,{y},80,90,25,1,A,x,100,50\n"
    body = "".join(row.format(v=v, y=y) for v, y in (("v1", 2024), ("v2", 2024), ("v1", 2025), ("v1", 2024),
                                                     ("v2", 2024), ("v1", 2024)))
    problems = problems_of(write_csv(tmp_path, body), toy_registry)
    assert sorted((p.where, p.rule, p.message) for p in problems) == [
        ("row 5", "duplicate", "duplicate village_id for the same year: row 2 holds it already"),
        ("row 6", "duplicate", "duplicate village_id for the same year: row 3 holds it already"),
        ("row 7", "duplicate", "duplicate village_id for the same year: row 2 holds it already")]
    assert "dòng 2 đã có làng-năm này" in problems[0].format("vi")


def test_a_file_pasted_twice_counts_its_repeats_without_naming_each_first_row(tmp_path, toy_registry):
    from villagescore.datasets import identity

    rows = [f"v{i},Một,X,Hà Nội,alpha,2024,80,90,25,1,A,x,100,50\n" for i in range(identity._NAMED_DUPLICATES + 1)]
    problems = problems_of(write_csv(tmp_path, "".join(rows * 2)), toy_registry)
    assert len(problems) == len(rows)
    assert {p.message for p in problems} == {"duplicate village_id for the same year"}


def test_a_replacement_character_in_an_identity_cell_is_a_problem_of_its_row(tmp_path, toy_registry):
    """'H\ufffd N\ufffdi': a lossy re-encoding left U+FFFD where it could not read a letter (L6)."""
    body = ("v1,Một,X,H\ufffd N\ufffdi,alpha,2024,80,90,25,1,A,x,100,50\n"
            "v2,Hai,X\ufffd,Hà Nội,alpha,2024,80,90,25,1,A,x,100,50\n"
            "v3,Ba,X,Hà Nội,alpha,2024,80,90,25,1,A,x,100,50\n")
    problems = problems_of(write_csv(tmp_path, body), toy_registry)
    assert sorted((p.where, p.column, p.rule) for p in problems) == [
        ("row 2", "province", "replacement_character"), ("row 3", "commune", "replacement_character")]
    assert "re-encoded with a loss; re-export as UTF-8" in problems[0].message


def test_repeated_village_years_are_found_with_or_without_repeated_ids():
    import numpy as np
    import pandas as pd

    from villagescore.datasets.identity import _repeated

    for ids, years, expected in (
        (["a", "b", "c"], [2024, 2024, 2024], [False, False, False]),  # every id once: nothing to look for
        (["a", "a", "b", "a"], [2024, 2025, 2024, 2024], [False, False, False, True]),
        (["a", np.nan, np.nan], [2024, 2024, 2024], [False, False, False]),  # empty ids: masked by the caller
    ):
        column = pd.Series(ids, dtype="str")
        given = column.notna().to_numpy()
        got = _repeated(column, column.astype(object), np.array(years, dtype=float)) & given
        assert got.tolist() == [e and g for e, g in zip(expected, given, strict=True)]
        general = _repeated(column.astype(object), column.astype(object), np.array(years, dtype=float)) & given
        assert got.tolist() == general.tolist()


def test_without_sectors_to_score_a_cell_naming_none_is_empty_but_an_unknown_one_is_a_problem():
    """A framework scoring no sector makes the column optional: ``;`` counts as blank (second review, finding 3)."""
    import pandas as pd

    from villagescore.datasets.collector import Collector
    from villagescore.datasets.identity import _check_sectors

    sectors = pd.Series([";", " ; ", "alpha", "gamma", None], dtype=object)  # a blank cell is read as missing
    frame = pd.DataFrame({"sectors": sectors})
    optional, required = Collector("x.csv", frame), Collector("x.csv", frame)
    joined = _check_sectors(sectors, optional, {"alpha", "beta"}, required=False)
    assert joined.tolist() == ["", "", "alpha", "gamma", ""]
    assert [(p.value, p.rule) for p in optional.problems] == [("gamma", "unknown_sector")]
    _check_sectors(sectors, required, {"alpha", "beta"})
    assert sorted(p.rule for p in required.problems) == ["required", "required", "unknown_sector"]


@pytest.mark.parametrize("column", [pd.Series([np.nan] * 3, name="former_district"),
                                    pd.Series([np.nan, "Hà Tây", np.nan], dtype=PYTHON_TEXT, name="former_province"),
                                    pd.Series([], dtype=float, name="former_district")])
def test_identity_cells_as_objects_are_what_converting_the_column_gives(column):
    from villagescore.datasets.identity import _objects

    blank = column.isna().to_numpy()
    expected = column.astype(object)
    expected = expected.where(~blank, None) if blank.any() else expected
    pd.testing.assert_series_equal(_objects(column, blank), expected)


def test_a_year_out_of_range_is_quoted_as_written_not_grouped_as_a_number(tmp_path, toy_registry):
    """A workbook's number cell 1800 was quoted ``1.800`` in Vietnamese once numbers were grouped per language."""
    from .helpers import write_workbook

    rows = [HEADER.strip().split(","), ["v1", "Một", "X", "Hà Nội", "alpha", 1800, 1, 2, 3, 1, "A", "x", 10, 5]]
    (year,) = [p for p in problems_of(write_workbook(tmp_path, rows), toy_registry) if p.column == "year"]
    assert year.format("vi").endswith("cột 'year' = '1800': năm nằm ngoài khoảng cho phép: ghi năm của số liệu "
                                      "bằng bốn chữ số (cho phép: từ 1900 đến 2100)")


def test_a_year_with_a_thousands_dot_gets_the_readers_hint_not_a_whole_year(tmp_path, toy_registry):
    """2.024 (a year typed with Vietnamese grouping) was reported "year is not a whole year"."""
    body = ("v1,Một,X,Hà Nội,alpha,2.024,1,2,3,1,A,x,10,5\n"
            "v2,Hai,X,Hà Nội,alpha,2024.5,1,2,3,1,A,x,10,5\n")
    problems = problems_of(write_csv(tmp_path, body), toy_registry)
    found = sorted((p.where, p.value, p.message) for p in problems if p.column == "year")
    assert found == [("row 2", "2.024", "year is not a whole year: '.' separates thousands; write 2024 without a "
                                        "thousands separator"),
                     ("row 3", "2024.5", "year is not a whole year")]
    (said,) = [p for p in problems if p.value == "2.024"]
    assert "'.' ngăn cách hàng nghìn; hãy viết 2024" in said.format("vi")


def test_a_year_out_of_range_is_said_to_be_so_and_a_fraction_not_a_whole_year(tmp_path, toy_registry):
    """1800 was reported "year is not a whole year"."""
    body = ("v1,Một,X,Hà Nội,alpha,1800,1,2,3,1,A,x,10,5\n"
            "v2,Hai,X,Hà Nội,alpha,2024.5,1,2,3,1,A,x,10,5\n")
    problems = problems_of(write_csv(tmp_path, body), toy_registry)
    found = sorted((p.where, p.value, p.message, p.allowed) for p in problems if p.column == "year")
    assert found == [("row 2", "1800", "year is out of range: write the year the data describe, as four digits",
                      "1900 to 2100"), ("row 3", "2024.5", "year is not a whole year", "1900 to 2100")]


def test_an_empty_identity_cell_is_named_by_its_label_with_the_id_beside(tmp_path, toy_registry):
    """Fourteenth walk: an empty name read 'cột 'name': name bị bỏ trống', the id bare where a label should be."""
    problems = problems_of(write_csv(tmp_path, ",,X,HN,,,1,2,3,1,A,x,10,5\n"), toy_registry)
    said = {p.column: (p.format("en"), p.format("vi")) for p in problems if p.rule == "required"}
    assert set(said) == {"village_id", "name", "sectors", "year"}
    assert said["name"][0].endswith("column 'name': the village name (name) cell is empty")
    assert said["name"][1].endswith("cột 'name': ô tên làng nghề (name) bị bỏ trống")
    assert said["sectors"][1].endswith("ô ngành nghề (sectors) bị bỏ trống")
    assert said["village_id"][1].endswith("ô mã làng nghề (village_id) bị bỏ trống")
    assert said["year"][0].endswith("the year of the data (year) cell is empty")


def test_a_survey_date_written_day_first_is_told_the_date_to_write(tmp_path, toy_registry):
    """Fourteenth walk: '15/06/2021' was refused without offering 2021-06-15, and the English lacked the label."""
    header = HEADER.strip() + ",survey_date\n"
    cells = ["15/06/2021", "06/15/2022", "05.06.2025", "2023/06/31"]
    body = "".join(f"v{k},Một,X,HN,alpha,2024,80,90,25,1,A,x,10,5,{c}\n" for k, c in enumerate(cells))
    said = {p.where: (p.format("en"), p.format("vi")) for p in problems_of(write_csv(tmp_path, body, header=header),
                                                                           toy_registry)}
    assert said["row 2"][0].endswith("survey_date (survey date) is not written YYYY-MM-DD: write 2021-06-15 (allowed: "
                                     "a date such as 2024-06-15, or nothing (31 December of the year))")
    assert "hãy viết 2021-06-15" in said["row 2"][1]
    assert "write 2022-06-15 (" in said["row 3"][0]  # month first: the only reading
    assert ("write 2025-06-05 if the day comes first (as dates are written in Vietnam), 2025-05-06 if the month does"
            in said["row 4"][0])
    assert "survey_date (survey date) is not a date written YYYY-MM-DD (" in said["row 5"][0]


def test_a_village_id_in_capitals_or_with_diacritics_is_told_the_slug_to_write(tmp_path, toy_registry):
    """Sixteenth walk: 'Van-Phuc' was told only 'must be an ASCII slug': the problem is its capitals."""
    body = ("Van-Phuc,Một,X,Hà Nội,alpha,2024,1,2,3,1,A,x,10,5\nvạn phúc,Hai,X,Hà Nội,alpha,2024,1,2,3,1,A,x,10,5\n"
            "v#3,Ba,X,Hà Nội,alpha,2024,1,2,3,1,A,x,10,5\n")
    problems = problems_of(write_csv(tmp_path, body), toy_registry)
    said = {p.where: p.format("en") for p in problems if p.column == "village_id"}
    assert "ASCII slug in lower case: write 'van-phuc'" in said["row 2"]
    assert "without diacritics, spaces or capitals: write 'van-phuc', for instance" in said["row 3"]
    assert said["row 4"].endswith("village_id must be an ASCII slug (allowed: lower-case a-z, 0-9, '-', '_', '.' "
                                  "(e.g. 'phung-xa-my-duc'))")


def test_a_no_break_space_inside_an_identity_text_is_read_as_a_plain_space(tmp_path, toy_registry):
    """Audit 16 I#5: 'Hà\\xa0Nội' (pasted from Word or a web page) was kept in result JSON though grouping joined it."""
    from villagescore.datasets import read_dataset

    path = write_csv(tmp_path, "v1,Làng\u00a0Một,Xã  X,Hà\u00a0Nội,alpha,2024,1,2,3,1,A,x,10,5\n"
                               "v2,Hai,X,Hà Nội,beta,2024,1,2,3,1,A,x,10,5\n", header=HEADER)
    frame = read_dataset(path, toy_registry).frame
    assert frame["name"].tolist() == ["Làng Một", "Hai"]
    assert frame["commune"].tolist() == ["Xã X", "X"]
    assert frame["province"].tolist() == ["Hà Nội", "Hà Nội"]


def test_a_direction_override_in_a_name_is_refused_like_a_control_character(tmp_path, toy_registry):
    """U+202E shows a name backwards; '“Làng” – 2024' (quotes and a dash share its first two bytes) stays valid."""
    body = ("v1,Làng\u202eA,X,Hà Nội,alpha,2024,80,90,25,1,A,x,100,50\n"
            "v2,“Hai” – B,X,Hà Nội,alpha,2024,80,90,25,1,A,x,100,50\n"
            "v3,Ba,X\u2066,Hà Nội,alpha,2024,80,90,25,1,A,x,100,50\n")
    problems = problems_of(write_csv(tmp_path, body), toy_registry)
    assert sorted((p.where, p.column, p.rule) for p in problems) == [
        ("row 2", "name", "control_character"), ("row 4", "commune", "control_character")]
