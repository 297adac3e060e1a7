"""Testing kit for plugin authors: pytest fixtures and assertion helpers.

Installed with villagescore as a pytest plugin (entry point ``pytest11``), so a plugin's
tests can use the fixtures without importing anything::

    # tests/conftest.py of a plugin
    import pytest
    import villagescore_pottery

    @pytest.fixture
    def vs_plugins():
        return [villagescore_pottery]

    # tests/test_pottery.py
    def test_framework_validates(vs_registry):
        check_framework_validates(FRAMEWORK, vs_registry)

Fixtures (each test gets fresh ones):

``vs_plugins``
    The plugins under test: a list of modules (or ``(name, object)`` pairs). Empty by
    default; override it in ``conftest.py``.
``vs_load_entrypoints``
    ``False`` by default: installed plugins are *not* loaded, so a test sees only the
    built-ins and ``vs_plugins``. Override it to return ``True`` to test discovery.
``vs_plugin_manager``, ``vs_registry``, ``vs_engine``
    A new plugin manager, its registry (strict: a plugin that fails in a hook fails the
    test) and an :class:`~villagescore.engine.Engine` on that registry.
``vs_tiny_rows``, ``vs_tiny_dataset``
    Three villages with a value for every registered field, as rows and as a validated
    :class:`~villagescore.datasets.Dataset`.

This module imports neither pandas nor numpy at import time: pytest loads it in every
test session of a machine where villagescore is installed.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from types import ModuleType
from typing import Any

import pytest

__all__ = [
    "make_plugin_manager",
    "make_registry",
    "make_dataset",
    "tiny_rows",
    "assert_scores_equal",
    "check_framework_validates",
    "run_indicator",
    "evaluate_rows",
    "IDENTITY_DEFAULTS",
]

#: Identity values filled in for rows that do not give them (row ``i`` gets ``v{i+1}`` …).
IDENTITY_DEFAULTS = {"commune": "Xã Thử", "province": "Hà Nội", "year": 2024}


# ---- plugin managers and registries ----


def _named(plugins: Iterable[Any]) -> tuple[tuple[str, Any], ...]:
    out = []
    for item in plugins:
        if isinstance(item, tuple):
            name, obj = item
        else:
            name = getattr(item, "__name__", type(item).__name__).rsplit(".", 1)[-1]
            name = name.removeprefix("villagescore_")
            obj = item
        out.append((str(name), obj))
    return tuple(out)


def make_plugin_manager(*plugins: Any, entrypoints: bool = False, strict: bool = True) -> Any:
    """Return a new plugin manager with the built-ins and ``plugins`` registered.

    Parameters
    ----------
    *plugins : module, object or (name, object)
        Plugins to register. A module is registered under its name without the
        ``villagescore_`` prefix (``villagescore_pottery`` → ``pottery``), as its entry
        point would be.
    entrypoints : bool
        Also load the installed plugins (entry-point group ``villagescore``).
    strict : bool
        A plugin that fails to load or breaks the contract raises
        :class:`~villagescore.errors.PluginError` instead of warning.

    Returns
    -------
    pluggy.PluginManager
    """
    from .plugins import get_plugin_manager

    return get_plugin_manager(entrypoints=entrypoints, strict=strict, plugins=_named(plugins))


def make_registry(*plugins: Any, entrypoints: bool = False, strict: bool = True) -> Any:
    """Return the :class:`~villagescore.registry.Registry` of the built-ins and ``plugins``.

    Parameters are those of :func:`make_plugin_manager`.

    Returns
    -------
    villagescore.registry.Registry
    """
    from .registry import Registry

    pm = make_plugin_manager(*plugins, entrypoints=entrypoints, strict=strict)
    return Registry.from_plugin_manager(pm, strict=strict)


# ---- small datasets ----


def tiny_rows(registry: Any, n: int = 3) -> list[dict[str, Any]]:
    """Return ``n`` village rows with a valid value for every registered field.

    Values are spread over each field's range (a quarter, half and three quarters of the
    way from minimum to maximum, cycling), booleans alternate yes/no, categories cycle,
    and a field with ``not_greater_than`` is capped by the field it names. Village ``i``
    belongs to sector ``i`` of the registry (cycling), village 2 to every sector.

    Parameters
    ----------
    registry : villagescore.registry.Registry
        Gives the fields and sectors.
    n : int
        Number of villages.

    Returns
    -------
    list[dict]
        One mapping per village, column name → value.

    Raises
    ------
    ValueError
        No sector is registered (a dataset row must name at least one).
    """
    sectors = list(registry.sectors)
    if not sectors:
        msg = "no sector is registered: pass a plugin that registers one (a village must name its sectors)"
        raise ValueError(msg)
    fractions = (0.25, 0.5, 0.75)
    rows: list[dict[str, Any]] = []
    for i in range(n):
        row: dict[str, Any] = {
            "village_id": f"v{i + 1}",
            "name": f"Làng {i + 1}",
            "sectors": ";".join(sectors) if i == 1 else sectors[i % len(sectors)],
        }
        frac = fractions[i % len(fractions)]
        for fid, fld in registry.fields.items():
            row[fid] = _tiny_value(fld, i, frac)
        for fid, fld in registry.fields.items():
            other = fld.not_greater_than
            if other and isinstance(row.get(fid), (int, float)) and isinstance(row.get(other), (int, float)):
                row[fid] = min(row[fid], row[other])
        rows.append(row)
    return rows


def _tiny_value(fld: Any, i: int, frac: float) -> Any:
    if fld.type == "boolean":
        return i % 2 == 0
    if fld.type == "category":
        return fld.categories[i % len(fld.categories)]
    if fld.type == "text":
        return f"text {i + 1}"
    lo = 0.0 if fld.minimum is None else float(fld.minimum)
    hi = lo + 100.0 if fld.maximum is None else float(fld.maximum)
    value = lo + frac * (hi - lo)
    return int(round(value)) if fld.type == "integer" else round(value, 6)


def make_dataset(rows: Sequence[Mapping[str, Any]], registry: Any, *, name: str = "<rows>") -> Any:
    """Validate ``rows`` as a dataset, exactly as a CSV file with these rows would be.

    Missing identity columns are filled in: ``village_id`` ``v1``, ``v2`` …, ``name``
    ``Làng 1`` …, ``sectors`` the first registered sector, and :data:`IDENTITY_DEFAULTS`.

    Parameters
    ----------
    rows : sequence of mappings
        One mapping per village-year: column name → value (``None`` for an empty cell).
    registry : villagescore.registry.Registry
        Gives the fields the columns are validated against.
    name : str
        Shown as the file name in problems and provenance.

    Returns
    -------
    villagescore.datasets.Dataset

    Raises
    ------
    villagescore.errors.DatasetError
        Listing every problem, as for a file.
    """
    import pandas as pd

    from .datasets import RawDataset, validate

    first_sector = next(iter(registry.sectors), None)
    filled = []
    for i, row in enumerate(rows):
        full = {"village_id": f"v{i + 1}", "name": f"Làng {i + 1}", **IDENTITY_DEFAULTS}
        if first_sector is not None:
            full["sectors"] = first_sector
        full.update(row)
        filled.append(full)
    columns: list[str] = []
    for row in filled:
        columns += [c for c in row if c not in columns]
    frame = pd.DataFrame([[row.get(c) for c in columns] for row in filled], columns=columns)
    for column in ("village_id", "name", "commune", "province", "sectors"):
        if column in frame.columns:
            frame[column] = frame[column].map(lambda v: None if v is None else str(v)).astype(object)
    digest = hashlib.sha256(json.dumps(filled, sort_keys=True, default=str).encode()).hexdigest()
    return validate(RawDataset(frame, name, digest), registry)


# ---- running indicators and frameworks ----


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
        When given, the rows are first validated and typed as a dataset would be (so
        ``"có"`` becomes ``1.0`` in a boolean field); otherwise the frame is built from
        the values as given.

    Returns
    -------
    list
        One value per row: a float, a string (category indicators), or ``None`` where
        the value is missing.
    """
    import pandas as pd

    from .engine import Engine

    if registry is not None:
        frame = make_dataset(rows, registry).frame
    else:
        frame = pd.DataFrame([dict(r) for r in rows])
        for fid in indicator.requires:
            if fid not in frame.columns:
                frame[fid] = None
    values = Engine(registry)._compute(_Node(indicator), frame)
    return [_plain(v) for v in values]


