"""The mandatory rules (gates) behind the ratings compared: those that capped a rating, and how.

A rating moves with the score, and with the gates that cap it: a village whose score rose can
drop a tier because a gate could not be judged the second year (its legal limit unknown there,
e.g. a context field left empty). The tables of a comparison hold, per observation, its gates
not passed or not applicable as one text cell (``villages["gates"]``,
``"gate.a=unknown!;gate.b=failed;gate.c=not_applicable"``, ``!`` marking a gate that fired; a
gate absent passed), built by :func:`record_cell`, :func:`gate_cells_from_result` or, for a store
row written before its gates' status was (schema version 4), from the gates that fired alone
(the cell then starts with ``?``: ``"?gate.a=failed!"``, its statuses derived). A gate *capped* a
rating when it fired, the rating is its cap and the score with the tiers' minimums (as far as the
run records them, see :func:`capped`) would reach a better tier. :func:`gate_warnings` turns the
cells into the comparison's warnings: the observations whose rating a gate of unknown limit capped,
and each change of tier over time with a gate that capped either rating, which is also marked on
the change itself (``changes[k]["gates"]``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..i18n import N_, gettext, t
from ..published import published
from .common import factorize_texts

__all__ = ["record_cell", "gate_cells_from_result", "store_cells", "gate_warnings", "capped", "tier_rules",
           "with_framework", "NOT_PASSED", "KEPT"]

#: Gate statuses that may cap a rating, in the result document's words.
NOT_PASSED = ("failed", "unknown", "missing")
#: Statuses a cell keeps (a gate absent from it passed).
KEPT = (*NOT_PASSED, "not_applicable")
#: Suffix of a gate that fired; prefix of a cell whose statuses were not recorded (derived from the gates fired).
FIRED, DERIVED = "!", "?"
#: Village-years a warning names one by one (then a count).
_SHOWN = 10


def record_cell(gates: Any, ids: Sequence[str]) -> str:
    """The cell of a result record's gates (:data:`KEPT` statuses, ``!`` where fired), ``""`` when all passed.

    ``gates``: a version-2 record's ``{"status": [...], "fired": [...]}`` (in the order of ``ids``,
    the header's ``framework.gates``), or a version-1 record's list of ``{id, status, fired}``. A
    record that does not say whether a gate fired counts a gate not passed as fired. A record written
    before the gates' status was (a list of ``{id, fired, cap}``) gives a :data:`DERIVED` cell of the
    gates it fired, as :func:`store_cells` does for a store row of that time.
    """
    if isinstance(gates, dict):
        status = gates.get("status") or ()
        fired = gates.get("fired") or [None] * len(status)
        rows = zip(ids, status, fired, strict=False)
    elif isinstance(gates, list) and gates and not any(isinstance(g, dict) and "status" in g for g in gates):
        return DERIVED + ";".join(f"{gid}=failed{FIRED}" for gid in sorted(
            str(g.get("id")) for g in gates if isinstance(g, dict) and g.get("fired")))
    elif isinstance(gates, list):
        rows = ((g.get("id"), g.get("status"), g.get("fired")) for g in gates if isinstance(g, dict))
    else:
        return ""
    return ";".join(f"{gid}={status}{FIRED if (status in NOT_PASSED if fired is None else fired) else ''}"
                    for gid, status, fired in rows if status in KEPT)


def gate_cells_from_result(result: Any, *, marks: bool = False) -> np.ndarray:
    """The cell of every row of a scored :class:`~villagescore.results.Result`, at once.

    Without ``marks`` (as the store keeps them, ``village_years.gates_status``) the cells do not
    say which gates fired. The rows are keyed by their gates' status codes and fired flags (one
    integer a row): each distinct combination's text is made once, so a million village-years take
    a fraction of a second.
    """
    from ..kernel import GATE_STATUSES

    ids = [g.id for g in result.framework.gates]
    if not ids or not len(result):
        return np.full(len(result), "", dtype=object)
    fired = np.asarray(result.fired, dtype=bool).reshape(len(result), len(ids))
    if result.gate_status is None:
        codes = np.where(fired, GATE_STATUSES.index("failed"), GATE_STATUSES.index("passed"))
    else:
        codes = np.asarray(result.gate_status, dtype=np.int64)
    base = 2 * len(GATE_STATUSES)
    codes = codes * 2 + (fired if marks else 0)  # the fired flag in the lowest bit
    if base ** len(ids) < 2 ** 62:  # one integer a row, in base ``base``
        keys = codes @ (base ** np.arange(len(ids), dtype=np.int64))
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    else:
        _, first, inverse = np.unique(codes, axis=0, return_index=True, return_inverse=True)
    texts = [";".join(f"{gid}={GATE_STATUSES[c // 2]}{FIRED if c % 2 else ''}"
                      for gid, c in zip(ids, codes[i].tolist(), strict=True) if GATE_STATUSES[c // 2] in KEPT)
             for i in first.tolist()]
    return np.asarray(texts, dtype=object)[np.asarray(inverse).reshape(-1)]


def store_cells(status: Sequence[str | None], fired: Sequence[str | None]) -> np.ndarray:
    """The cells of store rows: ``gates_status`` marked with ``gates_fired`` (a JSON list of ids).

    A row stored before the gates' status was (``gates_status`` NULL) gives a :data:`DERIVED` cell
    of the gates it fired, each ``failed`` — not "every gate passed". One text per distinct pair.
    """
    import json

    pairs = pd.Series(list(zip(status, fired, strict=True)), dtype=object)
    codes, uniques = pd.factorize(pairs)
    texts = []
    for cell, ids in uniques.tolist():
        ids = set(json.loads(ids or "[]"))
        if cell is None:
            texts.append(DERIVED + ";".join(f"{gid}=failed{FIRED}" for gid in sorted(ids)))
        else:
            texts.append(";".join(part + (FIRED if part.split("=", 1)[0] in ids else "")
                                  for part in cell.split(";") if part))
    return np.asarray(texts, dtype=object)[codes] if len(codes) else np.full(0, "", dtype=object)


def tier_rules(framework: Any) -> tuple[dict[str, Any], ...]:
    """The tiers of ``framework`` as :attr:`~villagescore.compare.table.Run.tier_rules` keeps them."""
    return tuple({"id": x.id, "label": dict(x.label), "min_score": x.min_score,
                  "min_pillar_score": x.min_pillar_score, "min_pillar_scores": dict(x.min_pillar_scores)}
                 for x in framework.tiers)


def with_framework(table: Any, framework: Any) -> Any:
    """``table`` whose runs of ``framework`` (same id and version) know its tiers' pillar minimums and gate caps.

    A result file written before ``min_pillar_scores`` records each tier's ``min_pillar_score`` but not its
    per-pillar minimums, a framework stored before the store's schema version 6 neither: given the framework
    (``compare --framework``), :func:`capped` is exact for them.
    """
    caps = tuple((g.id, g.cap) for g in framework.gates)
    table.runs = [dataclasses.replace(r, tier_rules=tier_rules(framework), gate_caps=caps)
                  if (r.framework_id, r.framework_version) == (framework.id, str(framework.version)) else r
                  for r in table.runs]
    return table


def _parse(cell: Any) -> tuple[dict[str, str], set[str], bool]:
    """``({gate id: status}, gates fired, derived)`` of one cell."""
    if not isinstance(cell, str) or not cell:
        return {}, set(), False
    derived = cell.startswith(DERIVED)
    parts = [p.split("=", 1) for p in cell.lstrip(DERIVED).split(";") if "=" in p]
    return ({gid: s.rstrip(FIRED) for gid, s in parts}, {gid for gid, s in parts if s.endswith(FIRED)}, derived)


def _tier_positions(ratings: np.ndarray, ids: list[str]) -> np.ndarray:
    """Each rating's place among the tier ``ids`` (the last place of an id named twice); ``len(ids)``: none of them."""
    at = {tier: i for i, tier in enumerate(ids)}
    codes, found = factorize_texts(ratings)  # a few distinct ratings: each looked up once
    places = np.array([at.get(x, len(ids)) for x in found.tolist()] + [len(ids)], dtype=np.int64)
    return places[codes]  # a missing rating (code -1) takes the last: len(ids)


