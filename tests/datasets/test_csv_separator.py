"""The first record of a CSV (quote-aware) and the separator chosen from it."""

import pytest

from villagescore.datasets.csv_separator import first_record, separator
from villagescore.errors import DatasetError


@pytest.mark.parametrize(("text", "record"), [
    ("a,b\nc", "a,b"), ('"x\ny";b\nc', '"x\ny";b'), ('"x,y\nz";b\r\n1;2', '"x,y\nz";b'),
    ('a"b,c\nd', 'a"b,c'), ('a,"q""x\ny",c\nz', 'a,"q""x\ny",c'), ('"open\nmore', '"open')])
def test_the_first_record_ends_at_the_first_line_break_outside_quotes(text, record):
    assert first_record(text, True) == record


def test_a_quoted_cell_open_at_the_end_of_what_is_decoded_asks_for_more():
    assert first_record('"open\nmore', False) is None


@pytest.mark.parametrize(("header", "locale", "sep"), [
    ('"Mã, làng\nvillage_id";"name"', "vi", ";"), ('"Tên; làng\nvillage_id","name"', "default", ","),
    ('village_id,name', "vi", ","), ('village_id;name', "vi", ";")])
def test_the_separator_is_read_outside_quoted_cells(header, locale, sep):
    assert separator(header, "f.csv", locale) == sep


def test_a_semicolon_header_with_commas_inside_its_labels_is_told_to_use_the_option():
    with pytest.raises(DatasetError, match="separated by semicolons"):
        separator('"Mã, làng\nvillage_id";"name"', "f.csv", "default")


def test_a_comma_separated_file_under_vi_needs_a_quoted_decimal_comma():
    from villagescore.datasets.csv_separator import refuse_commas_without_vietnamese_numbers

    for evidence in (b'a,b\nv1,"4,5"\n', b'a,b\n"1.234,5",x\r\n', b'a,b\nv1," 62,4 %"'):
        refuse_commas_without_vietnamese_numbers(evidence, 0, "f.csv")
    for plain in (b"a,b\nv1,1.250\n", 'a,b\n"Thôn 4,5",1\n'.encode(), b'a,b\nv1,"4,5 ha"\n'):
        with pytest.raises(DatasetError, match="leave the option out"):
            refuse_commas_without_vietnamese_numbers(plain, 0, "f.csv")
