"""Explain one village's score and plan the smallest improvements that reach the next tier.

:func:`explain` returns an :class:`Explanation`: every indicator's contribution to the
overall score along the tree (pillar → criterion → indicator), every gate that fired
(indicator value, rule, cap), what keeps the village from the next tier, and an
improvement plan.

The plan (algorithm and limits in ``docs/explain.md``):

1. Only indicators that are a single field (``Indicator.compute is None``) can be moved;
   a value may only move within its feasible range (``Indicator.feasible``, else the
   field's ``minimum``/``maximum``; booleans 0/1; categories from the field's list).
2. Gates that cap the rating below the target tier are fixed first, with the smallest
   change that makes the rule hold.
3. Then a greedy search: for each movable indicator, the candidate moves are the values
   nearest to the current one that reach each higher score level of its scorer (next
   band … best score; found by scoring breakpoints and a grid in one scorer call). Every
   candidate plan (current plan + one move) is re-scored through the engine in one batch,
   one row per candidate. The move that most reduces the shortfall (overall score below
   the tier minimum, plus every pillar below the per-pillar minimum) is kept; the search
   stops when the target tier is reached or no move helps.
4. When the target tier is reached, every score step is relaxed to the least demanding
   score level of its scorer (the value nearest the current one) with which the plan still
   reaches the target, or dropped when the target is reached without it: no step asks for
   more than the plan needs, and no value goes past the point where its score stops rising.
5. Each step is linked to the cleaner-production measures that improve its indicator
   (``Measure.improves`` and ``Indicator.measures``) among the measures of **the village's own
   sectors**; a step with no such measure says so (``no_measure``).

The plan is verified: the final values are re-scored by the normal engine and the tier
it reaches is the one reported.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

import numpy as np

from .errors import VillageScoreError

__all__ = ["Explanation", "PlanStep", "explain", "apply_plan", "improvement_plan", "MAX_STEPS",
           "MAX_REPORT_PLANS"]

#: Reports of evaluate/pilot include improvement plans only up to this many village-years (each plan
#: re-scores the village several times); use ``villagescore explain`` for any village of a larger result.
MAX_REPORT_PLANS = 20
#: The greedy search stops after this many moves.
MAX_STEPS = 40
_GRID = 101
_EPS = 1e-9
#: Why a plan is empty or falls short, in both languages (``Explanation.note``).
_NOTES = {
    "unrated": {"en": "the overall score is missing (too little data): collect the missing values first",
                "vi": "chưa có điểm tổng hợp (thiếu dữ liệu): cần thu thập các số liệu còn thiếu trước"},
    "best": {"en": "the village already has the best tier",
             "vi": "làng nghề đã ở mức xếp hạng cao nhất"},
    "gate_computed": {"en": "gate '{gate}' caps the rating and its indicator '{indicator}' is computed from several "
                            "fields: the plan cannot change it",
                      "vi": "điều kiện bắt buộc '{gate}' giới hạn xếp hạng và chỉ số '{indicator}' của nó được tính "
                            "từ nhiều trường: kế hoạch không thể thay đổi chỉ số này"},
    "gate_infeasible": {"en": "gate '{gate}' cannot be met within the feasible range of '{indicator}'",
                        "vi": "không thể đáp ứng điều kiện bắt buộc '{gate}' trong khoảng giá trị khả thi của "
                              "'{indicator}'"},
    "not_reached": {"en": "the next tier cannot be reached by changing single-field indicators within their "
                          "feasible ranges; the plan shows the best progress found",
                    "vi": "không thể đạt mức xếp hạng tiếp theo chỉ bằng cách thay đổi các chỉ số một trường trong "
                          "khoảng khả thi; kế hoạch cho thấy mức cải thiện tốt nhất tìm được"},
}
#: Said of a step for which no installed sector of the village offers a measure.
NO_MEASURE = {"en": "no cleaner-production measure for this indicator in the village's sectors ({sectors}): "
                    "the step is a target; the action is yours to choose",
              "vi": "chưa có biện pháp sản xuất sạch hơn nào cho chỉ số này trong ngành nghề của làng ({sectors}): "
                    "bước này là mục tiêu; cần tự chọn giải pháp"}


class ExplainError(VillageScoreError):
    """The village or year asked for cannot be explained."""


@dataclass
class PlanStep:
    """One improvement: set ``field`` of the village from ``old`` to ``new``."""

    indicator: str
    field: str
    old: Any
    new: Any
    score_before: float | None
    score_after: float | None
    gain: float  # overall points gained when the step was applied
    reason: str  # "gate" or "score"
    gate: str | None = None
    measures: list[str] = dc_field(default_factory=list)
    sectors: tuple[str, ...] = ()  # the village's sectors (whose measures were looked at)

    def to_dict(self, registry: Any, lang: str) -> dict[str, Any]:
        """A JSON-ready mapping, with the labels of the linked measures (or ``no_measure`` saying there is none)."""
        measures = registry.measures() if registry is not None else {}
        out = {
            "indicator": self.indicator, "field": self.field, "from": _plain(self.old), "to": _plain(self.new),
            "score_before": _round(self.score_before), "score_after": _round(self.score_after),
            "overall_gain": _round(self.gain), "reason": self.reason, "gate": self.gate,
            "measures": [{"id": m, "label": measures[m].label[lang] if m in measures else m}
                         for m in (self.measures or [])],
        }
        if not self.measures:
            out["no_measure"] = (NO_MEASURE.get(lang) or NO_MEASURE["en"]).format(
                sectors=", ".join(self.sectors) or "—")
        return out


@dataclass
class Explanation:
    """What drives one village-year's score, and how it could reach the next tier."""

    result: Any  # the Result of the village (all its years)
    row: int
    registry: Any
    target_tier: int | None
    steps: list[PlanStep] = dc_field(default_factory=list)
    reached_tier: int | None = None
    note_key: str = ""  # a key of _NOTES: why the plan is empty or falls short
    note_args: dict[str, str] = dc_field(default_factory=dict)
    blockers: list[dict[str, Any]] = dc_field(default_factory=list)
    not_movable: list[str] = dc_field(default_factory=list)

    @property
    def framework(self) -> Any:
        """The framework the village was scored with."""
        return self.result.framework

    def note(self, lang: str = "en") -> str:
        """Why the plan is empty or falls short (empty when it reaches the target), in ``lang``."""
        if not self.note_key:
            return ""
        texts = _NOTES[self.note_key]
        return (texts.get(lang) or texts["en"]).format(**self.note_args)

    @property
    def plan_note(self) -> str:
        """:meth:`note` in English."""
        return self.note("en")

    def tier_id(self, t: int | None) -> str | None:
        """Tier id of index ``t`` (``None`` when unrated)."""
        tier = None if t is None else self.framework.outcome(t)
        return None if tier is None else tier.id

    def to_dict(self, *, lang: str = "en") -> dict[str, Any]:
        """A JSON-ready mapping (deterministic)."""
        res, i, fw = self.result, self.row, self.framework
        v = res.village_dict(i, lang=lang)
        t = res.tree
        pillars = []
        for k, p in enumerate(fw.pillars):
            crits = []
            for c_idx, c in enumerate(fw.criteria):
                if c.pillar != p.id:
                    continue
                inds = [x for x in v["indicators"] if x["criterion"] == c.id]
                crits.append({"id": c.id, "label": c.label[lang], "score": _round(t.criterion_score[i, c_idx]),
                              "weight_in_pillar": _round(t.criterion_weight[i, c_idx], 6),
                              "contribution": _round(sum(x["contribution"] or 0.0 for x in inds)),
                              "indicators": [dict(x, label=fw.indicator_node(x["id"]).indicator.label[lang])
                                             for x in sorted(inds, key=lambda x: -(x["contribution"] or 0.0))]})
            pillars.append({"id": p.id, "label": p.label[lang], "score": _round(t.pillar_score[i, k]),
                            "weight": _round(t.pillar_weight[i, k], 6),
                            "contribution": _round(np.nan_to_num(t.pillar_weight[i, k] * t.pillar_score[i, k])),
                            "criteria": crits})
        gates = []
        for g_idx, g in enumerate(fw.gates):
            if not res.fired[i, g_idx]:
                continue
            j = [n.id for n in fw.indicators].index(g.indicator)
            value = res.matrix.values[j][i]
            gates.append({"id": g.id, "label": (g.label or {}).get(lang, g.id), "indicator": g.indicator,
                          "value": _plain(value), "rule": g.rule, "on_missing": g.on_missing,
                          "cap": g.cap, "cap_label": fw.tier(g.cap).label[lang],
                          "references": [dict(r) for r in g.references]})
        tier = int(res.rating[i])
        return {
            "kind": "villagescore-explanation",
            "provenance": res.provenance,
            "village": {k: v[k] for k in ("village_id", "name", "commune", "province", "sectors", "year")},
            "overall": v["overall"],
            "pillars": pillars,
            "gates_fired": gates,
            "blockers": self.blockers,
            "plan": {
                "current_tier": self.tier_id(tier),
                "target_tier": self.tier_id(self.target_tier),
                "target_label": None if self.target_tier is None else fw.tiers[self.target_tier].label[lang],
                "reached_tier": self.tier_id(self.reached_tier),
                "reached": self.target_tier is not None and self.reached_tier is not None
                and self.reached_tier <= self.target_tier,
                "note": self.note(lang),
                "steps": [s.to_dict(self.registry, lang) for s in self.ordered_steps()],
                "not_movable": self.not_movable,
            },
        }

    def ordered_steps(self) -> list[PlanStep]:
        """Gate fixes first (in the order applied), then the other steps by overall gain."""
        gates = [s for s in self.steps if s.reason == "gate"]
        rest = sorted((s for s in self.steps if s.reason != "gate"), key=lambda s: (-s.gain, s.indicator))
        return gates + rest


