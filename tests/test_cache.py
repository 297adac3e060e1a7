"""villagescore.cache: a document found valid is not checked again; a problem is never remembered."""

from pathlib import Path

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


def test_the_default_folder_follows_the_environment_it_is_looked_up_in(monkeypatch, tmp_path):
    import platformdirs

    monkeypatch.delenv("VILLAGESCORE_CACHE_DIR", raising=False)
    for folder in (tmp_path / "a", tmp_path / "b", tmp_path / "a"):
        monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
        assert cache.cache_dir() == Path(platformdirs.user_cache_dir("villagescore", appauthor=False))
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == Path(platformdirs.user_cache_dir("villagescore", appauthor=False))


@pytest.mark.parametrize("variable", ["LOCALAPPDATA", "USERPROFILE", "APPDATA", "WIN_PD_OVERRIDE_LOCAL_APPDATA"])
def test_the_folder_is_looked_up_again_when_a_variable_another_platform_reads_changes(monkeypatch, tmp_path,
                                                                                    variable):
    """Reviewed 2026-12-07: the lookup was kept by XDG_CACHE_HOME and HOME only; Windows reads other variables."""
    monkeypatch.delenv("VILLAGESCORE_CACHE_DIR", raising=False)
    seen = []
    monkeypatch.setattr(cache, "_platform_cache_dir", lambda environment: seen.append(environment) or tmp_path)
    for value in ("one", "two"):
        monkeypatch.setenv(variable, str(tmp_path / value))
        cache.cache_dir()
    assert len(set(seen)) == 2
    assert all((variable, str(tmp_path / v)) in e for v, e in zip(("one", "two"), seen, strict=True))


def test_the_key_changes_with_the_schema_text(cache_in):
    cache.remember_valid("catalogue", "schema one", "cd" * 32)
    assert cache.known_valid("catalogue", "schema one", "cd" * 32)
    assert not cache.known_valid("catalogue", "schema two", "cd" * 32)
    assert not cache.known_valid("framework", "schema one", "cd" * 32)


def test_the_keys_change_with_the_parser_rules(cache_in, monkeypatch):
    """Review 16 r2#4: the same bytes found valid (or parsed) under older rules may read otherwise now."""
    from villagescore import parsing

    cache.remember_valid("framework", "schema", "cd" * 32)
    cache.remember_parsed_yaml("a: 1\n", {"a": 1})
    monkeypatch.setattr(parsing, "RULES", "older")
    monkeypatch.setattr(cache, "_PARSER_KEY", [])
    cache._checker_versions.cache_clear()
    try:
        assert not cache.known_valid("framework", "schema", "cd" * 32)
        assert cache.parsed_yaml("a: 1\n") is cache.MISSING
    finally:
        cache._checker_versions.cache_clear()


def _no_parser(monkeypatch):
    """Make PyYAML parsing fail, to prove a document came from the cache."""
    from villagescore import parsing

    def refuse(text, name):
        raise AssertionError(f"{name} was parsed again")

    monkeypatch.setattr(parsing, "_parse_yaml_text", refuse)


def test_a_yaml_document_parsed_before_is_read_from_the_cache(cache_in, monkeypatch):
    from villagescore.parsing import parse_text

    text = "id: demo\nlabel: {vi: Làng nghề dệt, en: weaving}\nweights: [1, 2.5, null, true]\n"
    first = parse_text(text, name="demo.yaml", kind="yaml")
    assert len(list((cache_in / "parsed").iterdir())) == 1
    _no_parser(monkeypatch)
    second = parse_text(text, name="demo.yaml", kind="yaml")
    assert second == first and type(second["weights"][1]) is float and second["weights"][3] is True
    with pytest.raises(AssertionError, match="parsed again"):  # an edited text is parsed afresh
        parse_text(text + "extra: 1\n", name="demo.yaml", kind="yaml")


