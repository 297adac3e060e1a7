"""A condition's value read against its field as a dataset's cell is: labels and yes/no words, typos refused."""

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
import yaml

from villagescore.objects import Field, Indicator
from villagescore.targets import TargetData, TargetsError, load_targets, measure_targets

TOURISM = Field("tourism_link", {"vi": "Gắn với du lịch", "en": "Tourism link"}, type="category",
                categories=("none", "visitors", "tourist_site"),
                category_labels={
                    "none": {"vi": "chưa gắn với du lịch", "en": "no tourism link"},
                    "visitors": {"vi": "đón khách tham quan", "en": "receives visitors"},
                    "tourist_site": {"vi": "điểm du lịch được công nhận", "en": "recognised tourist site"}})
MARK = Field("collective_mark", {"vi": "Có nhãn hiệu tập thể", "en": "Has a collective mark"}, type="boolean")
WORKERS = Field("workers_total", {"vi": "Tổng số lao động", "en": "Total workers"}, type="integer")
REGISTRY = SimpleNamespace(
    fields={f.id: f for f in (TOURISM, MARK, WORKERS)},
    indicators={"economy.collective_mark": Indicator("economy.collective_mark", {"vi": "m", "en": "m"}, "", "higher",
                                                     ("collective_mark",)),
                "economy.ratio": Indicator("economy.ratio", {"vi": "Tỷ lệ", "en": "Ratio"}, "", "higher",
                                           ("workers_total",), compute=lambda df: df["workers_total"])})


def _file(tmp_path, *conditions, where=None):
    """A targets file with one share target per condition (``where``: in the population instead)."""
    targets = []
    for k, condition in enumerate(conditions):
        measure = ({"statistic": "share", "condition": condition} if where is None else
                   {"statistic": "share", "condition": where, "population": {"where": [condition]}})
        targets.append({"id": f"t{k}", "label": {"vi": "a", "en": "a"}, "source": {"decision": "d", "provision": "p"},
                        "confidence": "estimate", "year": 2025, "unit": "share_of_villages", "op": ">=", "value": 10,
                        "measure": measure, "measure_confidence": "estimate"})
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump({"kind": "villagescore-targets", "id": "x", "title": {"vi": "x", "en": "x"},
                                    "source": {"document": "d"}, "targets": targets}, allow_unicode=True),
                    encoding="utf-8")
    return path


def _data():
    """Six village-years of one province: one tourist site, two with a collective mark."""
    v = pd.DataFrame({"obs": np.arange(6), "village_id": [f"v{i}" for i in range(6)], "province": "A", "year": 2025,
                      "rating": None, "sectors": [()] * 6, "framework": "fw", "tier_rank": np.nan})
    v["name"] = v["village_id"]
    fields = {"tourism_link": pd.Series(["tourist_site", "none", "visitors", "none", "none", "none"], dtype=object),
              "collective_mark": pd.Series([1.0, 1.0, 0.0, 0.0, 0.0, 0.0], dtype=object)}
    fields["economy.collective_mark"] = fields["collective_mark"]
    return TargetData(v, "test", {"fw": []}, fields.get, fields.get)


def _measured(targets):
    report = measure_targets(_data(), targets)
    return [next(r["value"] for r in t["rows"] if r["group"] == "*") for t in report["targets"]]


def test_a_category_written_by_its_label_in_either_language_measures_as_its_code(tmp_path):
    path = _file(tmp_path, {"field": "tourism_link", "op": "==", "value": "tourist_site"},
                 {"field": "tourism_link", "op": "==", "value": "Điểm du lịch được công nhận"},
                 {"field": "tourism_link", "op": "==", "value": "recognised tourist site"},
                 {"field": "tourism_link", "op": "in", "value": ["tourist_site", "đón khách tham quan"]})
    targets = load_targets(path, registry=REGISTRY)
    assert [t.measure["condition"]["value"] for t in targets.targets] == [
        "tourist_site", "tourist_site", "tourist_site", ["tourist_site", "visitors"]]
    # the labels measured 0 % before
    assert _measured(targets) == pytest.approx([100 / 6, 100 / 6, 100 / 6, 200 / 6], abs=1e-4)


