"""The fixed tables and settings of the result document: version, code tables, chunk size."""

from __future__ import annotations

import numpy as np

from ..i18n import N_

#: The version of the result document this module writes (version 1 had no ``schema_version``).
SCHEMA_VERSION = 2
#: Up to this many village-years, ``--format json`` is indented unless ``--compact`` is given.
PRETTY_LIMIT = 100
#: Village-years turned into records at a time (bounds the memory of the Python objects: at 100,000
#: village-years the JSON writer's peak went from 2.03× to 1.92× that of ``read_csv`` when this went
#: from 2,000 to 1,000, for the same bytes and time).
CHUNK = 1000
#: Codes of the per-indicator flags (``villages[].flags``) and what they mean (the document's ``flags`` table).
FLAGS = {
    "no_regulation": N_("no regulation version in force on the reference date"),
    "limit_unknown": N_("limit unknown: the context it depends on is missing"),
    "limit_unverified": N_("not scored: limit unverified (candidate value, or a version whose being in force is "
                           "unverified): check before use"),
    "transitional": N_("scored against a version past its valid_to, kept by its transitional rule "
                       "(regulations[id].transition)"),
    "limit_unverified_scored": N_("scored against a limit unverified (candidate value, or a version whose being in "
                                  "force is unverified): --unverified-limits score; check before use"),
    "pinned_past_validity": N_("scored against a pinned version past its valid_to: the threshold cites this one "
                               "version, which applies whatever the date, not kept by a transitional rule"),
}
#: One character per node in the ``status`` strings of the records (the document's ``status_codes`` table).
STATUS_CODES = {"s": "scored", "m": "missing", "n": "not_applicable"}
_CODES = np.array(list(STATUS_CODES), dtype="<U1")
_IDENTITY = ("name", "commune", "province", "former_commune", "former_district", "former_province")
