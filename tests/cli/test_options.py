"""Options shared by the commands (``villagescore.cli.options``): their values are refused in the run's language."""

import pytest

from villagescore import cli as cli_module


def _run(*args):
    from click.testing import CliRunner

    return CliRunner().invoke(cli_module.cli, [str(a) for a in args], catch_exceptions=False)


@pytest.mark.parametrize(("lang", "said", "not_said"), [
    ("vi", "'hôm-nay' không phải là ngày: hãy viết NĂM-THÁNG-NGÀY (ví dụ 2025-06-30)", "%Y"),
    ("en", "'hôm-nay' is not a date: write YYYY-MM-DD (e.g. 2025-06-30)", "%Y"),
])
@pytest.mark.parametrize("command", ["evaluate", "explain", "compare"])
def test_as_of_that_is_not_a_date_says_how_to_write_one(command, lang, said, not_said):
    result = _run(command, "X", "--as-of", "hôm-nay", "--lang", lang)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert said in result.output and not_said not in result.output


def test_as_of_takes_a_date(tmp_path):
    from tests.corpus.harness import REPO

    pilot = REPO / "datasets" / "villages" / "villages.csv"
    result = _run("evaluate", pilot, "--as-of", "2021-06-30", "--format", "csv", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert _run("evaluate", pilot, "--as-of", "2021-02-30", "--lang", "en").exit_code == 2


def test_the_first_file_named_is_read_ahead_when_a_csv(tmp_path, monkeypatch):
    from pathlib import Path

    from villagescore import read_ahead
    from villagescore.cli.options import read_ahead_first

    started = []
    monkeypatch.setattr(read_ahead, "start", lambda path, limit: started.append(path))
    data = tmp_path / "d.CSV"
    assert read_ahead_first([data, tmp_path / "e.csv"]) == data
    for others in ([Path("-"), data], [tmp_path / "f.yaml", data], [tmp_path / "r.jsonl"], []):
        assert read_ahead_first(others) is None  # only the first file, when it is a CSV file
    assert started == [data]


@pytest.mark.parametrize("command", [["evaluate", "--format", "csv"], ["compare", "--format", "json"]])
def test_evaluate_and_compare_take_the_dataset_read_ahead(toy_cli, support_dir, tmp_path, monkeypatch, command):
    from villagescore import read_ahead

    taken = []
    take = read_ahead.take
    monkeypatch.setattr(read_ahead, "take", lambda path, stat: taken.append(take(path, stat)) or taken[-1])
    from tests.cli.conftest import settled_copy

    data = settled_copy(support_dir / "toy.csv", tmp_path)
    res = toy_cli(*command[:1], data, "-f", support_dir / "toy-framework.yaml", *command[1:])
    assert res.exit_code == 0, res.output
    assert taken == [data.read_bytes()]
    assert read_ahead._pending == {}


def _computes(*_args, **_kwargs):
    raise AssertionError("the computation started before -o was checked")


@pytest.mark.parametrize(("command", "computation"), [
    (("sensitivity", "{data}", "--format", "json"), "villagescore.sensitivity.Settings"),
    (("compare", "{data}", "--format", "json"), "villagescore.cli.compare.read_ahead_first"),
    (("evaluate", "{data}", "--format", "json"), "villagescore.cli.evaluate.read_ahead_first")])
@pytest.mark.parametrize(("output", "said"), [
    ("store.sqlite", "refusing to replace"),  # a file villagescore reads
    ("data.meta.json", "it is an input of this command"),
    ("no-folder/out.json", "does not exist")])
def test_an_output_that_will_be_refused_is_refused_before_the_computation(tmp_path, monkeypatch, command,
                                                                          computation, output, said):
    """Audit (thirteenth walk): ``sensitivity … -o st.sqlite`` computed for 10 s, then refused the store."""
    import shutil

    from tests.corpus.harness import REPO
    from villagescore.store import Store

    data = tmp_path / "data.csv"
    shutil.copy(REPO / "datasets" / "examples" / "example-small.csv", data)
    shutil.copy(REPO / "datasets" / "examples" / "example-small.meta.json", tmp_path / "data.meta.json")
    Store(tmp_path / "store.sqlite", create=True).close()
    monkeypatch.setattr(computation, _computes)
    args = [a.format(data=data) for a in command]
    from click.testing import CliRunner

    result = CliRunner().invoke(cli_module.cli, [*args, "-o", str(tmp_path / output), "--lang", "en"])
    assert result.exit_code == 1 and said in result.output, result.output


@pytest.mark.parametrize(("command", "suffix"), [
    (["evaluate", "{villages}"], ".xls"), (["evaluate", "{villages}", "--format", "csv"], ".ods"),
    (["template"], ".xls"), (["explain", "{villages}", "--village", "x"], ".xlsm"), (["framework", "show"], ".et"),
])
@pytest.mark.parametrize(("lang", "said"), [
    ("en", "villagescore does not write {suffix} files; name the file .xlsx"),
    ("vi", "villagescore không ghi tệp {suffix}; hãy đặt tên tệp đuôi .xlsx"),
])
def test_another_program_s_workbook_as_output_is_refused_suggesting_xlsx(tmp_path, command, suffix, lang, said):
    """Audit 16 I#3: -o out.xls wrote a UTF-8 text table, template -o t.xls an XLSX that is then refused."""
    from tests.corpus.harness import REPO

    villages = REPO / "datasets" / "villages" / "villages.csv"
    out = tmp_path / f"out{suffix}"
    result = _run(*[str(a).format(villages=villages) for a in command], "-o", out, "--lang", lang)
    assert result.exit_code == 2 and said.format(suffix=suffix) in result.output
    assert not out.exists()
