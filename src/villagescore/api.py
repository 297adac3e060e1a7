"""The Python API for researchers: score a dataset file or a pandas DataFrame in one call.

>>> import villagescore as vs
>>> result = vs.evaluate("datasets/phung-xa/phung-xa.csv")          # doctest: +SKIP
>>> result.to_frame()[["village_id", "year", "overall_score", "rating"]]  # doctest: +SKIP

The same checks as the command line apply (a :class:`~villagescore.errors.DatasetError`
lists every problem of the data); what the command line prints beside the scores (how the
file was read, plausibility warnings, rows left out) is a :class:`~villagescore.errors.DataWarning`
here, kept on the result too. The result carries the same provenance. See ``docs/python-api.md``.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import Count, DataWarning, OptionError, Texts, said
from .i18n import LANGS, N_

if TYPE_CHECKING:  # pragma: no cover - annotations only
    import pandas as pd

    from .datasets import Dataset, ReadOptions
    from .model import Framework
    from .registry import Registry
    from .results import Result

__all__ = ["evaluate", "default_registry", "REGISTRY_VARIABLES", "frame_dataset", "check_frame", "iso_date",
           "warn_dataset", "warn_scoring", "catalogue_names"]


#: The environment variables the default registry reads when it is built (``docs/plugins/loading.md``).
REGISTRY_VARIABLES = ("VILLAGESCORE_LOAD_PLUGINS", "VILLAGESCORE_DISABLE_PLUGINS", "VILLAGESCORE_STRICT_PLUGINS",
                      "VILLAGESCORE_CATALOGUES")


def default_registry() -> Registry:
    """The registry of every installed plugin, built again when what it reads has changed since the last call.

    What it reads is read at each call, as a new plugin manager reads it: the variables of
    :data:`REGISTRY_VARIABLES` and the catalogue files ``VILLAGESCORE_CATALOGUES`` names (a file
    saved again is loaded again). The same values give the same registry, built once.
    """
    from .environment import catalogue_paths

    stats = {os.path.abspath(path): os.stat(path) for path in catalogue_paths()}
    files = tuple((path, stat.st_mtime_ns, stat.st_size) for path, stat in stats.items())
    return _registry_of_environment(tuple(os.environ.get(name) for name in REGISTRY_VARIABLES), files)


@functools.lru_cache(maxsize=8)
def _registry_of_environment(_values: tuple[str | None, ...], _files: tuple[tuple[str, int, int], ...]) -> Registry:
    """The registry built for these values of the variables and stamps of the catalogue files (the cache's key)."""
    from .registry import Registry

    return Registry.default()


def frame_dataset(frame: pd.DataFrame, registry: Registry, *, framework: Framework | None = None,
                  metadata: Mapping[str, Any] | None = None, name: str = "<DataFrame>", keep_going: bool = False,
                  options: ReadOptions | None = None) -> Dataset:
    """Validate a DataFrame (one row per village-year, columns as in a CSV dataset) like a file.

    The frame is tidied as the readers tidy a file, on a copy (``frame`` itself is never
    changed): column names and text cells in Unicode NFC without surrounding spaces, an empty
    text cell (``""``) missing, rows with no value at all dropped; the identity columns' cells
    are texts as the frame's CSV writes them (a village id ``101`` is ``'101'``). ``metadata``
    is checked against the metadata schema as a sidecar file is. ``options`` read what the
    cells leave implicit as for a file (:class:`~villagescore.datasets.ReadOptions`:
    ``csv_locale="vi"`` reads text cells as Vietnamese numbers, ``percent_scale``).
    Its hash (recorded in provenance) is that of the frame as given, written as CSV, so the
    same frame always gives the same hash; the frame is scored as that CSV reads (a float32
    or float16 cell is the number ``to_csv`` writes of it, not its binary value). Problems,
    and plausibility and percentage warnings, name a row by its number as in a file (the
    header is row 1) with the frame's index label beside it (``row 3 (index 12)``).
    """
    from .datasets import RawDataset, ReadOptions, validate
    from .datasets.frames import check_frame_shape, frame_metadata, identity_as_text, refuse_bytes_cells
    from .datasets.text import drop_empty_rows, tidy_columns
    from .float_width import widen_frame_floats

    check_frame(frame)
    if metadata is not None and not isinstance(metadata, Mapping):
        raise said(OptionError, N_("metadata must be a mapping (a dict as in NAME.meta.json: {{\"columns\": …}}), not "
                                   "{kind}"), kind=type(metadata).__name__)
    check_frame_shape(frame, name)
    meta, meta_problems = frame_metadata(metadata, name)
    raw = frame.reset_index(drop=True).copy()
    raw.columns = [str(c) for c in raw.columns]
    text = raw.to_csv(index=False, lineterminator="\n")
    try:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    except UnicodeEncodeError as exc:  # a lone surrogate ('\ud800'): half a character, which no file can hold
        from .datasets.files import fail

        raise fail(name, N_("a cell contains {escape}, half of a character (a lone surrogate) that no file can hold: "
                            "retype the text"), params={"escape": repr(exc.object[exc.start:exc.end])}) from None
    raw = drop_empty_rows(widen_frame_floats(raw, text))  # a float32 52.8 is 52.8, as its CSV
    refuse_bytes_cells(raw, name, frame.index)  # before identity texts: b'101' would become the text "b'101'"
    raw = tidy_columns(identity_as_text(raw))
    return validate(RawDataset(raw, name, digest, meta, problems=meta_problems,
                               options=options or ReadOptions(), row_labels=frame.index),
                    registry, keep_going=keep_going, framework=framework)


def check_frame(frame: Any) -> None:
    """Raise :class:`OptionError` saying what to pass when ``frame`` is not a pandas DataFrame."""
    import pandas as pd

    if isinstance(frame, pd.DataFrame):
        return
    if isinstance(frame, pd.Series):
        raise said(OptionError, N_("the data is a pandas Series (one row or one column), not a DataFrame: pass a "
                                   "DataFrame, e.g. series.to_frame().T for one village-year, or df.loc[[label]] "
                                   "instead of df.loc[label]"))
    if isinstance(frame, Mapping) or (isinstance(frame, list | tuple) and all(isinstance(r, Mapping) for r in frame)):
        raise said(OptionError, N_("the data is a {kind}, not a DataFrame: pass pandas.DataFrame(data) (one row per "
                                   "village-year), or a dataset file's path"), kind=type(frame).__name__)
    raise said(OptionError, N_("the data must be a dataset file's path or a pandas DataFrame, not {kind}"),
               kind=type(frame).__name__)


def _village_choice(villages: Any) -> list[Any] | None:
    """``villages`` of :func:`evaluate` as a list (one string is one village); :class:`OptionError` for others."""
    if villages is None:
        return None
    if isinstance(villages, str):
        return [villages]
    if not isinstance(villages, Iterable) or isinstance(villages, Mapping | bytes):
        raise said(OptionError, N_("villages must be a village id or name, or a list of them, not {kind} ({value!r})"),
                   kind=type(villages).__name__, value=villages)
    chosen = list(villages)
    if not chosen:
        raise said(OptionError, N_("villages is empty, which would choose no village: give ids or names, or leave "
                                   "villages out (None) to score every village"))
    return chosen


def evaluate(data: str | os.PathLike[str] | pd.DataFrame, framework: str | os.PathLike[str] | Framework | None = None,
             *,
             villages: str | Iterable[str] | None = None, registry: Registry | None = None,
             metadata: Mapping[str, Any] | None = None, keep_going: bool = False,
             as_of: str | datetime.date | None = None, unverified_limits: str | None = None,
             csv_locale: str = "default", percent_scale: str = "auto",
             catalogues: Iterable[str | Path] = ()) -> Result:
    """Score every village-year of ``data`` against a criteria framework.

    Parameters
    ----------
    data : path or pandas.DataFrame
        A CSV, XLSX or JSON dataset file (a ``str`` or any ``os.PathLike``: ``pathlib.Path``,
        ``os.DirEntry`` …), or a DataFrame with the same columns (tidied and
        validated like a file: :func:`frame_dataset`).
    framework : id, path or Framework, optional
        The id of an installed framework, a framework file, or a loaded framework; by
        default ``vn-ttcn-sustainable``.
    villages : str or iterable of str, optional
        Score only these villages: ids or names, matched as ``--village`` matches them
        (:func:`villagescore.villages.choose_villages`); one string is one village. An empty
        list, or anything but a string or a list, raises :class:`~villagescore.errors.OptionError`.
    registry : Registry, optional
        The plugins to score with (default: every installed plugin).
    metadata : mapping, optional
        Metadata for a DataFrame (sources and quality flags, as in ``NAME.meta.json``).
    keep_going : bool
        Drop invalid rows instead of raising: a :class:`~villagescore.errors.DataWarning` says
        how many, and ``result.provenance["rows_left_out"]`` lists each with its problems.
    as_of : str or datetime.date, optional
        A date (``YYYY-MM-DD``): score under the regulation versions in force on it, instead of
        each village-year's own reference date (``survey_date``, else 31 December of ``year``).
        Anything else raises :class:`~villagescore.errors.OptionError`.
    unverified_limits : {"exclude", "score"}, optional
        What to do with legal limits of confidence ``unverified`` (candidate values): leave the
        indicator out where its limit is unverified, or score against it. By default the
        framework's ``defaults.unverified_limits``; the choice is recorded in the provenance.
    csv_locale : {"default", "vi"}
        ``--csv-locale``: ``vi`` reads a CSV saved with Vietnamese regional settings (``;``
        between columns, ``1.234,5``), and text cells of a DataFrame as Vietnamese numbers.
    percent_scale : {"auto", "percent", "fraction"}
        ``--percent-scale``: how percentage columns are read (``fraction``: 0.45 is 45 %).
    catalogues : paths, optional
        ``--catalogue``: catalogue files to load as plugins without code, besides those of
        ``VILLAGESCORE_CATALOGUES``; not with ``registry`` (whose files are its own). The files a run
        loaded are recorded as the command line records them (``provenance["options"]["catalogue"]``).

    Returns
    -------
    villagescore.results.Result
        ``result.to_frame()`` gives one row per village-year, sorted by village id then year
        (not in the order of ``data``); ``result.indicator_frame()`` one row per village-year
        and indicator. ``result.warnings`` and ``result.notes`` keep what was warned of.

    Warns
    -----
    villagescore.errors.DataWarning
        In the language of the run: the reader's notes (which sheet was read …), the
        plausibility warnings of the data (scored as it is) and the rows ``keep_going`` left out.

    Raises
    ------
    villagescore.errors.VillageScoreError
        Invalid data, framework, option or plugin (the message lists every problem).
    """
    from .datasets import ReadOptions, read_dataset
    from .engine import Engine
    from .framework import load_framework
    from .memo import warnings_and_scoring
    from .model import Framework as _Framework
    from .unverified import with_unverified_limits

    day = iso_date(as_of, "as_of")
    chosen = _village_choice(villages)
    data, framework = (os.fsdecode(x) if isinstance(x, os.PathLike) else x for x in (data, framework))
    if not isinstance(data, str):
        check_frame(data)
    read = ReadOptions(csv_locale=csv_locale, percent_scale=percent_scale)
    registry = _registry_of(registry, catalogues)
    fw = framework if isinstance(framework, _Framework) else load_framework(
        None if framework is None else str(framework), registry)
    fw = with_unverified_limits(fw, unverified_limits)
    if isinstance(data, str):
        dataset = read_dataset(data, registry, keep_going=keep_going, options=read, framework=fw)
    else:
        dataset = frame_dataset(data, registry, framework=fw, metadata=metadata, keep_going=keep_going, options=read)
    warn_dataset(dataset)
    options: dict[str, Any] = {"framework": fw.id, "api": True}
    # what changes scores or how data is read, when not at its default (as the command line records it)
    given = (("csv_locale", csv_locale, "default"), ("percent_scale", percent_scale, "auto"),
             ("keep_going", keep_going, False))
    options.update({k: v for k, v, default in given if v != default})
    if day:
        from .datasets.model import with_reference_date

        dataset = with_reference_date(dataset, day)
        options["as_of"] = day
    if unverified_limits is not None:
        options["unverified_limits"] = unverified_limits
    loaded = catalogue_names(registry)
    if loaded:
        options["catalogue"] = loaded
    from .datasets.dropped import record_left_out
    from .villages import choose_villages

    ids = None if chosen is None else choose_villages(dataset.frame, chosen, source=dataset.path)
    with warnings_and_scoring(ids):  # the frame's context columns read once for both
        unscored = warn_scoring(fw, dataset, registry, ids)
        result = record_left_out(Engine(registry).evaluate(fw, dataset, village_ids=ids, options=options), dataset)
    result.warnings, result.notes = [*unscored, *dataset.warnings], list(dataset.notes)
    return result


def _registry_of(registry: Registry | None, catalogues: Iterable[str | Path]) -> Registry:
    """The registry to score with: ``registry``, else every installed plugin and the ``catalogues`` files."""
    files = [catalogues] if isinstance(catalogues, str | os.PathLike) else list(catalogues or ())
    if registry is not None and files:
        raise said(OptionError, N_("give catalogues or registry, not both: a registry holds its catalogue files "
                                   "already (Registry.default(catalogues=[…]))"))
    if registry is not None:
        return registry
    if not files:
        return default_registry()
    from .registry import Registry

    return Registry.default(catalogues=files)


def catalogue_names(registry: Registry) -> list[str]:
    """The file names (without folder) of the catalogue files ``registry`` loaded as plugins, in load order, once.

    What ``--catalogue`` records in a result's options (``VILLAGESCORE_CATALOGUES``'s files first), so that
    a re-run given the same files loads the same plugins.
    """
    from .file_names import file_name

    return list(dict.fromkeys(file_name(str(p)) for p in (getattr(registry, "catalogue_files", None) or {}).values()))


def warn_scoring(framework: Framework, dataset: Dataset, registry: Registry, villages: list[str] | None = None
                 ) -> list[Any]:
    """Issue a :class:`DataWarning` for what the command line warns of before scoring; return the values unscored.

    Sectors the villages name that bring no indicator to ``framework``, and values given but not
    scored because their legal limit is unknown (:func:`villagescore.limit_gaps.limit_warnings`:
    which rows, why, the field to fill), for the village-years scored (``villages``: ids).
    """
    from .framework.sectors import IDLE_SECTORS, idle_sectors_said
    from .limit_gaps import dataset_limit_warnings

    idle = idle_sectors_said(framework, dataset.frame)
    if idle:
        _warn(IDLE_SECTORS, **idle)
    found = dataset_limit_warnings(framework, dataset, registry, villages or ())
    for w in found:
        _warn(N_("{message}"), message=Texts({lang: w.format(lang, word=False) for lang in LANGS}))
    return found


def iso_date(value: str | datetime.date | None, name: str) -> str | None:
    """``value`` (a ``datetime.date`` or a ``YYYY-MM-DD`` text) as ``YYYY-MM-DD``; :class:`OptionError` otherwise.

    ``None`` is "not given" (``None`` is returned); a missing value (``pd.NaT``, ``NaN``, ``pd.NA``) is refused.
    """
    if value is None:
        return None
    if _missing(value):  # pd.NaT is a datetime whose isoformat() is 'NaT'
        raise said(OptionError, N_("{name}={value!r} is a missing value, not a date: write YYYY-MM-DD (e.g. "
                                   "2025-06-30) or give a datetime.date; leave {name} out (None) to use each row's "
                                   "own date"),
                   name=name, value=value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    try:
        return datetime.datetime.strptime(str(value).strip(), "%Y-%m-%d").date().isoformat()
    except ValueError:
        raise said(OptionError, N_("{name}={value!r} is not a date: write YYYY-MM-DD (e.g. 2025-06-30) or give "
                                   "a datetime.date"), name=name, value=value) from None


def _missing(value: Any) -> bool:
    """Whether ``value`` is one of pandas' or numpy's missing values (``NaT``, ``NaN``, ``pd.NA``)."""
    import pandas as pd

    return bool(pd.api.types.is_scalar(value) and pd.isna(value))


def warn_dataset(dataset: Dataset) -> None:
    """Issue a :class:`DataWarning` for each thing the command line prints beside the scores of ``dataset``.

    The reader's notes, one for the plausibility warnings (how many, the first) and one for
    the rows ``keep_going`` left out; each in the language of the run.
    """
    file = dataset.path
    for note in dataset.notes:
        _warn(N_("{file}: {note}"), file=file, note=note)
    found = dataset.warnings
    if found:
        first = found[0]
        _warn(N_("{file}: {n} plausibility warning(s) (the data is scored as it is); the first: {first}; "
                 "result.warnings holds every one (warning.format(lang) says it)"),
              file=file, n=Count(len(found)), first=Texts({lang: first.format(lang) for lang in LANGS}))
    rows = dataset.left_out
    if rows:
        shown = Texts({lang: _rows_shown(rows, lang) for lang in LANGS})
        _warn(N_("{file}: {n} invalid row(s) left out (keep_going): rows {rows}; "
                 "result.provenance['rows_left_out'] says why"), file=file, n=Count(len(rows)), rows=shown)


def _rows_shown(rows: list[dict[str, Any]], lang: str, shown: int = 10) -> str:
    """The first rows left out, each with its index label when the dataset was a DataFrame (``5 (index 'r103')``)."""
    from .i18n import gettext

    with_label = gettext(N_("{n} (index {label})"), lang)
    texts = [with_label.format(n=r["row"], label=r["index"]) if "index" in r else str(r["row"]) for r in rows[:shown]]
    return ", ".join(texts) + (" …" if len(rows) > shown else "")


def _warn(template: str, **params: Any) -> None:
    import warnings

    warnings.warn(said(DataWarning, template, **params), stacklevel=4)  # the caller of evaluate()
