"""Pass 3 of loading a framework: resolve the document against the registry into a :class:`Framework`.

Every indicator, scorer, aggregator, sector, regulation and tier the file names must
exist (registered by a plugin, or declared in the file itself); every scorer checks its
parameters (its schema, then its own ``check``); sibling weights may not sum to zero;
sector criteria of installed sectors join the pillars that accept them. Every problem is
collected with the file and JSON path before one :class:`FrameworkError` is raised.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..aggregation import DEFAULT_AGGREGATOR
from ..catalogue.build import Builder
from ..citations import distinct_references
from ..errors import FrameworkError, Problem, SaidText, problem, said
from ..i18n import N_
from ..model import (
    CriterionNode,
    Framework,
    IndicatorNode,
    MissingDataPolicy,
    PillarNode,
    Threshold,
    ThresholdVersion,
    limit_references,
)
from ..objects import Field, Indicator, Reference, Regulation
from .checks import (
    DECLARED_BY_PLUGIN,
    DUPLICATE_ID,
    RESERVED_NODE_ID,
    RESERVED_NODE_IDS,
    SHOWN_KNOWN,
    UNKNOWN_FILE_SECTOR,
    UNKNOWN_PLUGIN_SECTOR,
    ZERO_WEIGHTS,
    did_you_mean,
    json_path,
    known_list,
    unknown_requires,
    value_errors,
)
from .gates import resolve_gates
from .rating import resolve_tiers
from .replacing import link_regulations
from .scorer_check import scorer_check_or_slip
from .sectors import SectorJoin
from .thresholds import cited_regulations, limits_to_cite, resolve_threshold
from .unused_limit import takes_limit, warn_unused_limit

__all__ = ["Resolver", "LOCAL_PLUGIN_PREFIX"]

#: Objects declared in a framework file are recorded as given by ``framework:<id>``.
LOCAL_PLUGIN_PREFIX = "framework:"


class Resolver:
    """Resolves one framework document; :meth:`build` returns the :class:`Framework` or raises."""

    def __init__(self, doc: Mapping[str, Any], name: str, registry: Any) -> None:
        self.doc = doc
        self.name = name
        self.reg = registry
        self.problems: list[Problem] = []
        self.local_fields: dict[str, Field] = {}
        self.fields: dict[str, Field] = dict(registry.fields)
        self.indicators: dict[str, Indicator] = dict(registry.indicators)
        self.regulations: dict[str, Regulation] = dict(registry.regulations)
        self.local_regulations: set[str] = set()
        self.refused_regulations: set[str] = set()  # declared by the file but refused: said once, where declared
        self.cited: set[str] = set()
        #: ``{path in the document: path in the overlay file}`` of what an overlay set (loading.expand)
        self.overlaid: Mapping[str, str] = {}
        self._declare_local()

    # ---- helpers ----

    def problem(self, path: str, message: str, allowed: str = "", params: dict[str, Any] | None = None) -> None:
        """Record a problem at ``path`` (with ``params``, ``message`` is a template marked for translation)."""
        if params is None:
            self.problems.append(Problem(self.name, path, message, allowed=allowed))
        else:
            self.problems.append(problem(self.name, path, message, params=params, allowed=allowed))

    def unknown(self, path: str, template: str, name: str, known: Iterable[str], params: dict[str, Any],
                most: int | None = None) -> None:
        """Record an unknown id: "did you mean …?" for a slip, then the known ids (the first ``most``, else all).

        ``template`` names ``name``.
        """
        known = list(known)
        params = {**params, "known": known_list(known, most)}
        template, params = did_you_mean(template, params, name, known)
        self.problem(path, template, "{known}", params=params)

    def unique(self, seen: dict[str, str], ident: str, path: str, what: str) -> None:
        """Record a duplicate id, or a pillar or criterion id reserved for the overall score."""
        if what == "pillar/criterion" and ident in RESERVED_NODE_IDS:
            self.problem(path, RESERVED_NODE_ID, params={"id": ident})
        if ident in seen:
            self.problem(path, DUPLICATE_ID[what], params={"id": ident, "first": seen[ident]})
        else:
            seen[ident] = path

    def check_weights(self, items: list[Mapping[str, Any]], path: str, what: str, extra: float = 0.0) -> None:
        """Sibling weights (plus ``extra``, a sector block) must not sum to 0."""
        if items and sum(float(i["weight"]) for i in items) + extra <= 0:
            self.problem(path, ZERO_WEIGHTS[what], params={})

    def policy(self, spec: Mapping[str, Any] | None, default: MissingDataPolicy) -> MissingDataPolicy:
        """The missing-data policy of a node (``default`` when it gives none)."""
        if not spec:
            return default
        return MissingDataPolicy(spec["policy"], float(spec.get("min_coverage", default.min_coverage)))

    def aggregator(self, name: str | None, default: Any, path: str) -> Any:
        """The aggregator ``name`` (``default`` when none is given)."""
        if name is None:
            return default
        found = self.reg.aggregators.get(name)
        if found is None:
            self.unknown(path, N_("unknown aggregator {name!r}{hint}"), name, self.reg.aggregators,
                         {"name": name, "hint": self.reg.failure_hint("register_aggregators")})
            return default
        return found

    # ---- objects declared in the file ----

    def _declare_local(self) -> None:
        plugin = f"{LOCAL_PLUGIN_PREFIX}{self.doc.get('id', '')}"
        builder = Builder(self.name, allow_compute=False)
        for kind, target, make in (("regulations", self.regulations, builder.regulation),
                                   ("fields", self.fields, builder.field),
                                   ("indicators", self.indicators, builder.indicator)):
            seen: dict[str, str] = {}
            for i, spec in enumerate(self.doc.get(kind, ())):
                path = f"$.{kind}[{i}]"
                self.unique(seen, spec["id"], path, kind[:-1])
                obj = make(spec, path)
                if obj is None:
                    self.refused_regulations.update([spec["id"]] if kind == "regulations" else [])
                    continue
                other = target.get(obj.id)
                if other is not None and other.plugin and not other.plugin.startswith(LOCAL_PLUGIN_PREFIX):
                    self.problem(f"{path}.id", DECLARED_BY_PLUGIN[kind[:-1]],
                                 params={"id": obj.id, "plugin": other.plugin})
                    continue
                obj = _with_plugin(obj, plugin)
                target[obj.id] = obj
                if kind == "fields":
                    self.local_fields[obj.id] = obj
                if kind == "regulations":
                    self.local_regulations.add(obj.id)
        self.problems.extend(builder.problems)
        unknown_requires(self)
        link_regulations(self)

    # ---- references and thresholds ----

    def cite(self, ref: Mapping[str, Any], path: str) -> list[dict[str, Any]]:
        """A reference as JSON: a cited regulation (and limit) completed from its declaration, a "" text left out."""
        ref = {k: v for k, v in ref.items() if not (k in ("document", "provision") and v == "")}  # as Reference does
        ident = ref.get("regulation")
        reg = self.regulations.get(ident) if ident else None
        if not ident or (reg is None and ident in self.refused_regulations):
            return [ref]
        if reg is None:
            self.unknown(path, N_("unknown regulation {id!r}{hint}"), ident, sorted(self.regulations),
                         {"id": ident, "hint": self.reg.failure_hint("register_regulations")})
            return [dict(ref)]
        self.cited.add(ident)
        if ref.get("limit"):
            try:
                limit = reg.limit(ref["limit"])
            except KeyError:
                self.unknown(f"{path}.limit", N_("regulation {id!r} sets no limit {limit!r}"), ref["limit"],
                             [item.id for item in reg.limits], {"id": ident, "limit": ref["limit"]})
                return [dict(ref)]
            refs = limit_references(ThresholdVersion(reg, limit, ref.get("note", "")), own_note=True)
            extra = {k: v for k, v in ref.items() if k not in ("regulation", "limit", "note")}
            return [dict(r, limit=limit.id, **extra) for r in refs]
        out: dict[str, Any] = {"regulation": ident, "document": reg.document}
        out.update((k, v) for k, v in ref.items() if k not in ("regulation", "document"))
        for key in ("valid_from", "valid_to"):
            if getattr(reg, key) and key not in out:
                out[key] = getattr(reg, key)
        if reg.sources and "url" not in out:
            out["url"] = reg.sources[0]
        out.setdefault("confidence", reg.confidence)
        return [out]

    def threshold(self, spec: Mapping[str, Any] | None, path: str, report: Any = None, *,
                  in_plugin: bool = False) -> Threshold | None:
        """The threshold of ``spec`` (its regulations are then cited by the framework).

        ``report`` receives its problems (:meth:`problem` by default); ``in_plugin``: the
        threshold is a plugin's, given in its code.
        """
        if spec is not None and cited_regulations(spec) & self.refused_regulations:
            return None  # a regulation the file declares was refused: said where it is declared
        threshold = resolve_threshold(spec, path, self.regulations, self.fields, report or self.problem,
                                      hint=self.reg.failure_hint("register_regulations"), in_plugin=in_plugin)
        if threshold is not None:
            self.cited.update(v.regulation.id for v in threshold.versions)
        return threshold

    # ---- the tree ----

    def indicator(self, spec: Mapping[str, Any], path: str, pillar_id: str, criterion_id: str) -> IndicatorNode | None:
        """An indicator placed in a criterion: its scorer, threshold and references resolved."""
        ident = spec["id"]
        ind = self.indicators.get(ident)
        if ind is None:
            hint = self.reg.failure_hint("register_indicators")
            self.unknown(f"{path}.id", N_("unknown indicator {indicator}: no installed plugin registers it and this "
                                          "file does not declare it{hint}"), ident, sorted(self.indicators),
                         {"indicator": repr(ident), "hint": hint}, most=SHOWN_KNOWN)
            return None
        scorer_spec = spec.get("scorer") or ind.scorer
        if not scorer_spec:
            self.problem(f"{path}.scorer", N_("indicator {id!r} has no default scorer; give one here"),
                         params={"id": ident})
            return None
        scorer = self.reg.scorers.get(scorer_spec["method"])
        if scorer is None:
            self.unknown(f"{path}.scorer.method", N_("unknown scorer {name!r}{hint}"), scorer_spec["method"],
                         self.reg.scorers, {"name": scorer_spec["method"],
                                            "hint": self.reg.failure_hint("register_scorers")})
            return None
        threshold_spec = spec.get("threshold", ind.threshold)
        # the threshold a plugin gives in its code (a sector criterion lists it as its own): said as the plugin's
        in_plugin = ("threshold" not in spec or spec["threshold"] is ind.threshold) and not ind.plugin.startswith(
            LOCAL_PLUGIN_PREFIX)
        if "threshold" in spec:
            threshold_path, report = f"{path}.threshold", None
        elif in_plugin:
            threshold_path, report = "$.threshold", self._plugin_threshold(ind, path)
        else:  # the file declares the indicator, with its threshold
            threshold_path, report = f"{self.declared_at(ident)}.threshold", None
        threshold = self.threshold(threshold_spec, threshold_path, report, in_plugin=in_plugin)
        if threshold is not None and "threshold" not in spec and "scorer" in spec and not takes_limit(scorer):
            warn_unused_limit(self.name, ident, scorer, threshold)  # the file's own scorer: scored without the limit
            threshold = None
        # a threshold given but refused (an unknown regulation or limit) is said once, at its own path:
        # the missing limit it would have given is not said again
        limit_refused = threshold is None and threshold_spec is not None
        params = dict(scorer_spec.get("params") or {})
        props = scorer.params_schema.get("properties", {})
        if "limit" in props and "limit" not in params:
            if threshold is not None and not threshold.per_village:
                params["limit"] = threshold.value
            elif threshold is None and not limit_refused:
                cite = limits_to_cite(ind.references, self.regulations)
                self.problem(path, N_("scorer {scorer!r} needs a limit, and indicator {id!r} has no default threshold: "
                                      "give it one here citing the limit its references name, threshold: {cite}, or "
                                      "write the number as params.limit") if cite else
                             N_("scorer {scorer!r} needs a limit: give a 'threshold' (with its regulation) or "
                                "params.limit"), params={"scorer": scorer.name, "id": ident, "cite": cite})
        self.scorer_params(scorer, params, f"{path}.scorer.params", threshold, ind, threshold_path,
                           limit_refused=limit_refused or (threshold is None and "limit" in props))
        sectors = tuple(spec.get("sectors", ind.sectors))
        plugins_slip = "sectors" not in spec and bool(ind.plugin)  # not the file's: the plugin's own sectors
        for j, sector in enumerate(sectors):
            if sector not in self.reg.sectors:
                self.unknown(f"{path}.sectors[{j}]", UNKNOWN_PLUGIN_SECTOR if plugins_slip else UNKNOWN_FILE_SECTOR,
                             sector, self.reg.sectors, {"sector": sector, "id": ident, "plugin": ind.plugin,
                                                        "hint": self.reg.failure_hint("register_sectors")})
        references = [c for r in ind.references
                      for c in self.cite(r.to_dict() if isinstance(r, Reference) else r, f"{path}.references")]
        references += [c for k, r in enumerate(spec.get("references", []))
                       for c in self.cite(r, f"{path}.references[{k}]")]
        if threshold is not None:
            references += threshold.references()
        references = distinct_references(references)
        return IndicatorNode(
            id=ident, weight=float(spec["weight"]), indicator=ind, scorer=scorer, params=params,
            sectors=sectors, pillar=pillar_id, criterion=criterion_id, threshold=threshold,
            references=tuple(references), rationale=spec.get("rationale", ""),
        )

    def _plugin_threshold(self, ind: Indicator, path: str) -> Any:
        """A problem reporter for the threshold plugin ``ind.plugin`` gives ``ind`` in its code: said at ``path``."""

        def report(where: str, message: str, allowed: str = "", params: dict[str, Any] | None = None) -> None:
            slip = message if params is None else said(SaidText, message, **params)
            self.problem(path, N_("the threshold plugin {owner!r} gives indicator {owned!r} in its code ({at}): "
                                  "{slip}; fix the plugin, or give the indicator a threshold here"),
                         allowed, params={**(params or {}), "owner": ind.plugin, "owned": ind.id, "at": where,
                                          "slip": slip})

        return report

    def declared_at(self, ident: str) -> str:
        """``$.indicators[i]``, where this file declares indicator ``ident`` itself (else ``$``)."""
        for i, spec in enumerate(self.doc.get("indicators", ())):
            if spec.get("id") == ident:
                return f"$.indicators[{i}]"
        return "$"

    def scorer_params(self, scorer: Any, params: dict[str, Any], path: str, threshold: Threshold | None,
                      ind: Indicator, threshold_path: str, *, limit_refused: bool = False) -> None:
        """Check a scorer's parameters: its schema, then its own ``check``.

        ``limit_refused``: the indicator's threshold was refused, or its missing limit said (once):
        the limit is not missing a second time.
        """
        check = dict(params)
        if threshold is not None and threshold.per_village and "limit" not in check and takes_limit(scorer):
            check["limit"] = 1.0  # filled per village at scoring time
            self.village_limits(scorer, threshold, threshold_path)
        elif limit_refused and "limit" not in check and "limit" in scorer.params_schema.get("properties", {}):
            check["limit"] = 1.0  # a stand-in: the refused threshold is the problem
        for err in value_errors(scorer.params_schema, check):
            self.problem(json_path(err.absolute_path, root=path), N_("scorer {scorer!r}: {error}"),
                         params={"scorer": scorer.name, "error": err.message})
        if scorer.check is not None:
            field = self.fields.get(ind.requires[0]) if ind.compute is None else None
            for where, message in scorer_check_or_slip(scorer, params, field):
                self.problem(f"{path}.{where}" if where else path, message)

    def village_limits(self, scorer: Any, threshold: Threshold, path: str) -> None:
        """Check each limit a village may get as the scorer's ``limit`` (the schema check used a stand-in)."""
        limit_schema = scorer.params_schema.get("properties", {}).get("limit")
        if limit_schema is None:
            return
        for version in threshold.versions:
            lim = version.limit
            values = {k: v["value"] for k, v in lim.values.items()} if lim.by_field else {"value": lim.value}
            for key, value in values.items():
                for err in value_errors(limit_schema, value):
                    where = (f"{path}.values.{key}.value" if lim.id == "inline" and lim.by_field
                             else f"{path} ({version.regulation.id}, limit {lim.id!r}: {key})")
                    self.problem(where, N_("scorer {scorer!r} cannot use {value!r} as its limit: {error}"),
                                 params={"scorer": scorer.name, "value": value, "error": err.message})

    def criterion(self, c: Mapping[str, Any], cpath: str, pillar: Mapping[str, Any], p_policy: MissingDataPolicy,
                  default_agg: Any, seen_ind: dict[str, str], *, sector: str = "", share: float = 1.0,
                  weight: float | None = None) -> CriterionNode:
        """A criterion and its indicators."""
        self.check_weights(c["indicators"], f"{cpath}.indicators", "indicators")
        nodes = []
        for ii, spec in enumerate(c["indicators"]):
            ipath = f"{cpath}.indicators[{ii}]"
            self.unique(seen_ind, spec["id"], ipath, "indicator")
            node = self.indicator(spec, ipath, pillar["id"], c["id"])
            if node is not None:
                nodes.append(node)
        return CriterionNode(
            id=c["id"], label=c["label"], weight=float(c["weight"] if weight is None else weight), pillar=pillar["id"],
            aggregator=self.aggregator(c.get("aggregator"), default_agg, f"{cpath}.aggregator"),
            missing=self.policy(c.get("missing_data"), p_policy), indicators=tuple(nodes),
            rationale=c.get("rationale", ""), sector=sector, share=share,
        )

    def placed(self) -> set[str]:
        """Indicator ids the file places itself (in criteria or in listed sector criteria)."""
        out = set()
        for p in self.doc["pillars"]:
            for c in (*p["criteria"], *p.get("sector_criteria", {}).get("criteria", ())):
                out.update(i["id"] for i in c["indicators"])
        return out

    def pillar(self, p: Mapping[str, Any], ppath: str, policy: MissingDataPolicy, overall_agg: Any,
               seen_nodes: dict[str, str], seen_ind: dict[str, str], joins: SectorJoin) -> PillarNode:
        """A pillar: its own criteria, then its sector block."""
        self.unique(seen_nodes, p["id"], ppath, "pillar/criterion")
        p_policy = self.policy(p.get("missing_data"), policy)
        p_agg = self.aggregator(p.get("aggregator"), overall_agg, f"{ppath}.aggregator")
        block = p.get("sector_criteria")
        block_weight = None if block is None else float(block["weight"])
        self.check_weights(p["criteria"], f"{ppath}.criteria", "criteria", extra=block_weight or 0.0)
        criteria = []
        for ci, c in enumerate(p["criteria"]):
            cpath = f"{ppath}.criteria[{ci}]"
            self.unique(seen_nodes, c["id"], cpath, "pillar/criterion")
            criteria.append(self.criterion(c, cpath, p, p_policy, overall_agg, seen_ind))
        if block is not None:
            criteria += self.sector_block(p, ppath, block, p_policy, overall_agg, seen_nodes, seen_ind, joins)
        return PillarNode(
            id=p["id"], label=p["label"], weight=float(p["weight"]), aggregator=p_agg, missing=p_policy,
            criteria=tuple(criteria), rationale=p.get("rationale", ""), sector_weight=block_weight,
        )

    def sector_block(self, p: Mapping[str, Any], ppath: str, block: Mapping[str, Any], p_policy: MissingDataPolicy,
                     overall_agg: Any, seen_nodes: dict[str, str], seen_ind: dict[str, str],
                     joins: SectorJoin) -> list[CriterionNode]:
        """The sector criteria of a pillar: those listed in the file, then those installed sectors bring."""
        weight = float(block["weight"])
        out = []
        listed = block.get("criteria", ())
        totals: dict[str, float] = {}
        for c in listed:
            totals[c["sector"]] = totals.get(c["sector"], 0.0) + float(c.get("share", 1.0))
        for ci, c in enumerate(listed):
            cpath = f"{ppath}.sector_criteria.criteria[{ci}]"
            self.unique(seen_nodes, c["id"], cpath, "pillar/criterion")
            out.append(self.criterion(dict(c, weight=weight), cpath, p, p_policy, overall_agg, seen_ind,
                                      sector=c["sector"], share=float(c.get("share", 1.0)) / totals[c["sector"]]))
        for node in joins.joined(p["id"]):  # resolved apart: a slip there is its plugin's (SectorJoin)
            cpath = f"{ppath}.sector_criteria (criterion {node.id!r} of sector {node.sector!r})"
            self.unique(seen_nodes, node.id, cpath, "pillar/criterion")
            for ii, ind in enumerate(node.indicators):
                self.unique(seen_ind, ind.id, f"{cpath}.indicators[{ii}]", "indicator")
            out.append(node)
        return out

    def build(self, digest: str) -> Framework:
        """The resolved :class:`Framework`; raises :class:`FrameworkError` listing every problem."""
        doc = self.doc
        defaults = doc.get("defaults", {})
        policy = self.policy(defaults.get("missing_data"), MissingDataPolicy())
        default_agg = self.reg.aggregators.get(DEFAULT_AGGREGATOR)
        overall_agg = self.aggregator(defaults.get("aggregator"), default_agg, "$.defaults.aggregator")
        seen_nodes: dict[str, str] = {}
        seen_ind: dict[str, str] = {}
        joins = SectorJoin(self, self.placed(), policy, overall_agg)
        self.check_weights(doc["pillars"], "$.pillars", "pillars")
        pillars = [self.pillar(p, f"$.pillars[{pi}]", policy, overall_agg, seen_nodes, seen_ind, joins)
                   for pi, p in enumerate(doc["pillars"])]
        tiers, unrated = resolve_tiers(self, {p.id for p in pillars})
        nodes = {node.id: node for p in pillars for c in p.criteria for node in c.indicators}
        gates = resolve_gates(self, seen_ind, nodes, {t.id for t in tiers})
        joins.report(doc["id"])  # first: a sector left out explains the file's problems it causes (a gate on it)
        if self.problems:
            raise FrameworkError(self.problems)
        return Framework(
            id=doc["id"], version=doc["version"], title=doc["title"], sha256=digest, source=self.name,
            document=doc, aggregator=overall_agg, missing=policy,
            regulations={k: self.regulations[k] for k in sorted(self.cited | self.local_regulations)},
            pillars=tuple(pillars), gates=gates, tiers=tiers, status=doc.get("status", ""), unrated=unrated,
            local_fields=dict(sorted(self.local_fields.items())),
            unverified_limits=defaults.get("unverified_limits", "score"),
        )


def _with_plugin(obj: Any, plugin: str) -> Any:
    import dataclasses

    return dataclasses.replace(obj, plugin=plugin)

