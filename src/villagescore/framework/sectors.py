"""Sector criteria: how the indicators of installed sectors join a framework.

A pillar that declares ``sector_criteria: {weight: W}`` accepts them. Every indicator of a
sector (non-empty ``sectors``) whose ``pillar`` is that pillar, and that the framework does
not place itself, is scored there in the criterion its ``criterion`` names. The criteria of
one sector share the block's weight ``W`` among them (by their :class:`SectorCriterion`
weight); for each village-year the engine splits ``W`` equally between the village's
sectors that bring criteria to the pillar (see ``docs/scoring.md``, "Sector criteria").
So a village with two sectors gives sector-specific matters the same part of its pillar
as a village with one, and any installed sector, first- or third-party, is scored for its
villages without editing a framework file.

What a sector brings is its plugin's, not the framework file's: :class:`SectorJoin` resolves
it apart, and a slip in it (a scorer parameter, a threshold, an unknown pillar or a misspelt
criterion close to a declared one) leaves that sector out of the framework with a warning
naming the plugin (an error when the registry is strict), as a plugin failing in a hook is.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
import warnings
from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from ..errors import PluginError, Problem, ProblemLines, SaidText, closest, problem, said
from ..i18n import N_
from ..model import CriterionNode
from ..objects import Indicator, Sector, SectorCriterion

__all__ = ["JoinedCriterion", "SectorJoin", "joined_criteria", "sector_key", "idle_sectors", "SLIP_CUTOFF",
           "collected_joins"]

#: How close an unknown pillar, or a criterion its sector does not declare, must be to a known one to be a slip.
SLIP_CUTOFF = 0.8

_INDICATOR_PATH = re.compile(r"\$\.indicators\[(\d+)\](.*)")

#: Set by :func:`collected_joins`: where :meth:`SectorJoin.report` puts what it would say.
_COLLECTED: ContextVar[list[tuple[tuple[str, ...], Problem]] | None] = ContextVar("collected_joins", default=None)


@contextlib.contextmanager
def collected_joins() -> Iterator[list[tuple[tuple[str, ...], Problem]]]:
    """Collect, instead of warning or raising, every slip and stray the frameworks loaded meanwhile find.

    Yields a list that fills with ``(plugins, problem)``: the plugins whose sector cannot join
    (or whose indicator joins no pillar) and the problem, as :meth:`SectorJoin.report` would say
    them. ``villagescore validate`` of a catalogue reports them as problems of the file.
    """
    found: list[tuple[tuple[str, ...], Problem]] = []
    token = _COLLECTED.set(found)
    try:
        yield found
    finally:
        _COLLECTED.reset(token)


@dataclass(frozen=True)
class JoinedCriterion:
    """A sector criterion of one pillar, before its indicators are resolved."""

    id: str
    sector: str
    label: Mapping[str, str]
    share: float
    indicators: tuple[Indicator, ...]
    rationale: str = ""


def sector_key(sectors: Iterable[str]) -> str:
    """The id of the sector (or sectors, joined with ``+``) a criterion belongs to."""
    return "+".join(sorted(set(sectors)))


def joined_criteria(pillar_id: str, pillar_label: Mapping[str, str], indicators: Iterable[Indicator],
                    sectors: Mapping[str, Sector], placed: set[str]) -> list[JoinedCriterion]:
    """The sector criteria that join pillar ``pillar_id``, ordered by sector then criterion id.

    ``placed`` holds the indicator ids the framework places itself (they do not join again).
    """
    groups: dict[str, list[Indicator]] = {}
    for ind in indicators:
        if ind.sectors and ind.pillar == pillar_id and ind.id not in placed:
            groups.setdefault(ind.criterion or f"{sector_key(ind.sectors)}_{pillar_id}", []).append(ind)
    declared = {(c.id, c.pillar): c for s in sectors.values() for c in s.criteria}
    built = []
    for crit_id, members in groups.items():
        key = sector_key(s for ind in members for s in ind.sectors)
        decl: SectorCriterion | None = declared.get((crit_id, pillar_id))
        label = dict(decl.label) if decl else _default_label(key, pillar_label, sectors)
        weight = decl.weight if decl else 1.0
        built.append((key, crit_id, label, weight, tuple(members), decl.rationale if decl else ""))
    totals: dict[str, float] = {}
    for key, _, _, weight, _, _ in built:
        totals[key] = totals.get(key, 0.0) + weight
    return [JoinedCriterion(crit_id, key, label, weight / totals[key], members, rationale)
            for key, crit_id, label, weight, members, rationale in sorted(built, key=lambda b: (b[0], b[1]))]


def _default_label(key: str, pillar_label: Mapping[str, str], sectors: Mapping[str, Any]) -> dict[str, str]:
    names = [sectors[s].label if s in sectors else {"vi": s, "en": s} for s in key.split("+")]
    return {lang: f"{' + '.join(n[lang] for n in names)}: {pillar_label[lang]}" for lang in ("vi", "en")}


def idle_sectors(framework: Any, named: Iterable[str]) -> list[str]:
    """The sectors among ``named`` that bring no indicator to ``framework`` (their villages get no sector score)."""
    used = {s for node in framework.indicators for s in node.sectors}
    return sorted(set(named) - used)


#: What is said when villages name sectors that bring no indicator (English, marked for translation).
IDLE_SECTORS = N_("sector(s) {sectors} bring no indicator to framework {framework!r}: their villages are scored on "
                  "the framework's own criteria only")


def idle_sectors_said(framework: Any, frame: Any) -> dict[str, Any] | None:
    """The parameters of :data:`IDLE_SECTORS` for the villages of ``frame`` (``None``: every sector named counts).

    The command line prints it as a warning, the Python API issues it as one.
    """
    from ..datasets.identity import named_sectors, sectors_in
    from ..memo import column_codes

    if "sectors" not in frame.columns:
        return None
    # the column's distinct cells as the scoring factorises them (once, within the memo around both)
    cells = column_codes(frame, "sectors")[1]
    named = sectors_in(cells) if all(type(cell) is str for cell in cells) else named_sectors(frame["sectors"])
    idle = idle_sectors(framework, named)
    return {"sectors": ", ".join(idle), "framework": framework.id} if idle else None


class SectorJoin:
    """The sector criteria that join the pillars of one framework, each resolved once, and the sectors left out.

    ``resolver`` is the :class:`~villagescore.framework.resolve.Resolver` of the framework;
    ``placed`` the indicator ids the file places itself. A sector whose plugin slipped is
    left out of every pillar of this framework (:meth:`joined` skips it) and :meth:`report`
    says why, naming the plugin. A slip of an indicator the framework file declares itself
    stays a problem of the file.
    """

    def __init__(self, resolver: Any, placed: set[str], policy: Any, aggregator: Any) -> None:
        self.resolver = resolver
        self.slips: dict[str, list[Problem]] = {}
        self.owners: dict[str, set[str]] = {}
        #: sector -> indicators placed in a pillar that takes no sector criteria here (they join nothing)
        self.strays: dict[str, list[Problem]] = {}
        self.nodes: dict[str, list[CriterionNode]] = {}
        #: indicators naming a criterion another sector declares: never grouped into it
        self.foreign: set[str] = set()
        pillars = resolver.doc["pillars"]
        accepting = [p for p in pillars if "sector_criteria" in p]
        self.accepting = [p["id"] for p in accepting]
        if accepting:
            self._placement(pillars, [p["id"] for p in accepting], placed)
            self._resolve(pillars, placed, policy, aggregator)

    def joined(self, pillar_id: str) -> list[CriterionNode]:
        """The sector criteria that join pillar ``pillar_id``, without those of the sectors left out."""
        return [c for c in self.nodes.get(pillar_id, ()) if c.sector not in self.slips]

    def report(self, framework_id: str) -> None:
        """Say each sector left out: a :class:`PluginLoadWarning`, or a :class:`PluginError` when strict."""
        from ..plugins import PluginLoadWarning

        reg = self.resolver.reg
        collected = _COLLECTED.get()
        if collected is not None:
            collected.extend((tuple(sorted(self.owners[sector])), p) for sector, problems in sorted(self.slips.items())
                             for p in problems)
            collected.extend((self._stray_plugins(problems), p) for _, problems in sorted(self.strays.items())
                             for p in problems)
            return
        self._report_strays(framework_id)
        for sector, problems in sorted(self.slips.items()):
            plugins = sorted(self.owners[sector])
            strict = _strict_for(reg, plugins)
            files = [reg.catalogue_files[p] for p in plugins if p in getattr(reg, "catalogue_files", {})]
            hint = (said(SaidText, N_("Fix the catalogue file {files}."), files=", ".join(files)) if files else
                    said(SaidText, N_("Fix the plugin, or skip it with VILLAGESCORE_DISABLE_PLUGINS={plugins}."),
                         plugins=",".join(plugins)) if strict else
                    said(SaidText, N_("The sector is left out of this framework: its villages are scored on the "
                                      "framework's own criteria only. Fix the plugin, or skip it with "
                                      "VILLAGESCORE_DISABLE_PLUGINS={plugins}; --strict-plugins makes this an "
                                      "error."), plugins=",".join(plugins)))
            template = N_("plugin {plugin}: sector {sector!r} cannot join framework {framework!r} through "
                          "sector_criteria:\n{problems}\n{hint}")
            params = {"plugin": ", ".join(repr(p) for p in plugins), "sector": sector, "framework": framework_id,
                      "problems": ProblemLines.of(problems), "hint": hint}
            if strict:
                raise said(PluginError, template, **params)
            warnings.warn(said(PluginLoadWarning, template, **params), stacklevel=4)

    def _report_strays(self, framework_id: str) -> None:
        """Say the sector indicators that join nothing: placed in a pillar that takes no sector criteria here."""
        from ..plugins import PluginLoadWarning

        for sector, problems in sorted(self.strays.items()):
            plugins = list(self._stray_plugins(problems))
            strict = _strict_for(self.resolver.reg, plugins)
            template = (N_("plugin {plugin}: indicator(s) of sector {sector!r} join no pillar of framework "
                           "{framework!r}:\n{problems}\nPlace them in a pillar that takes sector criteria "
                           "({accepting}), or list them in the framework's own criteria.") if strict else
                        N_("plugin {plugin}: indicator(s) of sector {sector!r} join no pillar of framework "
                           "{framework!r}: they are not scored:\n{problems}\nPlace them in a pillar that takes "
                           "sector criteria ({accepting}), or list them in the framework's own criteria; "
                           "--strict-plugins makes this an error."))
            params = {"plugin": ", ".join(repr(p) for p in plugins), "sector": sector, "framework": framework_id,
                      "problems": ProblemLines.of(problems), "accepting": ", ".join(self.accepting)}
            if strict:
                raise said(PluginError, template, **params)
            warnings.warn(said(PluginLoadWarning, template, **params), stacklevel=5)

    def _stray_plugins(self, problems: list[Problem]) -> tuple[str, ...]:
        """The plugins of the indicators of ``problems`` (strays: each problem is about one indicator)."""
        return tuple(sorted({self.resolver.indicators[p.file].plugin for p in problems
                             if p.file in self.resolver.indicators} - {""}))

    # ---- finding the slips ----

    def _slip(self, sector: str, owners: Iterable[Indicator | Sector], slip: Problem, local_path: str = "") -> None:
        """Record ``slip`` against ``sector``; a slip of the file's own indicator is a problem of the file."""
        from .resolve import LOCAL_PLUGIN_PREFIX

        plugins = {o.plugin for o in owners}
        if local_path and all(p.startswith(LOCAL_PLUGIN_PREFIX) for p in plugins):
            self.resolver.problems.append(dataclasses.replace(slip, file=self.resolver.name,
                                                              where=local_path + slip.where[1:]))
            return
        self.slips.setdefault(sector, []).append(slip)
        self.owners.setdefault(sector, set()).update(p for p in plugins if p)

    def _local_path(self, ident: str) -> str:
        """``$.indicators[i]``, where the framework file declares indicator ``ident`` itself (else ``$``)."""
        return self.resolver.declared_at(ident)

    def _placement(self, pillars: list[Mapping[str, Any]], accepting: list[str], placed: set[str]) -> None:
        """A pillar the framework lacks but nearly has, or a criterion nearly one its sector declares: a slip."""
        reg = self.resolver.reg
        pillar_ids = {p["id"] for p in pillars}
        owners = {c.id: s for s in reg.sectors.values() for c in s.criteria}
        for ind in self.resolver.indicators.values():
            if not ind.sectors or not ind.pillar or ind.id in placed:
                continue
            key = sector_key(ind.sectors)
            close = closest(ind.pillar, accepting, SLIP_CUTOFF) if ind.pillar not in pillar_ids else None
            if close:
                self._slip(key, [ind], problem(ind.id, "$.pillar", _UNKNOWN_PILLAR,
                                               params={"pillar": ind.pillar, "close": close}),
                           self._local_path(ind.id))
            if ind.pillar not in accepting:
                if not close:
                    self._stray(ind, key, pillars)
                continue
            declared = {c.id: s for s in ind.sectors if s in reg.sectors for c in reg.sectors[s].criteria}
            if ind.criterion in owners and ind.criterion not in declared:
                self._foreign(ind, key, owners[ind.criterion])
                continue
            close = (closest(ind.criterion, declared, SLIP_CUTOFF)
                     if ind.criterion and ind.criterion not in declared else None)
            if close:
                self._slip(key, [ind], problem(ind.id, "$.criterion", N_(
                    "criterion {criterion!r} is not declared by sector {sector!r} (did you mean {close!r}?): the "
                    "indicator would make a criterion of its own"),
                    params={"criterion": ind.criterion, "sector": declared[close], "close": close}),
                    self._local_path(ind.id))
        for sector in reg.sectors.values():
            for i, crit in enumerate(sector.criteria):
                close = closest(crit.pillar, accepting, SLIP_CUTOFF) if crit.pillar not in pillar_ids else None
                if close:
                    self._slip(sector.id, [sector], problem(sector.id, f"$.criteria[{i}].pillar", _UNKNOWN_PILLAR,
                                                            params={"pillar": crit.pillar, "close": close}))

    def _foreign(self, ind: Indicator, key: str, owner: Sector) -> None:
        """An indicator naming a criterion another sector declares: a slip (it would be scored in that criterion).

        Left as it is, it would join the other sector's criterion, changing that sector's weights and scores.
        """
        self.foreign.add(ind.id)
        self._slip(key, [ind], problem(ind.id, "$.criterion", N_(
            "criterion {criterion!r} is declared by sector {owner!r} (plugin {owner_plugin!r}), not by sector "
            "{sector!r}: the indicator would be scored in that sector's criterion. Declare a criterion of its own "
            "in sector {sector!r} (SectorCriterion, or `criteria` of the sector in a catalogue) and name it, or "
            "leave `criterion` out to join the sector's default criterion {default!r}"),
            params={"criterion": ind.criterion, "owner": owner.id, "owner_plugin": owner.plugin, "sector": key,
                    "default": f"{key}_{ind.pillar}"}),
            self._local_path(ind.id))

    def _stray(self, ind: Indicator, key: str, pillars: list[Mapping[str, Any]]) -> None:
        """A sector indicator in a pillar that takes no sector criteria here, or in one the framework lacks.

        A pillar another shipped framework takes sector criteria in is that framework's: no stray.
        """
        framework = self.resolver.doc.get("id", "")
        if any(p["id"] == ind.pillar for p in pillars):
            slip = problem(ind.id, "$.pillar", N_("pillar {pillar!r} of framework {framework!r} does not take sector "
                                                  "criteria (no `sector_criteria`)"),
                           params={"pillar": ind.pillar, "framework": framework})
        elif ind.pillar in self._elsewhere(framework):
            return
        else:
            slip = problem(ind.id, "$.pillar", N_("no pillar {pillar!r} in framework {framework!r}: the framework's "
                                                  "pillars are {pillars}"),
                           params={"pillar": ind.pillar, "framework": framework,
                                   "pillars": ", ".join(p["id"] for p in pillars)})
        self.strays.setdefault(key, []).append(slip)

    def _elsewhere(self, framework: str) -> set[str]:
        """The pillars other shipped frameworks take sector criteria in (read once, when first needed)."""
        if not hasattr(self, "_other_pillars"):
            self._other_pillars = _pillars_elsewhere(self.resolver.reg, framework)
        return self._other_pillars

    def _resolve(self, pillars: list[Mapping[str, Any]], placed: set[str], policy: Any, aggregator: Any) -> None:
        """Resolve every joined criterion on its own; its problems are its plugin's slips."""
        res = self.resolver
        own = {p["id"]: p["id"] for p in pillars}
        own.update((c["id"], p["id"]) for p in pillars
                   for c in (*p["criteria"], *p.get("sector_criteria", {}).get("criteria", ())))
        joined_in: dict[str, str] = {}
        members = [ind for ind in res.indicators.values() if ind.id not in self.foreign]
        for pi, p in enumerate(pillars):
            if "sector_criteria" not in p:
                continue
            where = f"$.pillars[{pi}].sector_criteria"
            p_policy = res.policy(p.get("missing_data"), policy)
            weight = float(p["sector_criteria"]["weight"])
            for joined in joined_criteria(p["id"], p["label"], members, res.reg.sectors, placed):
                if joined.id in own or joined.id in joined_in:
                    self._slip(joined.sector, joined.indicators, problem(joined.id, "", N_(
                        "criterion id {id!r} is already taken in this framework (by pillar {pillar!r}); give the "
                        "sector criterion an id of its own"),
                        params={"id": joined.id, "pillar": own.get(joined.id) or joined_in[joined.id]}),
                        f"{where} (criterion {joined.id!r})")
                    continue
                joined_in[joined.id] = p["id"]
                spec = {"id": joined.id, "label": joined.label, "weight": weight, "rationale": joined.rationale,
                        "indicators": [_spec(ind) for ind in joined.indicators]}
                before = len(res.problems)
                node = res.criterion(spec, "$", p, p_policy, aggregator, {}, sector=joined.sector,
                                     share=joined.share)
                found = res.problems[before:]
                del res.problems[before:]
                for slip in found:
                    self._relocated(joined, slip, f"{where} (criterion {joined.id!r})")
                self.nodes.setdefault(p["id"], []).append(node)

    def _relocated(self, joined: JoinedCriterion, slip: Problem, where: str) -> None:
        """A problem of a joined criterion, placed on the indicator (or the criterion, at ``where``) it is about."""
        found = _INDICATOR_PATH.fullmatch(slip.where)
        if found is None:
            self._slip(joined.sector, joined.indicators,
                       dataclasses.replace(slip, file=joined.id, where="" if slip.where == "$" else slip.where),
                       where)
            return
        ind = joined.indicators[int(found.group(1))]
        self._slip(joined.sector, [ind], dataclasses.replace(slip, file=ind.id, where=_rooted(found.group(2))),
                   self._local_path(ind.id))


