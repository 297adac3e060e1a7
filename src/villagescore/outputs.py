"""Safe output: atomic writes and neutralised spreadsheet cells.

Reports are written to a temporary file in the target folder and renamed over the target only
when complete, so a failed run never leaves a half-written file and never damages an existing
report. Text cells that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``,
``@``, tab or carriage return) are prefixed with an apostrophe in CSV and XLSX output. The CSV writers
for whole frames (:func:`frame_csv_bytes`, :func:`to_csv_text`) write what the csv module and pandas do.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import re
import secrets
import stat
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, BinaryIO

from .errors import OutputError, StdoutClosed, Term, os_reason, said
from .i18n import N_
from .replaced_together import hold
from .stops import raise_if_received
from .writeback import writeback

__all__ = ["atomic_write", "atomic_stream", "neutralise", "csv_bytes", "frame_csv_bytes", "write_frame_csv",
           "csv_plain", "to_csv_text", "FORMULA_PREFIXES", "recording_inputs", "record_input", "is_special",
           "check_output_path"]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Return ``value`` made inert for spreadsheets: text starting like a formula gets a ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """Return UTF-8 CSV (with BOM, so Excel reads Vietnamese correctly), cells neutralised."""
    return ("\ufeff" + _csv_lines([[neutralise(h) for h in header]]) + _csv_lines(_row_cells(rows))).encode("utf-8")


def _row_cells(rows: Iterable[Sequence[Any]], decimal: str = ".") -> Iterator[list[Any]]:
    if decimal != ".":  # a float is written as the csv module would, with the locale's decimal mark
        return (["" if v is None else repr(v).replace(".", decimal) if isinstance(v, float) else neutralise(v)
                 for v in row] for row in rows)
    # neutralise() written out: a national table has millions of cells, and a call each cost more than the test
    return (["" if v is None else "'" + v if isinstance(v, str) and v.startswith(FORMULA_PREFIXES) else v
             for v in row] for row in rows)


def _csv_lines(rows: Iterable[Sequence[Any]], delimiter: str = ",") -> str:
    """The rows as the csv module writes them (LF line ends)."""
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return buf.getvalue()


#: How a CSV separates its columns and writes decimals, by ``--csv-locale``: ``vi`` is a CSV as Excel
#: saves and opens it with Vietnamese regional settings (``;`` between columns, ``37,0314``).
CSV_STYLES = {"default": (",", "."), "vi": (";", ",")}


def frame_csv_bytes(frame: Any) -> bytes:
    """:func:`csv_bytes` of a pandas frame (header, rows; missing cells empty): what :func:`write_frame_csv` writes."""
    buf = io.BytesIO()
    write_frame_csv(frame, buf)
    return buf.getvalue()


def write_frame_csv(frame: Any, handle: BinaryIO, *, locale: str = "default") -> None:
    """Write :func:`frame_csv_bytes` of ``frame`` to the binary ``handle`` as it is made.

    ``locale`` (:data:`CSV_STYLES`): ``vi`` separates columns with ``;`` and writes decimals with
    ``,`` (text cells as they are), what Excel reads with Vietnamese regional settings.

    The same bytes as ``csv_bytes(list(frame.columns), rows)`` with each row's cells as Python
    objects and ``None`` for a missing cell, without a Python call per cell: each column is
    formatted as the csv module formats a cell (``repr`` of a float, ``str`` of anything else,
    text neutralised), :data:`CSV_ROWS` rows at a time, and each chunk is written as soon as it
    is made (the text of a whole national CSV is never held). A chunk is made from fixed-width
    cells (:func:`villagescore.frame_csv.packed_chunk`); when that declines, its cells are joined
    column by column, and a chunk with a cell that the csv module would quote (a comma, a quote,
    a line break), or of fewer than two columns, goes through the csv module itself. The fixed-width
    cells are made column by column for the whole frame first (:func:`~villagescore.frame_csv.frame_columns`),
    so that a chunk only takes and packs its rows' cells: the chunks are made by this process unless
    ``VILLAGESCORE_WORKERS`` asks for more (:func:`~villagescore.chunks.chunks_in_order`; a forked copy
    cost more, copying the pages either process writes, than the packing it spared this one).
    """
    import contextlib
    import functools

    from .chunks import chunks_in_order
    from .environment import workers
    from .frame_csv import frame_columns

    delimiter, decimal = CSV_STYLES[locale]
    handle.write(("\ufeff" + _csv_lines([[neutralise(h) for h in frame.columns]], delimiter)).encode("utf-8"))
    make = functools.partial(_frame_csv_chunk, frame_columns(frame, delimiter, decimal), delimiter=delimiter,
                             decimal=decimal)
    with contextlib.closing(chunks_in_order(make, len(frame), CSV_ROWS, workers() or 1)) as chunks:
        for chunk in chunks:
            handle.write(chunk)


def _frame_csv_chunk(columns: Any, start: int, stop: int, delimiter: str = ",", decimal: str = ".") -> bytes:
    """The UTF-8 CSV lines of rows ``start:stop`` of a frame's :class:`~villagescore.frame_csv.FrameColumns`."""
    from .frame_csv import packed_chunk

    part = columns.frame.iloc[start:stop]
    if part.shape[1] >= 2:
        packed = packed_chunk(columns, start, stop, delimiter, decimal)
        if packed is not None:
            return packed
        texts = [_csv_texts(part.iloc[:, j], decimal) for j in range(part.shape[1])]
        if all(csv_plain(col, delimiter) for col in texts):
            return ("\n".join(map(delimiter.join, zip(*texts, strict=True))) + "\n").encode("utf-8")
    rows = part.astype(object).where(part.notna(), None).itertuples(index=False, name=None)
    return _csv_lines(_row_cells(rows, decimal), delimiter).encode("utf-8")


