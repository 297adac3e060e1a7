"""A plugin's limit that a framework's own scorer for the indicator does not take: said once, then left out.

A framework written before a plugin gave an indicator a threshold (a minimum wage, a poverty line)
may override its scorer with one that takes no ``limit`` (``linear {worst, best}``). The file is
valid as written: the indicator is scored by the file's scorer, without the plugin's limit, and the
framework says so as a **warning** (``validate`` and ``evaluate`` print it) rather than refusing a
key the file never wrote.
"""

from __future__ import annotations

import warnings
from typing import Any

from ..i18n import N_
from .percent import framework_warning

__all__ = ["takes_limit", "warn_unused_limit"]

_UNUSED = N_("{file}: indicator {indicator!r} is scored with scorer {scorer!r}, which takes no limit: the limit its "
             "plugin gives it ({limits}) is not used, and the indicator is scored without it. To score it against "
             "that limit, remove the scorer here (the plugin's own scorer uses it) or give a scorer that takes a limit")


def takes_limit(scorer: Any) -> bool:
    """Whether ``scorer``'s parameters have a ``limit`` (the threshold's value is given there)."""
    return "limit" in scorer.params_schema.get("properties", {})


def warn_unused_limit(file: str, indicator: str, scorer: Any, threshold: Any) -> None:
    """Warn that ``indicator`` is scored by ``scorer`` without the limits of ``threshold`` (its plugin's)."""
    limits = ", ".join(dict.fromkeys(f"{v.regulation.id}: {v.limit.id}" for v in threshold.versions))
    warnings.warn(framework_warning("unused_limit", _UNUSED, file=file, indicator=indicator, scorer=scorer.name,
                                    limits=limits), stacklevel=4)
