"""The gettext catalogues: compiled as shipped, both languages complete, placeholders kept."""

import re
import string

import pytest

babel = pytest.importorskip("babel")

from babel.messages.pofile import read_po  # noqa: E402

from villagescore.i18n import gettext, in_each_language, ngettext, t  # noqa: E402
from villagescore.i18n.catalogues import po_path  # noqa: E402
from villagescore.i18n.compile import compile_catalogue, languages  # noqa: E402

_KEY = re.compile(r"[a-z][a-z0-9_.:-]*\Z")


def _catalog(lang):
    with po_path(lang).open("rb") as f:
        return read_po(f, locale=lang)


def _fields(text):
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


def test_the_shipped_mo_files_are_compiled_from_the_po_sources():
    from villagescore.i18n.catalogues import mo_path

    stale = [lang for lang in languages() if mo_path(lang).read_bytes() != compile_catalogue(lang)]
    assert not stale, "run python -m villagescore.i18n.compile"


def _report_words():
    """The symbolic ids: every entry of the English catalogue (its other sentences are their own ids)."""
    return {m.id for m in _catalog("en") if m.id}


def test_every_report_word_exists_in_both_languages():
    words = _report_words()
    assert {"village", "estimates_line", "rank"} <= words and all(_KEY.match(w) for w in words)
    vi = _catalog("vi")
    missing = sorted(w for w in words if vi.get(w) is None or not vi[w].string)
    assert not missing


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_translations_keep_their_placeholders(lang):
    catalog = _catalog(lang)
    words = _report_words()
    bad = []
    for m in catalog:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if not all(strings):
            continue
        allowed = set().union(*(_fields(i) for i in ids))
        if ids[0] in words:  # a report word: its English text names the fields
            allowed = set(_fields(_catalog("en")[ids[0]].string or ""))
        bad += [(ids[0], s) for s in strings if not set(_fields(s)) <= allowed]
    assert not bad


def test_lookups():
    assert t("village", "vi") == "Làng nghề" and t("village", "en") == "Village"
    assert t("no such key", "vi") == "no such key"
    assert in_each_language("template.sheet.data") == {"vi": "Số liệu", "en": "data"}
    assert gettext("Usage:", "vi") == "Cách dùng:" and gettext("Usage:", "en") == "Usage:"
    assert ngettext("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments.", 2,
                    "vi").startswith("Tuỳ chọn")


def test_every_command_line_sentence_is_translated():
    """``python -m villagescore.i18n.extract`` finds nothing the Vietnamese catalogue leaves untranslated."""
    from villagescore.i18n.extract import untranslated

    assert untranslated("vi") == []
