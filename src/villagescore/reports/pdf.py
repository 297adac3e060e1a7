"""PDF documents (``--format pdf``): the HTML report or fact sheets laid out on A4 by WeasyPrint.

WeasyPrint is an optional extra (``pip install 'villagescore[pdf]'``) that needs the Pango
text library of the operating system (Debian: ``libpango-1.0-0 libpangoft2-1.0-0``).
Without it, ``--format pdf`` stops with a message that says what to install; nothing else
changes. The PDF is the same page the HTML renderer writes — by default one A4 fact sheet
per village-year (``--layout report`` for the whole report) — so it prints what the HTML
prints. The document carries no creation date: the same result gives the same bytes
(WeasyPrint's document identifier is derived from the content). The title, language and
producer are set in the PDF's metadata.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from typing import Any

from ..errors import PdfUnavailable, said
from ..i18n import N_

__all__ = ["render", "html_to_pdf", "PdfUnavailable", "INSTALL_HINT"]

#: What to install when WeasyPrint (or the system library it needs) is missing; ``{reason}``: what failed.
INSTALL_HINT = N_("PDF output needs WeasyPrint: pip install 'villagescore[pdf]' (on Debian or Ubuntu also apt-get "
                  "install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core); or write --format html and print it "
                  "to PDF from a browser ({reason})")


def _weasyprint() -> Any:
    try:
        import weasyprint
    except ImportError as exc:  # not installed
        raise said(PdfUnavailable, INSTALL_HINT, reason=exc) from None
    except OSError as exc:  # installed, but Pango (or another shared library) is missing
        raise said(PdfUnavailable, INSTALL_HINT, reason=f"{exc}: a system library is missing") from None
    return weasyprint


def html_to_pdf(html: bytes) -> bytes:
    """Lay out an HTML page (UTF-8 bytes, self-contained) on A4 and return the PDF bytes.

    The page's own ``@page`` rules set the paper; the HTML may not load anything from outside
    (the reports never do: a URL fetcher that refuses everything makes sure).

    Raises
    ------
    PdfUnavailable
        WeasyPrint or its system libraries are missing.
    """
    weasyprint = _weasyprint()

    import logging

    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.ERROR)  # CSS it does not know (print-color-adjust …) is not the user's problem
    try:
        with _fixed_font_timestamps():
            document = weasyprint.HTML(string=html.decode("utf-8"), url_fetcher=_refusing_fetcher(weasyprint)).render()
            return document.write_pdf()
    finally:
        logger.setLevel(level)


def _refuse(url: str, *args: Any, **kwargs: Any) -> Any:
    msg = f"the report may not load {url!r}"
    raise ValueError(msg)


def _refusing_fetcher(weasyprint: Any) -> Any:
    """A URL fetcher that loads nothing (WeasyPrint then leaves the resource out, with a warning).

    WeasyPrint 70 takes a ``URLFetcher`` object (a plain function makes it fail on its first
    URL); older versions take a function.
    """
    base = getattr(getattr(weasyprint, "urls", None), "URLFetcher", None)
    if base is None:
        return _refuse

    class Refusing(base):
        def fetch(self, url: str, headers: Any = None) -> Any:
            return _refuse(url)

    return Refusing()


#: The time written into the embedded fonts (seconds since 1970), the same on every run.
FONT_TIMESTAMP = "0"
_clock_lock = threading.Lock()


@contextlib.contextmanager
def _fixed_font_timestamps() -> Iterator[None]:
    """No clock in the embedded fonts while a PDF is written: the same result gives the same bytes.

    WeasyPrint saves the fonts it embeds with fontTools, which stamps each with the time it is
    saved (its ``head`` table) unless ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention)
    gives one: two PDFs of one result written a second apart differed. The variable is set for
    the time of the writing when the user has not set it, under a lock (a program using the
    Python API may write PDFs from several threads).
    """
    with _clock_lock:
        if "SOURCE_DATE_EPOCH" in os.environ:
            yield
            return
        os.environ["SOURCE_DATE_EPOCH"] = FONT_TIMESTAMP
        try:
            yield
        finally:
            os.environ.pop("SOURCE_DATE_EPOCH", None)


def render(result: Any, lang: str, *, document: Any = None, plans: Any = None) -> bytes:
    """Return the PDF of ``result`` in ``lang``: fact sheets by default, or the report (``document.layout``)."""
    from .html import render as render_html

    _weasyprint()  # fail before rendering the page when PDF output is impossible
    return html_to_pdf(render_html(result, lang, document=document, plans=plans, fmt="pdf"))
