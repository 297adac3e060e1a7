"""The Result's plain forms: the pinned JSON shape, its schema, determinism."""

import dataclasses
import json

import numpy as np

from villagescore import schemas


def test_json_follows_the_pinned_shape_and_validates(toy_result):
    data = json.loads(toy_result.to_json())
    schemas.validator("result").validate(data)
    prov = data["provenance"]
    assert set(prov) >= {"engine_version", "framework", "dataset", "plugins"}
    assert set(prov["framework"]) >= {"id", "version", "sha256"}
    assert {"name": "toy", "version": "9.9.9"} in prov["plugins"]
    assert data["schema_version"] == 2
    v1 = data["villages"][0]
    assert set(v1) >= {"village_id", "name", "province", "sectors", "year", "overall", "pillars", "indicators",
                       "gates"}
    assert v1["overall"] == {"score": 88.3333, "coverage": 1.0, "rating": "high"}
    env = [p["id"] for p in data["framework"]["pillars"]].index("env")
    assert (v1["pillars"]["score"][env], v1["pillars"]["coverage"][env], v1["pillars"]["status"][env]) == (
        82.5, 1.0, "s")
    meta = data["framework"]["indicators"][1]
    ind = v1["indicators"]
    assert (meta["id"], meta["pillar"], meta["criterion"], ind["value"][1], ind["score"][1], ind["status"][1]) == (
        "toy.c", "env", "env.one", 25.0, 100.0, "s")
    assert data["references"][meta["references"][0]]["document"] == "Toy rule 1/2020"


def test_the_expanded_form_of_a_record_is_the_village_dict(toy_result):
    from villagescore.resultdoc import expand

    data = json.loads(toy_result.to_json())
    for i, record in enumerate(data["villages"]):
        assert expand(data, record, "vi") == json.loads(json.dumps(toy_result.village_dict(i, lang="vi")))


def test_labels_follow_the_language(toy_result):
    assert toy_result.village_dict(0, lang="vi")["overall"]["rating_label"] == "Cao"


def test_same_inputs_give_identical_bytes(toy_registry, toy_framework, toy_dataset):
    from villagescore.engine import Engine

    a = Engine(toy_registry).evaluate(toy_framework, toy_dataset)
    b = Engine(toy_registry).evaluate(toy_framework, toy_dataset)
    assert a.to_json() == b.to_json()
    csv = toy_registry.reporter("csv")
    assert csv.render(a, "vi") == csv.render(b, "vi")


def test_summary_and_long_tables(toy_result):
    s = toy_result.summary_frame(lang="en")
    assert s["rating"].tolist() == ["high", "low", "mid"]
    assert s["gates_fired"].tolist() == ["", "flag-required", ""]
    long = toy_result.indicator_frame()
    assert len(long) == 3 * 6
    assert long.query("village_id == 'v2' and indicator == 'toy.b'")["status"].item() == "not_applicable"


def test_the_frames_are_those_pandas_concat_made_and_share_nothing_writable(toy_result):
    """The frames are made without copying their columns: the same frame as before, and writing into it
    changes neither the result nor the dataset."""
    import numpy as np
    import pandas as pd

    from villagescore.frame_columns import with_text_dtype
    from villagescore.results import _IDENTITY

    for frame, digits, criteria in ((toy_result.summary_frame(lang="vi"), 4, False),
                                    (toy_result.to_frame(lang="vi"), None, True)):
        identity = pd.DataFrame({c: toy_result.frame[c] if c in toy_result.frame.columns else None for c in _IDENTITY})
        identity["year"] = identity["year"].astype(int)
        identity = with_text_dtype(identity, [c for c in _IDENTITY if c != "year"])  # the one text dtype of pandas
        rest = frame.drop(columns=list(_IDENTITY))
        expected = pd.concat([identity, pd.DataFrame({c: rest[c] for c in rest.columns}, index=identity.index)],
                             axis=1)
        pd.testing.assert_frame_equal(frame, expected, check_exact=True)
        assert frame.dtypes.tolist() == expected.dtypes.tolist()
        overall, name = toy_result.tree.overall_score.copy(), toy_result.frame["name"].copy()
        frame.loc[0, "overall_score"] = -1.0
        frame.loc[0, "name"] = "changed"
        assert np.array_equal(toy_result.tree.overall_score, overall, equal_nan=True)
        assert toy_result.frame["name"].equals(name)
        assert digits is None or frame["overall_score"].iloc[1] == round(float(overall[1]), digits)
        assert criteria == any(c.removesuffix("_score") in {x.id for x in toy_result.framework.criteria}
                               for c in frame.columns)


