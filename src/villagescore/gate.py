"""A gate (mandatory rule) and the legal limit it may compare with instead of a written number.

A gate's condition compares its indicator's value (or score) with either a number written
in the framework (``value``) or a legal limit (``limit``): the limit of the indicator's
threshold, resolved per village-year exactly as the indicator's own (the regulation
version in force on the reference date, or kept by its transitional rule), optionally of
one named column of that limit (``column: B``) instead of the village-year's own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .i18n.legal import limit_text
from .reprs import shown_by

if TYPE_CHECKING:  # model imports this module: no import of it at run time
    from .model import Threshold, ThresholdVersion

__all__ = ["Gate", "GateLimit", "limit_columns", "version_column_value", "version_column_confidence"]


def limit_columns(limit: Any) -> list[str]:
    """The columns of a cited limit a gate may name: its category keys, or the ``column`` of a one-value limit.

    A limit by category (``by_field`` with ``values``) has one column per category key
    (QCVN 40:2011 COD: ``A``, ``B``); a limit with one value has the column its ``column`` names.
    """
    if limit.by_field is not None:
        return list(limit.values)
    return [limit_text(limit.column, "en")] if limit.column else []


def version_column_value(version: ThresholdVersion, column: str) -> float | None:
    """The value of ``column`` (:func:`limit_columns`) in a version's limit; ``None``: it has no such column."""
    limit = version.limit
    if column not in limit_columns(limit):
        return None
    value = limit.values[column]["value"] if limit.by_field is not None else limit.value
    return None if value is None else float(value)


def version_column_confidence(version: ThresholdVersion, column: str) -> str | None:
    """The confidence of ``column``'s value in a version's limit (its own, else its limit's); ``None``: no column."""
    limit = version.limit
    if column not in limit_columns(limit):
        return None
    if limit.by_field is not None:
        return str(limit.values[column].get("confidence", limit.confidence))
    return limit.confidence


@dataclass(frozen=True)
class GateLimit:
    """The legal limit a gate compares with: its indicator's threshold, of ``column`` when one is named.

    Without ``column`` the bound of a village-year is the limit the indicator is scored
    against there (so it depends on the same context, e.g. the discharge column); with it,
    the value of that column of the version applied to the village-year — the column is
    fixed by the gate, so the context that would choose it is not needed. Where no version
    applies, or the version applied has no such column, the bound is unknown (NaN).
    """

    threshold: Threshold
    column: str = ""

    def values(self, frame: Any) -> Any:
        """Per village-year of ``frame``, the bound (float array, NaN where unknown)."""
        import numpy as np

        n = len(frame)
        if not self.column:
            return np.broadcast_to(np.asarray(self.threshold.limit(frame), dtype=float), (n,)).copy()
        table = [version_column_value(v, self.column) for v in self.threshold.versions]
        lookup = np.array([np.nan if v is None else v for v in table] + [np.nan])
        return lookup[self.threshold.version_index(frame)]  # index -1 (no version applies) reads the trailing NaN

    def unverified(self, frame: Any) -> Any:
        """Per village-year of ``frame``, whether the bound has confidence ``unverified`` (bool array).

        Without ``column``, that of the indicator's limit applied (:meth:`Threshold.unverified`);
        with it, that of the column's value in the version applied (its own confidence, else its limit's),
        and unverified after its regulation's ``in_force_verified_to`` (pinned or by date) as in
        :meth:`Threshold.unverified`.
        """
        import numpy as np

        n = len(frame)
        if not self.column:
            return np.broadcast_to(np.asarray(self.threshold.unverified(frame), dtype=bool), (n,)).copy()
        table = np.array([version_column_confidence(v, self.column) == "unverified"
                          for v in self.threshold.versions] + [False])
        index = self.threshold.version_index(frame)
        out = table[index]
        from .versions_applied import in_force_unverified

        for k, version in enumerate(self.threshold.versions):  # a pinned version too (index 0 everywhere)
            unsure = in_force_unverified(version.regulation, frame)  # still in force? not verified there
            if unsure is not None:
                out |= unsure & (index == k)
        return out

    def citations(self) -> list[tuple[str, str]]:
        """``(regulation id, limit id)`` of every version the bound may come from, in order."""
        return [(v.regulation.id, v.limit.id) for v in self.threshold.versions]

    def versions(self) -> list[dict[str, Any]]:
        """Every version as JSON: regulation, document, limit, unit, validity, and the value (when one)."""
        out = []
        for version in self.threshold.versions:
            reg = version.regulation
            item: dict[str, Any] = {"regulation": reg.id, "document": reg.document, "limit": version.limit.id}
            if version.limit.unit:
                item["unit"] = version.limit.unit
            for key in ("valid_from", "valid_to"):
                if getattr(reg, key):
                    item[key] = getattr(reg, key)
            if self.column:
                item["value"] = version_column_value(version, self.column)
            elif version.limit.by_field is None:
                item["value"] = None if version.limit.value is None else float(version.limit.value)
            out.append(item)
        return out

    def to_dict(self) -> dict[str, Any]:
        """The limit as the result document's header gives it."""
        out: dict[str, Any] = {"column": self.column} if self.column else {}
        out["versions"] = self.versions()
        return out


@shown_by("indicator", "op", "value", "cap")
@dataclass(frozen=True)
class Gate:
    """A mandatory rule: when the indicator fails it (or is missing), the rating is capped.

    The indicator's value (``on: value``) or score is compared with ``value``, a written
    number, or — when ``limit`` is set (``value`` is then ``None``) — with a legal limit
    resolved per village-year (:class:`GateLimit`).
    """

    id: str
    indicator: str
    on: str
    op: str
    value: float | None
    cap: str
    on_missing: str = "fire"
    label: Mapping[str, str] | None = None
    on_unknown: str = "fire"
    references: tuple[Mapping[str, Any], ...] = ()
    limit: GateLimit | None = None

    @property
    def condition(self) -> dict[str, Any]:
        """The rule's parts: ``{"on": "value", "op": ">=", "value": 1}`` (``value`` ``None`` when ``limit`` is set)."""
        return {"on": self.on, "op": self.op, "value": self.value}

    @property
    def rule(self) -> str:
        """The rule as text, e.g. ``value >= 1``, or ``value <= limit column B (qcvn-40-2011 cod)``."""
        if self.limit is not None:
            column = f" column {self.limit.column}" if self.limit.column else ""
            cited = "; ".join(f"{reg} {lim}" for reg, lim in self.limit.citations())
            return f"{self.on} {self.op} limit{column} ({cited})"
        value = int(self.value) if float(self.value).is_integer() else self.value  # type: ignore[arg-type]
        return f"{self.on} {self.op} {value}"
