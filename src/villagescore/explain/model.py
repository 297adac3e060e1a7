"""The objects an explanation is made of: plan steps, the explanation, its notes and JSON form."""

from __future__ import annotations

import math
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

import numpy as np

from ..citations import in_force_on, references_in
from ..errors import ExplainError  # noqa: F401 (defined here before errors.py held it)
from ..i18n import labelled, t
from ..i18n.legal import document_name, document_text
from ..numbers import json_number

#: Reports of evaluate/pilot include improvement plans only up to this many village-years (each plan
#: re-scores the village several times); use ``villagescore explain`` for any village of a larger result.
MAX_REPORT_PLANS = 20


#: The greedy search stops after this many moves.
MAX_STEPS = 40


_GRID = 101


_EPS = 1e-9


def no_measure_text(sectors: tuple[str, ...] | list[str], lang: str, labels: Any = None) -> str:
    """Said of a step for which no installed sector of the village offers a measure.

    ``labels`` maps a sector id to its ``{"vi": …, "en": …}`` label: each sector is then named
    by its label with the id beside it (``Dệt, nhuộm (khăn bông, lụa) (weaving)``).
    """
    labels = labels or {}
    named = ", ".join(labelled(s, labels.get(s), lang) for s in sectors)
    return t("explain.no_measure_step", lang, sectors=named or "—")


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
    reason: str  # "gate", "score", or "record" (the value is missing: to be recorded, see docs/explain.md)
    gate: str | None = None
    measures: list[str] = dc_field(default_factory=list)
    sectors: tuple[str, ...] = ()  # the village's sectors (whose measures were looked at)

    def to_dict(self, registry: Any, lang: str) -> dict[str, Any]:
        """A JSON-ready mapping, with the labels of the linked measures (or ``no_measure`` saying there is none)."""
        measures = registry.measures() if registry is not None else {}
        out = {
            "indicator": self.indicator, "field": self.field, "from": _plain(self.old), "to": _plain(self.new),
            "score_before": json_number(self.score_before), "score_after": json_number(self.score_after),
            "overall_gain": json_number(self.gain), "reason": self.reason, "gate": self.gate,
            "measures": [{"id": m, "label": measures[m].label[lang] if m in measures else m}
                         for m in (self.measures or [])],
        }
        if not self.measures:
            sectors = getattr(registry, "sectors", None) or {}
            labels = {s: getattr(sectors.get(s), "label", None) for s in self.sectors}
            out["no_measure"] = no_measure_text(self.sectors, lang, labels)
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

    def __repr__(self) -> str:  # a notebook shows this, not the village's whole result
        frame = self.result.frame
        target = self.framework.outcome(self.target_tier) if self.target_tier is not None else None
        reached = self.framework.outcome(self.reached_tier) if self.reached_tier is not None else None
        village, year = frame["village_id"].iloc[self.row], int(frame["year"].iloc[self.row])
        return (f"Explanation(village={village!r}, year={year}, "
                f"score={float(self.result.tree.overall_score[self.row]):.2f}, "
                f"target={target.id if target else None!r}, {len(self.steps)} steps, "
                f"reached={reached.id if reached else None!r})")

    @property
    def framework(self) -> Any:
        """The framework the village was scored with."""
        return self.result.framework

    def note(self, lang: str = "en") -> str:
        """Why the plan is empty or falls short (empty when it reaches the target), in ``lang``."""
        if not self.note_key:
            return ""
        fw = self.framework
        args = dict(self.note_args)
        if "gate" in args:
            gate = next((g for g in fw.gates if g.id == args["gate"]), None)
            args["gate"] = labelled(args["gate"], gate.label if gate else None, lang)
        if "indicator" in args:
            node = next((n for n in fw.indicators if n.id == args["indicator"]), None)
            args["indicator"] = labelled(args["indicator"], node.indicator.label if node else None, lang)
        if args.get("regulation"):
            reg = fw.regulations.get(args["regulation"])
            if reg is not None:
                args["regulation"] = f"{document_name(reg.document, lang, reg.title)} ({reg.id})"
        if self.note_key == "gate_limit_unverified":  # a candidate value, or in force unverified after a date
            args["why"] = _gate_unverified_why(self.result, self.row, self.note_args.get("gate"), lang)
        if "pillars" in args:
            names = {p.id: p.label for p in fw.pillars}
            args["pillars"] = ", ".join(t("overall", lang) if x == "overall" else labelled(x, names.get(x), lang)
                                        for x in args["pillars"].split(";"))
        return t(f"explain.note.{self.note_key}", lang, **args)

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
        v = res.village_dict(i, lang=lang)  # each indicator's flag as the result document's records have it
        t = res.tree
        day = _reference_day(res, i)  # the references cited are those in force then
        pillars = []
        for k, p in enumerate(fw.pillars):
            crits = []
            for c_idx, c in enumerate(fw.criteria):
                if c.pillar != p.id:
                    continue
                inds = [x for x in v["indicators"] if x["criterion"] == c.id]
                crits.append({"id": c.id, "label": c.label[lang], "score": json_number(t.criterion_score[i, c_idx]),
                              "weight_in_pillar": json_number(t.criterion_weight[i, c_idx], 6),
                              "contribution": json_number(sum(x["contribution"] or 0.0 for x in inds)),
                              "indicators": [_indicator_in(x, fw, lang, day)
                                             for x in sorted(inds, key=lambda x: -(x["contribution"] or 0.0))]})
            pillars.append({"id": p.id, "label": p.label[lang], "score": json_number(t.pillar_score[i, k]),
                            "weight": json_number(t.pillar_weight[i, k], 6),
                            "contribution": json_number(np.nan_to_num(t.pillar_weight[i, k] * t.pillar_score[i, k])),
                            "criteria": crits})
        gates = []
        for g_idx, g in enumerate(fw.gates):
            if not res.fired[i, g_idx]:
                continue
            j = [n.id for n in fw.indicators].index(g.indicator)
            value = res.matrix.values[j][i]
            gates.append({"id": g.id, "label": (g.label or {}).get(lang, g.id), "indicator": g.indicator,
                          "status": res.gate_state(i, g_idx),  # failed, or not judged: missing, unknown
                          "value": _plain(value), "rule": g.rule, "condition": g.condition, "on_missing": g.on_missing,
                          "cap": g.cap, "cap_label": fw.tier(g.cap).label[lang],
                          "references": references_in(in_force_on(g.references, fw.regulations, day,
                                                                  _gate_applied(res, i, g_idx, g)),
                                                      fw.regulations, lang),
                          **_gate_limit(res, i, g_idx, g, lang), **_unverified_gate(res, i, g_idx, lang)})
        tier = int(res.rating[i])
        return {
            "kind": "villagescore-explanation",
            "provenance": res.provenance,
            "village": _village(v),
            "overall": v["overall"],
            "estimates": v["estimates"],
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
                "limits_to_verify": _limits_to_verify(res, i, lang),
            },
            "limits_unverified": _limits_scored_unverified(res, i, lang),
            "notices": _notices(res, lang),
            "labels": self._labels(lang),
            "value_labels": self._value_labels(lang),
        }

    def _value_labels(self, lang: str) -> dict[str, dict[str, str]]:
        """For each category indicator, the label in ``lang`` of every code (the views show ``label (code)``)."""
        known = getattr(self.result, "value_labels", None) or {}
        return {ind: {code: (lbl or {}).get(lang) or (lbl or {}).get("en") or code for code, lbl in codes.items()}
                for ind, codes in sorted(known.items()) if codes}

    def _labels(self, lang: str) -> dict[str, str]:
        """The label in ``lang`` of every pillar, indicator, field, gate and tier the explanation names."""
        fw = self.framework
        out = {p.id: p.label[lang] for p in fw.pillars}
        out.update({n.id: n.indicator.label[lang] for n in fw.indicators})
        out.update({g.id: g.label[lang] for g in fw.gates if g.label})
        out.update({tier.id: tier.label[lang] for tier in (*fw.tiers, *([fw.unrated] if fw.unrated else []))})
        fields = getattr(self.registry, "fields", {}) if self.registry is not None else {}
        for step in self.steps:
            field = fields.get(step.field)
            if field is not None and field.label:
                out[step.field] = field.label.get(lang) or field.label.get("en") or step.field
        return dict(sorted(out.items()))

    def ordered_steps(self) -> list[PlanStep]:
        """Gate fixes (and values to record for a gate) first, in the order applied, then the others by overall gain."""
        gates = [s for s in self.steps if s.gate is not None]
        rest = sorted((s for s in self.steps if s.gate is None), key=lambda s: (-s.gain, s.indicator))
        return gates + rest


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


