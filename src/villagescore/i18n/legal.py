"""Vietnamese legal citations as Vietnamese readers write them.

Regulations are declared with English ``document`` strings ("Decree 52/2018/NĐ-CP on rural
trades", "QCVN 40:2011/BTNMT: industrial wastewater") and English ``provision`` strings
("Table 1", "art. 5(3)(a)"). A Vietnamese report must cite them in Vietnamese: "Nghị định
52/2018/NĐ-CP", "Bảng 1", "điểm a khoản 3 Điều 5". :func:`document_name` and
:func:`provision_text` turn the structure of a citation (the kind of act, its number, the
article, clause and point) into Vietnamese; an English description after the number is left
out in Vietnamese unless the regulation declares a Vietnamese ``title``. Free text the rules
do not know stays as written; a text the data gives in both languages (``{vi: ..., en: ...}``:
a reference's document, provision or note, a limit's parameter, column or provision) is read in
the reader's language by :func:`text_in`, the one place a view picks the language of such a text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from . import label

__all__ = ["document_name", "document_text", "document_texts", "provision_text", "legal_words_vi", "limit_text",
           "reference_document_text", "text_in"]

#: Names of laws and codes, longest first (a longer name holds a shorter one).
_LAWS_VI = (
    ("Law on Fire Prevention, Fighting and Rescue", "Luật Phòng cháy, chữa cháy và cứu nạn, cứu hộ"),
    ("Law on Fire Prevention and Fighting", "Luật Phòng cháy và chữa cháy"),
    ("Law on Occupational Safety and Health", "Luật An toàn, vệ sinh lao động"),
    ("Law on Environmental Protection", "Luật Bảo vệ môi trường"),
    ("Law on Social Insurance", "Luật Bảo hiểm xã hội"),
    ("Law on Tourism", "Luật Du lịch"),
    ("Labour Code", "Bộ luật Lao động"),
    ("LEP 2020", "Luật BVMT 2020"),
)
#: Kinds of act before a number ("Decree 52/2018/NĐ-CP").
_KINDS_VI = (("Joint Circular ", "Thông tư liên tịch "), ("Decree ", "Nghị định "), ("Decision ", "Quyết định "),
             ("Circular ", "Thông tư "), ("Resolution ", "Nghị quyết "), ("Law ", "Luật "))
#: A document string's official name: up to ": " or " on " or " (" after the number, or all of it.
_NAME = re.compile(r"^(?P<name>(?:QCVN|TCVN|Decree|Decision|Circular|Joint Circular|Resolution|Law)\s+(?=\S*\d)\S+)"
                   r"(?P<rest>.*)$")
#: A document number followed by its article ("Circular 06/2025/TT-BTNMT art. 3"): a comma goes between them.
_DOCUMENT_ARTICLE = re.compile(r"(?P<doc>\b\d+/\d{4}/[A-ZĐ][\w-]*) (?=art\.)")
_ARTICLE = re.compile(r"\bart\.\s*(?P<art>\d+[a-z]?)(?P<clause>\(\d+\))?(?P<point>\([a-zđ]\))?")


def _words(pairs: tuple[tuple[str, str], ...]) -> list[tuple[re.Pattern[str], str]]:
    """Each English phrase as a pattern matching it as whole words only ("ch. " not inside "each. ")."""
    return [(re.compile(rf"(?<![\w.]){re.escape(en.strip())}(?=\s|$)" if en.endswith(" ") else
                        rf"(?<![\w.]){re.escape(en)}(?!\w)"), vi.strip()) for en, vi in pairs]


#: Words between acts ("Law 27/2001/QH10, amended by Law 40/2013/QH13").
_LINKS_VI = (("amended by ", "sửa đổi bởi "),)
_LEGAL_WORDS = _words((*_LAWS_VI, *_KINDS_VI, *_LINKS_VI))
_PROVISION_WORDS = _words((("Table ", "Bảng "), ("Annex ", "Phụ lục "), ("Appendix ", "Phụ lục "), ("item ", "mục "),
                           ("column ", "cột "), ("ch. ", "Chương ")))


def legal_words_vi(text: str) -> str:
    """``text`` with the names of laws, the kinds of act and the words between acts in Vietnamese.

    Numbers stay as they are; only whole words are replaced.
    """
    for pattern, vi in _LEGAL_WORDS:
        text = pattern.sub(vi, text)
    return text


def document_name(document: str, lang: str, title: Mapping[str, str] | None = None) -> str:
    """A regulation's name for a table cell: its number, and in Vietnamese its Vietnamese title when declared.

    English: the ``document`` up to its first ``": "`` (``"QCVN 40:2011/BTNMT"``,
    ``"Decree 52/2018/NĐ-CP on rural trades"``). Vietnamese: the kind of act and the names of
    laws in Vietnamese (``"Nghị định 52/2018/NĐ-CP"``), followed by ``title["vi"]`` when given;
    the English description is left out. A document the rules know no word of (a third-party
    plugin's ``"Rule 40:2011: effluent"``) is its name followed by ``title["vi"]`` when given.
    Every view names a regulation version through this function (or :func:`document_text`), with
    the ``title`` its data holds: the core knows no regulation's words.
    """
    if lang != "vi":
        return document.split(": ")[0]
    vi = (title or {}).get("vi")
    found = _NAME.match(document)
    if found is None:  # a law or code by its name ("Labour Code 2019 (Law 45/2019/QH14)")
        name = document.split(": ")[0]
        said = legal_words_vi(name)
        return f"{name} {vi}" if said == name and vi and vi not in name else said
    name = legal_words_vi(found["name"].rstrip(":,"))
    return f"{name} {vi}" if vi and not found["name"].startswith(("QCVN", "TCVN")) else name


def document_text(document: str, lang: str, title: Mapping[str, str] | None = None) -> str:
    """A regulation's document as a JSON output for people gives it in ``lang``.

    English: the ``document`` as declared (its number and English description). Vietnamese:
    :func:`document_name` (the English description is left out, a Vietnamese ``title`` kept).
    """
    return document if lang != "vi" else document_name(document, "vi", title)


def document_texts(document: str, title: Mapping[str, str] | None = None) -> dict[str, str]:
    """:func:`document_text` in both languages (``{vi, en}``), for JSON that gives every text so."""
    return {"vi": document_text(document, "vi", title), "en": document_text(document, "en", title)}


def text_in(text: str | Mapping[str, str] | None, lang: str) -> str:
    """A text the data gives in one or both languages, in ``lang``.

    ``{vi, en}`` is read in ``lang`` (the other language when that one is missing); a plain
    string is the same in both languages and is returned as written; ``None`` or empty is ``""``.
    """
    return label(text, lang)


def reference_document_text(document: str | Mapping[str, str] | None, lang: str) -> str:
    """The ``document`` of a reference that cites no declared regulation, in ``lang``.

    A document the data gives in both languages (``{vi, en}``: the project's own words, a
    programme's title) is read in ``lang``; a plain string (a study's or an article's title) is
    cited as it was published, in both languages.
    """
    return text_in(document, lang)


def limit_text(text: str | Mapping[str, str] | None, lang: str) -> str:
    """A limit's parameter or column in ``lang``: ``{vi, en}`` read in ``lang``, a plain string (a symbol) as it is."""
    return text_in(text, lang)


def provision_text(provision: str | Mapping[str, str] | None, lang: str) -> str:
    """A provision in ``lang``: in Vietnamese ``art. 5(3)(a)`` is ``điểm a khoản 3 Điều 5``, ``Table 1`` ``Bảng 1``.

    A provision given in both languages (``{vi, en}``) is read in ``lang`` as written. A citation
    that names its document before the article (``Circular 06/2025/TT-BTNMT art. 3``) is said
    as Vietnamese readers write it: ``Thông tư 06/2025/TT-BTNMT, Điều 3``.
    """
    if not provision or not isinstance(provision, str):
        return limit_text(provision, lang)
    if lang != "vi":
        return provision

    def article(m: re.Match[str]) -> str:
        parts = []
        if m["point"]:
            parts.append(f"điểm {m['point'][1:-1]}")
        if m["clause"]:
            parts.append(f"khoản {m['clause'][1:-1]}")
        parts.append(f"Điều {m['art']}")
        return " ".join(parts)

    text = _ARTICLE.sub(article, _DOCUMENT_ARTICLE.sub(r"\g<doc>, ", provision))
    for pattern, vi in _PROVISION_WORDS:
        text = pattern.sub(vi, text)
    return legal_words_vi(text)
