"""CSV rows shorter than the header are refused (a missing comma would shift every later value)."""

import pytest

from villagescore.datasets import read_dataset
from villagescore.errors import DatasetError

from .helpers import HEADER, write_csv

GOOD = "v1,Một,X,Hà Nội,alpha,2024,80,90,25,1,A,x,100,50\n"


def _problems(tmp_path, registry, body, name="d.csv"):
    with pytest.raises(DatasetError) as info:
        read_dataset(write_csv(tmp_path, body, name), registry)
    return info.value.problems


def test_a_row_one_comma_short_is_refused_with_its_row(tmp_path, toy_registry):
    short = "v2,Hai,X,Hà Nội,alpha,2024,80,90,25,1,A,x,100\n"  # 13 fields: 'craft' would be empty, 'total' 100
    problems = _problems(tmp_path, toy_registry, GOOD + short + GOOD.replace("v1", "v3"))
    assert [(p.where, p.rule) for p in problems] == [("row 3", "short_row")]
    assert problems[0].message.startswith("the row has 13 fields but the header has 14: a missing comma shifts")
    assert "dòng 3" in problems[0].format("vi") and "13" in problems[0].format("vi")


def test_every_short_row_is_named_blank_lines_and_empty_trailing_cells_are_not(tmp_path, toy_registry):
    body = (GOOD + "\n" + "v2,Hai,X,Hà Nội,alpha,2024,80,90,25,1,A,x,100,\n"  # an empty last cell: 14 fields
            + "v3,Ba,X,Hà Nội,alpha,2024,80\n" + ",,,\n" + "v4,Bốn,X,Hà Nội,alpha,2024\n")
    problems = _problems(tmp_path, toy_registry, body)
    assert [(p.where, p.params) for p in problems] == [("row 5", (("n", 7), ("width", 14))),
                                                        ("row 7", (("n", 6), ("width", 14)))]


def test_quoted_cells_count_as_one_field_even_across_lines(tmp_path, toy_registry):
    quoted = 'v2,"Làng Hai, thôn Đông",X,Hà Nội,alpha,2024,80,90,25,1,A,x,100\n'
    assert [p.where for p in _problems(tmp_path, toy_registry, GOOD + quoted)] == ["row 3"]
    multiline = 'v2,"Làng Hai\nthôn Đông",X,Hà Nội,alpha,2024,80,90,25,1,A,x,100,50\n'
    short_after = "v3,Ba,X,Hà Nội,alpha,2024,80,90,25,1,A,x\n"
    assert [p.where for p in _problems(tmp_path, toy_registry, GOOD + multiline + short_after)] == ["row 4"]
    full = GOOD + 'v2,"Làng Hai, thôn Đông",X,Hà Nội,alpha,2024,80,90,25,1,A,x,100,\n'
    assert len(read_dataset(write_csv(tmp_path, full, "ok.csv"), toy_registry).frame) == 2


def test_a_file_whose_last_column_is_never_empty_is_not_scanned(tmp_path, toy_registry, monkeypatch):
    from villagescore.datasets import csv_rows

    def scanned(*args):
        raise AssertionError("scanned")

    monkeypatch.setattr(csv_rows, "_fields_by_line", scanned)
    assert len(read_dataset(write_csv(tmp_path, GOOD + GOOD.replace("v1", "v2")), toy_registry).frame) == 2


def test_the_vietnamese_locale_counts_semicolons(tmp_path, toy_registry):
    path = tmp_path / "vi.csv"
    path.write_text(HEADER.replace(",", ";") + "v1;Một;X;Hà Nội;alpha;2024;80;90;25;1;A;x\n", encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        _read_vi(path, toy_registry)
    assert [(p.where, p.rule) for p in info.value.problems] == [("row 2", "short_row")]


def _read_vi(path, registry):
    from villagescore.datasets import ReadOptions

    return read_dataset(path, registry, options=ReadOptions(csv_locale="vi"))


def test_short_and_long_rows_are_all_named_in_one_report(tmp_path, toy_registry):
    short = "v2,Hai,X,Hà Nội,alpha,2024,80,90,25,1,A\n"  # 11 fields
    body = short + GOOD.replace("\n", ",7\n") + GOOD.replace("v1", "v3").replace("\n", ",7,8\n") + "\n" + GOOD
    problems = _problems(tmp_path, toy_registry, body)
    assert [(p.where, p.rule, p.message.split(":")[0]) for p in problems] == [
        ("row 2", "short_row", "the row has 11 fields but the header has 14"),
        ("row 3", "long_row", "the row has 15 fields but the header has 14 (a stray comma?)"),
        ("row 4", "long_row", "the row has 16 fields but the header has 14 (a stray comma?)")]


def test_ragged_rows_beyond_the_first_thousand_are_counted(tmp_path, toy_registry):
    long = GOOD.replace("\n", ",7\n")
    problems = _problems(tmp_path, toy_registry, long * 1003)
    assert len(problems) == 1001
    assert problems[-1].message == "… and 3 more rows longer or shorter than the header"


def test_ragged_rows_of_a_semicolon_file_name_the_semicolon(tmp_path, toy_registry):
    """--csv-locale vi: a row one field long or short speaks of ';', not of a comma (fourteenth walk)."""
    good = GOOD.replace(",", ";")
    long = good.replace("v1", "v2").replace("\n", ";7\n")
    path = write_csv(tmp_path, good + long, header=HEADER.replace(",", ";"))
    with pytest.raises(DatasetError) as info:
        _read_vi(path, toy_registry)
    assert [p.message for p in info.value.problems] == ["the row has 15 fields but the header has 14 (a stray ';'?)"]
    short = good.replace("v1", "v2").replace(";50\n", "\n")
    path = write_csv(tmp_path, good + short, header=HEADER.replace(",", ";"))
    with pytest.raises(DatasetError) as info:
        _read_vi(path, toy_registry)
    (p,) = info.value.problems
    assert "a missing ';' shifts" in p.message and "comma" not in p.message and "dấu ';'" in p.format("vi")
