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
from .our_outputs import refuse_our_header
from .text import shared_factorization
from .validate import validate

#: Workbook formats that Excel, LibreOffice and WPS Office save and no installed reader may read: each can be
#: saved again as an Excel Workbook (.xlsx), which is read (a plugin registering a reader for one is used first).
OTHER_WORKBOOKS = (".xls", ".xlsm", ".xlsb", ".ods", ".et")
SAVE_AS_XLSX = N_("a {suffix} workbook is not read: open it (Excel, LibreOffice or WPS Office) and save it as Excel "
                  "Workbook (.xlsx) with File > Save As, then give that file")


def read_suffixes(registry: Any) -> str:
    """The suffixes the registered readers read, as a message lists them (``.csv, .json, .xlsx``)."""
    return ", ".join(sorted({s.lower() for r in registry.readers.values() for s in r.suffixes}))


def dataset_suffix(registry: Any, suffix: str) -> bool:
    """True for a suffix a registered reader reads, or a workbook's that :func:`read_raw` says to save as .xlsx."""
    if suffix.lower() in OTHER_WORKBOOKS:
        return True
    try:
        registry.reader_for(suffix)
    except UnknownIdError:
        return False
    return True


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
    if path.is_dir():
        _refuse_folder(path, registry)
    try:
        reader = registry.reader_for(path.suffix or "<none>")
    except UnknownIdError as exc:
        if path.suffix.lower() in OTHER_WORKBOOKS:
            raise fail(str(path), SAVE_AS_XLSX, params={"suffix": path.suffix}) from None
        if getattr(exc, "template", None) is None:
            raise fail(str(path), str(exc)) from None
        raise fail(str(path), exc.template, params=exc.params) from None  # said in the user's language
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
    refuse_our_header(str(path), list(raw.frame.columns))  # a result table read as data: one message, not 14
    raw.options = options
    return raw


def _refuse_folder(path: Path, registry: Any, shown: int = 5) -> None:
    """Raise the :class:`DatasetError` of a folder given as the data, naming the dataset files in it (the first 5)."""
    try:
        found = sorted(p.name for p in path.iterdir()
                       if p.is_file() and dataset_suffix(registry, p.suffix) and not p.name.endswith(".meta.json"))
    except OSError:
        found = []
    params = {"suffixes": read_suffixes(registry), "found": ", ".join(found[:shown]) + (" …" if found[shown:] else "")}
    if found:
        raise fail(str(path), N_("it is a folder, not a dataset file: give the path of one file in it, such as "
                                 "{found} (files ending in {suffixes} are read)"), params=params)
    raise fail(str(path), N_("it is a folder, not a dataset file, and it holds none: give the path of a file ending in "
                             "{suffixes}"), params=params)


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
