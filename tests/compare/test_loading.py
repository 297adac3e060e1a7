"""villagescore.compare.loading and .table: results, documents (versions 1 and 2) and files give one table."""

import io
import json

import numpy as np
import pandas as pd
import pytest

from villagescore.compare import compare, load_table, table_from_dict, table_from_file, table_from_result
from villagescore.errors import VillageScoreError
from villagescore.resultdoc import write_json, write_jsonl


def _v1(result):
    """The version-1 document of a result (no schema_version; expanded villages)."""
    fw = result.framework
    return {"provenance": result.provenance,
            "framework": {"id": fw.id, "version": fw.version, "title": dict(fw.title),
                          "tiers": [{"id": t.id, "label": dict(t.label), "min_score": t.min_score} for t in fw.tiers],
                          "pillars": [{"id": p.id, "label": dict(p.label), "weight": p.weight} for p in fw.pillars]},
            "villages": [json.loads(json.dumps(result.village_dict(i))) for i in range(len(result))]}


@pytest.fixture
def files(toy_result, tmp_path):
    out = {}
    for name, writer, kw in (("r.json", write_json, {"pretty": False}), ("pretty.json", write_json, {"pretty": True}),
                             ("r.jsonl", write_jsonl, {})):
        buf = io.BytesIO()
        writer(toy_result, buf, **kw)
        (tmp_path / name).write_bytes(buf.getvalue())
        out[name] = tmp_path / name
    (tmp_path / "v1.json").write_text(json.dumps(_v1(toy_result)), encoding="utf-8")
    out["v1.json"] = tmp_path / "v1.json"
    return out


def test_every_source_gives_the_same_long_table(toy_result, files):
    fresh = table_from_result(toy_result, "x").nodes
    for name, path in files.items():
        pd.testing.assert_frame_equal(table_from_file(path, "x").nodes, fresh, check_dtype=False, obj=name)
    pd.testing.assert_frame_equal(table_from_dict(_v1(toy_result), "x").nodes, fresh, check_dtype=False)


@pytest.mark.parametrize("by", [None, "province", "sector"])
def test_every_source_gives_the_same_comparison(toy_result, files, by):
    want = compare(load_table([("x", toy_result)]), by=by, villages=["v1", "v2"], min_group=1)
    for name, path in files.items():
        got = compare(load_table([("x", table_from_file(path, "x"))]), by=by, villages=["v1", "v2"], min_group=1)
        # a version-1 file has no table of the regulation versions cited, nor the tiers' pillar minimums
        same = {**want, "runs": [{**r, "regulations": {}} for r in want["runs"]],
                "pillars": [{**p, "minimums": []} for p in want["pillars"]]} if name == "v1.json" else want
        assert got == same, name


def test_without_indicators_only_the_node_matrices_are_read(toy_result, files):
    table = table_from_file(files["r.jsonl"], "x", indicators=False)
    assert table.levels[0]["indicator"] is None
    assert table.runs[0].indicators == tuple(x.id for x in toy_result.framework.indicators)
    plain = compare(load_table([("x", table)]), by="province", min_group=1)
    assert plain == compare(load_table([("x", toy_result)]), by="province", min_group=1)


def test_a_result_computes_its_criterion_and_indicator_levels_only_when_asked(toy_result):
    table = table_from_result(toy_result)
    assert callable(table.levels[0]["indicator"]) and callable(table.levels[0]["criterion"])
    crit = [c.id for c in toy_result.framework.criteria]
    np.testing.assert_array_equal(table.scores("criterion", crit), np.round(toy_result.tree.criterion_score, 4))
    assert not callable(table.levels[0]["criterion"])
    compare(load_table([("x", table)]))
    assert callable(table.levels[0]["indicator"])
    scores = table.scores("indicator", ["toy.c"], obs=[2, 0])
    assert not callable(table.levels[0]["indicator"])
    assert scores.shape == (2, 1) and scores[1, 0] == 100.0


def test_a_result_table_without_indicators_holds_no_reference_to_the_result(toy_registry, toy_framework, toy_dataset):
    import gc
    import weakref

    from villagescore.engine import Engine

    result = Engine(toy_registry).evaluate(toy_framework, toy_dataset)
    expected = compare(load_table([("x", result)]), by="province", min_group=1)
    table = table_from_result(result, "x", indicators=False)
    gone = weakref.ref(result)
    del result
    gc.collect()
    assert gone() is None  # the dataset and the indicator matrix are freed with it
    assert table.levels[0]["indicator"] is None
    assert compare(load_table([("x", table)]), by="province", min_group=1) == expected
    with pytest.raises(VillageScoreError, match="indicator level was not loaded"):
        table.scores("indicator", ["toy.c"])


