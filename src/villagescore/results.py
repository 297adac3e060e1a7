"""The Result of an evaluation, and its plain forms (dict/JSON, tables).

A Result keeps the engine's arrays (one row per village-year, sorted by village id then
year) and turns them into the documented JSON shape (``schemas/result.schema.json``) or
into pandas tables for reports. Numbers are rounded for output only (scores and weights
to 4 and 6 decimals); the same inputs always give byte-identical output.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .frame_columns import Columns, copies_on_write, with_text_dtype
from .gating import fired_lists
from .i18n import check_language
from .model import Framework
from .numbers import json_number, round_like_python
from .report_heads import RESULT_IDENTITY as _IDENTITY
from .unverified import scored_unverified_counts

__all__ = ["Result", "STATUS_SCORED", "STATUS_MISSING", "STATUS_NA", "to_json_bytes", "fired_lists"]

STATUS_SCORED = "scored"
STATUS_MISSING = "missing"
STATUS_NA = "not_applicable"


def _value(x: Any) -> Any:
    if x is None or x is pd.NA or x is pd.NaT or (isinstance(x, float) and math.isnan(x)):
        return None
    if isinstance(x, (np.floating, float)):
        return json_number(x, 6)
    if isinstance(x, (np.integer,)):
        return int(x)
    return x if isinstance(x, str) else str(x)


def to_json_bytes(obj: Any) -> bytes:
    """Serialise to UTF-8 JSON, keys in a fixed order, 2-space indent, trailing newline."""
    return (json.dumps(obj, ensure_ascii=False, indent=2, allow_nan=False) + "\n").encode("utf-8")


@dataclass
class Result:
    """Scores of every village-year, with the framework and provenance that produced them."""

    framework: Framework
    frame: pd.DataFrame
    matrix: Any
    tree: Any
    fired: np.ndarray
    rating: np.ndarray
    provenance: dict[str, Any]
    #: improvement plans by row, computed by the command that asked for them (reports only show them)
    plans: dict[int, Any] = field(default_factory=dict, repr=False, compare=False)
    #: how many village-years have no plan because the command limited the number it computed
    plans_omitted: int = 0
    #: (villages, gates) status codes (``villagescore.kernel.GATE_STATUSES``); ``None``: derived from ``fired``
    gate_status: np.ndarray | None = field(default=None, repr=False, compare=False)
    #: per village-year, the inputs (fields feeding a scored indicator or choosing its limit), estimates among them
    inputs: np.ndarray | None = field(default=None, repr=False, compare=False)
    estimated: np.ndarray | None = field(default=None, repr=False, compare=False)
    #: ``{sector id: {"vi": …, "en": …}}`` for the sectors the rows name (from the plugins that registered them)
    sector_labels: dict[str, dict[str, str]] = field(default_factory=dict, repr=False, compare=False)
    #: ``{indicator id: {code: {"vi": …, "en": …}}}``: categories of a labelled category field (``label (code)``)
    value_labels: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict, repr=False, compare=False)
    #: ``{field id: {"vi": …, "en": …}}`` for the fields the regulations' transitional rules name (label beside id)
    field_labels: dict[str, dict[str, str]] = field(default_factory=dict, repr=False, compare=False)
    #: what the data's validator warned of (plausibility checks, a fraction in a % column …; ``format(lang)``
    #: says each) and the reader's notes: :func:`villagescore.evaluate` keeps them (the command line prints them)
    warnings: Any = field(default_factory=list, repr=False, compare=False)
    notes: list[Any] = field(default_factory=list, repr=False, compare=False)

    def __repr__(self) -> str:  # a notebook shows this, not the framework and the matrices
        years = sorted({int(y) for y in self.frame["year"]}) if "year" in self.frame.columns and len(self) else []
        span = "" if not years else f", years {years[0]}" + (f"–{years[-1]}" if len(years) > 1 else "")
        villages = self.frame["village_id"].nunique() if "village_id" in self.frame.columns else 0
        return (f"Result(framework='{self.framework.id} {self.framework.version}', {len(self)} village-years, "
                f"{villages} villages{span})")

    @property
    def estimated_share(self) -> np.ndarray:
        """Per village-year, the share of scoring inputs that are estimates (NaN without inputs or metadata)."""
        return self.estimated_shares()

    def estimated_shares(self, rows: slice | None = None) -> np.ndarray:
        """:attr:`estimated_share` of ``rows`` alone (the same numbers; a chunk of a long output need not build all)."""
        rows = slice(None) if rows is None else rows
        if self.inputs is None or self.estimated is None:
            return np.full(len(range(len(self))[rows]), np.nan)
        inputs, estimated = self.inputs[rows], self.estimated[rows]
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(inputs > 0, estimated / np.maximum(inputs, 1), np.nan)

    def estimates_warning(self, i: int | None = None) -> bool:
        """True when row ``i`` (or any row) rests mostly on estimates (``quality.ESTIMATED_WARNING``)."""
        from .quality import ESTIMATED_WARNING

        if i is None:
            return bool(np.any(self.estimated_share >= ESTIMATED_WARNING))
        return bool(self._row_share(i) >= ESTIMATED_WARNING)

    def _row_share(self, i: int) -> float:
        """:attr:`estimated_share` of row ``i`` alone (per-row callers must not rebuild the whole column)."""
        if self.inputs is None or self.estimated is None or not self.inputs[i] > 0:
            return math.nan
        return float(self.estimated[i] / max(self.inputs[i], 1))

    # ---- small accessors ----

    def __len__(self) -> int:
        return len(self.frame)

    def rating_id(self, i: int) -> str | None:
        """The tier id of row ``i``, or ``None`` when its overall score is missing."""
        t = int(self.rating[i])
        tier = self.framework.outcome(t)
        return None if tier is None else tier.id

    def row(self, village_id: str, year: int | None = None) -> int:
        """Return the row index of a village (its latest year unless ``year`` is given)."""
        ids = self.frame["village_id"].to_numpy()
        rows = np.flatnonzero(ids == village_id)
        if year is not None:
            rows = [r for r in rows if int(self.frame["year"].iat[r]) == int(year)]
        if len(rows) == 0:
            from .errors import UnknownIdError, said
            from .i18n import N_

            known = ", ".join(sorted(set(ids))[:20])
            if year is None:
                raise said(UnknownIdError, N_("village {village!r} is not in the result; known: {known}"),
                           village=village_id, known=known)
            years = sorted({int(y) for y in self.frame["year"].to_numpy()[ids == village_id]})
            if years:  # the village is there, the year is not: its years
                raise said(UnknownIdError, N_("village {village!r} has no result in {year}; its years: {years}"),
                           village=village_id, year=year, years=", ".join(map(str, years)))
            raise said(UnknownIdError, N_("village {village!r} in {year} is not in the result; known: {known}"),
                       village=village_id, year=year, known=known)
        return int(rows[-1])

    def indicator_status(self, rows: slice | None = None) -> np.ndarray:
        """Return a ``(villages, indicators)`` array of status strings (``rows``: only these village-years)."""
        rows = slice(None) if rows is None else rows
        code = np.where(~self.matrix.applicable[rows], 2, np.where(self.matrix.present[rows], 0, 1))
        return np.array([STATUS_SCORED, STATUS_MISSING, STATUS_NA], dtype=object)[code]

    def overall_weights(self, rows: slice | np.ndarray | None = None) -> np.ndarray:
        """Each indicator's effective weight in the overall score, per village (rows sum to 1).

        ``rows``: these village-years, a slice or indices (the same numbers as those rows of the whole); all rows
        are built once per pattern of weight inputs (:meth:`~.engine.TreeScores.weight_patterns`), column-major.
        """
        if rows is None:
            which, first = self.tree.weight_patterns()
            return np.take(self.overall_weights(first).T, which, axis=1).T  # column-major: a row sums as before
        t, fw = self.tree, self.framework
        crit_of = np.repeat(np.arange(len(fw.criteria)), [len(c.indicators) for c in fw.criteria])
        pill_of = np.repeat(np.arange(len(fw.pillars)), [len(p.criteria) for p in fw.pillars])
        return (t.weights("indicator", rows) * t.weights("criterion", rows)[:, crit_of]
                * t.weights("pillar", rows)[:, pill_of[crit_of]])

    def per_indicator(self, rows: slice | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Status, overall weight and contribution of every indicator, ``(villages, indicators)`` each.

        Pass the tuple as ``cache`` to :meth:`village_dict` when rendering many villages;
        ``rows``: only the village-years ``rows`` (a slice from the first row, for the first ones).
        """
        return self.indicator_status(rows), self.overall_weights(rows), self.contributions(rows)

    def contributions(self, rows: slice | None = None) -> np.ndarray:
        """Points each indicator adds to the overall score (exact for weighted arithmetic)."""
        scores = self.matrix.scores if rows is None else self.matrix.scores[rows]
        return np.nan_to_num(self.overall_weights(rows) * scores)

    def applied_versions(self, j: int, rows: slice | None = None) -> np.ndarray | None:
        """Per row, the index in ``threshold.versions`` of indicator ``j``'s version applied (-1: none in force).

        ``rows``: only those village-years (a report's profiles), decided on their rows alone
        unless every row's answer is already known.
        """
        node = self.framework.indicators[j]
        if node.threshold is None:
            return None
        cache = self.__dict__.setdefault("_versions", {})
        if j in cache:
            return cache[j] if rows is None else cache[j][rows]
        if rows is None:
            cache[j] = node.threshold.version_index(self.frame)
            return cache[j]
        key = (j, rows.start, rows.stop, rows.step)
        if key not in cache:
            self._versions_of_rows(rows, cache)
        return cache[key]

    def _versions_of_rows(self, rows: slice, cache: dict[Any, np.ndarray]) -> None:
        """:meth:`applied_versions` of every indicator with a threshold on ``rows``, into ``cache``.

        One frame of those rows for all (a report asks for each), read once (:func:`~.model.frame_memo`).
        """
        from .model import frame_memo

        part = self.frame.iloc[rows]
        with frame_memo():
            for j, node in enumerate(self.framework.indicators):
                if node.threshold is not None:
                    cache[(j, rows.start, rows.stop, rows.step)] = node.threshold.version_index(part)

    def estimates_summary(self, i: int) -> dict[str, Any]:
        """How much of row ``i``'s score rests on estimated inputs (``docs/datasets.md``, quality flags)."""
        if self.inputs is None or self.estimated is None:
            return {"inputs": None, "estimated": None, "share": None, "warning": False}
        return {"inputs": int(self.inputs[i]), "estimated": int(self.estimated[i]),
                "share": json_number(self._row_share(i)), "warning": self.estimates_warning(i)}

    def gate_state(self, i: int, k: int) -> str:
        """The status of gate ``k`` for row ``i``: not_applicable, passed, failed, missing or unknown."""
        from .kernel import GATE_STATUSES

        if self.gate_status is None:
            return "failed" if self.fired[i, k] else "passed"
        return GATE_STATUSES[int(self.gate_status[i, k])]

    def gate_limit(self, i: int, k: int) -> float | None:
        """The legal limit gate ``k`` held row ``i`` to (``None``: unknown there, or the gate writes a number)."""
        bound = self.matrix.gate_limits.get(k)
        return None if bound is None else json_number(bound[i])

    def gate_limit_applied(self, i: int, k: int, rows: slice | None = None) -> dict[str, Any]:
        """``{"limit": value, "limit_regulation": id}``: the limit gate ``k`` held row ``i`` to and its version.

        ``None`` for either where no version applies; the value is also ``None`` where the version
        applied has no value for the gate's column. ``rows``: as for :meth:`applied_versions` (row
        ``i`` is one of them).
        """
        gate = self.framework.gates[k]
        j = [node.id for node in self.framework.indicators].index(gate.indicator)
        version = int(self.applied_versions(j, rows)[i if rows is None else i - (rows.start or 0)])
        regulation = gate.limit.threshold.versions[version].regulation.id if version >= 0 else None
        return {"limit": self.gate_limit(i, k), "limit_regulation": regulation}

    def gate_states(self) -> np.ndarray:
        """A ``(villages, gates)`` array of status names, as :meth:`gate_state` gives one of them."""
        from .kernel import GATE_STATUSES

        if self.gate_status is None:
            return np.where(self.fired, "failed", "passed").astype(object)
        return np.asarray(GATE_STATUSES, dtype=object)[np.asarray(self.gate_status, dtype=int)]

    # ---- plain forms ----

    def to_dict(self, *, lang: str = "en") -> dict[str, Any]:
        """Return the result document (``schemas/result.schema.json``, version 2) as one dict.

        The document's tables carry every language, so ``lang`` changes nothing (kept for callers).
        For large results write the document with :func:`villagescore.resultdoc.write_json` instead.
        """
        from .resultdoc import to_document

        check_language(lang)
        return to_document(self)

    def village_dict(self, i: int, *, lang: str = "en", cache: tuple | None = None) -> dict[str, Any]:
        """Return one village-year with every detail spelled out, for reports (``cache``: :meth:`per_indicator`).

        The expanded, per-village form of version 1 of the result document: each indicator
        as an object with its id, unit and references. The result document itself
        (:meth:`to_dict`) keeps those once, in document-level tables.
        """
        from .indicator_flags import applied_regulation

        check_language(lang)
        fw = self.framework
        t = self.tree
        f = self.frame
        all_status, all_weights, all_contrib = cache or self.per_indicator()
        status, weights, contrib = all_status[i], all_weights[i], all_contrib[i]
        rows = slice(0, len(all_status)) if len(all_status) < len(self) else None  # the rows the cache covers
        ident = {c: (None if c not in f.columns or pd.isna(x := f[c].iat[i]) else x) for c in _IDENTITY}
        tier = self.rating_id(i)
        out: dict[str, Any] = {
            "village_id": str(ident["village_id"]), "name": ident["name"],
            "commune": ident["commune"],
            "province": ident["province"],
            "former_commune": ident["former_commune"],
            "former_district": ident["former_district"],
            "former_province": ident["former_province"],
            "sectors": [s for s in str(ident["sectors"] or "").split(";") if s],
            "year": int(ident["year"]),
            "overall": {
                "score": json_number(t.overall_score[i]),
                "coverage": json_number(t.overall_coverage[i]),
                "rating": tier,
                "rating_label": None if tier is None else fw.tier(tier).label[lang],
            },
            "estimates": self.estimates_summary(i),
            "pillars": {
                p.id: {"score": json_number(t.pillar_score[i, k]), "coverage": json_number(t.pillar_coverage[i, k]),
                       "status": _node_status(t.pillar_score[i, k], t.pillar_na[i, k])}
                for k, p in enumerate(fw.pillars)
            },
            "criteria": {
                c.id: {"pillar": c.pillar, "score": json_number(t.criterion_score[i, k]),
                       "coverage": json_number(t.criterion_coverage[i, k]),
                       "status": _node_status(t.criterion_score[i, k], t.criterion_na[i, k])}
                for k, c in enumerate(fw.criteria)
            },
            "indicators": [
                {
                    "id": node.id, "pillar": node.pillar, "criterion": node.criterion,
                    "value": _value(self.matrix.values[j][i]) if status[j] != STATUS_NA else None,
                    "unit": node.indicator.unit,
                    "score": json_number(self.matrix.scores[i, j]), "status": str(status[j]),
                    "weight": json_number(weights[j], 6), "contribution": json_number(contrib[j]),
                    **applied_regulation(self, i, j, str(status[j]), rows),
                    "references": [dict(r) for r in node.references],
                }
                for j, node in enumerate(fw.indicators)
            ],
            "gates": [
                {"id": g.id, "indicator": g.indicator, "rule": g.rule, "fired": bool(self.fired[i, k]),
                 "status": self.gate_state(i, k), "cap": g.cap,
                 **(self.gate_limit_applied(i, k, rows) if k in self.matrix.gate_limits else {})}
                for k, g in enumerate(fw.gates)
            ],
        }
        return out

    def to_json(self, *, lang: str = "en", pretty: bool | None = None) -> bytes:
        """Return the result document as UTF-8 JSON bytes (deterministic; see :func:`.resultdoc.write_json`)."""
        import io

        from .resultdoc import write_json

        buf = io.BytesIO()
        write_json(self, buf, pretty=pretty)
        return buf.getvalue()

    def to_frame(self, *, lang: str = "en", criteria: bool = True, index: bool = False) -> pd.DataFrame:
        """One row per village-year, for analysis in pandas: scores at full precision.

        **The rows are sorted by village id then year, with a new index (0, 1, …), not in the
        order of the data scored**, so that the same data always gives the same table. Never
        assign a column of it to the frame you scored (``df["s"] = result.to_frame()["s"]`` gives
        scores to the wrong villages): merge on the village-year,
        ``df.merge(result.to_frame()[["village_id", "year", "overall_score"]], on=["village_id", "year"])``,
        or take ``index=True``, a ``(village_id, year)`` index to align with.

        Columns: the identity columns, ``overall_score``, ``overall_coverage``, ``rating``
        (tier id) and ``rating_label`` (in ``lang``: English unless given, whatever the run's
        language, so that a table is the same on every machine), ``<pillar>_score`` and
        ``<pillar>_coverage`` for each pillar, ``<criterion>_score`` for each criterion (unless
        ``criteria=False``), ``gates_fired`` (ids joined with ``;``), ``estimated_share``, ``unverified_limits_scored``
        (indicators scored against an unverified limit). Missing scores are NaN.
        """
        out = self._frame(lang=lang, digits=None, criteria=criteria)
        return out.set_index(["village_id", "year"]) if index else out

    def summary_frame(self, *, lang: str = "en") -> pd.DataFrame:
        """:meth:`to_frame` as reports show it: scores rounded to 4 decimals, no criterion columns."""
        return self._frame(lang=lang, digits=4, criteria=False)

    def _frame(self, *, lang: str, digits: int | None, criteria: bool) -> pd.DataFrame:
        check_language(lang)
        fw = self.framework
        t = self.tree

        def num(values: np.ndarray) -> np.ndarray:  # a new array: the frame is made without copying its columns
            return np.array(values, dtype=float) if digits is None else round_like_python(values, digits)

        identity = {c: self.frame[c] if c in self.frame.columns else None for c in _IDENTITY}
        identity["year"] = identity["year"].astype(int)
        columns = Columns(identity)
        index = self.frame.index
        columns["overall_score"] = num(t.overall_score)
        columns["overall_coverage"] = num(t.overall_coverage)
        # each distinct rating and set of gates fired is named once, then spread over the rows
        codes, uniques = pd.factorize(np.asarray(self.rating, dtype=np.int64))
        tiers = [fw.outcome(int(u)) for u in uniques]
        columns["rating"] = pd.Series(np.asarray([None if x is None else x.id for x in tiers], dtype=object)[codes],
                                      dtype=object, index=index)
        columns["rating_label"] = pd.Series(
            np.asarray([None if x is None else x.label[lang] for x in tiers], dtype=object)[codes],
            dtype=object, index=index)
        for k, p in enumerate(fw.pillars):
            columns[f"{p.id}_score"] = num(t.pillar_score[:, k])
            columns[f"{p.id}_coverage"] = num(t.pillar_coverage[:, k])
        if criteria:
            for k, c in enumerate(fw.criteria):
                columns[f"{c.id}_score"] = num(t.criterion_score[:, k])
        columns["gates_fired"] = fired_lists(self.fired, [g.id for g in fw.gates])
        columns["estimated_share"] = num(self.estimated_share)
        columns["unverified_limits_scored"] = scored_unverified_counts(self)  # 0 unless --unverified-limits score
        # no copy where pandas copies on write (3.0 on): the identity columns are then the dataset's own
        out = pd.DataFrame(columns, copy=not copies_on_write())
        return with_text_dtype(out, [*(c for c in _IDENTITY if c != "year"), "rating", "rating_label", "gates_fired"])

    def indicator_frame(self) -> pd.DataFrame:
        """Long table: one row per village-year and indicator (value, score, status, weight, contribution)."""
        fw = self.framework
        n, m = self.matrix.scores.shape
        status = self.indicator_status()
        nodes = fw.indicators
        values = np.empty((n, m), dtype=object)
        for j in range(m):
            values[:, j] = self.matrix.values[j]
        return with_text_dtype(pd.DataFrame({
            "village_id": np.repeat(self.frame["village_id"].to_numpy(), m),
            "year": np.repeat(self.frame["year"].to_numpy(dtype=int), m),
            "pillar": np.tile([x.pillar for x in nodes], n),
            "criterion": np.tile([x.criterion for x in nodes], n),
            "indicator": np.tile([x.id for x in nodes], n),
            "value": values.reshape(-1),
            "score": round_like_python(self.matrix.scores.reshape(-1), 4),
            "status": status.reshape(-1),
            "weight": round_like_python(self.overall_weights().reshape(-1), 6),
            "contribution": round_like_python(self.contributions().reshape(-1), 4),
        }), ["village_id", "pillar", "criterion", "indicator", "status"])


def _node_status(score: float, na: bool) -> str:
    if na:
        return STATUS_NA
    return STATUS_MISSING if math.isnan(score) else STATUS_SCORED
