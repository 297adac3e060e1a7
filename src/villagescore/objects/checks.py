"""Shared vocabularies and id/label checks of the plugin objects."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from ..errors import InvalidObjectError, Texts, said
from ..i18n import N_

#: Types a raw field may have. ``boolean`` accepts 1/0, true/false, yes/no, có/không.
FIELD_TYPES = ("number", "integer", "boolean", "category", "text")


#: Direction of an indicator: which values are better.
DIRECTIONS = ("higher", "lower", "range", "boolean", "category")


#: How sure we are of a legal value or a citation (see ``docs/framework-format.md``).
CONFIDENCE_LEVELS = ("verified", "secondary", "unverified", "estimate")


#: Ids no pillar or criterion may take: ``<id>_score`` and ``<id>_coverage`` would be the overall score's
#: columns of ``Result.to_frame`` and the CSV outputs, and ``overall`` names the overall level in plans.
RESERVED_NODE_IDS = frozenset({"overall"})


#: The languages every text a user reads is given in.
LANGUAGES = ("vi", "en")


_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")


#: The kinds of object, as a message names them in each language.
KINDS = {kind: Texts(en=kind, vi=vi) for kind, vi in (
    ("field", "trường số liệu"), ("indicator", "chỉ số"), ("regulation", "văn bản quy định"),
    ("check", "phép kiểm tra"), ("measure", "biện pháp"), ("criterion", "tiêu chí"), ("sector", "ngành nghề"),
    ("limit", "giới hạn"), ("reference", "căn cứ"), ("scorer", "phương pháp chấm"),
    ("aggregator", "quy tắc tổng hợp"), ("reader", "bộ đọc"))}


def refused(template: str, kind: str, ident: Any, **params: Any) -> InvalidObjectError:
    """The error of the object ``kind`` ``ident``: ``template`` (marked with ``N_``, naming ``{kind}`` and ``{id}``)."""
    return said(InvalidObjectError, template, kind=KINDS.get(kind, kind), id=ident, **params)


def _check_id(kind: str, value: str) -> None:
    if not isinstance(value, str) or not _ID.match(value):
        raise refused(N_("{kind} id {id!r} is not a valid id: use lower-case ASCII letters, digits, '_' and '.' "
                         "(e.g. 'environment.wastewater_treated')"), kind, value)


def _check_label(kind: str, ident: str, label: Any, name: str = "label") -> dict[str, Any]:
    """``label`` NFC (a new mapping), or refused unless its ``vi`` and ``en`` are texts that are not blank."""
    if not complete_text(label):
        raise refused(N_("{kind} {id!r}: {name} must be a mapping with non-empty 'vi' and 'en' texts"), kind, ident,
                      name=name)
    return {k: unicodedata.normalize("NFC", v) if isinstance(v, str) else v for k, v in label.items()}


def _set_text(obj: Any, attr: str, kind: str, ident: str, *, optional: bool = False) -> None:
    """Check the ``{vi, en}`` text ``obj.attr`` (:func:`_check_label`) and keep it NFC, as catalogues are read."""
    value = getattr(obj, attr)
    if value is None and optional:
        return
    object.__setattr__(obj, attr, _check_label(kind, ident, value, attr))


def _set_prose(obj: Any, attr: str, kind: str, ident: str) -> None:
    """A text given as one ``str`` or as ``{vi, en}`` (a note, a rationale): kept NFC, a mapping checked as a label."""
    value = getattr(obj, attr)
    if isinstance(value, Mapping):
        object.__setattr__(obj, attr, _check_label(kind, ident, value, attr))
    elif isinstance(value, str) and not value.isascii():
        object.__setattr__(obj, attr, unicodedata.normalize("NFC", value))


def _set_tuple(obj: Any, attr: str, kind: str, ident: str) -> None:
    """Keep ``obj.attr`` (ids, texts or objects given as a list or tuple) as a tuple; one ``str`` is refused.

    ``tuple("x.rule")`` would split it into its letters, each then an unknown id or a
    category of one letter, far from the slip.
    """
    value = getattr(obj, attr)
    if isinstance(value, str):
        raise refused(N_("{kind} {id!r}: {name} must be a tuple or a list, not one text {value!r}: give a "
                         "tuple/list such as ({value!r},) or [{value!r}]"), kind, ident, name=attr, value=value)
    object.__setattr__(obj, attr, tuple(value))


def _keep_unshown(obj: Any, attr: str) -> None:
    """A text no report shows (a sector's, measure's or indicator's ``description``): kept, its strings NFC.

    Never refused: an English-only one is said by the registry as a warning (an error when strict),
    :func:`villagescore.unshown_texts.say_unshown_texts`.
    """
    value = getattr(obj, attr)
    if isinstance(value, str):
        object.__setattr__(obj, attr, unicodedata.normalize("NFC", value))
    elif isinstance(value, Mapping):
        object.__setattr__(obj, attr, {k: unicodedata.normalize("NFC", v) if isinstance(v, str) else v
                                       for k, v in value.items()})


def complete_text(value: Any) -> bool:
    """``value`` is a mapping with a non-blank ``str`` in each language."""
    return isinstance(value, Mapping) and all(isinstance(value.get(k), str) and value[k].strip() for k in LANGUAGES)
