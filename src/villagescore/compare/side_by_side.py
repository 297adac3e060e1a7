"""Side by side: named village-years on every shared node, and the indicators that explain each gap.

Only this view reads indicator-level detail, and only for the named observations.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .common import _label, _py, _ref
from .table import LEVELS, ScoreTable

__all__ = ["regulation_warnings"]


def _node_order(shared: Mapping[str, list[str]]) -> pd.DataFrame:
    order = [("overall", "overall")] + [(lvl, n) for lvl in LEVELS for n in shared[lvl]]
    return pd.DataFrame(order, columns=["level", "node"]).assign(_order=range(len(order)))


def _with_overall(v: pd.DataFrame, table: ScoreTable, obs: Iterable[int]) -> pd.DataFrame:
    obs = list(obs)
    sel = table.nodes_of(obs)
    top = v[v["obs"].isin(obs)][["obs", "overall_score"]].rename(columns={"overall_score": "score"})
    top = top.assign(level="overall", node="overall", pillar=None, criterion=None, status=None,
                     weight=np.nan, contribution=np.nan)
    return pd.concat([top, sel], ignore_index=True)


def _side_by_side(v: pd.DataFrame, table: ScoreTable, obs: list[int], shared: Mapping[str, list[str]],
                  top: int, labels: Mapping[str, Mapping[str, str]], lang: str) -> dict[str, Any]:
    vi = v.set_index("obs")
    refs = [_ref(vi.loc[o]) for o in obs]
    long = _with_overall(v, table, obs)
    order = _node_order(shared)
    long = long.merge(order, on=["level", "node"], how="inner")
    wide = long.pivot(index="_order", columns="obs", values="score").reindex(columns=obs).sort_index()
    diff = wide.sub(wide[obs[0]], axis=0)
    meta = long.drop_duplicates("_order").set_index("_order").loc[wide.index, ["level", "node", "pillar", "criterion"]]
    node_rows = [{"level": m.level, "id": m.node, "label": _label(labels.get(m.node), lang, m.node),
                  "pillar": _py(m.pillar), "criterion": _py(m.criterion),
                  "scores": [_py(x) for x in s], "differences": [None] + [_py(x) for x in d[1:]]}
                 for m, s, d in zip(meta.itertuples(), wide.to_numpy(), diff.to_numpy(), strict=True)]
    ind = long[long["level"] == "indicator"]
    contrib = ind.pivot(index="node", columns="obs", values="contribution").reindex(columns=obs).fillna(0.0)
    score = ind.pivot(index="node", columns="obs", values="score").reindex(columns=obs)
    weight = ind.pivot(index="node", columns="obs", values="weight").reindex(columns=obs).fillna(0.0)
    where = ind.drop_duplicates("node").set_index("node")[["pillar", "criterion"]]
    overall = wide.loc[0] if 0 in wide.index else pd.Series(np.nan, index=obs)
    gaps = []
    for k in range(1, len(obs)):
        a, b = obs[0], obs[k]
        d = (contrib[b] - contrib[a]).round(4)
        frame = pd.DataFrame({"difference": d.to_numpy(), "abs": d.abs().to_numpy(), "node": d.index}).sort_values(
            ["abs", "node"], ascending=[False, True], kind="stable")
        gap = overall[b] - overall[a]
        n_top = min(int(top), len(frame))
        top_sum = float(frame["difference"].iloc[:n_top].sum())
        total = float(frame["difference"].sum())
        usable = not (pd.isna(gap) or abs(gap) < 1e-9)
        rows = [{"id": node, "label": _label(labels.get(node), lang, node),
                 "pillar": _py(where.at[node, "pillar"]), "criterion": _py(where.at[node, "criterion"]),
                 "score_a": _py(score.at[node, a]), "weight_a": _py(round(weight.at[node, a], 6)),
                 "contribution_a": _py(contrib.at[node, a]),
                 "score_b": _py(score.at[node, b]), "weight_b": _py(round(weight.at[node, b], 6)),
                 "contribution_b": _py(contrib.at[node, b]),
                 "difference": _py(diff_v), "share_of_gap": _py(diff_v / gap) if usable else None}
                for node, diff_v in zip(frame["node"], frame["difference"], strict=True)]
        gaps.append({
            "a": refs[0], "b": refs[k], "overall_gap": _py(gap), "contributions_gap": _py(total),
            "residual": _py(gap - total) if not pd.isna(gap) else None,
            "top": n_top, "top_difference": _py(top_sum),
            "top_share": _py(top_sum / gap) if usable else None,
            "indicators": rows,
        })
    return {"villages": refs, "reference": refs[0], "nodes": node_rows, "gaps": gaps,
            "regulation_changes": _regulation_changes(node_rows, table.regulations_of(obs), lang)}


def _regulation_changes(node_rows: list[dict[str, Any]], applied: list[dict[str, tuple[str, str | None, Any]]],
                        lang: str) -> list[dict[str, Any]]:
    """Flag the indicators scored against different regulation versions (the legal limit changed between them).

    Each regulated indicator's row gets ``regulations`` (the id applied per village, ``""`` none
    in force, ``None`` not applicable or not recorded) and ``regulation_changed``; the changed
    ones are listed with the versions named (``{"regulation", "document"}`` per village, the
    document in ``lang`` with its declared title: :func:`~villagescore.i18n.legal.document_text`).
    """
    from ..i18n.legal import document_text

    changes = []
    for n in node_rows:
        if n["level"] != "indicator" or not any(n["id"] in a for a in applied):
            continue
        got = [a.get(n["id"]) for a in applied]
        n["regulations"] = [None if g is None else g[0] for g in got]
        n["regulation_changed"] = len({g[0] for g in got if g is not None}) > 1
        if n["regulation_changed"]:
            versions = [None if g is None else {"regulation": g[0],
                                                 "document": g[1] and document_text(g[1], lang, g[2])} for g in got]
            changes.append({"id": n["id"], "label": n["label"], "versions": versions})
    return changes


def regulation_warnings(side: Mapping[str, Any] | None, lang: str, partial: Sequence[str] = ()
                        ) -> list[dict[str, Any]]:
    """The comparison's warnings when side-by-side indicators were scored against different regulation versions.

    ``partial``: the labels of the side-by-side runs that recorded the versions applied only in
    part (:meth:`~villagescore.compare.table.ScoreTable.partial_regulations`): a warning says
    a change of regulation may go unflagged there.
    """
    from ..i18n import N_, gettext, t

    out = []
    changes = (side or {}).get("regulation_changes") or []
    if changes:
        none = t("regulation_none_in_force", lang)
        listed = "; ".join(f"{c['id']}: " + " → ".join("—" if v is None else v["regulation"] or none
                                                        for v in c["versions"]) for c in changes)
        out.append({"code": "regulation_differs", "indicators": [c["id"] for c in changes],
                    "message": gettext(N_("{n} indicator(s) of the side-by-side view were scored against different "
                                          "regulation versions ({list}): their difference comes in part from the "
                                          "change of regulation, not only from the villages"),
                                       lang).format(n=len(changes), list=listed)})
    if side and partial:
        out.append({"code": "regulations_not_recorded", "runs": list(partial),
                    "message": gettext(N_("{runs}: stored before the results store recorded every regulation version "
                                          "applied: an indicator that had no version in force, or that was left out "
                                          "of the score for an unverified limit, has no version recorded, so a "
                                          "change of regulation on it is not flagged (to record them, remove the "
                                          "evaluation from the store and add its dataset again)"),
                                       lang).format(runs="; ".join(partial))})
    return out
