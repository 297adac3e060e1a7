"""The Python API for researchers: score a dataset file or a pandas DataFrame in one call.

>>> import villagescore as vs
>>> result = vs.evaluate("datasets/phung-xa/phung-xa.csv")          # doctest: +SKIP
>>> result.to_frame()[["village_id", "year", "overall_score", "rating"]]  # doctest: +SKIP

The same checks as the command line apply (a :class:`~villagescore.errors.DatasetError`
lists every problem of the data); the result carries the same provenance. See
``docs/python-api.md``.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - annotations only
    import pandas as pd

    from .model import Framework
    from .registry import Registry
    from .results import Result

__all__ = ["evaluate", "default_registry", "frame_dataset"]


@functools.cache
def default_registry() -> Registry:
    """The registry of every installed plugin, built once per process."""
    from .registry import Registry

    return Registry.default()


def frame_dataset(frame: pd.DataFrame, registry: Registry, *, framework: Framework | None = None,
                  metadata: Mapping[str, Any] | None = None, name: str = "<DataFrame>", keep_going: bool = False,
                  ) -> Any:
    """Validate a DataFrame (one row per village-year, columns as in a CSV dataset) like a file.

    Its hash (recorded in provenance) is that of the frame written as CSV, so the same
    frame always gives the same hash.
    """
    from .datasets import RawDataset, validate

    raw = frame.reset_index(drop=True).copy()
    raw.columns = [str(c) for c in raw.columns]
    digest = hashlib.sha256(raw.to_csv(index=False, lineterminator="\n").encode("utf-8")).hexdigest()
    return validate(RawDataset(raw, name, digest, dict(metadata) if metadata else None), registry,
                    keep_going=keep_going, framework=framework)


def evaluate(data: str | Path | pd.DataFrame, framework: str | Path | Framework | None = None, *,
             villages: Iterable[str] | None = None, registry: Registry | None = None,
             metadata: Mapping[str, Any] | None = None, keep_going: bool = False,
             as_of: str | None = None, unverified_limits: str | None = None) -> Result:
    """Score every village-year of ``data`` against a criteria framework.

    Parameters
    ----------
    data : path or pandas.DataFrame
        A CSV, XLSX or JSON dataset file, or a DataFrame with the same columns.
    framework : id, path or Framework, optional
        The id of an installed framework, a framework file, or a loaded framework; by
        default ``vn-ttcn-sustainable``.
    villages : iterable of str, optional
        Score only these village ids.
    registry : Registry, optional
        The plugins to score with (default: every installed plugin).
    metadata : mapping, optional
        Metadata for a DataFrame (sources and quality flags, as in ``NAME.meta.json``).
    keep_going : bool
        Drop invalid rows (kept in ``dataset.problems``) instead of raising.
    as_of : str, optional
        An ISO date: score under the regulation versions in force on it, instead of each
        village-year's own reference date (``survey_date``, else 31 December of ``year``).
    unverified_limits : {"exclude", "score"}, optional
        What to do with legal limits of confidence ``unverified`` (candidate values): leave the
        indicator out where its limit is unverified, or score against it. By default the
        framework's ``defaults.unverified_limits``; the choice is recorded in the provenance.

    Returns
    -------
    villagescore.results.Result
        ``result.to_frame()`` gives one row per village-year; ``result.indicator_frame()``
        one row per village-year and indicator.

    Raises
    ------
    villagescore.errors.VillageScoreError
        Invalid data, framework or plugin (the message lists every problem).
    """
    from .datasets import read_dataset
    from .engine import Engine
    from .framework import load_framework
    from .model import Framework as _Framework
    from .unverified import with_unverified_limits

    registry = registry or default_registry()
    fw = framework if isinstance(framework, _Framework) else load_framework(
        None if framework is None else str(framework), registry)
    fw = with_unverified_limits(fw, unverified_limits)
    if isinstance(data, str | Path):
        dataset = read_dataset(data, registry, keep_going=keep_going, framework=fw)
    else:
        dataset = frame_dataset(data, registry, framework=fw, metadata=metadata, keep_going=keep_going)
    options: dict[str, Any] = {"framework": fw.id, "api": True}
    if as_of:
        import dataclasses

        dataset = dataclasses.replace(dataset, frame=dataset.frame.assign(survey_date=str(as_of)))
        options["as_of"] = str(as_of)
    if unverified_limits is not None:
        options["unverified_limits"] = unverified_limits
    from .datasets.dropped import record_left_out

    ids = None if villages is None else [str(v) for v in villages]
    return record_left_out(Engine(registry).evaluate(fw, dataset, village_ids=ids, options=options), dataset)
