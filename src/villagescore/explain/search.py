"""The greedy plan search: re-score candidate plans in batches, keep the best move, then trim the plan."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np

from .blockers import _shortfall, missing_data
from .measures import _measures_by_indicator
from .model import MAX_STEPS, Explanation, PlanStep
from .moves import _candidates, _field_info, _gate_fix, pd_isna
from .unscored import limit_fields


def _score_rows(engine: Any, fw: Any, base: Any, plans: list[dict[str, Any]]) -> dict[str, np.ndarray]:
    """Score one row per plan ({field: value}) through the engine, in one batch."""
    import pandas as pd

    frame = base.take(np.zeros(len(plans), dtype=np.intp)).reset_index(drop=True)  # the row once per plan
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


def _plan(engine: Any, exp: Explanation) -> None:
    if exp.target_tier is None:
        return
    res, i, fw = exp.result, exp.row, exp.framework
    registry = engine.registry.with_fields(fw.local_fields)  # a file-declared field moves as a plugin's does
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
        # the gate's own state first: an unknown limit is why, whether or not its indicator is movable
        if res.gate_state(i, g_idx) == "unknown" or gate.indicator not in movable:
            exp.note_key, exp.note_args = _unmovable_gate(exp, g_idx, gate, base)
            exp.reached_tier = int(current["rating"][0])
            return
        j, node, fld, params, lo, hi = movable[gate.indicator]
        old = value_of(gate.indicator)
        bound = None if gate.limit is None else float(gate.limit.values(base)[0])  # the row's legal limit
        new = _gate_fix(gate, node, fld, params, old, lo, hi, bound)
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
                                  _reason(old, "gate"), gate.id, measures.get(node.id, []), sectors))
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
                                  float(gained[k]), _reason(old, "score"), None, measures.get(nid, []), sectors))
        _merge_step(exp.steps)
        current = {key: val[k:k + 1] for key, val in out.items()}
    final = _score_rows(engine, fw, base, [plan])
    if 0 <= final["rating"][0] <= target:
        final = _trim(engine, exp, base, plan, movable, target)
    final = _round_steps(engine, exp, base, plan, movable, int(final["rating"][0]), final)
    exp.reached_tier = int(final["rating"][0])
    if not (0 <= exp.reached_tier <= target):
        exp.note_key = "not_reached"
        # a step that gains no point does not bring the (unreached) tier nearer: it is not offered
        exp.steps = [s for s in exp.steps if round(s.gain, 2) > 0]
        unscored = missing_data(exp)
        if unscored:  # only collecting the missing data can give these a score
            exp.note_key, exp.note_args = "missing_data", {"pillars": ";".join(unscored)}


def _unmovable_gate(exp: Explanation, g_idx: int, gate: Any, base: Any) -> tuple[str, dict[str, Any]]:
    """Why the plan cannot fix gate ``g_idx``: its note key and arguments.

    An unknown state comes first: a limit left out as unverified (``unverified_limits: exclude``)
    or unknown in the village-year (fields to fill); then an indicator computed from several
    fields; else an indicator the plan cannot set here (no data column, not applicable).
    """
    from ..unverified import gate_unverified

    args = {"gate": gate.id, "indicator": gate.indicator}
    if exp.result.gate_state(exp.row, g_idx) == "unknown":
        unverified = gate_unverified(exp.framework, base).get(g_idx)
        if unverified is not None and unverified[0]:
            return "gate_limit_unverified", dict(args, regulation=exp.result.gate_limit_applied(
                exp.row, g_idx)["limit_regulation"] or "")
        return "gate_limit_unknown", dict(args, fields=limit_fields(exp, gate.indicator))
    node = next(n for n in exp.framework.indicators if n.id == gate.indicator)
    return ("gate_computed" if node.indicator.compute is not None else "gate_not_movable"), args


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


def _round_steps(engine: Any, exp: Explanation, base: Any, plan: dict[str, Any], movable: dict[str, tuple],
                 goal: int, final: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Round each step's value to 2 decimals (what the reports show), else 3, keeping the tier ``goal``.

    The value rounded to nearest is tried first, then rounded away from the current value (which
    asks a little more and keeps the tier reached); each step's score is then the score of the
    rounded value. Returns the final scores of the rounded plan.
    """
    if goal < 0:
        return final
    changed = False
    for k, step in enumerate(exp.steps):
        if isinstance(step.new, str) or pd_isna(step.new) or pd_isna(step.old) or step.indicator not in movable:
            continue
        new, old = float(step.new), float(step.old)
        if _decimals(new) <= 2:
            continue
        j, _node, _fld, _params, lo, hi = movable[step.indicator]
        options: list[float] = []
        for d in (2, 3):
            scale = 10.0 ** d
            away = (math.ceil(new * scale - 1e-9) if new > old else math.floor(new * scale + 1e-9)) / scale
            for v in (round(new, d), away):
                if lo <= v <= hi and v != old and v not in options:
                    options.append(v)
        if not options:
            continue
        out = _score_rows(engine, exp.framework, base, [dict(plan, **{step.field: v}) for v in options])
        ok = np.flatnonzero((out["rating"] >= 0) & (out["rating"] <= goal))
        if len(ok) == 0:
            continue
        best = int(ok[0])
        plan[step.field] = options[best]
        exp.steps[k] = dataclasses.replace(step, new=options[best], score_after=_nan_none(out["scores"][best, j]))
        changed = True
    if not changed:
        return final
    _regain(engine, exp, base, plan)
    return _score_rows(engine, exp.framework, base, [plan])


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
        if s.indicator == last.indicator and s.gate is None:  # a score step (or the recording of its value)
            steps[k] = PlanStep(s.indicator, s.field, s.old, last.new, s.score_before, last.score_after,
                                s.gain + last.gain, s.reason, None, s.measures, s.sectors)
            steps.pop()
            return


def _reason(old: Any, moved: str) -> str:
    """A step's reason: ``record`` when its value is missing (to be recorded, not changed), else ``moved``."""
    return "record" if pd_isna(old) else moved


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
