"""Create a new sector-plugin package from the bundled template (``villagescore new-plugin``).

The template (``villagescore/scaffold_template/templates/``) gives a package that
installs with ``pip install -e .``, is discovered through its entry point, and passes
its own tests unchanged: a sector, two fields, one indicator, a framework file, tests
that use :mod:`villagescore.testing`, an example dataset and a README.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import asdict, dataclass
from importlib.resources import files
from pathlib import Path
from string import Template
from typing import Any

from .errors import VillageScoreError, os_reason, said
from .i18n import N_
from .unsafe_text import first_unsafe

__all__ = ["PluginNames", "plugin_names", "render_plugin", "create_plugin", "NAME_PATTERN"]

#: What NAME may look like: lower-case ASCII words joined by ``-`` or ``_``.
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$")
_MAX_NAME = 40
_RESERVED = {"villagescore", "core", "builtins", "test", "tests"}


@dataclass(frozen=True)
class PluginNames:
    """Every name derived from the NAME given to ``new-plugin``.

    For ``pottery-glaze``: distribution ``villagescore-pottery-glaze``, module and
    package ``villagescore_pottery_glaze``, entry point and sector id
    ``pottery_glaze``, framework id ``pottery-glaze-sector``.
    """

    name: str
    snake: str
    module: str
    distribution: str
    framework_id: str
    title_en: str
    title_vi: str


def plugin_names(name: str, *, title_en: str | None = None, title_vi: str | None = None) -> PluginNames:
    """Check ``name`` and derive the package, module, entry-point and id names from it.

    Parameters
    ----------
    name : str
        Lower-case ASCII letters and digits, words joined by ``-`` or ``_``
        (``pottery``, ``pottery-glaze``), at most 40 characters.
    title_en, title_vi : str, optional
        The sector's name in English and Vietnamese (defaults: ``Pottery glaze``,
        ``Nghề pottery glaze``). Any text: it is escaped for each file the plugin has
        (Python, TOML, YAML, Markdown) and NFC-normalised.

    Returns
    -------
    PluginNames

    Raises
    ------
    VillageScoreError
        ``name`` is not a valid plugin name.
    """
    if not NAME_PATTERN.match(name or "") or len(name) > _MAX_NAME:
        raise said(VillageScoreError, N_("invalid plugin name {name!r}: use lower-case ASCII letters and digits, "
                                         "words joined by '-' or '_', starting with a letter, at most {most} "
                                         "characters (e.g. 'pottery', 'pottery-glaze')"), name=name, most=_MAX_NAME)
    titles = {"--title-en": title_en, "--title-vi": title_vi}
    for option, title in titles.items():
        if title is not None and any(0xD800 <= ord(ch) <= 0xDFFF for ch in title):
            raise said(VillageScoreError, N_("{option} {title!r} is not valid text (undecodable bytes); type the "
                                             "title again"), option=option, title=title)
        unsafe = first_unsafe(title) if title is not None else None
        if unsafe is not None:  # the sector's framework file would refuse it (villagescore.unsafe_text)
            raise said(VillageScoreError, N_("{option} {title!r} holds {char} at character {position}, a control "
                                             "character a framework file may not hold; type the title without it"),
                       option=option, title=title, char=unsafe[1], position=unsafe[0])
    title_en, title_vi = (unicodedata.normalize("NFC", t) if t else t for t in (title_en, title_vi))
    snake = name.replace("-", "_")
    if snake in _RESERVED or snake.startswith("villagescore"):
        raise said(VillageScoreError, N_("invalid plugin name {name!r}: it is reserved; name the craft sector (e.g. "
                                         "'pottery')"), name=name)
    words = snake.replace("_", " ")
    return PluginNames(
        name=name,
        snake=snake,
        module=f"villagescore_{snake}",
        distribution=f"villagescore-{snake.replace('_', '-')}",
        framework_id=f"{snake.replace('_', '-')}-sector",
        title_en=title_en or words.capitalize(),
        title_vi=title_vi or f"Nghề {words}",
    )


def _templates() -> Any:
    return files("villagescore.scaffold_template") / "templates"


def _walk(folder: Any, prefix: str = "") -> list[tuple[str, Any]]:
    out = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        rel = f"{prefix}{entry.name}"
        if entry.is_dir():
            if entry.name != "__pycache__":
                out += _walk(entry, rel + "/")
        elif entry.name.endswith(".tmpl"):
            out.append((rel, entry))
    return out


def _target(rel: str, names: PluginNames) -> str:
    parts = []
    for part in rel.removesuffix(".tmpl").split("/"):
        part = part.replace("__module__", names.module).replace("__framework_id__", names.framework_id)
        if part.startswith("dot-"):
            part = "." + part[4:]
        parts.append(part)
    return "/".join(parts)


def render_plugin(names: PluginNames) -> dict[str, str]:
    """Return the files of the new plugin: ``{relative path: text}``, sorted by path.

    Raises
    ------
    KeyError
        A template uses a placeholder that :class:`PluginNames` does not define (a bug in
        the template).
    """
    values = {**asdict(names), **_escaped(names)}
    out = {}
    for rel, entry in _walk(_templates()):
        text = entry.read_text(encoding="utf-8")
        out[_target(rel, names)] = Template(text).substitute(values)
    return dict(sorted(out.items()))


def _escaped(names: PluginNames) -> dict[str, str]:
    """The titles written safely for each kind of file the template has (they are user text).

    ``*_py``, ``*_yaml`` and ``description_toml`` are complete string literals (quotes
    included) that read back as the exact title; ``*_doc`` (inside a Python docstring),
    ``*_line`` (a YAML comment) and ``*_md`` (Markdown) are the title on one line.
    """
    out = {}
    for key in ("title_en", "title_vi"):
        title = getattr(names, key)
        line = " ".join("".join(ch if ch.isprintable() else " " for ch in title).split())
        out[f"{key}_py"] = _python_string(title)
        out[f"{key}_line"] = line
        out[f"{key}_doc"] = line.replace("\\", "\\\\").replace('"', '\\"')
        out[f"{key}_md"] = re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", line)
        prefix = {"title_en": "Example criteria: ", "title_vi": "Bộ tiêu chí thử nghiệm: "}[key]
        out[f"framework_{key}_yaml"] = _yaml_string(prefix + title)
    out["description_toml"] = _toml_string(f"villagescore plugin: the {names.title_en} sector ({names.title_vi})")
    return out


def _python_string(text: str) -> str:
    """A Python string literal for ``text`` that keeps Vietnamese letters readable."""
    body = []
    for ch in text:
        if ch in "\\\"":
            body.append("\\" + ch)
        elif ch.isprintable():
            body.append(ch)
        else:
            body.append(repr(ch)[1:-1])  # \n, \t, \x7f, \u2028 …
    return '"' + "".join(body) + '"'


def _toml_string(text: str) -> str:
    """A TOML basic string for ``text`` (control characters escaped as TOML allows)."""
    short = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}
    body = []
    for ch in text:
        if ch in short:
            body.append(short[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F or not ch.isprintable():
            body.append(f"\\u{ord(ch):04X}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08X}")
        else:
            body.append(ch)
    return '"' + "".join(body) + '"'


def _yaml_string(text: str) -> str:
    """A YAML double-quoted scalar for ``text`` (what PyYAML's safe dumper writes)."""
    import yaml

    return yaml.safe_dump(text, default_style='"', allow_unicode=True, width=10**9).rstrip("\n")


def _installed_plugins() -> dict[str, str]:
    from importlib.metadata import entry_points

    return {ep.name: (ep.dist.name if ep.dist is not None else "?") for ep in entry_points(group="villagescore")}


def create_plugin(name: str, parent: str | Path = ".", *, title_en: str | None = None,
                  title_vi: str | None = None, check_installed: bool = True) -> Path:
    """Create the plugin folder ``parent/villagescore-NAME`` and return its path.

    The folder is written in full under a temporary name and then renamed, so an
    interrupted run leaves nothing behind.

    Parameters
    ----------
    name : str
        The plugin name (see :func:`plugin_names`).
    parent : path
        The folder to create the plugin folder in (must exist).
    title_en, title_vi : str, optional
        The sector's name in English and Vietnamese.
    check_installed : bool
        Refuse a name that an installed plugin already uses as its entry-point name.

    Returns
    -------
    pathlib.Path
        The new folder.

    Raises
    ------
    VillageScoreError
        Invalid name, name already used by an installed plugin, missing parent folder, or
        the target folder already exists (nothing is overwritten).
    """
    names = plugin_names(name, title_en=title_en, title_vi=title_vi)
    parent = Path(parent)
    if not parent.is_dir():
        raise said(VillageScoreError, N_("cannot create the plugin in {folder!r}: no such folder"), folder=str(parent))
    target = parent / names.distribution
    if target.exists() or target.is_symlink():
        raise said(VillageScoreError, N_("{target!r} already exists; choose another name or folder (nothing was "
                                         "overwritten)"), target=str(target))
    if check_installed:
        installed = _installed_plugins()
        if names.snake in installed:
            raise said(VillageScoreError, N_("a plugin named {name!r} is already installed (distribution "
                                             "{distribution}); choose another name"), name=names.snake,
                       distribution=installed[names.snake])
    rendered = render_plugin(names)
    staging: Path | None = None
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{names.distribution}-", dir=parent))
        for rel, text in rendered.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(staging, 0o777 & ~umask)  # mkdtemp makes it private; give it a normal folder's mode
        os.rename(staging, target)
    except BaseException as exc:  # an interrupted run (Ctrl+C, SIGTERM) leaves no staging folder either
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise said(VillageScoreError, N_("cannot create {target!r}: {reason}"), target=str(target),
                       reason=os_reason(exc)) from None
        raise
    return target
