"""The resolved framework as a document: what ``framework export`` writes and what the resolved hash covers.

Every indicator is written with its scorer and threshold (defaults from its plugin made
explicit), the sector criteria that joined are listed in their pillar's
``sector_criteria`` with their sector and share, and objects the framework declared
itself are written back. Exporting, validating and evaluating the export gives the same
scores as the original (a test holds it).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from ..model import CriterionNode, Framework, IndicatorNode, Threshold

__all__ = ["regulations_applied", "resolved_document", "resolved_sha256", "resolved_yaml"]


def resolved_sha256(fw: Framework) -> str:
    """SHA-256 of the canonical JSON of :func:`resolved_document` with :func:`regulations_applied`.

    A threshold in the document cites a plugin's limit by id; the values, dates, transitions and
    confidence the citation stands for are hashed with it, so that a changed limit in any plugin's
    regulations file (first- or third-party) changes the hash as it changes the scores. A framework
    citing none is hashed without them: its hash is the one it had before they were hashed.
    """
    doc = dict(resolved_document(fw))
    applied = regulations_applied(fw)
    if applied:  # a framework citing no regulation keeps the hash it had before regulations were hashed
        doc["regulations_applied"] = applied
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def regulations_applied(fw: Framework) -> list[dict[str, Any]]:
    """What scores in each regulation version the thresholds apply, by id: dates, transition, confidence, limits.

    Only the limits thresholds cite (with their values, by category when ``by_field``) and
    the confidence of each, which the unverified-limits policy reads. Prose (titles, notes,
    provisions) is left out: it changes no score.
    """
    cited: dict[str, dict[str, Any]] = {}
    for node in fw.indicators:
        for version in node.threshold.versions if node.threshold is not None else ():
            reg = version.regulation
            entry = cited.setdefault(reg.id, {
                "id": reg.id, "confidence": reg.confidence, "valid_from": reg.valid_from, "valid_to": reg.valid_to,
                "transition": _transition(reg.transition), "limits": {}})
            if reg.in_force_verified_to:  # only when set: the hash of a framework without it is unchanged
                entry["in_force_verified_to"] = reg.in_force_verified_to
            entry["limits"][version.limit.id] = _limit_values(version.limit)
    return [cited[k] for k in sorted(cited)]


def _transition(rule: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if rule is None:
        return None
    return {key: rule[key] for key in ("until", "field", "confidence") if key in rule}


def _limit_values(lim: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"unit": lim.unit, "confidence": lim.confidence}
    if lim.by_field is None:
        out["value"] = lim.value
    else:
        out["by_field"] = lim.by_field
        out["values"] = {k: {key: v[key] for key in ("value", "confidence") if key in v}
                         for k, v in sorted(lim.values.items())}
    return out


def resolved_yaml(fw: Framework) -> str:
    """:func:`resolved_document` as YAML, every value written out (framework files refuse aliases)."""
    import yaml

    class Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:  # noqa: D102 - a shared dict is written twice, not aliased
            return True

    return yaml.dump(resolved_document(fw), Dumper=Dumper, allow_unicode=True, sort_keys=False, width=120)


def resolved_document(fw: Framework) -> dict[str, Any]:
    """The framework as a complete framework document (``schemas/framework.schema.json``)."""
    doc = fw.document
    out: dict[str, Any] = {"id": fw.id, "version": fw.version, "title": dict(fw.title)}
    for key in ("description", "status", "notes"):
        if key in doc:
            out[key] = doc[key]
    out["defaults"] = {"aggregator": fw.aggregator.name, "missing_data": _policy(fw.missing)}
    if fw.unverified_limits != "score":  # written when not the default: a framework without it keeps its hash
        out["defaults"]["unverified_limits"] = fw.unverified_limits
    for key in ("regulations", "fields", "indicators"):
        if doc.get(key):
            out[key] = doc[key]
    out["pillars"] = [_pillar(p, fw) for p in fw.pillars]
    if doc.get("gates"):
        out["gates"] = doc["gates"]
    out["rating"] = doc["rating"]
    return out


def _prose(text: Any) -> Any:
    """A rationale or note as the file writes it: a string, or a ``{vi, en}`` mapping (a plain dict)."""
    return dict(text) if isinstance(text, Mapping) else text


def _policy(policy: Any) -> dict[str, Any]:
    return {"policy": policy.policy, "min_coverage": policy.min_coverage}


def _pillar(p: Any, fw: Framework) -> dict[str, Any]:
    out: dict[str, Any] = {"id": p.id, "label": dict(p.label), "weight": p.weight, "aggregator": p.aggregator.name,
                           "missing_data": _policy(p.missing)}
    if p.rationale:
        out["rationale"] = _prose(p.rationale)
    out["criteria"] = [_criterion(c) for c in p.criteria if not c.sector]
    if p.sector_weight is not None:
        block = [dict(_criterion(c), sector=c.sector, share=c.share) for c in p.criteria if c.sector]
        out["sector_criteria"] = {"weight": p.sector_weight, "criteria": block}
        for c in out["sector_criteria"]["criteria"]:
            c.pop("weight")
    return out


def _criterion(c: CriterionNode) -> dict[str, Any]:
    out: dict[str, Any] = {"id": c.id, "label": dict(c.label), "weight": c.weight, "aggregator": c.aggregator.name,
                           "missing_data": _policy(c.missing)}
    if c.rationale:
        out["rationale"] = _prose(c.rationale)
    out["indicators"] = [_indicator(n) for n in c.indicators]
    return out


def _indicator(n: IndicatorNode) -> dict[str, Any]:
    params = dict(n.params)
    if n.threshold is not None and not n.threshold.per_village and params.get("limit") == n.threshold.value:
        params.pop("limit")
    out: dict[str, Any] = {"id": n.id, "weight": n.weight, "scorer": {"method": n.scorer.name}}
    if params:
        out["scorer"]["params"] = params
    if n.threshold is not None:
        out["threshold"] = threshold_spec(n.threshold)
    if n.sectors:
        out["sectors"] = list(n.sectors)
    if n.rationale:
        out["rationale"] = _prose(n.rationale)
    return out


def threshold_spec(th: Threshold) -> dict[str, Any]:
    """A threshold in the form a framework file writes it."""
    if th.by_date:
        return {"versions": [_citation(v) for v in th.versions]}
    version = th.versions[0]
    if version.limit.id != "inline":
        return _citation(version)
    lim = version.limit
    out: dict[str, Any] = {"regulation": version.regulation.id, "parameter": lim.parameter, "unit": lim.unit,
                           "confidence": lim.confidence}
    for key in ("provision", "column", "note"):
        if getattr(lim, key):
            out[key] = _prose(getattr(lim, key))
    if lim.by_field is None:
        out["value"] = lim.value
    else:
        out["by_field"] = lim.by_field
        out["values"] = {k: {key: _prose(x) for key, x in v.items()} for k, v in lim.values.items()}
    return out


def _citation(version: Any) -> dict[str, Any]:
    out = {"regulation": version.regulation.id, "limit": version.limit.id}
    if version.note:
        out["note"] = _prose(version.note)
    return out
