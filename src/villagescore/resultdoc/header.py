"""The document-level tables of a result document: framework, references, regulations, weight profiles."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import numpy as np

from .codes import FLAGS, SCHEMA_VERSION, STATUS_CODES

if TYPE_CHECKING:
    from ..results import Result

def _transition(rule: Any) -> dict[str, Any]:
    """A regulation's transitional rule as the header keeps it: until, field, provision, confidence."""
    return {k: rule[k] for k in ("until", "field", "provision", "confidence") if rule.get(k) is not None}


def regulation_versions(fw: Any) -> dict[str, Any]:
    """The regulation versions the framework's thresholds cite, by id (the header's ``regulations``).

    Each with its document (and ``title``, ``{vi, en}``, when declared), confidence, dates and
    transitional rule: what a reader needs to know which version a village-year was scored against
    (its record names the id).
    """
    regulations: dict[str, Any] = {}
    for n in fw.indicators:
        for version in (n.threshold.versions if n.threshold is not None else ()):
            reg = version.regulation
            title = {"title": dict(reg.title)} if reg.title else {}
            regulations.setdefault(reg.id, {"document": reg.document, **title, "confidence": reg.confidence,
                                            "valid_from": reg.valid_from, "valid_to": reg.valid_to,
                                            **({"transition": _transition(reg.transition)} if reg.transition else {})})
    return dict(sorted(regulations.items()))


def weight_profiles(result: Result) -> tuple[np.ndarray, list[list[Any]]]:
    """Distinct rows of the effective overall indicator weights (6 decimals), and each village-year's row.

    Villages of the same sectors and data availability share their weights, so a national
    result has a few dozen distinct rows: the document keeps them once (``weight_profiles``)
    and each record names its row. Rows are numbered in order of first appearance.
    """
    from .tables import weight_classes

    classes = weight_classes(result)
    return classes.profile_rows, classes.profiles


def header(result: Result, profiles: list[list[Any]] | None = None) -> dict[str, Any]:
    """The document-level tables: everything but the village records.

    ``profiles``: the weight rows of :func:`weight_profiles` (computed when not given).
    """
    if profiles is None:
        profiles = weight_profiles(result)[1]
    fw = result.framework
    references: list[dict[str, Any]] = []
    index: dict[str, int] = {}

    def ref_numbers(refs: Any) -> list[int]:
        out = []
        for r in refs:
            key = json.dumps(dict(r), sort_keys=True, ensure_ascii=False)
            if key not in index:
                index[key] = len(references)
                references.append(dict(r))
            out.append(index[key])
        return out

    indicators = [{"id": n.id, "pillar": n.pillar, "criterion": n.criterion,
                   "label": dict(getattr(n.indicator, "label", None) or {}), "unit": n.indicator.unit,
                   "references": ref_numbers(n.references),
                   **({} if n.threshold is None else {"versions": [
                       {"regulation": v.regulation.id, "limit": v.limit.id} for v in n.threshold.versions]})}
                  for n in fw.indicators]
    return {
        "schema_version": SCHEMA_VERSION,
        "provenance": result.provenance,
        "framework": {
            "id": fw.id, "version": fw.version, "title": dict(fw.title),
            # the policies the scores were computed with (a run's --unverified-limits replaces the framework's)
            "defaults": {"missing_data": {"policy": fw.missing.policy, "min_coverage": fw.missing.min_coverage},
                         "unverified_limits": fw.unverified_limits},
            "tiers": [{"id": t.id, "label": dict(t.label), "min_score": t.min_score,
                       "min_pillar_score": t.min_pillar_score,
                       "min_pillar_scores": dict(sorted(t.min_pillar_scores.items()))} for t in fw.tiers],
            "pillars": [{"id": p.id, "label": dict(p.label), "weight": p.weight} for p in fw.pillars],
            "criteria": [{"id": c.id, "pillar": c.pillar, "label": dict(c.label)} for c in fw.criteria],
            "indicators": indicators,
            "gates": [{"id": g.id, "indicator": g.indicator, "rule": g.rule, "cap": g.cap,
                       **({"limit": g.limit.to_dict()} if g.limit is not None else {})} for g in fw.gates],
        },
        "references": references,
        "regulations": regulation_versions(fw),
        "weight_profiles": profiles,
        "status_codes": dict(STATUS_CODES),
        "flags": dict(FLAGS),
    }
