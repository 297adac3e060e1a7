"""The tables a comparison works on: runs, one row per observation, and score matrices per level.

A :class:`ScoreTable` holds

* ``runs`` — one :class:`Run` per loaded result: its framework (id, version, sha256),
  tiers and node ids;
* ``villages`` — one row per *observation* (a village-year of one run): identity columns,
  the overall score, coverage and rating;
* per run, one :class:`Level` per node level (pillar, criterion, indicator): a matrix of
  scores (observations × nodes, rounded as in result files), status codes, and for
  indicators the effective overall weight and the contribution. The indicator level may be
  left out (``None``) or computed on first use: only the side-by-side view needs it.

:meth:`ScoreTable.scores` stacks the runs' matrices on the nodes they share; :attr:`ScoreTable.nodes`
gives the long form (one row per observation and node) for inspection and tests.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ResultFileError, VillageScoreError, said
from ..i18n import N_
from ..numbers import round_like_python

__all__ = ["Run", "Level", "ScoreTable", "sorted_keys", "ResultFileError", "LEVELS", "GROUP_BY", "TIE_RULE", "UNRATED",
           "NOT_RECORDED", "STATUS", "left_out_count", "plugin_versions_used", "rounded", "scoring_options",
           "status_codes"]

#: Node levels below the overall score, in tree order.
LEVELS = ("pillar", "criterion", "indicator")
#: Grouping keys of ``compare(by=...)``.
GROUP_BY = ("province", "commune", "sector", "former_district")
#: The documented tie rule (also written into every comparison).
TIE_RULE = ("competition ranking (1224) of scores as printed: 2 decimals, or as many as keep a score below a tier's "
            "minimum it misses (59.9999, not 60.00), so villages tie only when printed alike and on the same side of "
            "every minimum; best first; tied villages are listed by village id, then year; villages without a score "
            "are listed last, unranked")
#: Tier key for villages without a rating (missing overall score).
UNRATED = "unrated"
#: Group key for villages where the grouping column is empty.
NOT_RECORDED = "(not recorded)"
_ID_COLS = ("name", "commune", "province", "former_province", "former_district", "former_commune")

#: Status codes of :attr:`Level.status`.
STATUS = np.array(["scored", "missing", "not_applicable"], dtype=object)


@dataclass(frozen=True)
class Run:
    """One loaded result: where it came from and the framework that produced it."""

    label: str
    framework_id: str
    framework_version: str
    framework_sha256: str | None
    tiers: tuple[dict[str, Any], ...]
    pillars: tuple[dict[str, Any], ...]
    criteria: tuple[str, ...]
    indicators: tuple[str, ...]
    dataset_sha256: str | None = None
    engine_version: str | None = None
    #: Dataset rows ``--keep-going`` left out of this result (``provenance.rows_left_out``): not compared.
    rows_left_out: int = 0
    #: The options that change the scores: ``unverified_limits`` (the policy applied) and ``as_of`` (if given).
    scoring: tuple[tuple[str, str], ...] = ()
    #: ``(gate id, cap tier id)`` of the framework's gates, where the source records them.
    gate_caps: tuple[tuple[str, str], ...] = ()
    #: The tiers with their pillar minimums (``min_pillar_score``, ``min_pillar_scores``) as far as the source
    #: records them (a fresh result, a result file, the store, ``compare --framework``; an older file in part);
    #: ``()``: :attr:`tiers` only.
    #: Not part of the run's identity: a store and a file of the same result record them differently.
    tier_rules: tuple[dict[str, Any], ...] = field(default=(), compare=False)
    #: What the canonical run order (:mod:`.run_order`) reads in place of :attr:`label` when the label is said in
    #: the comparison's language (a store's evaluations: ``store #N``); ``None``: the label itself.
    order_label: str | None = field(default=None, compare=False)
    #: The hash of the framework as the plugins and catalogue files completed it (``provenance.framework.
    #: resolved_sha256``), ``None`` where the source does not record it.
    resolved_sha256: str | None = None
    #: ``name==version`` of the plugins the framework used (:func:`plugin_versions_used`); ``()``: not recorded.
    plugins_used: tuple[str, ...] = ()
    #: The result's ``provenance`` as it records it (engine, framework with its resolved hash and lineage, dataset
    #: and rows hashes, plugins with their files, options, the unverified-limits policy applied, rows left out);
    #: ``{}``: not recorded. Written into the comparison as it is: a result's own format, not a summary of it.
    provenance: Mapping[str, Any] = field(default_factory=dict, compare=False)
    #: The regulation versions the framework's thresholds apply, by id (a result file's header ``regulations``).
    regulations: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @property
    def bases(self) -> tuple[dict[str, str], ...]:
        """``{id, version, sha256}`` of each file an overlay framework extends, base first.

        ``provenance.framework.lineage`` without its last entry (the file itself); ``()``: not an
        overlay, or not recorded.
        """
        lineage = (self.provenance.get("framework") or {}).get("lineage") or ()
        return tuple({k: str(x.get(k)) for k in ("id", "version", "sha256")}
                     for x in list(lineage)[:-1] if isinstance(x, Mapping))

    @property
    def signature(self) -> tuple[str, str, str | None, tuple[str, ...]]:
        """Framework id, version, sha256 and its bases' sha256: two runs compare like for like when these agree.

        An overlay file is the same framework only over the same base files: a base that changed (a tier's
        minimum) changes what the overlay's scores mean.
        """
        return (self.framework_id, self.framework_version, self.framework_sha256,
                tuple(b["sha256"] for b in self.bases))

    @property
    def framework(self) -> dict[str, Any]:
        """The framework as a comparison names it: ``{id, version, sha256}``, with ``bases`` for an overlay's."""
        return {"id": self.framework_id, "version": self.framework_version, "sha256": self.framework_sha256,
                **({"bases": list(self.bases)} if self.bases else {})}

    @property
    def pillar_ids(self) -> tuple[str, ...]:
        """Pillar ids in framework order."""
        return tuple(p["id"] for p in self.pillars)

    def describe(self) -> dict[str, Any]:
        """The run as written into a comparison (``runs[]``): what it is, how it was scored, what it rests on.

        ``scoring``: the options that change its scores (:attr:`scoring`); ``provenance`` and ``regulations``:
        the result's own, as it records them, so a comparison can be verified and reproduced from its file —
        their keys sorted at every level (lists keep their order): the same document read from a file
        whose keys come in another order (``jq -S``) gives the same comparison, byte for byte.
        """
        return {"label": self.label,
                "framework": {"id": self.framework_id, "version": self.framework_version,
                              "sha256": self.framework_sha256},
                "dataset_sha256": self.dataset_sha256, "engine_version": self.engine_version,
                "scoring": dict(self.scoring), "provenance": sorted_keys(self.provenance),
                "regulations": sorted_keys(self.regulations)}


