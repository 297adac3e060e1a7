"""The line that says which framework a view's numbers come from: id, version, short hash, lineage.

Views that print no provenance table (``explain``, ``targets``) print this line instead; it names a
framework as ``compare``'s warnings do (``id version (sha256 9a55dc0f0847)``), with the
files an overlay came from, base first, as ``store history`` lists them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..i18n import t

__all__ = ["framework_line", "framework_named"]


def framework_named(framework: Mapping[str, Any], lang: str) -> str:
    """``id version (sha256 9a55dc0f0847)``; an overlay's with ``; chuỗi kế thừa (lineage): base 1.4.1 → id 2.0.0``.

    ``framework``: a result's ``provenance.framework`` (``id``, ``version``, ``sha256``, ``lineage``).
    """
    text = f"{framework.get('id')} {framework.get('version')} (sha256 {str(framework.get('sha256') or '—')[:12]})"
    lineage = framework.get("lineage") or []
    if len(lineage) < 2:  # a framework file of its own: its lineage is itself
        return text
    steps = " → ".join(f"{step.get('id')} {step.get('version')}" for step in lineage)
    return f"{text[:-1]}; {t('store.lineage', lang)}: {steps})"


def framework_line(framework: Mapping[str, Any] | None, lang: str) -> str:
    """``Bộ tiêu chí: vn-ttcn-sustainable-v2 2.0.0 (sha256 9a55dc0f0847; …)``: :func:`framework_named`, labelled.

    Empty when no framework is recorded (an explanation saved before it carried its provenance).
    """
    if not framework or not framework.get("id"):
        return ""
    return f"{t('framework', lang)}: {framework_named(framework, lang)}"
