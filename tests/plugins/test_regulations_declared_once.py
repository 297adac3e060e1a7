"""Every regulation is stated once: declared by id with its limits, cited by id everywhere else.

Scans every catalogue and framework file the project ships (first-party plugins and the
examples): a regulation id is declared in one place only; nothing else restates what a
declaration holds (a reference or gate citation with a ``value`` of its own, a threshold
written out in place of a cited limit, a regulation's document named as free text).
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO

FILES = sorted([*REPO.glob("plugins/villagescore_*/*.yaml"), *REPO.glob("docs/examples/frameworks/*.yaml")])


@functools.cache
def _load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _walk(node, path="$"):
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{path}[{i}]")


@pytest.fixture(scope="module")
def declared():
    out: dict[str, list[str]] = {}
    for path in FILES:
        for reg in _load(path).get("regulations") or []:
            out.setdefault(reg["id"], []).append(path.name)
    return out


def test_the_files_are_found():
    names = {p.name for p in FILES}
    assert {"regulations.yaml", "vn-ttcn-sustainable.yaml", "catalogue.yaml", "ocop.yaml"} <= names


def test_each_regulation_is_declared_once(declared):
    twice = {ident: where for ident, where in declared.items() if len(where) > 1}
    assert not twice, f"declared in several places: {twice}"
    assert len(declared) >= 30


def test_each_document_is_declared_once():
    documents: dict[str, str] = {}
    for path in FILES:
        for reg in _load(path).get("regulations") or []:
            first = documents.get(reg["document"])
            assert first is None, f"{reg['document']!r}: declared as {first} and as {reg['id']}"
            documents[reg["document"]] = reg["id"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_citations_restate_nothing(path, declared):
    doc = _load(path)
    documents = {reg["document"] for p in FILES for reg in (_load(p).get("regulations") or [])}
    problems = []
    for where, node in _walk(doc):
        if not isinstance(node, dict) or where.startswith("$.regulations"):
            continue
        if node.get("regulation") and "value" in node and "limit" not in node and "parameter" not in node:
            problems.append(f"{where}: cites {node['regulation']!r} with a value of its own; cite its limit by id")
        if "threshold" in node and isinstance(node["threshold"], dict) and "parameter" in node["threshold"] \
                and node["threshold"]["regulation"] in declared and path.name != "ocop.yaml":
            problems.append(f"{where}.threshold: writes out a limit of {node['threshold']['regulation']!r}; cite it")
        named = node.get("document")
        named = named.get("en") if isinstance(named, dict) else named  # a document given as {vi, en}
        if named in documents and "id" not in node:
            problems.append(f"{where}: names {named!r} as free text; cite the regulation by id")
    assert not problems, "\\n".join(problems)


def test_no_regulation_states_the_same_limit_twice():
    """Two limits of one regulation with the same provision and value would be the same fact written twice."""
    for path in FILES:
        for reg in _load(path).get("regulations") or []:
            seen: dict[tuple, str] = {}
            for limit in reg.get("limits") or []:
                key = (repr(limit.get("provision")), repr(limit.get("column")), repr(limit.get("value")),
                       repr(limit.get("values")),
                       limit.get("unit"))
                assert key not in seen, f"{reg['id']}: limits {seen[key]!r} and {limit['id']!r} state the same value"
                seen[key] = limit["id"]