def _reach(v: pd.DataFrame, table: Any) -> tuple[np.ndarray, np.ndarray]:
    """Per observation, its rating's tier position and the best position score and minimums would reach.

    Positions count from the best tier (0); ``len(tiers)`` is unrated; ``-1``: not known (a run
    whose tiers lack their minimum scores). Pillar minimums count as far as the run records them
    (a pillar without a score never fails one): the reach is never worse than the true one.
    """
    n = len(v)
    rating, reach = np.full(n, -1), np.full(n, -1)
    run = v["run"].to_numpy()
    for k, r in enumerate(table.runs):
        sel = np.flatnonzero(run == k)
        tiers = r.tier_rules or r.tiers
        if not len(sel) or not tiers or any(x.get("min_score") is None for x in tiers):
            continue
        rating[sel] = _tier_positions(v["rating"].to_numpy(dtype=object)[sel], [x["id"] for x in tiers])
        score = published(v["overall_score"].to_numpy(dtype=float)[sel])  # as rated: docs/scoring.md §7
        pillars = None
        got = np.full(len(sel), len(tiers))
        for i in range(len(tiers) - 1, -1, -1):
            x = tiers[i]
            ok = score >= x["min_score"]
            if x.get("min_pillar_score") is not None or x.get("min_pillar_scores"):
                if pillars is None:
                    pillars = published(table.scores("pillar", r.pillar_ids, obs=v["obs"].to_numpy()[sel]))
                if x.get("min_pillar_score") is not None:
                    ok &= ~(pillars < x["min_pillar_score"]).any(axis=1)
                for pid, least in (x.get("min_pillar_scores") or {}).items():
                    if pid in r.pillar_ids:
                        ok &= ~(pillars[:, r.pillar_ids.index(pid)] < least)
            got[ok] = i
        reach[sel] = got
    return rating, reach


