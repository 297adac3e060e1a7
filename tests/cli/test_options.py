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
