"""Datasets read from standard input (``-`` in place of a file name).

``villagescore evaluate - < villages.csv`` (and ``validate``, ``compare``, ``explain``,
``sensitivity``) read the dataset from standard input. Standard input has no suffix, so
``--input-format csv|xlsx|json`` says what it holds (default ``csv``; a workbook or JSON given as
CSV is refused saying to add the option, never guessed). The bytes are read
once per run, kept in memory, and handed to the same reader a file of that format gets (through
a private temporary file named ``stdin.<format>``, removed afterwards). A result piped into
``compare -`` in a layout a result file is streamed in is streamed too, from its first line. Messages and the
result's provenance name the dataset ``<stdin>``: the same bytes always give the same report.
There is no sidecar metadata for standard input; an XLSX workbook may carry its metadata
sheets.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import click

__all__ = ["STDIN", "STDIN_NAME", "INPUT_FORMATS", "is_stdin", "input_format_option", "stdin_bytes", "stdin_file",
           "stdin_first_line", "stdin_rest", "renamed_problems", "renamed"]

#: The argument that means standard input.
STDIN = "-"
#: How messages and provenance name a dataset read from standard input.
STDIN_NAME = "<stdin>"
#: The built-in formats standard input may hold (``--input-format``; the first is the default): any
#: file suffix a registered reader declares is accepted too (a plugin's ``tsv``).
INPUT_FORMATS = ("csv", "xlsx", "json")


def is_stdin(path: Any) -> bool:
    """True when a dataset argument is ``-`` (standard input)."""
    return path is not None and str(path) == STDIN


def _store_input_format(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    if value is not None:
        value = value.strip().lstrip(".").lower()  # 'TSV' and '.tsv' are 'tsv'
    if ctx.obj is not None and value is not None:
        ctx.obj.input_format = value
    return value


#: ``--input-format``: what a dataset read from standard input (``-``) holds.
input_format_option = click.option(
    "--input-format", metavar="SUFFIX", default=INPUT_FORMATS[0], show_default=True,
    expose_value=False, callback=_store_input_format, is_eager=True,
    help="Format of a dataset read from standard input ('-' as the file name): csv, xlsx, json, or the file "
         "suffix of a reader a plugin registers (villagescore plugins lists them). A named file's suffix says "
         "its format.")


def stdin_bytes(app: Any) -> bytes:
    """The bytes of standard input, read once per run (later calls return the same bytes).

    Raises
    ------
    villagescore.errors.DatasetError
        When standard input is larger than a dataset may be, or is empty.
    """
    from ..datasets import MAX_DATASET_BYTES
    from ..errors import Count, DatasetError, problem
    from ..i18n import N_

    cached = getattr(app, "_stdin_bytes", None)
    if cached is not None:
        return cached
    stream = _stdin_stream()
    head = getattr(app, "_stdin_head", b"")  # a first line read alone (stdin_first_line) comes first
    data = head + (stream.read(MAX_DATASET_BYTES + 1 - len(head)) if stream is not None else b"")
    if len(data) > MAX_DATASET_BYTES:
        raise DatasetError([problem(STDIN_NAME, "", N_("standard input holds more than {most} bytes; datasets are "
                                                       "limited to that"), params={"most": Count(MAX_DATASET_BYTES)})])
    if not data:
        raise DatasetError([problem(STDIN_NAME, "", N_("standard input is empty: pipe a dataset into the command "
                                                       "(villagescore evaluate - < villages.csv)"))])
    app._stdin_bytes = data
    return data


def _stdin_stream() -> BinaryIO | None:
    return getattr(sys.stdin, "buffer", None) if sys.stdin is not None else None


def stdin_first_line(app: Any) -> bytes:
    """The first line of standard input (its line end kept), read alone: the rest is left to stream.

    :func:`stdin_bytes` still gives the whole input, this line first; :func:`stdin_rest` the rest.
    """
    cached = getattr(app, "_stdin_bytes", None)
    if cached is not None:
        return cached[:cached.find(b"\n") + 1 or len(cached)]
    head = getattr(app, "_stdin_head", None)
    if head is None:
        from ..datasets import MAX_DATASET_BYTES

        stream = _stdin_stream()
        head = stream.readline(MAX_DATASET_BYTES + 1) if stream is not None else b""
        app._stdin_head = head
    return head


def stdin_rest(app: Any) -> BinaryIO:
    """Standard input after :func:`stdin_first_line`, to be read as it is consumed (a streamed result)."""
    cached = getattr(app, "_stdin_bytes", None)
    if cached is not None:
        return io.BytesIO(cached[len(stdin_first_line(app)):])
    return _stdin_stream() or io.BytesIO()


@contextlib.contextmanager
def stdin_file(app: Any) -> Iterator[Path]:
    """A private temporary file holding standard input, named ``stdin.<input format>``."""
    fmt = getattr(app, "input_format", None) or INPUT_FORMATS[0]
    app.registry.reader_for(f".{fmt}")  # a format no reader declares: said before standard input is read
    data = stdin_bytes(app)
    _refuse_a_workbook_as_text(data, fmt)
    _refuse_json_as_csv(data, fmt)
    app.read_stdin = True  # the run's provenance then records a --input-format other than csv
    with tempfile.TemporaryDirectory(prefix="villagescore-stdin-") as folder:
        path = Path(folder) / f"stdin.{fmt}"
        path.write_bytes(data)
        yield path


def _refuse_a_workbook_as_text(data: bytes, fmt: str) -> None:
    """A workbook piped in without ``--input-format xlsx`` is refused saying to add it, not as CSV that is not UTF-8."""
    from ..datasets.csv import ZIP_MAGIC
    from ..errors import DatasetError, problem
    from ..i18n import N_

    if fmt in ("csv", "tsv", "json") and data.startswith(ZIP_MAGIC):
        raise DatasetError([problem(STDIN_NAME, "", N_(
            "the input is a ZIP archive such as an Excel workbook, not {fmt} text: for a workbook on standard input "
            "add --input-format xlsx (or save it as 'CSV UTF-8')"), params={"fmt": fmt.upper()})])


def _refuse_json_as_csv(data: bytes, fmt: str) -> None:
    """JSON piped in without ``--input-format json`` is refused in one line saying to add it, not as ~200 bad rows."""
    from ..errors import DatasetError, problem
    from ..i18n import N_

    first = data.removeprefix(b"\xef\xbb\xbf").lstrip()[:1]
    if fmt in ("csv", "tsv") and first in (b"{", b"["):
        raise DatasetError([problem(STDIN_NAME, "", N_(
            "the input looks like JSON (it starts with {first!r}), not {fmt} text: for JSON on standard input (a "
            "dataset or a saved result) add --input-format json"),
            params={"first": first.decode(), "fmt": fmt.upper()})])


def renamed_problems(problems: list[Any], old: str, new: str = STDIN_NAME) -> list[Any]:
    """The problems with the temporary file's name replaced by ``new``."""
    out = []
    for p in problems:
        file = new if p.file == old else _renamed_text(p.file, old, new)
        out.append(dataclasses.replace(p, file=file, message=_renamed_text(p.message, old, new)))
    return out


def _renamed_text(text: str, old: str, new: str) -> str:
    """``text`` with ``old`` replaced by ``new``; a :class:`~villagescore.errors.SaidText` stays one."""
    from ..errors import SaidText, said

    if isinstance(text, SaidText) and text.template is not None:
        return said(SaidText, text.template, **{k: v.replace(old, new) if type(v) is str else v
                                                for k, v in (text.params or {}).items()})
    return text.replace(old, new)


def renamed(obj: Any, old: str, new: str = STDIN_NAME) -> Any:
    """A ``Dataset``/``RawDataset`` read from the temporary file, named ``new`` (problems and notes too)."""
    return dataclasses.replace(obj, path=new, problems=renamed_problems(list(obj.problems), old, new),
                               notes=[n.replace(old, new) if old in n else n for n in obj.notes])


@contextlib.contextmanager
def stdin_errors(old: str) -> Iterator[None]:
    """Re-raise a :class:`~villagescore.errors.DatasetError` about ``old`` naming ``<stdin>`` instead."""
    from ..errors import DatasetError

    try:
        yield
    except DatasetError as exc:
        raise DatasetError(renamed_problems(exc.problems, old)) from None
