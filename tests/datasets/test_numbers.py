"""How numbers are read: separators, percent signs, fractions, TRUE/FALSE, huge integers."""

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from villagescore.datasets import read_dataset

from .helpers import HEADER, problems_of, write_csv


@pytest.mark.parametrize("cells", [("TRUE", "FALSE"), ("TRUE", "")])
def test_true_false_in_a_number_column_is_not_read_as_1_and_0(tmp_path, toy_registry, cells):
    # pandas reads TRUE/FALSE as booleans (a bool column, or object with NaN): 'a' is a number in %
    rows = [f"v{i},Một,X,Hà Nội,alpha,2024,{cell},2,3,1,A,x,10,5" for i, cell in enumerate(cells, 1)]
    problems = problems_of(write_csv(tmp_path, "\n".join(rows) + "\n"), toy_registry)
    assert [(p.where, p.column, p.rule) for p in problems] == [
        (f"row {i + 2}", "a", "type") for i, c in enumerate(cells) if c]


def test_a_percentage_column_of_fractions_is_refused_naming_rows_and_the_way_out(tmp_path, toy_registry):
    path = write_csv(tmp_path, "v1,Một,X,HN,alpha,2024,0.8,0.9,25,1,A,x,100,50\n"
                            "v2,Hai,X,HN,beta,2024,0.4,0.7,150,0,B,y,200,20\n")
    problems = problems_of(path, toy_registry)
    assert {(p.column, p.rule) for p in problems} == {("a", "fraction_scale"), ("b", "fraction_scale")}
    text = next(p.format() for p in problems if p.column == "a")
    assert "row 2: 0.8, row 3: 0.4" in text
    assert "0.45 % instead of 45 %" in text
    assert '"scale": "fraction"' in text and "--percent-scale fraction" in text


