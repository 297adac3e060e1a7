"""What a bundled catalogue cites is read in Vietnamese too, not only in English.

``explain``, reports and ``framework show --lang vi`` print a reference's ``document``,
``provision``, ``column``, ``parameter`` and ``note``, and a regulation's, limit's or threshold
version's ``note``. A plain string is shown as written in both languages, so an English one
("Scoring goalposts are a project judgement.") read as English in a Vietnamese report. The rule checked here: every
``note`` is ``{vi, en}``; a plain ``provision`` is a pure reference that
:func:`~villagescore.i18n.legal.provision_text` words in Vietnamese entirely ("Table 1",
"art. 5(3)(a)"), with no English word left; a plain reference ``document`` is a title
published in Vietnamese (it holds Vietnamese letters), any other is ``{vi, en}``; a plain reference
``column`` or ``parameter`` is a symbol or a letter (``COD``, ``BOD5 (20 °C)``, ``B``), with no word in it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from villagescore.i18n.legal import provision_text

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted((ROOT / "plugins").glob("villagescore_*/*.yaml"))
#: A word of three or more unaccented Latin letters: what is left of English prose after the rules.
_ENGLISH_WORD = re.compile(r"(?<![\w-])[a-z]{3,}(?![\w-])")
#: A letter only Vietnamese writes.
#: A word with two lowercase letters in a row ("as", "Colour", "period"): not a symbol ("COD", "pH", "B").
_WORD = re.compile(r"(?<![\w-])[A-Za-z]*[a-z]{2}[A-Za-z]*(?![\w-])")
_VIETNAMESE_LETTER = re.compile("[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]",
                                re.IGNORECASE)


def _both(text) -> bool:
    return isinstance(text, dict) and all(isinstance(text.get(k), str) and text[k].strip() for k in ("vi", "en"))


def _english_only(node, path="$", in_reference=False):
    """The JSON paths of the cited texts under ``node`` that a Vietnamese reader would read in English."""
    if isinstance(node, dict):
        if _both(node) and set(node) <= {"vi", "en"}:
            return
        for key, value in node.items():
            here = f"{path}.{key}"
            if key == "note" and not _both(value):
                yield here
            elif key == "provision" and isinstance(value, str) and _ENGLISH_WORD.search(provision_text(value, "vi")):
                yield here
            elif (key == "document" and in_reference and isinstance(value, str)
                  and not _VIETNAMESE_LETTER.search(value)):
                yield here
            elif key in ("column", "parameter") and in_reference and isinstance(value, str) and _WORD.search(value):
                yield here
            else:
                yield from _english_only(value, here, in_reference or key == "references")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _english_only(value, f"{path}[{i}]", in_reference)


def test_there_are_bundled_files_to_check():
    assert len(FILES) >= 15


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_cited_text_a_view_prints_reads_in_vietnamese(path):
    found = list(_english_only(yaml.safe_load(path.read_text(encoding="utf-8"))))
    assert not found, f"{path.name}: cited texts in English only: {found}"


def test_the_check_finds_english_only_citations_and_accepts_references_worded_by_rule():
    doc = {"indicators": [{"references": [
        {"document": {"vi": "ước tính của dự án", "en": "project estimate"},
         "note": "Scoring goalposts are a project judgement."},
        {"regulation": "lep-2020", "provision": "art. 56(1)(a)"},
        {"regulation": "decree-52-2018", "provision": "Table 1"},
        {"regulation": "labour-code-2019", "provision": "art. 14 (labour contracts in writing)"},
        {"document": "daibieunhandan.vn: Bát Tràng phát lên nhờ sản xuất", "note": {"vi": "Ghi chú", "en": "Note"}},
        {"document": "Hanoi waste-collection price"},
        {"regulation": "r", "parameter": "NH4+ (as N)", "column": "by area type and period"},
        {"regulation": "r", "parameter": "BOD5 (20 °C)", "column": "B"},
        {"regulation": "r", "parameter": {"vi": "Độ màu (pH 7)", "en": "Colour (pH 7)"}}],
        "threshold": {"versions": [{"regulation": "r", "limit": "cod", "note": "Measured at the outfall."}]}}],
        "regulations": [{"id": "r", "document": "QCVN 40:2011/BTNMT: industrial wastewater"}]}
    assert list(_english_only(doc)) == ["$.indicators[0].references[0].note",
                                        "$.indicators[0].references[3].provision",
                                        "$.indicators[0].references[5].document",
                                        "$.indicators[0].references[6].parameter",
                                        "$.indicators[0].references[6].column",
                                        "$.indicators[0].threshold.versions[0].note"]