def _reference_day(res: Any, i: int) -> str | None:
    """Row ``i``'s reference date as an ISO day (``None``: no year)."""
    from ..model import reference_dates

    day = reference_dates(res.frame.iloc[[i]])[0]
    return None if np.isnat(day) else str(day)


def _gate_applied(res: Any, i: int, k: int, gate: Any) -> tuple[str, ...]:
    """The regulation version gate ``k``'s limit came from at row ``i`` (none for a gate writing its number)."""
    if gate.limit is None or k not in res.matrix.gate_limits:
        return ()
    applied = res.gate_limit_applied(i, k)["limit_regulation"]
    return (applied,) if applied else ()


def _indicator_in(item: dict[str, Any], fw: Any, lang: str, day: str | None = None) -> dict[str, Any]:
    """An indicator of a village's record with its label, references, regulation document and flag in ``lang``.

    Its references are those in force on ``day`` (:func:`~villagescore.citations.in_force_on`), the
    version it was scored against kept. The flag (a sentence the record writes in English) is said in ``lang``,
    its code beside it (``flag_code``, as the result document's ``flags`` table names it).
    """
    node = fw.indicator_node(item["id"])
    out = dict(item, label=node.indicator.label[lang])
    if out.get("flag") in _FLAG_CODES:
        from ..i18n import gettext

        out.update(flag=gettext(out["flag"], lang), flag_code=_FLAG_CODES[out["flag"]])
    if "references" in out:
        applied = [(item.get("regulation") or {}).get("id")] if isinstance(item.get("regulation"), dict) else []
        out["references"] = references_in(in_force_on(out["references"], fw.regulations, day, applied),
                                          fw.regulations, lang, node.threshold.versions if node.threshold else ())
    regulation = out.get("regulation")
    if isinstance(regulation, dict) and regulation.get("document"):
        reg = fw.regulations.get(regulation.get("id") or "")
        out["regulation"] = dict(regulation, document=document_text(regulation["document"] if reg is None
                                                                    else reg.document, lang, reg and reg.title))
    return out