#: Rows formatted at a time by the frame writers (their cells as Python text are held only that long).
CSV_ROWS = 8_192


#: Characters the csv module may quote a cell for (its delimiter, quote, line breaks, NUL), by delimiter.
_SPECIAL = {",": re.compile('[,"\r\n\x00]'), ";": re.compile('[;"\r\n\x00]')}


def csv_plain(cells: list[Any], delimiter: str = ",") -> bool:
    """Whether the csv module writes every cell as it is: text without a character it quotes (or refuses)."""
    try:
        joined = "".join(cells)
    except TypeError:  # a cell that is not text
        return False
    return _SPECIAL[delimiter].search(joined) is None


def _csv_texts(series: Any, decimal: str = ".") -> list[str]:
    """A column's cells as the csv module writes them: ``repr`` of a float, ``str`` of the rest, missing empty.

    Text cells are neutralised (:func:`neutralise`); a number is written as it is, even ``-5``,
    a float with ``decimal`` as its decimal mark.
    """
    import numpy as np

    missing = series.isna().to_numpy()
    kind = series.dtype.kind if isinstance(series.dtype, np.dtype) else ""
    if kind in ("f", "b", "i", "u"):
        import pandas as pd

        # each distinct number is formatted once (scores and shares repeat across villages)
        values = series.to_numpy()
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        if kind == "f":
            from .float_text import float_reprs

            uniques = np.asarray(uniques, dtype=float)
            if (values == 0).any():  # -0.0 and 0.0 are one value to factorize, two texts
                codes = np.where(values == 0, len(uniques) + np.signbit(values), codes)
                uniques = np.concatenate([uniques, [0.0, -0.0]])
            formatted = float_reprs(uniques, "") + [""]
            if decimal != ".":
                formatted = [f.replace(".", decimal) for f in formatted]
        else:
            formatted = list(map(str, uniques.tolist())) + [""]
        texts = np.asarray(formatted, dtype=object)[codes].tolist()
    else:
        values = series.to_numpy(dtype=object)
        texts = values.tolist()
        at = np.flatnonzero(~missing)
        cells = values[at].tolist()
        try:
            "".join(cells)
        except TypeError:  # numbers, dates … among the text: as the csv module writes them, never neutralised
            text = np.fromiter(map(isinstance, cells, itertools.repeat(str)), dtype=bool, count=len(cells))
            for k in at[~text].tolist():
                texts[k] = repr(texts[k]).replace(".", decimal) if isinstance(texts[k], float) else str(texts[k])
            at = at[text]
            cells = values[at].tolist()
        risky = np.fromiter(map(str.startswith, cells, itertools.repeat(FORMULA_PREFIXES)), dtype=bool,
                            count=len(cells))
        for k in at[risky].tolist():
            texts[k] = neutralise(texts[k])
    for k in np.flatnonzero(missing).tolist():
        texts[k] = ""
    return texts


