"""Reading CSV files: BOM, NFD, separators, locales, blank lines, the csv module's limits."""

import unicodedata

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from villagescore.datasets import read_dataset
from villagescore.errors import DatasetError

from .helpers import GOOD_ROW, HEADER, problems_of, write_csv, write_workbook


def test_bom_and_nfd_are_accepted_and_normalised(tmp_path, toy_registry):
    nfd = unicodedata.normalize("NFD", "Làng Phùng Xá")
    row = f"v1,{nfd},Xã,Hà Nội,alpha,2024,1,2,3,1,A,x,10,5\n"
    plain = write_csv(tmp_path, row, "plain.csv")
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + plain.read_bytes())
    a = read_dataset(plain, toy_registry).frame
    b = read_dataset(bom, toy_registry).frame
    assert a["name"].iat[0] == unicodedata.normalize("NFC", "Làng Phùng Xá")
    assert a.equals(b)


@pytest.mark.parametrize("content, message", [
    (b"", "the file is empty"),
    (HEADER.encode(), "the file has a header but no village rows"),
    (HEADER.replace(",", ";").encode(), "separated by semicolons"),
    ((HEADER + "v1,Làng,X,Ha Noi,alpha,2024,1,2,3,1,A,x,10,5\n").encode("cp1258"), "not UTF-8"),
    (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xb4\x87", "a ZIP archive such as an Excel workbook, not CSV "
     r"text: name it with the suffix \.xlsx"),
])
def test_file_level_problems(tmp_path, toy_registry, content, message):
    path = tmp_path / "f.csv"
    path.write_bytes(content)
    with pytest.raises(DatasetError, match=message):
        read_dataset(path, toy_registry)


@pytest.mark.parametrize("content, where, message", [
    # a title above the table: pandas said "Error tokenizing data. C error: Expected 1 fields in line 3, saw 14"
    ("BÁO CÁO SỐ LIỆU 2025\n\n" + HEADER + "v1,Một,X,Hà Nội,alpha,2024,1,2,3,1,A,x,10,5\n", "row 1",
     "the column names are on row 3, not on row 1: delete the row(s) above them"),
    # a quote that never closes: "EOF inside string starting at row 1"
    (HEADER + 'v1,"Một,X,Hà Nội,alpha,2024,1,2,3,1,A,x,10,5\nv2,Hai,X,Hà Nội,alpha,2024,1,2,3,1,A,x,10,5\n', "row 2",
     "a quoted cell starting on row 2 is never closed"),
])
def test_a_layout_mistake_is_said_in_plain_words_not_in_pandas_words(tmp_path, toy_registry, content, where,
                                                                      message):
    path = tmp_path / "f.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        read_dataset(path, toy_registry)
    (p,) = info.value.problems
    assert p.where == where and p.message.startswith(message) and "C error" not in p.message
    assert "tokeniz" not in p.format("vi") and "dòng" in p.format("vi")


def test_rows_are_numbered_as_in_the_sheet_when_blank_rows_are_skipped(tmp_path, toy_registry):
    # the bad value sits in sheet row 5 (header 1, v1 in 2, rows 3-4 blank); it used to be called row 3
    bad = ["v2", *GOOD_ROW[1:6], "abc", *GOOD_ROW[7:]]
    xlsx = write_workbook(tmp_path, [HEADER.strip().split(","), GOOD_ROW, [], [], bad])
    assert [(p.where, p.column) for p in problems_of(xlsx, toy_registry)] == [("row 5", "a")]
    # the same in CSV: record 5 of the file (blank lines count, as a spreadsheet shows them)
    body = ",".join(map(str, GOOD_ROW)) + "\n\n\n" + ",".join(map(str, bad)) + "\n"
    assert [(p.where, p.column) for p in problems_of(write_csv(tmp_path, body), toy_registry)] == [("row 5", "a")]


def test_csv_rows_with_only_commas_are_empty_rows_like_in_a_workbook(tmp_path, toy_registry):
    # Excel writes trailing formatted-but-empty rows as ",,,,": they hold no data
    body = ",".join(map(str, GOOD_ROW)) + "\n" + "," * 13 + "\n"
    ds = read_dataset(write_csv(tmp_path, body), toy_registry)
    assert ds.frame["village_id"].tolist() == ["v1"]


def test_a_name_with_a_dotted_number_is_not_a_number(tmp_path, toy_registry):
    path = write_csv(tmp_path, "v1,Làng 1.000 năm,X,HN,alpha,2024,80,90,25,1,A,x,100,50\n")
    assert read_dataset(path, toy_registry).frame["name"].iat[0] == "Làng 1.000 năm"


