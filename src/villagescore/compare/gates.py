"""The mandatory rules (gates) behind the ratings compared: not judged (limit unknown) or failed.

A rating moves with the score, and with the gates that cap it: a village whose score rose can
drop a tier because a gate could not be judged the second year (its legal limit unknown there,
e.g. a context field left empty). The tables of a comparison hold, per observation, the gates
that were not passed as one text cell (``villages["gates"]``, ``"gate.a=unknown;gate.b=failed"``,
built by :func:`record_cell` and :func:`gate_cells_from_result`), read from a result file's
``gates.status`` or from a fresh result;
:func:`gate_warnings` turns them into the comparison's warnings: the observations whose rating a
gate of unknown limit capped, and each change of tier over time with a gate involved, which is
also marked on the change itself (``changes[k]["gates"]``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..i18n import N_, gettext, t

__all__ = ["record_cell", "gate_cells_from_result", "gate_warnings", "NOT_PASSED"]

#: Gate statuses that cap a rating, in the result document's words.
NOT_PASSED = ("failed", "unknown", "missing")
#: Most gates whose statuses make one 64-bit key a row (5 ** 27 would overflow).
_KEYED = 26
#: Village-years a warning names one by one (then a count).
_SHOWN = 10


def record_cell(gates: Any, ids: Sequence[str]) -> str:
    """``"id=status;…"`` of a result record's gates not passed (:data:`NOT_PASSED`), ``""`` when none.

    ``gates``: a version-2 record's ``{"status": [...], "fired": [...]}`` (statuses in the order of
    ``ids``, the header's ``framework.gates``), or a version-1 record's list of ``{id, status, …}``.
    """
    if isinstance(gates, dict):
        pairs = zip(ids, gates.get("status") or (), strict=False)
    elif isinstance(gates, list):
        pairs = ((g.get("id"), g.get("status")) for g in gates if isinstance(g, dict))
    else:
        return ""
    return ";".join(f"{gid}={status}" for gid, status in pairs if status in NOT_PASSED)


def gate_cells_from_result(result: Any) -> np.ndarray:
    """:func:`record_cell` of every row of a scored :class:`~villagescore.results.Result`, at once.

    The rows are keyed by their gates' status codes (one integer a row): each distinct combination's
    text is made once, so a million village-years take a fraction of a second.
    """
    from ..kernel import GATE_STATUSES

    ids = [g.id for g in result.framework.gates]
    if not ids or not len(result):
        return np.full(len(result), "", dtype=object)
    if result.gate_status is None:
        codes = np.where(np.asarray(result.fired, dtype=bool), GATE_STATUSES.index("failed"),
                         GATE_STATUSES.index("passed"))
    else:
        codes = np.asarray(result.gate_status, dtype=np.int64)
    if len(ids) <= _KEYED:  # one integer a row, in base len(GATE_STATUSES)
        keys = codes @ (len(GATE_STATUSES) ** np.arange(len(ids), dtype=np.int64))
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    else:
        _, first, inverse = np.unique(codes, axis=0, return_index=True, return_inverse=True)
    texts = [";".join(f"{gid}={GATE_STATUSES[c]}" for gid, c in zip(ids, codes[i].tolist(), strict=True)
                      if GATE_STATUSES[c] in NOT_PASSED) for i in first.tolist()]
    return np.asarray(texts, dtype=object)[np.asarray(inverse).reshape(-1)]


def _parse(cell: Any) -> dict[str, str]:
    """``{gate id: status}`` of one cell (nothing for an observation whose gates were not recorded)."""
    if not isinstance(cell, str) or not cell:
        return {}
    return dict(part.split("=", 1) for part in cell.split(";") if "=" in part)


def gate_warnings(v: pd.DataFrame, changes: list[dict[str, Any]], labels: Mapping[str, Any], lang: str
                  ) -> list[dict[str, Any]]:
    """Warnings of the gates behind the ratings of ``v`` (the observations compared) and of ``changes``.

    ``gate_unknown``: per gate, the village-years whose rating it capped without being judged
    (limit unknown). ``tier_change_gate``: per change of tier over time, the gates unknown in either
    year or whose status differs between them; the change gets ``gates``: ``[{id, from, to}]``
    (the status each year; ``null``: passed or not applicable).
    """
    if "gates" not in v.columns:
        return []
    parsed = [_parse(c) for c in v["gates"].tolist()]
    out = []
    unknown: dict[str, list[str]] = {}
    for gates, vid, year in zip(parsed, v["village_id"].tolist(), v["year"].tolist(), strict=True):
        for gid, status in gates.items():
            if status == "unknown":
                unknown.setdefault(gid, []).append(f"{vid} {int(year)}")
    for gid, where in unknown.items():
        shown = ", ".join(where[:_SHOWN]) + (f" … ({len(where)})" if len(where) > _SHOWN else "")
        out.append({"code": "gate_unknown", "gate": gid, "message": gettext(N_(
            "the rating of {villages} is capped by {gate}, which could not be judged there: its legal limit is "
            "unknown (a context field left empty, or no regulation version in force): these ratings do not rest on "
            "the scores alone"), lang).format(villages=shown, gate=_gate_name(gid, labels, lang))})
    if changes:
        out += _change_warnings(v, parsed, changes, labels, lang)
    return out


def _change_warnings(v: pd.DataFrame, parsed: list[dict[str, str]], changes: list[dict[str, Any]],
                     labels: Mapping[str, Any], lang: str) -> list[dict[str, Any]]:
    """Mark each change of tier with the gates involved (see :func:`gate_warnings`) and warn of it."""
    at = {(vid, int(year), run): k for k, (vid, year, run)
          in enumerate(zip(v["village_id"].tolist(), v["year"].tolist(), v["run_label"].tolist(), strict=True))}
    out = []
    for ch in changes:
        if ch.get("tier_change") not in ("up", "down"):
            continue
        a, b = (at.get((ch["village_id"], int(ch[end]["year"]), ch[end]["run"])) for end in ("from", "to"))
        before, after = (parsed[k] if k is not None else {} for k in (a, b))
        involved = [gid for gid in dict.fromkeys([*before, *after])
                    if "unknown" in (before.get(gid), after.get(gid)) or before.get(gid) != after.get(gid)]
        if not involved:
            continue
        ch["gates"] = [{"id": gid, "from": before.get(gid), "to": after.get(gid)} for gid in involved]
        said = "; ".join(f"{_gate_name(gid, labels, lang)}: {_status(before.get(gid), lang)} {ch['from']['year']} → "
                         f"{_status(after.get(gid), lang)} {ch['to']['year']}" for gid in involved)
        out.append({"code": "tier_change_gate", "village_id": ch["village_id"], "message": gettext(N_(
            "{village} {before} → {after}: the rating went {way} with mandatory rules involved — {gates}; the change "
            "of tier comes at least in part from them, not from the scores alone"), lang).format(
            village=f"{ch['name']} ({ch['village_id']})" if ch.get("name") else ch["village_id"],
            before=ch["from"]["year"], after=ch["to"]["year"], way=t(f"compare_view.{ch['tier_change']}", lang),
            gates=said)})
    return out


def _gate_name(gid: str, labels: Mapping[str, Any], lang: str) -> str:
    """``label (id)``, or the id alone when no label is known (a result file keeps gates by id)."""
    label = labels.get(gid) or {}
    text = label.get(lang) or label.get("en") or label.get("vi") if isinstance(label, Mapping) else None
    return f"{text} ({gid})" if text else gid


def _status(status: str | None, lang: str) -> str:
    return t(f"gate_status.{status or 'passed'}", lang)