def test_fractions_are_accepted_when_the_metadata_or_the_option_says_so(tmp_path, toy_registry):
    import json

    from villagescore.datasets import ReadOptions

    body = "v1,Một,X,HN,alpha,2024,0.8,0.9,25,1,A,x,100,50\nv2,Hai,X,HN,beta,2024,0.4,,150,0,B,y,200,20\n"
    path = write_csv(tmp_path, body)
    frame = read_dataset(path, toy_registry, options=ReadOptions(percent_scale="fraction")).frame
    assert frame["a"].tolist() == pytest.approx([80.0, 40.0])
    frame = read_dataset(path, toy_registry, options=ReadOptions(percent_scale="percent")).frame
    assert frame["a"].tolist() == pytest.approx([0.8, 0.4])
    meta = {"dataset": {"id": "d", "title": {"vi": "D", "en": "D"}, "kind": "illustrative"},
            "columns": {"a": {"source": "survey", "scale": "fraction"}, "b": {"source": "survey", "scale": "percent"}}}
    (tmp_path / "d.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    frame = read_dataset(path, toy_registry).frame
    assert frame["a"].tolist() == pytest.approx([80.0, 40.0])
    assert frame["b"].iat[0] == pytest.approx(0.9)


def test_percentages_typed_with_a_percent_sign_are_read_in_percentage_columns_only(tmp_path, toy_registry):
    path = write_csv(tmp_path, 'v1,Một,X,HN,alpha,2024,45%,90 %,25,1,A,x,100,50\n')
    assert read_dataset(path, toy_registry).frame[["a", "b"]].iloc[0].tolist() == [45.0, 90.0]
    path = write_csv(tmp_path, "v1,Một,X,HN,alpha,2024,45,90,25,1,A,x,100%,50\n", "p.csv")
    problems = problems_of(path, toy_registry)
    assert [(p.column, p.rule) for p in problems] == [("total", "percent")]


def test_a_percent_sign_is_never_scaled_as_a_fraction(tmp_path, toy_registry):
    from villagescore.datasets import ReadOptions

    path = write_csv(tmp_path, "v1,Một,X,HN,alpha,2024,70%,0.9,25,1,A,x,100,50\n"
                            "v2,Hai,X,HN,beta,2024,0.5,0.7,150,0,B,y,200,20\n"
                            "v3,Ba,X,HN,beta,2024,0.6,,150,0,B,y,200,20\n")
    frame = read_dataset(path, toy_registry, options=ReadOptions(percent_scale="fraction")).frame
    assert frame["a"].tolist() == pytest.approx([70.0, 50.0, 60.0])
    problems = problems_of(path, toy_registry)  # auto: the cells without a sign look like fractions
    assert [(p.column, p.rule) for p in problems] == [("a", "fraction_scale"), ("b", "fraction_scale")]
    assert "every value written without a '%' sign is between 0 and 1 (row 3: 0.5, row 4: 0.6)" in problems[0].message


def test_small_percentages_written_with_a_sign_are_not_taken_for_fractions(tmp_path, toy_registry):
    path = write_csv(tmp_path, "v1,Một,X,HN,alpha,2024,0.5%,20,25,1,A,x,100,50\n"
                            "v2,Hai,X,HN,beta,2024,0.7%,,150,0,B,y,200,20\n"
                            "v3,Ba,X,HN,beta,2024,0.2 %,,150,0,B,y,200,20\n")
    assert read_dataset(path, toy_registry).frame["a"].tolist() == pytest.approx([0.5, 0.7, 0.2])


@pytest.mark.parametrize("a", ["33.3", "33.3,x"])  # a column read as numbers, and one holding text
def test_a_fraction_scaled_value_out_of_range_is_quoted_as_written_and_scaled(tmp_path, toy_registry, a):
    """33.3 read as a fraction is refused, saying ``33.3 × 100 = 3,330`` (the twelfth walk); 150% is not scaled."""
    from villagescore.datasets import ReadOptions

    cell, other = (a.split(",") + ["0.5"])[:2]
    path = write_csv(tmp_path, f"v1,Một,X,HN,alpha,2024,{cell},0.9,25,1,A,x,100,50\n"
                            f"v2,Hai,X,HN,beta,2024,{other if other != 'x' else '150%'},,150,0,B,y,200,20\n")
    problems = problems_of(path, toy_registry, options=ReadOptions(percent_scale="fraction"))
    assert [(p.where, p.column, str(p.value), p.rule) for p in problems if p.column == "a"] == (
        [("row 2", "a", "33.3", "range")] if other != "x" else [
            ("row 2", "a", "33.3", "range"), ("row 3", "a", "150%", "range")])
    assert "(33.3 × 100 = 3,330, percent scale 'fraction')" in next(p.message for p in problems if p.column == "a")


@pytest.mark.parametrize(("cell", "rule", "text"), [
    ("7.000", "thousands", "'.' separates thousands (7000) or decimals (7)"),
    ('"7,000"', "thousands", "',' separates thousands (7000) or decimals (7)"),
    ('"1,5"', "whole_numbers_only", "'total' takes whole numbers only: write the whole number, without a decimal part"),
])
def test_numbers_with_separators_are_refused_with_the_way_to_write_them(tmp_path, toy_registry, cell, rule, text):
    body = f"v1,Một,X,HN,alpha,2024,80,90,25,1,A,x,{cell},5\nv2,Hai,X,HN,beta,2024,1,1,1,1,A,x,10,5\n"
    path = write_csv(tmp_path, body)
    problems = problems_of(path, toy_registry)
    assert [(p.where, p.column, p.rule) for p in problems] == [("row 2", "total", rule)]
    assert text in problems[0].message


@pytest.mark.parametrize(("cell", "vi", "en"), [
    ("95,5", "có dấu phẩy thập phân, nhưng 'total' chỉ nhận số nguyên: hãy viết số nguyên",
     "a decimal comma, but 'total' takes whole numbers only: write the whole number"),
    ("1.234.567", "ô văn bản có '.' ngăn cách hàng nghìn; hãy định dạng cột là Số (Number) rồi nhập lại 1234567",
     "a text cell where '.' separates thousands; format the column as Number and type 1234567 again"),
    ("7.000", "không rõ nghĩa: ô văn bản có '.'", "ambiguous: a text cell where '.' separates thousands (7000)"),
])
def test_a_workbook_is_not_told_to_use_the_csv_option(tmp_path, toy_registry, cell, vi, en):
    """``--csv-locale vi`` is for CSV files (audit finding 16): a workbook's text cell is typed again as a number."""
    from .helpers import GOOD_ROW, write_workbook

    row = [*GOOD_ROW[:12], cell, GOOD_ROW[13]]
    path = write_workbook(tmp_path, [HEADER.strip().split(","), row, ["v2", "Hai", *GOOD_ROW[2:]]])
    (problem,) = [p for p in problems_of(path, toy_registry) if p.column == "total"]
    assert vi in problem.format("vi") and en in problem.format("en")
    assert "--csv-locale" not in problem.format("vi") + problem.format("en")


def test_400_digit_integers_are_refused_not_crashed(tmp_path, toy_registry):
    import json

    big = "9" * 400
    problems = problems_of(write_csv(tmp_path, f"v1,Một,X,HN,alpha,2024,80,90,25,1,A,x,{big},50\n"), toy_registry)
    assert [(p.column, p.rule) for p in problems] == [("total", "too_large")]
    assert "an integer of 400 digits" in problems[0].format()
    row = dict(zip(HEADER.strip().split(","), ["v1", "Một", "X", "HN", "alpha", 2024, 80, 90, 25, 1, "A", "x", 0, 5],
                   strict=True))
    path = tmp_path / "big.json"
    path.write_text(json.dumps([row]).replace('"total": 0', f'"total": {big}'), encoding="utf-8")
    assert [(p.column, p.rule) for p in problems_of(path, toy_registry)] == [("total", "too_large")]


@pytest.mark.parametrize(("cell", "whole"), [("1.234.567", "1234567"), ('"1,234,567"', "1234567")])
def test_a_number_with_several_thousands_separators_is_refused_not_crashed(tmp_path, toy_registry, cell, whole):
    body = f"v1,Một,X,HN,alpha,2024,80,90,25,1,A,x,{cell},5\n"
    problems = problems_of(write_csv(tmp_path, body), toy_registry)
    assert [(p.where, p.column, p.rule) for p in problems] == [("row 2", "total", "thousands")]
    assert f"separates thousands; write {whole} without a thousands separator" in problems[0].message
    # --csv-locale vi reads 1.234.567 but not 1,234,567 (',' is its decimal comma): offered for the first only
    assert ("--csv-locale vi" in problems[0].message) == ("." in cell)


@pytest.mark.parametrize(("cell", "en", "vi"), [
    ("<190", "'<' gives a bound, not a value (a result below the detection limit?): leave the cell empty and say the "
             "limit in the metadata's note for this column, or write the limit (190) and mark this value \"quality\": "
             "\"estimated\"", "'<' chỉ cho một cận, không phải một giá trị"),
    ("≤ 0.5", "'≤' gives a bound", "ghi chính giới hạn (0.5)"),
    ("420 mg/l", "not a number: write 420 without the unit ('c' is in mg/L already)", "hãy viết 420, không kèm đơn vị"),
    ("0.42 g/l", "not a number: write the value as a number in mg/L, without units or words", "tính bằng mg/L"),
    ("5 triệu", "write the value as a number in mg/L, without units", "không kèm đơn vị hay chữ"),
    ("420 (mg/l)", "not a number: write 420 without the unit ('c' is in mg/L already)", "hãy viết 420, không kèm"),
    ("\"4,500,000 đ\"", "not a number: write the value as a number in mg/L, without units", "tính bằng mg/L"),
    ("4.500.000 VND", "not a number: write the value as a number in mg/L, without units", "tính bằng mg/L"),
])
def test_a_bound_or_a_number_with_its_unit_is_told_what_to_write(tmp_path, toy_registry, cell, en, vi):
    """Fourteenth walk: '<190' (below the detection limit) and '420 mg/l' were 'not a number' with no action."""
    body = f"v1,Một,X,HN,alpha,2024,80,90,{cell},1,A,x,10,5\n"
    [problem] = problems_of(write_csv(tmp_path, body), toy_registry)
    assert (problem.column, problem.rule) == ("c", "type")
    assert en in problem.format("en") and vi in problem.format("vi")


@settings(max_examples=100, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(["2024", " 2024 ", "2024.0", "1e3", "abc", "inf", "-0", "9" * 400, "", "7.000"]),
                min_size=0, max_size=30))