def to_csv_text(frame: Any) -> str:
    """What ``frame.to_csv(index=False)`` writes with LF line ends, built column by column.

    Each distinct value of a column is formatted once, as pandas formats it for CSV
    (``numpy``'s text of a float, ``str`` of an integer or a text, a missing cell empty), and
    the rows are joined. A frame with a cell or a name the csv module would quote, with fewer
    than two columns or with a column of another type goes through pandas.
    """
    header = list(frame.columns)
    parts = [",".join(header)] if frame.shape[1] >= 2 and csv_plain(header) else None
    for start in range(0, len(frame), CSV_ROWS) if parts is not None else ():
        part = frame.iloc[start:start + CSV_ROWS]
        columns = [_to_csv_column(part.iloc[:, j]) for j in range(part.shape[1])]
        if any(c is None for c in columns):
            parts = None
            break
        parts.append("\n".join(map(",".join, zip(*columns, strict=True))))
    if parts is None:
        return frame.to_csv(index=False, lineterminator="\n")
    return "\n".join(parts) + "\n"


def _to_csv_column(series: Any) -> list[str] | None:
    """The cells of one column as ``to_csv`` writes them, or ``None`` (a type or a cell this does not handle)."""
    import numpy as np
    import pandas as pd

    dtype = series.dtype
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    if dtype == np.float64:
        texts = np.asarray(uniques, dtype=np.float64).astype(str).tolist()  # numpy's text of each float, as pandas
    elif isinstance(dtype, (pd.Int64Dtype, pd.StringDtype)) or (isinstance(dtype, np.dtype) and dtype.kind in "iO"):
        uniques = np.asarray(uniques, dtype=object).tolist()
        if any(isinstance(v, float) for v in uniques):
            return None  # a float among objects is written with repr
        texts = list(map(str, uniques))
    else:
        return None
    if not csv_plain(texts):
        return None
    cells = np.array([*texts, ""], dtype=object)[codes]  # code -1: a missing cell
    if dtype == np.float64:  # -0.0 and 0.0 are one value to factorize, two texts
        values = series.to_numpy()
        zero = values == 0
        if zero.any():
            negative, positive = np.array([-0.0, 0.0]).astype(str).tolist()
            sign = np.signbit(values)
            cells[zero & sign] = negative
            cells[zero & ~sign] = positive
    return cells.tolist()


def atomic_write(path: str | Path, data: bytes, *, keep_inputs: bool = True) -> None:
    """Write ``data`` to ``path`` without ever leaving a half-written or destroyed file.

    - A regular file (or a new one) is written atomically: a temporary file in the same folder is
      fsynced and renamed over the target (sent to the disk as it grows: :mod:`villagescore.writeback`).
      It gets the permissions a plain ``open(path, "wb")`` would give it: those of the report it
      replaces, or the usual ones under the umask for a new file. The temporary file is removed
      whatever stops the write (an error, Ctrl-C, SIGTERM through :class:`~villagescore.errors.Terminated`).
    - A symbolic link is followed: its target is replaced, the link stays a link.
    - A special file (a device such as ``/dev/null``, a FIFO, a socket, ``/dev/stdout``: by :func:`is_special`)
      is written directly, appended to, never replaced by a regular file; its reader gone (``-o /dev/stdout |
      head -1``) is :class:`StdoutClosed`, a quiet end. A regular file is never special (``/dev/shm``).
    - A read-only file is refused (:class:`OutputError`): it is someone's protected copy.
    - A file villagescore reads (a dataset with rows, its metadata, a results store, a filled
      survey: :func:`villagescore.protected.input_kind`) is refused unless ``keep_inputs`` is
      false (the writer of datasets replaces its own).
    """
    with atomic_stream(path, keep_inputs=keep_inputs) as handle:
        handle.write(data)


