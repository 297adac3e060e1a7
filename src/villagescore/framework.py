"""Load a criteria-framework file, check it, and resolve it against the registry.

Three passes, each collecting every problem before it reports: (1) parse YAML or JSON
safely (no aliases, a size limit); (2) check the document against
``framework.schema.json``; (3) resolve it — every indicator, scorer, aggregator, sector,
regulation and tier it names must exist, every scorer's parameters must match that
scorer's own schema, sibling weights may not sum to zero. Problems name the file and the
JSON path (``$.pillars[0].criteria[1].indicators[2].scorer``).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import math
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .errors import FrameworkError, Problem, UnknownIdError
from .model import (
    CriterionNode,
    Framework,
    Gate,
    IndicatorNode,
    MissingDataPolicy,
    PillarNode,
    Regulation,
    Threshold,
    Tier,
)

__all__ = [
    "load_framework",
    "load_framework_document",
    "resolve_framework",
    "available_frameworks",
    "DEFAULT_FRAMEWORK_ID",
    "MAX_FRAMEWORK_BYTES",
]

DEFAULT_FRAMEWORK_ID = "vn-ttcn-sustainable"
#: Framework files larger than this are refused (a criteria tree is a few hundred KB).
MAX_FRAMEWORK_BYTES = 5 * 1024 * 1024


# ---- pass 1: parse ----


def _yaml_loader():
    """The strict YAML loader (:func:`villagescore.parsing.yaml_loader`)."""
    from .parsing import yaml_loader

    return yaml_loader()


def _fast_yaml(text: str) -> Any:
    """Parse YAML text strictly (:func:`villagescore.parsing.parse_text`)."""
    from .parsing import parse_text

    return parse_text(text, name="<text>", kind="yaml")


def _shares_nodes(root: Any) -> bool:
    """True when a YAML node is reachable twice (the mark of an alias)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        value = node.value
        if isinstance(value, list):
            for item in value:
                if isinstance(item, tuple):
                    stack.extend(item)
                else:
                    stack.append(item)
    return False


def _normalise(value: Any) -> Any:
    """Dates to ISO strings, text to NFC, recursively."""
    if isinstance(value, dict):
        return {_normalise(k): _normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    return value


def load_framework_document(path: str | Path | Any) -> tuple[dict[str, Any], str, str]:
    """Read and parse a framework file; return ``(document, sha256, display name)``.

    Parsing is strict (:func:`villagescore.parsing.load_document`): duplicate keys, aliases,
    bare NaN/Infinity in JSON and YAML 1.1 number forms are refused or read as YAML 1.2.

    Raises
    ------
    FrameworkError
        The file cannot be read, is too large, is not UTF-8, or is not valid YAML/JSON.
    """
    from .errors import DocumentError
    from .parsing import load_document, read_limited

    if isinstance(path, str):
        path = Path(path)
    name = str(path)
    try:
        data = read_limited(path, name=name, max_bytes=MAX_FRAMEWORK_BYTES, label="framework files")
        doc = load_document(data, name=name, max_bytes=MAX_FRAMEWORK_BYTES, label="framework files")
    except DocumentError as exc:
        raise FrameworkError(exc.problems) from None
    if not isinstance(doc, dict):
        msg = f"the top level must be a mapping (id, version, pillars …), not {type(doc).__name__}"
        raise FrameworkError([Problem(name, "$", msg)])
    return _normalise(doc), hashlib.sha256(data).hexdigest(), name


# ---- pass 2: schema ----


def _json_path(parts: Any, root: str = "$") -> str:
    out = root
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _schema_problems(doc: Mapping[str, Any], name: str) -> list[Problem]:
    from villagescore import schemas

    problems = []
    for err in sorted(schemas.validator("framework").iter_errors(doc), key=lambda e: list(map(str, e.path))):
        message = err.message
        if err.validator == "additionalProperties":
            allowed = ", ".join(sorted(err.schema.get("properties", {})))
            message = f"{message}; allowed keys: {allowed}"
        elif err.validator == "oneOf" and "by_field" in err.schema.get("properties", {}):
            message = "a threshold needs either 'value', or 'by_field' with 'values' (not both)"
        problems.append(Problem(name, _json_path(err.absolute_path), message))
    return problems


def _non_finite_problems(value: Any, name: str, path: str = "$") -> list[Problem]:
    """Every NaN or infinite number (YAML ``.nan``/``.inf``, JSON ``NaN``/``Infinity``/``1e400``)."""
    if isinstance(value, float) and not math.isfinite(value):
        return [Problem(name, path, f"{value} is not a finite number")]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _non_finite_problems(v, name, _json_path([k], path))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _non_finite_problems(v, name, _json_path([i], path))]
    return []


