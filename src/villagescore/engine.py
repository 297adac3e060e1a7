"""The engine: compute indicators, score them, aggregate the tree, apply gates and tiers.

Everything runs on whole columns. The number of Python-level steps grows with the
number of indicators and nodes in the framework, never with the number of villages:
one ``compute`` call per indicator, one scorer call per indicator, one aggregator call
per node. The semantics (applicability, missing data, coverage, gates, tiers) are
documented in ``docs/scoring.md`` and tested in ``tests/test_engine.py``.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .aggregation import weighted_arithmetic
from .errors import DatasetError, PluginError, Problem
from .model import Framework, MissingDataPolicy

__all__ = ["Engine", "IndicatorMatrix", "TreeScores", "score_level", "OPS"]

OPS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt,
       "==": operator.eq, "!=": operator.ne}


@dataclass
class IndicatorMatrix:
    """Indicator-level arrays, ``(villages, indicators)``, indicators in tree order."""

    values: list[np.ndarray]  # one array per indicator (float, or object for categories)
    scores: np.ndarray
    applicable: np.ndarray
    present: np.ndarray


@dataclass
class TreeScores:
    """Node-level arrays: scores, coverage and status per criterion, pillar and overall.

    ``*_weight`` hold the effective, normalised weight of each child within its parent
    for each village (0 where the child is absent), so that contributions can be traced.
    """

    indicator_weight: np.ndarray
    criterion_score: np.ndarray
    criterion_coverage: np.ndarray
    criterion_na: np.ndarray
    criterion_weight: np.ndarray
    pillar_score: np.ndarray
    pillar_coverage: np.ndarray
    pillar_na: np.ndarray
    pillar_weight: np.ndarray
    overall_score: np.ndarray
    overall_coverage: np.ndarray


def score_level(scores: np.ndarray, weights: np.ndarray, applicable: np.ndarray, present: np.ndarray,
                policy: MissingDataPolicy, aggregate: Any, *, out: np.ndarray | None = None) -> tuple[np.ndarray, ...]:
    """Aggregate one node from its children, applying the missing-data policy.

    Parameters
    ----------
    scores, applicable, present : (villages, children) arrays
    weights : (children,) nominal weights
    policy : MissingDataPolicy
    aggregate : callable(scores, weights) -> scores
    out : (villages, children) float array, optional
        Where to write the normalised effective weights (saves a copy of that matrix).

    Returns
    -------
    (score, coverage, not_applicable, normalised effective weights)

    Notes
    -----
    A present child has a score (the engine keeps ``present`` == "applicable and scored").
    The work is a fixed number of whole-array passes per node, with no per-village
    Python; column-major (Fortran) indicator arrays keep each child's column contiguous,
    and the sums run in the same order as a row-wise ``sum(axis=1)``. The
    built-in weighted arithmetic mean is computed in place, without building the
    NaN-masked matrix that other rules receive.
    """
    w = np.asarray(weights, dtype=float)
    app = np.asarray(applicable, dtype=bool)
    pres = present & app
    app_f = app.astype(float, order="A")  # keeps the layout of the input (column-major for indicators)
    pres_f = pres.astype(float, order="A")
    app_w = (app_f * w).sum(axis=1)
    pres_w = (pres_f * w).sum(axis=1)
    na = app_w <= 0
    with np.errstate(invalid="ignore", divide="ignore"):
        coverage = pres_w / app_w
    coverage[na] = np.nan
    # the score of a present child, 0 elsewhere (scores lie in [0, 100]; fmax turns NaN into 0)
    known = np.fmax(scores, 0.0)
    known *= pres_f
    zero = policy.policy == "zero"
    base = app_f if zero else pres_f
    eff_w = np.multiply(base, w, out=base if out is None else out)
    total = app_w if zero else pres_w
    if aggregate is weighted_arithmetic:
        # the built-in rule, without building the NaN-masked matrix: same arithmetic
        with np.errstate(invalid="ignore", divide="ignore"):
            score = (known * eff_w).sum(axis=1) / total
        score[~(total > 0)] = np.nan
    else:
        eff_scores = np.where(eff_w > 0, known if zero else scores, np.nan)
        score = np.array(aggregate(eff_scores, eff_w), dtype=float)
    score[na] = np.nan
    if policy.policy == "exclude":
        score[coverage + 1e-12 < policy.min_coverage] = np.nan
    elif policy.policy == "fail":
        score[coverage < 1.0] = np.nan
    has_weight = total > 0
    norm = np.divide(eff_w, np.where(has_weight, total, 1.0)[:, None], out=eff_w)
    norm[~has_weight | np.isnan(score)] = 0.0  # whole rows: no weight, or no score
    return np.clip(score, 0.0, 100.0, out=score), coverage, na, norm


class Engine:
    """Score datasets against frameworks using the objects in a registry."""

    def __init__(self, registry: Any) -> None:
        self.registry = registry

    # ---- stage 1: indicators ----

    def indicator_matrix(self, framework: Framework, frame: pd.DataFrame) -> IndicatorMatrix:
        """Compute and score every indicator of ``framework`` over ``frame``."""
        return self.score_values(framework, frame, self.compute_values(framework, frame))

    def compute_values(self, framework: Framework, frame: pd.DataFrame) -> list[np.ndarray]:
        """Compute the raw value of every indicator (one array per indicator, tree order).

        An indicator without ``compute`` reads its field's column without a copy; the
        arrays are read-only views of the frame in that case.
        """
        return [self._compute(node, frame) for node in framework.indicators]

    def score_values(self, framework: Framework, frame: pd.DataFrame, values: list[np.ndarray]) -> IndicatorMatrix:
        """Score computed indicator values: applicability, presence and 0–100 scores.

        The matrices are column-major, so each indicator's column is contiguous.
        """
        nodes = framework.indicators
        n = len(frame)
        m = len(nodes)
        scores = np.zeros((n, m), order="F")
        applicable = np.ones((n, m), dtype=bool, order="F")
        present = np.zeros((n, m), dtype=bool, order="F")
        membership = _sector_membership(frame) if any(node.sectors for node in nodes) else {}
        for j, node in enumerate(nodes):
            raw = values[j]
            app = None
            if node.sectors:
                app = np.zeros(n, dtype=bool)
                for sector in node.sectors:
                    if sector in membership:
                        app |= membership[sector]
                applicable[:, j] = app
            absent = pd.isna(raw) if raw.dtype == object else np.isnan(raw)
            if app is not None:
                absent |= ~app
            params = dict(node.params)
            if node.threshold is not None and node.threshold.by_field is not None and "limit" not in params:
                params["limit"] = node.threshold.limit(frame)
            try:
                scored = np.asarray(node.scorer.function(raw, params), dtype=float)
            except Exception as exc:
                msg = (f"scorer {node.scorer.name!r} (plugin {node.scorer.plugin!r}) failed on indicator "
                       f"{node.id!r}: {type(exc).__name__}: {exc}")
                raise PluginError(msg) from exc
            column = scores[:, j]
            np.clip(scored, 0.0, 100.0, out=column)
            column[absent] = np.nan
            np.logical_not(np.isnan(column), out=present[:, j])
        return IndicatorMatrix(values, scores, applicable, present)

    def _compute(self, node: Any, frame: pd.DataFrame) -> np.ndarray:
        ind = node.indicator
        n = len(frame)
        if any(f not in frame.columns for f in ind.requires):
            return np.full(n, np.nan)
        if ind.compute is None:
            series = frame[ind.requires[0]]
        else:
            try:
                # a shallow copy: a plugin that assigns to its frame cannot change another plugin's input
                series = ind.compute(frame.copy(deep=False))
            except Exception as exc:
                msg = (f"indicator {ind.id!r} of plugin {ind.plugin!r} failed to compute: "
                       f"{type(exc).__name__}: {exc}")
                raise PluginError(msg) from exc
        arr = series.to_numpy() if hasattr(series, "to_numpy") else np.asarray(series)
        if arr.shape != (n,):
            msg = (f"indicator {ind.id!r} of plugin {ind.plugin!r} returned {arr.shape[0] if arr.ndim else 0} "
                   f"values for {n} villages")
            raise PluginError(msg)
        if arr.dtype == object and ind.direction != "category":
            arr = pd.to_numeric(pd.Series(arr), errors="coerce").to_numpy(dtype=float)
        if arr.dtype != object:
            if arr.dtype != np.float64:
                arr = arr.astype(float)
            infinite = np.isinf(arr)
            if infinite.any():
                arr = arr.copy()
                arr[infinite] = np.nan
            if arr.flags.writeable and not arr.flags.owndata:
                arr = arr.view()
                arr.flags.writeable = False  # a view of the frame: scorers must not write into it
        return arr

    # ---- stage 2: the tree ----

    def aggregate(self, framework: Framework, matrix: IndicatorMatrix, *,
                  weights: dict[str, np.ndarray] | None = None,
                  aggregators: dict[str, Any] | None = None) -> TreeScores:
        """Aggregate indicator scores up the tree.

        ``weights`` may override nominal weights per level (``"indicator"``,
        ``"criterion"``, ``"pillar"`` → arrays in tree order); ``aggregators`` may
        override the rule per level (``"criterion"``, ``"pillar"``, ``"overall"`` → an
        aggregation function). Both serve sensitivity analysis.
        """
        weights = weights or {}
        aggregators = aggregators or {}
        n = matrix.scores.shape[0]
        crits = framework.criteria
        ind_w = weights.get("indicator", np.array([i.weight for i in framework.indicators], dtype=float))
        crit_w = weights.get("criterion", np.array([c.weight for c in crits], dtype=float))
        pill_w = weights.get("pillar", np.array([p.weight for p in framework.pillars], dtype=float))
        c_score = np.full((n, len(crits)), np.nan)
        c_cov = np.full((n, len(crits)), np.nan)
        c_na = np.zeros((n, len(crits)), dtype=bool)
        i_norm = np.empty(matrix.scores.shape, order="F")
        start = 0
        for k, crit in enumerate(crits):
            sl = slice(start, start + len(crit.indicators))
            start = sl.stop
            agg = aggregators.get("criterion") or _rule(crit.aggregator)
            c_score[:, k], c_cov[:, k], c_na[:, k], norm = score_level(
                matrix.scores[:, sl], ind_w[sl], matrix.applicable[:, sl], matrix.present[:, sl],
                crit.missing, agg, out=i_norm[:, sl])
            if not np.shares_memory(norm, i_norm[:, sl]):
                i_norm[:, sl] = norm
        p_score = np.full((n, len(framework.pillars)), np.nan)
        p_cov = np.full_like(p_score, np.nan)
        p_na = np.zeros(p_score.shape, dtype=bool)
        c_norm = np.zeros_like(c_score)
        start = 0
        for k, pillar in enumerate(framework.pillars):
            sl = slice(start, start + len(pillar.criteria))
            start = sl.stop
            agg = aggregators.get("pillar") or _rule(pillar.aggregator)
            p_score[:, k], p_cov[:, k], p_na[:, k], c_norm[:, sl] = score_level(
                c_score[:, sl], crit_w[sl], ~c_na[:, sl], ~np.isnan(c_score[:, sl]),
                _relaxed(pillar.missing), agg)
        agg = aggregators.get("overall") or _rule(framework.aggregator)
        overall, o_cov, _o_na, p_norm = score_level(
            p_score, pill_w, ~p_na, ~np.isnan(p_score), _relaxed(framework.missing), agg)
        return TreeScores(i_norm, c_score, c_cov, c_na, c_norm, p_score, p_cov, p_na, p_norm, overall, o_cov)

    # ---- stage 3: gates and tiers ----

    @staticmethod
    def gates(framework: Framework, matrix: IndicatorMatrix) -> np.ndarray:
        """Return a ``(villages, gates)`` boolean array: which gates fired."""
        index = {node.id: j for j, node in enumerate(framework.indicators)}
        n = matrix.scores.shape[0]
        fired = np.zeros((n, len(framework.gates)), dtype=bool)
        for g, gate in enumerate(framework.gates):
            j = index[gate.indicator]
            x = matrix.scores[:, j] if gate.on == "score" else np.asarray(matrix.values[j], dtype=float)
            with np.errstate(invalid="ignore"):
                holds = OPS[gate.op](x, gate.value)
            present = matrix.present[:, j]
            fails = present & ~holds
            if gate.on_missing == "fire":
                fails |= ~present
            fired[:, g] = matrix.applicable[:, j] & fails
        return fired

    @staticmethod
    def ratings(framework: Framework, tree: TreeScores, fired: np.ndarray) -> np.ndarray:
        """Return the tier index per village (``-1`` where the overall score is missing)."""
        tiers = framework.tiers
        n = tree.overall_score.shape[0]
        tier_pos = {t.id: i for i, t in enumerate(tiers)}
        cap = np.zeros(n, dtype=int)
        for g, gate in enumerate(framework.gates):
            cap = np.where(fired[:, g], np.maximum(cap, tier_pos[gate.cap]), cap)
        eligible = np.zeros((n, len(tiers)), dtype=bool)
        pillar_missing = ~tree.pillar_na & np.isnan(tree.pillar_score)
        for t, tier in enumerate(tiers):
            ok = tree.overall_score >= tier.min_score - 1e-9
            if tier.min_pillar_score is not None:
                below = ~tree.pillar_na & ~(tree.pillar_score >= tier.min_pillar_score - 1e-9)
                ok &= ~(below | pillar_missing).any(axis=1)
            eligible[:, t] = ok & (t >= cap)
        rating = np.where(eligible.any(axis=1), eligible.argmax(axis=1), len(tiers) - 1)
        return np.where(np.isnan(tree.overall_score), -1, rating)

    # ---- the whole run ----

    def evaluate(self, framework: Framework, dataset: Any, *, options: dict[str, Any] | None = None,
                 village_ids: list[str] | None = None) -> Any:
        """Score every village-year of ``dataset`` (a :class:`~villagescore.datasets.Dataset`).

        Returns
        -------
        villagescore.results.Result
        """
        from .results import Result

        frame = dataset.frame
        if village_ids:
            unknown = sorted(set(village_ids) - set(frame["village_id"]))
            if unknown:
                from .errors import UnknownIdError

                msg = f"unknown village id(s): {', '.join(unknown)}"
                raise UnknownIdError(msg)
            frame = frame[frame["village_id"].isin(village_ids)]
        if not _sorted_by_village_year(frame):
            frame = frame.sort_values(["village_id", "year"], kind="stable")
        if not isinstance(frame.index, pd.RangeIndex) or frame.index.start != 0 or frame.index.step != 1:
            frame = frame.reset_index(drop=True)
        matrix = self.indicator_matrix(framework, frame)
        self._check_fail_policy(framework, frame, matrix, dataset.path)
        tree = self.aggregate(framework, matrix)
        fired = self.gates(framework, matrix)
        rating = self.ratings(framework, tree, fired)
        return Result(framework=framework, frame=frame, matrix=matrix, tree=tree, fired=fired, rating=rating,
                      provenance=self.provenance(framework, dataset, options or {}), registry=self.registry)

    @staticmethod
    def _check_fail_policy(framework: Framework, frame: pd.DataFrame, matrix: IndicatorMatrix,
                           path: str) -> None:
        problems = []
        j = 0
        for crit in framework.criteria:
            for node in crit.indicators:
                if crit.missing.policy == "fail":
                    gap = matrix.applicable[:, j] & ~matrix.present[:, j]
                    for pos in np.flatnonzero(gap):
                        problems.append(Problem(
                            path, f"village {frame['village_id'].iat[pos]} ({frame['year'].iat[pos]})",
                            f"indicator {node.id!r} is missing and criterion {crit.id!r} uses the 'fail' "
                            f"missing-data policy", column=", ".join(node.indicator.requires),
                            rule="missing_data_fail", village_id=str(frame["village_id"].iat[pos])))
                j += 1
        if problems:
            raise DatasetError(problems, title="missing data under the 'fail' policy")

    def provenance(self, framework: Framework, dataset: Any, options: dict[str, Any]) -> dict[str, Any]:
        """Return what a result needs to be reproduced: versions and hashes, no clock time."""
        from pathlib import Path

        from . import __version__

        used = sorted({n.indicator.plugin for n in framework.indicators} | {n.scorer.plugin for n in
                      framework.indicators})
        plugins = [{"name": name, "version": version} for name, version in sorted(
            self.registry.plugin_versions.items())]
        return {
            "engine_version": __version__,
            "framework": {"id": framework.id, "version": framework.version, "sha256": framework.sha256,
                          "status": framework.status},
            "dataset": {"sha256": dataset.sha256, "file": Path(dataset.path).name, "kind": dataset.kind,
                        "metadata_sha256": dataset.metadata_sha256},
            "plugins": plugins,
            "plugins_used": used,
            "options": dict(sorted(options.items())),
        }


def _rule(aggregator: Any) -> Any:
    """The aggregation function of ``aggregator``; a plugin's rule is guarded so a failure names it."""
    if aggregator.plugin in ("", "villagescore"):
        return aggregator.function

    def guarded(scores: np.ndarray, weights: np.ndarray) -> np.ndarray:
        try:
            return aggregator.function(scores, weights)
        except Exception as exc:
            msg = (f"aggregator {aggregator.name!r} (plugin {aggregator.plugin!r}) failed: "
                   f"{type(exc).__name__}: {exc}")
            raise PluginError(msg) from exc

    return guarded


