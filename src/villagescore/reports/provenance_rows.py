"""A result's provenance as the (label, text) rows a document prints, in one language.

The rows say what the scores rest on, as the result's JSON records it: the engine, the framework
(its lineage and resolved hash), the data file, the metadata and — when only some village-years
were scored — the hash of those rows, and each plugin with its version and the SHA-256 of its data
files. The framework and plugin parts are shared with the criteria set's annex
(:mod:`~villagescore.reports.framework_doc`), so the two can be matched hash for hash.
"""

from __future__ import annotations

from typing import Any

from ..i18n import N_, gettext, t
from .command_line import options_text
from .notices import left_out_notice
from .regulations import unverified_policy_text

__all__ = ["provenance_rows", "mapping_rows", "missing_data_text", "framework_rows", "plugins_text",
           "plugin_file_rows", "status_text", "kind_text", "SHORT_HASH"]

#: How many hex digits of a plugin data file's SHA-256 a page shows (the XLSX gives all 64).
SHORT_HASH = 12

ROWS_SHA256 = N_("Scored rows SHA-256 (the village-years scored: a subset of the file)")


MISSING_DATA = N_("Missing data (the framework's default)")


def provenance_rows(provenance: dict[str, Any], lang: str, missing_data: Any = None) -> list[tuple[str, str]]:
    """Return the provenance as (label, text) pairs, in a fixed order.

    ``missing_data``: the framework's default missing-data policy (a
    :class:`~villagescore.model.MissingDataPolicy`), given by a report of the result that was scored with it.
    """
    ds = provenance.get("dataset") or {}
    rows = [(t("engine_version", lang), str(provenance.get("engine_version", ""))),
            *framework_rows(provenance.get("framework") or {}, lang)]
    if ds.get("file"):
        rows.append((t("dataset_file", lang), str(ds["file"])))
    if ds.get("kind"):
        rows.append((t("dataset_kind", lang), kind_text(ds["kind"], lang)))
    rows.append((t("dataset_sha256", lang), str(ds.get("sha256", ""))))
    if ds.get("metadata_sha256"):
        rows.append((t("metadata_sha256", lang), str(ds["metadata_sha256"])))
    if ds.get("rows_sha256"):
        rows.append((gettext(ROWS_SHA256, lang), str(ds["rows_sha256"])))
    if provenance.get("rows_left_out"):
        rows.append((gettext(N_("rows left out"), lang), left_out_notice(provenance, lang)))
    if missing_data is not None:
        rows.append((gettext(MISSING_DATA, lang), missing_data_text(missing_data, lang)))
    if provenance.get("unverified_limits"):
        rows.append((t("unverified_limits", lang), unverified_policy_text(provenance["unverified_limits"], lang)))
    rows.append((t("plugins", lang), plugins_text(provenance.get("plugins") or [])))
    if provenance.get("plugins_used"):
        rows.append((t("plugins_used", lang), ", ".join(provenance["plugins_used"])))
    command = options_text(provenance.get("options") or {})
    if command:
        rows.append((t("options", lang), command))
    return rows


MAPPING_TABLE = N_("Province mapping table (2025 reform)")


def mapping_rows(record: Any, lang: str) -> list[tuple[str, str]]:
    """The row naming the province mapping table a comparison or a targets report used (none when not recorded).

    ``record`` is :func:`~villagescore.admin_mapping.mapping_record`'s: the table's file, whether
    it is the shipped one, its SHA-256 and how many rows have each confidence (word and code), or
    ``"as_recorded"`` when provinces were kept as the data records them.
    """
    if not record:
        return []
    if not isinstance(record, dict):
        return [(gettext(MAPPING_TABLE, lang), gettext(N_("none: provinces as the data records them"), lang))]
    from ..i18n import format_integer

    which = N_("shipped with villagescore") if record.get("shipped") else N_("given with --mapping")
    confidence = ", ".join(f"{_confidence_word(code, lang)} ({code}): {format_integer(n, lang)}"
                           for code, n in (record.get("confidence") or {}).items())
    text = gettext(N_("{file} ({which}), SHA-256 {sha256}; rows by confidence: {confidence}"), lang).format(
        file=record.get("file", ""), which=gettext(which, lang), sha256=record.get("sha256", ""),
        confidence=confidence or gettext(N_("not given"), lang))
    return [(gettext(MAPPING_TABLE, lang), text)]


def _confidence_word(code: str, lang: str) -> str:
    """A mapping row's confidence in words (``nguồn thứ cấp``); a code the catalogues do not know as it is."""
    word = t(f"confidence.{code}", lang)
    return code if word == f"confidence.{code}" else word


def missing_data_text(policy: Any, lang: str) -> str:
    """A missing-data policy in words with its code and minimum coverage: ``left out, … (exclude); minimum …``."""
    from .framework_doc import coverage_text

    words = t(f"framework_doc.policy.{policy.policy}", lang)
    return gettext(N_("{policy} ({code}); minimum coverage {coverage}"), lang).format(
        policy=words, code=policy.policy, coverage=coverage_text(policy.min_coverage, lang))


def framework_rows(fw: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """The framework's rows: id, version, status, file hash, lineage (an overlay's, base first), resolved hash."""
    rows = [(t("framework_id", lang), str(fw.get("id", ""))),
            (t("framework_version", lang), str(fw.get("version", "")))]
    if fw.get("status"):
        rows.append((t("framework_status", lang), status_text(fw["status"], lang)))
    rows.append((t("framework_sha256", lang), str(fw.get("sha256", ""))))
    lineage = fw.get("lineage") or []
    if len(lineage) > 1:  # an overlay: every file it came from, base first
        rows.append((t("framework_lineage", lang), " → ".join(
            f"{step.get('id')} {step.get('version')} ({step.get('sha256', '')})" for step in lineage)))
    if fw.get("resolved_sha256"):
        rows.append((t("framework_resolved_sha256", lang), str(fw["resolved_sha256"])))
    return rows


def plugins_text(plugins: list[dict[str, Any]], digits: int = SHORT_HASH) -> str:
    """``name version (file sha256, …)`` for each plugin, each hash cut to its first ``digits`` hex digits."""
    return ", ".join(f"{p['name']} {p['version']}{_files_text(p, digits)}" for p in plugins)


def plugin_file_rows(plugins: list[dict[str, Any]], lang: str) -> list[tuple[str, str]]:
    """One row per plugin, ``Plugins: name`` → ``version (file sha256)``, every hash in full (the XLSX's detail)."""
    return [(f"{t('plugins', lang)}: {p['name']}", f"{p['version']}{_files_text(p, 64)}") for p in plugins]


def _files_text(plugin: dict[str, Any], digits: int) -> str:
    files = plugin.get("files") or []
    if not files:
        return ""
    return " (" + ", ".join(f"{f['file']} {f['sha256'][:digits]}" for f in files) + ")"


def status_text(status: str, lang: str) -> str:
    """A framework's status as people read it (``bản tái dựng``); an unknown status as it is.

    The status is a word of the framework file, not one a user types: it is said, not shown as a code.
    """
    key = f"framework_status.{status}"
    text = t(key, lang)
    return status if text == key else text


def kind_text(kind: str, lang: str) -> str:
    """Describe a dataset kind (``real``, ``real-shaped``, ``illustrative``, ``synthetic``)."""
    key = f"kind_{kind}"
    text = t(key, lang)
    return kind if text == key else text
