"""The command line speaks the run's language: help, click's messages, errors (issue 19)."""

import pytest

from villagescore import cli as cli_module


@pytest.fixture
def run():
    from click.testing import CliRunner

    runner = CliRunner()

    def invoke(*args, env=None):
        return runner.invoke(cli_module.cli, [str(a) for a in args], env=env, catch_exceptions=False)

    return invoke


def test_a_missing_dataset_is_reported_in_vietnamese(run):
    """Acceptance: ``VILLAGESCORE_LANG=vi villagescore evaluate missing.csv`` prints a Vietnamese message."""
    result = run("evaluate", "missing.csv", env={"VILLAGESCORE_LANG": "vi"})
    assert result.exit_code == 2
    assert "Lỗi: Giá trị không hợp lệ cho 'DATASET'" in result.output or "Lỗi:" in result.output
    assert "không tồn tại" in result.output and "does not exist" not in result.output


def test_the_same_in_english(run):
    result = run("evaluate", "missing.csv", env={"VILLAGESCORE_LANG": "en"})
    assert "Error: Invalid value for" in result.output and "does not exist" in result.output


@pytest.mark.parametrize(("env", "lang", "said", "not_said"), [
    ("vi", "en", "File 'missing.csv' does not exist", "Tệp"),
    ("en", "vi", "Tệp 'missing.csv' không tồn tại", "File"),
])
def test_lang_names_a_missing_file_in_its_own_language(run, env, lang, said, not_said):
    """click names the kind of path (file, folder) when the command is built: ``--lang`` must name it again."""
    result = run("evaluate", "missing.csv", "--lang", lang, env={"VILLAGESCORE_LANG": env})
    assert result.exit_code == 2
    assert said in result.output and not_said not in result.output


def test_lang_before_help_chooses_the_language_of_the_help(run):
    vi = run("evaluate", "--lang", "vi", "--help", env={"VILLAGESCORE_LANG": "en"})
    assert vi.output.startswith("Cách dùng: ") and "Tuỳ chọn:" in vi.output
    en = run("evaluate", "--lang", "en", "--help")
    assert en.output.startswith("Usage: ") and "Options:" in en.output


@pytest.mark.parametrize("args", [("targets", "--help", "--lang", "en"), ("evaluate", "--help", "--lang=en"),
                                  ("--help", "--lang", "en")])
def test_lang_after_help_still_chooses_the_language_of_the_help(run, args):
    assert run(*args, env={"VILLAGESCORE_LANG": "vi"}).output.startswith("Usage: ")
    vi = [a.replace("en", "vi") if "lang" in a or a == "en" else a for a in args]
    assert run(*vi, env={"VILLAGESCORE_LANG": "en"}).output.startswith("Cách dùng: ")


def test_the_locale_chooses_when_nothing_else_does(run):
    result = run("--help", env={"LANG": "en_US.UTF-8"})
    assert result.output.startswith("Usage: ")
    result = run("--help", env={"LANG": "vi_VN.UTF-8"})
    assert result.output.startswith("Cách dùng: ")


def test_a_province_note_follows_lang_not_only_the_environment(run, tmp_path):
    path = tmp_path / "merger.csv"
    path.write_text("village_id,name,commune,province,sectors,year\nv1,Làng Một,Xã Một,Bắc Giang,weaving,2024\n",
                    encoding="utf-8")
    vi = run("compare", path, "--by", "province", "--lang", "vi", env={"VILLAGESCORE_LANG": "en"})
    assert "lưu ý: " in vi.stderr and "'Bắc Giang' là tỉnh trước ngày 1/7/2025" in vi.stderr
    en = run("compare", path, "--by", "province", "--lang", "en", env={"VILLAGESCORE_LANG": "vi"})
    assert "note: " in en.stderr and "'Bắc Giang' is a province before 1 July 2025" in en.stderr


