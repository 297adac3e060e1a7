"""What a sensitivity analysis varies and how much: :class:`Settings`, checked before a run."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from ..errors import SaidText, SensitivityError, Texts, said
from ..i18n import LANGS, N_

__all__ = ["GROUPS", "QUALITIES", "Settings", "SensitivityError"]

#: The assumption groups, in a fixed order (their index seeds their random stream).
GROUPS = ("weights", "aggregation", "thresholds", "missing", "data")
#: Data-quality flags of the dataset metadata, from best to worst.
QUALITIES = ("measured", "reported", "estimated")


@dataclass(frozen=True)
class Settings:
    """What to vary and how much. Defaults are documented in ``docs/sensitivity.md``."""

    samples: int = 1000
    seed: int = 0
    weights: str = "dirichlet"  # dirichlet | uniform | off
    concentration: float = 50.0
    weight_spread: float = 0.25
    aggregation: bool = True
    geometric_floor: float = 1.0  # samples with a rule where a zero absorbs: scores below this count as this
    threshold_spread: float = 0.10  # 0 = off
    missing: bool = True
    data: bool = True
    sigma: Mapping[str, float] = field(default_factory=lambda: {"measured": 0.02, "reported": 0.10,
                                                                 "estimated": 0.25})
    default_quality: str = "reported"
    indices: bool = True
    sa_samples: int = 256
    bootstrap: int = 200
    estimator: str = "jansen"  # jansen | salib
    chunk: int | None = None

    def check(self) -> None:
        """Raise :class:`SensitivityError` naming every bad setting (in the language the error is shown in)."""
        problems = [*self._sampling_problems(), *self._run_problems()]
        if problems:
            joined = Texts({lang: "; ".join(p.text(lang) for p in problems) for lang in LANGS})
            raise said(SensitivityError, "{text}", text=joined)

    def _sampling_problems(self) -> list[SaidText]:
        problems = []
        if self.samples < 1:
            problems.append(_bad(N_("samples must be at least 1 (got {value})"), self.samples))
        if self.weights not in ("dirichlet", "uniform", "off"):
            problems.append(_bad(N_("weights must be dirichlet, uniform or off (got {value})"), repr(self.weights)))
        if not (self.concentration > 0 and math.isfinite(self.concentration)):
            problems.append(_bad(N_("concentration must be a finite number > 0 (got {value})"), self.concentration))
        if isinstance(self.seed, int) and self.seed < 0:
            problems.append(_bad(N_("seed must be >= 0 (got {value})"), self.seed))
        if not 0 <= self.weight_spread < 1:
            problems.append(_bad(N_("weight spread must be in [0, 1) (got {value})"), self.weight_spread))
        if not 0 <= self.geometric_floor < 100:
            problems.append(_bad(N_("geometric floor must be in [0, 100) (got {value})"), self.geometric_floor))
        if not 0 <= self.threshold_spread < 1:
            problems.append(_bad(N_("threshold spread must be in [0, 1) (got {value})"), self.threshold_spread))
        for q in QUALITIES:
            if q not in self.sigma:
                problems.append(said(SaidText, N_("sigma for {quality!r} must be given"), quality=q))
            elif not (self.sigma[q] >= 0 and math.isfinite(self.sigma[q])):
                problems.append(said(SaidText, N_("sigma for {quality!r} must be a finite number >= 0 (got {value})"),
                                     quality=q, value=self.sigma[q]))
        if self.default_quality not in QUALITIES:
            problems.append(said(SaidText, N_("default quality must be one of {allowed} (got {value})"),
                                 allowed=", ".join(QUALITIES), value=repr(self.default_quality)))
        return problems

    def _run_problems(self) -> list[SaidText]:
        problems = []
        if self.indices and self.sa_samples < 2:
            problems.append(_bad(N_("sa samples must be at least 2 (got {value})"), self.sa_samples))
        if self.estimator not in ("jansen", "salib"):
            problems.append(_bad(N_("estimator must be jansen or salib (got {value})"), repr(self.estimator)))
        if self.chunk is not None and self.chunk < 1:
            problems.append(_bad(N_("chunk must be at least 1 (got {value})"), self.chunk))
        return problems

    def active(self) -> tuple[str, ...]:
        """The groups this run perturbs, in :data:`GROUPS` order."""
        on = {
            "weights": self.weights != "off" and (self.weights == "dirichlet" or self.weight_spread > 0),
            "aggregation": self.aggregation,
            "thresholds": self.threshold_spread > 0,
            "missing": self.missing,
            "data": self.data and any(v > 0 for v in self.sigma.values()),
        }
        return tuple(g for g in GROUPS if on[g])

    def to_dict(self) -> dict[str, Any]:
        """The settings as a JSON-ready mapping (recorded in the output)."""
        out = asdict(self)
        del out["chunk"]  # results do not depend on it
        out["sigma"] = {q: float(self.sigma[q]) for q in QUALITIES}
        return out


def _bad(template: str, value: Any) -> SaidText:
    """One bad setting: ``template`` (marked for translation) with the value given."""
    return said(SaidText, template, value=value)
