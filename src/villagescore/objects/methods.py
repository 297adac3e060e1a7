"""How values become scores and scores combine: scorers and aggregators, with their optional capabilities."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..i18n import N_
from ..reprs import shown_by
from .checks import _set_text, _set_tuple, refused
from .data import Field

if TYPE_CHECKING:  # pragma: no cover - annotations only
    import numpy as np


@shown_by("plugin")
@dataclass(frozen=True)
class Scorer:
    """A scoring method: maps indicator values onto 0–100.

    ``function(values, params)`` receives a float ``numpy`` array (NaN where missing) and
    the validated parameters, and returns an array of the same shape. ``params_schema``
    is a JSON Schema (draft 2020-12) for ``params``; framework loading checks every use.
    A schema that is not a valid JSON Schema is refused here (the plugin that registers the
    scorer is then left out as it loads).
    A parameter named ``limit`` is filled from the framework's ``threshold``: a number, or,
    for a limit by a category field or versions applied by date, a float array of the same
    shape as ``values`` with one limit per value (NaN where unknown); ``function`` must take
    both. ``params_schema`` describes one limit (``{"type": "number"}``): loading checks a
    per-village limit with a number standing in.

    Optional capabilities, used by the core for every scorer alike:

    ``check(params, field)``
        Problems the schema cannot express (band edges out of order …), as a list of
        ``(parameter path, message)``; ``field`` is the indicator's one field when it has
        no ``compute`` (else ``None``). Reported by ``validate`` with the JSON path.
    ``nan_preserving``
        ``True`` when a missing value (NaN) always scores NaN, so the engine need not mask
        missing values again.
    ``breakpoints(params)``
        Indicator values at which the score changes (band edges, goalposts, the limit times
        the ratio edges; ``limit`` is one number here). Improvement plans try them, besides a
        grid, to find the smallest change that reaches each higher score level.
    ``perturb(params, factor)``
        The parameters with the scorer's thresholds moved by ``factor``: a float array
        with one factor (around 1) per value that ``function`` is then called with. A
        legal limit, a band edge or a goalpost ``t`` becomes ``t · factor``, one threshold
        per value (band edges: an array with one row per value). ``function`` must accept
        what it returns. The sensitivity analysis moves thresholds this way (its
        ``thresholds`` group); a scorer without ``perturb`` keeps its thresholds there.

    ``label``: the method's name for people per language (``{"vi": …, "en": …}``), shown with
    ``name`` beside it wherever the method is named (``framework show``); without it, ``name``.
    """

    name: str
    function: Callable[[np.ndarray, Mapping[str, Any]], np.ndarray]
    params_schema: Mapping[str, Any] = field(default_factory=lambda: {"type": "object"})
    description: str = ""
    check: Callable[[Mapping[str, Any], Field | None], list[tuple[str, str]]] | None = None
    nan_preserving: bool = False
    breakpoints: Callable[[Mapping[str, Any]], Sequence[float]] | None = None
    perturb: Callable[[Mapping[str, Any], np.ndarray], dict[str, Any]] | None = None
    plugin: str = ""
    label: Mapping[str, str] | None = None

    def __post_init__(self) -> None:
        _set_text(self, "label", "scorer", self.name, optional=True)
        _check_params_schema(self.name, self.params_schema)


#: JSON texts of the parameter schemas found valid in this process (a scorer is copied as it is registered).
_VALID_SCHEMAS: set[str] = set()


def _check_params_schema(name: str, schema: Any) -> None:
    """Refuse a ``params_schema`` that is not a JSON Schema (draft 2020-12, as parameters are checked with).

    Found now, the plugin is named and left out as it loads; found later, jsonschema would
    fail on the first framework that uses the scorer. A schema found valid before (in this
    process, or by the same jsonschema in :mod:`villagescore.cache`) is not checked again, so
    a run need not import jsonschema for the installed scorers.
    """
    import hashlib
    import json

    from .. import cache

    schema = _as_json(schema)  # parameters are validated against tuples and mappings alike
    text = digest = None
    if cache.plain_json(schema):
        text = json.dumps(schema, sort_keys=True)
        if text in _VALID_SCHEMAS:
            return
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if cache.known_valid("params_schema", "", digest):
            _VALID_SCHEMAS.add(text)
            return
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    from ..framework.checks import json_path
    from ..schema_messages import schema_said

    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as err:
        raise refused(N_("{kind} {id!r}: params_schema is not a valid JSON Schema: at {where}: {error}"),
                      "scorer", name, where=json_path(err.absolute_path), error=schema_said(err)) from None
    if text is not None and digest is not None:
        _VALID_SCHEMAS.add(text)
        cache.remember_valid("params_schema", "", digest)



def _as_json(value: Any) -> Any:
    """``value`` with every mapping a dict and every tuple a list, as JSON Schema's meta-schema reads them."""
    if isinstance(value, Mapping):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_as_json(v) for v in value]
    return value