def test_few_distinct_texts_are_parsed_once_with_the_same_result(cells):
    import numpy as np
    import pandas as pd

    from villagescore.datasets.numbers import numeric

    series = pd.Series([c or np.nan for c in cells], dtype="str")
    values, bad = numeric(series)
    expected, expected_bad = numeric(series.astype(object))  # the cell-by-cell path
    np.testing.assert_array_equal(values, expected)
    np.testing.assert_array_equal(bad, expected_bad)


@pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2009"])
@pytest.mark.parametrize(("cell", "value"), [("5{s}000{s}000", 5_000_000.0), ("12{s}345", 12345.0)])
def test_digits_grouped_by_no_break_or_thin_spaces_are_read(tmp_path, toy_registry, space, cell, value):
    """Audit 2026-12 #5: '5 000 000' as Vietnamese Word/Excel write it was 'not a number', with no way out."""
    from .helpers import GOOD_ROW, write_workbook

    text = cell.format(s=space)
    path = write_csv(tmp_path, f"v1,Một,X,HN,alpha,2024,80,90,25,1,A,x,\"{text}\",5\n")
    assert read_dataset(path, toy_registry).frame["total"].tolist() == [value]
    row = list(GOOD_ROW)
    row[12] = text  # a text cell of a workbook, as pasted from Word
    book = write_workbook(tmp_path, [HEADER.strip().split(","), row])
    assert read_dataset(book, toy_registry).frame["total"].tolist() == [value]