class _Node:
    """The part of an indicator node that :meth:`Engine._compute` reads."""

    def __init__(self, indicator: Any) -> None:
        self.indicator = indicator


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
    from .framework import load_framework
    from .model import Framework

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
    from .engine import Engine

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
    from .errors import VillageScoreError

    try:
        return _framework(path, registry)
    except VillageScoreError as exc:
        msg = f"framework {path} does not validate:\n{exc}"
        raise _mismatch(msg) from None


# ---- comparing scores ----


def _mismatch(message: str) -> AssertionError:
    return AssertionError(message)


def _floats(values: Any) -> list[float]:
    if hasattr(values, "tolist"):
        values = values.tolist()
    out = []
    for v in values:
        out.append(math.nan if v is None else float(v))
    return out


def _compare(a: Any, b: Any, tol: float, what: str, *, indexed: bool = True) -> None:
    xs, ys = _floats(a), _floats(b)
    if len(xs) != len(ys):
        msg = f"{what}: {len(xs)} scores != {len(ys)} scores"
        raise _mismatch(msg)
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        if math.isnan(x) and math.isnan(y):
            continue
        if math.isnan(x) or math.isnan(y) or abs(x - y) > tol:
            where = f"{what}[{i}]" if indexed else what
            msg = f"{where}: {x!r} != {y!r} (tolerance {tol})"
            raise _mismatch(msg)


