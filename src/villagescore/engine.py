"""The engine: compute indicators, score them, aggregate the tree, apply gates and tiers.

Everything runs on whole columns. The number of Python-level steps grows with the
number of indicators and nodes in the framework, never with the number of villages:
one ``compute`` call per indicator, one scorer call per indicator, one aggregator call
per node. The semantics (applicability, missing data, coverage, gates, tiers) are
documented in ``docs/scoring.md`` and tested in ``tests/test_engine.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from . import prefault
from .errors import DatasetError, PluginError, said
from .fail_policy import fail_policy_problems
from .field_applicability import inapplicable_rows, ruled_fields
from .file_names import file_name
from .gating import fired_gates, gate_limits, gate_status
from .i18n import N_
from .kernel import (
    OPS,
    LevelWeights,
    aggregate_node,
    gate_caps,
    rate,
    relaxed_policy,
    score_level,
)
from .kernel.sectors import sector_scale
from .kernel.weight_rows import weight_patterns
from .memo import forget_frame, shallow_copies_write_through
from .model import Framework, column_codes, frame_memo
from .plugin_output import checked_scores, computed_column, nan_score_count, numeric_column, said_nan_scores
from .quality import estimated_inputs
from .report_labels import field_labels, sector_labels, value_labels
from .unverified import excluded_rows, with_unverified_policy
from .village_order import sorted_by_village_year, village_year_order

__all__ = ["Engine", "IndicatorMatrix", "TreeScores", "score_level", "relaxed_policy", "sector_scale", "OPS"]



@dataclass
class IndicatorMatrix:
    """Indicator-level arrays, ``(villages, indicators)``, indicators in tree order."""

    values: list[np.ndarray]  # one array per indicator (float, or object for categories)
    scores: np.ndarray
    applicable: np.ndarray
    present: np.ndarray
    #: indicator index → (villages,) bool: where its limit is unknown (no regulation version in force,
    #: or the context it depends on, such as the discharge column, is missing); only for thresholds
    #: that vary by village
    limit_unknown: dict[int, np.ndarray] = field(default_factory=dict)
    #: gate index → (villages,) float: the legal limit each village-year is held to by a gate that compares
    #: with one (NaN: unknown; see :mod:`villagescore.gating`)
    gate_limits: dict[int, np.ndarray] = field(default_factory=dict)
    #: indicator index → (villages,) bool: where it was left out, under the ``exclude`` policy, because the
    #: limit applied there is unverified (see :mod:`villagescore.unverified`; ``applicable`` is False there)
    limit_unverified: dict[int, np.ndarray] = field(default_factory=dict)


@dataclass
class TreeScores:
    """Node-level arrays: scores, coverage and status per criterion, pillar and overall.

    ``indicator_weight``, ``criterion_weight`` and ``pillar_weight`` hold the effective,
    normalised weight of each child within its parent for each village (0 where the child
    is absent, or where the parent has no score), so that contributions can be traced.
    They are built on first use from what the aggregation kept (presence, weights, totals)
    and then cached: scoring alone never writes a (villages × indicators) weight matrix.
    """

    criterion_score: np.ndarray
    criterion_coverage: np.ndarray
    criterion_na: np.ndarray
    pillar_score: np.ndarray
    pillar_coverage: np.ndarray
    pillar_na: np.ndarray
    overall_score: np.ndarray
    overall_coverage: np.ndarray
    _weights: dict[str, LevelWeights] = field(default_factory=dict, repr=False, compare=False)
    _built: dict[str, np.ndarray] = field(default_factory=dict, repr=False, compare=False)
    _patterns: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list, repr=False, compare=False)

    def _weight(self, level: str) -> np.ndarray:
        if level not in self._built:
            self._built[level] = self._weights[level].build()
        return self._built[level]

    def weights(self, level: str, rows: slice | np.ndarray | None = None) -> np.ndarray:
        """The normalised weights of ``level`` of ``rows`` (slice or indices; only those unless the level was built)."""
        if rows is None or level in self._built:
            return self._weight(level)[slice(None) if rows is None else rows]
        return self._weights[level].build(rows)

    def weight_patterns(self) -> tuple[np.ndarray, np.ndarray]:
        """``(which, first)``: each village's pattern of weight inputs at every level (:mod:`.kernel.weight_rows`)."""
        if not self._patterns:
            self._patterns.append(weight_patterns(self._weights.values(), len(self.overall_score)))
        return self._patterns[0]

    @property
    def indicator_weight(self) -> np.ndarray:
        """``(villages, indicators)``: each indicator's normalised weight within its criterion."""
        return self._weight("indicator")

    @property
    def criterion_weight(self) -> np.ndarray:
        """``(villages, criteria)``: each criterion's normalised weight within its pillar."""
        return self._weight("criterion")

    @property
    def pillar_weight(self) -> np.ndarray:
        """``(villages, pillars)``: each pillar's normalised weight in the overall score."""
        return self._weight("pillar")


