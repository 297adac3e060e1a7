"""Plausibility checks on a validated dataset: soft rules between fields, reported as warnings.

The checks are the registered :class:`~villagescore.Check` objects (plugins declare them in
their catalogues). Each is evaluated once over whole columns — ``left op factor × right`` on
two float arrays — and every row that breaks it becomes one :class:`PlausibilityWarning`.
A warning never makes a dataset invalid and never changes a value: it says which row, which
village, which columns and values, the rule in words and what to do, in Vietnamese and English.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .collector import Collector, _shown

__all__ = ["PlausibilityWarning", "PlausibilityWarnings", "plausibility_warnings"]


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
    source: str | Mapping[str, str]
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    severity: str = "warning"

    def _name(self, fid: str, lang: str) -> str:
        from ..i18n import labelled

        return labelled(fid, self.labels.get(fid), lang)

    def rule(self, lang: str) -> str:
        """The rule in words: ``Workers (left_id) is expected to be at most 6 × Households (right_id)``."""
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

    def source_text(self, lang: str) -> str:
        """Where the check's factor comes from, in ``lang`` (a single text as written)."""
        from ..i18n import label

        return label(self.source, lang) if isinstance(self.source, Mapping) else str(self.source)

    def format(self, lang: str) -> str:
        """One line: ``file: row 5 (village): warning: message. rule: …; found …. what to do: … [check id; source]``."""
        from ..errors import where_text
        from ..i18n import label, t

        village = f" ({self.village_id})" if self.village_id else ""
        head = ": ".join(p for p in (self.file, f"{where_text(self.where, lang)}{village}") if p)
        return (f"{head}: {t('plausibility_warning', lang)}: {label(self.message, lang)}. "
                f"{t('plausibility_rule', lang)}: {self.rule(lang)}; {self.found(lang)}. "
                f"{t('plausibility_do', lang)}: {self.what_to_do(lang)} [{self.check}; {self.source_text(lang)}]")

    def to_dict(self, lang: str) -> dict[str, Any]:
        """A JSON-ready mapping in ``lang`` (``villagescore validate --format json``)."""
        from ..i18n import label

        return {"where": self.where, "village_id": self.village_id or None, "check": self.check,
                "severity": self.severity, "columns": list(self.columns),
                "values": {c: v for c, v in zip(self.columns, self.values, strict=True)}, "limit": self.limit,
                "rule": self.rule(lang), "message": label(self.message, lang), "advice": self.what_to_do(lang),
                "source": self.source_text(lang)}


class PlausibilityWarnings(Sequence[PlausibilityWarning]):
    """The warnings of a dataset: counted at once, each built only when it is read.

    A national dataset may break a check on most of its rows; ``evaluate`` says how many,
    ``validate`` shows the first rows of each check: neither needs a Python object per row.
    Reading the sequence (iterating, indexing) builds them all once, in file order and by
    check id within a row.
    """

    def __init__(self, breaks: list[tuple[Any, np.ndarray, np.ndarray, np.ndarray, np.ndarray, dict]],
                 col: Collector) -> None:
        self._breaks = breaks  # (check, positions, left values, right values, limits, labels)
        self._name, self._rows, self._ids, self._where = col.name, col.rows, col.ids, col.where_of
        #: cells warned of while the columns were read (a fraction in a % column …), each group built when read
        self._cells = list(getattr(col, "cell_warnings", []))
        self._all: list[PlausibilityWarning] | None = None

    def __len__(self) -> int:
        return sum(len(b[1]) for b in self._breaks) + sum(len(g) for g in self._cells)

    def __getitem__(self, k: Any) -> Any:
        return self._built()[k]

    def __iter__(self) -> Iterator[PlausibilityWarning]:
        return iter(self._built())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]  # a sequence that compares by content

    def __repr__(self) -> str:
        return f"PlausibilityWarnings({len(self)} warnings)"

    def counts(self) -> dict[str, int]:
        """Warnings per check id, in the order the checks first appear in the file."""
        order = sorted([(int(self._rows[b[1][0]]), b[0].id, len(b[1])) for b in self._breaks]
                       + [(int(self._rows[g.positions[0]]), g.check, len(g)) for g in self._cells])
        counts: dict[str, int] = {}
        for _, check, n in order:
            counts[check] = counts.get(check, 0) + n
        return counts

    def first(self, per_check: int) -> list[PlausibilityWarning]:
        """The first ``per_check`` warnings of each check, in file order (what a person reads first)."""
        return self._build(per_check)

    def _built(self) -> list[PlausibilityWarning]:
        if self._all is None:
            self._all = self._build(None)
        return self._all

    def _build(self, limit: int | None) -> list[PlausibilityWarning]:
        out: list[tuple[int, str, PlausibilityWarning]] = []
        for check, positions, left, right, limit_values, labels in self._breaks:
            pair = (check.left, check.right)
            k = len(positions) if limit is None else min(limit, len(positions))
            for row, village, a, b, lim in zip(self._rows[positions[:k]].tolist(), self._ids[positions[:k]].tolist(),
                                               left[:k].tolist(), right[:k].tolist(), limit_values[:k].tolist(),
                                               strict=True):
                out.append((row, check.id, PlausibilityWarning(
                    self._name, self._where(row), village, check.id, pair, (_shown(a), _shown(b)), check.op,
                    check.factor, _shown(lim), check.message, check.advice, check.source, labels, check.severity)))
        cells: dict[str, int] = {}  # per check, warnings left to build within ``limit``
        for group in self._cells:
            room = None if limit is None else max(0, limit - cells.get(group.check, 0))
            built = group.build(self._name, self._rows, self._ids, room, self._where)
            cells[group.check] = cells.get(group.check, 0) + len(built)
            out += [(int(w.where.split()[1]), group.check, w) for w in built]  # "row 5", "row 5 (index …)"
        out.sort(key=lambda item: item[:2])  # file order, then check id
        return [w for _, _, w in out]


def plausibility_warnings(columns: Mapping[str, Any], registry: Any, col: Collector) -> PlausibilityWarnings:
    """Evaluate every registered check whose two fields are columns of the dataset.

    ``columns`` maps field ids to their typed values (floats; NaN where a value is missing or
    invalid), ``col`` numbers the rows and names the villages. A row is checked only when
    both values are present. The warnings are built when read (:class:`PlausibilityWarnings`).
    """
    checks = getattr(registry, "checks", None) or {}
    fields = getattr(registry, "fields", {}) or {}
    breaks = []
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
        # the values are copied: the columns are buffers the validator reuses
        breaks.append((check, positions, left[positions], right[positions], limit[positions], labels))
    return PlausibilityWarnings(breaks, col)