def test_vietnamese_locale_csv_is_read_with_its_separators(tmp_path, toy_registry):
    from villagescore.datasets import ReadOptions

    header = HEADER.replace(",", ";")
    path = write_csv(tmp_path, "v1;Một;X;HN;alpha;2024;80,5;90;1.250,75;1;A;x;7.000;5\n", header=header)
    frame = read_dataset(path, toy_registry, options=ReadOptions(csv_locale="vi")).frame
    assert frame[["a", "c", "total"]].iloc[0].tolist() == [80.5, 1250.75, 7000.0]
    with pytest.raises(DatasetError, match="separated by semicolons.*--csv-locale vi"):
        read_dataset(path, toy_registry)


def test_vietnamese_locale_refuses_numbers_in_another_format(tmp_path, toy_registry):
    from villagescore.datasets import ReadOptions

    vi = ReadOptions(csv_locale="vi")
    path = write_csv(tmp_path, "v1;Một;X;HN;alpha;2024;80.5;90;25;1;A;x;100;5\n", header=HEADER.replace(",", ";"))
    with pytest.raises(DatasetError) as caught:
        read_dataset(path, toy_registry, options=vi)
    assert [(p.column, p.rule) for p in caught.value.problems] == [("a", "locale")]
    comma = write_csv(tmp_path, "v1,Một,X,HN,alpha,2024,80,90,25,1,A,x,100,5\n", "comma.csv")
    with pytest.raises(DatasetError, match="separated by commas; leave the option out"):
        read_dataset(comma, toy_registry, options=vi)


def test_the_vietnamese_locale_refuses_a_comma_dot_file_once_never_reading_its_decimals_as_thousands(
        tmp_path, toy_registry):
    """Sixteenth walk: a comma-separated file without a quoted decimal comma ("4,5") is not Vietnamese."""
    from villagescore.datasets import ReadOptions

    vi = ReadOptions(csv_locale="vi")
    dots = write_csv(tmp_path, "v1,Một,X,HN,alpha,2024,80.5,90,1.250,1,A,x,100,5\n"
                     "v2,Hai,X,HN,alpha,2024,81.5,90,2.500,1,A,x,100,5\n", "dots.csv")
    with pytest.raises(DatasetError) as caught:
        read_dataset(dots, toy_registry, options=vi)
    assert len(caught.value.problems) == 1
    assert "leave the option out" in caught.value.problems[0].message
    label = write_csv(tmp_path, 'v1,"Một, 1,5",X,HN,alpha,2024,80,90,1.250,1,A,x,100,5\n', "label.csv")
    with pytest.raises(DatasetError, match="leave the option out"):  # a quoted comma in a name is no evidence
        read_dataset(label, toy_registry, options=vi)


def test_a_field_longer_than_the_csv_module_limit_is_read(tmp_path, toy_registry):
    # a row with one field too many sends the reader to the csv module, which limits fields to 131,072 characters
    long = "x" * 200_000
    path = write_csv(tmp_path, f"v1,{long},X,HN,alpha,2024,80,90,25,1,A,x,100,50,extra\n")
    problems = problems_of(path, toy_registry)
    assert [p.where for p in problems] == ["row 2"]
    assert "15 fields but the header has 14" in problems[0].message


def test_a_byte_that_is_not_utf8_is_named_also_after_a_bom(tmp_path, toy_registry):
    body = "v1,Làng,X,HN,alpha,2024,1,2,3,1,A,x,10,5\n".encode("cp1258")
    for prefix in (b"", b"\xef\xbb\xbf"):
        path = tmp_path / "f.csv"
        path.write_bytes(prefix + HEADER.encode() + body)
        with pytest.raises(DatasetError, match=r"byte 0xe0 on line 2\)") as caught:
            read_dataset(path, toy_registry)
        assert caught.value.problems[0].where == "row 2"


def test_an_infinite_year_is_reported_without_a_warning(tmp_path, toy_registry, recwarn):
    problems = problems_of(write_csv(tmp_path, "v1,Một,X,HN,alpha,inf,80,90,25,1,A,x,100,50\n"), toy_registry)
    assert [(p.column, p.rule) for p in problems] == [("year", "type")]
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