# --------------------------------------------------------------------------------------


def _plain(x: Any) -> Any:
    if x is None:
        return None
    if isinstance(x, (float, np.floating)):
        if math.isnan(float(x)):
            return None
        f = float(x)
        return int(f) if f.is_integer() else round(f, 6)
    if isinstance(x, (np.integer,)):
        return int(x)
    return x if isinstance(x, (str, int, bool)) else str(x)


def _round(x: Any, digits: int = 4) -> float | None:
    if x is None:
        return None
    x = float(x)
    if math.isnan(x):
        return None
    r = round(x, digits)
    return 0.0 if r == 0 else r


def explain(engine: Any, framework: Any, dataset: Any, village_id: str, *, year: int | None = None,
            options: dict[str, Any] | None = None) -> Explanation:
    """Explain ``village_id`` (its latest year unless ``year``) and plan its next tier."""
    opts = {"command": "explain", "village": village_id}
    if year is not None:
        opts["year"] = year
    opts.update(options or {})
    known = set(dataset.frame["village_id"])
    if village_id not in known:
        sample = ", ".join(sorted(known)[:10])
        msg = f"{dataset.path}: village {village_id!r} is not in the dataset; known ids include: {sample}"
        raise ExplainError(msg)
    result = engine.evaluate(framework, dataset, village_ids=[village_id], options=opts)
    i = result.row(village_id, year)
    exp = Explanation(result, i, engine.registry, None)
    _blockers(exp)
    _plan(engine, exp)
    return exp