@pytest.mark.parametrize("word", [True, "yes", "có", "Có", 1, "true"])
def test_a_yes_no_written_as_a_dataset_writes_it_measures_as_1(tmp_path, word):
    path = _file(tmp_path, {"indicator": "economy.collective_mark", "op": "==", "value": word},
                 {"field": "collective_mark", "op": "!=", "value": word})
    targets = load_targets(path, registry=REGISTRY)
    assert _measured(targets) == pytest.approx([100 / 3, 200 / 3], abs=1e-4)  # "yes" and "có" measured 0 % before


def test_a_value_that_is_no_value_of_its_field_is_refused_with_the_nearest_code(tmp_path):
    path = _file(tmp_path, {"field": "tourism_link", "op": "==", "value": "tourist-site"},
                 {"indicator": "economy.collective_mark", "op": "==", "value": "maybe"},
                 {"field": "workers_total", "op": "==", "value": "many"},
                 {"field": "tourism_link", "op": ">=", "value": 1},
                 {"indicator": "economy.ratio", "op": "in", "value": [1, "x"]})
    with pytest.raises(TargetsError) as exc:
        load_targets(path, registry=REGISTRY)
    said = {p.where: p.message for p in exc.value.problems}
    assert said == {
        "$.targets[0].measure.condition.value (target t0)":
            "'tourist-site' is not one of the allowed values of 'tourism_link' (Tourism link); did you mean "
            "recognised tourist site (tourist_site)?",
        "$.targets[1].measure.condition.value (target t1)":
            "'maybe' is not a yes/no value of 'economy.collective_mark' (Has a collective mark)",
        "$.targets[2].measure.condition.value (target t2)":
            "'many' is not a number, and 'workers_total' (Total workers) holds numbers",
        "$.targets[3].measure.condition.value (target t3)":
            ">= compares numbers, and 'tourism_link' (Tourism link) does not hold numbers",
        "$.targets[4].measure.condition.value (target t4)":
            "'x' is not a number, and 'economy.ratio' (Ratio) holds numbers"}
    first = exc.value.problems[0]
    assert first.allowed == ("no tourism link (none), receives visitors (visitors), "
                             "recognised tourist site (tourist_site)")
    text = exc.value.text("vi")
    assert "(mục tiêu t0)" in text and "có phải là điểm du lịch được công nhận (tourist_site)?" in text
    assert "không phải là giá trị có/không của" in text


def test_a_population_condition_is_read_and_checked_too(tmp_path):
    rated = {"field": "workers_total", "op": ">=", "value": 0}
    targets = load_targets(_file(tmp_path, {"field": "tourism_link", "op": "!=", "value": "Chưa gắn với du lịch"},
                                 where=rated), registry=REGISTRY)
    assert targets.targets[0].measure["population"]["where"][0]["value"] == "none"
    with pytest.raises(TargetsError, match=r"where\[0\]\.value \(target t0\)"):
        load_targets(_file(tmp_path, {"field": "tourism_link", "op": "==", "value": "site"}, where=rated),
                     registry=REGISTRY)


def test_for_an_unknown_field_the_value_is_kept_as_written(tmp_path):
    path = _file(tmp_path, {"field": "tourism_link", "op": "==", "value": "tourist-site"},
                 {"field": "no_such_field", "op": "==", "value": "x"})
    kept = load_targets(path, registry=SimpleNamespace(fields={}, indicators={}))
    assert [t.measure["condition"]["value"] for t in kept.targets] == ["tourist-site", "x"]


def test_without_a_registry_the_installed_plugins_fields_read_the_values(tmp_path):
    read = load_targets(_file(tmp_path, {"field": "collective_mark", "op": "==", "value": "có"},
                              {"field": "tourism_link", "op": "==", "value": "điểm du lịch được công nhận"}))
    assert [t.measure["condition"]["value"] for t in read.targets] == [1, "tourist_site"]  # kept as written before
    with pytest.raises(TargetsError, match="did you mean"):  # measured 0 % before, silently
        load_targets(_file(tmp_path, {"field": "tourism_link", "op": "==", "value": "tourist-site"}))


def test_schema_problems_and_condition_problems_are_said_together_in_the_order_of_the_targets(tmp_path):
    conditions = [{"field": "tourism_link", "op": "==", "value": "none"} for _ in range(12)]
    conditions[2] = {"field": "tourism_link", "op": "==", "value": "tourist-site"}
    conditions[10] = {"field": "tourism_link", "op": "<<", "value": "none"}
    with pytest.raises(TargetsError) as exc:  # the typo was said only once the schema problem was fixed
        load_targets(_file(tmp_path, *conditions), registry=REGISTRY)
    assert [p.where.split(".measure")[0] for p in exc.value.problems] == ["$.targets[2]", "$.targets[10]"]
    assert "did you mean" in exc.value.problems[0].message


