"""Words of the store interface, in Vietnamese and English.

They are report words ``store.KEY`` of the catalogues (:mod:`villagescore.i18n`), looked up
with :func:`tr`, which falls back to the shared words (:func:`villagescore.i18n.t`).
Messages take ``str.format`` fields.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .. import i18n

__all__ = ["tr", "regulation_names", "regulation_titles", "plugin_versions", "option_flags"]


def tr(key: str, lang: str, **fields: object) -> str:
    """The string ``key`` in ``lang`` (``vi``/``en``), formatted with ``fields``."""
    text = i18n.t(f"store.{key}", lang)  # the store's words (store.*), else the shared report words
    if text == f"store.{key}":
        text = i18n.t(key, lang)
    return text.format(**fields) if fields else text


def regulation_names(regulations: Iterable[Mapping[str, Any]], lang: str) -> list[str]:
    """Each regulation once (``{"regulation": id, "document": …}``), by its name in ``lang`` beside its id.

    ``Nghị định 52/2018/NĐ-CP (decree-52-2018)``; the id alone when the store kept no document.
    The document is the stored string, named with the regulation's ``title`` when the entry gives
    it (:func:`regulation_titles`), or, as :meth:`~villagescore.store.Store.history` gives it, ``{vi, en}``.
    """
    from ..i18n.legal import document_name

    names: dict[str, str] = {}
    for r in regulations:
        ident, document = r["regulation"], r.get("document")
        if isinstance(document, Mapping):
            document = document.get(lang) or document.get("en")
        if ident not in names or document:
            named = document and document_name(document, lang, r.get("title"))
            names[ident] = i18n.labelled(ident, {lang: named} if named else None, lang)
    return [names[i] for i in sorted(names)]


def regulation_titles(versions: str | None) -> dict[str, Mapping[str, str]]:
    """The declared ``title`` of each regulation version, by id, from an evaluation's stored ``regulations``.

    ``versions`` is that column's JSON (the result header's ``regulations``); an evaluation
    stored before titles were recorded, or a version without one, gives none.
    """
    import json

    return {rid: v["title"] for rid, v in (json.loads(versions or "{}") or {}).items()
            if isinstance(v, Mapping) and isinstance(v.get("title"), Mapping)}


def plugin_versions(plugins: Iterable[str], files: Mapping[str, Any] | None = None) -> str:
    """The plugins an evaluation used as people write them: ``ceramics 0.1.0`` (stored ``ceramics==0.1.0``).

    ``files``: plugin name -> the ``{file, sha256}`` of the catalogue files it loaded (:meth:`~villagescore.store.
    Store.history`'s ``plugin_files``), shown as a result's provenance shows them: ``economy 0.1.0 (catalogue.yaml
    fcc47c36ad9f)``, so that evaluations scored with other bytes of one plugin version's catalogue are told apart.
    """
    from ..reports.provenance_rows import plugins_text

    listed = []
    for entry in plugins:
        name, _, version = entry.partition("==")
        listed.append({"name": name, "version": version, "files": (files or {}).get(name) or []})
    return plugins_text(listed)


def option_flags(options: Mapping[str, Any]) -> str:
    """Options as typed on the command line, the same in every language: ``--as-of 2025-06-30 --keep-going``."""
    parts = []
    for name, value in sorted(options.items()):
        values = [] if value is True else value if isinstance(value, list | tuple) else [value]
        parts.append(" ".join(["--" + name.replace("_", "-"), *(str(v) for v in values)]))
    return " ".join(parts)