_PIECES = ["7", "12", "1", "0", ".", ".000", ".5", ".123", ".1234", "+", "-", ",", "\n", " ", "a", "à", "_", "x",
           "1.234.567", "e", "\r\n", '"']


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40), st.booleans(), st.sampled_from([5, 7, 64, 1 << 22]))
def test_the_byte_scan_for_dotted_numbers_never_misses_one(pieces, bom, step):
    """``_may_hold_dot_groups`` may say yes wrongly (the slow path decides), never no wrongly; exact for ASCII."""
    from villagescore.datasets.csv import _may_hold_dot_groups
    from villagescore.datasets.numbers import DOT_GROUPS_IN_TEXT

    text = "".join(pieces)
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    found = DOT_GROUPS_IN_TEXT.search(text) is not None
    maybe = _may_hold_dot_groups(data, 3 if bom else 0, step=step)
    assert maybe or not found
    if text.isascii():
        assert maybe == found


def test_the_byte_scan_finds_a_dotted_number_across_its_blocks_of_a_mebibyte():
    """At the default block size, among 180,000 points that start no group, as the regex finds it."""
    from villagescore.datasets.csv import _may_hold_dot_groups
    from villagescore.datasets.numbers import DOT_GROUPS_IN_TEXT

    filler = b"80.25,1.5,12.3456,-0.75\n" * 45_000  # points, none before a group of three digits
    assert not _may_hold_dot_groups(filler, 0)
    for at in range((1 << 20) - 6, (1 << 20) + 2):
        for number in (b"7.000", b"7.0001", b"7.000.", b"7.00", b""):  # a cut number may become one too (12.345)
            data = filler[:at] + b"," + number + b"," + filler[at:]
            found = DOT_GROUPS_IN_TEXT.search(data[at - 64:at + 64].decode()) is not None  # the filler holds none
            assert _may_hold_dot_groups(data, 0) == found, (at, number)


def test_a_dotted_number_in_a_large_file_is_still_kept_as_text(tmp_path, toy_registry):
    # thousands of numbers with three decimals that are not ambiguous (0.125), then one that is (7.000)
    rows = "".join(f"v{i},Một,X,HN,alpha,2024,80.25,90,25,1,A,x,100,50,0.125\n" for i in range(3000))
    path = write_csv(tmp_path, rows + "v9999,Một,X,HN,alpha,2024,80,90,25,1,A,x,7.000,5,0.125\n",
                     header=HEADER.strip() + ",x_ratio\n")
    problems = problems_of(path, toy_registry)
    assert [(p.where, p.column, p.rule) for p in problems] == [("row 3002", "total", "thousands")]


_BAD_BYTES = [b"\xff", b"\xe0", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x80"]
_FIELDS = [b"1", b"2.5", b"-3", b"TRUE", b"", b"x", b'"a,b"', b'"q""q"', b"1e5", b"nan", b" 7 ", "Làng".encode()]


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(st.lists(st.sampled_from(_FIELDS), min_size=1, max_size=4), min_size=1, max_size=5),
       st.sampled_from(_BAD_BYTES), st.data(), st.booleans(), st.sampled_from([b"\n", b"\r\n"]))
def test_a_byte_that_is_not_utf8_is_found_wherever_it_is(tmp_path_factory, rows, bad, data, bom, eol):
    """pandas reads the bytes; a byte that is not UTF-8 anywhere is named as the whole-file check names it."""
    from villagescore.datasets import read_csv

    width = len(rows[0])
    body = eol.join(b",".join((r + [b""] * width)[:width]) for r in rows) + eol
    cut = data.draw(st.integers(0, len(body)))
    raw = (b"\xef\xbb\xbf" if bom else b"") + b",".join(b"c%d" % k for k in range(width)) + eol
    raw += body[:cut] + bad + body[cut:]
    path = tmp_path_factory.mktemp("bad") / "b.csv"
    path.write_bytes(raw)
    start = 3 if bom else 0
    try:
        raw[start:].decode("utf-8")
    except UnicodeDecodeError as exc:
        at = start + exc.start
    line = raw[:at].count(b"\n") + 1
    with pytest.raises(DatasetError, match=rf"not UTF-8 \(byte 0x{raw[at]:02x} on line {line}\)"):
        read_csv(path)


@pytest.mark.parametrize("storage", ["python", "pyarrow"])
def test_text_columns_are_python_strings_whatever_pandas_stores_text_in(tmp_path, storage):
    if storage == "pyarrow":
        pytest.importorskip("pyarrow")
    from villagescore.datasets.csv import read_csv
    from villagescore.datasets.text import PANDAS_2, PYTHON_TEXT

    if PANDAS_2:  # 2.3 has the str dtype, but read_csv gives it only with future.infer_string
        pytest.skip("pandas 2 reads text as object arrays (of Python str)")

    path = tmp_path / "d.csv"
    path.write_text("village_id,year,province,note,x\nv1,2024,Hà Nội,a,1.5\nv2,2024,,b,\n", encoding="utf-8")
    with pd.option_context("mode.string_storage", storage):
        frame = read_csv(path).frame
    assert [str(frame[c].dtype.storage) for c in ("village_id", "province", "note")] == ["python"] * 3
    assert frame["note"].dtype == PYTHON_TEXT and frame["x"].dtype == "float64"