def test_scores_stack_runs_on_the_ids_asked_for(toy_result):
    table = load_table([("a", toy_result), ("b", toy_result)])
    both = table.scores("pillar", ["soc", "nowhere", "env"])
    assert both.shape == (6, 3) and np.isnan(both[:, 1]).all()
    np.testing.assert_array_equal(both[:3], both[3:])
    np.testing.assert_array_equal(table.scores("pillar", ["env"], obs=[4, 1]), both[[4, 1]][:, [2]])


@pytest.mark.parametrize(("old", "new", "said"), [('"status":"s', '"status":"x', 'line 3: pillars.status = "x'),
                                                  ('"status":"s', '"status":"', "line 3: pillars.status = ")])
def test_a_record_with_a_broken_status_string_is_refused_with_its_file(toy_result, files, tmp_path, old, new, said):
    from villagescore.compare.loading import ResultFileError

    lines = files["r.jsonl"].read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in lines[2]
    broken = tmp_path / "broken.jsonl"
    broken.write_text("".join([*lines[:2], lines[2].replace(old, new, 1), *lines[3:]]), encoding="utf-8")
    with pytest.raises(ResultFileError, match="broken.jsonl: ") as caught:
        table_from_file(broken, "broken.jsonl")
    assert said in str(caught.value)


def test_a_result_file_with_crlf_line_ends_and_a_bom_reads_the_same(toy_result, files, tmp_path):
    text = files["r.jsonl"].read_text(encoding="utf-8")
    windows = tmp_path / "windows.jsonl"
    windows.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    for indicators in (True, False):
        got = table_from_file(windows, "x", indicators=indicators)
        want = table_from_file(files["r.jsonl"], "x", indicators=indicators)
        pd.testing.assert_frame_equal(got.villages, want.villages)


def test_records_packed_into_arrays_a_few_at_a_time_give_the_same_table(toy_result, files, monkeypatch):
    from villagescore.compare import loading

    whole = {name: table_from_file(path, "x") for name, path in files.items()}
    monkeypatch.setattr(loading, "_RECORDS_PER_BLOCK", 2)  # several blocks and a short last one
    assert len(toy_result) > 2
    for name, path in files.items():
        pd.testing.assert_frame_equal(table_from_file(path, "x").nodes, whole[name].nodes, obj=name)


def test_the_national_sample_compares_the_same_from_its_data_and_its_saved_result(tmp_path):
    # 26.49385000…2 rounds to 26.4939 in the result document: the table from the data must round
    # the same way (numpy's round gave 26.4938); the national sample holds such halves
    import villagescore as vs
    from tests.conftest import REPO

    result = vs.evaluate(REPO / "datasets" / "synthetic" / "national-sample-synthetic.csv")
    path = tmp_path / "r.jsonl"
    with path.open("wb") as out:
        write_jsonl(result, out)
    fresh, saved = table_from_result(result, "x"), table_from_file(path, "x")
    pd.testing.assert_frame_equal(saved.nodes, fresh.nodes, check_dtype=False)
    pd.testing.assert_frame_equal(saved.villages, fresh.villages, check_dtype=False)
    assert compare(load_table([("x", saved)]), by="province") == compare(load_table([("x", result)]), by="province")
    # the CSV summary says what the result document says
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()[1:-1]]
    summary = result.summary_frame()
    pillars = [p.id for p in result.framework.pillars]
    for k, pid in enumerate(pillars):
        saved_scores = np.array([r["pillars"]["score"][k] for r in records], dtype=float)  # None: NaN
        np.testing.assert_array_equal(summary[f"{pid}_score"].to_numpy(), saved_scores)
    np.testing.assert_array_equal(summary["overall_score"].to_numpy(),
                                  np.array([r["overall"]["score"] for r in records], dtype=float))


@pytest.fixture
def vietnamese():
    from villagescore.i18n import use_language

    previous = use_language("vi")  # the machine's language, as in a notebook on a Vietnamese desktop
    yield
    use_language(previous)


