"""Running one indicator, or a framework over a few rows, as the engine would."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from .asserts import _mismatch
from .rows import make_dataset


def run_indicator(indicator: Any, rows: Sequence[Mapping[str, Any]], registry: Any = None) -> list[Any]:
    """Compute one indicator on a few rows, as the engine would.

    Parameters
    ----------
    indicator : villagescore.Indicator
        The indicator (e.g. ``register_indicators()[0]``).
    rows : sequence of mappings
        One mapping per village: field id → value; ``None`` or a missing key is an empty
        cell.
    registry : villagescore.registry.Registry, optional
        When given (the ``vs_registry`` fixture), the rows are first validated and typed
        as ``evaluate`` reads a dataset (so ``"có"`` becomes ``1.0`` in a boolean field,
        and a row breaking a field's range or ``not_greater_than`` is a
        :class:`~villagescore.errors.DatasetError`). Without it the fields are unknown, so
        **the values are not validated**: the frame is built from them as given, and the
        compute sees what no dataset would reach it with (20 kilns, 50 of them clean, give
        250 %).

    Returns
    -------
    list
        One value per row: a float, a string (category indicators), or ``None`` where
        the value is missing.

    An error of the compute names the indicator's plugin: the registry's, else the module
    of its ``compute`` (an indicator taken straight from ``register_indicators()`` has none).
    """
    import pandas as pd

    from ..engine import Engine

    indicator = _named(indicator, registry)
    if registry is not None:
        frame = make_dataset(rows, registry).frame
    else:
        frame = pd.DataFrame([dict(r) for r in rows])
        for fid in indicator.requires:
            if fid not in frame.columns:
                frame[fid] = None
    values = Engine(registry).compute_indicator(indicator, frame)
    return [_plain(v) for v in values]


def _named(indicator: Any, registry: Any) -> Any:
    """``indicator`` with the name of its plugin: as the registry has it, else the module of its ``compute``."""
    import dataclasses

    if indicator.plugin:
        return indicator
    registered = getattr(registry, "indicators", {}).get(indicator.id)
    plugin = registered.plugin if registered is not None else getattr(indicator.compute, "__module__", None)
    return dataclasses.replace(indicator, plugin=plugin) if plugin else indicator


def _plain(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value
    return None if math.isnan(number) else number


def _framework(framework: Any, registry: Any) -> Any:
    from ..framework import load_framework
    from ..model import Framework

    if isinstance(framework, Framework):
        return framework
    return load_framework(framework, registry)


def evaluate_rows(framework: Any, rows: Sequence[Mapping[str, Any]], registry: Any) -> Any:
    """Score a few village rows against a framework.

    Parameters
    ----------
    framework : villagescore.model.Framework, path or str
        A resolved framework, a framework file, or the id of a framework a registered
        plugin ships.
    rows : sequence of mappings
        One mapping per village-year (see :func:`make_dataset` for the defaults).
    registry : villagescore.registry.Registry
        The plugins to score with.

    Returns
    -------
    villagescore.results.Result
        ``result.tree.overall_score`` holds one overall score per row, in
        ``village_id``/``year`` order; ``result.village_dict(i)`` gives the details.
    """
    from ..engine import Engine

    fw = _framework(framework, registry)
    return Engine(registry).evaluate(fw, make_dataset(rows, registry))


def check_framework_validates(path: Any, registry: Any) -> Any:
    """Load a framework file and fail the test with every problem if it is invalid.

    Parameters
    ----------
    path : path, Traversable or str
        The framework file (or the id of an installed framework).
    registry : villagescore.registry.Registry
        The plugins whose indicators, scorers and sectors the framework may name.

    Returns
    -------
    villagescore.model.Framework
        The resolved framework, for further checks.

    Raises
    ------
    AssertionError
        The framework is invalid; the message lists every problem.
    """
    from ..errors import VillageScoreError

    try:
        return _framework(path, registry)
    except VillageScoreError as exc:
        msg = f"framework {path} does not validate:\n{exc}"
        raise _mismatch(msg) from None
