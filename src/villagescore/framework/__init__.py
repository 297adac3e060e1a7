"""Criteria frameworks: load a framework file, check it and resolve it against the registry.

Three passes, each collecting every problem before it reports: (1) parse YAML or JSON
safely (:mod:`.documents`); (2) check the document against ``framework.schema.json``
(:mod:`.checks`), after applying ``extends`` (:mod:`.overlay`); (3) resolve it
(:mod:`.resolve`): every indicator, scorer, aggregator, sector, regulation and tier it names
must exist, every scorer checks its parameters, sector criteria of installed sectors join
the pillars that accept them (:mod:`.sectors`), thresholds cite regulation limits
(:mod:`.thresholds`). Problems name the file and the JSON path
(``$.pillars[0].criteria[1].indicators[2].scorer``). :mod:`.export` writes the resolved
framework back as a document.
"""

from __future__ import annotations

from .checks import document_problems, json_path
from .documents import MAX_FRAMEWORK_BYTES, load_framework_document
from .export import resolved_document, resolved_yaml
from .loading import (
    DEFAULT_FRAMEWORK_ID,
    available_frameworks,
    join_shipped_frameworks,
    load_framework,
    resolve_framework,
)
from .sectors import idle_sectors

__all__ = [
    "load_framework",
    "load_framework_document",
    "resolve_framework",
    "resolved_document",
    "resolved_yaml",
    "available_frameworks",
    "join_shipped_frameworks",
    "document_problems",
    "idle_sectors",
    "json_path",
    "DEFAULT_FRAMEWORK_ID",
    "MAX_FRAMEWORK_BYTES",
]
