"""A per-user cache of what is expensive to work out and never changes for the same bytes.

It holds two things, each keyed by the SHA-256 of a document's exact text, so an edited file
is worked out afresh (and, in ``templates/``, the report templates compiled by Jinja's own
bytecode cache: see :func:`villagescore.reports.html.environment`):

* which documents (catalogues, framework files, datasets' ``.meta.json``) were found valid against
  which schema. Checking the fourteen catalogues of
  the installed plugins against ``catalogue.schema.json`` costs about 0.15 s of every command;
  a catalogue whose exact bytes were found valid before, by the same schema, the same
  jsonschema and the same parser rules (:data:`villagescore.parsing.RULES`), is not checked
  again. Only a *valid* result is remembered (a file with a problem is always checked, so its
  problems are always listed);
* what a YAML document parses to, as JSON: parsing the plugins' catalogues and the default
  framework with PyYAML costs about 0.08 s of every command, reading the same data as JSON a
  few milliseconds. Only a document that parsed without a problem and reads back from JSON as
  exactly the same value is remembered (a YAML date, say, is not), and a cache file that
  cannot be read is a miss.

The folder is ``VILLAGESCORE_CACHE_DIR`` when set (set but empty: no cache at all), else the
platform's per-user cache folder (``platformdirs``: ``~/.cache/villagescore`` on Linux). A
folder that cannot be written, or a user with no home folder, is not an error: the work is done
every time instead.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import math
import os
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any

__all__ = ["ENV_VAR", "MISSING", "cache_dir", "known_valid", "remember_valid", "plain_json", "parsed_yaml",
           "remember_parsed_yaml", "one_look"]

#: Environment variable naming the cache folder (empty: no cache).
ENV_VAR = "VILLAGESCORE_CACHE_DIR"


#: Inside :func:`one_look`: the cache folder looked up when the block began, and the documents found valid since.
_ONE_LOOK: ContextVar[tuple[Path | None, set[tuple[str, str, str]]] | None] = ContextVar("cache_one_look", default=None)


@contextlib.contextmanager
def one_look() -> Iterator[None]:
    """Within the block the cache folder is looked up once, and a document found valid is looked for once.

    Resolving the default framework asks some 200 times whether a scorer's parameters were found
    valid (85 distinct pairs): each used to read the environment for the folder (every variable
    of it, for the platform's folder), hash its key and look for its file. Blocks may be nested:
    the outermost one holds what was looked up.
    """
    if _ONE_LOOK.get() is not None:
        yield
        return
    token = _ONE_LOOK.set((cache_dir(), set()))
    try:
        yield
    finally:
        _ONE_LOOK.reset(token)


def cache_dir() -> Path | None:
    """The cache folder; ``None`` (no cache) when ``VILLAGESCORE_CACHE_DIR`` is set but empty or there is no home."""
    looked = _ONE_LOOK.get()
    if looked is not None:
        return looked[0]
    env = os.environ.get(ENV_VAR)
    if env is not None:
        try:
            return Path(env).expanduser() if env.strip() else None
        except RuntimeError:  # "~nosuchuser/…": a home that cannot be found, no cache (the work is done every time)
            return None
    environ = os.environ  # the names alone are read first: only the few that match are looked up (3× faster)
    return _platform_cache_dir(tuple(sorted((k, environ.get(k, "")) for k in environ if k.startswith(_PLATFORM_VARS))))


#: The environment variables (by prefix) the platform's cache folder can depend on (platformdirs).
_PLATFORM_VARS = ("XDG_", "HOME", "USERPROFILE", "LOCALAPPDATA", "APPDATA", "WIN_PD_OVERRIDE_")


@functools.lru_cache(maxsize=4)
def _platform_cache_dir(environment: tuple[tuple[str, str], ...]) -> Path | None:
    """The platform's per-user cache folder, looked up once for the environment it depends on.

    ``None`` (no cache) when the platform has none: no ``HOME`` and no passwd entry for the user
    (``docker run --user 12345``, a CI job). Loading the default framework asks for the folder some
    200 times (a cache key per scorer's parameters).
    """
    import platformdirs

    try:
        return Path(platformdirs.user_cache_dir("villagescore", appauthor=False))
    except RuntimeError:  # platformdirs: "could not determine the home directory"
        return None


def _marker(schema: str, schema_text: str, digest: str) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    key = hashlib.sha256("\n".join((schema, hashlib.sha256(schema_text.encode("utf-8")).hexdigest(),
                                    *_checker_versions(), digest)).encode("utf-8")).hexdigest()
    return folder / "valid" / key


@functools.lru_cache(maxsize=1)
def _checker_versions() -> tuple[str, str, str]:
    """The versions of jsonschema, villagescore and the parser's rules, looked up once per process.

    The parser's rules are in the key: a document is checked as parsed, and the same bytes found
    valid under older rules (``4_000`` read as a number) may not be under newer ones.
    """
    from importlib.metadata import version

    from . import __version__
    from .parsing import RULES

    return version("jsonschema"), __version__, f"rules-{RULES}"


def known_valid(schema: str, schema_text: str, digest: str) -> bool:
    """Whether a document with SHA-256 ``digest`` was found valid against this schema before."""
    looked = _ONE_LOOK.get()
    if looked is not None and (schema, schema_text, digest) in looked[1]:
        return True
    marker = _marker(schema, schema_text, digest)
    found = marker is not None and marker.is_file()
    if found and looked is not None:
        looked[1].add((schema, schema_text, digest))
    return found


def remember_valid(schema: str, schema_text: str, digest: str) -> None:
    """Remember that the document with SHA-256 ``digest`` is valid against this schema (best effort)."""
    marker = _marker(schema, schema_text, digest)
    if marker is None:
        return
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch(exist_ok=True)  # an empty file: its name is the fact
    except OSError:  # a read-only home, a full disk: validate again next time
        return
    looked = _ONE_LOOK.get()
    if looked is not None:
        looked[1].add((schema, schema_text, digest))


def plain_json(value: Any) -> bool:
    """Whether ``value`` is made of dicts with text keys, lists, text, finite numbers, booleans and None only.

    Only such a value is remembered by its JSON text: a tuple, say, would read as a list.
    """
    kind = type(value)
    if kind is dict:
        return all(type(k) is str and plain_json(v) for k, v in value.items())
    if kind is list:
        return all(plain_json(v) for v in value)
    if kind is float:
        return math.isfinite(value)
    return kind in (str, int, bool) or value is None


#: What :func:`parsed_yaml` returns for a document it does not hold.
MISSING = object()
_PARSER_KEY: list[str] = []  # the parser's versions, looked up once per process


def _parsed_path(text: str, loader: str = "") -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    if not _PARSER_KEY:
        from importlib.metadata import PackageNotFoundError, version

        from . import __version__

        try:
            pyyaml = version("PyYAML")
        except PackageNotFoundError:  # pragma: no cover - PyYAML is a dependency
            pyyaml = "?"
        from .parsing import RULES

        _PARSER_KEY.append(f"{__version__}\n{pyyaml}\nrules-{RULES}")
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    kind = f"yaml-{loader}" if loader else "yaml"  # another loader may read the same text otherwise
    key = hashlib.sha256(f"{kind}\n{_PARSER_KEY[0]}\n{digest}".encode()).hexdigest()
    return folder / "parsed" / f"{key}.json"


def parsed_yaml(text: str, loader: str = "") -> Any:
    """What YAML ``text`` was parsed to before (by ``loader``; by default the framework files'), or :data:`MISSING`."""
    path = _parsed_path(text, loader)
    if path is None:
        return MISSING
    try:
        return json.loads(path.read_bytes())
    except (OSError, ValueError):  # not there, or a file that is not what this cache wrote: parse again
        return MISSING


def remember_parsed_yaml(text: str, doc: Any, loader: str = "") -> None:
    """Remember what ``text`` parsed to (by ``loader``) when JSON holds it exactly (best effort; whole or nothing)."""
    path = _parsed_path(text, loader)
    if path is None:
        return
    try:
        data = json.dumps(doc, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")
    except (TypeError, ValueError, RecursionError):  # a date, NaN, a lone surrogate: something JSON cannot say
        return
    if json.loads(data) != doc:  # e.g. a mapping with number keys, which JSON would turn into text
        return
    from .errors import OutputError
    from .outputs import atomic_write

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data, keep_inputs=False)  # whole or none; not a user output
    except (OSError, OutputError):  # a read-only home, a full disk: parse again next time
        pass
