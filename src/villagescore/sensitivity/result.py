"""The outcome of a sensitivity analysis: per-village rank and tier statistics, and the indices."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import Said, said
from ..numbers import json_number as rounded  # the name this package has exported
from .settings import Settings

__all__ = ["SensitivityResult", "rounded"]


@dataclass
class SensitivityResult:
    """Per-village rank and tier statistics, and sensitivity indices per assumption group."""

    framework: Any
    frame: Any  # identity columns of the rows analysed
    settings: Settings
    groups: tuple[str, ...]
    nominal_score: np.ndarray
    nominal_rank: np.ndarray
    nominal_tier: np.ndarray  # tier index; len(tiers): the framework's unrated outcome; -1: no score
    rank_quantiles: np.ndarray  # (3, n): 5 %, 50 %, 95 %
    tier_counts: np.ndarray  # (n, tiers + 1): last column = no rating (no score, or the unrated outcome)
    indices: dict[str, dict[str, Any]]
    #: how the indices were estimated: a :class:`~villagescore.errors.SaidText` (``str()`` English), said in
    #: the language :meth:`to_dict` is asked for
    indices_note: str
    year: int | None
    provenance: dict[str, Any]
    tier_samples: int = 0  # samples whose ratings count: those that keep the framework's aggregation rule (0: none)
    #: warnings on the run (too few samples, a dominant group): SaidText as ``indices_note``
    warnings: list[str] = field(default_factory=list)
    #: per village, how much of the nominal score rests on estimated inputs (``Result.estimates_summary``)
    estimates: list[dict[str, Any]] = field(default_factory=list)

    def __repr__(self) -> str:  # a notebook shows this, not the arrays
        from ..reprs import counted, short_repr

        fw = self.framework
        return short_repr("SensitivityResult", None, None, f"framework='{fw.id} {fw.version}'",
                          counted(len(self.frame), "village"), counted(self.settings.samples, "sample"),
                          f"groups={self.groups!r}", counted(len(self.warnings), "warning"), year=self.year)

    def tier_probabilities(self) -> np.ndarray:
        """(n, tiers + 1) probabilities; each row sums to 1 (last column: no rating).

        Counted over the samples that keep the framework's aggregation rule: tier minimums are
        set for that rule, and a geometric mean is never above the arithmetic one, so a rating
        under the other rule would say more about the rule than about the village. With no such
        sample (``tier_samples`` 0) every probability is NaN: unknown, never a rating made up from nothing.
        """
        if self.tier_samples <= 0:
            return np.full(self.tier_counts.shape, np.nan)
        return self.tier_counts / float(self.tier_samples)

    def to_dict(self, *, lang: str = "en", options: Mapping[str, str] | None = None) -> dict[str, Any]:
        """A JSON-ready mapping (deterministic: same inputs and seed → same bytes), every word in ``lang``.

        Labels, ``indices_note`` and ``warnings`` are said in ``lang`` whatever the language of the
        run was; every renderer of a result (``villagescore sensitivity``'s table, Markdown and JSON)
        renders this mapping. ``options``: how the caller names the settings the warnings point to
        (``samples``, ``no_aggregation``), e.g. the command line's ``-n``; by default as the Python
        API sets them (``Settings(samples=N)``).
        """
        from ..i18n import check_language

        check_language(lang)
        fw = self.framework
        probs = self.tier_probabilities()
        return {
            "kind": "villagescore-sensitivity",
            "provenance": self.provenance,
            "year": self.year,
            "settings": self.settings.to_dict(),
            "groups": list(self.groups),
            "tiers": [{"id": t.id, "label": t.label[lang]} for t in fw.tiers],
            "indices": self.indices,
            "indices_note": _in(self.indices_note, lang),
            "tier_samples": int(self.tier_samples),
            "warnings": [_in(_naming(w, options), lang) for w in self.warnings],
            "villages": [self._village(i, probs[i], lang) for i in range(len(self.frame))],
        }

    def _village(self, i: int, probs: np.ndarray, lang: str) -> dict[str, Any]:
        f = self.frame
        nominal = int(self.nominal_tier[i])
        outcome = self.framework.outcome(nominal)
        tp = {t.id: rounded(probs[k], 6) for k, t in enumerate(self.framework.tiers)}
        tp["none"] = rounded(probs[-1], 6)
        return {
            "village_id": str(f["village_id"].iat[i]),
            "name": str(f["name"].iat[i]),
            "province": None if f["province"].iat[i] is None else str(f["province"].iat[i]),
            "year": int(f["year"].iat[i]),
            "nominal": {
                "score": rounded(self.nominal_score[i]),
                "rank": int(self.nominal_rank[i]),
                "rating": None if outcome is None else outcome.id,
                "rating_label": None if outcome is None else outcome.label[lang],
            },
            "rank": {"median": int(self.rank_quantiles[1, i]), "p05": int(self.rank_quantiles[0, i]),
                     "p95": int(self.rank_quantiles[2, i])},
            "tier_probabilities": tp,
            "probability_nominal_tier": rounded(probs[nominal if 0 <= nominal < len(probs) else -1], 6),
            "estimates": self.estimates[i] if i < len(self.estimates) else
            {"inputs": None, "estimated": None, "share": None, "warning": False},
        }


def _naming(text: Any, options: Mapping[str, str] | None) -> Any:
    """``text`` (a SaidText) with the settings it names (its fields among ``options``) named as ``options`` says."""
    params = getattr(text, "params", None)
    if not options or not params or not set(options) & set(params):
        return text
    return said(type(text), text.template, **{**params, **{k: v for k, v in options.items() if k in params}})


def _in(text: str, lang: str) -> str:
    """``text`` in ``lang`` when it is said in any language (a SaidText), else as it is."""
    return text.text(lang) if isinstance(text, Said) else str(text)
