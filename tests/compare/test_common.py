"""villagescore.compare.common's shortcuts give what the sorts and groupings they skip give."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from villagescore.compare.common import _clean, sorted_keys

IDS = ["syn-000001", "syn-000002", "Bát Tràng", "bat trang", "Đông Hồ", "a", ""]


def _keys(data, n):
    kinds = {
        "text": st.lists(st.sampled_from(IDS), min_size=n, max_size=n),
        "int": st.lists(st.integers(2020, 2023), min_size=n, max_size=n),
        "odd": st.lists(st.one_of(st.sampled_from(IDS), st.none(), st.just(math.nan), st.integers(0, 2)),
                        min_size=n, max_size=n),
        "float": st.lists(st.sampled_from([0.5, 1.0, math.nan, -0.0, 0.0]), min_size=n, max_size=n),
    }
    chosen = data.draw(st.lists(st.sampled_from(sorted(kinds)), min_size=1, max_size=3))
    return {f"k{j}": np.array(data.draw(kinds[kind]), dtype=object if kind in ("text", "odd") else None)
            for j, kind in enumerate(chosen)}


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.data())
def test_keys_said_sorted_are_those_a_stable_sort_keeps_in_place(data):
    n = data.draw(st.integers(0, 8))
    keys = _keys(data, n)
    frame = pd.DataFrame(keys)
    try:
        frame = frame.sort_values(list(keys), kind="stable").reset_index(drop=True) if data.draw(st.booleans()) \
            else frame
    except TypeError:  # texts and numbers: pandas cannot sort them either
        pass
    same = sorted_keys([frame[k].to_numpy() for k in keys])
    if same is None:
        return
    assert frame.sort_values(list(keys), kind="stable").index.tolist() == list(range(n))
    for k, eq in zip(keys, same, strict=True):
        values = frame[k].tolist()
        assert eq.tolist() == [a == b for a, b in zip(values, values[1:], strict=False)]


def test_sorted_texts_and_years_are_recognised_and_unsorted_ones_are_not():
    ids = np.array(["a", "a", "b", "c"], dtype=object)
    assert sorted_keys([ids, np.array([2020, 2021, 2020, 2020])]) is not None
    assert sorted_keys([ids, np.array([2021, 2020, 2020, 2020])]) is None
    assert sorted_keys([np.array(["b", "a"], dtype=object)]) is None
    assert sorted_keys([np.array(["a", None], dtype=object)]) is None
    assert sorted_keys([np.array([1.0, math.nan])]) is None


def test_texts_are_cleaned_as_before_whether_any_is_missing_or_not():
    for values in (["Hà Nội", "a"], ["Hà Nội", None, math.nan, pd.NA], [], [1, "x"], ["x", np.str_("y")]):
        arr = np.asarray(values, dtype=object)
        expected = arr.copy()
        expected[pd.isna(arr)] = None
        assert _clean(values) == expected.tolist()
        assert _clean(pd.Series(values, dtype=object)) == expected.tolist()


def test_sorted_ids_are_unique_exactly_when_no_neighbours_are_equal():
    for ids in (["a", "b", "c"], ["a", "a", "b"], [], ["Đ"], ["b", "a", "b"]):
        column = pd.Series(ids, dtype=object)
        same = sorted_keys([column.to_numpy()])
        if same is not None:
            assert (not same[0].any()) == column.is_unique


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(st.lists(st.one_of(st.none(), st.floats(-1e15, 1e15), st.sampled_from([math.nan, math.inf, -0.0, 0.00005]),
                          st.integers(-10**6, 10**6)), max_size=12))
def test_lazy_columns_list_what_the_whole_column_conversion_gave(values):
    from villagescore.compare.common import column_of
    from villagescore.numbers import round_like_python

    series = pd.Series([math.nan if v is None else float(v) for v in values], dtype=float)
    arr = round_like_python(series, 4)  # the conversion before the column kept its floats
    floats = arr.astype(object)
    floats[np.isnan(arr)] = None
    assert column_of(series, "float").tolist() == floats.tolist() == _clean(series, "float")
    finite = series.where(np.isfinite(series))
    mask = np.isnan(finite.to_numpy())
    ints = np.where(mask, 0, finite.to_numpy()).astype(np.int64).astype(object)
    ints[mask] = None
    assert column_of(finite, "int").tolist() == ints.tolist() == _clean(finite, "int")
    small = finite.where(finite.abs() < 2.0**53)
    if not small.mod(1).fillna(0).any():  # whole numbers (ranks, years) as pandas holds them
        assert column_of(small.astype("Int64"), "int").tolist() == _clean(small, "int")


def test_a_lazy_column_takes_its_rows_when_read_and_composes_takes():
    from villagescore.compare.common import LazyColumn, column_of

    texts = column_of(np.array(["a", None, "c", math.nan, "e"], dtype=object))
    order = texts.take(np.array([4, 3, 2, 1, 0]))
    assert len(order) == 5 and len(order.take(slice(1, 3))) == 2
    assert order.tolist() == ["e", None, "c", None, "a"]
    assert order.take(slice(1, 3)).tolist() == [None, "c"] and order.take(np.array([0, 0])).tolist() == ["e", "e"]
    sectors = LazyColumn(np.array(["a;b", None, ""], dtype=object), "sectors").take(np.array([2, 1, 0]))
    assert sectors.tolist() == ["", "", "a;b"]
    assert LazyColumn(np.array(["x", "y"], dtype=object), "sectors").tolist() == ["x", "y"]
    years = column_of(pd.Series([2024, None, 2025], dtype="Int64"), "int").take(slice(None, None, -1))
    assert years.tolist() == [2025, None, 2024] and np.isnan(years.values[1])
    backwards = column_of(np.array(["a", "b", "c", "d"], dtype=object)).take(slice(None, None, -1))
    assert backwards.take(slice(1, 3)).tolist() == ["c", "b"] and backwards.take(np.array([0])).tolist() == ["d"]
    assert len(backwards.take(slice(1, 3))) == 2


def test_plugins_differ_warnings_come_in_the_order_of_each_framework_s_first_run():
    """Reviewed 2026-12-07: a framework whose first run recorded no plugins was said after the others."""
    from villagescore.compare.common import PluginsUsed, plugins_differ_warnings

    fw1, fw2 = ("a", "1", "s1"), ("b", "1", "s2")

    def run(framework, label, *plugins):
        return PluginsUsed(framework, label, tuple(plugins), {"run": label})

    used = [run(fw1, "A"), run(fw2, "B", "x==1"), run(fw2, "C", "x==2"), run(fw1, "D", "y==1"), run(fw1, "E", "y==2")]
    said = plugins_differ_warnings(used, lambda parts: True, "en")
    # A: not recorded, not judged, but named in its framework's warning ("plugins and catalogue files not recorded")
    assert [[p["run"] for p in w["plugins"]] for w in said] == [["A", "D", "E"], ["B", "C"]]
    assert "A: plugins and catalogue files not recorded; D: y==1; E: y==2" in said[0]["message"]


@pytest.mark.parametrize("values", [["Huế", "Hà Nội", "Huế", "Cần Thơ"], ["a", None, "b", float("nan"), "a"], [],
                                    ["x"] * 5, ["x"] * 70 + ["y"], ["x"] * 70 + [None], ["x", 1],
                                    [3, 1, 3], ["b", "a\0b", "a\0c", "a", "b"], [1.5, "a", 1.5],
                                    [f"v{k % 7}" for k in range(200)], ["x", pd.NA, "x"], ["x"] * 70 + [pd.NA],
                                    [pd.NA, "x"]])
@pytest.mark.parametrize("sort", [False, True])
def test_texts_factorised_as_objects_are_factorised_as_pandas_does(values, sort):
    """Against pandas' factorising of Python objects (with a gap): pandas 2 ends a text at a NUL without one."""
    from villagescore.compare.common import factorize_texts

    values = np.array(values, dtype=object)
    try:
        expected = pd.factorize(np.append(values, float("nan")), sort=sort)
        expected = (expected[0][:-1], expected[1])
    except TypeError:  # texts and numbers cannot be sorted together: neither way
        with pytest.raises(TypeError):
            factorize_texts(values, sort=sort)
        return
    codes, uniques = factorize_texts(values, sort=sort)
    assert codes.tolist() == expected[0].tolist() and codes.dtype == expected[0].dtype
    assert list(uniques) == list(expected[1]) and type(uniques) is type(expected[1])