def sorted_keys(value: Any) -> Any:
    """``value`` with the keys of every mapping in it sorted, recursively; lists keep their order."""
    if isinstance(value, Mapping):
        return {str(k): sorted_keys(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, list | tuple):
        return [sorted_keys(v) for v in value]
    return value


def scoring_options(provenance: Any) -> tuple[tuple[str, str], ...]:
    """The options of a result that change its scores, as ``(option, value)`` pairs (:attr:`Run.scoring`).

    ``unverified_limits``: the policy applied to values whose limit is unverified (``score`` when
    the provenance records none: a framework's own ``score`` is not recorded); ``as_of``: the
    reference date, when one was given.
    """
    prov = provenance if isinstance(provenance, dict) else {}
    policy = (prov.get("unverified_limits") or {}).get("policy") if isinstance(prov.get("unverified_limits"),
                                                                              dict) else None
    as_of = (prov.get("options") or {}).get("as_of") if isinstance(prov.get("options"), dict) else None
    return (("unverified_limits", str(policy or "score")),) + ((("as_of", str(as_of)),) if as_of else ())


def plugin_versions_used(provenance: Any, *, unrecorded_as_all: bool = True) -> tuple[str, ...]:
    """``name==version`` of the plugins a result's framework used, by name (``?``: version not recorded).

    A catalogue file's version holds the first digits of its SHA-256, so two results scored with
    different bytes of one catalogue differ here. Older results without ``plugins_used`` name every
    registered plugin (``provenance.plugins``; the store's evaluation key), or none with
    ``unrecorded_as_all=False`` (:attr:`Run.plugins_used`: such a result is not judged); ``()``
    when neither is recorded.
    """
    prov = provenance if isinstance(provenance, dict) else {}
    listed = prov.get("plugins") if isinstance(prov.get("plugins"), list) else []
    versions = {p["name"]: p.get("version") for p in listed if isinstance(p, dict) and "name" in p}
    used = prov.get("plugins_used")
    if not isinstance(used, list) and not unrecorded_as_all:
        return ()
    names = sorted(str(n) for n in used) if isinstance(used, list) else sorted(versions)
    return tuple(f"{n}=={versions.get(n) or '?'}" for n in names)


def left_out_count(provenance: Any) -> int:
    """How many dataset rows ``--keep-going`` left out of a result (its ``provenance.rows_left_out``)."""
    left = provenance.get("rows_left_out") if isinstance(provenance, dict) else None
    count = left.get("count") if isinstance(left, dict) else None
    return count if isinstance(count, int) and count > 0 else 0


def rounded(values: Any, digits: int = 4) -> np.ndarray:
    """Round as the result document does (4 decimals for scores, 6 for weights; no -0.0).

    The same function as the JSON writer's (:func:`~villagescore.numbers.round_like_python`),
    so that a comparison made from a dataset and one made from its saved result are identical
    (numpy's ``round`` differs from it next to a half: 26.49385000…2 is 26.4938 there).
    """
    return round_like_python(values, digits)


def status_codes(score: np.ndarray, na: np.ndarray) -> np.ndarray:
    """0 scored, 1 missing, 2 not applicable (the rows of :data:`STATUS`)."""
    out = np.isnan(score).astype(np.int8)  # one byte a cell: 1 where missing
    out[np.asarray(na, dtype=bool)] = 2
    return out


@dataclass
class Level:
    """The nodes of one level of one run: ids, placement and ``(observations, nodes)`` matrices."""

    ids: tuple[str, ...]
    pillar: tuple[str | None, ...]
    criterion: tuple[str | None, ...]
    score: np.ndarray
    status: np.ndarray
    weight: np.ndarray | None = None
    contribution: np.ndarray | None = None
    #: Indicators only: the id of the regulation version applied (``""``: none in force; ``None``: not regulated,
    #: not applicable, or not recorded), and each regulation's document (``{id: document}``).
    regulation: np.ndarray | None = None
    documents: dict[str, str] = field(default_factory=dict)
    #: Indicators only: the source recorded the versions applied only in part (a store evaluation written
    #: before its schema version 3): a change of regulation may go unflagged.
    regulations_partial: bool = False

    def columns(self, ids: Sequence[str], what: str = "score", rows: np.ndarray | None = None) -> np.ndarray:
        """The matrix ``what`` restricted to ``ids`` (NaN for an id this level lacks); ``rows``: only these rows."""
        values = getattr(self, what)
        pos = {x: k for k, x in enumerate(self.ids)}
        cols = [pos.get(x, -1) for x in ids]
        at = [max(c, 0) for c in cols]
        # one take of the cells wanted (a copy either way)
        out = (values[:, at] if rows is None else values[np.ix_(rows, at)]).astype(float, copy=False)
        missing = [k for k, c in enumerate(cols) if c < 0]
        if missing:
            out[:, missing] = np.nan
        return out


LevelSource = Level | Callable[[], Level] | None


def regulation_level(indicators: Sequence[Any], regulation: np.ndarray | None, documents: dict[str, str],
                     *, regulated_only: bool = False) -> Level:
    """A level of the versions applied alone (no scores), kept when the indicator level is not loaded.

    ``indicators``: the framework's (nodes or their JSON objects); over-time changes read it
    (:meth:`ScoreTable.regulation_ids`), nothing else does. Stored under the key ``"regulation"``.
    ``regulated_only``: ``regulation`` has a column per regulated indicator only already.
    """
    keep = [j for j, x in enumerate(indicators)
            if ("versions" in x if isinstance(x, Mapping) else x.threshold is not None)]  # regulated ones only
    ids = tuple(x["id"] if isinstance(x, Mapping) else x.id for x in (indicators[j] for j in keep))
    none = (None,) * len(ids)
    if regulation is not None and not regulated_only:
        regulation = regulation[:, keep]
    return Level(ids, none, none, np.empty((0, len(ids))), np.empty((0, len(ids)), dtype=np.int8),
                 regulation=regulation, documents=documents)


@dataclass
class ScoreTable:
    """Runs, observations and per-run level matrices (see the module docstring)."""

    runs: list[Run]
    villages: pd.DataFrame
    levels: list[dict[str, LevelSource]]
    _sizes: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        if not self._sizes:
            self._sizes = [len(self.villages)] if len(self.levels) == 1 else []

    def __len__(self) -> int:
        return len(self.villages)

    def __repr__(self) -> str:  # a notebook shows this, not the observations and matrices
        from ..reprs import counted, short_repr

        labels = ", ".join(repr(r.label) for r in self.runs[:5]) + (", …" if len(self.runs) > 5 else "")
        frameworks = sorted({f"{r.framework_id} {r.framework_version}" for r in self.runs})
        return short_repr("ScoreTable", None, None, f"{counted(len(self.runs), 'run')} ({labels})",
                          counted(len(self), "observation"), frameworks=", ".join(frameworks))

    def level(self, part: int, name: str) -> Level:
        """Level ``name`` of run ``part`` (computed on first use when it was deferred)."""
        got = self.levels[part].get(name)
        if callable(got):
            got = got()
            self.levels[part][name] = got
        if got is None:
            raise said(VillageScoreError, N_("the {level} level was not loaded (load the results with "
                                             "indicators=True)"), level=name)
        return got

    def scores(self, name: str, ids: Sequence[str], obs: Sequence[int] | None = None, what: str = "score"
               ) -> np.ndarray:
        """``(observations, ids)`` matrix of ``what`` (score, weight, contribution) at level ``name``.

        ``obs``: only these observations, in this order (default: all, in observation order).
        """
        bounds = np.cumsum([0, *self._sizes])
        if obs is None:
            blocks = [self.level(k, name).columns(ids, what) for k in range(len(self.levels))]
            return np.vstack(blocks) if blocks else np.empty((0, len(ids)))
        obs = np.asarray(obs, dtype=np.int64)
        if len(self._sizes) == 1 and len(obs) and obs.min() >= 0 and obs.max() < self._sizes[0]:
            return self.level(0, name).columns(ids, what, obs)  # one run: the observations are its rows
        out = np.full((len(obs), len(ids)), np.nan)
        part = np.searchsorted(bounds, obs, side="right") - 1
        for k in np.unique(part).tolist():
            sel = np.flatnonzero(part == k)
            out[sel] = self.level(k, name).columns(ids, what, obs[sel] - bounds[k])
        return out

    def regulations_of(self, obs: Sequence[int]) -> list[dict[str, tuple[str, str | None, Any]]]:
        """Per observation, ``{indicator: (regulation id, document, title)}`` of the versions applied (regulated only).

        An observation whose result did not record them (a version-1 file without them) gives
        ``{}``; ``""`` is the id when no version was in force. ``title``: the version's declared
        ``{vi, en}`` title as its run records it (:attr:`Run.regulations`), ``None`` without one.
        """
        bounds = np.cumsum([0, *self._sizes])
        out: list[dict[str, tuple[str, str | None, Any]]] = []
        for o in obs:
            k = int(np.searchsorted(bounds, o, side="right") - 1)
            lv = self.level(k, "indicator") if self.levels[k].get("indicator") is not None else None
            if lv is None or lv.regulation is None:
                out.append({})
                continue
            row = lv.regulation[int(o) - int(bounds[k])]
            declared = self.runs[k].regulations if k < len(self.runs) else {}
            out.append({x: (r, lv.documents.get(r), (declared.get(r) or {}).get("title"))
                        for x, r in zip(lv.ids, row, strict=True) if r is not None})
        return out

    def regulation_ids(self, ids: Sequence[str], obs: Sequence[int]) -> np.ndarray:
        """``(observations, ids)`` object matrix of the regulation version id applied (see :class:`Level`).

        ``None`` where the indicator is not regulated there, not applicable, or not recorded (a run
        whose indicator level was not loaded); whole blocks taken run by run, no loop over observations.
        """
        bounds = np.cumsum([0, *self._sizes])
        obs = np.asarray(obs, dtype=np.int64)
        out = np.empty((len(obs), len(ids)), dtype=object)  # every cell None (np.full fills them one by one)
        part = np.searchsorted(bounds, obs, side="right") - 1
        for k in np.unique(part).tolist():
            lv = self._regulation_level(k)
            if lv is None:
                continue
            pos = {x: c for c, x in enumerate(lv.ids)}
            wanted = [(a, pos[x]) for a, x in enumerate(ids) if x in pos]
            if not wanted:
                continue
            sel = np.flatnonzero(part == k)
            cols, own = (list(c) for c in zip(*wanted, strict=True))
            out[np.ix_(sel, cols)] = lv.regulation[np.ix_(obs[sel] - bounds[k], own)]
        return out

    def scored_where_known(self, ids: Sequence[str], obs: Sequence[int]) -> np.ndarray:
        """``(observations, ids)`` bool matrix: the indicator was scored there (it has a score).

        Known only for runs loaded with their indicator level; elsewhere ``True`` (unknown): the
        versions applied alone do not say whether an indicator was scored or left out, and the
        indicator level is not built for that (national runs load without it).
        """
        bounds = np.cumsum([0, *self._sizes])
        obs = np.asarray(obs, dtype=np.int64)
        out = np.ones((len(obs), len(ids)), dtype=bool)
        part = np.searchsorted(bounds, obs, side="right") - 1
        for k in np.unique(part).tolist():
            if self.levels[k].get("indicator") is None:
                continue
            sel = np.flatnonzero(part == k)
            out[sel] = ~np.isnan(self.level(k, "indicator").columns(ids, "score", obs[sel] - bounds[k]))
        return out

    def regulated(self, ids: Sequence[str]) -> list[str]:
        """The ids among ``ids`` that some run records a regulation version of (see :meth:`regulation_ids`)."""
        found: set[str] = set()
        for k in range(len(self.levels)):
            lv = self._regulation_level(k)
            if lv is not None:
                found.update(x for x, on in zip(lv.ids, pd.notna(lv.regulation).any(axis=0), strict=True) if on)
        return [x for x in ids if x in found]

    def _regulation_level(self, k: int) -> Level | None:
        """Run ``k``'s level that holds the versions applied: its versions alone, else its indicators.

        The versions alone first: a result's indicator level is built only when asked for (national
        matrices of scores and contributions), its versions are cheap.
        """
        for name in ("regulation", "indicator"):
            if self.levels[k].get(name) is not None and self.level(k, name).regulation is not None:
                return self.level(k, name)
        return None

    def partial_regulations(self, obs: Sequence[int]) -> list[str]:
        """The labels of the runs of ``obs`` whose versions applied are recorded only in part (see :class:`Level`)."""
        bounds = np.cumsum([0, *self._sizes])
        parts = sorted({int(np.searchsorted(bounds, o, side="right") - 1) for o in obs})
        return [self.runs[k].label for k in parts
                if self.levels[k].get("indicator") is not None and self.level(k, "indicator").regulations_partial]

    @property
    def nodes(self) -> pd.DataFrame:
        """The long form of every observation (see :meth:`nodes_of`)."""
        return self.nodes_of(None)

    def nodes_of(self, obs: Sequence[int] | None) -> pd.DataFrame:
        """The long form: one row per observation and node.

        Columns obs, level, node, pillar, criterion, score, status, weight, contribution; run by
        run, pillars then criteria then indicators, observations in order. ``obs``: only these
        observations. Levels that were not loaded are left out.
        """
        frames = []
        bounds = np.cumsum([0, *self._sizes])
        wanted = None if obs is None else np.unique(np.asarray(list(obs), dtype=np.int64))
        for k in range(len(self.levels)):
            rows = np.arange(self._sizes[k]) if wanted is None else (
                wanted[(wanted >= bounds[k]) & (wanted < bounds[k + 1])] - bounds[k])
            if len(rows) == 0:
                continue
            for name in LEVELS:
                if self.levels[k].get(name) is None:
                    continue
                lv = self.level(k, name)
                n, m = len(rows), len(lv.ids)
                nan = np.full(n * m, np.nan)
                frames.append(pd.DataFrame({
                    "obs": np.repeat(rows + bounds[k], m), "level": name,
                    "node": np.tile(np.asarray(lv.ids, dtype=object), n),
                    "pillar": np.tile(np.asarray(lv.pillar, dtype=object), n),
                    "criterion": np.tile(np.asarray(lv.criterion, dtype=object), n),
                    "score": lv.score[rows].reshape(-1), "status": STATUS[lv.status[rows].reshape(-1)],
                    "weight": nan if lv.weight is None else lv.weight[rows].reshape(-1),
                    "contribution": nan if lv.contribution is None else lv.contribution[rows].reshape(-1),
                }))
        if not frames:
            return pd.DataFrame(columns=["obs", "level", "node", "pillar", "criterion", "score", "status", "weight",
                                         "contribution"])
        return pd.concat(frames, ignore_index=True)
