"""The data sheet's formula cells, found from their formulas: whatever the order of a cell's attributes.

A pattern over every ``<c …>`` element of a national sheet takes seconds; the formulas are
found by a literal-led search (``<f``) instead, and each one's cell read backwards from it, so
``<c s="0" r="Q2"><f>`` is found as ``<c r="Q2" s="0"><f>`` is.
"""

from __future__ import annotations

import re

#: A formula (``<f>``, ``<f t="shared" …/>``), and a cell's reference wherever it stands among its attributes.
_FORMULA = re.compile(r"<f[ >/]")
_CELL_REF = re.compile(r'<c\b[^>]*?\br="([A-Z]+[0-9]+)"')


def formula_refs(xml: str, most: int) -> list[str]:
    """The references of the sheet's first ``most`` formula cells, in sheet order."""
    refs: list[str] = []
    for found in _FORMULA.finditer(xml):
        ref = _CELL_REF.match(xml, max(xml.rfind("<c", 0, found.start()), 0))
        if ref is not None and ref.group(1) not in refs[-1:]:
            refs.append(ref.group(1))
            if len(refs) == most:
                break
    return refs