def improvement_plan(result: Any, row: int, *, lang: str = "vi") -> dict[str, Any] | None:
    """The improvement plan of row ``row`` of ``result`` (the ``plan`` of :meth:`Explanation.to_dict`).

    Used by the HTML and Markdown reports. Returns ``None`` when the result is larger than
    :data:`MAX_REPORT_PLANS` village-years or does not carry its registry.
    """
    if getattr(result, "registry", None) is None or len(result) > MAX_REPORT_PLANS:
        return None
    from .datasets import Dataset
    from .engine import Engine

    prov = result.provenance.get("dataset", {})
    dataset = Dataset(result.frame, prov.get("file", ""), prov.get("sha256", ""), None, prov.get("metadata_sha256"))
    village_id = str(result.frame["village_id"].iat[row])
    year = int(result.frame["year"].iat[row])
    exp = explain(Engine(result.registry), result.framework, dataset, village_id, year=year)
    return exp.to_dict(lang=lang)["plan"]


def _blockers(exp: Explanation) -> None:
    """What keeps the village from the next tier (score, pillar minimums, gates)."""
    res, i, fw = exp.result, exp.row, exp.framework
    tier = int(res.rating[i])
    if tier < 0:
        exp.note_key = "unrated"
        return
    if tier == 0:
        exp.note_key = "best"
        return
    target = tier - 1
    exp.target_tier = target
    tt = fw.tiers[target]
    overall = float(res.tree.overall_score[i])
    if overall < tt.min_score - 1e-9:
        exp.blockers.append({"kind": "overall", "score": _round(overall), "required": tt.min_score})
    for k, p in enumerate(fw.pillars):
        required = _pillar_minimum(tt, p.id)
        if required is None or res.tree.pillar_na[i, k]:
            continue
        score = res.tree.pillar_score[i, k]
        if not score >= required - 1e-9:
            exp.blockers.append({"kind": "pillar", "pillar": p.id, "score": _round(score), "required": required})
    tier_pos = {t.id: n for n, t in enumerate(fw.tiers)}
    for g_idx, g in enumerate(fw.gates):
        if res.fired[i, g_idx] and tier_pos[g.cap] > target:
            exp.blockers.append({"kind": "gate", "gate": g.id, "indicator": g.indicator, "rule": g.rule,
                                 "cap": g.cap})


