"""What a targets report rests on, for reading and beside a plain table.

The JSON report keeps the targets file (id, version, SHA-256), the province mapping table
(``mapping``) and the provenance of the results or stored evaluations measured. The Markdown and
HTML end with the same rows: the targets file's, the mapping table's, then those an evaluate
report prints (:func:`~villagescore.reports.provenance_rows.provenance_rows`), per stored
evaluation when the data came from a store. A CSV, a plain table, has them in
``FILE.provenance.json`` beside it (:func:`targets_provenance_bytes`), as a CSV result has.
"""

from __future__ import annotations

from typing import Any

from ..i18n import N_, gettext

__all__ = ["targets_provenance_rows", "targets_provenance_document", "targets_provenance_bytes"]

TARGETS_FILE = N_("Targets file")
TARGETS_FILE_VERSION = N_("Targets file version")
TARGETS_FILE_SHA256 = N_("Targets file SHA-256")
STORED_EVALUATION = N_("Stored evaluation")


def targets_provenance_rows(report: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """The ``(label, text)`` rows of what ``report`` rests on: targets file, mapping table, each source's provenance."""
    from ..reports.provenance_rows import mapping_rows, provenance_rows

    targets_file = report.get("targets_file") or {}
    rows = [(gettext(TARGETS_FILE, lang), str(targets_file.get("id") or "")),
            (gettext(TARGETS_FILE_VERSION, lang), str(targets_file.get("version") or "")),
            (gettext(TARGETS_FILE_SHA256, lang), str(targets_file.get("sha256") or "")),
            *mapping_rows(report.get("mapping"), lang)]
    provenance = report.get("provenance") or {}
    if provenance.get("source") != "store":
        return rows + (provenance_rows(provenance, lang) if provenance else [])
    for evaluation in provenance.get("evaluations") or []:
        rows.append((gettext(STORED_EVALUATION, lang), f"{evaluation.get('evaluation')} ({evaluation.get('key')})"))
        rows += provenance_rows(evaluation, lang)
    return rows


def targets_provenance_document(report: dict[str, Any], table: str, lang: str | None = None,
                                bom: bool = True) -> dict[str, Any]:
    """What a targets report written as the plain table ``table`` (its file name) rests on, as the JSON keeps it.

    ``targets_file`` (id, version, sha256), ``mapping`` and ``provenance`` as the JSON report has them; ``lang``,
    the language of the table's labels; ``bom: false`` when written without a byte order mark; ``runtime``,
    the versions of Python and of the libraries that shape the bytes (:func:`~villagescore.runtime.runtime_versions`).
    """
    from ..runtime import runtime_versions

    targets_file = report.get("targets_file") or {}
    return {"kind": "villagescore-targets-provenance", "provenance_of": table, **({"lang": lang} if lang else {}),
            **({} if bom else {"bom": False}), "runtime": runtime_versions(),
            "targets_file": {k: targets_file.get(k) for k in ("id", "version", "sha256")},
            "by": report.get("by"), "mapping": report.get("mapping"), "provenance": report.get("provenance") or {}}


def targets_provenance_bytes(report: dict[str, Any], table: str, lang: str | None = None, bom: bool = True) -> bytes:
    """:func:`targets_provenance_document` as UTF-8 JSON (2-space indent, a final newline)."""
    from ..results import to_json_bytes

    return to_json_bytes(targets_provenance_document(report, table, lang, bom))
