"""villagescore.cache: a document found valid is not checked again; a problem is never remembered."""

import pytest

from villagescore import cache


@pytest.fixture
def cache_in(tmp_path, monkeypatch):
    monkeypatch.setenv("VILLAGESCORE_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _counting(monkeypatch):
    from villagescore.framework import checks

    calls = []
    real = checks._schema_problems

    def counted(*args, **kwargs):
        calls.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(checks, "_schema_problems", counted)
    return calls


def test_a_catalogue_found_valid_is_not_checked_again(cache_in, monkeypatch):
    from pathlib import Path

    from villagescore.catalogue import load_catalogue

    calls = _counting(monkeypatch)
    path = Path(__file__).parents[1] / "plugins" / "villagescore_weaving" / "catalogue.yaml"
    first = load_catalogue(path)
    assert len(calls) == 1 and len(list((cache_in / "valid").iterdir())) == 1
    second = load_catalogue(path)
    assert len(calls) == 1  # the same bytes: not checked again
    assert [i.id for i in first.indicators] == [i.id for i in second.indicators]


def test_an_edited_or_invalid_document_is_always_checked(cache_in, monkeypatch, tmp_path):
    from villagescore.catalogue import load_catalogue
    from villagescore.errors import CatalogueError

    calls = _counting(monkeypatch)
    path = tmp_path / "catalogue.yaml"
    path.write_text("id: demo\nversion: '1'\nfields: 7\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(CatalogueError):
            load_catalogue(path)
    assert len(calls) == 2  # a problem is never remembered: listed every time
    assert not (cache_in / "valid").exists()


def test_no_cache_when_the_variable_is_empty_or_the_folder_cannot_be_written(monkeypatch, tmp_path):
    monkeypatch.setenv("VILLAGESCORE_CACHE_DIR", "")
    assert cache.cache_dir() is None
    cache.remember_valid("catalogue", "{}", "ab" * 32)
    assert not cache.known_valid("catalogue", "{}", "ab" * 32)
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("VILLAGESCORE_CACHE_DIR", str(blocked))
    cache.remember_valid("catalogue", "{}", "ab" * 32)  # cannot create a folder under a file: no error
    assert not cache.known_valid("catalogue", "{}", "ab" * 32)


def test_the_default_folder_is_the_platforms_user_cache(monkeypatch, tmp_path):
    monkeypatch.delenv("VILLAGESCORE_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    import sys

    if sys.platform.startswith("linux"):
        assert cache.cache_dir() == tmp_path / "villagescore"
    assert cache.cache_dir().name == "villagescore"


def test_the_key_changes_with_the_schema_text(cache_in):
    cache.remember_valid("catalogue", "schema one", "cd" * 32)
    assert cache.known_valid("catalogue", "schema one", "cd" * 32)
    assert not cache.known_valid("catalogue", "schema two", "cd" * 32)
    assert not cache.known_valid("framework", "schema one", "cd" * 32)