@pytest.mark.parametrize(("cell", "value"), [("5\u00a0000\u00a0000", 5_000_000.0), ("1\u202f234,5", 1234.5),
                                             ("-2\u2009500", -2500.0)])
def test_space_grouped_digits_are_read_in_the_vietnamese_locale_with_a_decimal_comma(cell, value):
    import pandas as pd

    from villagescore.datasets.numbers import numeric

    values, bad = numeric(pd.Series([cell, "7", None], dtype=object), "vi")
    assert values[0] == value and values[1] == 7 and not bad.any()


@pytest.mark.parametrize(("cell", "rule", "text"), [
    ("5\u00a0000,5", "whole_numbers_only", "takes whole numbers only"),  # an integer field: no decimals
    ("12\u00a034", "spaces", "do not separate groups of three digits: write the number without spaces"),
])
def test_a_spaced_number_that_is_not_plain_grouping_says_what_to_write(tmp_path, toy_registry, cell, rule, text):
    problems = problems_of(write_csv(tmp_path, f"v1,Một,X,HN,alpha,2024,80,90,25,1,A,x,\"{cell}\",5\n"), toy_registry)
    assert [(p.where, p.column, p.rule) for p in problems] == [("row 2", "total", rule)]
    assert text in problems[0].message
    assert problems[0].format("vi") != problems[0].format("en")


