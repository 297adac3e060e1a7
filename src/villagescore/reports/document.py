"""Print settings of the document reports: layout, issue date, issuing unit and signature block.

A report carries no date unless one is asked for, so the same inputs always give the same
bytes. :class:`DocumentSettings` holds what the command line's ``--layout``, ``--date``,
``--issuer``, ``--place`` and ``--signature`` options say; the HTML and PDF renderers take
it as an argument, and the built-in reporters (whose contract is ``render(result, lang)``)
read the settings of the current run from :func:`current`, which :func:`using` sets::

    with using(DocumentSettings(date="2026-12-04", issuer=("SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",))):
        data = registry.reporter("pdf").render(result, "vi")
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as _dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["DocumentSettings", "LAYOUTS", "current", "using", "doc_text"]

#: Document layouts: the full report, or one A4 fact sheet per village-year.
LAYOUTS = ("report", "factsheet")

_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")


def doc_text(key: str, lang: str, **fmt: Any) -> str:
    """Return the document string ``key`` in ``lang`` (Vietnamese or English)."""
    from ..i18n import t

    text = t(f"document.{key}", lang)  # the report words document.* of the catalogues
    return text.format(**fmt) if fmt else text


def _nfc(text: str | None) -> str:
    """``text`` in Unicode NFC, as every other text of a report is; ``None`` (not given) is ``""``, never "None"."""
    import unicodedata

    return "" if text is None else unicodedata.normalize("NFC", str(text)).strip()


def _lines(given: str | Sequence[str] | None) -> tuple[str, ...]:
    """The non-empty lines given, in NFC; a ``str`` is one line (not one line per letter)."""
    lines = (given,) if isinstance(given, str) else (given or ())
    return tuple(line for line in map(_nfc, lines) if line)


@dataclass(frozen=True)
class DocumentSettings:
    """What a printed document says besides the result.

    Parameters
    ----------
    layout : ``"report"`` or ``"factsheet"``, optional
        The full report, or one A4 page per village-year; ``None`` lets the format choose
        (HTML: report; PDF: fact sheets).
    date : str, optional
        Issue date (ISO ``YYYY-MM-DD``) printed in the heading and the date line; no date
        at all when ``None``.
    issuer : sequence of str, or str
        Lines of the issuing unit, printed top left (e.g. the department, then the office);
        a ``str`` is one line.
    place : str
        Place of the date line (``Hà Nội, ngày 04 tháng 12 năm 2026``).
    signature : sequence of str, or str
        The signature block (a ``str`` is one line), bottom right: the title lines, a space to sign, and the last
        line (the signer's name) under it; one line is a title with the space below it.
    """

    layout: str | None = None
    date: str | None = None
    issuer: Sequence[str] = field(default_factory=tuple)
    place: str = ""
    signature: Sequence[str] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.layout is not None and self.layout not in LAYOUTS:
            msg = f"unknown layout {self.layout!r}; choose one of: {', '.join(LAYOUTS)}"
            raise ValueError(msg)
        if self.date is not None:
            _dt.date.fromisoformat(self.date)  # ValueError for anything but YYYY-MM-DD
        # text typed on a Mac or pasted from a PDF may come decomposed (NFD): printed, its marks can float apart
        object.__setattr__(self, "issuer", _lines(self.issuer))
        object.__setattr__(self, "signature", _lines(self.signature))
        object.__setattr__(self, "place", _nfc(self.place))

    def layout_for(self, fmt: str) -> str:
        """The layout used for format ``fmt`` (``html`` or ``pdf``)."""
        return self.layout or ("factsheet" if fmt == "pdf" else "report")

    def date_text(self, lang: str) -> str:
        """The issue date as people write it: ``04/12/2026`` (vi), ``4 December 2026`` (en); ``""`` without one."""
        if not self.date:
            return ""
        d = _dt.date.fromisoformat(self.date)
        return f"{d.day:02d}/{d.month:02d}/{d.year}" if lang == "vi" else f"{d.day} {_MONTHS_EN[d.month - 1]} {d.year}"

    def dateline(self, lang: str) -> str:
        """``Hà Nội, ngày 04 tháng 12 năm 2026`` (``tháng 6``, ``tháng 02``) / ``Hà Nội, 4 December 2026``.

        ``""`` without a date.
        """
        if not self.date:
            return ""
        d = _dt.date.fromisoformat(self.date)
        # Decree 30/2020/NĐ-CP (appendix I): a 0 before days under 10 and months 1 and 2 only
        month = f"{d.month:02d}" if d.month < 3 else str(d.month)
        when = (f"ngày {d.day:02d} tháng {month} năm {d.year}" if lang == "vi"
                else f"{d.day} {_MONTHS_EN[d.month - 1]} {d.year}")
        return f"{self.place}, {when}" if self.place else (when[0].upper() + when[1:])

    @property
    def signature_titles(self) -> tuple[str, ...]:
        """The lines above the space to sign."""
        return tuple(self.signature[:-1]) if len(self.signature) > 1 else tuple(self.signature)

    @property
    def signer(self) -> str:
        """The line under the space to sign (the signer's name), or ``""``."""
        return self.signature[-1] if len(self.signature) > 1 else ""

    @property
    def has_block(self) -> bool:
        """True when a date line or a signature block is printed at the end."""
        return bool(self.date or self.signature)


_DEFAULT = DocumentSettings()
_CURRENT: contextvars.ContextVar[DocumentSettings | None] = contextvars.ContextVar("villagescore_document",
                                                                                   default=None)


def current() -> DocumentSettings:
    """The settings of the document being written (defaults: no date, no issuer, no signature)."""
    return _CURRENT.get() or _DEFAULT


@contextlib.contextmanager
def using(settings: DocumentSettings) -> Iterator[DocumentSettings]:
    """Make ``settings`` the current ones inside the ``with`` block."""
    token = _CURRENT.set(settings)
    try:
        yield settings
    finally:
        _CURRENT.reset(token)
