import json

import pytest

from villagescore.targets import DEFAULT, TargetsError, load_targets, shipped


def test_shipped_files_validate_and_keep_their_confidence_tags():
    assert set(shipped()) == {"decision-801", "decision-1058", "switch-asia-rattan"}
    d801 = load_targets(None)
    assert d801.id == DEFAULT == "decision-801"
    by_id = {t.id: t for t in d801.targets}
    assert by_id["d801-effective-2030"].value == 80 and by_id["d801-effective-2030"].op == ">"
    assert by_id["d801-ip-2025"].value == 30 and by_id["d801-ip-2030"].value == 50
    assert by_id["d801-tourism-2030"].value == 301 and by_id["d801-tourism-2030"].scope == "national"
    assert by_id["d801-environment-2030"].unit == "share_of_establishments"
    # the figures are quoted by secondary sources [S]; the 2030 income multiple is [unverified]
    assert {t.confidence for t in d801.targets} == {"secondary", "unverified"}
    assert by_id["d801-income-2030"].confidence == "unverified"
    assert by_id["d801-income-2025"].base_year == 2020
    for t in d801.targets:
        assert t.source["decision"] == "801/QĐ-TTg" and t.source["provision"]
        assert (t.measure is None) == (t.missing is not None)
    d1058 = load_targets("decision-1058")
    assert {t.id for t in d1058.targets} >= {"d1058-growth-2030", "d1058-income-2030", "d1058-workers-2030"}
    example = load_targets("switch-asia-rattan")
    assert {t.confidence for t in example.targets} == {"verified", "unverified"}


def test_invalid_file_lists_every_problem(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"kind": "villagescore-targets", "id": "Bad Id", "title": {"vi": "x"},
                                "source": {"document": "d"},
                                "targets": [{"id": "t1", "label": {"vi": "a", "en": "a"}, "unit": "percent"}]}),
                    encoding="utf-8")
    with pytest.raises(TargetsError) as exc:
        load_targets(path)
    text = str(exc.value)
    assert "$.id" in text and "$.title" in text and "$.targets[0]" in text
    assert len(exc.value.problems) >= 4


def test_measure_null_requires_the_missing_data(tmp_path):
    doc = {"kind": "villagescore-targets", "id": "x", "title": {"vi": "x", "en": "x"}, "source": {"document": "d"},
           "targets": [{"id": "t", "label": {"vi": "a", "en": "a"}, "source": {"decision": "d", "provision": "p"},
                        "confidence": "secondary", "year": 2030, "unit": "count", "op": ">=", "value": 1,
                        "measure": None}]}
    path = tmp_path / "t.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(TargetsError, match="missing"):
        load_targets(path)


def test_yaml_aliases_are_refused(tmp_path):
    path = tmp_path / "alias.yaml"
    path.write_text("kind: villagescore-targets\nid: a\ntitle: &t {vi: x, en: x}\nnote: *t\n", encoding="utf-8")
    with pytest.raises(TargetsError, match="aliases"):
        load_targets(path)


def test_unknown_file_names_the_shipped_ids(tmp_path):
    with pytest.raises(TargetsError, match="decision-1058"):
        load_targets(tmp_path / "nope.yaml")


def test_duplicate_target_ids_are_refused(tmp_path):
    import yaml

    doc = yaml.safe_load(shipped()["decision-1058"].read_text(encoding="utf-8"))
    doc["targets"].append(doc["targets"][0])
    path = tmp_path / "dup.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(TargetsError, match="duplicate target id"):
        load_targets(path)


