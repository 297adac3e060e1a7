"""The registry: everything the plugins contributed, by id, with the plugin that gave it.

:meth:`Registry.from_plugin_manager` calls each hook implementation on its own, so that
a plugin that raises inside a hook (or returns something that is not a list of the right
objects) is named and skipped — or, in strict mode, stops everything. Duplicate ids are
errors naming both plugins. Every mapping is sorted by id, so nothing depends on the
order in which plugins were loaded.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pluggy

from .errors import PluginError, SaidText, Term, UnknownIdError, exception_text, said
from .file_names import file_name
from .i18n import N_
from .objects import (
    Aggregator,
    Check,
    Field,
    FrameworkSource,
    Indicator,
    Reader,
    Regulation,
    Reporter,
    Scorer,
    Sector,
)
from .plugins import PluginLoadWarning, get_plugin_manager
from .registry_links import drop_unlinked_regulations, say_unknown_improved
from .unshown_texts import say_unshown_texts

__all__ = ["Registry", "HOOK_TYPES"]

#: hook name -> (object type, attribute holding the id)
HOOK_TYPES: dict[str, tuple[type, str]] = {
    "register_fields": (Field, "id"),
    "register_sectors": (Sector, "id"),
    "register_indicators": (Indicator, "id"),
    "register_regulations": (Regulation, "id"),
    "register_checks": (Check, "id"),
    "register_scorers": (Scorer, "name"),
    "register_aggregators": (Aggregator, "name"),
    "register_frameworks": (FrameworkSource, "path"),
    "register_readers": (Reader, "name"),
    "register_reporters": (Reporter, "name"),
}


#: What the note under an unknown id says of a plugin that failed in the hook that gives such ids.
_HOOK_NOTES = {
    "register_fields": N_(" (note: plugin {plugin!r} failed to load its fields: {error})"),
    "register_indicators": N_(" (note: plugin {plugin!r} failed to load its indicators: {error})"),
    "register_sectors": N_(" (note: plugin {plugin!r} failed to load its sectors: {error})"),
    "register_regulations": N_(" (note: plugin {plugin!r} failed to load its regulations: {error})"),
    "register_scorers": N_(" (note: plugin {plugin!r} failed to load its scorers: {error})"),
    "register_aggregators": N_(" (note: plugin {plugin!r} failed to load its aggregators: {error})"),
    "register_reporters": N_(" (note: plugin {plugin!r} failed to load its output formats: {error})"),
}


#: The error for an id two plugins register, by hook.
_DUPLICATES = {
    "register_fields": N_("duplicate field id {id!r}: registered by plugin {first!r} and by plugin {second!r}"),
    "register_sectors": N_("duplicate sector id {id!r}: registered by plugin {first!r} and by plugin {second!r}"),
    "register_indicators": N_("duplicate indicator id {id!r}: registered by plugin {first!r} and by plugin "
                              "{second!r}"),
    "register_regulations": N_("duplicate regulation id {id!r}: registered by plugin {first!r} and by plugin "
                               "{second!r}"),
    "register_checks": N_("duplicate check id {id!r}: registered by plugin {first!r} and by plugin "
                          "{second!r}"),
    "register_scorers": N_("duplicate scorer id {id!r}: registered by plugin {first!r} and by plugin {second!r}"),
    "register_aggregators": N_("duplicate aggregator id {id!r}: registered by plugin {first!r} and by plugin "
                               "{second!r}"),
    "register_readers": N_("duplicate reader id {id!r}: registered by plugin {first!r} and by plugin {second!r}"),
    "register_reporters": N_("duplicate reporter id {id!r}: registered by plugin {first!r} and by plugin "
                             "{second!r}"),
}


@dataclass
class Registry:
    """All registered objects, each mapping sorted by id."""

    fields: dict[str, Field] = field(default_factory=dict)
    sectors: dict[str, Sector] = field(default_factory=dict)
    indicators: dict[str, Indicator] = field(default_factory=dict)
    regulations: dict[str, Regulation] = field(default_factory=dict)
    checks: dict[str, Check] = field(default_factory=dict)
    scorers: dict[str, Scorer] = field(default_factory=dict)
    aggregators: dict[str, Aggregator] = field(default_factory=dict)
    frameworks: list[FrameworkSource] = field(default_factory=list)
    readers: dict[str, Reader] = field(default_factory=dict)
    reporters: dict[str, Reporter] = field(default_factory=dict)
    plugin_versions: dict[str, str] = field(default_factory=dict)
    failures: list[tuple[str, str]] = field(default_factory=list)
    #: ``(plugin, hook, error)`` of every hook that raised or returned the wrong objects
    hook_failures: list[tuple[str, str, str]] = field(default_factory=list)
    pm: Any = None
    #: strict mode: a plugin's slip found later (a sector that cannot join a framework) is an error, not a warning
    strict: bool = False
    #: the plugins that are catalogue files, name -> path (:mod:`villagescore.catalogue.files`): asked for by
    #: name, so their slips are errors whatever ``strict`` says
    catalogue_files: dict[str, str] = field(default_factory=dict)
    #: plugin -> the catalogue files its hooks returned objects of, each ``{"file", "sha256"}`` (file name only:
    #: the same bytes installed elsewhere record the same), sorted; results record them with the plugin's version
    data_files: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    #: regulation id -> (plugin, why) of each version left out for a link to an unknown one
    #: (:func:`villagescore.registry_links.drop_unlinked_regulations`): named where the id is then unknown
    left_out_regulations: dict[str, tuple[str, str]] = field(default_factory=dict)

    def strict_for(self, plugins: Iterable[str]) -> bool:
        """Whether a slip of ``plugins`` is an error: in strict mode, or when one of them is a catalogue file."""
        return self.strict or any(p in self.catalogue_files for p in plugins)

    def __repr__(self) -> str:  # a notebook shows this, not every registered object
        counts = ", ".join(f"{len(getattr(self, name))} {name}" for name in (
            "fields", "indicators", "sectors", "regulations", "scorers", "aggregators", "frameworks", "readers",
            "reporters"))
        failed = f", {len(self.failures)} plugins failed" if self.failures else ""
        return f"Registry({len(self.plugin_versions)} plugins: {counts}{failed})"

    # ---- construction ----

    @classmethod
    def default(cls, *, strict: bool | None = None, catalogues: Sequence[str | Path] = ()) -> Registry:
        """Return the registry of every installed plugin (entry points plus built-ins).

        ``catalogues``: catalogue files loaded as plugins without code, besides those of
        ``VILLAGESCORE_CATALOGUES`` (:mod:`villagescore.catalogue.files`).
        """
        return cls.from_plugin_manager(get_plugin_manager(strict=strict, catalogues=catalogues), strict=strict)

    @classmethod
    def from_plugin_manager(cls, pm: pluggy.PluginManager, *, strict: bool | None = None) -> Registry:
        """Collect every hook's objects from ``pm``, recording the plugin that gave each."""
        from .plugins import _strict_from_env, load_state, plugin_infos

        if strict is None:
            strict = _strict_from_env()
        reg = cls(pm=pm, strict=strict, catalogue_files=dict(load_state(pm).catalogue_files))
        reg.failures = list(load_state(pm).failures)
        reg.plugin_versions = {i.name: i.version for i in plugin_infos(pm)}
        buckets: dict[str, list[tuple[str, Any]]] = {hook: [] for hook in HOOK_TYPES}
        for hook_name, (kind, _attr) in HOOK_TYPES.items():
            caller = getattr(pm.hook, hook_name)
            for impl in sorted(caller.get_hookimpls(), key=lambda i: i.plugin_name):
                items = reg._call(impl, hook_name, kind, reg.strict_for([impl.plugin_name]))
                buckets[hook_name].extend((impl.plugin_name, obj) for obj in items)
        reg._fill(buckets, strict)
        return reg

    def _call(self, impl, hook_name: str, kind: type, strict: bool) -> list[Any]:
        from .catalogue import noting_catalogues
        from .errors import FATAL

        try:
            with noting_catalogues() as used:
                items = list(impl.function() or [])
            self._note_files(impl.plugin_name, used)
        except FATAL:
            raise
        except BaseException as exc:  # isolate one plugin's failure (even SystemExit) from the others
            return self._failed(impl.plugin_name, hook_name, exception_text(exc), strict, exc)
        bad = [o for o in items if not isinstance(o, kind)]
        if bad:
            error = said(SaidText, "{kind}: {message}", kind="TypeError", message=said(
                SaidText, N_("returned {got}, expected {expected} objects"), got=type(bad[0]).__name__,
                expected=kind.__name__))
            return self._failed(impl.plugin_name, hook_name, error, strict, None)
        return items

    def _note_files(self, plugin: str, catalogues: list[Any]) -> None:
        """Record the files of ``catalogues`` under ``plugin`` (:attr:`data_files`)."""
        if not catalogues:
            return
        known = {(f["file"], f["sha256"]) for f in self.data_files.get(plugin, ())}
        known |= {(file_name(c.source), c.sha256) for c in catalogues if c.sha256}
        self.data_files[plugin] = [{"file": name, "sha256": digest} for name, digest in sorted(known)]

    def _failed(self, name: str, hook_name: str, error: str, strict: bool, exc: BaseException | None) -> list[Any]:
        """Record plugin ``name`` failing in ``hook_name`` with ``error``: a warning, or an error when strict."""
        template = N_("plugin {plugin!r} failed in hook {hook}: {error}")
        params = {"plugin": name, "hook": hook_name, "error": error}
        self.failures.append((name, said(SaidText, template, **params)))
        self.hook_failures.append((name, hook_name, error))
        if strict:
            raise said(PluginError, template, **params) from exc
        warnings.warn(said(PluginLoadWarning, template, **params), stacklevel=3)
        return []

    def _fill(self, buckets: dict[str, list[tuple[str, Any]]], strict: bool) -> None:
        targets = {
            "register_fields": self.fields,
            "register_sectors": self.sectors,
            "register_indicators": self.indicators,
            "register_regulations": self.regulations,
            "register_checks": self.checks,
            "register_scorers": self.scorers,
            "register_aggregators": self.aggregators,
            "register_readers": self.readers,
            "register_reporters": self.reporters,
        }
        for hook_name, pairs in buckets.items():
            kind, attr = HOOK_TYPES[hook_name]
            if hook_name == "register_frameworks":
                self.frameworks = [dataclasses.replace(o, plugin=p) for p, o in pairs]
                continue
            target = targets[hook_name]
            owner: dict[str, str] = {}
            for plugin_name, obj in pairs:
                key = getattr(obj, attr)
                if key in owner:
                    raise said(PluginError, _DUPLICATES[hook_name], id=key, first=owner[key], second=plugin_name)
                owner[key] = plugin_name
                target[key] = dataclasses.replace(obj, plugin=plugin_name)
            sorted_items = sorted(target.items())
            target.clear()
            target.update(sorted_items)
        self._check_suffixes()
        self._check_sector_criteria()
        self._check_checks(strict)
        self._check_requires()
        drop_unlinked_regulations(self)
        say_unknown_improved(self)
        say_unshown_texts(self)

    def _check_requires(self) -> None:
        """Say each indicator that requires a field no plugin registers: it could never be scored.

        A warning naming the plugin (kept: a framework naming the indicator still resolves), an
        error in strict mode or for a catalogue file (:meth:`strict_for`).
        """
        from .suggest import closest

        for ident, indicator in self.indicators.items():
            unknown = [f for f in indicator.requires if f not in self.fields]
            if not unknown:
                continue
            near = closest(unknown[0], self.fields)
            template = N_("plugin {plugin!r}: indicator {indicator!r} requires unknown field {field!r}{hint}: no "
                          "plugin registers it, so the indicator could never be scored")
            params = {"plugin": indicator.plugin, "indicator": ident, "field": unknown[0],
                      "hint": said(SaidText, N_(" (did you mean {name!r}?)"), name=near) if near else ""}
            if self.strict_for([indicator.plugin]):
                raise said(PluginError, template, **params)
            warnings.warn(said(PluginLoadWarning, template, **params), stacklevel=3)

    def _check_checks(self, strict: bool) -> None:
        """Drop (with one warning, or an error in strict mode) the checks that name no numeric field.

        A check may compare fields of any plugin, so this is the first place where every field is known.
        """
        from .objects.plausibility import check_field_problems

        problems = check_field_problems(self.checks.values(), self.fields)
        if not problems:
            return
        for ident in {ident for ident, _ in problems}:
            del self.checks[ident]
        template = N_("plausibility checks left out:\n{checks}")
        checks = "\n".join(f"  {text}" for _, text in problems)
        if strict:
            raise said(PluginError, template, checks=checks)
        warnings.warn(said(PluginLoadWarning, template, checks=checks), stacklevel=3)

    def _check_sector_criteria(self) -> None:
        """Two sectors declaring one criterion id: an error naming both (a framework would merge their criteria)."""
        owner: dict[str, Sector] = {}
        for sector in self.sectors.values():
            for criterion in sector.criteria:
                first = owner.setdefault(criterion.id, sector)
                if first is not sector:
                    raise said(PluginError, N_("duplicate sector criterion id {id!r}: in sector {first!r} (plugin "
                                               "{first_plugin!r}) and in sector {second!r} (plugin {second_plugin!r})"),
                               id=criterion.id, first=first.id, first_plugin=first.plugin, second=sector.id,
                               second_plugin=sector.plugin)

    def _check_suffixes(self) -> None:
        owner: dict[str, Reader] = {}
        for reader in self.readers.values():
            for suffix in reader.suffixes:
                other = owner.get(suffix.lower())
                if other is not None:
                    raise said(PluginError, N_("two readers for {suffix!r}: {first!r} (plugin {first_plugin!r}) and "
                                               "{second!r} (plugin {second_plugin!r})"), suffix=suffix,
                               first=other.name, first_plugin=other.plugin, second=reader.name,
                               second_plugin=reader.plugin)
                owner[suffix.lower()] = reader

    def with_fields(self, fields: dict[str, Field] | Any) -> Registry:
        """A copy that also knows ``fields`` (those a framework file declares itself)."""
        if not fields:
            return self
        return dataclasses.replace(self, fields=dict(sorted({**self.fields, **dict(fields)}.items())))

    # ---- look-ups with helpful errors ----

    def _get(self, mapping: dict[str, Any], key: str, template: str, hook: str | None = None) -> Any:
        try:
            return mapping[key]
        except KeyError:
            raise said(UnknownIdError, template, id=key, available=", ".join(mapping) or Term("none"),
                       hint=self.failure_hint(hook)) from None

    def failure_hint(self, hook: str | None = None) -> str:
        """A sentence naming the plugins that failed to load, or '' (a :class:`SaidText`: said in any language).

        With ``hook`` (``register_scorers`` …), the plugins that failed in that hook are named with
        their error ("plugin 'x' failed to load its scorers: …"), beside those that failed to load
        at all; without it, every plugin that failed anywhere is named. For regulations, the
        versions left out for a link to an unknown one are named too, with why.
        """
        if hook is None or hook not in _HOOK_NOTES:
            if not self.failures:
                return ""
            return said(SaidText, N_(" (note: these plugins failed to load and may have provided it: {names})"),
                        names=", ".join(sorted({n for n, _ in self.failures})))
        in_hooks = {n for n, _, _ in self.hook_failures}
        whole = sorted({n for n, _ in self.failures} - in_hooks)
        notes = [said(SaidText, _HOOK_NOTES[hook], plugin=n, error=e) for n, h, e in self.hook_failures if h == hook]
        if hook == "register_regulations":
            notes += [said(SaidText, N_(" (note: plugin {plugin!r} declared regulation {id!r}, left out: {why})"),
                           plugin=plugin, id=ident, why=why)
                      for ident, (plugin, why) in self.left_out_regulations.items()]
        if whole:
            notes.insert(0, said(SaidText, N_(" (note: these plugins failed to load and may have provided it: "
                                              "{names})"), names=", ".join(whole)))
        hint = ""
        for note in notes:
            hint = said(SaidText, "{first}{then}", first=hint, then=note)
        return hint

    def scorer(self, name: str) -> Scorer:
        """Return the scorer ``name`` or raise :class:`UnknownIdError` listing the known ones."""
        return self._get(self.scorers, name, N_("unknown scorer {id!r}; available: {available}{hint}"),
                         "register_scorers")

    def aggregator(self, name: str) -> Aggregator:
        """Return the aggregator ``name`` or raise :class:`UnknownIdError`."""
        return self._get(self.aggregators, name, N_("unknown aggregator {id!r}; available: {available}{hint}"),
                         "register_aggregators")

    def indicator(self, ident: str) -> Indicator:
        """Return the indicator ``ident`` or raise :class:`UnknownIdError`."""
        return self._get(self.indicators, ident, N_("unknown indicator {id!r}; available: {available}{hint}"),
                         "register_indicators")

    def reporter(self, name: str) -> Reporter:
        """Return the reporter (output format) ``name``."""
        return self._get(self.reporters, name, N_("unknown output format {id!r}; available: {available}{hint}"),
                         "register_reporters")

    def reader_for(self, suffix: str) -> Reader:
        """Return the reader for a file suffix (``.csv``, ``.xlsx`` …)."""
        suffix = suffix.lower()
        for reader in self.readers.values():
            if suffix in (s.lower() for s in reader.suffixes):
                return reader
        raise said(UnknownIdError, N_("no reader for files ending in {suffix!r}; known: {known}"), suffix=suffix,
                   known=", ".join(sorted(s for r in self.readers.values() for s in r.suffixes)))

    def measures(self) -> dict[str, Any]:
        """Return every cleaner-production measure of every sector, by measure id.

        Raises
        ------
        PluginError
            Two sectors define the same measure id (the error names both sectors and plugins).
        """
        out = {}
        owner: dict[str, Sector] = {}
        for sector in self.sectors.values():
            for measure in sector.measures:
                first = owner.get(measure.id)
                if first is not None and out[measure.id] != measure:
                    raise said(PluginError, N_("duplicate measure id {id!r}: in sector {first!r} (plugin "
                                               "{first_plugin!r}) and in sector {second!r} (plugin {second_plugin!r})"),
                               id=measure.id, first=first.id, first_plugin=first.plugin, second=sector.id,
                               second_plugin=sector.plugin)
                owner.setdefault(measure.id, sector)
                out.setdefault(measure.id, measure)
        return dict(sorted(out.items()))

    def plugins_providing(self, ids: Iterable[str]) -> dict[str, str]:
        """Return ``{indicator id: plugin name}`` for the given indicator ids."""
        return {i: self.indicators[i].plugin for i in ids if i in self.indicators}
