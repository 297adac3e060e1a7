"""Every first-party text a user reads is given in Vietnamese and in English.

A plain string is shown as it is in every language: a rationale, label, note or guidance
written once in English reads as English in a Vietnamese report (``framework show --lang vi``
printed the weaving criteria's rationales in English). Left out, and why:

- what a reference or limit cites (``references``, ``threshold``, ``limits``: document
  names, provisions, notes): cited as written, a Vietnamese report words provisions by rule;
- an indicator's ``rationale`` in a catalogue: kept with the catalogue's codes for the
  authors, exported with the framework but shown in no report.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

PLUGINS = Path(__file__).resolve().parents[2] / "plugins"
FILES = sorted(PLUGINS.glob("villagescore_*/*.yaml"))
#: The keys whose text a user reads, as {vi, en}; ``notes`` is a list of such texts.
TEXTS = {"label", "title", "description", "guidance", "message", "advice", "rationale", "note", "notes"}
#: Parts of a file whose texts are citations, cited as written.
CITED = {"references", "threshold", "limits", "values", "transition", "sources"}


def _unread(path: str, key: str) -> bool:
    return any(f".{part}" in path for part in CITED) or (key == "rationale" and path.startswith("$.indicators["))


def _one_language(node, path="$"):
    """The JSON paths of the texts under ``node`` that a user reads but that lack ``vi`` or ``en``."""
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{path}.{key}"
            if key in TEXTS and not _unread(path, key):
                texts = value if key == "notes" and isinstance(value, list) else [value]
                for text in texts:
                    if not (isinstance(text, dict) and all(isinstance(text.get(k), str) and text[k].strip()
                                                           for k in ("vi", "en"))):
                        yield here
            yield from _one_language(value, here)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _one_language(value, f"{path}[{i}]")


def test_there_are_first_party_files_to_check():
    assert len(FILES) >= 15


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_text_a_user_reads_has_vietnamese_and_english(path):
    found = list(_one_language(yaml.safe_load(path.read_text(encoding="utf-8"))))
    assert not found, f"{path.name}: texts without both 'vi' and 'en': {found}"


def test_the_check_finds_a_text_given_in_english_only():
    doc = {"sectors": [{"criteria": [{"rationale": "English only", "label": {"vi": "Nhãn", "en": "Label"}}]}],
           "indicators": [{"rationale": "kept for authors", "references": [{"note": "cited"}]}],
           "notes": [{"vi": "Ghi chú", "en": ""}]}
    assert list(_one_language(doc)) == ["$.sectors[0].criteria[0].rationale", "$.notes"]
