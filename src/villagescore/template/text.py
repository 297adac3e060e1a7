"""The words and fixed settings of the survey workbook: sheet names, identity columns, interface strings.

The words live in the gettext catalogues with every other word of the interface
(``villagescore/i18n/locale/*/LC_MESSAGES/villagescore.po``, ids ``template.…``), so that a
translator finds them in one place; the functions here look them up.
"""

from __future__ import annotations

from typing import Any

from ..i18n import in_each_language, t

#: Identity columns of the data sheet, in order (``villagescore.datasets.IDENTITY_COLUMNS``).
IDENTITY = ("village_id", "name", "commune", "province", "former_commune", "former_district", "former_province",
            "sectors", "year", "survey_date")
#: Rows of the data sheet covered by data validation.
TEMPLATE_ROWS = 2000
#: Years a dataset may carry (as :mod:`villagescore.datasets` checks).
YEAR_RANGE = (1900, 2100)
#: Number format of the columns measured in %: a value typed as 45 or 45% shows as 45.0% (stored 0.45).
PERCENT_FORMAT = "0.0%"

_REQUIRED = {"village_id", "name", "commune", "province", "sectors", "year"}
#: The type of each identity column (their words: ``template.identity.<column>.label`` and ``.description``).
_IDENTITY_TYPES = {cid: "integer" if cid == "year" else "text" for cid in IDENTITY}
#: The roles of the workbook's sheets (their names: ``template.sheet.<role>``).
_SHEET_ROLES = ("data", "instructions", "form", "metadata", "dataset", "lists")
#: Sheet names of the workbook in each language, by role; the reader knows both (villagescore.readback.sheet_role).
SHEET_NAMES: dict[str, dict[str, str]] = {role: in_each_language(f"template.sheet.{role}") for role in _SHEET_ROLES}
#: Sentences of the instructions sheet's introduction (``template.intro.1`` …).
_INTRO_SENTENCES = 5

_IDENTITY_FILL = "1F3B57"
#: Header fills of the pillars' columns, by the pillar's position in the framework (then again from the first).
_PILLAR_FILLS = ("2E7D32", "1565C0", "EF6C00", "6A1B9A", "00838F", "AD1457", "5D4037", "9E9D24")
_OTHER_FILL = "455A64"
_BOOLEAN_CHOICES = {"vi": ("có", "không", 1, 0), "en": ("yes", "no", 1, 0)}
_KINDS = ("real", "real-shaped", "illustrative", "synthetic")
_QUALITIES = ("measured", "reported", "estimated")


def _ui(key: str, lang: str, **fmt: Any) -> str:
    """The workbook's word ``template.<key>`` in ``lang``, formatted with ``fmt``."""
    return t(f"template.{key}", lang, **fmt)


def _head(key: str, lang: str) -> str:
    """The header of the instructions sheet's column ``key`` in ``lang``."""
    return t(f"template.head.{key}", lang)


def _meta_head(key: str, lang: str) -> str:
    """The header of the metadata and dataset sheets' column ``key`` in ``lang`` (the label people read)."""
    return t(f"template.meta_head.{key}", lang)


def _type_label(field_type: str, lang: str) -> str:
    """A field type in words (``integer`` → ``số nguyên``); an unknown type as it is."""
    key = f"template.type.{field_type}"
    text = t(key, lang)
    return field_type if text == key else text


def _intro(lang: str) -> list[str]:
    """The sentences of the instructions sheet's introduction, with ``{data}``-style sheet placeholders."""
    return [t(f"template.intro.{i}", lang) for i in range(1, _INTRO_SENTENCES + 1)]


def _identity_text(cid: str) -> tuple[dict[str, str], str, dict[str, str]]:
    """``(label, type, description)`` of an identity column, label and description in both languages."""
    words = f"template.identity.{cid}"
    return in_each_language(f"{words}.label"), _IDENTITY_TYPES[cid], in_each_language(f"{words}.description")


def identity_labels() -> dict[str, dict[str, str]]:
    """The labels of the identity columns in both languages (``name`` → ``Tên làng nghề`` / ``Village name``)."""
    return {cid: in_each_language(f"template.identity.{cid}.label") for cid in IDENTITY}


def group_fills(framework: Any) -> dict[str, str]:
    """The header fill of each column group: each pillar by its position in ``framework``, and ``identity``.

    A group not listed (``other``: fields no indicator of the framework uses) takes ``_OTHER_FILL``.
    """
    fills = {p.id: _PILLAR_FILLS[k % len(_PILLAR_FILLS)] for k, p in enumerate(framework.pillars)}
    fills["identity"] = _IDENTITY_FILL
    return fills