# --------------------------------------------------------------------------------------
# candidate moves
# --------------------------------------------------------------------------------------


def _field_info(node: Any, registry: Any) -> tuple[Any, float, float]:
    fld = registry.fields.get(node.indicator.requires[0])
    lo, hi = -math.inf, math.inf
    if fld is not None:
        lo = -math.inf if fld.minimum is None else float(fld.minimum)
        hi = math.inf if fld.maximum is None else float(fld.maximum)
        if fld.type == "boolean":
            lo, hi = 0.0, 1.0
    if node.indicator.feasible is not None:
        lo, hi = float(node.indicator.feasible[0]), float(node.indicator.feasible[1])
    return fld, lo, hi


def _breakpoints(node: Any, params: dict[str, Any], current: float, lo: float, hi: float) -> np.ndarray:
    """Values worth trying for one indicator: its scorer's breakpoints and a grid."""
    pts: list[float] = [lo, hi]
    name = node.scorer.name
    if name == "bands":
        pts += list(params["edges"])
    elif "limit" in params:
        from .scoring import DEFAULT_RATIO_EDGES

        limit = float(np.asarray(params["limit"], dtype=float).reshape(-1)[0])
        if math.isfinite(limit):
            pts += [limit * e for e in params.get("edges", DEFAULT_RATIO_EDGES)]
    elif name == "linear":
        w, b = float(params["worst"]), float(params["best"])
        pts += [w + (b - w) * q / 4 for q in range(5)]
    elif name == "target":
        pts += [float(params[k]) for k in ("low", "high", "zero_below", "zero_above") if k in params]
    elif name == "boolean":
        pts += [0.0, 1.0]
    finite = [p for p in pts if math.isfinite(p)]
    if math.isfinite(lo) and math.isfinite(hi):
        finite += list(np.linspace(lo, hi, _GRID))
    elif finite:
        span = max(abs(current) if math.isfinite(current) else 0.0, *map(abs, finite), 1.0)
        finite += list(np.linspace(max(lo, -4 * span), min(hi, 4 * span), _GRID))
    arr = np.array(finite, dtype=float)
    step = np.maximum(np.abs(arr) * 1e-6, 1e-6)
    arr = np.concatenate([arr, arr + step, arr - step])
    return arr[(arr >= lo) & (arr <= hi)]