def test_a_nul_byte_is_kept_in_the_cell_it_is_in():
    # pandas 2's C parser ended the cell at the NUL (12\x003 read as 12); pandas 3 keeps it, as the reader does
    # on both; the file also holds the character the pandas 2 path would first pick to stand for the NUL
    from villagescore.datasets.csv import _parse_csv

    data = "village_id,name,a,b\x00c\nv1,M\x00Hai,12\x003,1\nv2,\x00X,5,2\n\ue000,,,3\n".encode()
    frame = _parse_csv(data, 0, "x.csv", ",", "default")
    assert list(frame.columns) == ["village_id", "name", "a", "b\x00c"]
    assert frame.astype(object).where(frame.notna(), None).values.tolist() == [
        ["v1", "M\x00Hai", "12\x003", 1], ["v2", "\x00X", "5", 2], ["\ue000", None, None, 3]]


def test_numbers_of_17_digits_are_read_as_float_reads_them():
    # pandas 2's default parser read 449.49106478873813 as 449.4910647887381 (one unit in the last place off)
    from villagescore.datasets.csv import _parse_csv

    texts = ["449.49106478873813", "0.30000000000000004", "1.7976931348623157e308", "5e-324", "2.2250738585072014e-308",
             "123456789012345.67", "9007199254740993.5"]
    data = ("village_id,x\n" + "".join(f"v{k},{t}\n" for k, t in enumerate(texts))).encode()
    frame = _parse_csv(data, 0, "x.csv", ",", "default")
    assert frame["x"].tolist() == [float(t) for t in texts]


@pytest.mark.parametrize(("cells", "expected"), [
    (["9" * 30, "5", ""], [int("9" * 30), 5, None]),  # pandas 2 read the whole column as text
    (["-" + "9" * 30, " 5"], [-int("9" * 30), 5]),
    (["1e400", "5"], [float("inf"), 5.0]),
    (["-1e400", "9" * 30, "inf"], [float("-inf"), 1e30, float("inf")]),
    (["1e400", "abc"], ["1e400", "abc"]),  # text stays text
])
def test_a_number_too_large_is_read_as_pandas_3_reads_it(cells, expected):
    from villagescore.datasets.csv import _parse_csv

    data = ("village_id,x\n" + "".join(f"v{k},{c}\n" for k, c in enumerate(cells))).encode()
    column = _parse_csv(data, 0, "x.csv", ",", "default")["x"]
    got = column.astype(object).where(column.notna(), None).tolist()
    assert got == expected and [type(v) for v in got] == [type(v) for v in expected]


def test_a_column_typed_otherwise_in_two_parts_of_a_large_file_says_no_pandas_warning(tmp_path, recwarn):
    """Reviewed 2026-12-07: pandas' own DtypeWarning ("Columns (32: …) have mixed types") reached the user raw."""
    from villagescore.datasets.csv import read_csv

    rows = ["village_id,year,x"] + [f"v{i},2024,{'TRUE' if i % 2 else 'FALSE'}" for i in range(300_000)]
    path = tmp_path / "big.csv"
    path.write_text("\n".join([*rows, "w,2024,1.5"]) + "\n", encoding="utf-8")
    with pytest.warns(pd.errors.DtypeWarning):  # what pandas says of this file (booleans, then a number)
        pd.read_csv(path, keep_default_na=False, na_values=[""])
    raw = read_csv(path)
    assert len(raw.frame) == 300_001 and str(raw.frame["x"].iloc[-1]) == "1.5"
    assert not [w for w in recwarn if "mixed types" in str(w.message)]


