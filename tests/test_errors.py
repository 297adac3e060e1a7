"""villagescore.errors: every user-facing exception in one module, still importable where it used to live."""

import importlib

import pytest

from villagescore import errors

MOVED = [
    ("villagescore.targets.model", "TargetsError"),
    ("villagescore.targets", "TargetsError"),
    ("villagescore.sensitivity.settings", "SensitivityError"),
    ("villagescore.explain.model", "ExplainError"),
    ("villagescore.explain", "ExplainError"),
    ("villagescore.compare.table", "ResultFileError"),
    ("villagescore.resultdoc", "ResultReadError"),
    ("villagescore.admin_mapping", "AdminMappingError"),
    ("villagescore.environment", "EnvironmentVariableError"),
    ("villagescore.reports.pdf", "PdfUnavailable"),
]


@pytest.mark.parametrize(("module", "name"), MOVED)
def test_a_moved_exception_is_still_importable_from_its_old_module(module, name):
    cls = getattr(importlib.import_module(module), name)
    assert cls is getattr(errors, name)
    assert issubclass(cls, errors.VillageScoreError)


def test_a_result_read_error_is_still_a_value_error():
    assert issubclass(errors.ResultReadError, ValueError)


def test_a_targets_error_lists_its_problems():
    exc = errors.TargetsError([errors.Problem("t.yaml", "$.targets", "duplicate target id(s): a")])
    assert exc.problems and str(exc).endswith("\n  t.yaml: $.targets: duplicate target id(s): a")


def test_a_problem_is_said_in_english_by_default_and_in_vietnamese_when_asked():
    from villagescore.errors import Problem, Unit, problem

    p = problem("a.csv", "row 3", "a number in {unit}", params={"unit": Unit("households")}, column="x")
    assert p.message == "a number in households"  # the English text is filled in at once
    plain = Problem("a.csv", "row 3", "out of range", column="x", value=-5, allowed="0 to 100 %")
    assert plain.format() == "a.csv: row 3: column 'x' = -5: out of range (allowed: 0 to 100 %)"
    assert plain.format("vi") == "a.csv: dòng 3: cột 'x' = -5: ngoài khoảng cho phép (cho phép: 0 to 100 %)"
    assert problem("a.csv", "row 2", "{kind}", params={"kind": errors.Term("not a number")}).format("vi") \
        == "a.csv: dòng 2: không phải là số"
    assert "một số, đơn vị hộ" in problem("a.csv", "row 2", "not a number", allowed="a number in {unit}",
                                          params={"unit": Unit("households")}).format("vi")
    # a sentence the catalogue lacks stays in English rather than disappearing
    assert Problem("f", "", "a message nobody translated").format("vi") == "f: a message nobody translated"


def test_a_number_cell_is_quoted_with_every_digit_in_each_language_s_separators():
    from villagescore.errors import Problem

    big = Problem("a.csv", "row 3", "out of range", column="x", value=600000000)
    assert big.format() == "a.csv: row 3: column 'x' = 600,000,000: out of range"
    assert big.format("vi") == "a.csv: dòng 3: cột 'x' = 600.000.000: ngoài khoảng cho phép"
    assert Problem("f", "", "m", column="x", value=0.4555).format("vi") == "f: cột 'x' = 0,4555: m"
    assert Problem("f", "", "m", column="x", value="600000000").format() == "f: column 'x' = '600000000': m"
    assert big.value == 600000000  # the data is kept as it is for JSON


def test_a_true_cell_is_quoted_as_the_spreadsheet_shows_it_not_as_python_s_true():
    """Audit 16 I#5: a TRUE cell was quoted as ``True`` in Vietnamese (and English) messages."""
    from villagescore.errors import Problem

    assert Problem("f", "", "m", column="x", value=True).format("vi") == "f: cột 'x' = TRUE: m"
    assert Problem("f", "", "m", column="x", value=False).format() == "f: column 'x' = FALSE: m"
    assert Problem("f", "", "m", column="x", value=True).value is True  # the data is kept as it is for JSON


def test_the_problems_of_a_dataset_error_are_listed_in_the_language_asked():
    from villagescore.errors import DatasetError, Problem

    exc = DatasetError([Problem("a.csv", "row 2", "year is not a whole year", column="year")])
    assert str(exc) == "invalid dataset: 1 problem\n  a.csv: row 2: column 'year': year is not a whole year"
    assert exc.text("vi") == "bộ dữ liệu không hợp lệ: 1 lỗi\n  a.csv: dòng 2: cột 'year': năm không hợp lệ"


def test_said_keeps_english_in_str_and_says_the_message_in_vietnamese():
    from villagescore.errors import PluginError, Term, said
    from villagescore.i18n import N_

    exc = said(PluginError, N_("plugin {plugin!r} failed in hook {hook}: {error}"), plugin="kiln",
               hook="register_fields", error="RuntimeError: boom")
    assert str(exc) == "plugin 'kiln' failed in hook register_fields: RuntimeError: boom"
    assert exc.text("en") == str(exc) and exc.text() == str(exc)
    assert exc.text("vi") == "plugin 'kiln' bị lỗi trong hook register_fields: RuntimeError: boom"
    untranslated = said(PluginError, "no such sentence {x}", x=Term("not a number"))
    assert untranslated.text("vi").startswith("no such sentence ") and untranslated.text("en") == \
        "no such sentence not a number"