# ---- pass 3: resolve ----


class _Resolver:
    def __init__(self, doc: Mapping[str, Any], name: str, registry: Any) -> None:
        self.doc = doc
        self.name = name
        self.reg = registry
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str, allowed: str = "") -> None:
        self.problems.append(Problem(self.name, path, message, allowed=allowed))

    def policy(self, spec: Mapping[str, Any] | None, default: MissingDataPolicy) -> MissingDataPolicy:
        if not spec:
            return default
        return MissingDataPolicy(spec["policy"], float(spec.get("min_coverage", default.min_coverage)))

    def aggregator(self, name: str | None, default: Any, path: str) -> Any:
        if name is None:
            return default
        try:
            return self.reg.aggregator(name)
        except UnknownIdError:
            self.problem(path, f"unknown aggregator {name!r}", ", ".join(self.reg.aggregators))
            return default

    def check_weights(self, items: list[Mapping[str, Any]], path: str, what: str) -> None:
        if items and sum(float(i["weight"]) for i in items) <= 0:
            self.problem(path, f"the weights of these {what} sum to 0; at least one must be positive")

    def unique(self, seen: dict[str, str], ident: str, path: str, what: str) -> None:
        if ident in seen:
            self.problem(path, f"duplicate {what} id {ident!r} (first at {seen[ident]})")
        else:
            seen[ident] = path

    def regulations(self) -> dict[str, Regulation]:
        out: dict[str, Regulation] = {}
        seen: dict[str, str] = {}
        for i, r in enumerate(self.doc.get("regulations", [])):
            path = f"$.regulations[{i}]"
            self.unique(seen, r["id"], path, "regulation")
            out[r["id"]] = Regulation(
                id=r["id"], document=r["document"], confidence=r["confidence"], title=r.get("title"),
                issuing_act=r.get("issuing_act", ""), valid_from=r.get("valid_from"),
                valid_to=r.get("valid_to"), replaces=tuple(r.get("replaces", ())),
                replaced_by=r.get("replaced_by"), sources=tuple(r.get("sources", ())), note=r.get("note", ""),
            )
        for ident, reg in out.items():
            for other in (*reg.replaces, *([reg.replaced_by] if reg.replaced_by else [])):
                if other not in out:
                    self.problem(seen[ident], f"regulation {ident!r} refers to unknown regulation {other!r}")
        return out

    def threshold(self, spec: Mapping[str, Any] | None, path: str, regs: Mapping[str, Regulation]):
        if spec is None:
            return None
        reg = regs.get(spec["regulation"])
        if reg is None:
            self.problem(f"{path}.regulation", f"unknown regulation {spec['regulation']!r}",
                         ", ".join(regs) or "none: add it to 'regulations'")
            return None
        by_field = spec.get("by_field")
        if by_field is not None:
            fld = self.reg.fields.get(by_field)
            if fld is None or fld.type != "category":
                self.problem(f"{path}.by_field", f"{by_field!r} is not a registered category field")
            else:
                keys = set(spec["values"])
                missing = sorted(set(fld.categories) - keys)
                extra = sorted(keys - set(fld.categories))
                if missing:
                    self.problem(f"{path}.values", f"no limit for categories {missing} of {by_field!r}")
                if extra:
                    self.problem(f"{path}.values", f"{extra} are not categories of {by_field!r}",
                                 ", ".join(fld.categories))
        return Threshold(
            regulation=reg, parameter=spec["parameter"], unit=spec["unit"], confidence=spec["confidence"],
            provision=spec.get("provision", ""), column=spec.get("column", ""), value=spec.get("value"),
            by_field=by_field, values=spec.get("values", {}), note=spec.get("note", ""),
        )

    def indicator(self, spec, path, pillar_id, criterion_id, regs) -> IndicatorNode | None:
        ident = spec["id"]
        ind = self.reg.indicators.get(ident)
        if ind is None:
            hint = self.reg.failure_hint()
            self.problem(f"{path}.id", f"unknown indicator {ident!r}: no installed plugin registers it{hint}")
            return None
        scorer_spec = spec.get("scorer") or ind.scorer
        if not scorer_spec:
            self.problem(f"{path}.scorer", f"indicator {ident!r} has no default scorer; give one here")
            return None
        scorer = self.reg.scorers.get(scorer_spec["method"])
        if scorer is None:
            self.problem(f"{path}.scorer.method", f"unknown scorer {scorer_spec['method']!r}",
                         ", ".join(self.reg.scorers))
            return None
        threshold = self.threshold(spec.get("threshold"), f"{path}.threshold", regs)
        params = dict(scorer_spec.get("params") or {})
        props = scorer.params_schema.get("properties", {})
        if "limit" in props and "limit" not in params:
            if threshold is not None and threshold.by_field is None:
                params["limit"] = threshold.value
            elif threshold is None:
                self.problem(f"{path}", f"scorer {scorer.name!r} needs a limit: give a 'threshold' "
                             "(with its regulation) or params.limit")
        self.scorer_params(scorer, params, f"{path}.scorer.params", threshold)
        if threshold is not None and threshold.by_field is not None and "limit" in props and "limit" not in params:
            self.category_limits(scorer, props["limit"], threshold, f"{path}.threshold.values")
        if scorer.name == "categorical" and ind.compute is None:
            self.category_scores(params, ind.requires[0], f"{path}.scorer.params.scores")
        sectors = tuple(spec.get("sectors", ind.sectors))
        for j, sector in enumerate(sectors):
            if sector not in self.reg.sectors:
                self.problem(f"{path}.sectors[{j}]", f"unknown sector {sector!r}", ", ".join(self.reg.sectors))
        references = [r.to_dict() for r in ind.references]
        references += list(spec.get("references", []))
        if threshold is not None:
            references += threshold.references()
        return IndicatorNode(
            id=ident, weight=float(spec["weight"]), indicator=ind, scorer=scorer, params=params,
            sectors=sectors, pillar=pillar_id, criterion=criterion_id, threshold=threshold,
            references=tuple(references), rationale=spec.get("rationale", ""),
        )

    def category_limits(self, scorer, limit_schema, threshold, path) -> None:
        """Check each per-category limit as the scorer's ``limit`` (the schema check used a stand-in)."""
        from jsonschema import Draft202012Validator

        validator = Draft202012Validator(limit_schema)
        for key, spec in threshold.values.items():
            for err in validator.iter_errors(spec["value"]):
                self.problem(f"{path}.{key}.value", f"scorer {scorer.name!r} cannot use {spec['value']!r} as its "
                             f"limit: {err.message}")

    def category_scores(self, params, field_id, path) -> None:
        """A ``categorical`` score for a value the field cannot take is a typo: the real category goes unscored."""
        fld = self.reg.fields.get(field_id)
        if fld is None or fld.type != "category" or not isinstance(params.get("scores"), Mapping):
            return
        for key in params["scores"]:
            if key not in fld.categories:
                self.problem(f"{path}.{key}", f"categorical: {key!r} is not a category of field {field_id!r}",
                             ", ".join(fld.categories))

    def scorer_params(self, scorer, params, path, threshold) -> None:
        from jsonschema import Draft202012Validator

        check = dict(params)
        if threshold is not None and threshold.by_field is not None and "limit" not in check:
            check["limit"] = 1.0  # filled per village at scoring time
        validator = Draft202012Validator(scorer.params_schema)
        for err in validator.iter_errors(check):
            self.problem(_json_path(err.absolute_path, root=path), f"scorer {scorer.name!r}: {err.message}")
        if scorer.name == "bands" and "edges" in params and "scores" in params:
            self.band_params("bands", params["edges"], params["scores"], path, "")
        if scorer.name == "ratio_to_limit":
            from .scoring import DEFAULT_RATIO_EDGES, DEFAULT_RATIO_SCORES

            # the ratio is scored by bands: custom edges need as many scores (and the other way round)
            edges = params.get("edges", DEFAULT_RATIO_EDGES)
            scores = params.get("scores", DEFAULT_RATIO_SCORES)
            default = "" if "scores" in params else " (the default scores)"
            if "edges" not in params:
                default = " (with the default edges 0.5, 0.8, 1.0, 1.5)"
            self.band_params("ratio_to_limit", edges, scores, path, default)
        if scorer.name == "linear" and params.get("worst") == params.get("best") and "worst" in params:
            self.problem(path, "linear: worst and best must differ")
        if scorer.name == "target":
            self.target_params(params, path)

    def band_params(self, method, edges, scores, path, note) -> None:
        if not isinstance(edges, list | tuple) or not isinstance(scores, list | tuple):
            return  # a type error the schema check has reported
        if len(scores) != len(edges) + 1:
            self.problem(path, f"{method}: {len(edges)} edges need {len(edges) + 1} scores, got {len(scores)}{note}")
        if all(isinstance(e, int | float) for e in edges) and list(edges) != sorted(edges):
            self.problem(f"{path}.edges", f"{method}: edges must be in ascending order")

    def target_params(self, params, path) -> None:
        def num(key):
            value = params.get(key)
            return value if isinstance(value, int | float) and not isinstance(value, bool) else None

        low, high, zb, za = num("low"), num("high"), num("zero_below"), num("zero_above")
        if low is not None and high is not None and low > high:
            self.problem(path, f"target: low ({low:g}) must not be above high ({high:g})")
        if zb is not None and low is not None and not zb < low:
            self.problem(f"{path}.zero_below", f"target: zero_below ({zb:g}) must be below low ({low:g})")
        if za is not None and high is not None and not za > high:
            self.problem(f"{path}.zero_above", f"target: zero_above ({za:g}) must be above high ({high:g})")

    def build(self, digest: str) -> Framework:
        doc = self.doc
        defaults = doc.get("defaults", {})
        policy = self.policy(defaults.get("missing_data"), MissingDataPolicy())
        default_agg = self.reg.aggregators.get("weighted_arithmetic")
        overall_agg = self.aggregator(defaults.get("aggregator"), default_agg, "$.defaults.aggregator")
        regs = self.regulations()
        seen_nodes: dict[str, str] = {}
        seen_ind: dict[str, str] = {}
        pillars = []
        self.check_weights(doc["pillars"], "$.pillars", "pillars")
        for pi, p in enumerate(doc["pillars"]):
            ppath = f"$.pillars[{pi}]"
            self.unique(seen_nodes, p["id"], ppath, "pillar/criterion")
            p_policy = self.policy(p.get("missing_data"), policy)
            p_agg = self.aggregator(p.get("aggregator"), overall_agg, f"{ppath}.aggregator")
            self.check_weights(p["criteria"], f"{ppath}.criteria", "criteria")
            criteria = []
            for ci, c in enumerate(p["criteria"]):
                cpath = f"{ppath}.criteria[{ci}]"
                self.unique(seen_nodes, c["id"], cpath, "pillar/criterion")
                self.check_weights(c["indicators"], f"{cpath}.indicators", "indicators")
                nodes = []
                for ii, spec in enumerate(c["indicators"]):
                    ipath = f"{cpath}.indicators[{ii}]"
                    self.unique(seen_ind, spec["id"], ipath, "indicator")
                    node = self.indicator(spec, ipath, p["id"], c["id"], regs)
                    if node is not None:
                        nodes.append(node)
                criteria.append(CriterionNode(
                    id=c["id"], label=c["label"], weight=float(c["weight"]), pillar=p["id"],
                    aggregator=self.aggregator(c.get("aggregator"), overall_agg, f"{cpath}.aggregator"),
                    missing=self.policy(c.get("missing_data"), p_policy), indicators=tuple(nodes),
                    rationale=c.get("rationale", ""),
                ))
            pillars.append(PillarNode(
                id=p["id"], label=p["label"], weight=float(p["weight"]), aggregator=p_agg,
                missing=p_policy, criteria=tuple(criteria), rationale=p.get("rationale", ""),
            ))
        tiers = self.tiers()
        gates = self.gates(seen_ind, {t.id for t in tiers})
        if self.problems:
            raise FrameworkError(self.problems)
        return Framework(
            id=doc["id"], version=doc["version"], title=doc["title"], sha256=digest, source=self.name,
            document=doc, aggregator=overall_agg, missing=policy, regulations=regs,
            pillars=tuple(pillars), gates=gates, tiers=tiers, status=doc.get("status", ""),
        )

    def tiers(self) -> tuple[Tier, ...]:
        tiers = []
        seen: dict[str, str] = {}
        previous = None
        for i, t in enumerate(self.doc["rating"]["tiers"]):
            path = f"$.rating.tiers[{i}]"
            self.unique(seen, t["id"], path, "tier")
            if previous is not None and t["min_score"] >= previous:
                self.problem(f"{path}.min_score", "tiers must be listed best first with strictly "
                             f"decreasing min_score ({t['min_score']} ≥ {previous})")
            previous = t["min_score"]
            pillar_min = t.get("min_pillar_score")
            tiers.append(Tier(t["id"], t["label"], float(t["min_score"]),
                              None if pillar_min is None else float(pillar_min)))
        if tiers and tiers[-1].min_score != 0:
            self.problem(f"$.rating.tiers[{len(tiers) - 1}].min_score",
                         "the last tier must have min_score 0, so that every scored village gets a tier")
        return tuple(tiers)

    def gates(self, indicators: Mapping[str, str], tier_ids: set[str]) -> tuple[Gate, ...]:
        gates = []
        seen: dict[str, str] = {}
        for i, g in enumerate(self.doc.get("gates", [])):
            path = f"$.gates[{i}]"
            self.unique(seen, g["id"], path, "gate")
            if g["indicator"] not in indicators:
                self.problem(f"{path}.indicator", f"gate {g['id']!r} is on indicator {g['indicator']!r}, "
                             "which is not in this framework's tree")
            if g["cap"] not in tier_ids:
                self.problem(f"{path}.cap", f"unknown tier {g['cap']!r}", ", ".join(sorted(tier_ids)))
            cond = g["condition"]
            ind = self.reg.indicators.get(g["indicator"])
            if ind is not None and ind.direction == "category" and cond.get("on", "value") == "value":
                self.problem(f"{path}.condition.on", f"gate {g['id']!r}: {g['indicator']!r} is a category "
                             "indicator, its value is not a number; compare its score (on: score)")
            gates.append(Gate(
                id=g["id"], indicator=g["indicator"], on=cond.get("on", "value"), op=cond["op"],
                value=float(cond["value"]), cap=g["cap"], on_missing=g.get("on_missing", "fire"),
                label=g.get("label"), references=tuple(g.get("references", ())),
            ))
        return tuple(gates)