def test_a_result_says_what_it_holds_in_one_line(toy_result):
    # a notebook shows the repr: before, it was the whole framework and matrices (hundreds of kB)
    text = repr(toy_result)
    assert text == f"Result(framework='{toy_result.framework.id} {toy_result.framework.version}', 3 village-years, " \
                   f"3 villages, years 2024)"
    assert repr(toy_result.framework).startswith(f"Framework({toy_result.framework.id!r}, version=")
    assert f"{len(toy_result.framework.indicators)} indicators" in repr(toy_result.framework)


def test_to_frame_is_in_village_year_order_and_index_true_aligns_with_the_data():
    """The audit's trap: the rows are not in the data's order; ``index=True`` gives the key to align on."""
    import pandas as pd

    import villagescore as vs
    from tests.conftest import REPO

    data = pd.read_csv(REPO / "datasets" / "villages" / "villages.csv").iloc[::-1]
    table = vs.evaluate(data).to_frame()
    assert list(table.index) == list(range(len(table)))
    assert list(zip(table["village_id"], table["year"], strict=True)) == sorted(
        zip(data["village_id"], data["year"], strict=True))
    keyed = vs.evaluate(data).to_frame(index=True)
    assert keyed.index.names == ["village_id", "year"] and "overall_score" in keyed.columns
    joined = data.join(keyed["overall_score"], on=["village_id", "year"])
    merged = data.merge(table[["village_id", "year", "overall_score"]], on=["village_id", "year"], how="left")
    assert joined["overall_score"].tolist() == merged["overall_score"].tolist()


def test_a_year_the_village_lacks_lists_the_village_s_years():
    import pytest

    import villagescore as vs
    from tests.conftest import REPO
    from villagescore.errors import UnknownIdError
    from villagescore.explain import explain

    registry = vs.Registry.default()
    framework = vs.load_framework(None, registry)
    dataset = vs.read_dataset(REPO / "datasets" / "phung-xa" / "phung-xa.csv", registry, framework=framework)
    with pytest.raises(UnknownIdError, match=r"'phung-xa-my-duc' has no result in 2023; its years: 2021, 2025") as e:
        explain(vs.Engine(registry), framework, dataset, "phung-xa-my-duc", year=2023)
    assert "các năm có kết quả: 2021, 2025" in e.value.text("vi")


def test_the_versions_worked_out_on_a_report_s_rows_alone_are_those_of_every_row():
    import warnings

    from tests.conftest import REPO
    from villagescore.api import evaluate

    path = REPO / "datasets" / "synthetic" / "national-sample-synthetic.csv"  # 2022-2025: versions change
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        whole = evaluate(path)
        for first in (1, 37, len(whole)):
            shown, rows = evaluate(path), slice(0, first)
            for j, node in enumerate(whole.framework.indicators):
                if node.threshold is not None:
                    assert shown.applied_versions(j, rows).tolist() == whole.applied_versions(j)[rows].tolist()
            for k in shown.matrix.gate_limits:
                assert [shown.gate_limit_applied(i, k, rows) for i in range(first)] == [
                    whole.gate_limit_applied(i, k) for i in range(first)]
            assert not any(isinstance(key, int) for key in shown.__dict__["_versions"])  # no row beyond them
    assert whole.matrix.gate_limits and any(len(set(whole.applied_versions(j).tolist())) > 1
                                            for j, node in enumerate(whole.framework.indicators) if node.threshold)