@shown_by("forward", "inverse", "zero_absorbs")
@dataclass(frozen=True)
class QuasiMean:
    """Declares an aggregator a weighted quasi-arithmetic mean: ``f⁻¹(Σ wᵢ·f(sᵢ) / Σ wᵢ)``.

    ``forward`` is ``f`` (``None``: the identity, i.e. the weighted arithmetic mean) and
    ``inverse`` its inverse; both take and return float arrays. ``zero_absorbs`` says that a
    counted child at 0 makes the mean 0 (``f(0) = -∞``, as for the geometric mean with
    ``f = log``). The engine, the sensitivity analysis and the improvement planner then
    compute the rule child column by child column and fold it into matrix products, for any
    aggregator that declares it, first-party or not.
    """

    forward: Callable[[np.ndarray], np.ndarray] | None = None
    inverse: Callable[[np.ndarray], np.ndarray] | None = None
    zero_absorbs: bool = False

    @property
    def linear(self) -> bool:
        """True for the weighted arithmetic mean (``f`` is the identity)."""
        return self.forward is None


@shown_by("plugin")
@dataclass(frozen=True)
class Aggregator:
    """An aggregation rule: combines weighted child scores into one parent score.

    ``function(scores, weights)`` receives two ``(villages, children)`` float arrays:
    scores in [0, 100] (NaN where a child is absent) and effective weights (0 where a
    child is absent; rows need not sum to 1). It returns one score per village; a row
    whose weights are all 0 must give NaN.

    Optional capabilities, used by the core for every aggregator alike:

    ``mean``
        A :class:`QuasiMean`: the rule is a weighted quasi-arithmetic mean, computed
        column by column and in batches without calling ``function``.
    ``reduce``
        A binary numpy ufunc (e.g. ``numpy.minimum``): the rule is that reduction over the
        children that count (present, with positive weight), whatever their weights. Anything
        else (Python's ``max``, a lambda) is refused here.
    ``interchangeable``
        Names of rules that a sensitivity analysis may use in this one's place (e.g. the
        arithmetic and the geometric means for each other).
    """

    name: str
    function: Callable[[np.ndarray, np.ndarray], np.ndarray]
    description: str = ""
    mean: QuasiMean | None = None
    reduce: Any = None
    interchangeable: tuple[str, ...] = ()
    plugin: str = ""
    label: Mapping[str, str] | None = None

    def __post_init__(self) -> None:
        _set_tuple(self, "interchangeable", "aggregator", self.name)
        _set_text(self, "label", "aggregator", self.name, optional=True)
        if self.reduce is not None and not _binary_ufunc(self.reduce):
            raise refused(N_("{kind} {id!r}: reduce must be a binary numpy ufunc such as numpy.minimum or "
                             "numpy.maximum (the engine calls it with out= and where=), got {got}; leave reduce "
                             "out when the rule is no such reduction"), "aggregator", self.name,
                          got=getattr(self.reduce, "__name__", None) or type(self.reduce).__name__)


def _binary_ufunc(value: Any) -> bool:
    """``value`` is a numpy ufunc of two inputs (numpy is loaded whenever one exists: it is not imported here)."""
    import sys

    np = sys.modules.get("numpy")
    return np is not None and isinstance(value, np.ufunc) and value.nin == 2
