"""Which catalogue files the plugins of a result loaded, and where results of one framework file differ in them.

A plugin's version does not always tell its catalogue: a sector plugin's ``catalogue.yaml`` edited
(an indicator's scoring levels, a limit) without its version raised scores otherwise under the same
``name==version``. A result records, per plugin, the SHA-256 of each catalogue file its hooks gave
objects of (``provenance.plugins[].files``); ``compare`` and ``targets`` (on a store) read them so
(:func:`~villagescore.compare.common.plugins_differ_warnings`). A result written before they were
recorded is said to record none ("not recorded"), never taken to have loaded the same files.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..i18n import gettext

__all__ = ["DIGEST_SHOWN", "catalogue_files_differ", "catalogue_files_entry", "catalogue_files_used"]

#: Hex digits of a catalogue file's SHA-256 named in a warning (a catalogue file's own version shows as many).
DIGEST_SHOWN = 12

#: One catalogue file a plugin loaded: ``(plugin name, file name, sha256)``.
CatalogueFile = tuple[str, str, str]


def catalogue_files_used(provenance: Any) -> tuple[CatalogueFile, ...] | None:
    """``(plugin, file, sha256)`` of the catalogue files the plugins a result's framework used loaded, sorted.

    ``None`` when the result records no plugin's files (``provenance.plugins[].files``, recorded since
    results name their plugins' data files) or no ``plugins_used``: not recorded, so not judged as equal.
    """
    prov = provenance if isinstance(provenance, dict) else {}
    listed = [p for p in prov.get("plugins") or [] if isinstance(p, dict)] if isinstance(
        prov.get("plugins"), list) else []
    used = prov.get("plugins_used")
    if not isinstance(used, list) or not any(isinstance(p.get("files"), list) for p in listed):
        return None
    names = {str(n) for n in used}
    return tuple(sorted((str(p["name"]), str(f.get("file")), str(f.get("sha256"))) for p in listed
                        if p.get("name") in names and isinstance(p.get("files"), list)
                        for f in p["files"] if isinstance(f, dict)))


def catalogue_files_entry(files: tuple[CatalogueFile, ...] | None) -> list[dict[str, str]] | None:
    """``files`` as a warning's entry records them: ``[{plugin, file, sha256}]``, ``None`` when not recorded."""
    return None if files is None else [{"plugin": p, "file": f, "sha256": s} for p, f, s in files]


def catalogue_files_differ(files: Sequence[tuple[CatalogueFile, ...] | None], shared_plugins: set[str],
                           lang: str | None = None) -> list[list[str]] | None:
    """Per result, the catalogue files of ``shared_plugins`` not loaded by all, as words; ``None``: no difference.

    ``shared_plugins``: the plugins every result used in one version (a plugin in two versions is said
    by its versions). A file is judged by its plugin and its SHA-256, its name only said in the words
    (the same bytes copied under another name are the same catalogue). A result that records none is
    said so ("catalogue files not recorded"), never taken to match, whenever another records files of
    these plugins: the others then name every file they loaded when they all loaded the same ones.
    """
    own = [None if f is None else {x for x in f if x[0] in shared_plugins} for f in files]
    loaded = [None if f is None else {(p, sha) for p, _, sha in f} for f in own]
    recorded = [f for f in loaded if f is not None]
    if not recorded:
        return None
    if all(f == recorded[0] for f in recorded):
        if len(recorded) == len(loaded) or not recorded[0]:
            return None
        everywhere: set[tuple[str, str]] = set()  # nothing tells whether a run that recorded none loaded them
    else:
        everywhere = set.intersection(*recorded)
    unrecorded = gettext("catalogue files not recorded", lang)
    return [[unrecorded] if f is None else [f"{p}: {name} sha256:{sha[:DIGEST_SHOWN]}" for p, name, sha in sorted(f)
                                            if (p, sha) not in everywhere] for f in own]
