"""What a comparison's scores rest on, for reading: each run's provenance as an evaluate report prints it.

The JSON comparison keeps each run's provenance as its result records it (``runs[].provenance``,
``runs[].regulations``, ``runs[].scoring``), and the province mapping table in ``options.mapping``.
The Markdown, HTML and XLSX views print the table's row, then the rows of an evaluate report
(:func:`~villagescore.reports.view.provenance_rows`), run by run; a CSV
section, a plain table, has it in a file beside it (:func:`comparison_provenance_bytes`), as a CSV
result has ``FILE.provenance.json``.
"""

from __future__ import annotations

from typing import Any

from ..i18n.legal import document_text
from .provenance_rows import mapping_rows
from .view import provenance_rows, tr

__all__ = ["run_provenance", "comparison_provenance", "comparison_provenance_document", "comparison_provenance_bytes"]


def run_provenance(run: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """The ``(label, text)`` rows of one run of a comparison (``runs[]``): its provenance, then its regulation versions.

    A run whose source recorded no provenance gives what the comparison knows of it: the
    framework, the dataset's hash and the engine. Each regulation version is named in ``lang``
    (:func:`~villagescore.i18n.legal.document_text`: "Nghị định 74/2024/NĐ-CP" in Vietnamese, followed
    by its Vietnamese ``title`` when declared; as declared in English), its id beside it.
    """
    prov = run.get("provenance") or {"engine_version": run.get("engine_version"), "framework": run["framework"],
                                     "dataset": {"sha256": run.get("dataset_sha256")}}
    rows = provenance_rows(prov, lang)
    regulations = run.get("regulations") or {}
    if regulations:
        rows.append((tr("compare_view.regulation_versions", lang),
                     "; ".join(f"{document_text(entry.get('document') or rid, lang, entry.get('title'))} ({rid})"
                               for rid, entry in regulations.items())))
    return rows


def comparison_provenance(comparison: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """The province mapping table's row, then the provenance rows of every run, each run's opened by a row naming it."""
    rows = mapping_rows((comparison.get("options") or {}).get("mapping"), lang)
    for run in comparison.get("runs") or []:
        rows.append((tr("run", lang), str(run["label"])))
        rows += run_provenance(run, lang)
    return rows


def comparison_provenance_document(comparison: dict[str, Any], table: str, bom: bool = True) -> dict[str, Any]:
    """What a comparison written as the plain table ``table`` (its file name) rests on: its options and runs.

    The runs as the JSON comparison writes them (``runs[]``: framework, scoring options, provenance,
    regulation versions), so a CSV section can be verified and reproduced as the JSON can; ``lang``,
    the language of the table's labels, and ``bom: false`` when written without its byte order mark
    (``--no-bom``) and ``runtime`` (:func:`~villagescore.runtime.runtime_versions`), as an evaluate CSV's
    ``FILE.provenance.json`` records them.
    """
    lang = comparison.get("lang")
    from ..runtime import runtime_versions

    written = {**({"lang": lang} if lang else {}), **({} if bom else {"bom": False}), "runtime": runtime_versions()}
    return {"kind": "villagescore-comparison-provenance", "provenance_of": table, **written,
            "options": comparison.get("options") or {}, "runs": comparison.get("runs") or []}


def comparison_provenance_bytes(comparison: dict[str, Any], table: str, bom: bool = True) -> bytes:
    """:func:`comparison_provenance_document` as UTF-8 JSON (2-space indent, a final newline)."""
    from ..results import to_json_bytes

    return to_json_bytes(comparison_provenance_document(comparison, table, bom))
