"""The bundled datasets give the stored golden outputs (see ``tests/golden/__init__.py``)."""

from __future__ import annotations

import difflib

import pytest

from tests.golden import HERE, produce

FILES = HERE / "files"


@pytest.fixture(scope="module")
def produced() -> dict[str, bytes]:
    return produce()


def test_every_golden_file_is_produced(produced):
    stored = sorted(p.name for p in FILES.iterdir())
    assert stored == sorted(produced)


@pytest.mark.parametrize("name", sorted(p.name for p in FILES.iterdir()))
def test_golden_output_unchanged(produced, name):
    expected = (FILES / name).read_bytes()
    actual = produced[name]
    if actual != expected:
        diff = difflib.unified_diff(expected.decode().splitlines(), actual.decode().splitlines(),
                                    "stored", "now", lineterm="", n=1)
        pytest.fail("output changed; if a documented change explains it, run `python -m tests.golden`:\n"
                    + "\n".join(list(diff)[:60]))