def test_a_file_that_cannot_be_read_is_refused_in_english_and_said_in_vietnamese(tmp_path, vietnamese):
    with pytest.raises(VillageScoreError) as exc:
        table_from_file(tmp_path / "nope.json")
    assert str(exc.value) == f"cannot read {tmp_path / 'nope.json'}: no such file"
    assert exc.value.text("en") == str(exc.value)
    assert exc.value.text("vi") == f"không đọc được {tmp_path / 'nope.json'}: không có tệp này"


def test_a_file_that_is_not_json_is_refused_in_english_and_said_in_vietnamese(tmp_path, vietnamese):
    (tmp_path / "bad.json").write_text("{oops", encoding="utf-8")
    with pytest.raises(VillageScoreError) as exc:
        table_from_file(tmp_path / "bad.json")
    assert str(exc.value).startswith(f"{tmp_path / 'bad.json'}: not valid JSON (line 1, column 2; technical detail: ")
    assert exc.value.text("vi").startswith(f"{tmp_path / 'bad.json'}: không phải JSON hợp lệ (dòng 1, cột 2; "
                                           "chi tiết kỹ thuật: Expecting property name")  # the parser's words, labelled


def _reference_text(series):
    """The former way: the column as objects, its gaps found on the column."""
    out = series.astype(object).to_numpy(copy=True)
    out[pd.isna(series).to_numpy()] = None
    return out


@pytest.mark.parametrize("series", [
    pd.Series(["a", None, np.nan, "b"], dtype=object), pd.Series(["a", None, "b"]), pd.Series([1.5, np.nan]),
    pd.Series([1, None], dtype="Int64"), pd.Series(pd.to_datetime(["2024-01-01", None])), pd.Series([], dtype=object),
    pd.Series(["x", pd.NA], dtype="string"), pd.Series([True, None], dtype="boolean"),
    pd.Series(["a", None], dtype="category"), pd.Series([1, 2], index=[5, 3])])
def test_text_columns_are_the_values_as_objects_with_none_for_gaps(series):
    from villagescore.compare.loading import _text

    got, expected = _text(series), _reference_text(series)
    assert got.dtype == expected.dtype == object
    assert [(type(x), x) for x in got.tolist()] == [(type(x), x) for x in expected.tolist()]
    assert not np.shares_memory(got, series.to_numpy())  # a copy: the result's frame is never written to


def _with_pillar_minimum(tmp_path, toy_registry):
    """The toy result under a variant whose tier high also needs the soc pillar at 55."""
    import yaml

    from tests.conftest import SUPPORT
    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine
    from villagescore.framework import load_framework

    (tmp_path / "toy-framework.yaml").write_bytes((SUPPORT / "toy-framework.yaml").read_bytes())
    variant = tmp_path / "variant.yaml"
    variant.write_text(yaml.safe_dump({"id": "toy-variant", "version": "1.0", "title": {"vi": "Biến thể", "en": "V"},
                                       "extends": {"framework": "toy-framework.yaml"},
                                       "change": {"tiers": {"high": {"min_pillar_scores": {"soc": 55}}}}}),
                       encoding="utf-8")
    fw = load_framework(variant, toy_registry)
    return Engine(toy_registry).evaluate(fw, read_dataset(SUPPORT / "toy.csv", toy_registry))


@pytest.mark.parametrize("writer", [write_json, write_jsonl])
def test_a_result_file_records_the_tiers_pillar_minimums_so_compare_needs_no_framework(tmp_path, toy_registry,
                                                                                       writer):
    """Audit 17 #1: a result file recorded min_pillar_score but not a tier's per-pillar minimums."""
    result = _with_pillar_minimum(tmp_path, toy_registry)
    path = tmp_path / "r.json"
    with path.open("wb") as out:
        writer(result, out)
    want = compare(load_table([("x", result)]))
    got = compare(load_table([("x", table_from_file(path, "x"))]))
    assert {p["id"]: p["minimums"] for p in got["pillars"]} == {"env": [50.0], "soc": [50.0, 55.0]}
    assert got["pillars"] == want["pillars"]


def test_a_result_file_written_before_the_per_pillar_minimums_has_only_its_min_pillar_score(tmp_path, toy_registry):
    result = _with_pillar_minimum(tmp_path, toy_registry)
    buf = io.BytesIO()
    write_json(result, buf)
    doc = json.loads(buf.getvalue())
    for tier in doc["framework"]["tiers"]:
        del tier["min_pillar_scores"]
    got = compare(load_table([("x", table_from_dict(doc, "x"))]))
    assert {p["id"]: p["minimums"] for p in got["pillars"]} == {"env": [50.0], "soc": [50.0]}