def test_the_estimated_shares_of_some_rows_are_those_of_every_row(toy_result):
    inputs = np.arange(len(toy_result), dtype=np.int64) % 4  # some without inputs (NaN)
    rich = dataclasses.replace(toy_result, inputs=inputs, estimated=inputs // 2)
    for result in (toy_result, rich, dataclasses.replace(rich, estimated=None)):
        whole = result.estimated_share
        for rows in (slice(0, 1), slice(1, len(result)), slice(0, 0), slice(2, 99)):
            assert result.estimated_shares(rows).tobytes() == whole[rows].tobytes()


def test_all_overall_weights_are_column_major_as_a_whole_build_is():
    """Built per pattern, then spread: still column-major, so a row's sum adds in the same order (same last bit)."""
    import warnings

    import numpy as np

    import villagescore as vs
    from tests.conftest import REPO

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = vs.evaluate(REPO / "datasets" / "synthetic" / "national-sample-synthetic.csv")
    weights, whole = result.overall_weights(), result.overall_weights(slice(None))
    assert weights.flags["F_CONTIGUOUS"] and whole.flags["F_CONTIGUOUS"]
    assert np.array_equal(weights.sum(axis=1), whole.sum(axis=1)) and np.array_equal(weights, whole)
    assert result.contributions().flags["F_CONTIGUOUS"]


def test_an_empty_text_or_category_cell_is_null_whatever_the_frame_s_string_dtype(toy_registry, toy_framework):
    # df.convert_dtypes() holds pd.NA in its text columns: written "<NA>" before, null now, as from a CSV
    import io
    from pathlib import Path

    import pandas as pd

    import villagescore as vs
    from villagescore.explain import explain
    from villagescore.resultdoc import write_jsonl

    frame = pd.read_csv(Path(__file__).parent / "support" / "toy.csv")
    frame.loc[1, ["zone", "kind", "commune"]] = None
    texts = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    frames = {"object": frame.astype(dict.fromkeys(texts, object)),
              "string": frame.astype(dict.fromkeys(texts, "string")),
              "convert_dtypes": frame.convert_dtypes(convert_integer=False)}
    try:
        import pyarrow  # noqa: F401

        frames["string[pyarrow]"] = frame.astype(dict.fromkeys(texts, "string[pyarrow]"))
    except ImportError:
        pass

    def outputs(f):
        result = vs.evaluate(f, toy_framework, registry=toy_registry)
        lines = io.BytesIO()
        write_jsonl(result, lines)
        why = explain(vs.Engine(toy_registry), toy_framework, f, "v2")
        return (result.to_json(), lines.getvalue(), result.indicator_frame().to_csv().encode(),
                json.dumps(why.to_dict(lang="en"), ensure_ascii=False).encode())

    expected = outputs(frames["object"])
    assert all(b"<NA>" not in out for out in expected)
    for name, f in frames.items():
        assert outputs(f) == expected, name


def test_a_table_is_in_english_unless_asked_whatever_the_run_s_language(toy_result, monkeypatch):
    """As python-api.md says: warnings follow the run's language, what a method returns defaults to lang="en"."""
    from villagescore.i18n import current_language

    monkeypatch.setenv("VILLAGESCORE_LANG", "vi")
    assert current_language() == "vi"
    assert toy_result.to_frame()["rating_label"].equals(toy_result.to_frame(lang="en")["rating_label"])
    assert toy_result.summary_frame()["rating_label"].equals(toy_result.summary_frame(lang="en")["rating_label"])
    assert not toy_result.to_frame()["rating_label"].equals(toy_result.to_frame(lang="vi")["rating_label"])


def test_the_former_commune_is_carried_to_every_result_format(toy_registry, toy_framework):
    """Audit 17 (journey across the 2025 reform): former_commune was read, then dropped from every output."""
    import io
    from pathlib import Path

    import pandas as pd

    import villagescore as vs
    from villagescore.compare.loading import table_from_dict, table_from_result
    from villagescore.reports.xlsx import render as render_xlsx
    from villagescore.resultdoc import write_jsonl

    frame = pd.read_csv(Path(__file__).parent / "support" / "toy.csv", dtype={"village_id": str})
    frame.insert(3, "former_commune", ["Xã Nhật Tân"] + [None] * (len(frame) - 1))
    result = vs.evaluate(frame, toy_framework, registry=toy_registry)
    records = json.loads(result.to_json())["villages"]
    assert [r["former_commune"] for r in records[:2]] == ["Xã Nhật Tân", None]
    lines = io.BytesIO()
    write_jsonl(result, lines)
    assert json.loads(lines.getvalue().splitlines()[1])["former_commune"] == "Xã Nhật Tân"
    assert result.village_dict(0)["former_commune"] == "Xã Nhật Tân"
    columns = list(result.to_frame().columns)
    assert columns[columns.index("former_commune") + 1] == "former_district"
    assert result.to_frame()["former_commune"].iat[0] == "Xã Nhật Tân"
    for table in (table_from_result(result), table_from_dict(json.loads(result.to_json()))):
        former = table.villages["former_commune"].tolist()[:2]
        assert [None if pd.isna(x) else x for x in former] == ["Xã Nhật Tân", None]
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(render_xlsx(result, "vi")), read_only=True).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(max_row=2, values_only=True)]
    assert rows[0][4] == "Xã (trước 7/2025)" and rows[1][4] == "Xã Nhật Tân"
