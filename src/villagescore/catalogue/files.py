"""Catalogue files loaded as plugins: a sector, its fields and indicators added without a line of code.

An analyst who needs a sector the installed plugins lack (bronze casting, conical hats …)
writes its catalogue (``schemas/catalogue.schema.json``: fields, indicators, the sector with
its criteria, measures, regulation versions, plausibility checks) and names the file with
``villagescore --catalogue FILE`` or ``VILLAGESCORE_CATALOGUES``. The file becomes a plugin
named by its ``catalogue`` id, whose hooks return the file's objects: the same objects, through
the same hooks, as a plugin package's (``register_fields``, ``register_indicators`` …), so its
indicators join a framework's sector criteria exactly as an installed sector's do.

Nothing in the file is code: an indicator is the one field it requires, scored by its scorer;
one that names a ``compute`` function is a problem (a computed indicator needs a plugin
package, ``villagescore new-plugin``). The plugin's version, recorded in every result,
is the catalogue's ``version`` with the first 12 hex digits of the file's SHA-256, so that a
result says which bytes it was scored with even when the version was not raised.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..hookspecs import hookimpl
from . import Catalogue, load_catalogue, noted

__all__ = ["CatalogueFile", "DIGEST_SHOWN", "HOOKS"]

#: Hex digits of the file's SHA-256 shown in the plugin's version.
DIGEST_SHOWN = 12
#: The hooks a catalogue file implements, each with the :class:`~villagescore.catalogue.Catalogue` objects it returns.
HOOKS = (("register_regulations", "regulations"), ("register_fields", "fields"),
         ("register_indicators", "indicators"), ("register_sectors", "sectors"), ("register_checks", "checks"))


def _returning(catalogue: Catalogue, objects: tuple[Any, ...]) -> Any:
    def hook() -> list[Any]:
        noted(catalogue)
        return list(objects)

    return hook


class CatalogueFile:
    """A plugin made of one catalogue file; loading it checks the whole file (every problem at once).

    Raises
    ------
    CatalogueError
        The file cannot be read, breaks the schema, or an entry is invalid (an indicator naming
        a ``compute`` function among them).
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.catalogue: Catalogue = load_catalogue(self.path, allow_compute=False)
        self.__name__ = str(self.path)
        self.__version__ = f"{self.catalogue.version} sha256:{self.catalogue.sha256[:DIGEST_SHOWN]}"
        for hook, kind in HOOKS:  # only the hooks the file fills: ``villagescore plugins`` lists what it gives
            objects = getattr(self.catalogue, kind)
            if objects:
                setattr(self, hook, hookimpl(_returning(self.catalogue, objects)))

    @property
    def name(self) -> str:
        """The plugin's name: the catalogue's id."""
        return self.catalogue.id

    def __repr__(self) -> str:
        return f"CatalogueFile({str(self.path)!r}, id={self.name!r}, version={self.__version__!r})"
