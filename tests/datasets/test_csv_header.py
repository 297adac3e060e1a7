"""A CSV's column names below row 1: a title line (plain or padded with commas) or blank rows above them."""

import pytest

from villagescore.datasets import ReadOptions, read_dataset
from villagescore.errors import DatasetError

from .helpers import HEADER

ROW = "v1,Một,X,Hà Nội,alpha,2024,1,2,3,1,A,x,10,5\n"


@pytest.mark.parametrize(("above", "message"), [
    # a plain title line, every row longer than it: pandas warned ("ParserWarning"), said as 96 ragged rows
    ("BÁO CÁO SỐ LIỆU LÀNG NGHỀ\n", "the column names are on row 2, not on row 1: delete the row(s) above them"),
    ("BÁO CÁO,,,\n", "the column names are on row 2, not on row 1: delete the row(s) above them"),  # padded, short
    ("BÁO CÁO" + "," * 13 + "\n", "the column names are on row 2, not on row 1: delete the row(s) above them"),
    # blank lines above the header: pandas found no columns in row 1, said as "the file has no header row"
    ("\n\n", "the column names are on row 3, not on row 1: the row(s) above them are blank; delete them"),
    ("\nBÁO CÁO\n", "the column names are on row 3, not on row 1: delete the row(s) above them"),
])
def test_column_names_below_row_1_are_said_with_their_row(tmp_path, toy_registry, above, message):
    path = tmp_path / "f.csv"
    path.write_text(above + HEADER + ROW, encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        read_dataset(path, toy_registry)
    (p,) = info.value.problems
    assert (p.where, p.rule) == ("row 1", "header_row") and p.message.startswith(message)
    assert "dòng" in p.format("vi") and "tiêu đề có 1" not in p.format("vi")


def test_a_title_line_of_a_semicolon_file_is_said_too(tmp_path, toy_registry):
    path = tmp_path / "f.csv"
    path.write_text("BÁO CÁO\n" + (HEADER + ROW).replace(",", ";"), encoding="utf-8")
    with pytest.raises(DatasetError, match="the column names are on row 2, not on row 1"):
        read_dataset(path, toy_registry, options=ReadOptions(csv_locale="vi"))


def test_blank_rows_above_unknown_column_names_are_said_as_blank_rows(tmp_path, toy_registry):
    path = tmp_path / "f.csv"
    path.write_text("\n\nv,w\n1,2\n", encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        read_dataset(path, toy_registry)
    (p,) = info.value.problems
    assert p.message == ("the first 2 row(s) are blank: the file must start with the column names on row 1; delete "
                         "the blank rows")
