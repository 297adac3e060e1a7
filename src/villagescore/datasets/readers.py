"""Read a dataset with the reader registered for its suffix, and read-and-validate in one call."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import UnknownIdError, VillageScoreError
from ..file_names import file_name
from ..i18n import N_
from ..progress import phase
from .files import fail
from .model import Dataset, RawDataset, ReadOptions
from .text import shared_factorization
from .validate import validate


def read_raw(path: str | Path, registry: Any, options: ReadOptions | None = None) -> RawDataset:
    """Read a dataset with the reader registered for its suffix.

    A reader whose ``read`` takes an ``options`` parameter gets ``options`` (how to read what
    the file leaves implicit: :class:`ReadOptions`), any other the path only; the built-in
    readers are no exception. The options are recorded on the result for :func:`validate`.
    A reader that fails unexpectedly (even with ``SystemExit``) gives a :class:`DatasetError`
    naming the file, the reader and its plugin.
    """
    from ..errors import FATAL
    from ..objects.formats import accepts

    path = Path(path)
    options = options or ReadOptions()
    try:
        reader = registry.reader_for(path.suffix or "<none>")
    except UnknownIdError as exc:
        raise fail(str(path), str(exc)) from None
    try:
        with phase(N_("reading {file}"), file=file_name(path)):
            raw = reader.read(path, options=options) if accepts(reader.read, "options") else reader.read(path)
    except (VillageScoreError, *FATAL):
        raise
    except BaseException as exc:  # a reader broke: name the file, the reader and its plugin; no traceback
        msg = N_("cannot read the file with reader {reader!r} (plugin {plugin!r}): {error}; check that it is a valid "
                 "{format} file, and if it is, please report this message to the plugin's authors")
        params = {"reader": reader.name, "plugin": reader.plugin, "error": f"{type(exc).__name__}: {exc}",
                  "format": reader.name.upper()}
        raise fail(str(path), msg, params=params) from exc
    raw.options = options
    return raw


def read_dataset(path: str | Path | Any, registry: Any, *, keep_going: bool = False,
                 options: ReadOptions | None = None, framework: Any = None) -> Dataset:
    """Read and validate a dataset file; raise :class:`DatasetError` listing every problem.

    ``options`` say how to read numbers the file leaves implicit (:class:`ReadOptions`); give
    the ``framework`` the data will be scored with when it declares fields of its own. A
    pandas DataFrame in place of the path is validated like a file
    (:func:`villagescore.api.frame_dataset`).
    """
    import pandas as pd

    if isinstance(path, pd.DataFrame):
        from ..api import frame_dataset

        return frame_dataset(path, registry, framework=framework, keep_going=keep_going, options=options)
    with shared_factorization():  # the text columns factorised in tidying are not factorised again in validation
        return validate(read_raw(path, registry, options), registry, keep_going=keep_going, framework=framework)