class Engine:
    """Score datasets against frameworks using the objects in a registry."""

    def __init__(self, registry: Any) -> None:
        self.registry = registry

    def __repr__(self) -> str:
        return f"Engine({self.registry!r})"

    # ---- stage 1: indicators ----

    def indicator_matrix(self, framework: Framework, frame: pd.DataFrame) -> IndicatorMatrix:
        """Compute and score every indicator of ``framework`` over ``frame`` (context columns read once)."""
        with frame_memo():  # the thresholds read each context column (the year, a discharge column …) once
            values = self.compute_values(framework, frame)
            if shallow_copies_write_through() and any(n.indicator.compute for n in framework.indicators):
                forget_frame(frame)  # a plugin's compute may have edited the frame through its shallow copy
            return self.score_values(framework, frame, values)

    def compute_values(self, framework: Framework, frame: pd.DataFrame) -> list[np.ndarray]:
        """Compute the raw value of every indicator (one array per indicator, tree order).

        An indicator without ``compute`` reads its field's column without a copy; the
        arrays are read-only views of the frame in that case.
        """
        return [self.compute_indicator(node.indicator, frame) for node in framework.indicators]

    def score_values(self, framework: Framework, frame: pd.DataFrame, values: list[np.ndarray]) -> IndicatorMatrix:
        """Score computed indicator values: applicability, presence and 0–100 scores.

        The matrices are column-major, so each indicator's column is contiguous. A scorer
        not declared ``nan_preserving`` that gives a present value NaN is said once per
        indicator (:func:`~villagescore.plugin_output.said_nan_scores`; an error when the
        registry is strict).
        """
        nodes = framework.indicators
        n = len(frame)
        m = len(nodes)
        scores = prefault.empty((n, m), order="F")  # every column is written below
        applicable = prefault.ones((n, m), dtype=bool, order="F")
        present = prefault.empty((n, m), dtype=bool, order="F")
        membership = _sector_membership(frame) if any(node.sectors for node in nodes) else {}
        limit_unknown: dict[int, np.ndarray] = {}
        limit_unverified: dict[int, np.ndarray] = {}
        rules = ruled_fields(self.registry.with_fields(framework.local_fields).fields)
        for j, node in enumerate(nodes):
            raw = values[j]
            app = None
            if node.sectors:
                app = np.zeros(n, dtype=bool)
                for sector in node.sectors:
                    if sector in membership:
                        app |= membership[sector]
                applicable[:, j] = app
            outside = inapplicable_rows(node.indicator.requires, frame, rules) if rules else None
            if outside is not None:  # a field it requires does not apply there (the new-rural grade in a ward)
                app = ~outside if app is None else app & ~outside
                applicable[:, j] = app
            params = node.scoring_params(frame)
            left_out = excluded_rows(framework, node, frame, app)
            if left_out is not None:  # an unverified limit under 'exclude': out, like an indicator that does not apply
                limit_unverified[j] = left_out
                app = ~left_out if app is None else app & ~left_out
                applicable[:, j] = app
            if node.threshold is not None and node.threshold.per_village and np.ndim(params.get("limit")):
                unknown = np.isnan(np.asarray(params["limit"], dtype=float))
                if unknown.any():
                    limit_unknown[j] = unknown
            try:
                returned = node.scorer.function(raw, params)
            except Exception as exc:
                raise said(PluginError, N_("scorer {scorer!r} (plugin {plugin!r}) failed on indicator {indicator!r}: "
                                           "{error}"), scorer=node.scorer.name, plugin=node.scorer.plugin,
                           indicator=node.id, error=f"{type(exc).__name__}: {exc}") from exc
            scored = checked_scores(node.scorer, returned, n, node.id)
            column = scores[:, j]
            np.clip(scored, 0.0, 100.0, out=column)
            if node.scorer.nan_preserving:
                absent = None if app is None else ~app  # a missing value is already NaN
            else:
                absent = pd.isna(raw) if raw.dtype == object else np.isnan(raw)
                if app is not None:
                    absent |= ~app
            if absent is not None:
                np.putmask(column, absent, np.nan)
            np.logical_not(np.isnan(column), out=present[:, j])
            if absent is not None and not node.scorer.nan_preserving:
                lost = nan_score_count(column, absent, present[:, j], limit_unknown.get(j))
                if lost:
                    said_nan_scores(node.scorer, node.id, lost, strict=bool(getattr(self.registry, "strict", False)))
        return IndicatorMatrix(values, scores, applicable, present, limit_unknown, gate_limits(framework, frame),
                               limit_unverified)

    def compute_indicator(self, ind: Any, frame: pd.DataFrame) -> np.ndarray:
        """The values of one indicator over ``frame`` (float, or object for categories; NaN where missing).

        A plugin's ``compute`` that raises, or returns something other than one value per
        village (see :func:`~villagescore.plugin_output.computed_column`: a Series is matched
        by its index, an array by position) or text for a numeric indicator, is a
        :class:`~villagescore.errors.PluginError` naming it. An indicator without ``compute``
        reads its field's column (a read-only view, no copy).
        """
        if any(f not in frame.columns for f in ind.requires):
            return np.full(len(frame), np.nan)
        if ind.compute is None:
            return numeric_column(ind, frame[ind.requires[0]].to_numpy())
        try:
            # a shallow copy: a plugin that assigns to its frame cannot change another plugin's input
            returned = ind.compute(frame.copy(deep=False))
        except Exception as exc:
            raise said(PluginError, N_("indicator {indicator!r} of plugin {plugin!r} failed to compute: {error}"),
                       indicator=ind.id, plugin=ind.plugin, error=f"{type(exc).__name__}: {exc}") from exc
        return numeric_column(ind, computed_column(ind, returned, frame))

    # ---- stage 2: the tree ----

    def aggregate(self, framework: Framework, matrix: IndicatorMatrix, *,
                  weights: dict[str, np.ndarray] | None = None,
                  aggregators: dict[str, Any] | None = None) -> TreeScores:
        """Aggregate indicator scores up the tree.

        ``weights`` may override nominal weights per level (``"indicator"``,
        ``"criterion"``, ``"pillar"`` → arrays in tree order); ``aggregators`` may
        override the rule per level (``"criterion"``, ``"pillar"``, ``"overall"`` → a
        :class:`~villagescore.Aggregator`). Both serve sensitivity analysis.
        """
        weights = weights or {}
        aggregators = aggregators or {}
        n = matrix.scores.shape[0]
        crits = framework.criteria
        pillars = framework.pillars
        ind_w = weights.get("indicator", np.array([i.weight for i in framework.indicators], dtype=float))
        crit_w = weights.get("criterion", np.array([c.weight for c in crits], dtype=float))
        pill_w = weights.get("pillar", np.array([p.weight for p in pillars], dtype=float))
        # column-major node arrays: each node's column is contiguous for the level above
        c_score = prefault.empty((n, len(crits)), order="F")
        c_cov = prefault.empty(c_score.shape, order="F")
        c_na = prefault.empty(c_score.shape, dtype=bool, order="F")
        i_weights = LevelWeights(matrix.scores.shape)
        # children in contiguous columns: built-in rules go column by column (same sums as before)
        by_column = all(a.flags.f_contiguous for a in (matrix.scores, matrix.applicable, matrix.present))
        start = 0
        for k, crit in enumerate(crits):
            sl = slice(start, start + len(crit.indicators))
            start = sl.stop
            agg = aggregators.get("criterion") or crit.aggregator
            i_weights.nodes.append(aggregate_node(
                matrix.scores[:, sl], ind_w[sl], matrix.applicable[:, sl], matrix.present[:, sl], crit.missing,
                agg, c_score[:, k], c_cov[:, k], c_na[:, k], sl, by_column=by_column, node=crit.id))
        p_score = np.empty((n, len(pillars)), order="F")
        p_cov = np.empty_like(p_score)
        p_na = np.empty(p_score.shape, dtype=bool, order="F")
        c_weights = LevelWeights(c_score.shape)
        c_app = ~c_na
        c_present = ~np.isnan(c_score)
        start = 0
        for k, pillar in enumerate(pillars):
            sl = slice(start, start + len(pillar.criteria))
            start = sl.stop
            agg = aggregators.get("pillar") or pillar.aggregator
            w = crit_w[sl]
            scale = sector_scale(pillar, c_app[:, sl], order="F")
            if scale is not None:
                # (villages, criteria), column-major as the node reads it: the sector block split between
                # each village's sectors
                w = np.multiply(w, scale, out=scale)
            c_weights.nodes.append(aggregate_node(
                c_score[:, sl], w, c_app[:, sl], c_present[:, sl], relaxed_policy(pillar.missing), agg,
                p_score[:, k], p_cov[:, k], p_na[:, k], sl, by_column=False, node=pillar.id))
        overall = np.empty(n)
        o_cov = np.empty(n)
        o_na = np.empty(n, dtype=bool)
        p_weights = LevelWeights(p_score.shape)
        agg = aggregators.get("overall") or framework.aggregator
        p_weights.nodes.append(aggregate_node(p_score, pill_w, ~p_na, ~np.isnan(p_score),
                                              relaxed_policy(framework.missing), agg, overall, o_cov, o_na,
                                              slice(0, len(pillars)), by_column=False, node=framework.id))
        return TreeScores(c_score, c_cov, c_na, p_score, p_cov, p_na, overall, o_cov,
                          {"indicator": i_weights, "criterion": c_weights, "pillar": p_weights})

    # ---- stage 3: gates and tiers ----

    @staticmethod
    def gate_status(framework: Framework, matrix: IndicatorMatrix) -> np.ndarray:
        """Return a ``(villages, gates)`` array of gate statuses (:data:`villagescore.kernel.GATE_STATUSES` codes)."""
        return gate_status(framework, matrix)

    @staticmethod
    def gates(framework: Framework, matrix: IndicatorMatrix) -> np.ndarray:
        """Return a ``(villages, gates)`` boolean array: which gates fired (failed, or unknown when fail-safe)."""
        return fired_gates(framework, gate_status(framework, matrix))

    @staticmethod
    def ratings(framework: Framework, tree: TreeScores, fired: np.ndarray) -> np.ndarray:
        """Return the outcome per village: the tier index, ``len(tiers)`` for the unrated outcome, ``-1`` unscored."""
        return rate(framework, tree.overall_score, tree.pillar_score.T, tree.pillar_na.T, gate_caps(framework, fired))

    # ---- the whole run ----

    def evaluate(self, framework: Framework, dataset: Any, *, options: dict[str, Any] | None = None,
                 village_ids: str | list[str] | None = None) -> Any:
        """Score every village-year of ``dataset`` (a :class:`~villagescore.datasets.Dataset`).

        ``village_ids``: only these villages (ids or names, as :func:`villagescore.villages.choose_villages`
        reads them; an unknown one is refused naming the closest).

        Returns
        -------
        villagescore.results.Result
        """
        from .results import Result
        from .scored_rows import scored_rows

        frame = dataset.frame
        if village_ids:  # ids or names, as --village takes them; one string is one village
            from .villages import choose_villages

            chosen = choose_villages(frame, [village_ids] if isinstance(village_ids, str) else village_ids,
                                     source=dataset.path)
            frame = frame[frame["village_id"].isin(chosen)]
        if not sorted_by_village_year(frame):
            original, frame = frame, frame.take(village_year_order(frame))
            forget_frame(original)  # what the warnings derived from the rows in their first order is not read again
        if not isinstance(frame.index, pd.RangeIndex) or frame.index.start != 0 or frame.index.step != 1:
            frame = frame.reset_index(drop=True)
        matrix = self.indicator_matrix(framework, frame)
        lacking = fail_policy_problems(framework, frame, matrix, dataset.path,
                                       self.registry.with_fields(framework.local_fields).fields)
        if lacking:
            raise DatasetError(lacking, title=N_("missing data under the 'fail' policy"))
        tree = self.aggregate(framework, matrix)
        gate_status = self.gate_status(framework, matrix)
        fired = fired_gates(framework, gate_status)
        rating = self.ratings(framework, tree, fired)
        inputs, estimated = estimated_inputs(framework, frame, matrix.present, dataset.metadata)
        provenance = self.provenance(framework, dataset, options or {})
        provenance["dataset"].update(scored_rows(dataset, frame))  # some rows only: which (villagescore.scored_rows)
        with_unverified_policy(provenance, framework, matrix)
        return Result(framework=framework, frame=frame, matrix=matrix, tree=tree, fired=fired, rating=rating,
                      provenance=provenance, gate_status=gate_status,
                      inputs=inputs, estimated=estimated, sector_labels=sector_labels(self.registry, frame),
                      value_labels=value_labels(self.registry, framework),
                      field_labels=field_labels(self.registry, framework))

    def provenance(self, framework: Framework, dataset: Any, options: dict[str, Any]) -> dict[str, Any]:
        """Return what a result needs to be reproduced: versions and hashes, no clock time."""
        own = self.framework_provenance(framework)
        return {
            "engine_version": own["engine_version"],
            "framework": own["framework"],
            "dataset": {"sha256": dataset.sha256, "file": file_name(dataset.path), "kind": dataset.kind,
                        **({"complete": True} if dataset.complete else {}),
                        "metadata_sha256": dataset.metadata_sha256},
            "plugins": own["plugins"],
            "plugins_used": own["plugins_used"],
            "options": dict(sorted(options.items())),
        }

    def framework_provenance(self, framework: Framework) -> dict[str, Any]:
        """What ``framework`` as loaded rests on, as a result records it: engine, framework, plugins.

        ``engine_version``, ``framework`` (id, version, hashes, lineage), ``plugins`` (every
        registered one with its version and data files' SHA-256) and ``plugins_used``: the
        provenance of a result without its dataset and options, shared with the criteria set's
        annex (``framework show``) so the two can be matched.
        """
        from . import __version__

        # the plugins of the framework's indicators, scorers, applied regulation versions (its own are in its
        # resolved hash) and aggregation rules (the built-in rules are the engine's: engine_version names them)
        rules = {node.aggregator.plugin for node in (*framework.criteria, *framework.pillars, framework)}
        rules |= {v.regulation.plugin for n in framework.indicators if n.threshold for v in n.threshold.versions
                  if not v.regulation.plugin.startswith("framework:")}
        used = sorted({n.indicator.plugin for n in framework.indicators} | {n.scorer.plugin for n in
                      framework.indicators} | (rules - {"", "villagescore"}))
        files = getattr(self.registry, "data_files", {})
        plugins = [{"name": name, "version": version, **({"files": files[name]} if files.get(name) else {})}
                   for name, version in sorted(self.registry.plugin_versions.items())]
        return {
            "engine_version": __version__,
            "framework": {"id": framework.id, "version": framework.version, "sha256": framework.sha256,
                          "status": framework.status, "resolved_sha256": framework.resolved_sha256,
                          "lineage": [dict(item) for item in framework.lineage]},
            "plugins": plugins,
            "plugins_used": used,
        }

def _sector_membership(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """Sector id → boolean mask of the rows whose ``sectors`` cell (``a;b``) names it.

    The cells are factorised first (once per frame while it is scored: :func:`~.model.column_codes`),
    so the text is split once per distinct combination, not once per village.
    """
    if "sectors" not in frame.columns or len(frame) == 0:
        return {}
    codes, uniques = column_codes(frame, "sectors")
    members: dict[str, np.ndarray] = {}
    for k, cell in enumerate(uniques):
        for part in str(cell).split(";"):
            sector = part.strip()
            if sector:
                members.setdefault(sector, np.zeros(len(uniques) + 1, dtype=bool))[k] = True
    # code -1 (an empty cell) reads the trailing False
    return {sector: table[codes] for sector, table in members.items()}
