"""A framework's reference as a printable page (``villagescore framework show --format html|pdf``).

The page is the Markdown reference (:func:`~villagescore.reports.framework_doc.framework_markdown`,
which puts a framework file's texts on one line, a ``|`` in a table cell as ``/``) turned into HTML
by markdown-it with raw HTML, images and links off: a text in a framework file can neither inject
markup nor make the page fetch or link anything. The page is the reports' own, self-contained:
inline CSS, no script, A4 when printed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

__all__ = ["framework_html"]


def framework_html(fw: Any, lang: str, fields: Mapping[str, Any], engine_version: str,
                   sectors: Mapping[str, Any] | None = None, provenance: Mapping[str, Any] | None = None) -> bytes:
    """The framework's reference page in ``lang`` as self-contained HTML (UTF-8 bytes).

    ``fields``, ``sectors`` and ``provenance``: as :func:`~.framework_doc.framework_markdown` takes them.
    """
    from markdown_it import MarkdownIt

    from ..i18n import label
    from .document import doc_text
    from .framework_doc import framework_markdown
    from .html import environment

    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
    parser.disable(["image", "link", "autolink"])  # a file's text shows as written: nothing to fetch or follow
    body = parser.render(framework_markdown(fw, lang, fields, sectors, provenance))
    page = environment().get_template("framework.html.j2").render(
        lang=lang, page_title=f"{label(fw.title, lang) or fw.id} ({fw.id} {fw.version})", engine_version=engine_version,
        page_word=doc_text("page", lang), body=Markup(body))  # noqa: S704 - markdown-it escaped every text of the file
    return page.encode("utf-8")
