import sys

from click.testing import CliRunner

from villagescore.cli import cli


def test_a_missing_store_is_a_clear_error(tmp_path):
    res = CliRunner().invoke(cli, ["serve", "--store", str(tmp_path / "none.sqlite"), "--lang", "en"])
    if "needs Datasette" in res.output:  # without the serve extra, that is the message
        assert res.exit_code == 1
        return
    assert res.exit_code == 1 and "no store at" in res.output and "Traceback" not in res.output


def test_without_datasette_the_message_names_the_extra(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "datasette", None)  # makes `import datasette` fail
    res = CliRunner().invoke(cli, ["serve", "--store", str(tmp_path / "s.sqlite")])
    assert res.exit_code == 1
    assert "pip install 'villagescore[serve]'" in res.output and "Traceback" not in res.output


def test_help_follows_the_language():
    res = CliRunner().invoke(cli, ["serve", "--help"], env={"VILLAGESCORE_LANG": "vi"})
    assert res.exit_code == 0 and "127.0.0.1" in res.output and res.output.startswith("Cách dùng:")
    en = CliRunner().invoke(cli, ["serve", "--help"], env={"VILLAGESCORE_LANG": "en"})
    assert en.output.startswith("Usage:") and "Browse the store in a web browser" in en.output