def capped(v: pd.DataFrame, table: Any, gid: str, rows: np.ndarray, positions: tuple[np.ndarray, np.ndarray]
           ) -> np.ndarray:
    """Which of ``rows`` (positions in ``v``, where ``gid`` fired) had their rating capped by gate ``gid``.

    Capped: the rating is the gate's cap and the score with the tiers' minimums would reach a
    better tier (:func:`_reach`). Where the run does not record the cap or the tiers, the rating
    worse than the reach suffices; where neither is known, every row where the gate fired counts.
    """
    rating, reach = positions[0][rows], positions[1][rows]
    run = v["run"].to_numpy()[rows]
    cap = np.full(len(rows), -1)
    for k, r in enumerate(table.runs):
        caps = dict(r.gate_caps)
        tiers = [x["id"] for x in (r.tier_rules or r.tiers)]
        if caps.get(gid) in tiers:
            cap[run == k] = tiers.index(caps[gid])
    known = reach >= 0
    return np.where(~known, True, np.where(cap >= 0, (rating == cap) & (reach < cap), rating > reach))


def _names(v: pd.DataFrame, rows: np.ndarray) -> str:
    """``id year`` of the observations ``rows`` (the first :data:`_SHOWN`, then the count).

    With the run's label where several runs give that year.
    """
    shared = v.groupby("year")["run"].transform("nunique").to_numpy()[rows[:_SHOWN]] > 1
    sub = v.iloc[rows[:_SHOWN]]
    names = [f"{vid} {int(year)}" + (f" ({run})" if many else "") for vid, year, run, many in
             zip(sub["village_id"].tolist(), sub["year"].tolist(), sub["run_label"].tolist(), shared.tolist(),
                 strict=True)]
    return ", ".join(names) + (f" … ({len(rows)})" if len(rows) > _SHOWN else "")


def gate_warnings(v: pd.DataFrame, changes: list[dict[str, Any]], labels: Mapping[str, Any], lang: str,
                  table: Any) -> list[dict[str, Any]]:
    """Warnings of the gates that capped the ratings of ``v`` (the observations compared) and of ``changes``.

    ``gate_unknown``: per gate, the village-years whose rating it capped (:func:`capped`) without
    being judged (limit unknown). ``tier_change_gate``: per change of tier over time, the gates that
    capped either rating; the change gets ``gates``: ``[{id, from, to}]`` (the status each year,
    ``null``: passed; ``fired``/``not_fired``: a store row whose statuses were not recorded).
    """
    if "gates" not in v.columns or not len(v):
        return []
    gates = v["gates"]
    # a text column without gaps (a national result's) factorised as it is: the codes and cells of the filled one
    codes, cells = factorize_texts(gates.to_numpy(dtype=object)) if not gates.hasnans else pd.factorize(
        gates.fillna(""))
    parsed = [_parse(c) for c in cells.tolist()]
    # without changes of tier, only the gates that could not be judged somewhere are warned of
    wanted = None if changes else {gid for status, _, _ in parsed for gid, s in status.items() if s == "unknown"}
    capping = _capping(v, table, codes, parsed, wanted)
    out = []
    for gid, where in capping.items():
        rows = np.flatnonzero(where & np.isin(codes, [c for c, (status, _, _) in enumerate(parsed)
                                                      if status.get(gid) == "unknown"]))
        if not len(rows):
            continue
        out.append({"code": "gate_unknown", "gate": gid, "message": gettext(N_(
            "the rating of {villages} is capped by {gate}, which could not be judged for these village-years: its "
            "legal limit is unknown (a context field left empty, or no regulation version in force), so these ratings "
            "do not rest on the scores alone"), lang).format(villages=_names(v, rows), gate=_gate_name(gid, labels,
                                                                                                      lang))})
    if changes:
        out += _change_warnings(v, codes, parsed, capping, changes, labels, lang)
    return out