@pytest.mark.parametrize("cell", ["không có", "-", "chưa đo", "N/A"])
def test_a_word_for_no_value_says_what_to_write_and_an_integer_allows_a_whole_number(tmp_path, toy_registry, cell):
    body = f"v1,Một,X,Hà Nội,alpha,2024,{cell},2,3,1,A,x,{cell},5\n"
    a, total = sorted(problems_of(write_csv(tmp_path, body), toy_registry), key=lambda p: p.column)[:2]
    advice = "not a number: leave the cell empty if the value is unknown, write 0 if there is none"
    assert a.column == "a" and a.message == advice and a.allowed == "a number in %"
    assert total.column == "total" and total.message == advice and total.allowed == "a whole number"
    assert "để trống ô nếu chưa biết giá trị, ghi 0 nếu không có (cho phép: số nguyên)" in total.format("vi")


def test_a_number_written_in_words_gets_no_advice_to_leave_it_empty(tmp_path, toy_registry):
    body = "v1,Một,X,Hà Nội,alpha,2024,1,2,3,1,A,x,một nghìn rưỡi,5\n"
    (total,) = [p for p in problems_of(write_csv(tmp_path, body), toy_registry) if p.column == "total"]
    assert total.message == "not a whole number"


@pytest.mark.parametrize(("cell", "locale", "number"), [
    ("4,500,000 đ", "default", "4500000"), ("4.500.000 đ", "vi", "4500000"), ("4.500 đ", "vi", "4500"),
    ("4,500 đ", "default", None), ("4.500 đ", "default", None), ("4,500 đ", "vi", None), ("12,5 đ", "vi", "12,5"),
    ("(đ) 5", "default", None), ("4 500 000 đ", "default", "4500000"), ("4\u00a0500 đ", "vi", "4500"),
    ("1 4,5 đ", "default", None)])
def test_a_sum_written_with_its_currency_is_offered_the_number_only_when_it_is_certain(cell, locale, number):
    """Fourteenth walk: '4,500,000 đ', '4.500.000 VND' were plain 'not a number'; 4,500 may be 4.5 or 4500."""
    from types import SimpleNamespace

    from villagescore.datasets.numbers import _hint

    rule, template, params = _hint(cell, SimpleNamespace(id="wage", type="number", unit="đ"), locale)
    assert rule == "type" and params.get("number") == number
    assert ("without the unit" in template) == (number is not None)


class _WagePlugin:
    """A field in a currency, as the economy plugin's 'worker_wage_vnd_month'."""

    @staticmethod
    def register_fields():
        from villagescore import Field

        return [Field("wage", {"vi": "Tiền công", "en": "Wage"}, minimum=0, unit="VND/month")]


@pytest.mark.parametrize(("cell", "number", "vi"), [
    ("4.500.000 đ", "4500000", "hãy viết 4500000, không kèm đơn vị tiền hay chữ ('4.500.000 đ' là 4500000"),
    ("\"4,5 triệu\"", "4500000", "hãy viết 4500000"),
    ("\"4,5 triệu đồng/tháng\"", "4500000", "hãy viết 4500000"),
])
def test_an_amount_typed_with_its_currency_or_a_multiple_is_offered_the_number_in_the_fields_unit(
        tmp_path, cell, number, vi):
    """Audit (fifteenth walk): in a field of VND, '4.500.000 đ' or '4,5 triệu' got no 'write 4500000' advice."""
    from tests.corpus.harness import toy_registry
    from villagescore import hookimpl

    plugin = _WagePlugin()
    plugin.register_fields = hookimpl(_WagePlugin.register_fields)
    registry = toy_registry(("wage_plugin", plugin))
    body = f"v1,Một,X,HN,alpha,2024,80,90,25,1,A,x,10,5,{cell}\n"
    [problem] = problems_of(write_csv(tmp_path, body, header=HEADER.rstrip("\n") + ",wage\n"), registry)
    assert (problem.column, problem.rule) == ("wage", "type")
    assert f"not a number: write {number} without the currency or words" in problem.format("en")
    assert vi in problem.format("vi")