def _candidates(node: Any, fld: Any, params: dict[str, Any], current: Any, score: float, lo: float, hi: float
                ) -> list[tuple[Any, float]]:
    """(value, score) moves: for each higher score level, the value nearest the current one."""
    if fld is not None and fld.type == "category":
        values = np.array(list(fld.categories), dtype=object)
        scores = np.asarray(node.scorer.function(values, params), dtype=float)
        order = np.argsort(-np.nan_to_num(scores, nan=-1), kind="stable")
        return [(values[o], float(scores[o])) for o in order
                if not np.isnan(scores[o]) and (math.isnan(score) or scores[o] > score + _EPS)]
    cur = float(current) if current is not None and not pd_isna(current) else math.nan
    values = _breakpoints(node, params, cur, lo, hi)
    if fld is not None and fld.type in ("integer", "boolean"):
        values = np.unique(np.concatenate([np.floor(values), np.ceil(values)]))
        values = values[(values >= lo) & (values <= hi)]
    values = np.unique(values)
    if len(values) == 0:
        return []
    scores = np.asarray(node.scorer.function(values, params), dtype=float)
    scores = np.clip(scores, 0.0, 100.0)
    ok = ~np.isnan(scores) & ((scores > score + _EPS) if not math.isnan(score) else True)
    values, scores = values[ok], scores[ok]
    if len(values) == 0:
        return []
    ref = cur if math.isfinite(cur) else values[np.argmin(scores)]
    dist = np.abs(values - ref)
    out = []
    for level in np.unique(np.round(scores, 6)):
        at = np.flatnonzero(np.round(scores, 6) >= level)
        best = at[np.lexsort((values[at], dist[at]))[0]]
        out.append((float(values[best]), float(scores[best])))
    if len(out) > 5:  # next levels and the best; continuous scorers would give too many
        keep = sorted({0, 1, len(out) // 2, len(out) - 2, len(out) - 1})
        out = [out[k] for k in keep]
    return out


def pd_isna(x: Any) -> bool:
    """True for None and NaN (without importing pandas)."""
    return x is None or (isinstance(x, (float, np.floating)) and math.isnan(float(x)))


def _gate_fix(gate: Any, node: Any, fld: Any, params: dict[str, Any], current: Any, lo: float, hi: float
              ) -> Any | None:
    """The value nearest the current one that makes ``gate`` hold, or ``None``."""
    from .kernel import OPS

    if gate.on == "value":
        integer = fld is not None and fld.type in ("integer", "boolean")
        step = 1.0 if integer else max(abs(gate.value) * 1e-6, 1e-6)
        target = {">=": gate.value, "<=": gate.value, "==": gate.value,
                  ">": gate.value + step, "<": gate.value - step}.get(gate.op)
        if target is None:  # "!=": one step away
            target = gate.value + step if gate.value + step <= hi else gate.value - step
        if integer:
            target = math.ceil(target - 1e-12) if gate.op in (">=", ">") else math.floor(target + 1e-12)
        if not lo - 1e-12 <= target <= hi + 1e-12:
            return None
        return float(target)
    # a rule on the score: the nearest candidate whose score satisfies it
    cands = _candidates(node, fld, params, current, -math.inf, lo, hi)
    good = [(v, s) for v, s in cands if OPS[gate.op](s, gate.value)]
    if not good:
        return None
    if fld is not None and fld.type == "category":
        return good[0][0]
    cur = float(current) if not pd_isna(current) else 0.0
    return min(good, key=lambda vs: (abs(vs[0] - cur), vs[0]))[0]


# --------------------------------------------------------------------------------------
# the search
# --------------------------------------------------------------------------------------


def _score_rows(engine: Any, fw: Any, base: Any, plans: list[dict[str, Any]]) -> dict[str, np.ndarray]:
    """Score one row per plan ({field: value}) through the engine, in one batch."""
    import pandas as pd

    frame = pd.concat([base] * len(plans), ignore_index=True) if plans else base.iloc[:0]
    for f in sorted({f for p in plans for f in p}):
        col = frame[f].astype(object).to_numpy(copy=True)
        for r, p in enumerate(plans):
            if f in p:
                col[r] = p[f]
        frame[f] = pd.Series(col).infer_objects() if frame[f].dtype == object else pd.to_numeric(
            pd.Series(col), errors="coerce")
    matrix = engine.indicator_matrix(fw, frame)
    tree = engine.aggregate(fw, matrix)
    fired = engine.gates(fw, matrix)
    rating = engine.ratings(fw, tree, fired)
    return {"overall": tree.overall_score, "pillars": tree.pillar_score, "pillar_na": tree.pillar_na,
            "rating": rating, "fired": fired, "scores": matrix.scores}


def _pillar_minimum(tier: Any, pillar: str) -> float | None:
    """The score a tier requires of a pillar (the stricter of its general and named minimums)."""
    found = [m for m in (tier.min_pillar_score, tier.min_pillar_scores.get(pillar)) if m is not None]
    return max(found) if found else None


def _shortfall(fw: Any, target: int, out: dict[str, np.ndarray]) -> np.ndarray:
    tt = fw.tiers[target]
    short = np.maximum(0.0, tt.min_score - np.nan_to_num(out["overall"], nan=0.0))
    for k, p in enumerate(fw.pillars):
        required = _pillar_minimum(tt, p.id)
        if required is not None:
            pill = np.where(out["pillar_na"][:, k], required, np.nan_to_num(out["pillars"][:, k], nan=0.0))
            short = short + np.maximum(0.0, required - pill)
    return short


def _plan(engine: Any, exp: Explanation) -> None:
    if exp.target_tier is None:
        return
    res, i, fw, registry = exp.result, exp.row, exp.framework, engine.registry
    target = exp.target_tier
    base = res.frame.iloc[[i]].reset_index(drop=True)
    movable = {}
    for j, node in enumerate(fw.indicators):
        if not res.matrix.applicable[i, j]:
            continue
        if node.indicator.compute is not None:
            exp.not_movable.append(node.id)
            continue
        if node.indicator.requires[0] not in base.columns:
            continue
        fld, lo, hi = _field_info(node, registry)
        if fld is None or fld.type == "text":
            continue
        params = node.scoring_params(base)
        if "limit" in params and np.ndim(params["limit"]):
            params["limit"] = float(params["limit"][0])
        movable[node.id] = (j, node, fld, params, lo, hi)
    sectors = tuple(s for s in str(base["sectors"].iat[0] or "").split(";") if s)
    measures = _measures_by_indicator(registry, fw, sectors)
    plan: dict[str, Any] = {}
    current = _score_rows(engine, fw, base, [plan])
    tier_pos = {t.id: n for n, t in enumerate(fw.tiers)}

    def value_of(node_id: str) -> Any:
        j, node = movable[node_id][0], movable[node_id][1]
        f = node.indicator.requires[0]
        return plan.get(f, res.matrix.values[j][i])

    # 1. gates that cap the rating below the target
    for g_idx, gate in enumerate(fw.gates):
        if not current["fired"][0, g_idx] or tier_pos[gate.cap] <= target:
            continue
        if gate.indicator not in movable:
            exp.note_key, exp.note_args = "gate_computed", {"gate": gate.id, "indicator": gate.indicator}
            exp.reached_tier = int(current["rating"][0])
            return
        j, node, fld, params, lo, hi = movable[gate.indicator]
        old = value_of(gate.indicator)
        new = _gate_fix(gate, node, fld, params, old, lo, hi)
        if new is None:
            exp.note_key, exp.note_args = "gate_infeasible", {"gate": gate.id, "indicator": gate.indicator}
            exp.reached_tier = int(current["rating"][0])
            return
        before = current
        plan[node.indicator.requires[0]] = new
        current = _score_rows(engine, fw, base, [plan])
        exp.steps.append(PlanStep(node.id, node.indicator.requires[0], old, new, _nan_none(before["scores"][0, j]),
                                  _nan_none(current["scores"][0, j]),
                                  float(np.nan_to_num(current["overall"][0]) - np.nan_to_num(before["overall"][0])),
                                  "gate", gate.id, measures.get(node.id, []), sectors))
    # 2. greedy moves on the score and pillar minimums
    for _ in range(MAX_STEPS):
        if 0 <= current["rating"][0] <= target:
            break
        short_now = float(_shortfall(fw, target, current)[0])
        moves = []
        for node_id, (j, node, fld, params, lo, hi) in movable.items():
            score = current["scores"][0, j]
            for value, _s in _candidates(node, fld, params, value_of(node_id), score, lo, hi):
                moves.append((node_id, value))
        if not moves:
            break
        plans = [dict(plan, **{movable[nid][1].indicator.requires[0]: v}) for nid, v in moves]
        out = _score_rows(engine, fw, base, plans)
        short = _shortfall(fw, target, out)
        reach = (out["rating"] >= 0) & (out["rating"] <= target)
        gained = np.nan_to_num(out["overall"]) - np.nan_to_num(current["overall"][0])
        # no move may fire a gate that caps below the target
        capped = np.zeros(len(moves), dtype=bool)
        for g_idx, gate in enumerate(fw.gates):
            if tier_pos[gate.cap] > target:
                capped |= out["fired"][:, g_idx]
        cost = np.array([_cost(movable[nid], value_of(nid), v) for nid, v in moves])
        if reach.any():
            pick_from = np.flatnonzero(reach & ~capped)
            if len(pick_from) == 0:
                pick_from = np.flatnonzero(reach)
            k = pick_from[np.lexsort((-gained[pick_from], cost[pick_from]))[0]]  # smallest move first
        else:
            progress = short_now - short
            ok = np.flatnonzero((progress > 1e-9) & ~capped)
            if len(ok) == 0:
                break
            k = ok[np.lexsort((cost[ok], -gained[ok], -progress[ok]))[0]]
        nid, value = moves[k]
        j, node = movable[nid][0], movable[nid][1]
        old = value_of(nid)
        if reach[k] and not isinstance(value, str):
            value, row = _refine(engine, fw, base, plan, movable[nid], old, value, target)
            if row is not None:
                out = row
                k = 0
                gained = np.nan_to_num(out["overall"]) - np.nan_to_num(current["overall"][0])
        plan[node.indicator.requires[0]] = value
        exp.steps.append(PlanStep(nid, node.indicator.requires[0], old, value,
                                  _nan_none(current["scores"][0, j]), _nan_none(out["scores"][k, j]),
                                  float(gained[k]), "score", None, measures.get(nid, []), sectors))
        _merge_step(exp.steps)
        current = {key: val[k:k + 1] for key, val in out.items()}
    final = _score_rows(engine, fw, base, [plan])
    if 0 <= final["rating"][0] <= target:
        final = _trim(engine, exp, base, plan, movable, target)
    exp.reached_tier = int(final["rating"][0])
    if not (0 <= exp.reached_tier <= target):
        exp.note_key = "not_reached"


def _trim(engine: Any, exp: Explanation, base: Any, plan: dict[str, Any], movable: dict[str, tuple],
          target: int) -> dict[str, np.ndarray]:
    """Relax each score step to the least demanding level that still reaches ``target`` (or drop it).

    Steps are visited from the last taken to the first. A step's candidates are its scorer's
    levels between the current value and the planned one, each at the value nearest the current
    one, plus no change at all; all are scored in one batch and the one nearest the current value
    that keeps the target tier wins. Returns the final scores of the trimmed plan.
    """
    fw = exp.framework
    for k in range(len(exp.steps) - 1, -1, -1):
        step = exp.steps[k]
        if step.reason != "score" or step.indicator not in movable or isinstance(step.new, str):
            continue
        j, node, fld, params, lo, hi = movable[step.indicator]
        options = _relaxations(node, fld, params, step.old, step.new, step.score_before, step.score_after, lo, hi)
        if not options:
            continue
        trial = []
        for value in options:
            candidate = dict(plan)
            if value is None:
                candidate.pop(step.field, None)
            else:
                candidate[step.field] = value
            trial.append(candidate)
        out = _score_rows(engine, fw, base, trial)
        ok = np.flatnonzero((out["rating"] >= 0) & (out["rating"] <= target))
        if len(ok) == 0:
            continue
        best = int(ok[0])  # options are ordered from the least change
        value = options[best]
        if value is None:
            plan.pop(step.field, None)
            exp.steps.pop(k)
            continue
        plan[step.field] = value
        exp.steps[k] = dataclasses.replace(step, new=value, score_after=_nan_none(out["scores"][best, j]))
    final = _score_rows(engine, fw, base, [plan])
    _regain(engine, exp, base, plan)
    return final


def _relaxations(node: Any, fld: Any, params: dict[str, Any], old: Any, new: Any, score_before: float | None,
                 score_after: float | None, lo: float, hi: float) -> list[Any]:
    """Values less demanding than ``new`` for one step, least change first (``None``: no change at all).

    Only score levels at least half a point below the step's score count: a continuous scorer's
    99.9997 is not a real alternative to its 100.
    """
    if pd_isna(old):
        return []
    before = -math.inf if score_before is None else float(score_before)
    after = math.inf if score_after is None else float(score_after)
    levels = [v for v, s in _candidates(node, fld, params, old, before, lo, hi) if s <= after - 0.5]
    old_f, new_f = float(old), float(new)
    between = sorted({float(v) for v in levels if min(old_f, new_f) <= float(v) <= max(old_f, new_f)
                      and float(v) != new_f}, key=lambda v: abs(v - old_f))
    return [None, *between]


def _regain(engine: Any, exp: Explanation, base: Any, plan: dict[str, Any]) -> None:
    """Recompute each step's overall gain after trimming (each step applied after the ones before it)."""
    fw = exp.framework
    applied: dict[str, Any] = {}
    previous = _score_rows(engine, fw, base, [applied])["overall"][0]
    for k, step in enumerate(exp.steps):
        applied[step.field] = step.new
        now = _score_rows(engine, fw, base, [applied])["overall"][0]
        exp.steps[k] = dataclasses.replace(step, gain=float(np.nan_to_num(now) - np.nan_to_num(previous)))
        previous = now


def _refine(engine: Any, fw: Any, base: Any, plan: dict[str, Any], entry: tuple, old: Any, new: float,
            target: int) -> tuple[Any, dict[str, np.ndarray] | None]:
    """The value nearest ``old`` on the way to ``new`` that still reaches ``target`` (one batch).

    Tries a grid between the two and its roundings to 0–3 decimals, so the plan says
    "raise to 52.5" rather than "raise to 70.00007" when 52.5 is enough.
    """
    _j, node, fld, _params, lo, hi = entry
    if pd_isna(old):
        return new, None
    old_f, new_f = float(old), float(new)
    grid = np.linspace(old_f, new_f, 257)[1:]
    cands = [grid]
    for d in range(4):
        scale = 10.0 ** d
        cands.append((np.ceil(grid * scale) if new_f > old_f else np.floor(grid * scale)) / scale)
    values = np.unique(np.concatenate(cands))
    if fld is not None and fld.type in ("integer", "boolean"):
        values = np.unique(np.ceil(values) if new_f > old_f else np.floor(values))
    lo_v, hi_v = min(old_f, new_f), max(old_f, new_f)
    values = values[(values >= max(lo, lo_v)) & (values <= min(hi, hi_v)) & (values != old_f)]
    if len(values) == 0:
        return new, None
    field_id = node.indicator.requires[0]
    out = _score_rows(engine, fw, base, [dict(plan, **{field_id: float(v)}) for v in values])
    ok = np.flatnonzero((out["rating"] >= 0) & (out["rating"] <= target))
    if len(ok) == 0:
        return new, None
    decimals = np.array([_decimals(v) for v in values[ok]])
    best = ok[np.lexsort((decimals, np.abs(values[ok] - old_f)))[0]]
    return float(values[best]), {key: val[best:best + 1] for key, val in out.items()}


def _decimals(x: float) -> int:
    for d in range(7):
        if abs(round(x, d) - x) < 1e-12:
            return d
    return 7


def _merge_step(steps: list[PlanStep]) -> None:
    """When an indicator is moved twice, keep one step (first old value, last new value)."""
    last = steps[-1]
    for k, s in enumerate(steps[:-1]):
        if s.indicator == last.indicator and s.reason == "score":
            steps[k] = PlanStep(s.indicator, s.field, s.old, last.new, s.score_before, last.score_after,
                                s.gain + last.gain, "score", None, s.measures)
            steps.pop()
            return


def _nan_none(x: Any) -> float | None:
    x = float(x)
    return None if math.isnan(x) else x


def _cost(entry: tuple, old: Any, new: Any) -> float:
    """Relative size of a move (share of the feasible range, or of the value)."""
    _j, _node, fld, _params, lo, hi = entry
    if isinstance(new, str) or (fld is not None and fld.type == "category"):
        return 1.0
    old_f = 0.0 if pd_isna(old) else float(old)
    span = hi - lo if math.isfinite(hi - lo) and hi > lo else max(abs(old_f), abs(float(new)), 1.0)
    return abs(float(new) - old_f) / span


def _measures_by_indicator(registry: Any, fw: Any, sectors: tuple[str, ...]) -> dict[str, list[str]]:
    """``{indicator id: measure ids}``, among the measures of the village's ``sectors`` only.

    A sector's measure that claims a generic indicator (e.g. weaving's centralised dyeing
    improving wastewater treatment) is never offered to a ceramics village.
    """
    owned = {m.id: s.id for s in registry.sectors.values() for m in s.measures}
    allowed = {mid for mid, sector in owned.items() if sector in sectors}
    out: dict[str, set[str]] = {}
    for mid, measure in registry.measures().items():
        if mid in allowed:
            for ind in measure.improves:
                out.setdefault(ind, set()).add(mid)
    for node in fw.indicators:
        for mid in node.indicator.measures:
            if mid in allowed:
                out.setdefault(node.id, set()).add(mid)
    return {k: sorted(v) for k, v in out.items()}


def apply_plan(frame: Any, village_id: str, year: int, steps: list[PlanStep]) -> Any:
    """Return a copy of ``frame`` with the plan's new values set for that village-year."""
    import pandas as pd

    out = frame.copy()
    mask = (out["village_id"] == village_id) & (out["year"] == year)
    for s in steps:
        col = out[s.field].astype(object)
        col[mask] = s.new
        out[s.field] = col.infer_objects() if frame[s.field].dtype == object else pd.to_numeric(col)
    return out
