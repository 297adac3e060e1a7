"""Every sentence of the command line a translator must translate: ``python -m villagescore.i18n.extract``.

The sentences come from three places:

* the command tree: each command's help, short help and epilog, each option's help, its
  ``show_default`` text and metavar, and click's usage placeholders;
* the source: the first argument of every ``gettext(...)``, ``message(...)``, ``warning(...)``-style
  call whose argument is a literal (Babel's Python extractor, keywords below);
* the installed click: its own messages ("No such option", "Missing argument"), which it looks
  up through gettext and whose wording changes between releases (8.1 says ``No such option:
  --x``, 8.2 ``No such option '--x'.``), except those only a program's author sees
  (:data:`CLICK_AUTHOR_TEXTS`).

``--check`` lists the sentences the Vietnamese catalogue does not translate and exits 1 (the
test suite runs it); ``--update`` adds them to ``vi.po`` with an empty translation for a
translator to fill in, then compile (:mod:`villagescore.i18n.compile`).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import click

from ..cli.language import TYPE_METAVARS  # noqa: E402  (the CLI shows these when an option gives no metavar)

__all__ = ["KEYWORDS", "CLICK_AUTHOR_TEXTS", "click_texts", "command_texts", "source_texts", "sentences",
           "untranslated", "main"]

#: Functions whose first (literal) argument is a sentence to translate; ngettext takes two.
KEYWORDS = {"gettext": None, "ngettext": (1, 2), "message": None, "N_": None}
#: click's usage placeholders, which click writes without looking them up.
USAGE_TEXTS = ("[OPTIONS]", "COMMAND [ARGS]...")
_SOURCE = Path(__file__).resolve().parents[1]
#: click's messages no user of villagescore's command line reads: errors about a program's own
#: declarations of its options and arguments (raised to its author, before any command runs),
#: about a colour or stream a program names, and the day label of click's progress bar, which
#: villagescore does not draw (its progress has words of its own).
CLICK_AUTHOR_TEXTS = frozenset({
    "Arguments take exactly one parameter declaration, got {length}: {decls}.",
    "Boolean option {decl!r} cannot use the same flag for true/false.",
    "Could not determine name for option with declarations {decls!r}",
    "Invalid start character for option ({option})",
    "Name '{name}' defined twice",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument instead? Did you mean to"
    " pass '--{name}'?",
    "Unknown color {colour!r}",
    "Unknown standard stream '{name}'",
    "d",
})


def _all_commands() -> Iterator[click.Command]:
    from ..cli import COMMANDS, cli

    yield cli
    ctx = click.Context(cli)
    stack = [cli.get_command(ctx, name) for name in COMMANDS]
    while stack:
        command = stack.pop()
        if command is None:
            continue
        yield command
        stack += list(getattr(command, "commands", {}).values())


def _source_text(obj: object, name: str) -> str | None:
    sources = obj.__dict__.get("_villagescore_source_texts") or {}
    value = sources.get(name, getattr(obj, name, None))
    return value if isinstance(value, str) and value.strip() else None


def command_texts() -> list[str]:
    """The English texts of the command tree, as the catalogues key them."""
    out: list[str] = list(USAGE_TEXTS)
    for command in _all_commands():
        out += [t for n in ("help", "short_help", "epilog") if (t := _source_text(command, n))]
        for param in command.params:
            if isinstance(param, click.Option):
                out += [t for n in ("help", "show_default") if (t := _source_text(param, n))]
            metavar = _source_text(param, "metavar")
            if metavar:
                out.append(metavar)
            elif isinstance(param, click.Argument):
                out.append(param.name.upper())
            elif isinstance(param, click.Option) and not param.is_flag and param.type.name.upper() in TYPE_METAVARS:
                out.append(param.type.name.upper())
    return out


def source_texts() -> list[str]:
    """The literal sentences passed to the translation functions in the package's source."""
    from babel.messages.extract import extract_from_dir

    out = []
    for _file, _line, msg, _comments, _ctx in extract_from_dir(str(_SOURCE), keywords=KEYWORDS,
                                                              method_map=[("i18n/**.py", "ignore"),
                                                                          ("**.py", "python")]):
        if isinstance(msg, tuple):
            out += [m for m in msg if m]
        elif msg:
            out.append(msg)
    return out


def click_texts() -> list[str]:
    """The messages of the installed click a user can read, as gettext keys them.

    Of a ``ngettext`` pair only the singular: it is the key of both forms (click 8.1 and 8.2
    pair the same singular with different plurals).
    """
    from babel.messages.extract import extract_from_dir

    folder = Path(click.__file__).resolve().parent
    out = []
    for _file, _line, msg, _comments, _ctx in extract_from_dir(str(folder), keywords={"_": None, "ngettext": (1, 2)},
                                                              method_map=[("**.py", "python")]):
        text = msg[0] if isinstance(msg, tuple) else msg
        if text and text not in CLICK_AUTHOR_TEXTS:
            out.append(text)
    return sorted(set(out))


def sentences() -> list[str]:
    """Every sentence to translate, each once, in a stable order."""
    import inspect

    ours = [inspect.cleandoc(t) if "\n" in t else t for t in command_texts() + source_texts()]
    return list(dict.fromkeys(ours + click_texts()))  # click's texts as written: "Choose from:\n\t{choices}"


def untranslated(lang: str = "vi") -> list[str]:
    """The sentences ``lang``'s catalogue leaves untranslated (read from the ``.po`` source)."""
    from babel.messages.pofile import read_po

    from .catalogues import po_path

    with po_path(lang).open("rb") as f:
        catalog = read_po(f, locale=lang)
    done = set()
    for m in catalog:
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if m.id and all(strings) and not m.fuzzy:
            done.update(ids)
    return [s for s in sentences() if s not in done]


def _update(lang: str, missing: list[str]) -> None:
    from babel.messages.pofile import read_po, write_po

    from .catalogues import po_path

    path = po_path(lang)
    with path.open("rb") as f:
        catalog = read_po(f, locale=lang)
    for text in missing:
        if text not in catalog:
            catalog.add(text, "")
    with path.open("wb") as f:
        write_po(f, catalog, width=120, include_lineno=False)


def main(argv: list[str] | None = None) -> int:
    """``--check``: exit 1 listing what vi.po leaves untranslated; ``--update``: add it to vi.po."""
    args = sys.argv[1:] if argv is None else argv
    missing = untranslated("vi")
    if "--update" in args:
        _update("vi", missing)
        print(f"{len(missing)} sentence(s) added to vi.po for translation")
        return 0
    for text in missing:
        print(repr(text))
    if missing:
        print(f"{len(missing)} sentence(s) without a Vietnamese translation", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
