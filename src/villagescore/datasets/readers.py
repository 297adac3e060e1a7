"""Read a dataset with the reader registered for its suffix, and read-and-validate in one call."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import PluginError, UnknownIdError, VillageScoreError
from ..i18n import N_
from ..progress import phase
from .files import fail
from .model import Dataset, RawDataset, ReadOptions
from .validate import validate


def read_raw(path: str | Path, registry: Any, options: ReadOptions | None = None) -> RawDataset:
    """Read a dataset with the reader registered for its suffix.

    The built-in readers get ``options`` (the CSV locale); a plugin's reader gets the path
    only. The options are recorded on the result for :func:`validate`. A built-in reader that
    fails unexpectedly gives a :class:`DatasetError` naming the file; a plugin's reader that
    fails (even with ``SystemExit``) gives a :class:`PluginError` naming the reader and plugin.
    """
    from ..errors import FATAL
    from ..plugins import BUILTIN_PLUGIN_NAME

    path = Path(path)
    options = options or ReadOptions()
    try:
        reader = registry.reader_for(path.suffix or "<none>")
    except UnknownIdError as exc:
        raise fail(str(path), str(exc)) from None
    builtin = reader.plugin == BUILTIN_PLUGIN_NAME
    try:
        with phase(N_("reading {file}"), file=path.name):
            raw = reader.read(path, options) if builtin else reader.read(path)
    except (VillageScoreError, *FATAL):
        raise
    except BaseException as exc:  # a reader broke: name the file (and the plugin), no traceback
        if builtin:
            msg = (f"cannot read the file ({type(exc).__name__}: {exc}); check that it is a valid "
                   f"{reader.name.upper()} file, and please report this message if it is")
            raise fail(str(path), msg) from exc
        msg = (f"reader {reader.name!r} of plugin {reader.plugin!r} failed on {path}: "
               f"{type(exc).__name__}: {exc}")
        raise PluginError(msg) from exc
    raw.options = options
    return raw


def read_dataset(path: str | Path, registry: Any, *, keep_going: bool = False,
                 options: ReadOptions | None = None, framework: Any = None) -> Dataset:
    """Read and validate a dataset file; raise :class:`DatasetError` listing every problem.

    ``options`` say how to read numbers the file leaves implicit (:class:`ReadOptions`); give
    the ``framework`` the data will be scored with when it declares fields of its own.
    """
    return validate(read_raw(path, registry, options), registry, keep_going=keep_going, framework=framework)