@pytest.mark.parametrize("cell", ["4,500 triệu", "4.500.000 USD", "4,5 triệu đồng/năm", "5 người"])
def test_an_amount_whose_number_or_unit_is_unsure_is_offered_no_number(cell):
    from types import SimpleNamespace

    from villagescore.datasets.numbers import _hint

    rule, template, params = _hint(cell, SimpleNamespace(id="wage", type="number", unit="VND/month"), "default")
    assert rule == "type" and "number" not in params
    assert "without units or words" in template


@pytest.mark.parametrize("written", ["csv", "xlsx"])
def test_a_dot_group_whose_thousands_reading_is_out_of_range_is_the_decimal_written(tmp_path, toy_registry, written):
    """Fifteenth walk: ``1.125`` in a field of maximum 100 (1125 is impossible) was refused as ambiguous."""
    from .helpers import write_workbook

    rows = [["v1", "Một", "X", "HN", "alpha", "2024", "1.125", "2.375", "25", "1", "A", "x", "10", "5"],
            ["v2", "Hai", "X", "HN", "beta", "2024", "80", "90", "25", "1", "A", "x", "10", "5"]]
    if written == "csv":
        path = write_csv(tmp_path, "".join(",".join(r) + "\n" for r in rows))
    else:
        path = write_workbook(tmp_path, [HEADER.strip().split(","), *rows])
    frame = read_dataset(path, toy_registry).frame  # no problem raised
    assert frame["a"].tolist() == [1.125, 80.0] and frame["b"].tolist() == [2.375, 90.0]


def test_an_ambiguous_dot_group_is_told_forms_that_read_never_the_one_written(tmp_path, toy_registry):
    """``1.125`` in a field without a maximum stays ambiguous; the advice is 1125 or 1.1250 (which reads as 1.125)."""
    path = write_csv(tmp_path, "v1,Một,X,HN,alpha,2024,80,90,1.125,1,A,x,10,5\n")
    [problem] = problems_of(path, toy_registry)
    en, vi = problem.format("en"), problem.format("vi")
    assert "write 1125 for thousands or 1.1250 for decimals" in en and "write 1.125" not in en
    assert "Hãy viết 1125 nếu là hàng nghìn, hoặc 1.1250 nếu là số thập phân" in vi
    frame = read_dataset(write_csv(tmp_path, "v1,Một,X,HN,alpha,2024,80,90,1.1250,1,A,x,10,5\n"), toy_registry).frame
    assert frame["c"].tolist() == [1.125]


@pytest.mark.parametrize(("cell", "unit", "advice"), [
    ("-", "mg/L", "leave the cell empty if the value is unknown"), ("không có", "mg/L", "leave the cell empty"),
    ("N/A", "mg/L", "leave the cell empty"), ("<50", "dBA", "gives a bound, not a value"),
    ("<0,5", "mg/L", "write the limit ({number})"), ("12,1%", "%/yr", "a percentage, but"),
    ("12.5", "mg/L", "in the Vietnamese format (--csv-locale vi)")])
def test_the_vietnamese_locale_gives_the_specific_advice_before_its_format(cell, unit, advice):
    """Sixteenth walk: under --csv-locale vi a dash, a bound or '12,1%' got only 'not in the Vietnamese format'."""
    from types import SimpleNamespace

    from villagescore.datasets.numbers import _hint

    rule, template, params = _hint(cell, SimpleNamespace(id="x", type="number", unit=unit), "vi")
    assert advice in template
    assert (rule == "locale") == (cell == "12.5")


@pytest.mark.parametrize(("cell", "kind", "template"), [
    ("1.308", "integer", "separates thousands; write {whole} without"), ("1.308", "number", "ambiguous"),
    ("7.000", "integer", "ambiguous")])