@contextmanager
def atomic_stream(path: str | Path, *, keep_inputs: bool = True) -> Iterator[BinaryIO]:
    """A binary handle whose content replaces ``path`` only when the ``with`` block completes.

    The streaming form of :func:`atomic_write` (same rules): large outputs are written piece by piece to a
    temporary file beside the target, renamed over it at the end, and removed if anything stops the block,
    so a reader never sees a half-written file (inside :func:`~villagescore.replaced_together.replaced_together`
    the rename waits for the others of the group).
    """
    target = Path(path)
    if is_special(target):
        try:
            with open(target, "ab") as handle:
                yield handle
                handle.flush()
        except BrokenPipeError:  # -o /dev/stdout | head -1, a FIFO: the reader has what it wanted, as on stdout
            raise StdoutClosed from None
        except OSError as exc:
            raise said(OutputError, _CANNOT_WRITE, file=target, reason=os_reason(exc)) from None
        return
    try:  # a name too long, a folder that cannot be searched …: said, never a traceback
        real, folder = _writable_place(target, keep_inputs=keep_inputs)
        tmp = _temporary_name(folder, real.name)
    except OSError as exc:
        raise said(OutputError, _CANNOT_WRITE, file=target, reason=os_reason(exc)) from None
    try:
        fd = _create(tmp)
        with os.fdopen(fd, "wb") as handle:
            if real.is_file():
                os.chmod(tmp, stat.S_IMODE(real.stat().st_mode))
            with writeback(handle.fileno()):  # the disk works while the rest is made: the fsync waits less
                yield handle
                handle.flush()
            os.fsync(handle.fileno())
        raise_if_received()  # a stop whose exception was swallowed (a __del__, an at-fork callback) still stops
        if not hold(tmp, target, lambda: os.replace(tmp, real)):  # in replaced_together: renamed at its end
            os.replace(tmp, real)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        said_how = _CANNOT_WRITE_KEPT if real.is_file() else _CANNOT_WRITE  # a full disk, `ulimit -f`: say it is kept
        raise said(OutputError, said_how, file=target, reason=os_reason(exc)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_output_path(path: str | Path, *, keep_inputs: bool = True) -> None:
    """Raise :class:`OutputError` now for a path :func:`atomic_stream` would refuse, before anything is computed.

    The same rules (a folder, a read-only file, a file villagescore reads unless ``keep_inputs``
    is false, a folder that does not exist), and a folder this user may not write in. The write
    checks again: the file may have appeared meanwhile.
    """
    target = Path(path)
    if is_special(target):
        return
    try:
        _, folder = _writable_place(target, keep_inputs=keep_inputs)
        if not os.access(folder, os.W_OK | os.X_OK):
            reason = N_("the disk is read-only") if _read_only_file_system(folder) else N_("permission denied")
            raise said(OutputError, _CANNOT_WRITE, file=target, reason=Term(reason))
    except OSError as exc:
        raise said(OutputError, _CANNOT_WRITE, file=target, reason=os_reason(exc)) from None


def _read_only_file_system(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs (Windows): not known to be read-only
        return False


def _writable_place(target: Path, *, keep_inputs: bool) -> tuple[Path, Path]:
    """The file a write to ``target`` replaces (a symlink's target) and its folder, once both are checked."""
    real = Path(os.path.realpath(target))  # a symlink: replace what it points to, not the link
    _check_replaceable(target, real, keep_inputs=keep_inputs)
    folder = real.parent
    if not folder.is_dir():
        if folder.exists():
            raise said(OutputError, N_("cannot write {file}: {folder} is a file, not a folder"), file=target,
                       folder=folder)
        raise said(OutputError, N_("cannot write {file}: folder {folder} does not exist"), file=target,
                   folder=folder)
    return real, folder


#: What a failed write says (the system's reason, in its own words).
_CANNOT_WRITE = N_("cannot write {file}: {reason}")
_CANNOT_WRITE_KEPT = N_("cannot write {file}: {reason}; the file already there is kept as it was")


def is_special(target: Path) -> bool:
    """True for a path that must be written in place: a device, a FIFO, a socket, or a descriptor's name.

    Decided by what the path is, never by where: a regular file under ``/dev/shm`` (tmpfs) is an
    ordinary file, and a path that does not exist yet never is special. ``/dev/stdout``,
    ``/dev/fd/N`` and ``/proc/self/fd/N`` name an open descriptor (a redirect to a regular file
    too): it is appended to, as the shell's ``>>`` would, never replaced.
    """
    try:
        mode = os.stat(target).st_mode  # follows symbolic links
    except OSError:
        return False
    return (not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)) or _names_a_descriptor(target)


#: The folder of a process's open descriptors in /proc (``/dev/fd`` and ``/dev/stdout`` lead there).
_DESCRIPTOR_FOLDER = re.compile(r"/proc/[^/]+(?:/task/[^/]+)?/fd")


def _names_a_descriptor(target: Path) -> bool:
    """Whether ``target``, or a symbolic link it leads through, is an entry of a /proc descriptor folder."""
    path = target.absolute()
    for _ in range(40):  # the kernel's limit of links followed
        if _DESCRIPTOR_FOLDER.fullmatch(os.path.realpath(path.parent)):
            return True
        if not path.is_symlink():
            return False
        path = path.parent / os.readlink(path)
    return False


def _check_replaceable(target: Path, real: Path, *, keep_inputs: bool = True) -> None:
    """Refuse a folder, a read-only file (checked by its mode bits: root may write anything), a file villagescore reads.

    What villagescore reads (:func:`villagescore.protected.input_kind`: a dataset with rows, its
    metadata, a results store, a filled survey) is never replaced by an output; an output it
    wrote (a result, a report) is. ``keep_inputs=False``: the writer of datasets replaces its own.
    """
    if real.is_dir():
        raise said(OutputError, N_("cannot write {file}: it is a folder; give a file name"), file=target)
    if not real.is_file():
        return
    if _read_only_file_system(real.parent):  # chmod cannot make such a file writable: say why
        raise said(OutputError, _CANNOT_WRITE, file=target, reason=Term(N_("the disk is read-only")))
    if not os.access(real, os.W_OK) or not real.stat().st_mode & 0o222:
        raise said(OutputError, N_("cannot write {file}: the file is read-only, so it is not replaced; make it "
                                   "writable or choose another file name"), file=target)
    from .protected import input_kind

    kind = input_kind(real) if keep_inputs and real.stat().st_size else None
    if kind is not None:
        raise said(OutputError, N_("refusing to replace {file}: it is {kind}, not an output of villagescore; choose "
                                   "another file name, or delete the file yourself first"),
                   file=target, kind=kind)


#: The list :func:`recording_inputs` collects the files read into (``None``: not recording).
_INPUTS: ContextVar[list[Any] | None] = ContextVar("villagescore_inputs_read", default=None)


@contextmanager
def recording_inputs(into: list[Any]) -> Iterator[None]:
    """Append to ``into`` every file :func:`record_input` is told of in the block (the command line's inputs)."""
    token = _INPUTS.set(into)
    try:
        yield
    finally:
        _INPUTS.reset(token)


def record_input(path: Any) -> None:
    """Note that ``path`` (a file path; anything else is ignored) is read: an output never replaces it."""
    into = _INPUTS.get()
    if into is not None and isinstance(path, (str, os.PathLike)):
        into.append(Path(path))


def _temporary_name(folder: Path, name: str) -> str:
    """A free hidden name beside the target (the file is created by :func:`_create`)."""
    for _ in range(100):
        tmp = str(folder / f".{name}.{secrets.token_hex(6)}.tmp")
        if not os.path.lexists(tmp):
            return tmp
    raise said(OutputError, N_("no free temporary name for {name} in {folder}"), name=name, folder=folder)


def _create(tmp: str) -> int:
    """Create the temporary file, mode 0o666 under the umask (mkstemp would give 0o600)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    return os.open(tmp, flags, 0o666)
