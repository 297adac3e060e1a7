"""Resolve a framework's gates: the indicator, the cap, and what the condition compares with.

A condition compares with a number written in the file (``value``) or with the legal limit
of the indicator's threshold (``limit``, optionally of one ``column``): such a gate needs an
indicator with a threshold, compares its value (not its score), and may only name a column
that some cited version of the limit has.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..gate import limit_columns
from ..i18n import N_
from ..model import Gate, GateLimit, IndicatorNode
from .checks import SHOWN_KNOWN, did_you_mean, known_list

__all__ = ["resolve_gates", "limit_columns"]


def resolve_gates(resolver: Any, placed: Mapping[str, str], nodes: Mapping[str, IndicatorNode],
                  tier_ids: set[str]) -> tuple[Gate, ...]:
    """The gates of ``resolver``'s document; every problem goes to ``resolver.problem``/``resolver.unknown``.

    ``placed``: the ids of the indicators placed in the tree; ``nodes``: those resolved, by id (a
    gate's limit is its indicator's threshold).
    """
    gates = []
    seen: dict[str, str] = {}
    for i, g in enumerate(resolver.doc.get("gates", [])):
        path = f"$.gates[{i}]"
        resolver.unique(seen, g["id"], path, "gate")
        if g["indicator"] not in resolver.indicators:  # the likely id among all; allowed: those of the tree
            template, params = did_you_mean(
                N_("gate {gate} is on unknown indicator {indicator}: no installed plugin registers it{hint}"),
                {"gate": repr(g["id"]), "indicator": repr(g["indicator"]), "known": known_list(placed, SHOWN_KNOWN),
                 "hint": resolver.reg.failure_hint("register_indicators")}, g["indicator"], resolver.indicators)
            resolver.problem(f"{path}.indicator", template, "{known}", params=params)
        elif g["indicator"] not in placed:
            resolver.problem(f"{path}.indicator", N_("gate {gate!r} is on indicator {indicator!r}, which is not in "
                                                     "this framework's tree"),
                             params={"gate": g["id"], "indicator": g["indicator"]})
        if g["cap"] not in tier_ids:
            resolver.unknown(f"{path}.cap", N_("unknown tier {tier!r}"), g["cap"], sorted(tier_ids),
                             {"tier": g["cap"]})
        cond = g["condition"]
        on = cond.get("on", "value")
        ind = resolver.indicators.get(g["indicator"])
        if ind is not None and ind.direction == "category" and on == "value":
            resolver.problem(f"{path}.condition.on", N_("gate {gate!r}: {indicator!r} is a category indicator, its "
                                                        "value is not a number; compare its score (on: score)"),
                             params={"gate": g["id"], "indicator": g["indicator"]})
        limit = None
        if "limit" in cond:
            limit = _gate_limit(resolver, g, nodes.get(g["indicator"]), f"{path}.condition")
        gates.append(Gate(
            id=g["id"], indicator=g["indicator"], on=on, op=cond["op"],
            value=None if "limit" in cond else float(cond["value"]), cap=g["cap"],
            on_missing=g.get("on_missing", "fire"), on_unknown=g.get("on_unknown", "fire"), label=g.get("label"),
            references=tuple(c for k, r in enumerate(g.get("references", ()))
                             for c in resolver.cite(r, f"{path}.references[{k}]")),
            limit=limit,
        ))
    return tuple(gates)


def _gate_limit(resolver: Any, g: Mapping[str, Any], node: IndicatorNode | None, path: str) -> GateLimit | None:
    """The :class:`GateLimit` of a condition with ``limit`` (``None`` after a problem)."""
    spec = g["condition"]["limit"]
    column = str(spec.get("column", ""))
    if g["condition"].get("on", "value") != "value":
        resolver.problem(f"{path}.on", N_("gate {gate!r} compares the score with a legal limit; a limit applies to "
                                          "the indicator's value: use on: value (or compare the score with a number, "
                                          "'value')"), params={"gate": g["id"]})
        return None
    if node is None:  # the unknown indicator is said above
        return None
    if node.threshold is None:
        if _threshold_refused(resolver, node.id):  # said at the threshold; the gate follows once it is fixed
            return None
        resolver.problem(f"{path}.limit", N_("gate {gate!r} compares with the legal limit of indicator {indicator!r}, "
                                             "which has no threshold: give the indicator a 'threshold' citing its "
                                             "regulation, or write the number in the condition ('value')"),
                         params={"gate": g["id"], "indicator": node.id})
        return None
    if column:
        known = list(dict.fromkeys(c for v in node.threshold.versions for c in limit_columns(v.limit)))
        if column not in known:
            cited = ", ".join(f"{v.regulation.id} {v.limit.id}" for v in node.threshold.versions)
            resolver.unknown(f"{path}.limit.column", N_("gate {gate!r}: no version of the limit of indicator "
                                                        "{indicator!r} ({cited}) has column {column!r}"),
                             column, known, {"gate": g["id"], "indicator": node.id, "cited": cited,
                                             "column": column})
            return None
    return GateLimit(node.threshold, column)


def _threshold_refused(resolver: Any, ident: str) -> bool:
    """Whether indicator ``ident`` was given a threshold (in the file or by its plugin) that resolving refused.

    Called once a gate finds the indicator without a threshold: one given was refused, and its
    problem (an unknown regulation or limit) is said where it is written.
    """
    specs = [ind for pillar in resolver.doc.get("pillars", ()) if isinstance(pillar, Mapping)
             for crit in pillar.get("criteria", ()) if isinstance(crit, Mapping)
             for ind in crit.get("indicators", ()) if isinstance(ind, Mapping) and ind.get("id") == ident]
    registered = resolver.indicators.get(ident)
    default = registered.threshold if registered is not None else None
    return any(spec.get("threshold", default) is not None for spec in specs) or (not specs and default is not None)