@pytest.mark.parametrize("text", ["valid_from: 2023-09-12\n", "2023: the year as a number key\n"])
def test_what_json_cannot_hold_exactly_is_not_cached(cache_in, text):
    from villagescore.parsing import parse_text

    doc = parse_text(text, name="x.yaml", kind="yaml")
    assert not list(cache_in.glob("parsed/*"))
    assert parse_text(text, name="x.yaml", kind="yaml") == doc


def test_a_document_with_a_problem_is_never_cached_and_a_broken_cache_file_is_a_miss(cache_in):
    from villagescore.errors import DocumentError
    from villagescore.parsing import parse_text

    for _ in range(2):
        with pytest.raises(DocumentError, match="not valid YAML|appears twice"):
            parse_text("a: 1\na: 2\n", name="dup.yaml", kind="yaml")
    assert not list(cache_in.glob("parsed/*"))
    parse_text("a: 1\n", name="a.yaml", kind="yaml")
    (cached,) = cache_in.glob("parsed/*.json")
    cached.write_text('{"a": ', encoding="utf-8")  # cut short (a disk that filled up)
    assert parse_text("a: 1\n", name="a.yaml", kind="yaml") == {"a": 1}
    assert cached.read_text(encoding="utf-8") == '{"a":1}'  # written again, whole


def test_no_cache_folder_means_parsing_every_time(monkeypatch, tmp_path):
    from villagescore.parsing import parse_text

    monkeypatch.setenv("VILLAGESCORE_CACHE_DIR", "")
    assert cache.parsed_yaml("a: 1\n") is cache.MISSING
    assert parse_text("a: 1\n", name="a.yaml", kind="yaml") == {"a": 1}


def test_a_metadata_sidecar_found_valid_is_not_checked_again_and_a_bad_one_always_is(cache_in, tmp_path,
                                                                                     monkeypatch):
    import json

    from villagescore import schemas
    from villagescore.datasets.metadata import read_sidecar

    calls = []
    real = schemas.validator

    def counted(name):
        calls.append(name)
        return real(name)

    monkeypatch.setattr(schemas, "validator", counted)
    data = tmp_path / "d.csv"
    data.write_text("village_id\n")
    side = tmp_path / "d.meta.json"
    good = {"dataset": {"id": "d", "title": {"vi": "d", "en": "d"}, "kind": "real"}, "columns": {}}
    side.write_text(json.dumps(good), encoding="utf-8")
    assert read_sidecar(data)[2] == [] and calls == ["dataset-metadata"]
    assert read_sidecar(data)[2] == [] and calls == ["dataset-metadata"]  # the same bytes: not checked again
    side.write_text(json.dumps({**good, "dataset": {**good["dataset"], "kind": "made-up"}}), encoding="utf-8")
    for _ in range(2):  # a problem is never remembered: listed on every read
        assert [p.where for p in read_sidecar(data)[2]] == ["$.dataset.kind"]
    assert calls == ["dataset-metadata"] * 3
    side.write_text(json.dumps({**good, "dataset": {**good["dataset"], "kind": "synthetic"}}), encoding="utf-8")
    for _ in range(2):  # the rule beyond the schema holds on every read
        assert [p.where for p in read_sidecar(data)[2]] == ["$.dataset.id"]


