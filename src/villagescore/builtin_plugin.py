"""The built-in plugin: scorers, aggregators, dataset readers and the basic reporters.

It is registered like any other plugin (under the name ``villagescore``) and uses the
same hooks a third party would.
"""

from __future__ import annotations

from .hookspecs import hookimpl
from .objects import Reader, Reporter

__all__ = [
    "register_scorers",
    "register_aggregators",
    "register_readers",
    "register_reporters",
]


@hookimpl
def register_scorers():
    """The built-in scoring methods (see :mod:`villagescore.scoring`)."""
    from .scoring import BUILTIN_SCORERS

    return list(BUILTIN_SCORERS)


@hookimpl
def register_aggregators():
    """The built-in aggregation rules (see :mod:`villagescore.aggregation`)."""
    from .aggregation import BUILTIN_AGGREGATORS

    return list(BUILTIN_AGGREGATORS)


def _read_csv(path, options=None):
    from .datasets import read_csv

    return read_csv(path, locale=options.csv_locale if options is not None else "default")


def _read_xlsx(path, options=None):
    from .datasets import read_xlsx

    return read_xlsx(path)


def _read_json(path, options=None):
    from .datasets import read_json

    return read_json(path)


@hookimpl
def register_readers():
    """CSV (UTF-8, with or without BOM), XLSX (data sheet plus metadata sheets) and JSON."""
    return [
        Reader("csv", (".csv",), _read_csv, "UTF-8 CSV, comma-separated; metadata in NAME.meta.json"),
        Reader("xlsx", (".xlsx",), _read_xlsx, "Excel workbook: sheet 'data', optional 'metadata' and 'dataset'"),
        Reader("json", (".json",), _read_json, "JSON: an array of village rows, or {villages, metadata}"),
    ]


def _render_json(result, lang):
    return result.to_json(lang=lang)


def _write_json(result, lang, handle, *, pretty=None):
    from .resultdoc import write_json

    write_json(result, handle, pretty=pretty)


def _render_jsonl(result, lang):
    import io

    buf = io.BytesIO()
    _write_jsonl(result, lang, buf)
    return buf.getvalue()


def _write_jsonl(result, lang, handle):
    from .resultdoc import write_jsonl

    write_jsonl(result, handle)


def _render_csv(result, lang):
    from .outputs import frame_csv_bytes

    return frame_csv_bytes(result.summary_frame(lang=lang))


def _write_csv(result, lang, handle, csv_locale="default"):
    from .i18n import N_
    from .outputs import write_frame_csv
    from .progress import phase

    with phase(N_("writing the {format} report"), format="csv"):
        write_frame_csv(result.summary_frame(lang=lang), handle, locale=csv_locale)


@hookimpl
def register_reporters():
    """JSON and JSON Lines (the documented result document) and CSV (one row per village-year)."""
    from .reports import REPORTERS

    return [
        Reporter("json", ".json", _render_json, "The full result as JSON (schemas/result.schema.json): compact, "
                 "one village-year per line (indented for small results or with --pretty).", write=_write_json),
        Reporter("jsonl", ".jsonl", _render_jsonl, "JSON Lines for pipelines: a header line (framework, references, "
                 "provenance), one village-year per line, an end record.", write=_write_jsonl),
        Reporter("csv", ".csv", _render_csv, "One row per village-year: scores, rating, gates fired (provenance "
                 "beside it in FILE.provenance.json).", write=_write_csv, provenance_file=True),
        *REPORTERS,
    ]
