"""villagescore.plugin_output: what a compute, a scorer or an aggregator returned, checked before it is used."""

from __future__ import annotations

import dataclasses
import re
import warnings
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from villagescore.engine import Engine
from villagescore.errors import PluginError
from villagescore.objects import Aggregator
from villagescore.plugin_output import aggregated, checked_scores, computed_column, numeric_column
from villagescore.plugins import PluginLoadWarning

#: The warnings these tests read are said in English, the language of their run.
pytestmark = pytest.mark.usefixtures("english_run")

IND = SimpleNamespace(id="toy.share", plugin="toy", direction="higher")


def _frame(n=4, index=None):
    return pd.DataFrame({"x": np.arange(10.0, 10.0 * (n + 1), 10.0)}, index=index)


def _said(exc_info, lang):
    return exc_info.value.text(lang)


# ---- compute: a Series is matched by its index, an array by position ----


@pytest.mark.parametrize("compute", [
    lambda f: f["x"].sort_values(ascending=False) * 1.0,
    lambda f: pd.concat([f["x"][f["x"] > 20], f["x"][f["x"] <= 20]]),
    lambda f: f["x"].iloc[::-1],
], ids=["sorted", "concat", "reversed"])
@pytest.mark.parametrize("index", [None, [7, 3, 9, 1]], ids=["range", "labels"])
def test_a_series_in_another_order_is_put_back_in_the_frame_s_order(compute, index):
    frame = _frame(index=index)
    # before: the sorted values were attached to the villages by position (the first village got 40)
    np.testing.assert_array_equal(computed_column(IND, compute(frame), frame), [10.0, 20.0, 30.0, 40.0])


def test_a_series_with_the_frame_s_index_is_read_without_a_copy():
    frame = _frame()
    series = frame["x"]
    assert np.shares_memory(computed_column(IND, series, frame), series.to_numpy())


def test_an_array_or_a_list_is_taken_by_position():
    frame = _frame(index=[7, 3, 9, 1])
    np.testing.assert_array_equal(computed_column(IND, np.array([4.0, 3, 2, 1]), frame), [4, 3, 2, 1])
    np.testing.assert_array_equal(computed_column(IND, [4.0, 3, 2, 1], frame), [4, 3, 2, 1])


@pytest.mark.parametrize(("returned", "en", "vi"), [
    (lambda f: f["x"].reset_index(drop=True), "a Series of 4 values for 4 villages whose index lacks 4 of the "
                                              "frame's labels (such as 7)", "chỉ mục thiếu 4 nhãn của bảng dữ liệu"),
    (lambda f: f["x"].iloc[:1], "a Series of 1 values for 4 villages whose index lacks 3 of the frame's labels "
                                "(such as 5)",
     "thiếu 3 nhãn"),
    (lambda f: pd.concat([f["x"], pd.Series([5.0], index=[99])]),
     "a Series of 5 values for 4 villages whose index has 1 labels that are not the frame's (such as 99)",
     "có 1 nhãn không thuộc"),
    (lambda f: pd.concat([f["x"], f["x"].iloc[:2]]), "a Series whose index repeats labels (such as 7, 2 repeats)",
     "lặp lại nhãn"),
], ids=["other-labels", "missing", "extra", "repeated"])
def test_a_series_whose_labels_are_not_the_frame_s_is_an_error(returned, en, vi):
    frame = _frame(index=[7, 5, 9, 8])
    with pytest.raises(PluginError) as caught:
        computed_column(IND, returned(frame), frame)
    assert str(caught.value).startswith(f"indicator 'toy.share' of plugin 'toy' returned {en}; its compute must "
                                        "return one value per village")
    assert vi in _said(caught, "vi") and "chỉ số 'toy.share' của plugin 'toy'" in _said(caught, "vi")