def test_a_workbook_s_notes_dates_and_long_texts_are_said_in_the_run_s_language(run, tmp_path):
    import datetime

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2024"
    ws.append(["village_id", "name", "commune", "province", "sectors", "year", "noise_day_dba", "effluent_cod_mg_l"])
    ws.append(["v1", "Làng Một", "Xã Một", "Hà Nội", "weaving", datetime.datetime(2025, 1, 1),
               datetime.datetime(2024, 2, 1), "x" * 104])
    old = wb.create_sheet("cu")
    old.sheet_state = "hidden"
    path = tmp_path / "survey.xlsx"
    wb.save(path)
    vi = run("validate", path, env={"VILLAGESCORE_LANG": "vi"})
    assert "đã đọc trang tính '2024'" in vi.output and "không đọc (các) trang tính ẩn 'cu'" in vi.output
    assert "cột 'year' = '2025-01-01': năm không phải là số" in vi.output
    assert "(cho phép: từ 1900 đến 2100)" in vi.output
    assert ("cột 'noise_day_dba' (Mức ồn LAeq ban ngày (6 giờ – 21 giờ) tại khu dân cư) = '2024-02-01': không phải "
            "là số: ô này trong sổ tính đang chứa một ngày tháng") in vi.output
    assert "(104 ký tự)" in vi.output and "datetime" not in vi.output
    en = run("validate", path, env={"VILLAGESCORE_LANG": "en"})
    assert "read sheet '2024'" in en.output and "(104 characters)" in en.output
    assert "the workbook holds a date here" in en.output


@pytest.mark.parametrize(("args", "vi", "en"), [
    (["validate", "missing-file.yaml"], "không tồn tại", "does not exist"),
    (["plugins", "--help"], "Liệt kê", "List installed plugins"),
    (["schema", "--help"], "JSON Schema", "Print the JSON Schema"),
    (["new-plugin", "--help"], "Tạo", "Create villagescore-NAME/"),
])
def test_every_command_that_speaks_takes_lang(run, args, vi, en):
    """validate, plugins, schema and new-plugin take --lang like the others (they followed the environment only)."""
    assert en in run(*args[:1], "--lang", "en", *args[1:], env={"VILLAGESCORE_LANG": "vi"}).output
    assert vi in run(*args[:1], "--lang", "vi", *args[1:], env={"VILLAGESCORE_LANG": "en"}).output


@pytest.mark.parametrize(("lang", "said", "not_said"), [
    ("vi", "Thiếu tham số 'TÊN'. Chọn một trong các giá trị:\n\tframework,", "Choose from"),
    ("en", "'. Choose from:\n\tframework,", "Chọn"),
])
def test_a_missing_choice_lists_the_choices_in_the_run_s_language(run, lang, said, not_said):
    result = run("schema", "--lang", lang)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert said in result.output and not_said not in result.output


@pytest.mark.parametrize(("args", "vi", "en"), [
    (("compare", "x.csv", "--min-group", "abc"), "'abc' không phải số nguyên hợp lệ.",
     "'abc' is not a valid integer."),  # not "integer range" (a click type's name), as in Vietnamese
    (("sensitivity", "x.csv", "--concentration", "abc"), "'abc' không phải số hợp lệ.", "'abc' is not a valid number"),
    (("explain", "x.csv", "--village", "v", "--year", "abc"), "'abc' không phải số nguyên hợp lệ.",
     "'abc' is not a valid integer."),
])
def test_click_s_number_type_names_are_said_in_the_run_s_language(run, tmp_path, args, vi, en):
    """``… không phải integer range hợp lệ``: click's type name was left English (twelfth walk); English says
    the plain word too (``integer``, not ``integer range``)."""
    (tmp_path / "x.csv").write_text("village_id\n", encoding="utf-8")
    args = [str(tmp_path / a) if a == "x.csv" else a for a in args]
    said_vi = run(*args, "--lang", "vi")
    said_en = run(*args, "--lang", "en")
    assert said_vi.exit_code == 2 and vi in said_vi.output
    assert said_en.exit_code == 2 and en in said_en.output
    assert run(*args, "--lang", "vi").output == said_vi.output  # the names set on click's shared types follow --lang


def test_every_format_option_has_help(run):
    """``explain --help`` showed ``--format`` with no help (twelfth walk)."""
    import click

    ctx = click.Context(cli_module.cli)

    def commands(group, path=()):
        for name in group.list_commands(ctx) if isinstance(group, click.Group) else ():
            sub = group.get_command(ctx, name)
            yield (*path, name), sub
            yield from commands(sub, (*path, name))

    bare = [" ".join(path) for path, command in commands(cli_module.cli) for p in command.params
            if isinstance(p, click.Option) and "--format" in p.opts and not p.help]
    assert bare == [] and len(list(commands(cli_module.cli))) > 10
    assert "The output format, one of those listed" in " ".join(run("explain", "--help", "--lang", "en").output.split())