def resolve_framework(doc: Mapping[str, Any], registry: Any, *, name: str = "<framework>",
                      sha256: str = "") -> Framework:
    """Check ``doc`` against the schema and resolve it; raise :class:`FrameworkError` listing all problems."""
    problems = _non_finite_problems(doc, name) or _schema_problems(doc, name)
    if problems:
        raise FrameworkError(problems)
    if not sha256:
        sha256 = hashlib.sha256(json.dumps(doc, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return _Resolver(doc, name, registry).build(sha256)


def available_frameworks(registry: Any) -> dict[str, Any]:
    """Return ``{framework id: path}`` for every framework file the plugins ship."""
    return {ident: entry[0] for ident, entry in _shipped_documents(registry).items()}


def _shipped_documents(registry: Any) -> dict[str, tuple[Any, dict[str, Any], str, str]]:
    """``{framework id: (path, document, sha256, name)}`` of the shipped framework files."""
    from .errors import PluginError

    out: dict[str, tuple[Any, dict[str, Any], str, str]] = {}
    owner: dict[str, str] = {}
    for source in registry.frameworks:
        try:
            doc, digest, name = load_framework_document(source.path)
        except FrameworkError:
            continue  # reported when that file is used or validated
        ident = doc.get("id")
        if not isinstance(ident, str):
            continue
        if ident in out and out[ident][2] != digest:
            msg = (f"two different frameworks have the id {ident!r}: {out[ident][3]} (plugin {owner[ident]!r}) "
                   f"and {name} (plugin {source.plugin!r}); uninstall or rename one")
            raise PluginError(msg)
        out.setdefault(ident, (source.path, doc, digest, name))
        owner.setdefault(ident, source.plugin)
    return dict(sorted(out.items()))


def load_framework(spec: str | Path | None, registry: Any) -> Framework:
    """Load a framework by path, or by the id of a framework a plugin ships.

    ``None`` means the default framework (``vn-ttcn-sustainable``).

    Raises
    ------
    FrameworkError
        The file is invalid; every problem is listed.
    UnknownIdError
        ``spec`` is neither an existing file nor a known framework id.
    """
    ident = DEFAULT_FRAMEWORK_ID if spec is None else str(spec)
    path = Path(ident)
    if not path.is_file():
        known = _shipped_documents(registry)
        if ident not in known:
            names = ", ".join(known) or "none installed"
            msg = f"framework {ident!r} is neither a file nor a known framework id; known: {names}"
            msg += registry.failure_hint()
            raise UnknownIdError(msg)
        path, doc, digest, name = known[ident]  # parsed once, while looking for the id
    else:
        doc, digest, name = load_framework_document(path)
    return resolve_framework(doc, registry, name=name, sha256=digest)
