"""Catalogues: what a plugin knows, as data (``schemas/catalogue.schema.json``).

A catalogue file (YAML or JSON) declares regulation versions with the limits they set,
fields, indicators, sectors with their criteria, and cleaner-production measures. A plugin
loads its catalogue with :func:`load_catalogue`, passing the compute functions its
indicators name, and returns the objects from its hooks::

    CATALOGUE = catalogue_loader(files(__name__) / "catalogue.yaml", computes={"share": share})

    @hookimpl
    def register_fields():
        return list(CATALOGUE().fields)

The objects are the same ones a plugin can build in Python (:class:`~villagescore.Field`,
:class:`~villagescore.Indicator` …): a catalogue is a way to write them, not a privileged
path. Files are checked against the schema, then every entry is built; every problem is
reported with the file and JSON path. Nothing in a file is evaluated as code.

Every catalogue a plugin's hook returns objects of is noted (:func:`noting_catalogues`): the
registry records its file's SHA-256 under the plugin, so a result names the data it was scored
with, the same way for every plugin, whichever package or file it came from.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import CatalogueError, Problem, Term, problem
from ..i18n import N_
from ..objects import Check, Field, Indicator, Measure, Regulation, Sector
from ..reprs import shown_by
from .build import Builder

__all__ = ["Catalogue", "load_catalogue", "catalogue_loader", "catalogue_problems", "noted", "noting_catalogues"]

#: The catalogues used while a plugin's hook runs (:func:`noting_catalogues`); ``None`` outside.
_NOTED: contextvars.ContextVar[list[Catalogue] | None] = contextvars.ContextVar("villagescore_catalogues_noted",
                                                                             default=None)


@shown_by("version", "source", counts=tuple((name, name[:-1], name) for name in (
    "fields", "indicators", "sectors", "measures", "regulations", "checks")))
@dataclass(frozen=True)
class Catalogue:
    """The objects declared by one catalogue file, in file order."""

    id: str
    version: str
    source: str
    sha256: str
    fields: tuple[Field, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    sectors: tuple[Sector, ...] = ()
    measures: tuple[Measure, ...] = ()
    regulations: tuple[Regulation, ...] = ()
    checks: tuple[Check, ...] = ()


def catalogue_problems(doc: Any, name: str, digest: str | None = None) -> list[Problem]:
    """Problems of a parsed catalogue document against ``catalogue.schema.json`` (empty when valid).

    ``digest``: the SHA-256 of the file, to skip a check already passed by the same bytes.
    """
    from ..framework import document_problems

    return document_problems(doc, name, "catalogue", digest)


def load_catalogue(path: str | Path | Any, *, computes: Mapping[str, Callable[..., Any]] | None = None,
                   allow_compute: bool = True) -> Catalogue:
    """Read, check and build the catalogue at ``path`` (a path or an ``importlib.resources`` file).

    ``computes`` maps the names that indicators give in ``compute`` to the plugin's
    vectorised functions (``frame -> Series``). ``allow_compute=False``: a file loaded
    without code (:mod:`villagescore.catalogue.files`), where naming one is a problem.

    Raises
    ------
    CatalogueError
        The file cannot be read or parsed, breaks the schema, or an entry is invalid
        (every problem is listed with its JSON path).
    """
    from ..framework import load_framework_document

    try:
        doc, digest, name = load_framework_document(path)
    except Exception as exc:
        problems = getattr(exc, "problems", None)
        if problems is None:
            raise
        raise CatalogueError(problems) from None
    problems = catalogue_problems(doc, name, digest)
    if problems:
        raise CatalogueError(problems)
    return noted(build_catalogue(doc, name, digest, computes=computes, allow_compute=allow_compute))


def noted(catalogue: Catalogue) -> Catalogue:
    """Return ``catalogue``, noted as used when :func:`noting_catalogues` is listening (a loaded or cached one)."""
    listening = _NOTED.get()
    if listening is not None:
        listening.append(catalogue)
    return catalogue


@contextlib.contextmanager
def noting_catalogues() -> Iterator[list[Catalogue]]:
    """Collect, in the list yielded, every catalogue loaded or given again by a loader inside the block."""
    listening: list[Catalogue] = []
    token = _NOTED.set(listening)
    try:
        yield listening
    finally:
        _NOTED.reset(token)


def build_catalogue(doc: Mapping[str, Any], name: str, digest: str = "", *,
                    computes: Mapping[str, Callable[..., Any]] | None = None, allow_compute: bool = True) -> Catalogue:
    """Build the objects of an already checked catalogue document (``allow_compute``: as :func:`load_catalogue`)."""
    builder = Builder(name, computes, allow_compute=allow_compute)
    regulations = _built(builder.regulation, doc.get("regulations"), "$.regulations")
    fields = _built(builder.field, doc.get("fields"), "$.fields")
    indicators = _built(builder.indicator, doc.get("indicators"), "$.indicators")
    measures = _built(builder.measure, doc.get("measures"), "$.measures")
    own = {s["id"] for s in doc.get("sectors", ())}
    for i, measure in enumerate(measures):
        if not own & set(measure.sectors):
            known = ", ".join(sorted(own)) or Term("none")
            builder.problems.append(problem(name, f"$.measures[{i}].sectors", N_("measure {measure!r} names no sector "
                                                                                 "of this catalogue"),
                                            allowed="{known}", params={"measure": measure.id, "known": known}))
    sectors = tuple(
        sector for i, spec in enumerate(doc.get("sectors", ()))
        if (sector := builder.sector(spec, f"$.sectors[{i}]",
                                     tuple(m for m in measures if spec["id"] in m.sectors))) is not None
    )
    checks = _built(builder.check, doc.get("checks"), "$.checks")
    _check_ids(doc.get("checks"), fields, builder, name)
    for section in ("regulations", "fields", "indicators", "sectors", "measures"):
        _twice(doc.get(section), section, builder, name)
    if builder.problems:
        raise CatalogueError(builder.problems)
    return Catalogue(doc["catalogue"], str(doc["version"]), name, digest, fields, indicators, sectors, measures,
                     regulations, checks)


def _check_ids(specs: Any, fields: tuple[Field, ...], builder: Builder, name: str) -> None:
    """Problems of the checks a catalogue can see on its own: repeated ids, fields of its own that cannot be compared.

    A check may name another plugin's field; those are checked when every plugin is registered
    (:meth:`villagescore.Registry.from_plugin_manager`).
    """
    from ..objects.plausibility import CHECK_FIELD_TYPES

    seen: dict[str, int] = {}
    for i, spec in enumerate(specs or ()):
        first = seen.setdefault(spec["id"], i)
        if first != i:
            builder.problems.append(problem(name, f"$.checks[{i}].id", N_("check id {id!r} is declared twice (also "
                                                                          "at $.checks[{first}])"),
                                            params={"id": spec["id"], "first": first}))
    own = {f.id: f for f in fields}
    for i, spec in enumerate(specs or ()):
        for side in ("left", "right"):
            fld = own.get(spec[side])
            if fld is not None and fld.type not in CHECK_FIELD_TYPES:
                builder.problems.append(problem(name, f"$.checks[{i}].{side}", N_("check {id!r} compares field "
                                                                                  "{field!r} of type {type!r}"),
                                                params={"id": spec["id"], "field": fld.id, "type": fld.type},
                                                allowed=" or ".join(CHECK_FIELD_TYPES) + " fields"))


def _twice(specs: Any, section: str, builder: Builder, name: str) -> None:
    """A problem for each id declared again in ``section`` (two plugins declaring it is the registry's to say)."""
    seen: dict[Any, int] = {}
    for i, spec in enumerate(specs or ()):
        ident = spec.get("id") if isinstance(spec, Mapping) else None
        first = seen.setdefault(ident, i) if isinstance(ident, str) else i
        if first != i:
            builder.problems.append(problem(name, f"$.{section}[{i}].id", N_("id {id!r} is declared twice (also at "
                                                                             "$.{section}[{first}])"),
                                            params={"id": ident, "section": section, "first": first}))


def _built(make: Callable[[Any, str], Any], items: Any, path: str) -> tuple:
    return tuple(obj for i, spec in enumerate(items or ()) if (obj := make(spec, f"{path}[{i}]")) is not None)


def catalogue_loader(path: Any, *, computes: Mapping[str, Callable[..., Any]] | None = None
                     ) -> Callable[[], Catalogue]:
    """Return a function that loads the catalogue on its first call and then returns it.

    Plugins call it from their hooks, so nothing is read when the plugin is imported. Each call
    notes the catalogue (:func:`noted`), the cached one too: a registry built again records it again.
    """
    cached = functools.cache(lambda: load_catalogue(path, computes=computes))
    return lambda: noted(cached())