def _gate_unverified_why(res: Any, i: int, gate_id: Any, lang: str) -> str:
    """Why the legal limit gate ``gate_id`` compares with is unverified at row ``i``, in ``lang``."""
    from ..i18n import gettext
    from ..reports.regulations import gate_unverified_why
    from ..reports.unverified_why import CANDIDATE_VALUE

    k = next((k for k, g in enumerate(res.framework.gates) if g.id == gate_id), None)
    return (gate_unverified_why(res, i, k, lang) if k is not None else "") or gettext(CANDIDATE_VALUE, lang)


def _unverified_gate(res: Any, i: int, k: int, lang: str) -> dict[str, str]:
    """``{"unverified_why": …}`` for a gate unknown at row ``i`` because its limit is unverified there (else ``{}``)."""
    from ..reports.regulations import gate_unverified_why

    why = gate_unverified_why(res, i, k, lang)
    return {"unverified_why": why} if why else {}


def _flag_codes() -> dict[str, str]:
    """Each flag sentence of a village's record (English, as :meth:`Result.village_dict` writes it) to its code.

    Every flag of :data:`~villagescore.resultdoc.codes.FLAGS`, so a new one is said in the language asked too.
    """
    from ..resultdoc.codes import FLAGS

    return {text: code for code, text in FLAGS.items()}


_FLAG_CODES = _flag_codes()


def _limits_to_verify(res: Any, i: int, lang: str) -> list[dict[str, Any]]:
    """The indicators of row ``i`` left out because their limit is unverified: the limit must be checked.

    Collecting data cannot give them a score; checking the limit in the regulation's text can.
    Each: ``indicator``, ``regulation``, ``document``, ``limit`` and ``advice`` (in ``lang``).
    """
    from ..unverified import left_out_in_row

    out = []
    for node, version in left_out_in_row(res, i):
        reg = version.regulation
        names = {"indicator": labelled(node.id, node.indicator.label, lang),
                 "document": document_name(reg.document, lang, reg.title), "regulation": reg.id}
        reason = _in_force_reason(res, i, reg, lang)
        advice = (t("explain.verify_in_force", lang, successor=_successor(res, reg, lang), **names) + reason
                  if reason and _may_trust_values(version) else t("explain.verify_limit", lang, **names) + reason)
        out.append({"indicator": node.id, "regulation": reg.id,
                    "document": document_text(reg.document, lang, reg.title), "limit": version.limit.id,
                    "advice": advice})
    return out


