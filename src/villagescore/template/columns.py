"""The columns of the data sheet: which fields a framework needs, and how a number is written."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import Term, Texts, UnknownIdError, VillageScoreError, said
from ..i18n import LANGS, N_, label, labelled, unit_label
from .text import _REQUIRED, IDENTITY, YEAR_RANGE, _identity_text


def plain_number(x: float, lang: str = "en") -> str:
    """A number as people write it, never in exponent form: ``500.000.000`` / ``0,5`` (vi), ``500,000,000`` (en)."""
    value = float(x)
    if value.is_integer():
        text = f"{int(value):,}"
    else:
        text = f"{value:,.6f}".rstrip("0").rstrip(".")
    if lang == "vi":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def _formula_number(x: float) -> str:
    """A number for an Excel formula: plain digits, no exponent, no grouping (``500000000``, ``0.45``)."""
    value = float(x)
    return str(int(value)) if value.is_integer() else f"{value:.10f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class TemplateColumn:
    """One column of the data sheet: an identity column or a registered field."""

    id: str
    label: dict[str, str]
    type: str
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    categories: tuple[str, ...] = ()
    description: dict[str, str] | None = None
    pillar: str = "identity"
    required: bool = False
    used_by: tuple[str, ...] = ()
    not_greater_than: str | None = None
    guidance: dict[str, str] | None = None
    category_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    #: the label ({vi, en}) of each indicator of ``used_by``
    used_by_labels: dict[str, dict[str, str]] = field(default_factory=dict)

    def choice(self, code: str, lang: str) -> str:
        """The word a person reads for category ``code`` (the code when it has no label)."""
        text = self.category_labels.get(code) or {}
        return text.get(lang) or code


def chosen_sectors(registry: Any, sectors: Sequence[str]) -> tuple[str, ...]:
    """The ids of ``sectors``, each given by its id or its name (``Gốm sứ``) as a dataset's reader takes it.

    Raises
    ------
    UnknownIdError
        When a sector is not registered (the message lists the known ones as ``label (id)``).
    """
    from ..catalogue.aliases import resolve, sector_aliases

    known = getattr(registry, "sectors", {}) or {}
    table = sector_aliases(known)
    ids = []
    for sector in sectors:
        sid = sector if sector in known else resolve(sector, table)
        if sid is None:
            listed = Texts({lang: ", ".join(labelled(k, getattr(v, "label", None), lang) for k, v in known.items())
                            for lang in LANGS})
            raise said(UnknownIdError, N_("unknown sector {sector!r}; known sectors: {known}"), sector=sector,
                       known=listed if known else Term("none registered"))
        ids.append(sid)
    return tuple(dict.fromkeys(ids))


def template_fields(framework: Any, registry: Any, sectors: Sequence[str] = ()) -> list[Any]:
    """Return the fields the framework needs, in tree order, for ``sectors`` (all when empty).

    The fields are those plugins register and those the framework file declares itself
    (``framework.local_fields``, known as :func:`villagescore.datasets.validate` knows them).
    An indicator counts when it applies to every village or to one of ``sectors``. Its
    required fields come first, then the field its threshold depends on; a field that a
    cross-field rule compares with is added after it.

    Raises
    ------
    UnknownIdError
        When a sector is not registered (:func:`chosen_sectors`).
    """
    sectors = chosen_sectors(registry, sectors)
    registry = registry.with_fields(getattr(framework, "local_fields", None))
    chosen = set(sectors)
    order: list[str] = []
    for node in _nodes(framework, chosen):
        wanted = list(node.indicator.requires)
        if node.threshold is not None:
            wanted.extend(node.threshold.context_fields)
        for fid in wanted:
            if fid not in order:
                order.append(fid)
    for fid in list(order):
        other = registry.fields[fid].not_greater_than if fid in registry.fields else None
        if other and other not in order and other in registry.fields:
            order.append(other)
    missing = [f for f in order if f not in registry.fields]
    if missing:
        raise said(VillageScoreError, N_("the framework needs fields that no installed plugin registers: {fields}"),
                   fields=", ".join(missing))
    return [registry.fields[f] for f in order]


def _nodes(framework: Any, chosen: set[str]) -> Iterable[Any]:
    for node in framework.indicators:
        if not node.sectors or not chosen or chosen.intersection(node.sectors):
            yield node


def template_columns(framework: Any, registry: Any, sectors: Sequence[str] = ()) -> list[TemplateColumn]:
    """Return every column of the data sheet: identity columns, then the fields of :func:`template_fields`.

    For a framework that scores no sector (``uses_sectors`` false) the ``sectors`` column is
    optional: the reader does not need it, but the craft stays recorded (reports show it).
    """
    columns = []
    scores_sectors = getattr(framework, "uses_sectors", True)
    for cid in IDENTITY:
        label, column_type, description = _identity_text(cid)
        minimum, maximum = (YEAR_RANGE if cid == "year" else (None, None))
        required = cid in _REQUIRED and (cid != "sectors" or scores_sectors)
        columns.append(TemplateColumn(cid, label, column_type, minimum=minimum, maximum=maximum,
                                      description=description, required=required))
    chosen = set(sectors)
    used: dict[str, list[str]] = {}
    names: dict[str, dict[str, str]] = {}
    pillar: dict[str, str] = {}
    for node in _nodes(framework, chosen):
        fids = list(node.indicator.requires)
        if node.threshold is not None:
            fids.extend(node.threshold.context_fields)
        names[node.id] = dict(node.indicator.label or {})
        for fid in fids:
            used.setdefault(fid, []).append(node.id)
            pillar.setdefault(fid, node.pillar)
    for fld in template_fields(framework, registry, sectors):
        columns.append(TemplateColumn(
            fld.id, dict(fld.label), fld.type, fld.unit, fld.minimum, fld.maximum, tuple(fld.categories),
            dict(fld.description) if fld.description else None, pillar.get(fld.id, "other"), False,
            tuple(used.get(fld.id, ())), fld.not_greater_than,
            dict(fld.guidance) if getattr(fld, "guidance", None) else None,
            {k: dict(v) for k, v in (getattr(fld, "category_labels", None) or {}).items()},
            {i: names[i] for i in used.get(fld.id, ())},
        ))
    return columns


def used_by_text(col: TemplateColumn, lang: str, most: int | None = None) -> str:
    """The indicators that use a column, each ``label (id)`` in ``lang``: the first ``most`` (all if None), ``…``."""
    shown = col.used_by if most is None else col.used_by[:most]
    text = ", ".join(labelled(i, col.used_by_labels.get(i), lang) for i in shown)
    return text + (" …" if len(shown) < len(col.used_by) else "")


def unit_text(col: TemplateColumn, lang: str) -> str:
    """The unit of a column in ``lang`` (``households`` → ``hộ``; symbols such as ``mg/L`` kept); ``""`` without one."""
    return unit_label(col.unit, lang) if col.unit else ""


def bound_text(col: TemplateColumn, x: float, lang: str) -> str:
    """A bound of a column's range as people write it: a year without grouping (``1900``), else :func:`plain_number`."""
    return _formula_number(x) if col.id == "year" else plain_number(x, lang)


def header_text(col: TemplateColumn, lang: str) -> str:
    """The header cell of a data column: its label (with the unit in ``lang``), then the column id on a line of its own.

    The unit is left out when the label already names it (``… (%)``); the reader knows the
    label with the unit in either language (:func:`villagescore.readback._label_table`).
    """
    text = label(col.label, lang, col.id)
    unit = unit_text(col, lang)
    if unit and col.unit not in text and f"({unit})" not in text:
        text += f" ({unit})"
    return f"{text}\n{col.id}"


def _is_percent(col: TemplateColumn) -> bool:
    """A number column measured in %: formatted as a percentage in the workbook."""
    return col.unit == "%" and col.type in ("number", "integer")
