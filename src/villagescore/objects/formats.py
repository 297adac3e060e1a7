"""Files in and out: framework files a plugin ships, dataset readers, output reporters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - annotations only
    pass


@dataclass(frozen=True)
class FrameworkSource:
    """A criteria-framework file shipped by a plugin (YAML or JSON)."""

    path: Any  # pathlib.Path or importlib.resources Traversable
    plugin: str = ""


@dataclass(frozen=True)
class Reader:
    """A dataset format: ``read(path)`` returns a :class:`villagescore.datasets.RawDataset`."""

    name: str
    suffixes: tuple[str, ...]
    read: Callable[[Any], Any]
    description: str = ""
    plugin: str = ""


@dataclass(frozen=True)
class Reporter:
    """An output format: ``render(result, lang)`` returns ``bytes`` (the file's content)."""

    name: str
    suffix: str
    render: Callable[[Any, str], bytes]
    description: str = ""
    binary: bool = False
    plugin: str = ""
