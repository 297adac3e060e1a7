"""The identity of a stored evaluation: what determines its numbers (:func:`evaluation_key`).

The key is the sha256 of the resolved framework hash, the dataset hash and its metadata file's
hash, the names and versions of the plugins the framework used, the options recorded in
provenance that change which rows are scored or their values (:data:`KEY_OPTIONS`), and the
policy for unverified limits *applied* (``provenance.unverified_limits``, as
:func:`~villagescore.compare.table.scoring_options` reads it): ``--unverified-limits exclude``
typed for a framework whose own policy is ``exclude`` is the same evaluation as none typed.
Evaluations stored with an older key keep it: version 1 (:func:`legacy_evaluation_key`, before
the metadata hash and those options entered it) and version 2 (the option as typed);
:func:`stored_evaluation` recognises them from their recorded provenance, so the same inputs are
never stored twice, and another metadata file or ``as_of`` is a new evaluation. The data files the
plugins used loaded (``provenance.plugins[].files``: their SHA-256) enter the key when recorded; a
provenance recorded before them gives the key it had.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Mapping
from typing import Any

from ..compare.table import plugin_versions_used

__all__ = ["KEY_OPTIONS", "SHOWN_OPTIONS", "evaluation_key", "key_options", "legacy_evaluation_key", "plugins_used",
           "stored_evaluation", "stored_options"]

#: Options recorded in provenance that change the numbers or the rows, and so enter the key. The
#: others name the run without changing a number: ``framework`` (its resolved hash is in the key),
#: ``command`` and ``api`` (which command or function scored it).
KEY_OPTIONS = ("keep_going", "villages", "village", "as_of", "csv_locale", "percent_scale", "input_format")
#: The options ``store list`` shows when not at their default (:func:`stored_options` keeps
#: ``unverified_limits`` only where it changed the framework's policy); the options of the key of
#: version 2 (2026-12-07), which held ``unverified_limits`` as typed.
SHOWN_OPTIONS = _TYPED_KEY_OPTIONS = ("keep_going", "villages", "village", "as_of", "unverified_limits", "csv_locale",
                      "percent_scale", "input_format")
#: The options of the key of evaluations stored before the metadata hash and the options that change
#: values entered it (its version 1); :func:`legacy_evaluation_key` computes it.
_LEGACY_KEY_OPTIONS = ("keep_going", "villages", "village")


def plugins_used(provenance: Mapping[str, Any]) -> list[str]:
    """``name==version`` of the plugins the framework used (the key's and the stored ``plugins``)."""
    return list(plugin_versions_used(provenance))


def key_options(options: Mapping[str, Any], names: tuple[str, ...] = KEY_OPTIONS) -> dict[str, Any]:
    """The recorded ``options`` that change values and are not at their default (false, empty), by name."""
    return {k: options[k] for k in names if options.get(k) not in (None, False, [], ())}


def stored_options(provenance: Mapping[str, Any], framework: Any) -> dict[str, Any]:
    """The recorded options as the store keeps them (``evaluations.options``, shown by ``store list``).

    ``unverified_limits`` only when it changed the policy of ``framework`` (the framework's own
    ``defaults.unverified_limits``): typing the framework's own policy changes no number.
    """
    options = dict(provenance.get("options") or {})
    own = ((getattr(framework, "document", None) or {}).get("defaults") or {}).get("unverified_limits", "score")
    if options.get("unverified_limits") == own:
        del options["unverified_limits"]
    return options


def _key_parts(provenance: Mapping[str, Any], options_in_key: tuple[str, ...]) -> dict[str, Any]:
    fw = provenance.get("framework") or {}
    return {
        "framework": fw.get("resolved_sha256") or fw.get("sha256"),
        "dataset": (provenance.get("dataset") or {}).get("sha256"),
        "plugins": plugins_used(provenance),
        "options": key_options(provenance.get("options") or {}, options_in_key),
    }


def _digest(parts: Mapping[str, Any]) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=True).encode()).hexdigest()


