"""Which file an overlay's ``extends.framework`` may name: a framework file in the overlay's own folder.

A framework, catalogue or targets file may come from anyone (a consultant, a colleague's e-mail);
reading whatever path it names would read any file the user can (``/etc/passwd``,
``/proc/self/environ``), and parts of it come back in messages. So the base named by a path is a
``.yaml``, ``.yml`` or ``.json`` file in the overlay's folder or a folder inside it, reached
without leaving that folder (no absolute path, no ``..`` above it, no link pointing out of it).
A base elsewhere is copied beside the overlay, or named by the id of a framework a plugin ships.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath, PureWindowsPath

from ..errors import FrameworkError, problem
from ..i18n import N_

__all__ = ["base_file", "BASE_SUFFIXES"]

#: The endings of a framework file an overlay may extend.
BASE_SUFFIXES = (".yaml", ".yml", ".json")

_OUTSIDE = N_("{spec!r} is outside this overlay's folder, so it is not read: a base named by a path is a .yaml, "
              ".yml or .json file in the overlay's folder or a folder inside it (base.yaml, bases/base.yaml), "
              "without an absolute path or '..'; copy the base beside the overlay, or name by its id a framework "
              "an installed plugin ships")
_NOT_A_FRAMEWORK_FILE = N_("{spec!r} is not a framework file, so it is not read: a base named by a path ends in "
                           ".yaml, .yml or .json; name the base's framework file, or name by its id a framework "
                           "an installed plugin ships")


def base_file(spec: str, overlay_name: str) -> Path | None:
    """The base file ``spec`` names beside the overlay ``overlay_name``; ``None`` when there is none (an id).

    Raises
    ------
    FrameworkError
        ``spec`` leads outside the overlay's folder, or names a file that is not a framework file.
    """
    if PurePosixPath(spec).is_absolute() or PureWindowsPath(spec).anchor or _climbs(spec):
        raise _refused(_OUTSIDE, spec, overlay_name)
    folder = Path(overlay_name).parent
    candidate = folder / spec
    if not candidate.is_file():
        return None
    if not candidate.resolve().is_relative_to(folder.resolve()):  # a link leading out of the folder
        raise _refused(_OUTSIDE, spec, overlay_name)
    if candidate.suffix.lower() not in BASE_SUFFIXES:
        raise _refused(_NOT_A_FRAMEWORK_FILE, spec, overlay_name)
    return candidate


def _climbs(spec: str) -> bool:
    """Whether ``spec``, read as a path (either slash), climbs above the folder it starts in."""
    return os.path.normpath(spec.replace("\\", "/")).split("/")[0] == ".."


def _refused(template: str, spec: str, overlay_name: str) -> FrameworkError:
    return FrameworkError([problem(overlay_name, "$.extends.framework", template, params={"spec": spec})])