@pytest.mark.parametrize(("returned", "en", "vi"), [
    (None, "returned None (a missing 'return'?)", "trả về None (thiếu lệnh 'return'?)"),
    (pd.DataFrame({"a": [1.0] * 4, "b": [2.0] * 4}), "returned a table of shape (4, 2) (2 columns)",
     "một bảng kích thước (4, 2) (2 cột)"),
    (np.ones((4, 2)), "returned a table of shape (4, 2) (2 columns)", "(2 cột)"),
    (np.ones(3), "returned 3 values for 4 villages (shape (3,))", "3 giá trị cho 4 làng"),
    (5.0, "returned 1 values for 4 villages (shape ())", "1 giá trị cho 4 làng"),
], ids=["none", "dataframe", "2d-array", "short-array", "scalar"])
def test_a_compute_returning_no_column_says_what_it_returned(returned, en, vi):
    # before: None said "returned 0 values for 4 villages", a two-column table "returned 4 values for 4 villages"
    frame = _frame()
    with pytest.raises(PluginError) as caught:
        computed_column(IND, returned, frame)
    assert en in str(caught.value) and "one value per village" in str(caught.value)
    assert vi in _said(caught, "vi")


@pytest.mark.parametrize(("returned", "sample", "vi"), [
    (lambda f: f["x"] > 15, "booleans such as False", "giá trị đúng/sai"),
    (lambda f: (f["x"] > 15).to_numpy(), "booleans such as False", "giá trị đúng/sai"),
    (lambda f: (f["x"] > 15).astype("boolean"), "booleans such as False", "giá trị đúng/sai"),
    (lambda f: np.array([1.0, None, True, 2.0], dtype=object), "booleans such as True", "giá trị đúng/sai"),
    (lambda f: f["x"] + 30j, "complex numbers such as (10+30j)", "số phức"),
], ids=["bool-series", "bool-array", "nullable-boolean", "object-with-a-bool", "complex"])
def test_a_compute_returning_booleans_or_complex_numbers_for_a_numeric_indicator_is_an_error(returned, sample, vi):
    """Seventeenth walk: a compute returning f[col] > 50 was scored silently as 1 and 0 (1 of 100)."""
    frame = _frame()
    with pytest.raises(PluginError) as caught:
        computed_column(IND, returned(frame), frame)
    assert str(caught.value).startswith(f"indicator 'toy.share' of plugin 'toy' returned {sample} for a 'higher' "
                                        "indicator; it must return real numbers")
    assert vi in _said(caught, "vi") and "chỉ số 'toy.share' của plugin 'toy'" in _said(caught, "vi")


def test_a_boolean_indicator_may_return_booleans():
    frame = _frame()
    boolean = SimpleNamespace(id="toy.flag", plugin="toy", direction="boolean")
    assert computed_column(boolean, frame["x"] > 15, frame).tolist() == [False, True, True, True]


def test_a_compute_s_float32_is_the_number_it_prints_as():
    """Seventeenth walk: a compute returning float32 76.7 was shown as 76.69999694824219."""
    frame = _frame()
    returned = pd.Series([76.7, 52.8, np.nan, 1e-5], dtype="float32")
    assert numeric_column(IND, computed_column(IND, returned, frame)).tolist()[:2] == [76.7, 52.8]
    assert numeric_column(IND, np.array([52.8], dtype=np.float16)).tolist() == [52.8]


def test_the_engine_scores_a_sorted_compute_on_the_right_villages(toy_registry, toy_framework, toy_dataset):
    node = toy_framework.indicators[4]  # toy.share
    original = node.indicator
    nominal = Engine(toy_registry).evaluate(toy_framework, toy_dataset)
    object.__setattr__(node, "indicator", dataclasses.replace(
        original, compute=lambda frame: original.compute(frame).sort_values(ascending=False)))
    try:
        result = Engine(toy_registry).evaluate(toy_framework, toy_dataset)
        with pytest.raises(PluginError, match="toy.share.*returned a Series of 1 values for 3 villages"):
            object.__setattr__(node, "indicator", dataclasses.replace(
                original, compute=lambda frame: original.compute(frame).iloc[:1]))
            Engine(toy_registry).evaluate(toy_framework, toy_dataset)
    finally:
        object.__setattr__(node, "indicator", original)
    np.testing.assert_array_equal(result.matrix.values[4], nominal.matrix.values[4])
    np.testing.assert_array_equal(result.tree.overall_score, nominal.tree.overall_score)


# ---- aggregators: one number per village ----


RULE = Aggregator("widest", lambda s, w: s, plugin="rules")


