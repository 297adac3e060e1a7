"""Which stored frameworks ``--framework`` names: an id, ``ID@VERSION``, or a framework file.

One framework id can be in the store in several versions (an exported version 2 kept its id), and
one id and version in several files (a weight edited without a new version number). A stored
framework is a file (id, version, ``sha256``; for an overlay, over its base files, as the ``lineage`` records
them), as ``compare`` pairs changes over time: the rows of
``frameworks`` it spans differ only in how it was scored (``resolved_sha256`` also changes with
``--unverified-limits``, plugin versions and catalogue files), and all are taken. A file is matched
by its bytes (``sha256``), else, when a registry is given to read it, by the framework it resolves
to (``resolved_sha256``: an overlay and its export are one framework).
A spec that names nothing stored is refused with every stored framework listed, version and hash
beside its id.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any, NamedTuple

from .errors import StoreError

__all__ = ["StoredFramework", "lineage_bases", "stored_frameworks", "frameworks_named", "one_framework"]


class StoredFramework(NamedTuple):
    """A framework file of the store and the evaluations made with it, oldest first.

    ``rows``: its rows of ``frameworks``, one per way it was scored (``resolved_sha256``), in the order
    of their first evaluation; ``bases``: ``{id, version, sha256}`` of each file an overlay extends, base first.
    """

    rows: tuple[int, ...]
    id: str
    version: str
    sha256: str | None
    resolved_sha256: tuple[str, ...]
    evaluations: tuple[int, ...]
    bases: tuple[dict[str, str], ...] = ()

    def text(self) -> str:
        """``id version (sha256 9a55dc0f0847)``, as ``compare``'s warnings name a framework."""
        from ..compare.common import framework_text

        return framework_text(self.named())

    def named(self) -> dict[str, Any]:
        """``{id, version, sha256}``, with ``bases`` for an overlay's, as ``compare`` names a framework."""
        return {"id": self.id, "version": self.version, "sha256": self.sha256 or "—",
                **({"bases": list(self.bases)} if self.bases else {})}

    def listed(self, lang: str | None = None) -> str:
        """:meth:`text` with its evaluations: ``id version (sha256 …) in evaluation(s) #1, #3`` (in ``lang``)."""
        from ..i18n import gettext

        return gettext("{framework} in evaluation(s) {evaluations}", lang).format(
            framework=self.text(), evaluations=", ".join(f"#{e}" for e in self.evaluations))


def lineage_bases(lineage: str | None) -> tuple[dict[str, str], ...]:
    """``{id, version, sha256}`` of each base file in a ``frameworks.lineage`` (JSON, base first, the file last)."""
    import json

    return tuple({k: str(x.get(k)) for k in ("id", "version", "sha256")}
                 for x in json.loads(lineage or "[]")[:-1] if isinstance(x, dict))


def stored_frameworks(con: sqlite3.Connection) -> list[StoredFramework]:
    """Every framework file an evaluation of the store was made with, in the order of its first evaluation.

    Rows of ``frameworks`` of one id, version and ``sha256`` (and, for an overlay, base files) are one
    file scored in several ways.
    """
    rows = con.execute("SELECT f.id, f.framework_id, f.version, f.sha256, f.resolved_sha256, f.lineage, e.id "
                       "FROM frameworks f JOIN evaluations e ON e.framework = f.id ORDER BY e.id").fetchall()
    found: dict[tuple[Any, ...], list[Any]] = {}
    for row, ident, version, sha256, resolved, lineage, evaluation in rows:
        bases = lineage_bases(lineage)
        key = (ident, str(version), sha256, tuple(b["sha256"] for b in bases))
        fields = found.setdefault(key, [{}, ident, str(version), sha256, {}, [], bases])
        fields[0][row] = None
        fields[4][resolved] = None
        fields[5].append(evaluation)
    return [StoredFramework(tuple(f[0]), f[1], f[2], f[3], tuple(f[4]), tuple(f[5]), f[6]) for f in found.values()]


def frameworks_named(con: sqlite3.Connection, spec: str, registry: Any = None) -> list[StoredFramework]:
    """The stored frameworks ``spec`` names (at least one): ``ID`` (every version), ``ID@VERSION``, or a file.

    Raises ``StoreError`` ``unknown_framework`` naming every stored framework (id, version, short
    hash, evaluations) when none matches.
    """
    from ..errors import SaidText, closest, in_languages, said
    from ..i18n import N_

    known = stored_frameworks(con)
    path = Path(spec)
    if path.is_file():
        found = _by_file(known, path, registry)
        shown = f"{spec} (sha256 {hashlib.sha256(path.read_bytes()).hexdigest()[:12]})"
        near = None
    else:
        ident, at, version = spec.partition("@")
        found = [f for f in known if f.id == ident and (not at or f.version == version)]
        shown = spec
        near = closest(spec, list(dict.fromkeys(f"{f.id}@{f.version}" if at else f.id for f in known)))
    if found:
        return found
    listed = in_languages({lang: "; ".join(f.listed(lang) for f in known) or "-" for lang in ("vi", "en")})
    raise StoreError(key="unknown_framework", framework=shown, known=listed,
                     suggestion=said(SaidText, N_(" (did you mean {name!r}?)"), name=near) if near else "")


def _by_file(known: list[StoredFramework], path: Path, registry: Any) -> list[StoredFramework]:
    """The stored frameworks of the file ``path``: of its bytes, else of the framework it resolves to."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    found = [f for f in known if f.sha256 == digest]
    if found or registry is None:
        return found
    from ..framework import load_framework

    resolved = load_framework(str(path), registry).resolved_sha256
    return [f for f in known if resolved in f.resolved_sha256]


def one_framework(con: sqlite3.Connection, spec: str, registry: Any = None
                  ) -> tuple[StoredFramework, dict[str, Any] | None]:
    """The stored framework file ``spec`` names and, when it names several, a ``framework_chosen`` warning.

    Every evaluation of the file is taken, whichever way it was scored. Of several files, the one of
    the latest evaluation is taken; the warning lists them all and says how
    to choose another (``ID@VERSION``, or the framework's file).
    """
    from ..i18n import N_, gettext

    found = frameworks_named(con, spec, registry)
    chosen = max(found, key=lambda f: f.evaluations[-1])
    if len(found) == 1:
        return chosen, None
    template = N_("--framework {spec} names {n} frameworks of the store: {frameworks}; the village-years measured are "
                  "those of {chosen}, the latest evaluated; to measure another, give --framework ID@VERSION or its "
                  "framework file (matched by its sha256)")
    fields = {"spec": spec, "n": len(found), "frameworks": "; ".join(f.listed() for f in found),
              "chosen": chosen.text()}
    return chosen, {"code": "framework_chosen", "message": gettext(template).format(**fields),
                    "chosen": {**chosen.named(), "sha256": chosen.sha256},
                    "frameworks": [{**f.named(), "sha256": f.sha256, "evaluations": list(f.evaluations)}
                                   for f in found]}