def test_texts_holding_a_nul_are_kept_apart_on_every_pandas():
    """Reviewed 2026-12-07: pandas 2's factorising of texts ends each at a NUL ("a\\0b" and "a\\0c" were one)."""
    from villagescore.compare.common import factorize_texts

    codes, uniques = factorize_texts(np.array(["b", "a\0b", "a\0c", "a", "b"], dtype=object))
    assert codes.tolist() == [0, 1, 2, 3, 0] and list(uniques) == ["b", "a\0b", "a\0c", "a"]


BASE = """id: lin-base
version: "1.0.0"
title: {vi: "Bộ gốc", en: "Base"}
status: example
defaults: {aggregator: weighted_arithmetic, missing_data: {policy: exclude, min_coverage: 0.5}}
pillars:
  - id: society
    label: {vi: Xã hội, en: Society}
    weight: 1
    criteria:
      - id: training
        label: {vi: Đào tạo, en: Training}
        weight: 1
        indicators: [{id: society.workers_trained, weight: 1}]
rating:
  tiers:
    - {id: good, label: {vi: Tốt, en: Good}, min_score: MIN}
    - {id: poor, label: {vi: Yếu, en: Poor}, min_score: 0}
"""
OVERLAY = """id: lin-overlay
version: "1.0.0"
title: {vi: "Lớp điều chỉnh", en: "Overlay"}
status: example
extends: {framework: base.yaml}
"""