def _pillars_elsewhere(registry: Any, framework: str) -> set[str]:
    """The pillars that take sector criteria in the other frameworks the plugins ship."""
    from .loading import _shipped_documents as shipped_documents

    try:
        docs = shipped_documents(registry)
    except PluginError:  # two frameworks with one id: said when one of them is used
        return set()
    return {p.get("id") for ident, (_, doc, _, _) in docs.items() if ident != framework
            for p in doc.get("pillars") or () if isinstance(p, dict) and "sector_criteria" in p}


def _rooted(rest: str) -> str:
    """``.scorer.params`` → ``$.scorer.params``; nothing → nothing (the problem is about the whole object)."""
    return f"${rest}" if rest else ""


#: A pillar a sector names that the framework lacks, but nearly has.
_UNKNOWN_PILLAR = N_("unknown pillar {pillar!r} (did you mean {close!r}?): nothing placed in it joins this framework")


def _spec(ind: Indicator) -> dict[str, Any]:
    """A sector indicator as a framework would list it: its own scorer and threshold, written out."""
    spec: dict[str, Any] = {"id": ind.id, "weight": ind.weight, "rationale": ind.rationale}
    if ind.scorer:
        spec["scorer"] = ind.scorer
    if ind.threshold is not None:
        spec["threshold"] = ind.threshold
    return spec


def _strict_for(reg: Any, plugins: Iterable[str]) -> bool:
    """Whether a slip of ``plugins`` is an error: :meth:`villagescore.Registry.strict_for`, else ``reg.strict``."""
    strict_for = getattr(reg, "strict_for", None)
    return bool(strict_for(plugins)) if strict_for is not None else bool(getattr(reg, "strict", False))
