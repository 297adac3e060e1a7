"""The sentences a translator must translate: the command tree's, the source's and the installed click's own."""

import click
import pytest

pytest.importorskip("babel")

from villagescore.cli import main  # noqa: E402
from villagescore.i18n import gettext, ngettext  # noqa: E402
from villagescore.i18n.extract import CLICK_AUTHOR_TEXTS, click_texts, sentences  # noqa: E402


def test_click_texts_are_the_installed_clicks_messages_a_user_can_read():
    texts = click_texts()
    # one of these two wordings, whichever click is installed (8.1 and 8.2 on say it differently)
    assert {"No such option: {name}", "No such option {name!r}."} & set(texts)
    assert "Missing argument" in texts and "Choose from:\n\t{choices}" in texts  # as click writes it, tab kept
    assert not CLICK_AUTHOR_TEXTS & set(texts)
    assert "(Did you mean one of: {possibilities}?)" not in texts  # a plural: its singular is the key
    assert set(texts) <= set(sentences())


def test_every_message_of_the_installed_click_has_its_vietnamese():
    """Reviewed 2026-12-07: on click 8.1 (the oldest supported) "No such option: --x" stayed English."""
    untranslated = [t for t in click_texts() if gettext(t, "vi") == t and ngettext(t, t, 1, "vi") == t]
    assert untranslated == []


def test_an_unknown_option_is_said_in_vietnamese_on_the_installed_click(capsys, monkeypatch):
    monkeypatch.setenv("VILLAGESCORE_LANG", "vi")
    with pytest.raises(SystemExit) as exc:
        main(["evaluate", "data.csv", "--formt", "json"])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and "Không có tuỳ chọn" in err and "No such option" not in err, click.__version__
