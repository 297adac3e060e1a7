"""Option defaults and ranges in ``--help`` said in the run's language.

click writes an option's default with ``str`` (``50.0``, ``0.25``) and an on/off flag's default by
the flag's name (``aggregation``); :class:`LocalisedOption` writes numbers as the language does
(``0,25`` in Vietnamese, the ranges' bounds too) and a flag that is on by default as on/off
(``bật``/``on``). English numbers are kept as click writes them.
"""

from __future__ import annotations

import re
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
        extra = super().get_help_extra(ctx)
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
