"""Improvement plans computed when a result is added, so that pages that show them never compute.

A plan (see ``docs/explain.md``) re-scores the village several times: about half a
second per village-year. ``auto`` stores plans when the result has at most
:data:`villagescore.explain.MAX_REPORT_PLANS` village-years (the same rule as the
reports), ``all`` for every village-year, ``none`` for none.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["PLAN_MODES", "plans_wanted", "compute_plans"]

#: Values of ``store add --plans``.
PLAN_MODES = ("auto", "all", "none")


def plans_wanted(mode: str, village_years: int) -> bool:
    """Whether plans are computed for a result of ``village_years`` rows under ``mode``."""
    from ..explain import MAX_REPORT_PLANS

    if mode == "none":
        return False
    return mode == "all" or village_years <= MAX_REPORT_PLANS


def compute_plans(result: Any, registry: Any, *, progress: Callable[[int], None] | None = None
                  ) -> dict[int, dict[str, Any]]:
    """The improvement plan of every row of ``result``, in both languages: ``{row: {"vi": plan, "en": plan}}``.

    ``registry`` gives the plugins the result was scored with (a result does not carry them).
    """
    from ..datasets import Dataset
    from ..engine import Engine
    from ..explain import explain
    from ..explain.moves import breakpoint_warnings_once

    prov = result.provenance.get("dataset", {})
    dataset = Dataset(result.frame, prov.get("file", ""), prov.get("sha256", ""), None, prov.get("metadata_sha256"))
    engine = Engine(registry)
    out: dict[int, dict[str, Any]] = {}
    with breakpoint_warnings_once():  # a scorer's failing breakpoints said once for the result, not once a row
        for i in range(len(result)):
            village_id = str(result.frame["village_id"].iat[i])
            year = int(result.frame["year"].iat[i])
            exp = explain(engine, result.framework, dataset, village_id, year=year)
            out[i] = {lang: exp.to_dict(lang=lang)["plan"] for lang in ("vi", "en")}
            if progress is not None:
                progress(i + 1)
    return out
