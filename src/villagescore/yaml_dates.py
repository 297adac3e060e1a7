"""YAML dates as villagescore reads them: a day of the calendar, or the text written.

PyYAML reads ``2025-07-01`` (unquoted) as a date and raises ``ValueError`` on an impossible
one (``2025-02-30``, ``2025-13-01``), which would end the run with a traceback. Every loader
of villagescore's YAML files (:mod:`villagescore.parsing`, targets files) uses
:func:`construct_timestamp` instead: the impossible date stays the text written, and the
schemas' date check reports it with its path, among the file's other problems.
"""

from __future__ import annotations

from typing import Any

__all__ = ["construct_timestamp", "TIMESTAMP_TAG"]

#: The tag PyYAML resolves dates and date-times to.
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


def construct_timestamp(loader: Any, node: Any) -> Any:
    """A date or date-time as PyYAML reads it; an impossible one (``2025-02-30``) stays the text written."""
    import yaml

    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return str(loader.construct_scalar(node))
