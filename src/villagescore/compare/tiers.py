"""The rating tiers of a comparison: one list for every run, each framework's own where frameworks differ."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .common import _label, framework_tag
from .run_order import natural_key
from .table import Run

__all__ = ["compared_tiers", "pillar_minimums", "rating_labels", "tier_minimums", "tiers_differ_warnings"]


def _frameworks(runs: Sequence[Run]) -> list[Run]:
    """The first run of each framework (id, version, sha256), frameworks in the canonical run order's.

    Not the order the results were given in: the same inputs in any order give the same tiers; and
    versions as people count them (``1.9`` before ``1.10``), as the comparison's top-level framework.
    """
    first: dict[Any, Run] = {}
    for r in runs:
        first.setdefault(r.signature, r)
    return [first[s] for s in sorted(first, key=lambda s: (
        str(first[s].framework_id), natural_key(first[s].framework_version), framework_tag(first[s].framework)))]


def _defined_alike(definitions: list[dict[str, Any]], frameworks: int) -> bool:
    """Whether every framework defines a tier, with one minimum score and one label."""
    return len(definitions) == frameworks and len({
        (d["min_score"], json.dumps(d["label"], sort_keys=True, ensure_ascii=False)) for d in definitions}) == 1


def compared_tiers(runs: Sequence[Run], lang: str) -> list[dict[str, Any]]:
    """The tiers of every run, best first (by their highest minimum score, then as the frameworks list them).

    Each ``{"id", "label", "min_score"}``, ``label`` in ``lang``. When the runs' frameworks define the
    tiers differently (a minimum score, a label, a tier one lacks), every tier also gets ``by_framework``
    (each framework defining it: its ``framework`` id, version and sha256, ``label`` and ``min_score``),
    and a tier the frameworks do not agree on has ``min_score`` ``None``: no one framework's thresholds
    stand for the others'. With one framework, its tiers as they are.
    """
    frameworks = _frameworks(runs)
    defined: dict[str, list[tuple[Run, dict[str, Any]]]] = {}
    for r in frameworks:
        for t in r.tiers:
            defined.setdefault(t["id"], []).append((r, t))
    differ = len(frameworks) > 1 and not all(
        _defined_alike([t for _r, t in d], len(frameworks)) for d in defined.values())
    order = list(defined)
    out = []
    for tid, d in defined.items():
        first = d[0][1]
        tier = {"id": tid, "label": _label(first["label"], lang, tid),
                "min_score": first["min_score"] if _defined_alike([t for _r, t in d], len(d)) else None}
        if differ:
            tier["by_framework"] = [{"framework": r.framework,
                                     "label": _label(t["label"], lang, tid), "min_score": t["min_score"]}
                                    for r, t in d]
        known = [t["min_score"] for _r, t in d if t["min_score"] is not None]
        out.append((-(max(known) if known else -1), order.index(tid), tier))
    return [tier for *_key, tier in sorted(out, key=lambda x: (x[0], x[1]))]


def pillar_minimums(runs: Sequence[Run], pillars: Sequence[str]) -> dict[str, list[float]]:
    """Each pillar's minimums in the tiers of every run's framework (each once, sorted): what it is printed against.

    A tier's ``min_pillar_score`` (every pillar) and ``min_pillar_scores`` (the pillars it names), as far as
    the source records them (:attr:`Run.tier_rules`: a fresh result, ``--framework``, a result file and a store
    in full; a result file written before ``min_pillar_scores`` its ``min_pillar_score``, a framework stored before
    the store's schema version 6 neither). Several frameworks: the minimums of each, a score printed on its side
    of every one it may be rated against.
    """
    found: dict[str, set[float]] = {p: set() for p in pillars}
    for r in runs:
        for t in r.tier_rules or r.tiers:
            every = t.get("min_pillar_score")
            own = t.get("min_pillar_scores") or {}
            for p in pillars:
                for b in (every, own.get(p)):
                    if b is not None:
                        found[p].add(float(b))
    return {p: sorted(b) for p, b in found.items()}


def tier_minimums(ratings: pd.Series, runs: np.ndarray, table_runs: Sequence[Run]) -> np.ndarray:
    """The lowest score of each rating's tier in its own run's framework, as float64 (NaN: missing or unknown).

    ``runs``: each rating's run (a position in ``table_runs``). One pass per run, not per row.
    """
    out = np.full(len(ratings), np.nan)
    text = np.asarray(ratings.tolist(), dtype=object)
    for k, r in enumerate(table_runs):
        at = np.flatnonzero(runs == k)
        if len(at):
            level = {t["id"]: t["min_score"] for t in r.tiers}
            out[at] = np.array([level.get(x) if isinstance(x, str) else None for x in text[at].tolist()], dtype=float)
    return out


def rating_labels(ratings: pd.Series, runs: np.ndarray, table_runs: Sequence[Run], lang: str,
                  fallback: Mapping[str, str]) -> np.ndarray:
    """Each rating's label in ``lang`` as its own run's framework names the tier (missing where unrated).

    Two frameworks may label one tier id differently (an overlay renaming a tier): a village-year's rating is
    named as the framework that gave it names it. ``runs``: each rating's run (a position in ``table_runs``);
    ``fallback``: the comparison's label of each tier id, for a run that records its tiers without labels
    (an older or trimmed result file). One pass per framework's labels, not per row.
    """
    named: dict[tuple[tuple[str, str], ...], list[int]] = {}  # each framework's labels: the runs naming so
    for k, r in enumerate(table_runs):
        labels = {t["id"]: _label(t["label"], lang, fallback.get(t["id"], t["id"])) for t in r.tiers}
        named.setdefault(tuple(sorted(labels.items())), []).append(k)
    text = pd.Series(ratings.to_numpy(dtype=object), dtype=object)
    out = text.map(fallback).to_numpy(dtype=object)  # a tier its run does not list keeps the comparison's label
    for labels, members in named.items():
        at = np.arange(len(text)) if len(named) == 1 else np.flatnonzero(np.isin(runs, members))
        own = text.iloc[at].map(dict(labels)).to_numpy(dtype=object)
        keep = pd.notna(own)
        out[at[keep]] = own[keep]
    return out


def tiers_differ_warnings(tiers: Sequence[Mapping[str, Any]], lang: str) -> list[dict[str, Any]]:
    """A warning naming the tiers the frameworks define differently, with each framework's minimum score (or name).

    ``tiers``: from :func:`compared_tiers` (``by_framework`` is there only when the frameworks differ).
    """
    from ..i18n import N_, gettext

    frameworks = {json.dumps(d["framework"], sort_keys=True) for t in tiers for d in t.get("by_framework", ())}
    differ = [t for t in tiers if "by_framework" in t and (
        len(t["by_framework"]) < len(frameworks) or len({(d["min_score"], d["label"]) for d in t["by_framework"]}) > 1)]
    if not differ:
        return []
    parts = [_tier_differs(t, len(frameworks), lang) for t in differ]
    message = gettext(N_("the frameworks compared define their rating tiers differently (lowest score of each "
                         "tier, by framework): {tiers}; each village-year's rating and tier change follow its own "
                         "framework's tiers, and the tiers part of the comparison gives each framework's"), lang)
    return [{"code": "tiers_differ", "tiers": [t["id"] for t in differ],
             "message": message.format(tiers="; ".join(parts))}]


def _tier_differs(tier: Mapping[str, Any], frameworks: int, lang: str) -> str:
    """How one tier differs between the frameworks: each one's lowest score, or only its name when that alone differs.

    A tier every framework defines with one lowest score but names differently (an overlay renaming it) is
    said by its names (``Middle (mid): the same lowest score (40), named “Middle” by toy 1.0, “Fair (v2)” by
    toy-v2 2.0``): its minimums, alike, would not say what differs.
    """
    from ..i18n import N_, gettext
    from ..i18n.numbers import format_value

    each = tier["by_framework"]

    alike = [(d["framework"]["id"], d["framework"]["version"]) for d in each]

    def names(d: Mapping[str, Any]) -> str:
        name = f"{d['framework']['id']} {d['framework']['version']}"  # with its short hash where two share it
        return f"{name} {framework_tag(d['framework'])}" if alike.count(alike[each.index(d)]) > 1 else name

    if len(each) == frameworks and len({d["min_score"] for d in each}) == 1:
        named = gettext(N_("“{name}” by {framework}"), lang)
        return gettext(N_("{label} ({id}): the same lowest score ({score}), named {names}"), lang).format(
            label=tier["label"], id=tier["id"], score="—" if each[0]["min_score"] is None else format_value(
                each[0]["min_score"], lang),
            names=", ".join(named.format(name=d["label"], framework=names(d)) for d in each))
    return "{label} ({id}): {each}".format(label=tier["label"], id=tier["id"], each=", ".join(
        f"{'—' if d['min_score'] is None else format_value(d['min_score'], lang)} ({names(d)})" for d in each))