@pytest.fixture(scope="module")
def overlay_runs(tmp_path_factory):
    """One overlay file scored twice, its base's ``good`` minimum 60 then 90: r1.json, r2.json, and a store of both."""
    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine
    from villagescore.framework import load_framework
    from villagescore.registry import Registry
    from villagescore.store import Store

    folder = tmp_path_factory.mktemp("overlay")
    registry = Registry.default()
    (folder / "overlay.yaml").write_text(OVERLAY, encoding="utf-8")
    (folder / "d.csv").write_text("village_id,name,commune,province,year,sectors,workers_trained_pct\n"
                                  "v-a,Làng A,Xã A,Hà Nội,2024,weaving,80\n", encoding="utf-8")
    dataset = read_dataset(folder / "d.csv", registry)
    files = []
    with Store(folder / "s.db", create=True) as store:
        for k, least in enumerate(("60", "90"), start=1):
            (folder / "base.yaml").write_text(BASE.replace("MIN", least), encoding="utf-8")
            result = Engine(registry).evaluate(load_framework(str(folder / "overlay.yaml"), registry), dataset)
            files.append(folder / f"r{k}.json")
            files[-1].write_bytes(result.to_json())
            store.add(result)
    return files, folder / "s.db"


def test_an_overlay_over_a_changed_base_is_another_framework(overlay_runs):
    """Audit 17 #1: same overlay file, base changed: ``framework_differs`` names each base; not one framework."""
    from villagescore.compare import compare, load_table

    files, _ = overlay_runs
    table = load_table([(f.name, f) for f in files])
    assert len({r.signature for r in table.runs}) == 2
    c = compare(table, lang="en")
    [differs] = [w for w in c["warnings"] if w["code"] == "framework_differs"]
    bases = [f["bases"][0]["sha256"] for f in differs["frameworks"]]
    assert len(set(bases)) == 2 and all(f"lin-base 1.0.0 (sha256 {b[:12]})" in differs["message"] for b in bases)
    assert "60 (lin-overlay 1.0.0 " in next(w for w in c["warnings"] if w["code"] == "tiers_differ")["message"]
    assert len(c["rankings"]["periods"]) == 2  # each framework ranked apart


def test_the_store_keeps_an_overlay_over_each_base_apart(overlay_runs):
    from villagescore.compare import compare, load_table
    from villagescore.store import Store
    from villagescore.store.compare_source import tables_from_store
    from villagescore.store.framework_choice import stored_frameworks

    _, path = overlay_runs
    with Store(path) as store:
        assert [len(f.bases) for f in stored_frameworks(store.con)] == [1, 1]
        c = compare(load_table(tables_from_store(store.con, lang="vi")), lang="vi")
    assert [w["code"] for w in c["warnings"]][:1] == ["framework_differs"]
    assert "mở rộng từ lin-base 1.0.0" in c["warnings"][0]["message"]


def test_a_framework_without_bases_is_named_as_before():
    from villagescore.compare.common import framework_tag, framework_text

    assert framework_text({"id": "a", "version": "1", "sha256": "0123456789abcdef"}) == "a 1 (sha256 0123456789ab)"
    assert framework_tag({"id": "a", "version": "1", "sha256": "0123456789abcdef"}) == "01234567"