def test_an_ordering_condition_made_in_python_with_no_number_is_refused_too():
    from villagescore.targets.conditions import resolve_conditions
    from villagescore.targets.model import Target, TargetSet

    target = Target(id="t", label={"vi": "t", "en": "t"}, source={"decision": "d", "provision": "p"},
                    confidence="estimate", year=2025, unit="share_of_villages", op=">=", value=10.0,
                    measure={"statistic": "share",
                             "condition": {"field": "workers_total", "op": ">=", "value": [1, 2]}})
    with pytest.raises(TargetsError, match=r"\[1, 2\] is not a number: >= compares with a number"):
        resolve_conditions(TargetSet("s", {"vi": "s", "en": "s"}, {"document": "d"}, (target,), "mem"), REGISTRY)


def test_a_number_text_the_dataset_reader_refuses_is_refused_not_read_otherwise(tmp_path):
    path = _file(tmp_path, {"field": "workers_total", "op": "==", "value": "1.000"},
                 {"field": "workers_total", "op": "in", "value": ["1_000", "2.500", "12", 3]},
                 {"field": "workers_total", "op": "!=", "value": 2.5},
                 {"indicator": "economy.ratio", "op": "==", "value": "2.5"})
    with pytest.raises(TargetsError) as exc:  # 1.000 was read as 1.0, ['1_000', '2.500'] as [1000.0, 2.5]
        load_targets(path, registry=REGISTRY)
    said = [(p.where.split(".measure.")[0], p.message) for p in exc.value.problems]
    assert said == [
        ("$.targets[0]", "'1.000' is ambiguous: '.' separates thousands (1000) or decimals (1); write 1000 or 1 "
                         "without quotes"),
        ("$.targets[1]", "'1_000' is not a number, and 'workers_total' (Total workers) holds numbers"),
        ("$.targets[1]", "'2.500' is ambiguous: '.' separates thousands (2500) or decimals (2.5); write 2500 or 2.5 "
                         "without quotes"),
        ("$.targets[2]", "2.5 is not a whole number, and 'workers_total' (Total workers) holds whole numbers")]
    assert "không rõ nghĩa" in exc.value.text("vi") and "chứa số nguyên" in exc.value.text("vi")
    read = load_targets(_file(tmp_path, {"field": "workers_total", "op": "in", "value": ["12", 3, " 1e3 "]},
                              {"indicator": "economy.ratio", "op": "==", "value": "2.5"}), registry=REGISTRY)
    assert [t.measure["condition"]["value"] for t in read.targets] == [[12.0, 3, 1000.0], 2.5]


def test_a_number_text_with_separators_gets_the_dataset_readers_hint_not_a_traceback(tmp_path):
    path = _file(tmp_path, {"field": "workers_total", "op": "==", "value": "1.000.000"},
                 {"field": "workers_total", "op": "in", "value": ["12,345", "1,5", "1,000,000"]})
    with pytest.raises(TargetsError) as exc:  # 1.000.000 was a ValueError (float('1.000.000')), an internal error
        load_targets(path, registry=REGISTRY)
    assert [p.message for p in exc.value.problems] == [
        "'1.000.000' is not a number: '.' separates thousands; write 1000000 without a thousands separator",
        "'12,345' is ambiguous: ',' separates thousands (12345) or decimals (12.345); write 12345 or 12.345 "
        "without quotes",
        "'1,5' is not a number: a decimal comma; write 1.5 with a point",
        "'1,000,000' is not a number: ',' separates thousands; write 1000000 without a thousands separator"]
    vi = exc.value.text("vi")
    assert "ngăn cách hàng nghìn; hãy viết 1000000" in vi and "dấu phẩy thập phân; hãy viết 1.5" in vi


@pytest.mark.parametrize("op", [">", ">=", "<", "<="])
def test_a_yes_no_field_takes_any_number_as_a_threshold(tmp_path, op):
    path = _file(tmp_path, {"field": "collective_mark", "op": op, "value": 0.5},
                 {"indicator": "economy.collective_mark", "op": op, "value": 0.5})
    targets = load_targets(path, registry=REGISTRY)  # was "0.5 is not a yes/no value"
    assert [t.measure["condition"]["value"] for t in targets.targets] == [0.5, 0.5]
    assert _measured(targets) == pytest.approx([100 / 3] * 2 if op.startswith(">") else [200 / 3] * 2, abs=1e-4)
    with pytest.raises(TargetsError, match="0.5 is not a yes/no value"):  # == still needs a yes/no
        load_targets(_file(tmp_path, {"field": "collective_mark", "op": "==", "value": 0.5}), registry=REGISTRY)