def _relaxed(policy: MissingDataPolicy) -> MissingDataPolicy:
    """At pillar and overall level, 'fail' acts like 'exclude' with full coverage required."""
    if policy.policy == "fail":
        return MissingDataPolicy("exclude", 1.0)
    return policy


def _sorted_by_village_year(frame: pd.DataFrame) -> bool:
    """True when rows are already in (village_id, year) order, so no sort (and copy) is needed."""
    if len(frame) < 2:
        return True
    ids = frame["village_id"].to_numpy(dtype=object)
    years = frame["year"].to_numpy(dtype=float, na_value=np.nan)
    if any(not isinstance(v, str) for v in (ids[0], ids[-1])):
        return False
    try:
        after = ids[1:] > ids[:-1]
        same = ids[1:] == ids[:-1]
    except TypeError:  # mixed types: let sort_values decide
        return False
    return bool(np.all(after | (same & (years[1:] >= years[:-1]))))


def _sector_membership(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """Sector id → boolean mask of the rows whose ``sectors`` cell (``a;b``) names it.

    The cells are factorised first, so the text is split once per distinct combination,
    not once per village.
    """
    if "sectors" not in frame.columns or len(frame) == 0:
        return {}
    codes, uniques = pd.factorize(frame["sectors"], use_na_sentinel=True)
    members: dict[str, np.ndarray] = {}
    for k, cell in enumerate(uniques):
        for part in str(cell).split(";"):
            sector = part.strip()
            if sector:
                members.setdefault(sector, np.zeros(len(uniques) + 1, dtype=bool))[k] = True
    # code -1 (an empty cell) reads the trailing False
    return {sector: table[codes] for sector, table in members.items()}
