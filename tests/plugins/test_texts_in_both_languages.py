"""Every first-party text a user reads is given in Vietnamese and in English.

A plain string is shown as it is in every language: a rationale, label, note or guidance
written once in English reads as English in a Vietnamese report (``framework show --lang vi``
printed the weaving criteria's rationales in English; ``framework export`` wrote some 80
indicator rationales and the example frameworks' notes and rationales in English only). Left
out, and why: what a reference or a regulation's limit cites (``references``, ``limits``,
``values``, ``transition``, ``sources``: document names, provisions, notes), cited as written;
a Vietnamese report words provisions by rule. Those citations are checked by
:mod:`tests.plugins.test_cited_texts_in_both_languages`.

The examples the documentation teaches are held to the same rule: their catalogues, their
frameworks and the objects their Python plugins return (an English-only rationale in the
tutorial was copied into third-party plugins).
"""

from __future__ import annotations

import dataclasses
import importlib.util
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PLUGINS = ROOT / "plugins"
FILES = sorted(PLUGINS.glob("villagescore_*/*.yaml"))
#: The documentation's example catalogues, frameworks and plugin modules.
DOC_FILES = [*sorted((ROOT / "docs" / "examples" / "catalogues").glob("*.yaml")),
             *sorted((ROOT / "docs" / "examples" / "frameworks").glob("*.yaml")),
             *sorted((ROOT / "docs" / "plugins" / "examples").glob("*.yaml"))]
DOC_PLUGINS = [ROOT / "docs" / "plugins" / "examples" / name for name in ("non_la.py", "pottery.py")]
#: The hooks whose objects carry texts a user reads, by the key a catalogue gives them under.
OBJECT_HOOKS = ("sectors", "fields", "indicators", "checks", "regulations")
#: The keys whose text a user reads, as {vi, en}; ``notes`` is a list of such texts.
TEXTS = {"label", "title", "description", "guidance", "message", "advice", "rationale", "note", "notes"}
#: Parts of a file whose texts are citations, cited as written.
CITED = {"references", "limits", "values", "transition", "sources"}


def _unread(path: str) -> bool:
    return any(f".{part}" in path for part in CITED)


def _one_language(node, path="$"):
    """The JSON paths of the texts under ``node`` that a user reads but that lack ``vi`` or ``en``."""
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{path}.{key}"
            if key in TEXTS and not _unread(path):
                texts = value if key == "notes" and isinstance(value, list) else [value]
                for text in texts:
                    if not (isinstance(text, dict) and all(isinstance(text.get(k), str) and text[k].strip()
                                                           for k in ("vi", "en"))):
                        yield here
            yield from _one_language(value, here)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _one_language(value, f"{path}[{i}]")


def _given(node):
    """``node`` without the optional texts left unset (``None``, ``""``), as a catalogue leaves them out."""
    if isinstance(node, dict):
        return {k: _given(v) for k, v in node.items() if v is not None and v != ""}
    if isinstance(node, list | tuple):
        return [_given(v) for v in node]
    return node


def test_there_are_first_party_files_to_check():
    assert len(FILES) >= 15


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_text_a_user_reads_has_vietnamese_and_english(path):
    found = list(_one_language(yaml.safe_load(path.read_text(encoding="utf-8"))))
    assert not found, f"{path.name}: texts without both 'vi' and 'en': {found}"


@pytest.mark.parametrize("path", DOC_FILES, ids=lambda p: p.name)
def test_every_text_of_a_documented_example_catalogue_or_framework_has_vietnamese_and_english(path):
    found = list(_one_language(yaml.safe_load(path.read_text(encoding="utf-8"))))
    assert not found, f"{path.name}: texts without both 'vi' and 'en': {found}"


@pytest.mark.parametrize("path", DOC_PLUGINS, ids=lambda p: p.name)
def test_every_text_of_a_documented_example_plugin_has_vietnamese_and_english(path):
    spec = importlib.util.spec_from_file_location(f"_docs_example_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    doc = {key: [_given(dataclasses.asdict(obj)) for obj in getattr(module, f"register_{key}")()]
           for key in OBJECT_HOOKS if hasattr(module, f"register_{key}")}
    assert doc, f"{path.name} registers no object"
    found = list(_one_language(doc))
    assert not found, f"{path.name}: texts without both 'vi' and 'en': {found}"


def test_the_check_finds_a_text_given_in_english_only():
    doc = {"sectors": [{"criteria": [{"rationale": "English only", "label": {"vi": "Nhãn", "en": "Label"}}]}],
           "indicators": [{"rationale": "exported with the framework", "references": [{"note": "cited"}],
                           "threshold": {"regulation": "r", "limit": "cod", "note": "Measured at the outfall."}}],
           "pillars": [{"rationale": "Part A carries 40 of the 100 points."}],
           "notes": [{"vi": "Ghi chú", "en": ""}]}
    assert list(_one_language(doc)) == ["$.sectors[0].criteria[0].rationale", "$.indicators[0].rationale",
                                        "$.indicators[0].threshold.note", "$.pillars[0].rationale", "$.notes"]


def test_the_example_frameworks_are_checked():
    assert {p.name for p in DOC_FILES} >= {"ocop.yaml", "hanoi-variant.yaml"}


#: Units written as symbols, the same in both languages (words are translated by the catalogue, msgctxt "unit").
UNIT_SYMBOLS = {"mg/L", "mg/Nm³", "µg/m³", "dBA", "Pt-Co", "kg/kg"}


def _units(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "unit" and isinstance(value, str):
                yield value
            yield from _units(value)
    elif isinstance(node, list):
        for value in node:
            yield from _units(value)


@pytest.mark.parametrize("path", [*FILES, *DOC_FILES], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_unit_in_words_is_said_in_vietnamese(path):
    """Audit (thirteenth walk): ``framework show --lang vi`` of the OCOP example read "points" in English."""
    from villagescore.i18n import unit_label

    words = {u for u in _units(yaml.safe_load(path.read_text(encoding="utf-8")))
             if any(c.isalpha() for c in u) and u not in UNIT_SYMBOLS}
    assert not {u for u in words if unit_label(u, "vi") == u}, f"{path.name}: units without a Vietnamese translation"