def _capping(v: pd.DataFrame, table: Any, codes: np.ndarray, parsed: list[tuple[dict[str, str], set[str], bool]],
             wanted: set[str] | None = None) -> dict[str, np.ndarray]:
    """``{gate id: where it capped the rating}`` (a mask over ``v``) of every gate that fired somewhere.

    ``wanted``: only these gates (``None``: every one).
    """
    fired: dict[str, list[int]] = {}
    for c, (_, ids, _) in enumerate(parsed):
        for gid in sorted(ids):
            if wanted is None or gid in wanted:
                fired.setdefault(gid, []).append(c)
    if not fired:  # no gate to follow: the tiers the scores would reach are not needed
        return {}
    positions = _reach(v, table)
    out = {}
    for gid, which in fired.items():
        rows = np.flatnonzero(np.isin(codes, which))
        mask = np.zeros(len(v), dtype=bool)
        mask[rows[capped(v, table, gid, rows, positions)]] = True
        if mask.any():
            out[gid] = mask
    return out


def _change_warnings(v: pd.DataFrame, codes: np.ndarray, parsed: list[tuple[dict[str, str], set[str], bool]],
                     capping: Mapping[str, np.ndarray], changes: list[dict[str, Any]], labels: Mapping[str, Any],
                     lang: str) -> list[dict[str, Any]]:
    """Mark each change of tier with the gates that capped either rating (see :func:`gate_warnings`) and warn."""
    at = {(vid, int(year), run): k for k, (vid, year, run)
          in enumerate(zip(v["village_id"].tolist(), v["year"].tolist(), v["run_label"].tolist(), strict=True))}
    out = []
    for ch in changes:
        if ch.get("tier_change") not in ("up", "down"):
            continue
        rows = [at.get((ch["village_id"], int(ch[end]["year"]), ch[end]["run"])) for end in ("from", "to")]
        ends = [parsed[codes[k]] if k is not None else ({}, set(), False) for k in rows]
        involved = [gid for gid, where in capping.items() if any(k is not None and where[k] for k in rows)]
        if not involved:
            continue
        ch["gates"] = [{"id": gid, "from": _state(ends[0], gid), "to": _state(ends[1], gid)} for gid in involved]
        said = "; ".join(f"{_gate_name(g['id'], labels, lang)}: {_status(g['from'], lang)} {ch['from']['year']} → "
                         f"{_status(g['to'], lang)} {ch['to']['year']}" for g in ch["gates"])
        out.append({"code": "tier_change_gate", "village_id": ch["village_id"], "message": gettext(N_(
            "{village} {before} → {after}: the rating went {way} with mandatory rules involved — {gates}; the change "
            "of tier comes at least in part from them, not from the scores alone"), lang).format(
            village=f"{ch['name']} ({ch['village_id']})" if ch.get("name") else ch["village_id"],
            before=ch["from"]["year"], after=ch["to"]["year"], way=t(f"compare_view.{ch['tier_change']}", lang),
            gates=said)})
    return out


def _state(end: tuple[dict[str, str], set[str], bool], gid: str) -> str | None:
    """A gate's status at one end of a change (``None``: passed); ``fired``/``not_fired`` where not recorded."""
    status, fired, derived = end
    if derived:
        return "fired" if gid in fired else "not_fired"
    return status.get(gid)


def _gate_name(gid: str, labels: Mapping[str, Any], lang: str) -> str:
    """``label (id)``, or the id alone when no label is known (a result file keeps gates by id)."""
    label = labels.get(gid) or {}
    text = label.get(lang) or label.get("en") or label.get("vi") if isinstance(label, Mapping) else None
    return f"{text} ({gid})" if text else gid


def _status(status: str | None, lang: str) -> str:
    return t(f"gate_status.{status or 'passed'}", lang) if status not in ("fired", "not_fired") else \
        t(f"compare_view.gate_{status}", lang)