def test_an_error_made_without_a_template_says_its_message_as_it_is():
    from villagescore.errors import PluginError

    assert PluginError("plain").text("vi") == "plain"


def test_a_count_in_a_message_is_grouped_as_each_language_groups_numbers():
    from villagescore.errors import Count, OutputError, said

    exc = said(OutputError, "at most {most} rows", most=Count(1_048_575))
    assert str(exc) == "at most 1,048,575 rows"
    assert exc.text("vi") == "at most 1.048.575 rows"


@pytest.mark.parametrize(("where", "vi"), [
    ("row 7", "dòng 7"), ("line 3, column 12", "dòng 3, cột 12"), ("sheet 'data' cell B2", "trang tính 'data', ô B2"),
    ("sheet 'data' cells A1:C3", "trang tính 'data', các ô A1:C3"), ("key 'kind'", "khoá 'kind'"),
    ("village phung-xa (2024)", "làng phung-xa (2024)"), ("$.extends", "$.extends"),
    ("sheet 'Nguồn số liệu'", "trang tính 'Nguồn số liệu'")])
def test_the_place_a_problem_names_is_said_in_vietnamese(where, vi):
    from villagescore.errors import problem

    found = problem("f.csv", where, "formula cells are not allowed in the data sheet: paste the values instead")
    assert found.format("vi").startswith(f"f.csv: {vi}: ")
    assert found.format("en").startswith(f"f.csv: {where}: ")


def test_problem_lines_are_one_field_said_in_the_language_asked():
    from villagescore.errors import ProblemLines, problem
    from villagescore.i18n import N_

    lines = ProblemLines.of([problem("x.y", "$.limit", N_("regulation {id!r} sets no limit {limit!r}"),
                                     params={"id": "r", "limit": "l"})])
    assert str(lines) == "  x.y: $.limit: regulation 'r' sets no limit 'l'"
    assert lines.text("vi") == "  x.y: $.limit: văn bản quy định 'r' không có giới hạn 'l'"


def test_a_targets_error_is_english_whatever_the_run_s_language():
    """Its head was said in the language of the moment: Vietnamese ``str()`` on a Vietnamese machine."""
    from villagescore.errors import TargetsError, problem
    from villagescore.i18n import N_, use_language

    previous = use_language("vi")
    try:
        exc = TargetsError([problem("t.yaml", "$.id", N_("cannot read the file: {reason}"), params={"reason": "x"})])
    finally:
        use_language(previous)
    assert str(exc) == exc.text() == exc.text("en")
    assert str(exc) == "invalid targets file: 1 problem(s)\n  t.yaml: $.id: cannot read the file: x"
    assert exc.text("vi") == "tệp mục tiêu không hợp lệ: 1 lỗi\n  t.yaml: $.id: không đọc được tệp: x"


def test_every_warning_the_python_api_docs_name_is_importable_where_they_say():
    """Audit 17 (notebook): the docs named PluginLoadWarning … but not where a filter could import them from."""
    import re
    from pathlib import Path

    import villagescore

    doc = (Path(__file__).parent.parent / "docs" / "python-api.md").read_text(encoding="utf-8")
    named = set(re.findall(r"\b([A-Z][A-Za-z]*Warning)\b", doc)) - {"UserWarning"}
    assert {"DataWarning", "PluginLoadWarning", "FrameworkWarning", "SaidWarning", "LimitWarning"} <= named
    assert "import any of them from\n`villagescore.errors` (or `villagescore`)" in doc
    for name in named:
        cls = getattr(errors, name)
        assert cls.__name__ == name
        if issubclass(cls, Warning):
            assert issubclass(cls, errors.SaidWarning) and getattr(villagescore, name) is cls
    with pytest.raises(AttributeError):
        _ = errors.NoSuchWarning


@pytest.mark.parametrize("kind", ["PluginLoadWarning", "FrameworkWarning", "DataWarning"])
def test_every_said_warning_says_its_str_in_the_language_of_the_run(kind):
    """Audit 17 (notebook): a PluginLoadWarning read in English while a DataWarning of the same run was Vietnamese."""
    from villagescore.i18n import use_language

    template = "unknown language {lang!r}: use one of {langs}"  # a sentence the Vietnamese catalogue has
    previous = use_language("vi")
    try:
        warning = errors.said(getattr(errors, kind), template, lang="xx", langs="vi, en")
    finally:
        use_language(previous)
    assert str(warning) == warning.text("vi") == "ngôn ngữ không xác định 'xx': hãy dùng một trong vi, en"
    assert warning.text("en") == warning.text() == "unknown language 'xx': use one of vi, en"
    use_language("en")
    try:
        assert str(errors.said(getattr(errors, kind), template, lang="xx", langs="vi, en")) == warning.text("en")
    finally:
        use_language(previous)