@pytest.mark.parametrize(("returned", "en", "vi"), [
    (np.ones((3, 2)), "aggregator 'widest' (plugin 'rules') returned shape (3, 2) for 3 villages on node 'soc'; "
                      "expected (3,)", "quy tắc tổng hợp 'widest' (plugin 'rules') trả về mảng kích thước (3, 2)"),
    (50.0, "returned shape () for 3 villages on node 'soc'", "ở nút 'soc' của cây tiêu chí; cần (3,)"),
    (np.array(["x"] * 3), "aggregator 'widest' (plugin 'rules') returned 'x' on node 'soc'; it must return one "
                          "number per village", "trả về 'x' ở nút 'soc'"),
    (np.array([1.0, "high", None], dtype=object), "returned 'high' on node 'soc'", "phải trả về một số cho mỗi làng"),
], ids=["matrix", "scalar", "text", "mixed"])
def test_an_aggregator_returning_the_wrong_thing_is_named(returned, en, vi):
    with pytest.raises(PluginError) as caught:
        aggregated(RULE, returned, 3, "soc")
    assert en in str(caught.value)
    assert vi in _said(caught, "vi")


def test_an_aggregator_s_numbers_are_floats():
    np.testing.assert_array_equal(aggregated(RULE, [1, 2, 3], 3, "soc"), [1.0, 2.0, 3.0])
    out = aggregated(RULE, np.array([1.0, None, 3], dtype=object), 3, "soc")
    assert out.dtype == float and np.isnan(out[1])


def _with_pillar_rule(framework, k, rule):
    pillars = list(framework.pillars)
    pillars[k] = dataclasses.replace(pillars[k], aggregator=rule)
    return dataclasses.replace(framework, pillars=tuple(pillars))


@pytest.mark.parametrize(("function", "said"), [
    (lambda s, w: s, "returned shape (3, 2) for 3 villages on node 'soc'; expected (3,)"),
    (lambda s, w: np.array(["x"] * s.shape[0]), "returned 'x' on node 'soc'"),
], ids=["matrix", "text"])
def test_the_engine_and_the_batch_name_an_aggregator_s_wrong_output(toy_registry, toy_framework, toy_dataset,
                                                                    function, said):
    from villagescore.kernel.batch import Plan, aggregate_batch

    # before: numpy's "could not broadcast input array from shape (3,2) into shape (3,)" (exit 3)
    rule = Aggregator("widest", function, plugin="rules")
    framework = _with_pillar_rule(toy_framework, 1, rule)
    with pytest.raises(PluginError, match=re.escape(f"aggregator 'widest' (plugin 'rules') {said}")):
        Engine(toy_registry).evaluate(framework, toy_dataset)
    matrix = Engine(toy_registry).evaluate(toy_framework, toy_dataset).matrix
    plan = Plan.build(framework, matrix)
    weights = (plan.ind_w[None], plan.crit_w[None], plan.pill_w[None])
    with pytest.raises(PluginError, match=r"aggregator 'widest' \(plugin 'rules'\) .*on node 'soc'"):
        aggregate_batch(plan, *weights, method="nodes")


# ---- scorers: NaN for a present value ----


def _with_scorer(framework, j, **changes):
    node = framework.indicators[j]
    object.__setattr__(node, "scorer", dataclasses.replace(node.scorer, **changes))
    return node


@pytest.fixture
def nan_scorer(toy_framework):
    """toy.a (present for v1 and v2, missing for v3) scored by a plugin's scorer that gives v1 NaN."""
    node = toy_framework.indicators[0]
    original = node.scorer

    def scorer(values, params):
        out = np.clip(values, 0, 100)
        out[0] = np.nan
        return out

    _with_scorer(toy_framework, 0, name="halfway", plugin="toy", function=scorer, nan_preserving=False)
    yield node
    object.__setattr__(node, "scorer", original)


def test_a_scorer_giving_a_present_value_nan_is_said_once(toy_registry, toy_framework, toy_dataset, nan_scorer):
    # before: v1 silently lost toy.a as if its value were missing
    with pytest.warns(PluginLoadWarning) as record:
        result = Engine(toy_registry).evaluate(toy_framework, toy_dataset)
    said = [w.message for w in record if isinstance(w.message, PluginLoadWarning)]
    assert len(said) == 1
    assert str(said[0]).startswith("scorer 'halfway' (plugin 'toy') returned NaN for 1 villages whose value of "
                                   "indicator 'toy.a' is present")
    assert "--strict-plugins makes this an error" in str(said[0])
    assert said[0].text("vi").startswith("phương pháp chấm điểm 'halfway' (plugin 'toy') trả về NaN cho 1 làng "
                                         "có giá trị của chỉ số 'toy.a'")
    assert not result.matrix.present[0, 0]  # still scored as missing, as before