@pytest.mark.parametrize(("bom", "encoding"), [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")])
def test_a_utf16_file_is_named_with_what_to_save_it_as(tmp_path, toy_registry, bom, encoding):
    """Excel's 'Unicode Text' (UTF-16, BOM FF FE) was said as "not UTF-8 (byte 0xff on line 1)"."""
    text = (HEADER + "v1,Một,X,Hà Nội,alpha,2024,1,2,3,1,A,x,10,5\n").replace(",", "\t")
    path = tmp_path / "f.csv"
    path.write_bytes(bom + text.encode(encoding))
    (p,) = problems_of(path, toy_registry)
    assert p.message.startswith("the file is UTF-16 text (Excel's 'Unicode Text'), not UTF-8: in Excel, save it as")
    assert p.message.endswith("'CSV UTF-8 (Comma delimited)'")
    assert "UTF-16" in p.format("vi") and "hãy lưu thành" in p.format("vi")


@pytest.mark.parametrize("locale", ["default", "vi"])
def test_a_tab_separated_file_is_told_what_to_save_it_as(tmp_path, toy_registry, locale):
    from villagescore.datasets import ReadOptions

    path = write_csv(tmp_path, "v1\tMột\tX\tHà Nội\talpha\t2024\t1\t2\t3\t1\tA\tx\t10\t5\n",
                     header=HEADER.replace(",", "\t"))
    with pytest.raises(DatasetError) as info:
        read_dataset(path, toy_registry, options=ReadOptions(csv_locale=locale))
    (p,) = info.value.problems
    assert p.where == "row 1" and "separated by tabs" in p.message
    if locale == "vi":  # Fourteenth walk: was told "villagescore reads comma-separated files", though it reads ';'
        assert "with --csv-locale vi villagescore reads files with ';' between columns" in p.message
        assert "comma-separated" not in p.message and "--csv-locale vi" in p.format("vi")
        return
    assert p.message.endswith("in Excel, save it as 'CSV UTF-8 (Comma delimited)'")


def _labelled(header, sep):
    """``header`` with each name under a quoted Vietnamese label on the line above, as Excel saves the survey."""
    names = header.strip().split(",")
    labels = ["Mã làng nghề", "Tên, làng nghề"] + [f"Cột {k}; số" for k in range(2, len(names))]
    return sep.join(f'"{label}\n{n}"' for label, n in zip(labels, names, strict=True)) + "\r\n"


def test_the_separator_is_chosen_from_the_whole_quoted_header(tmp_path, toy_registry):
    from villagescore.datasets import ReadOptions

    # the header's cells are quoted and hold a line break (and a ',' or a ';'): the first line alone says nothing
    body = "v1;Một;X;HN;alpha;2024;80,5;90;25;1;A;x;100;5\r\nv2;Hai;X;HN;alpha;2024;abc;90;25;1;A;x;100;5\r\n"
    path = write_csv(tmp_path, body, header=_labelled(HEADER, ";"))
    with pytest.raises(DatasetError, match="separated by semicolons.*--csv-locale vi") as caught:
        read_dataset(path, toy_registry)
    assert len(caught.value.problems) == 1
    problems = problems_of(path, toy_registry, options=ReadOptions(csv_locale="vi"))
    assert [(p.where, p.column) for p in problems] == [("row 3", "a")]  # the record's row, as the sheet shows it
    comma = write_csv(tmp_path, body.replace("80,5", "80.5").replace("abc", "70").replace(";", ","), "comma.csv",
                      header=_labelled(HEADER, ","))
    assert read_dataset(comma, toy_registry).frame["a"].iloc[0] == 80.5


def test_the_vietnamese_locale_reads_a_comma_separated_file_with_quoted_decimal_commas(tmp_path, toy_registry):
    """Sixteenth walk: Google Sheets with a Vietnam locale writes ',' between columns, "4,5" and 6.340.000."""
    from villagescore.datasets import ReadOptions

    vi = ReadOptions(csv_locale="vi")
    path = write_csv(tmp_path, 'v1,Một,X,HN,alpha,2024,"80,5",90,1.250,1,A,x,100,5\n')
    assert read_dataset(path, toy_registry, options=vi).frame[["a", "c"]].iloc[0].tolist() == [80.5, 1250.0]
    unquoted = write_csv(tmp_path, "v1,Một,X,HN,alpha,2024,80,5,90,25,1,A,x,100,5\n", "unquoted.csv")
    problems = problems_of(unquoted, toy_registry, options=vi)
    assert [(p.where, p.rule) for p in problems] == [("row 2", "long_row")]
    assert 'write it in quotes, "4,5"' in problems[0].message
    # without the option the advice to use it holds: the option then reads the file
    assert "--csv-locale vi" in problems_of(path, toy_registry)[0].message


def test_utf8_text_drops_the_bom_and_names_a_byte_that_is_not_utf8():
    from villagescore.datasets.csv import utf8_text

    assert utf8_text("\ufeffa,b\nHà,Nội\n".encode(), "t.csv") == "a,b\nHà,Nội\n"
    with pytest.raises(DatasetError, match=r"row 3: the file is not UTF-8 \(byte 0xe0 on line 3\)"):
        utf8_text(b"a,b\nx,y\nH\xe0,N\n", "t.csv")
