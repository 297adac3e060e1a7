"""The two entry points: :func:`explain` one village-year, :func:`attach_plans` for the reports of a result."""

from __future__ import annotations

from typing import Any

from ..errors import said
from ..i18n import N_
from .blockers import _blockers
from .model import MAX_REPORT_PLANS, ExplainError, Explanation
from .moves import breakpoint_warnings_once
from .search import _plan
from .unscored import mark_unscored


def explain(engine: Any, framework: Any, dataset: Any, village_id: str, *, year: int | None = None,
            options: dict[str, Any] | None = None) -> Explanation:
    """Explain ``village_id`` (its latest year unless ``year``) and plan its next tier.

    ``village_id``: an id or a name, matched as ``villagescore explain --village`` matches it
    (:func:`villagescore.villages.choose_villages`); an unknown or ambiguous one raises
    :class:`~villagescore.errors.VillageChoiceError`.

    ``dataset``: the validated data (:func:`villagescore.read_dataset`), or a DataFrame (validated
    like a file, :func:`villagescore.api.frame_dataset`); not a :class:`~villagescore.results.Result`,
    which keeps the scores, not the data they came from.
    """
    dataset = _dataset(engine, framework, dataset)
    opts = {"command": "explain", "village": village_id}
    if year is not None:
        opts["year"] = year
    opts.update(options or {})
    if village_id not in set(dataset.frame["village_id"]):  # a name, as `explain --village` takes it
        from ..villages import choose_village

        village_id = opts["village"] = choose_village(dataset.frame, village_id, source=dataset.path)
    result = engine.evaluate(framework, dataset, village_ids=[village_id], options=opts)
    i = result.row(village_id, year)
    exp = Explanation(result, i, engine.registry.with_fields(framework.local_fields), None)
    _blockers(exp)
    with breakpoint_warnings_once():
        _plan(engine, exp)
    mark_unscored(exp)  # values given but not scored: to fill, not to collect
    return exp


def _dataset(engine: Any, framework: Any, dataset: Any) -> Any:
    """``dataset``, a DataFrame validated like a file, or :class:`ExplainError` saying what to pass."""
    import pandas as pd

    if isinstance(dataset, pd.DataFrame):
        from ..api import frame_dataset

        return frame_dataset(dataset, engine.registry, framework=framework)
    if not isinstance(getattr(dataset, "frame", None), pd.DataFrame) or not hasattr(dataset, "path"):
        raise said(ExplainError, N_("explain takes the data that was scored: a dataset (villagescore.read_dataset"
                                    "(path, registry)) or a DataFrame, not {kind}"), kind=type(dataset).__name__)
    return dataset


def attach_plans(engine: Any, result: Any, *, lang: str = "vi", limit: int = MAX_REPORT_PLANS) -> Any:
    """Compute the improvement plan of the first ``limit`` village-years of ``result`` and attach them.

    Commands call this before rendering a report that shows plans (HTML, Markdown): reports
    present the plans, they never compute them. ``result.plans`` maps row → the ``plan`` of
    :meth:`Explanation.to_dict`; ``result.plans_omitted`` counts the rows left without one,
    which the reports say. Returns ``result``.
    """
    from ..datasets import Dataset

    prov = result.provenance.get("dataset", {})
    dataset = Dataset(result.frame, prov.get("file", ""), prov.get("sha256", ""), None, prov.get("metadata_sha256"))
    rows = range(min(len(result), limit))
    with breakpoint_warnings_once():  # a scorer's failing breakpoints said once for the report, not once a village
        for row in rows:
            village_id = str(result.frame["village_id"].iat[row])
            year = int(result.frame["year"].iat[row])
            exp = explain(engine, result.framework, dataset, village_id, year=year)
            result.plans[row] = exp.to_dict(lang=lang)["plan"]
    result.plans_omitted = len(result) - len(rows)
    return result
