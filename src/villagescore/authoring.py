"""Small helpers for plugin authors: bilingual labels, fields, scorer specs, estimates.

A plugin describes its fields, indicators and sectors with the plain objects of
:mod:`villagescore.objects`. The objects are declarative, so the first-party plugins used
to repeat the same small helpers. This module collects them once. Each helper only builds
an object a plugin could write by hand: a ``{"vi": …, "en": …}`` label, a
:class:`~villagescore.objects.Field`, a :class:`~villagescore.objects.Reference` or a plain
``{"method": …, "params": {…}}`` scorer spec. None of them adds behaviour, so
``text("Gốm sứ", "Ceramics")`` and ``{"vi": "Gốm sứ", "en": "Ceramics"}`` register the
same thing.

Plugins import the helpers from the package (``from villagescore import text,
percent_field, COVERAGE_BANDS``), because a plugin may import only ``villagescore`` and
``villagescore.testing``. Like :mod:`villagescore.objects`, this module imports neither
pandas nor numpy.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .errors import InvalidObjectError, said
from .i18n import N_, gettext
from .objects import Field, Reference

__all__ = [
    "text",
    "number_field",
    "percent_field",
    "count_field",
    "yes_no_field",
    "category_field",
    "bands",
    "linear",
    "ratio_to_limit",
    "yes_is_good",
    "yes_is_bad",
    "COVERAGE_BANDS",
    "NOISE_RATIO_TO_LIMIT",
    "estimate",
    "ESTIMATE_DOCUMENT",
]

# ---- labels --------------------------------------------------------------------------------


def text(vi: str, en: str) -> dict[str, str]:
    """Return a bilingual label ``{"vi": vi, "en": en}``, both texts NFC-normalised.

    Vietnamese typed on some keyboards arrives in decomposed form (a base letter followed by
    combining marks). NFC makes the label compare, sort and match ids the same way as the
    composed text in the datasets and the framework files.

    Raises ``ValueError`` when either text is not a non-empty string.
    """
    for lang, value in (("vi", vi), ("en", en)):
        if not isinstance(value, str) or not value.strip():
            raise said(InvalidObjectError, N_("label text for {lang!r} must be a non-empty string, got {value!r}"),
                       lang=lang, value=value)
    return {"vi": unicodedata.normalize("NFC", vi), "en": unicodedata.normalize("NFC", en)}


# ---- fields --------------------------------------------------------------------------------


def number_field(
    id: str,
    vi: str,
    en: str,
    unit: str = "",
    *,
    minimum: float | None = 0,
    maximum: float | None = None,
    not_greater_than: str | None = None,
    description: Mapping[str, str] | None = None,
) -> Field:
    """Return a ``number`` field labelled ``text(vi, en)``, by default at least 0.

    Pass ``minimum=None`` for a quantity that may be negative without bound, or a negative
    ``minimum`` for a change (e.g. growth in %/yr from -100).
    """
    return Field(
        id,
        text(vi, en),
        type="number",
        unit=unit,
        minimum=minimum,
        maximum=maximum,
        not_greater_than=not_greater_than,
        description=description,
    )


def percent_field(
    id: str,
    vi: str,
    en: str,
    *,
    not_greater_than: str | None = None,
    description: Mapping[str, str] | None = None,
) -> Field:
    """Return a share in per cent: a ``number`` field with unit ``%`` from 0 to 100."""
    return number_field(
        id, vi, en, "%", minimum=0, maximum=100, not_greater_than=not_greater_than, description=description
    )


def count_field(
    id: str,
    vi: str,
    en: str,
    unit: str = "",
    *,
    minimum: int = 0,
    maximum: int | None = None,
    not_greater_than: str | None = None,
    description: Mapping[str, str] | None = None,
) -> Field:
    """Return a whole-number field (``integer``, by default ≥ 0): a count or a level such as 0–2."""
    return Field(
        id,
        text(vi, en),
        type="integer",
        unit=unit,
        minimum=minimum,
        maximum=maximum,
        not_greater_than=not_greater_than,
        description=description,
    )


def yes_no_field(id: str, vi: str, en: str, *, description: Mapping[str, str] | None = None) -> Field:
    """Return a ``boolean`` field (a dataset may write 1/0, true/false, yes/no or có/không)."""
    return Field(id, text(vi, en), type="boolean", description=description)


def category_field(
    id: str, vi: str, en: str, categories: Iterable[str], *, description: Mapping[str, str] | None = None
) -> Field:
    """Return a ``category`` field whose values must be one of ``categories``."""
    return Field(id, text(vi, en), type="category", categories=tuple(categories), description=description)


# ---- scorer specs --------------------------------------------------------------------------


def bands(edges: Sequence[float], scores: Sequence[float], closed: str = "left") -> dict[str, Any]:
    """Return a ``bands`` scorer spec: ``len(scores) == len(edges) + 1`` step scores.

    ``closed="left"`` puts a value that sits on an edge in the upper band; ``"right"`` puts it
    in the lower band (``bands([0], [100, 0], closed="right")``: 0 scores 100, anything more 0).
    The framework loader checks the parameters against the scorer's schema.
    """
    if closed not in ("left", "right"):
        raise said(InvalidObjectError, N_("bands: closed must be 'left' or 'right', got {closed!r}"), closed=closed)
    if len(scores) != len(edges) + 1:  # the message of scoring.BAND_SCORES (this module imports no numpy)
        raise said(InvalidObjectError, N_("{method}: {edges} edges need {needed} scores, got {scores}{note}"),
                   method="bands", edges=len(edges), needed=len(edges) + 1, scores=len(scores), note="")
    return {"method": "bands", "params": {"edges": list(edges), "scores": list(scores), "closed": closed}}


def linear(worst: float, best: float) -> dict[str, Any]:
    """Return a ``linear`` scorer spec: 0 at ``worst``, 100 at ``best`` (either may be the larger)."""
    return {"method": "linear", "params": {"worst": worst, "best": best}}


def ratio_to_limit(edges: Sequence[float] | None = None) -> dict[str, Any]:
    """Return a ``ratio_to_limit`` scorer spec; the limit comes from the framework's threshold.

    Without ``edges`` the scorer's default ratio levels apply; with them, ``edges`` replaces
    those levels (see :data:`NOISE_RATIO_TO_LIMIT`).
    """
    if edges is None:
        return {"method": "ratio_to_limit"}
    return {"method": "ratio_to_limit", "params": {"edges": list(edges)}}


def yes_is_good() -> dict[str, Any]:
    """Return a ``boolean`` scorer spec for a yes that is good: yes → 100, no → 0."""
    return {"method": "boolean"}


def yes_is_bad() -> dict[str, Any]:
    """Return a ``boolean`` scorer spec for a yes that is bad: yes → 0, no → 100."""
    return {"method": "boolean", "params": {"true_score": 0, "false_score": 100}}


#: Coverage levels proposed in domain.md §A for a share in % (the official VNCPC levels were
#: not found): <30 → 0, 30–60 → 25, 60–80 → 50, 80–95 → 75, ≥95 → 100. ``closed="left"`` puts
#: a value on an edge in the upper band (exactly 80 % scores 75). Shared by many indicators:
#: read it, never mutate it (``bands(...)`` builds a variant).
COVERAGE_BANDS: dict[str, Any] = bands([30, 60, 80, 95], [0, 25, 50, 75, 100], closed="left")

#: Ratio-to-limit for sound levels in dBA. Decibels are logarithmic, so the ratio edges are
#: tight: ≤0.90 × limit → 100, ≤0.95 → 75, ≤1.00 (compliant) → 50, ≤1.06 → 25, above → 0
#: (for a 70 dBA limit: 63 / 66.5 / 70 / 74.2). Read it, never mutate it.
NOISE_RATIO_TO_LIMIT: dict[str, Any] = ratio_to_limit(edges=[0.9, 0.95, 1.0, 1.06])


# ---- references ----------------------------------------------------------------------------

#: The ``document`` of every project-estimate reference, in English (its Vietnamese is in the message catalogue).
ESTIMATE_DOCUMENT = N_("villagescore project estimate")


def estimate(note: str | Mapping[str, str], *, provision: str | Mapping[str, str] = "") -> Reference:
    """Return the reference for a project judgement (``confidence="estimate"``), not a fact.

    Cite it where a goalpost or a scoring level has no legal or published source; ``note``
    says what was judged and ``provision`` where the reasoning is written down (each one string
    or ``{vi, en}``). Its ``document`` is :data:`ESTIMATE_DOCUMENT` in both languages.
    """
    document = {"vi": gettext(ESTIMATE_DOCUMENT, "vi"), "en": ESTIMATE_DOCUMENT}
    return Reference(document=document, provision=provision, confidence="estimate", note=note)
