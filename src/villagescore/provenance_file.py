"""The provenance of a table that has no room for it: ``FILE.provenance.json`` beside ``-o FILE.csv``.

A CSV result is a plain table (Excel and pandas open it as it is): no comment line says what
scored it. A reporter whose format keeps no provenance says so (``Reporter.provenance_file``,
the built-in CSV's and any plugin's alike); ``evaluate`` and ``pilot`` then write, beside the
file, what the JSON result's header records: the provenance (engine, framework id, version and
hashes, dataset hashes, plugins with their data files, options, the unverified-limits policy
applied), the language of the table's labels and, when not at their defaults, its number format
and byte order mark, the regulation versions the thresholds apply with
what they score with, and which versions each regulated indicator may apply. Same inputs, same bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["SUFFIX", "provenance_bytes", "provenance_document", "provenance_path"]

#: What replaces the table's own suffix in the name of its provenance file.
SUFFIX = ".provenance.json"


def provenance_path(output: Path) -> Path:
    """``FILE.provenance.json`` for ``FILE.csv`` (``FILE`` alone: ``FILE.provenance.json``), in the same folder."""
    return output.with_name((output.stem if output.suffix else output.name) + SUFFIX)


def provenance_document(result: Any, table: str, lang: str | None = None, output_locale: str = "default",
                        bom: bool = True) -> dict[str, Any]:
    """The provenance of ``result`` written as the table named ``table`` (its file name), as a JSON document.

    ``lang``: the language of the table's labels (``rating_label``: ``Đạt`` or ``Pass``), recorded as
    ``lang`` since it shapes the table as the provenance shapes its numbers. ``output_locale`` (the
    number format, ``--output-locale``) is recorded when not ``default``, ``bom: false`` when the
    table was written without its byte order mark (``--no-bom``): both change the table's bytes.
    ``runtime``: the versions of Python and of the libraries that shape the bytes
    (:func:`~villagescore.runtime.runtime_versions`), which no result file records.
    """
    from .framework.export import regulations_applied
    from .resultdoc.codes import SCHEMA_VERSION

    fw = result.framework
    regulated = [n for n in fw.indicators if n.threshold is not None]
    documents = {v.regulation.id: v.regulation.document for n in regulated for v in n.threshold.versions}
    regulations = {e["id"]: {"document": documents[e["id"]], **{k: v for k, v in e.items() if k != "id"}}
                   for e in regulations_applied(fw)}
    versions = [{"id": n.id, "versions": [{"regulation": v.regulation.id, "limit": v.limit.id}
                                          for v in n.threshold.versions]} for n in regulated]
    from .runtime import runtime_versions

    written = {**({"lang": lang} if lang else {}), **({"output_locale": output_locale} if output_locale != "default"
                                                       else {}), **({} if bom else {"bom": False}),
               "runtime": runtime_versions()}
    return {"schema_version": SCHEMA_VERSION, "provenance_of": table, **written,
            "provenance": result.provenance,
            "regulations": regulations, "regulated_indicators": versions}


def provenance_bytes(result: Any, table: str, lang: str | None = None, output_locale: str = "default",
                     bom: bool = True) -> bytes:
    """:func:`provenance_document` as UTF-8 JSON (2-space indent, a final newline)."""
    from .results import to_json_bytes

    return to_json_bytes(provenance_document(result, table, lang, output_locale, bom))
