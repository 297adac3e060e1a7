"""Option defaults and ranges in ``--help`` in the run's language (``sensitivity``'s numbers and flags)."""

import re

from click.testing import CliRunner

from villagescore.cli import cli


def help_text(lang):
    res = CliRunner().invoke(cli, ["sensitivity", "--help", "--lang", lang], terminal_width=400)
    assert res.exit_code == 0, res.output
    return re.sub(r"\s+", " ", res.output)


def test_vietnamese_help_writes_numbers_and_flags_as_vietnamese_does():
    text = help_text("vi")
    assert "[mặc định: 50; x>0]" in text and "[mặc định: 0,25; 0<=x<1]" in text
    assert "[mặc định: 1; 0<=x<100]" in text and "[mặc định: 0,02; x>=0]" in text
    assert "[mặc định: bật]" in text
    assert "mặc định: aggregation" not in text and "0.25" not in text and "50.0" not in text


def test_english_help_keeps_its_numbers_and_says_on():
    text = help_text("en")
    assert "[default: 50.0; x>0]" in text and "[default: 0.25; 0<=x<1]" in text and "[default: 1000; x>=1]" in text
    assert "[default: on]" in text and "default: aggregation" not in text