def test_a_scorer_s_params_schema_found_valid_is_not_checked_again(cache_in, monkeypatch):
    """Checking every installed scorer's schema must not cost each command an import of jsonschema."""
    from jsonschema import Draft202012Validator

    from villagescore import Scorer
    from villagescore.objects import methods

    checked = []
    real = Draft202012Validator.check_schema.__func__

    def counted(cls, schema, *args, **kwargs):
        checked.append(schema)
        return real(cls, schema, *args, **kwargs)

    monkeypatch.setattr(Draft202012Validator, "check_schema", classmethod(counted))
    schema = {"type": "object", "properties": {"half_life": {"type": "number", "exclusiveMinimum": 0}}}
    for _ in range(2):
        monkeypatch.setattr(methods, "_VALID_SCHEMAS", set())  # a new process: only the cache folder remembers
        Scorer("half_life", lambda v, p: v, schema)
    assert checked == [schema] and len(list((cache_in / "valid").iterdir())) == 1
    # a tuple where JSON has a list (parameters are validated alike) is the same schema
    Scorer("half_life", lambda v, p: v, {"type": "object", "properties": {"half_life": {
        "type": "number", "exclusiveMinimum": 0}}, "required": ("half_life",)})
    Scorer("half_life", lambda v, p: v, {"type": "object", "properties": {"half_life": {
        "type": "number", "exclusiveMinimum": 0}}, "required": ["half_life"]})
    assert len(checked) == 2 and len(list((cache_in / "valid").iterdir())) == 2


def test_one_look_gives_what_each_look_would_and_looks_once(cache_in, monkeypatch, tmp_path):
    looks = []
    real = cache._platform_cache_dir
    monkeypatch.setattr(cache, "_platform_cache_dir", lambda env: looks.append(env) or real(env))
    stats = []
    real_is_file = Path.is_file
    monkeypatch.setattr(Path, "is_file", lambda self: stats.append(self) or real_is_file(self))
    cache.remember_valid("value", "", "ab" * 32)
    with cache.one_look():
        assert cache.cache_dir() == cache_in
        with cache.one_look():  # nested: the outer block's
            for _ in range(3):
                assert cache.known_valid("value", "", "ab" * 32)
                assert not cache.known_valid("value", "", "cd" * 32)  # not found: looked for each time
        monkeypatch.setenv("VILLAGESCORE_CACHE_DIR", str(tmp_path / "elsewhere"))
        assert cache.cache_dir() == cache_in  # the folder of the block's start
        cache.remember_valid("value", "", "ef" * 32)
        assert cache.known_valid("value", "", "ef" * 32)
    assert len(stats) == 4  # ab once, cd three times; ef remembered as it was written
    assert cache.cache_dir() == tmp_path / "elsewhere"  # after the block: the environment's again
    assert not cache.known_valid("value", "", "ab" * 32)
    assert (cache_in / "valid").is_dir() and len(list((cache_in / "valid").iterdir())) == 2


def test_one_look_without_a_cache_folder_remembers_nothing(monkeypatch):
    monkeypatch.setenv("VILLAGESCORE_CACHE_DIR", "")
    with cache.one_look():
        cache.remember_valid("value", "", "ab" * 32)
        assert cache.cache_dir() is None and not cache.known_valid("value", "", "ab" * 32)


def test_a_cache_folder_whose_home_cannot_be_found_means_no_cache(monkeypatch):
    """Reviewed 2026-12-07: ``~nosuchuser/c`` stopped every command with an internal error."""
    monkeypatch.setenv("VILLAGESCORE_CACHE_DIR", "~villagescore-no-such-user/cache")
    assert cache.cache_dir() is None


def test_a_user_with_no_home_has_no_cache_and_no_error(monkeypatch):
    """Audit 2026-12-07: with no HOME and no passwd entry platformdirs raises RuntimeError; every command crashed."""
    import platformdirs

    def no_home(*args, **kwargs):
        raise RuntimeError("could not determine the home directory for '~/.cache'")

    monkeypatch.delenv("VILLAGESCORE_CACHE_DIR", raising=False)
    monkeypatch.setenv("HOME", "/no-such-home-for-this-test")  # a key _platform_cache_dir has not cached
    monkeypatch.setattr(platformdirs, "user_cache_dir", no_home)
    assert cache.cache_dir() is None
    assert not cache.known_valid("catalogue", "{}", "0" * 64)
    cache.remember_valid("catalogue", "{}", "0" * 64)  # nowhere to remember it: nothing happens