def evaluation_key(provenance: Mapping[str, Any]) -> str:
    """The identity of an evaluation: sha256 of what determines its numbers.

    The resolved framework hash, the dataset hash and its metadata file's hash, the plugins used,
    the :data:`KEY_OPTIONS` not at their default and the unverified-limits policy applied. It
    never equals a key of an older version (:func:`legacy_evaluation_key`, :func:`_typed_option_key`).
    """
    from ..compare.table import scoring_options

    parts = _key_parts(provenance, KEY_OPTIONS)
    parts["metadata"] = (provenance.get("dataset") or {}).get("metadata_sha256")
    parts["unverified_limits"] = dict(scoring_options(provenance))["unverified_limits"]
    rows = (provenance.get("dataset") or {}).get("rows_sha256")
    if rows:  # some rows of the dataset only (villagescore.scored_rows); the key of every row is as it was
        parts["rows"] = rows
    files = _plugin_files(provenance)
    if files:  # absent from a provenance recorded before plugins' files were: its key is unchanged
        parts["plugin_files"] = files
    parts["identity"] = 3  # a key of this kind is never one of an older version, whatever the inputs
    return _digest(parts)


def _plugin_files(provenance: Mapping[str, Any]) -> dict[str, list[str]]:
    """Plugin name -> ``file:sha256`` of the data files it loaded, for the plugins the framework used."""
    used = {entry.split("==", 1)[0] for entry in plugins_used(provenance)}
    listed = provenance.get("plugins") if isinstance(provenance.get("plugins"), list) else []
    return {p["name"]: [f"{f.get('file')}:{f.get('sha256')}" for f in p["files"]] for p in listed
            if isinstance(p, dict) and p.get("name") in used and isinstance(p.get("files"), list) and p["files"]}


def _typed_option_key(provenance: Mapping[str, Any], typed: str | None) -> str:
    """The key of version 2 of ``provenance`` had its ``unverified_limits`` option been ``typed`` (``None``: none)."""
    options = {k: v for k, v in (provenance.get("options") or {}).items() if k != "unverified_limits"}
    if typed is not None:
        options["unverified_limits"] = typed
    parts = _key_parts({**provenance, "options": options}, _TYPED_KEY_OPTIONS)
    parts["metadata"] = (provenance.get("dataset") or {}).get("metadata_sha256")
    parts["identity"] = 2
    return _digest(parts)


def legacy_evaluation_key(provenance: Mapping[str, Any]) -> str:
    """The key evaluations stored before this version have (no metadata hash; fewer options)."""
    return _digest(_key_parts(provenance, _LEGACY_KEY_OPTIONS))


def stored_evaluation(con: sqlite3.Connection, provenance: Mapping[str, Any]) -> tuple | None:
    """``(id, village_years, years, plans)`` of the stored evaluation of the same inputs as ``provenance``, or None.

    An evaluation stored with an older key is the same when its recorded provenance gives the key of
    ``provenance``: version 1 left out the metadata and some options (another metadata file is not
    it); version 2 held ``--unverified-limits`` as typed, so the evaluation of the same policy
    applied is looked up with the option typed and without it.
    """
    from ..compare.table import scoring_options

    key = evaluation_key(provenance)
    applied = dict(scoring_options(provenance))["unverified_limits"]
    older = (legacy_evaluation_key(provenance), _typed_option_key(provenance, None),
             _typed_option_key(provenance, applied))
    rows = con.execute("SELECT id, village_years, years, plans, key, provenance FROM evaluations "
                       "WHERE key IN (?, ?, ?, ?) ORDER BY key = ? DESC, id", (key, *older, key)).fetchall()
    for row in rows:
        if row[4] == key or evaluation_key(json.loads(row[5] or "{}")) == key:
            return row[:4]
    return None