def _may_trust_values(version: Any) -> bool:
    """Whether the version's limit values are all verified (then only its being in force is not)."""
    from ..model import may_be_unverified

    return not may_be_unverified(version.limit)


def _successor(res: Any, regulation: Any, lang: str) -> str:
    """The version that replaced ``regulation``, its document named with its id (else ``its successor (id)``)."""
    from ..i18n import N_, gettext

    successor = res.framework.regulations.get(regulation.replaced_by) if regulation.replaced_by else None
    if successor is not None:
        return f"{document_name(successor.document, lang, successor.title)} ({successor.id})"
    word = gettext(N_("its successor"), lang)
    return f"{word} ({regulation.replaced_by})" if regulation.replaced_by else word


def _limits_scored_unverified(res: Any, i: int, lang: str) -> list[dict[str, Any]]:
    """The indicators of row ``i`` scored against an unverified limit (``--unverified-limits score``).

    Their score stands, but rests on a candidate value: the limit must be checked before a policy
    use. Each: ``indicator``, ``regulation``, ``document``, ``limit`` and ``advice`` (in ``lang``).
    """
    from ..i18n import N_, gettext
    from ..unverified import scored_unverified

    out = []
    for j, mask in sorted(scored_unverified(res).items()):
        if not mask[i]:
            continue
        node = res.framework.indicators[j]
        version = node.threshold.versions[int(res.applied_versions(j)[i])]
        reg = version.regulation
        names = {"indicator": labelled(node.id, node.indicator.label, lang),
                 "document": document_name(reg.document, lang, reg.title), "regulation": reg.id}
        reason = _in_force_reason(res, i, reg, lang)
        if reason and _may_trust_values(version):
            advice = gettext(N_("{indicator} was scored against the limit of {document} ({regulation}), whose values "
                                "are verified but whose being in force on this village-year's reference date is not: "
                                "check whether {successor} is in force on that date before a policy use."),
                             lang).format(successor=_successor(res, reg, lang), **names)
        else:
            advice = gettext(N_("{indicator} was scored against the limit of {document} ({regulation}), which is not "
                                "verified (a candidate value): check it in the regulation's text before a policy "
                                "use."), lang).format(**names)
        advice += reason
        out.append({"indicator": node.id, "regulation": reg.id,
                    "document": document_text(reg.document, lang, reg.title), "limit": version.limit.id,
                    "advice": advice})
    return out


def _in_force_reason(res: Any, i: int, regulation: Any, lang: str) -> str:
    """`` ⚠ <version>: in force after … not verified …`` when that is why its limit is unverified at row ``i``."""
    from ..reports.regulations import in_force_unverified_reason

    reason = in_force_unverified_reason(regulation, res.frame, i, lang)
    return f" ⚠ {reason}." if reason else ""


def _notices(res: Any, lang: str) -> list[dict[str, Any]]:
    """What the reports say at their head of what the scores rest on (:mod:`villagescore.reports.notices`)."""
    from ..reports.notices import report_notices

    return [n.to_dict() for n in report_notices(res, lang)]


def _gate_limit(res: Any, i: int, k: int, gate: Any, lang: str) -> dict[str, Any]:
    """``{"limit": …}`` of a gate that compares with a legal limit: its versions, and the value applied to row ``i``.

    Each version's ``document`` is named in ``lang`` (:func:`~villagescore.citations.references_in`).
    """
    if gate.limit is None:
        return {}
    out = gate.limit.to_dict()
    if out.get("versions"):
        out["versions"] = references_in(out["versions"], res.framework.regulations, lang)
    if k in res.matrix.gate_limits:
        applied = res.gate_limit_applied(i, k)
        out.update(applied=applied["limit"], applied_regulation=applied["limit_regulation"])
    return {"limit": out}


def _village(v: dict[str, Any]) -> dict[str, Any]:
    """The explanation's ``village``: its identity, the former units and the current province (maybe derived)."""
    from ..places import current_province

    province, derived = current_province(v["province"], v["former_province"])
    return {"village_id": v["village_id"], "name": v["name"], "commune": v["commune"], "province": v["province"],
            "province_current": province, "province_derived": derived, "former_commune": v["former_commune"],
            "former_district": v["former_district"], "former_province": v["former_province"],
            "sectors": v["sectors"], "year": v["year"]}