def assert_scores_equal(a: Any, b: Any, tol: float = 1e-9) -> None:
    """Assert that two sets of scores are equal within ``tol``; missing equals missing.

    Parameters
    ----------
    a, b : Result, mapping or sequence
        Two :class:`~villagescore.results.Result` objects (villages, years, overall,
        pillar, criterion and indicator scores and ratings are compared), two mappings
        (same keys, values compared), or two sequences of numbers where ``None`` and NaN
        mean missing.
    tol : float
        Largest absolute difference allowed.

    Raises
    ------
    AssertionError
        Naming the first village and node (or position) that differs.
    """
    from .results import Result

    if isinstance(a, Result) and isinstance(b, Result):
        _assert_results_equal(a, b, tol)
        return
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        if set(a) != set(b):
            msg = (f"keys differ: only in first {sorted(set(a) - set(b))}, "
                   f"only in second {sorted(set(b) - set(a))}")
            raise _mismatch(msg)
        for key in sorted(a):
            _compare([a[key]], [b[key]], tol, repr(key), indexed=False)
        return
    _compare(a, b, tol, "scores")


def _assert_results_equal(a: Any, b: Any, tol: float) -> None:
    ids_a = list(zip(a.frame["village_id"], a.frame["year"], strict=True))
    ids_b = list(zip(b.frame["village_id"], b.frame["year"], strict=True))
    if ids_a != ids_b:
        msg = f"different village-years: {ids_a} != {ids_b}"
        raise _mismatch(msg)
    labels = [f"{v} ({y})" for v, y in ids_a]
    levels = [
        ("overall", a.tree.overall_score[:, None], b.tree.overall_score[:, None], [""]),
        ("pillar", a.tree.pillar_score, b.tree.pillar_score, [p.id for p in a.framework.pillars]),
        ("criterion", a.tree.criterion_score, b.tree.criterion_score, [c.id for c in a.framework.criteria]),
        ("indicator", a.matrix.scores, b.matrix.scores, [n.id for n in a.framework.indicators]),
    ]
    for level, xa, xb, nodes in levels:
        if xa.shape != xb.shape:
            msg = f"{level} scores have shapes {xa.shape} and {xb.shape}"
            raise _mismatch(msg)
        for j, node in enumerate(nodes):
            for i, label in enumerate(labels):
                what = f"village {label}, {level} {node + ' ' if node else ''}score"
                _compare([xa[i, j]], [xb[i, j]], tol, what, indexed=False)
    for i, label in enumerate(labels):
        if a.rating_id(i) != b.rating_id(i):
            msg = f"village {label}: rating {a.rating_id(i)!r} != {b.rating_id(i)!r}"
            raise _mismatch(msg)


# ---- pytest fixtures ----


@pytest.fixture
def vs_plugins() -> list[Any]:
    """The plugins under test (modules or ``(name, object)`` pairs); override in conftest.py."""
    return []


@pytest.fixture
def vs_load_entrypoints() -> bool:
    """Whether ``vs_plugin_manager`` also loads installed plugins; ``False`` unless overridden."""
    return False


@pytest.fixture
def vs_plugin_manager(vs_plugins: list[Any], vs_load_entrypoints: bool) -> Any:
    """A new, strict plugin manager: the built-ins plus ``vs_plugins``."""
    plugins = [vs_plugins] if isinstance(vs_plugins, ModuleType) else list(vs_plugins)
    return make_plugin_manager(*plugins, entrypoints=vs_load_entrypoints, strict=True)


@pytest.fixture
def vs_registry(vs_plugin_manager: Any) -> Any:
    """The registry of ``vs_plugin_manager`` (strict: a plugin failing in a hook fails the test)."""
    from .registry import Registry

    return Registry.from_plugin_manager(vs_plugin_manager, strict=True)


@pytest.fixture
def vs_engine(vs_registry: Any) -> Any:
    """An :class:`~villagescore.engine.Engine` on ``vs_registry``."""
    from .engine import Engine

    return Engine(vs_registry)


@pytest.fixture
def vs_tiny_rows(vs_registry: Any) -> list[dict[str, Any]]:
    """Three villages with a value for every registered field (see :func:`tiny_rows`)."""
    return tiny_rows(vs_registry, 3)


@pytest.fixture
def vs_tiny_dataset(vs_tiny_rows: list[dict[str, Any]], vs_registry: Any) -> Any:
    """``vs_tiny_rows`` validated as a :class:`~villagescore.datasets.Dataset`."""
    return make_dataset(vs_tiny_rows, vs_registry, name="vs_tiny_dataset")
