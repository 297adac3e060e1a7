"""Compile the ``.po`` catalogues to the ``.mo`` files that ship: ``python -m villagescore.i18n.compile``.

``--check`` compiles in memory and exits 1 when a shipped ``.mo`` differs from its ``.po`` (the
test suite runs it). Needs Babel (``pip install babel``; in the ``test`` extra), which only
translators and the tests use: the package reads the ``.mo`` files with the standard library.

A translator's round: edit ``locale/vi/LC_MESSAGES/villagescore.po`` (or run ``pybabel update``
against a template made by ``pybabel extract``), then this command.
"""

from __future__ import annotations

import io
import sys

from .catalogues import LOCALE_DIR, mo_path, po_path

__all__ = ["compile_catalogue", "languages", "main"]


def languages() -> list[str]:
    """The languages with a source catalogue."""
    return sorted(p.name for p in LOCALE_DIR.iterdir() if po_path(p.name).is_file())


def compile_catalogue(lang: str) -> bytes:
    """The ``.mo`` bytes of ``lang``'s ``.po`` (deterministic: the same source gives the same bytes)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path(lang).open("rb") as f:
        catalog = read_po(f, locale=lang, domain="villagescore")
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Compile every catalogue (``--check``: only report the stale ones)."""
    args = sys.argv[1:] if argv is None else argv
    check = "--check" in args
    stale = []
    for lang in languages():
        data = compile_catalogue(lang)
        target = mo_path(lang)
        if target.is_file() and target.read_bytes() == data:
            continue
        stale.append(lang)
        if not check:
            target.write_bytes(data)
            print(f"wrote {target}")
    if check and stale:
        print(f"stale .mo for {', '.join(stale)}: run python -m villagescore.i18n.compile", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