def test_schema_command_prints_the_targets_schema():
    from click.testing import CliRunner

    from villagescore.cli import cli

    res = CliRunner().invoke(cli, ["schema", "targets"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert doc["title"] == "villagescore programme targets"
    assert doc["properties"]["kind"] == {"const": "villagescore-targets"}


def test_shipped_provisions_and_units_are_said_in_both_languages():
    from villagescore.i18n import unit_label
    from villagescore.targets.model import provision_text, quantity_unit_text

    for ident in shipped():
        for t in load_targets(ident).targets:
            assert set(t.source["provision"]) == {"vi", "en"}, t.id
            vi, en = provision_text(t.source, "vi"), provision_text(t.source, "en")
            assert vi and en and vi != en
            assert "clause not read" not in vi and "as quoted" not in vi
            unit = t.quantity_unit
            if unit and any(c.isalpha() for c in unit):  # words are translated; symbols such as % kept
                assert unit_label(unit, "vi") != unit, unit
                assert quantity_unit_text(unit, "vi") == unit_label(unit, "vi")
                assert quantity_unit_text(unit, "en") == unit


def test_plain_string_provision_and_label_units_are_accepted(tmp_path):
    from villagescore.targets.model import provision_text, quantity_unit_text

    doc = {"kind": "villagescore-targets", "id": "x", "title": {"vi": "x", "en": "x"}, "source": {"document": "d"},
           "targets": [{"id": "t", "label": {"vi": "a", "en": "a"}, "source": {"decision": "d", "provision": "art. 2"},
                        "confidence": "secondary", "year": 2030, "unit": "average",
                        "quantity_unit": {"vi": "tấn/hộ", "en": "t/household"}, "op": ">=", "value": 1,
                        "measure": {"statistic": "mean", "value": {"field": "f"}}, "measure_confidence": "estimate"}]}
    path = tmp_path / "t.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    t = load_targets(path).targets[0]
    assert provision_text(t.source, "vi") == provision_text(t.source, "en") == "art. 2"
    assert quantity_unit_text(t.quantity_unit, "vi") == "tấn/hộ"
    assert t.to_dict()["quantity_unit"] == {"vi": "tấn/hộ", "en": "t/household"}
    doc["targets"][0]["quantity_unit"] = {"vi": "tấn/hộ"}
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(TargetsError, match="quantity_unit"):
        load_targets(path)


def test_shipped_decisions_are_said_in_the_language_asked():
    from villagescore.targets.model import decision_text

    for ident in shipped():
        for t in load_targets(ident).targets:
            vi, en = decision_text(t.source, "vi"), decision_text(t.source, "en")
            assert vi and en, t.id
            assert "project" not in vi.lower() and "programme" not in vi.lower(), t.id
    rattan = load_targets("switch-asia-rattan").targets[0]
    assert decision_text(rattan.source, "vi") == "Dự án mây tre SWITCH-Asia"
    assert decision_text(rattan.source, "en") == "SWITCH-Asia rattan project"
    assert decision_text({"decision": "801/QĐ-TTg"}, "en") == "801/QĐ-TTg"  # one text: as written


def test_a_targets_file_read_before_is_taken_from_the_cache_and_a_bad_one_checked_every_time(tmp_path, monkeypatch):
    """The shipped decision-801 cost 0.2–0.4 s to parse and check on every run of ``targets``."""
    import yaml

    from villagescore import schemas
    from villagescore.targets import model

    monkeypatch.setenv("VILLAGESCORE_CACHE_DIR", str(tmp_path / "cache"))
    first = load_targets(None)
    assert len(list((tmp_path / "cache" / "parsed").iterdir())) == 1

    def refuse(*args, **kwargs):
        raise AssertionError("parsed or checked again")

    monkeypatch.setattr(yaml, "load", refuse)
    monkeypatch.setattr(schemas, "validator", refuse)
    assert load_targets(None) == first
    with pytest.raises(AssertionError, match="again"):  # another file is parsed and checked
        load_targets("decision-1058")
    monkeypatch.undo()
    monkeypatch.setenv("VILLAGESCORE_CACHE_DIR", str(tmp_path / "cache"))
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: villagescore-targets\nid: Bad Id\n", encoding="utf-8")
    for _ in range(2):  # a problem is never remembered: listed every time
        with pytest.raises(TargetsError, match=r"\$\.id"):
            load_targets(bad)
    text = shipped()[DEFAULT].read_text(encoding="utf-8")
    assert model._read(shipped()[DEFAULT])[0] == yaml.safe_load(text)


def test_the_cache_keeps_a_targets_file_apart_from_a_framework_file_of_the_same_text(tmp_path, monkeypatch):
    from villagescore import cache

    monkeypatch.setenv("VILLAGESCORE_CACHE_DIR", str(tmp_path / "cache"))
    cache.remember_parsed_yaml("a: 1\n", {"a": 1}, loader="targets")
    assert cache.parsed_yaml("a: 1\n", loader="targets") == {"a": 1}
    assert cache.parsed_yaml("a: 1\n") is cache.MISSING


def test_the_same_bytes_read_as_json_and_as_yaml_are_checked_each_their_way(tmp_path, monkeypatch):
    """Reviewed 2026-12-07: found valid as JSON, the same bytes were then taken as valid YAML ("6e0" was text there).

    Sixteenth walk: a targets file is read as a framework file is (YAML 1.2), where 6e0 is the number 6 as in JSON.
    """
    monkeypatch.setenv("VILLAGESCORE_CACHE_DIR", str(tmp_path / "cache"))
    doc = json.loads(json.dumps(__import__("yaml").safe_load(shipped()["decision-1058"].read_text(encoding="utf-8"))))
    doc["targets"] = doc["targets"][:1]
    text = json.dumps(doc, ensure_ascii=False).replace(f'"value": {json.dumps(doc["targets"][0]["value"])}',
                                                        '"value": 6e0', 1)
    assert '"value": 6e0' in text
    (tmp_path / "t.json").write_text(text, encoding="utf-8")
    (tmp_path / "t.yaml").write_text(text, encoding="utf-8")
    assert load_targets(tmp_path / "t.json").targets[0].value == 6.0
    assert load_targets(tmp_path / "t.yaml").targets[0].value == 6.0


def test_the_hash_is_of_the_bytes_read(tmp_path, monkeypatch):
    import hashlib

    from villagescore.targets import model

    monkeypatch.setenv("VILLAGESCORE_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "t.yaml"
    path.write_bytes(shipped()["decision-1058"].read_bytes().replace(b"\n", b"\r\n"))
    real = model._read

    def read_then_replace(p):  # the file replaced right after it was read (an editor saving)
        out = real(p)
        path.write_bytes(b"kind: villagescore-targets\n")
        return out

    original = path.read_bytes()
    monkeypatch.setattr(model, "_read", read_then_replace)
    loaded = load_targets(path)
    assert loaded.sha256 == hashlib.sha256(original).hexdigest()
    assert {t.id for t in loaded.targets} == {t.id for t in load_targets("decision-1058").targets}


def test_a_text_json_cannot_encode_is_read_and_not_cached(tmp_path, monkeypatch):
    """Reviewed 2026-12-07: a YAML escape of a lone surrogate made the cache raise UnicodeEncodeError (exit 3)."""
    from villagescore import cache

    monkeypatch.setenv("VILLAGESCORE_CACHE_DIR", str(tmp_path / "cache"))
    cache.remember_parsed_yaml("a: x\n", {"a": "khuyen\udcffnong"}, loader="targets")
    assert cache.parsed_yaml("a: x\n", loader="targets") is cache.MISSING


def _one_target(tmp_path, name, **target):
    """A targets file holding one share target with ``target``'s keys written over the defaults."""
    import yaml

    doc = {"kind": "villagescore-targets", "id": "x", "title": {"vi": "x", "en": "x"}, "source": {"document": "d"},
           "targets": [{"id": "ts", "label": {"vi": "a", "en": "a"}, "source": {"decision": "d", "provision": "p"},
                        "confidence": "estimate", "year": 2025, "unit": "share_of_villages", "op": ">=",
                        "value": 10, "measure_confidence": "estimate", **target}]}
    path = tmp_path / name
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("value", ["high", [1, 2], True])
def test_an_ordering_condition_with_no_number_is_refused_naming_the_target_and_the_value(tmp_path, value):
    condition = {"field": "tourism_link", "op": ">=", "value": value}
    for measure in ({"statistic": "share", "condition": condition},
                    {"statistic": "share", "condition": {"rating_at_least": "excellent"},
                     "population": {"where": [condition]}}):
        path = _one_target(tmp_path, "t.yaml", measure=measure)
        with pytest.raises(TargetsError) as exc:  # was a ValueError / TypeError while measuring (exit 3)
            load_targets(path)
        (p,) = exc.value.problems
        assert p.where.startswith("$.targets[0].measure.") and p.where.endswith(".value (target ts)")
        assert "is not a number: >= compares with a number" in p.message and "==, != or in" in p.allowed
        assert "(mục tiêu ts)" in exc.value.text("vi") and "cần một số" in exc.value.text("vi")


def test_numbers_that_are_not_finite_and_a_ratio_without_base_year_are_refused(tmp_path):
    path = _one_target(tmp_path, "t.yaml", value=float("nan"),
                       measure={"statistic": "ratio_to_base", "value": {"field": "workers_total"}})
    with pytest.raises(TargetsError) as exc:
        load_targets(path)
    said = [f"{p.where}: {p.message}" for p in exc.value.problems]
    assert said == ["$.targets[0] (target ts): 'base_year' is a required key",
                    "$.targets[0].value (target ts): .nan is not a number a target can use: write a finite number"]


def test_a_condition_value_of_the_wrong_kind_names_its_path(tmp_path):
    path = _one_target(tmp_path, "t.yaml", measure={"statistic": "share",
                                                    "condition": {"field": "tourism_link", "op": "==", "value": None}})
    with pytest.raises(TargetsError) as exc:  # was "…measure: {…} matches none of the allowed forms"
        load_targets(path)
    (p,) = exc.value.problems
    assert p.where == "$.targets[0].measure.condition.value (target ts)" and p.message.startswith("null is not")


@pytest.mark.parametrize(("keys", "en", "vi"), [
    ({}, "one of the keys indicator, field is needed: give exactly one",
     "cần một trong các khoá indicator, field: ghi đúng một khoá"),
    ({"indicator": "economy.collective_mark", "field": "collective_mark"},
     "the keys indicator, field are given together: give exactly one of them",
     "các khoá indicator, field được ghi cùng lúc: chỉ ghi đúng một trong số đó")])
def test_a_condition_needs_exactly_one_of_indicator_and_field(tmp_path, keys, en, vi):
    path = _one_target(tmp_path, "t.yaml", measure={"statistic": "share",
                                                    "condition": {**keys, "op": ">=", "value": 1}})
    with pytest.raises(TargetsError) as exc:  # was "the mapping is empty" / "… has too many properties"
        load_targets(path)
    (p,) = exc.value.problems
    assert (p.where, p.message) == ("$.targets[0].measure.condition (target ts)", en)
    assert vi in exc.value.text("vi") and "technical detail" not in exc.value.text("vi")


@pytest.mark.parametrize(("drop", "needed"), [
    (("measure",), "'measure' is a required key"),
    (("unit",), "'unit' is a required key"),
    (("measure", "statistic"), "'statistic' is a required key")])
def test_a_missing_key_is_said_alone_not_with_the_keys_it_would_have_required(tmp_path, drop, needed):
    import yaml

    path = _one_target(tmp_path, "t.yaml", measure={"statistic": "share", "condition": {
        "field": "collective_mark", "op": "==", "value": "có"}})
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    *parents, key = drop
    holder = doc["targets"][0]
    for parent in parents:
        holder = holder[parent]
    del holder[key]
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(TargetsError) as exc:  # was also "'missing'", "'base_year'" or "'value' is a required key"
        load_targets(path)
    assert [p.message for p in exc.value.problems] == [needed]


@pytest.mark.parametrize("written", ["2025-02-30", '"2025-02-30"'])
def test_an_impossible_date_in_a_targets_file_is_a_located_problem(tmp_path, written):
    """Before: unquoted, PyYAML's ValueError ended the run (exit 3); quoted, it passed."""
    path = _one_target(tmp_path, "t.yaml")
    text = path.read_text(encoding="utf-8").replace("document: d", f"date: {written}\n  document: d")
    path.write_text(text.replace("year: 2025", "year: soon"), encoding="utf-8")
    with pytest.raises(TargetsError) as exc:
        load_targets(path)
    said = [(p.where, p.message) for p in exc.value.problems]
    assert ("$.source.date", "'2025-02-30' is not a date: write a day of the calendar as YYYY-MM-DD (e.g. "
                             "2025-02-28)") in said
    assert ("$.targets[0].year (target ts)", "'soon' is not a whole number") in said  # with the file's others


@pytest.mark.parametrize(("name", "text"), [
    ("deep.yaml", "kind: villagescore-targets\ntargets: " + "[" * 20000 + "]" * 20000 + "\n"),
    ("deep.json", '{"kind": "villagescore-targets", "targets": ' + "[" * 100000 + "]" * 100000 + "}")])
def test_a_targets_file_nested_thousands_deep_is_refused_as_a_framework_file_is(tmp_path, name, text):
    """Sixteenth walk (deep-targets.yaml): a RecursionError, exit 3; now the parser's limit, said in both languages."""
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(TargetsError) as exc:
        load_targets(tmp_path / name)
    # PyYAML 6.0's composer stops sooner, with the same limit said its own way
    assert any(said in exc.value.text("en") for said in ("nested too deeply (limit: 64 levels)",
                                                          "nested more than 64 levels deep"))
    assert any(said in exc.value.text("vi") for said in ("lồng nhau quá sâu (giới hạn: 64 cấp)",
                                                          "lồng nhau sâu hơn 64 cấp"))


def test_a_python_tag_is_said_with_its_line_and_what_to_do_in_both_languages(tmp_path):
    """Sixteenth walk (t2.yaml): PyYAML's English "could not determine a constructor…", without line or advice."""
    (tmp_path / "t2.yaml").write_text("kind: villagescore-targets\nid: x\ntitle: !!python/object:os.system {}\n",
                                      encoding="utf-8")
    with pytest.raises(TargetsError) as exc:
        load_targets(tmp_path / "t2.yaml")
    assert "not valid YAML at line 3, column 8: a value starting with '!', a character YAML reserves: put the value " \
           "in quotes" in exc.value.text("en")
    assert "không phải YAML hợp lệ ở dòng 3, cột 8" in exc.value.text("vi")


def test_a_control_character_in_a_target_s_text_is_refused_at_its_path(tmp_path):
    path = _one_target(tmp_path, "t.yaml", label={"vi": "Mục tiêu \x1b[8m", "en": "Target\u202e"},
                       measure={"statistic": "share", "condition": {"rating_at_least": "excellent"}})
    with pytest.raises(TargetsError) as exc:
        load_targets(path)
    assert [p.where for p in exc.value.problems] == ["$.targets[0].label.en", "$.targets[0].label.vi"]
    assert "U+001B at character 10" in exc.value.problems[1].message
    assert "văn bản chứa U+202E ở ký tự thứ 7" in exc.value.text("vi")


def _marked_valid_by_an_earlier_build(path, kind="yaml"):
    """The "found valid" marker a build before the YAML 1.2 reader (p2) left for ``path``'s bytes."""
    import hashlib
    from importlib.metadata import version

    from villagescore import __version__, cache, schemas

    schema = hashlib.sha256(schemas.schema_text("targets").encode("utf-8")).hexdigest()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    key = hashlib.sha256("\n".join((f"targets-{kind}", schema, version("jsonschema"), __version__,
                                    digest)).encode("utf-8")).hexdigest()
    marker = cache.cache_dir() / "valid" / key
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()


@pytest.mark.parametrize("written", ["4_000", "2:30"])
def test_a_targets_file_found_valid_by_an_earlier_reader_is_checked_again(tmp_path, monkeypatch, written):
    """Review 16 r2#4: ``4_000`` found valid before YAML 1.2 was then 4000.0; ``2:30`` a ValueError (exit 3)."""
    monkeypatch.setenv("VILLAGESCORE_CACHE_DIR", str(tmp_path / "cache"))
    path = _one_target(tmp_path, "t.yaml", measure={"statistic": "share", "condition": {"rating_at_least": "good"}})
    path.write_text(path.read_text(encoding="utf-8").replace("value: 10", f"value: {written}"), encoding="utf-8")
    _marked_valid_by_an_earlier_build(path)
    with pytest.raises(TargetsError) as exc:
        load_targets(path)
    assert [p.where for p in exc.value.problems] == ["$.targets[0].value (target ts)"]


def test_a_marker_of_the_current_build_never_lets_a_text_be_read_as_a_number(tmp_path, monkeypatch):
    from villagescore import cache, schemas

    monkeypatch.setenv("VILLAGESCORE_CACHE_DIR", str(tmp_path / "cache"))
    path = _one_target(tmp_path, "t.yaml", measure={"statistic": "share", "condition": {"rating_at_least": "good"}},
                       value="2:30")
    import hashlib

    cache.remember_valid("targets-yaml", schemas.schema_text("targets"), hashlib.sha256(path.read_bytes()).hexdigest())
    with pytest.raises(TargetsError) as exc:  # was float('2:30'): a ValueError, exit 3
        load_targets(path)
    assert [p.where for p in exc.value.problems] == ["$.targets[0].value (target ts)"]
