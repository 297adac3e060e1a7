"""Reporters that render Results for people: Markdown, HTML, XLSX (registered by the built-in plugin)."""

from __future__ import annotations

__all__ = ["REPORTERS"]

#: Extra reporters; each module under ``reports/`` adds its own.
REPORTERS: list = []