def test_an_integer_field_is_offered_no_decimal_reading(cell, kind, template):
    """Sixteenth walk: 1.308 households was offered '1.3080 for decimals', which the field refuses."""
    from types import SimpleNamespace

    from villagescore.datasets.numbers import _hint

    rule, text, params = _hint(cell, SimpleNamespace(id="households_total", type=kind, unit="households"), "default")
    assert rule == "thousands" and template in text
    assert ("part" in params) == (template == "ambiguous")


@pytest.mark.parametrize(("cell", "locale", "advice", "number"), [
    ("−5.2", "default", "the minus sign is not '-'", "-5.2"), ("120\u200b", "default", "an invisible character", "120"),
    ("７０", "default", "digits other than 0–9", "70"), ("−5,2", "vi", "the minus sign", "-5,2"),
    ("10²", "default", None, None)])
def test_a_number_with_a_lookalike_character_is_told_what_to_type(cell, locale, advice, number):
    """Sixteenth walk: '−5.2' and '120' + a zero-width space were 'not a number'; '７０' was told 'leave it empty'."""
    from types import SimpleNamespace

    from villagescore.datasets.numbers import _hint, numeric

    fld = SimpleNamespace(id="x", type="number", unit="mg/L", minimum=None, maximum=None)
    rule, template, params = _hint(cell, fld, locale)
    assert (advice is None or advice in template) and params.get("number") == number
    assert "leave the cell empty" not in template
    assert numeric(pd.Series([cell], dtype=object), locale)[1].all()  # refused, never read


@pytest.mark.parametrize("workbook", [False, True])
def test_a_decimal_comma_in_an_integer_field_says_it_takes_whole_numbers(tmp_path, toy_registry, workbook):
    """Seventeenth walk: 1,5 households was told to write 1.5 with a point, which the field refuses as well."""
    from .helpers import GOOD_ROW, write_workbook

    if workbook:
        row = [*GOOD_ROW[:12], "1,5", GOOD_ROW[13]]
        path = write_workbook(tmp_path, [HEADER.strip().split(","), row, ["v2", "Hai", *GOOD_ROW[2:]]])
    else:
        path = write_csv(tmp_path, 'v1,Một,X,HN,alpha,2024,80,90,25,1,A,x,"1,5",1\n')
    (problem,) = [p for p in problems_of(path, toy_registry) if p.column == "total"]
    en, vi = problem.format("en"), problem.format("vi")
    assert "takes whole numbers only" in en and "chỉ nhận số nguyên" in vi
    assert "1.5" not in en + vi and "--csv-locale" not in en + vi and "Number" not in en


def test_a_decimal_comma_in_a_number_field_is_still_told_to_write_a_point(tmp_path, toy_registry):
    path = write_csv(tmp_path, 'v1,Một,X,HN,alpha,2024,"80,5",90,25,1,A,x,10,5\n')
    (problem,) = [p for p in problems_of(path, toy_registry) if p.column == "a"]
    assert "write 80.5 with a point" in problem.format("en")


def test_a_complex_cell_of_a_dataframe_is_a_problem_of_its_cell():
    """Seventeenth walk: a complex column was scored at its real part (52.8+30j as 52.8), with only numpy's warning."""
    import warnings

    import numpy as np

    from villagescore.datasets.numbers import _hint, numeric

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no ComplexWarning: nothing is cast
        values, bad = numeric(pd.Series([52.8 + 30j, 46.3 + 0j, np.nan]))
        mixed_values, mixed_bad = numeric(pd.Series([52.8 + 30j, "abc", 7.5], dtype=object))
    assert bad.tolist() == [True, True, False] and np.isnan(values).all()
    assert mixed_bad.tolist() == [True, True, False] and mixed_values[2] == 7.5
    from types import SimpleNamespace

    rule, template, _ = _hint(52.8 + 30j, SimpleNamespace(id="x", type="number", unit="%"), "default")
    assert (rule, template) == ("type", "{kind}: a complex number; give the real number (its imaginary part is not "
                                        "a measure)")
