"""Plausibility checks on a validated dataset: soft rules between fields, reported as warnings.

The checks are the registered :class:`~villagescore.Check` objects (plugins declare them in
their catalogues). Each is evaluated once over whole columns — ``left op factor × right`` on
two float arrays — and every row that breaks it becomes one :class:`PlausibilityWarning`.
A warning never makes a dataset invalid and never changes a value: it says which row, which
village, which columns and values, the rule in words and what to do, in Vietnamese and English.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .collector import Collector, _shown

__all__ = ["PlausibilityWarning", "plausibility_warnings"]


@dataclass(frozen=True)
class PlausibilityWarning:
    """One row that breaks one plausibility check.

    ``where`` is the spreadsheet row (``row 5``), ``columns`` the two fields (left, right),
    ``values`` their values in that row and ``limit`` what ``factor × right`` came to.
    The texts are kept in both languages; :meth:`format` and :meth:`to_dict` pick one.
    """

    file: str
    where: str
    village_id: str
    check: str
    columns: tuple[str, str]
    values: tuple[Any, Any]
    op: str
    factor: float
    limit: float
    message: Mapping[str, str]
    advice: Mapping[str, str] | None
    source: str
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    severity: str = "warning"

    def _name(self, fid: str, lang: str) -> str:
        from ..i18n import labelled

        return labelled(fid, self.labels.get(fid), lang)

    def rule(self, lang: str) -> str:
        """The rule in words: ``Workers (left_id) is expected to be at most 20 × Households (right_id)``."""
        from ..i18n import format_value, t

        key = "plausibility_rule_at_most" if self.op == "<=" else "plausibility_rule_at_least"
        return t(key, lang, left=self._name(self.columns[0], lang), right=self._name(self.columns[1], lang),
                 factor=format_value(self.factor, lang))

    def found(self, lang: str) -> str:
        """The values of the row: ``found 260,000 and 785 (limit 15,700)``."""
        from ..i18n import format_value, t

        return t("plausibility_found", lang, left=format_value(self.values[0], lang),
                 right=format_value(self.values[1], lang), limit=format_value(self.limit, lang))

    def what_to_do(self, lang: str) -> str:
        """The check's advice, or the general one."""
        from ..i18n import label, t

        return label(self.advice, lang) or t("plausibility_advice", lang)

    def format(self, lang: str) -> str:
        """One line: ``file: row 5 (village): warning: message. rule: …; found …. what to do: … [check id; source]``."""
        from ..i18n import label, t

        village = f" ({self.village_id})" if self.village_id else ""
        head = ": ".join(p for p in (self.file, f"{self.where}{village}") if p)
        return (f"{head}: {t('plausibility_warning', lang)}: {label(self.message, lang)}. "
                f"{t('plausibility_rule', lang)}: {self.rule(lang)}; {self.found(lang)}. "
                f"{t('plausibility_do', lang)}: {self.what_to_do(lang)} [{self.check}; {self.source}]")

    def to_dict(self, lang: str) -> dict[str, Any]:
        """A JSON-ready mapping in ``lang`` (``villagescore validate --format json``)."""
        from ..i18n import label

        return {"where": self.where, "village_id": self.village_id or None, "check": self.check,
                "severity": self.severity, "columns": list(self.columns),
                "values": {c: v for c, v in zip(self.columns, self.values, strict=True)}, "limit": self.limit,
                "rule": self.rule(lang), "message": label(self.message, lang), "advice": self.what_to_do(lang),
                "source": self.source}


def plausibility_warnings(columns: Mapping[str, Any], registry: Any, col: Collector) -> list[PlausibilityWarning]:
    """Evaluate every registered check whose two fields are columns of the dataset.

    ``columns`` maps field ids to their typed values (floats; NaN where a value is missing or
    invalid), ``col`` numbers the rows and names the villages. A row is checked only when
    both values are present. Warnings come in file order, by check id within a row.
    """
    checks = getattr(registry, "checks", None) or {}
    fields = getattr(registry, "fields", {}) or {}
    out: list[tuple[int, str, PlausibilityWarning]] = []
    for check in checks.values():
        if check.left not in columns or check.right not in columns:
            continue
        left = np.asarray(columns[check.left], dtype=float)
        right = np.asarray(columns[check.right], dtype=float)
        limit = check.factor * right
        with np.errstate(invalid="ignore"):
            broken = (left > limit) if check.op == "<=" else (left < limit)  # NaN compares False: not checked
        positions = np.flatnonzero(broken)
        if positions.size == 0:
            continue
        labels = {fid: dict(fields[fid].label) for fid in check.fields if fid in fields}
        pair = (check.left, check.right)
        for row, village, a, b, lim in zip(col.rows[positions].tolist(), col.ids[positions].tolist(),
                                           left[positions].tolist(), right[positions].tolist(),
                                           limit[positions].tolist(), strict=True):
            out.append((row, check.id, PlausibilityWarning(
                col.name, f"row {row}", village, check.id, pair, (_shown(a), _shown(b)), check.op, check.factor,
                _shown(lim), check.message, check.advice, check.source, labels, check.severity)))
    out.sort(key=lambda item: item[:2])  # file order, then check id
    return [w for _, _, w in out]