def test_a_condition_on_a_framework_files_own_field_reads_its_labels_when_the_framework_is_given(tmp_path):
    """Walk 15: a label of a field the framework file declares was left as written: measured as 0 %."""
    from villagescore.targets.conditions import resolve_conditions

    kind = Field("f_kind", {"vi": "Loại", "en": "Kind"}, type="category", categories=("a", "b"),
                 category_labels={"a": {"vi": "Loại A", "en": "Kind A"}, "b": {"vi": "Loại B", "en": "Kind B"}})
    node = SimpleNamespace(id="own.kind", indicator=Indicator("own.kind", {"vi": "Loại", "en": "Kind"}, "",
                                                              "category", ("f_kind",)))
    framework = SimpleNamespace(local_fields={"f_kind": kind}, indicators=[node])
    targets = load_targets(_file(tmp_path, {"field": "f_kind", "op": "==", "value": "Loại A"},
                                 {"indicator": "own.kind", "op": "in", "value": ["Kind B", "a"]},
                                 {"field": "tourism_link", "op": "==", "value": "đón khách tham quan"}),
                           registry=REGISTRY)
    assert targets.targets[0].measure["condition"]["value"] == "Loại A"  # unknown without the framework
    read = resolve_conditions(targets, REGISTRY, framework=framework)
    assert [t.measure["condition"]["value"] for t in read.targets] == ["a", ["b", "a"], "visitors"]
    with pytest.raises(TargetsError, match="'Loại C' is not one of the allowed values of 'f_kind'"):
        resolve_conditions(load_targets(_file(tmp_path, {"field": "f_kind", "op": "==", "value": "Loại C"}),
                                        registry=REGISTRY), REGISTRY, framework=framework)


def test_load_targets_given_the_framework_reads_a_plugin_s_and_the_framework_file_s_fields_in_one_round(tmp_path):
    """Fifteenth walk: the framework file's own field was read only after scoring, in a second report."""
    kind = Field("f_kind", {"vi": "Loại", "en": "Kind"}, type="category", categories=("a", "b"),
                 category_labels={"a": {"vi": "Loại A", "en": "Kind A"}, "b": {"vi": "Loại B", "en": "Kind B"}})
    framework = SimpleNamespace(local_fields={"f_kind": kind}, indicators=[])
    path = _file(tmp_path, {"field": "f_kind", "op": "==", "value": "Loại A"})
    assert load_targets(path, registry=REGISTRY, framework=framework).targets[0].measure["condition"]["value"] == "a"
    with pytest.raises(TargetsError) as caught:
        load_targets(_file(tmp_path, {"field": "tourism_link", "op": "==", "value": "xyz"},
                           {"field": "f_kind", "op": "==", "value": "Loại C"}), registry=REGISTRY, framework=framework)
    said = str(caught.value)
    assert "'xyz'" in said and "'Loại C' is not one of the allowed values of 'f_kind'" in said


def test_the_fields_and_indicators_no_plugin_declares_compared_with_a_text_are_named_once(tmp_path):
    """``undeclared_fields``: what ``targets --store`` without the framework file warns of (a number is read).

    A yes/no word on a plugin's indicator is read as 1 (its one field known): not named.
    """
    from villagescore.targets.conditions import undeclared_fields

    path = _file(tmp_path, {"field": "f_kind", "op": "==", "value": "Loại A"},
                 {"field": "f_kind", "op": "in", "value": ["Loại B"]}, {"field": "f_count", "op": ">=", "value": 3},
                 {"field": "tourism_link", "op": "==", "value": "tourist_site"})
    assert undeclared_fields(load_targets(path, registry=REGISTRY), REGISTRY) == [("field", "f_kind")]
    on_indicators = _file(tmp_path, {"indicator": "own.kind", "op": "==", "value": "Loại A"},
                          {"indicator": "economy.collective_mark", "op": "==", "value": "có"})
    assert undeclared_fields(load_targets(on_indicators, registry=REGISTRY), REGISTRY) == [("indicator", "own.kind")]