def test_a_strict_registry_makes_a_nan_score_an_error(toy_registry, toy_framework, toy_dataset, nan_scorer):
    strict = dataclasses.replace(toy_registry, strict=True)
    with pytest.raises(PluginError, match="scorer 'halfway' .* NaN for 1 villages .*VILLAGESCORE_DISABLE_PLUGINS=toy"):
        Engine(strict).evaluate(toy_framework, toy_dataset)


def test_a_nan_for_a_missing_value_or_from_a_nan_preserving_scorer_is_not_said(toy_registry, toy_framework,
                                                                             toy_dataset, nan_scorer):
    _with_scorer(toy_framework, 0, function=lambda values, params: np.clip(values, 0, 100))  # v3 is missing: NaN
    with warnings.catch_warnings():
        warnings.simplefilter("error", PluginLoadWarning)
        Engine(toy_registry).evaluate(toy_framework, toy_dataset)
        _with_scorer(toy_framework, 0, function=lambda values, params: np.full(values.shape, np.nan),
                     nan_preserving=True)  # its contract says only that NaN stays NaN: not checked
        Engine(toy_registry).evaluate(toy_framework, toy_dataset)


# ---- scorers: text for scores ----


SCORER = SimpleNamespace(name="exp_decay", plugin="incense")


@pytest.mark.parametrize(("returned", "sample"), [
    (np.array(["x"] * 3), "'x'"),
    (np.array([10.0, "high", None], dtype=object), "'high'"),
    ([10.0, {"a": 1}, 3.0], "{'a': 1}"),
    ([None, "x", 3.0], "'x'"),  # None is a missing score, not the culprit
    # review 7 #2: "60" was scored 60 and ``v > 50`` scored 1.0 of 100, silently
    (np.array(["60", "70", "80"]), "'60'"),
    (np.array([b"60", b"70", b"80"]), "b'60'"),
    (np.array([True, False, True]), "True"),
    (pd.Series([40.0, 60.0, 70.0]) > 50, "False"),
    (pd.Series(["60", "70", "80"], dtype="string"), "'60'"),
    (np.array([1.0, "7", 3.0], dtype=object), "'7'"),
    (np.array([1.0, True, 3.0], dtype=object), "True"),
], ids=["text", "mixed", "mapping", "none-then-text", "digits", "bytes", "bool", "bool-series", "string-series",
        "object-digits", "object-bool"])
def test_a_scorer_returning_text_is_named(returned, sample):
    # before: numpy's "could not convert string to float", "internal error: this is a bug" (exit 3)
    with pytest.raises(PluginError) as caught:
        checked_scores(SCORER, returned, 3, "incense.smoke")
    assert str(caught.value).startswith(f"scorer 'exp_decay' (plugin 'incense') returned {sample} on indicator "
                                        "'incense.smoke'; it must return one number from 0 to 100 per village")
    assert _said(caught, "vi").startswith(f"phương pháp chấm điểm 'exp_decay' (plugin 'incense') trả về {sample}")


def test_the_engine_names_a_scorer_returning_text(toy_registry, toy_framework, toy_dataset):
    node = toy_framework.indicators[0]
    original = node.scorer
    _with_scorer(toy_framework, 0, name="wordy", plugin="toy", function=lambda v, p: np.array(["x"] * len(v)))
    try:
        with pytest.raises(PluginError, match=re.escape("scorer 'wordy' (plugin 'toy') returned 'x' on indicator "
                                                        "'toy.a'")):
            Engine(toy_registry).evaluate(toy_framework, toy_dataset)
    finally:
        object.__setattr__(node, "scorer", original)




@pytest.mark.parametrize("returned", [
    np.array([1, 2, 3]), np.array([1.0, np.nan, 3.0], dtype=np.float32),
    np.array([1.0, None, np.int64(3)], dtype=object), pd.array([1.0, None, 3.0], dtype="Float64"), [1, None, 3.0],
], ids=["int", "float32", "object-numbers", "nullable-float", "list"])
def test_a_scorer_s_numbers_and_missing_cells_are_scores(returned):
    scored = checked_scores(SCORER, returned, 3, "incense.smoke")
    assert scored.dtype == np.float64 and scored[0] == 1.0 and scored[2] == 3.0
