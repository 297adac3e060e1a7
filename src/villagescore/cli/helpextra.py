"""Option defaults and ranges in ``--help`` said in the run's language.

click writes an option's default with ``str`` (``50.0``, ``0.25``) and an on/off flag's default by
the flag's name (``aggregation``); :class:`LocalisedOption` writes numbers as the language does
(``0,25`` in Vietnamese, the ranges' bounds too) and a flag that is on by default as on/off
(``bật``/``on``). English numbers are kept as click writes them.
"""

from __future__ import annotations

import re
from gettext import gettext
from typing import Any

import click

from ..i18n import current_language, format_value, t

__all__ = ["LocalisedOption", "l10n_option"]

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _number(text: str, lang: str) -> str:
    if lang == "en":
        return text
    return _NUMBER.sub(lambda m: format_value(float(m.group()), lang), text)


class LocalisedOption(click.Option):
    """A click option whose help shows its default and range in the current language."""

    def get_help_extra(self, ctx: click.Context) -> Any:
        """The extra help of click (default, range), with numbers and on/off flags in the current language."""
        return self._localised(super().get_help_extra(ctx))

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        """The help line click makes; before click 8.2 (no ``get_help_extra``) its ``[default: …; range]`` localised."""
        record = super().get_help_record(ctx)
        if record is None or hasattr(click.Option, "get_help_extra"):
            return record
        names, text = record
        head, bracket, tail = text.rpartition("[")
        if not bracket or not tail.endswith("]"):
            return record
        label = gettext("default: {default}").partition("{default}")[0]  # click's words, in the language it speaks
        describe = getattr(self.type, "_describe_range", None)
        bounds = describe() if isinstance(self.type, click.types._NumberRangeBase) and describe else None
        items = tail[:-1].split("; ")
        extra = {}
        for item in items:
            if item.startswith(label):
                extra["default"] = item[len(label):]
            elif item == bounds:
                extra["range"] = item
        said = self._localised(dict(extra))
        items = [f"{label}{said['default']}" if "default" in extra and item.startswith(label)
                 else said["range"] if "range" in extra and item == bounds else item for item in items]
        return names, f"{head}[{'; '.join(items)}]"

    def _localised(self, extra: Any) -> Any:
        lang = current_language()
        default = self.default
        if "default" in extra and not isinstance(self.show_default, str):
            if self.is_bool_flag and self.secondary_opts:
                extra["default"] = t("option.on" if default else "option.off", lang)
            elif isinstance(default, (int, float)) and not isinstance(default, bool):
                extra["default"] = _number(extra["default"], lang)
        if "range" in extra:
            extra["range"] = _number(extra["range"], lang)
        return extra


def l10n_option(*decls: str, **attrs: Any) -> Any:
    """``click.option`` making a :class:`LocalisedOption`."""
    return click.option(*decls, cls=LocalisedOption, **attrs)
