"""villagescore.api: the keywords of ``evaluate``, what it warns of, and a DataFrame read like a file."""

from __future__ import annotations

import os
import re

import pytest

import villagescore as vs
from tests.conftest import REPO
from villagescore import bundled
from villagescore.errors import VillageScoreError

PILOT = bundled.path(bundled.PILOT)


def test_the_keyword_overrides_the_framework_and_is_recorded():
    own = vs.evaluate(PILOT)
    scored = vs.evaluate(PILOT, unverified_limits="score")
    assert own.framework.unverified_limits == "exclude" and scored.framework.unverified_limits == "score"
    assert own.provenance["unverified_limits"]["source"] == "framework"
    assert scored.provenance["unverified_limits"] == {"policy": "score", "source": "option", "left_out": {}}
    assert scored.provenance["options"]["unverified_limits"] == "score"
    assert round(float(scored.tree.overall_score[0]), 4) == 37.0549  # framework 1.3.0's score of 2021
    assert round(float(own.tree.overall_score[0]), 4) == 35.0506  # 32.9354 with framework 1.4.0's 0.67


def test_an_unknown_policy_is_a_clear_error():
    with pytest.raises(VillageScoreError, match="unverified_limits must be one of exclude, score, not 'yes'"):
        vs.evaluate(PILOT, unverified_limits="yes")


# ---- what the command line prints beside the scores is a DataWarning, kept on the result ----

PHUNG_XA = str(REPO / "datasets" / "phung-xa" / "phung-xa.csv")


def _frame():
    import pandas as pd

    return pd.read_csv(PHUNG_XA)


def test_a_plausibility_warning_is_warned_of_in_the_run_language_and_kept_on_the_result():
    from villagescore.i18n import use_language

    frame = _frame()
    frame["wastewater_treated_pct"] = frame["wastewater_treated_pct"].astype(float)
    frame.loc[0, "wastewater_treated_pct"] = 0.85  # 85 % typed as a fraction
    use_language("en")
    with pytest.warns(vs.DataWarning, match=r"1 plausibility warning\(s\).*0\.85 lies between 0 and 1") as caught:
        result = vs.evaluate(frame)
    assert caught[0].filename == __file__  # points at the caller's line
    assert len(result.warnings) == 1 and "0.85" in result.warnings[0].format("en")
    assert "cảnh báo tính hợp lý" in caught[0].message.text("vi")
    use_language("vi")
    with pytest.warns(vs.DataWarning, match="cảnh báo tính hợp lý"):
        vs.evaluate(frame)


def test_a_dataframe_s_rows_are_named_by_their_index_label_beside_their_number():
    from villagescore.errors import DatasetError

    frame = _frame()
    frame.index = [10, "v-2025"]  # a filtered or relabelled frame: row 2 of a file is not frame.loc[0]
    frame["year"] = frame["year"].astype(object)
    frame.loc["v-2025", "year"] = "abc"
    with pytest.raises(DatasetError) as caught:
        vs.evaluate(frame)
    assert [p.where for p in caught.value.problems] == ["row 3 (index 'v-2025')"]
    assert "dòng 3 (chỉ mục 'v-2025')" in caught.value.text("vi")
    frame["wastewater_treated_pct"] = frame["wastewater_treated_pct"].astype(float)
    frame.loc[10, "wastewater_treated_pct"] = 0.85  # a plausibility warning on the first row
    with pytest.warns(vs.DataWarning):
        result = vs.evaluate(frame, keep_going=True)
    assert [w.where for w in result.warnings] == ["row 2 (index 10)"]
    left = result.provenance["rows_left_out"]["rows"]
    assert [(r["row"], [p["column"] for p in r["problems"]]) for r in left] == [(3, ["year"])]


def test_the_reader_notes_are_warned_of_and_kept():
    frame = _frame().assign(province="Hà Tây")
    with pytest.warns(vs.DataWarning, match="Hà Tây") as caught:
        result = vs.evaluate(frame)
    assert any("Hà Tây" in str(n) for n in result.notes)
    assert "has not been a province since 2008" in caught[0].message.text("en")


def test_rows_left_out_by_keep_going_are_warned_of():
    frame = _frame().astype({"year": object})
    frame.loc[0, "year"] = "next year"
    from villagescore.i18n import use_language

    use_language("en")
    with pytest.warns(vs.DataWarning, match=r"1 invalid row\(s\) left out \(keep_going\): rows 2 \(index 0\);"):
        result = vs.evaluate(frame, keep_going=True)
    assert result.provenance["rows_left_out"]["rows"][0]["row"] == 2 and len(result) == 1


def test_rows_left_out_of_a_dataframe_carry_their_index_label():
    """A DataFrame's user looks a row up by its label: the warning and the result name it beside the row number."""
    frame = _frame().astype({"year": object})
    frame.index = [f"r{100 + i}" for i in range(len(frame))]
    frame.loc["r100", "year"] = "next year"
    with pytest.warns(vs.DataWarning) as caught:
        result = vs.evaluate(frame, keep_going=True)
    said = [w.message for w in caught if "keep_going" in str(w.message)][0]
    assert "rows 2 (index 'r100');" in said.text("en") and "các dòng 2 (chỉ mục 'r100');" in said.text("vi")
    row = result.provenance["rows_left_out"]["rows"][0]
    assert (row["row"], row["index"]) == (2, "'r100'") and list(row)[:2] == ["row", "index"]
    assert row["index_label"] == "r100" and frame.loc[row["index_label"], "year"] == "next year"  # the label itself


def test_a_row_left_out_of_a_multiindex_frame_is_named_plainly_and_found_by_its_label():
    import pandas as pd

    frame = pd.concat([_frame()] * 2, ignore_index=True).astype({"year": object})
    frame["village_id"] = [f"v{i}" for i in range(len(frame))]
    frame.index = pd.MultiIndex.from_tuples([(i, "a") for i in range(len(frame))])
    frame.loc[(2, "a"), "year"] = "next year"
    with pytest.warns(vs.DataWarning) as caught:
        result = vs.evaluate(frame, keep_going=True)
    said = [w.message for w in caught if "keep_going" in str(w.message)][0]
    assert "rows 4 (index (2, 'a'));" in said.text("en")  # not (np.int64(2), 'a')
    (row,) = result.provenance["rows_left_out"]["rows"]
    assert row["index"] == "(2, 'a')" and row["index_label"] == [2, "a"]
    assert frame.loc[tuple(row["index_label"]), "year"] == "next year"

def test_a_blank_row_before_a_row_left_out_does_not_shift_its_label():
    """The reader drops blank rows (as a sheet's empty line): the label is the row's own, as its problems say."""
    import numpy as np
    import pandas as pd

    frame = pd.concat([_frame()] * 2, ignore_index=True).astype({"year": object})
    frame["village_id"] = [f"v{i}" for i in range(len(frame))]
    frame.index = [f"r{100 + i}" for i in range(len(frame))]
    frame.loc["r101"] = np.nan  # a blank row
    frame.loc["r102", "year"] = "next year"
    with pytest.warns(vs.DataWarning):
        result = vs.evaluate(frame, keep_going=True)
    (row,) = result.provenance["rows_left_out"]["rows"]
    assert (row["row"], row["index"], row["village_id"]) == (4, "'r102'", "v2")


def test_clean_data_warns_of_nothing(recwarn):
    vs.evaluate(PHUNG_XA)
    assert not [w for w in recwarn if issubclass(w.category, vs.DataWarning)]


def test_the_warnings_are_kept_beside_the_provenance_not_in_it():
    result = vs.evaluate(PHUNG_XA)
    assert "warnings" not in result.provenance and "notes" not in result.provenance


# ---- as_of is checked as --as-of is ----

@pytest.mark.parametrize("value", ["yesterday", "31/12/2024", "2024-13-01"])
def test_as_of_that_is_not_an_iso_date_is_refused_in_both_languages(value, recwarn):
    from villagescore.errors import OptionError

    with pytest.raises(OptionError, match=r"as_of=.* is not a date: write YYYY-MM-DD") as caught:
        vs.evaluate(PHUNG_XA, as_of=value)
    assert "không phải là ngày" in caught.value.text("vi")
    assert not [w for w in recwarn if not issubclass(w.category, vs.DataWarning)]  # no pandas warning leaks


@pytest.mark.parametrize("dtype", ["float32", "float16"])
def test_a_frame_of_narrow_floats_is_scored_as_the_csv_written_of_it(dtype, tmp_path):
    """Seventeenth walk: float32 cells were scored at their binary value, hashed at their printed one."""
    import pandas as pd

    frame = pd.read_csv(REPO / "datasets" / "villages" / "villages.csv")
    narrow = frame.astype({c: dtype for c in ("craft_value_share_pct", "export_sales_pct")})
    narrow.to_csv(tmp_path / "narrow.csv", index=False)
    given, written = vs.evaluate(narrow), vs.evaluate(tmp_path / "narrow.csv")
    assert given.provenance["dataset"]["sha256"] == written.provenance["dataset"]["sha256"]
    assert given.to_frame().equals(written.to_frame())
    assert given.to_json().replace(b'"<DataFrame>"', b'"narrow.csv"') == written.to_json()


@pytest.mark.parametrize("value", ["NaT", "nan", "NA"])
def test_as_of_that_is_a_missing_value_is_refused_not_recorded(value):
    import numpy as np
    import pandas as pd

    from villagescore.errors import OptionError

    missing = {"NaT": pd.NaT, "nan": np.nan, "NA": pd.NA}[value]
    with pytest.raises(OptionError, match=r"as_of=.* is a missing value, not a date") as caught:
        vs.evaluate(PHUNG_XA, as_of=missing)
    assert "giá trị trống" in caught.value.text("vi")


def test_as_of_none_means_not_given():
    assert "as_of" not in vs.evaluate(PHUNG_XA, as_of=None).provenance["options"]


def test_as_of_takes_a_date_or_iso_text_and_records_it_normalised():
    import datetime

    by_text = vs.evaluate(PHUNG_XA, as_of=" 2024-12-31 ")
    by_date = vs.evaluate(PHUNG_XA, as_of=datetime.date(2024, 12, 31))
    assert by_text.provenance["options"]["as_of"] == by_date.provenance["options"]["as_of"] == "2024-12-31"
    assert list(by_text.frame["survey_date"]) == ["2024-12-31"] * 2
    assert by_text.to_frame()["overall_score"].tolist() == by_date.to_frame()["overall_score"].tolist()


def test_a_survey_date_cell_of_a_dataframe_is_checked_as_in_a_file():
    from villagescore.errors import DatasetError

    with pytest.raises(DatasetError, match=r"survey_date \(survey date\) is not written YYYY-MM-DD: write 2024-12-31"):
        vs.evaluate(_frame().assign(survey_date=["31/12/2024", "2025-06-30"]))


@pytest.mark.parametrize(("zone", "said"), [("UTC", "has a time zone"), ("Asia/Ho_Chi_Minh", "has a time zone"),
                                           (None, "has a time of day")])
def test_a_survey_date_with_a_time_zone_or_a_time_of_day_is_refused_not_cut(zone, said):
    """Seventeenth walk: 06:30 in Hà Nội given in UTC was read as the day before, a time of day was cut silently."""
    import pandas as pd

    from villagescore.errors import DatasetError

    moment = pd.Timestamp("2025-05-15 06:30", tz="Asia/Ho_Chi_Minh")
    moment = moment.tz_localize(None) if zone is None else moment.tz_convert(zone)
    frame = _frame().assign(survey_date=[moment] * 2)
    with pytest.raises(DatasetError) as caught:
        vs.evaluate(frame)
    assert len(caught.value.problems) == 2
    assert all(p.column == "survey_date" and said in p.format("en") for p in caught.value.problems)
    assert all("ngày khảo sát" in p.format("vi") and "giờ" in p.format("vi") for p in caught.value.problems)
    if zone is not None:  # the way out the message gives is taken: the day in Vietnam, as its CSV says it
        fixed = frame.assign(survey_date=frame["survey_date"].dt.tz_convert("Asia/Ho_Chi_Minh").dt.date)
        assert list(vs.evaluate(fixed).frame["survey_date"]) == ["2025-05-15"] * 2


def test_a_survey_date_column_mixing_time_zones_is_said_not_crashed():
    import pandas as pd

    from villagescore.errors import DatasetError

    dates = [pd.Timestamp("2025-05-15 06:30", tz="Asia/Ho_Chi_Minh"), pd.Timestamp("2025-05-14 23:30", tz="UTC")]
    with pytest.raises(DatasetError, match="has a time zone"):
        vs.evaluate(_frame().assign(survey_date=pd.Series(dates, dtype=object)))


# ---- a DataFrame is tidied as a file is ----

def _messy(frame):
    """``frame`` as a person's notebook may hold it: decomposed Vietnamese, spaces, "" for nothing, a blank row."""
    import unicodedata

    import numpy as np
    import pandas as pd

    messy = frame.astype(object)
    messy.loc[0, "province"] = unicodedata.normalize("NFD", "Hà Nội")
    messy.loc[1, "province"] = "Hà Nội "
    messy.loc[0, "export_sales_pct"] = ""
    return pd.concat([messy, pd.DataFrame([[np.nan] * messy.shape[1]], columns=messy.columns)], ignore_index=True)


def test_a_messy_dataframe_scores_as_the_same_data_in_a_csv_file_through_the_cli(tmp_path):
    import io

    from click.testing import CliRunner

    from villagescore.cli import cli

    messy = _messy(_frame())
    given = messy.copy()
    path = tmp_path / "messy.csv"
    messy.to_csv(path, index=False)
    from_frame = vs.evaluate(messy)
    __import__("pandas").testing.assert_frame_equal(messy, given)  # the caller's frame is not changed
    assert from_frame.to_frame()["province"].tolist() == ["Hà Nội", "Hà Nội"]
    run = CliRunner().invoke(cli, ["evaluate", str(path), "--format", "csv"])
    assert run.exit_code == 0, run.output
    cli_rows = __import__("pandas").read_csv(io.StringIO(run.stdout.lstrip("\ufeff")))
    assert cli_rows["province"].tolist() == ["Hà Nội", "Hà Nội"]
    assert from_frame.summary_frame()["overall_score"].tolist() == cli_rows["overall_score"].tolist()
    assert from_frame.summary_frame()["overall_coverage"].tolist() == cli_rows["overall_coverage"].tolist()


# ---- villages: one string is one village; names as --village takes them ----

def test_one_village_id_given_as_a_string_is_one_village():
    result = vs.evaluate(PHUNG_XA, villages="phung-xa-my-duc")
    assert set(result.frame["village_id"]) == {"phung-xa-my-duc"} and len(result) == 2


def test_villages_are_chosen_by_name_as_the_command_line_chooses_them():
    by_name = vs.evaluate(REPO / "datasets" / "villages" / "villages.csv", villages=["Vạn Phúc"])
    assert set(by_name.frame["village_id"]) == {"van-phuc-ha-dong"}


def test_an_unknown_village_is_refused_with_the_closest_known_ones():
    from villagescore.errors import UnknownIdError
    from villagescore.i18n import use_language

    use_language("en")  # said in the run's language, as --village says it
    with pytest.raises(UnknownIdError, match=r"no village 'phung xa my duc x'; the closest: .*phung-xa-my-duc"):
        vs.evaluate(PHUNG_XA, villages=["phung xa my duc x"])
    with pytest.raises(UnknownIdError, match=r"known villages include: phung-xa-my-duc"):
        vs.evaluate(PHUNG_XA, villages="zzz")


# ---- the reader's options ----

def test_the_read_options_are_keywords_of_evaluate():
    from villagescore.errors import DatasetError

    frame = _frame()
    vi = frame.astype(object)
    vi.loc[0, "worker_wage_vnd_month"] = f"{int(frame.loc[0, 'worker_wage_vnd_month']):,}".replace(",", ".")
    vi.loc[0, "craft_value_share_pct"] = str(frame.loc[0, "craft_value_share_pct"]).replace(".", ",")
    with pytest.raises(DatasetError):
        vs.evaluate(vi)
    assert (vs.evaluate(vi, csv_locale="vi").to_frame()["overall_score"].tolist()
            == vs.evaluate(frame).to_frame()["overall_score"].tolist())
    fractions = frame.assign(wastewater_treated_pct=frame["wastewater_treated_pct"] / 100)
    with pytest.raises(DatasetError, match="wastewater_treated_pct"):
        vs.evaluate(fractions)
    taken = vs.evaluate(fractions, percent_scale="percent")  # as they are: 0.45 %
    assert taken.indicator_frame().query("indicator.str.contains('wastewater')")["value"].max() < 1
    with pytest.raises(VillageScoreError, match="unknown CSV locale 'fr'"):
        vs.evaluate(frame, csv_locale="fr")
    # what changes the reading is recorded (audit finding 15); the defaults are not
    assert taken.provenance["options"]["percent_scale"] == "percent"
    assert vs.evaluate(vi, csv_locale="vi").provenance["options"]["csv_locale"] == "vi"
    assert not {"percent_scale", "csv_locale", "keep_going"} & set(vs.evaluate(frame).provenance["options"])


# ---- what a researcher naturally passes gets a clear answer ----

def _explain_inputs():
    from villagescore.explain import explain

    registry = vs.Registry.default()
    framework = vs.load_framework(None, registry)
    return explain, vs.Engine(registry), framework, registry


def test_explain_takes_a_dataframe_and_refuses_a_result_saying_what_to_pass():
    from villagescore.errors import ExplainError

    explain, engine, framework, registry = _explain_inputs()
    from_frame = explain(engine, framework, _frame(), "phung-xa-my-duc", year=2025)
    from_file = explain(engine, framework, vs.read_dataset(PHUNG_XA, registry, framework=framework),
                        "phung-xa-my-duc", year=2025)
    assert from_frame.to_dict(lang="en")["overall"] == from_file.to_dict(lang="en")["overall"]
    with pytest.raises(ExplainError, match=r"explain takes the data that was scored: .* not Result") as caught:
        explain(engine, framework, vs.evaluate(PHUNG_XA), "phung-xa-my-duc")
    assert "không nhận Result" in caught.value.text("vi")


def test_read_dataset_takes_a_dataframe_as_frame_dataset_does():
    registry = vs.Registry.default()
    dataset = vs.read_dataset(_frame(), registry)
    assert dataset.path == "<DataFrame>" and len(dataset.frame) == 2


def test_load_table_takes_a_result_file_path_and_says_what_it_takes(tmp_path):
    from villagescore.compare import load_table

    path = tmp_path / "v.json"
    path.write_bytes(vs.evaluate(PHUNG_XA).to_json())
    assert len(load_table([("2024", path)]).villages) == len(load_table([("2024", str(path))]).villages) == 2
    with pytest.raises(VillageScoreError, match=r"load_table takes \(label, source\) pairs.*not int"):
        load_table([("2024", 7)])


@pytest.mark.parametrize("call", [
    lambda r: r.to_frame(lang="fr"), lambda r: r.summary_frame(lang="fr"), lambda r: r.village_dict(0, lang="fr"),
    lambda r: r.to_dict(lang="fr"),
    lambda r: __import__("villagescore.compare", fromlist=["compare"]).compare(
        __import__("villagescore.compare", fromlist=["load_table"]).load_table([("a", r)]), lang="fr"),
])
def test_an_unknown_language_is_one_clear_error_everywhere(call):
    from villagescore.errors import OptionError

    with pytest.raises(OptionError, match=r"unknown language 'fr': use one of vi, en") as caught:
        call(vs.evaluate(PHUNG_XA))
    assert isinstance(caught.value, ValueError) and "ngôn ngữ không xác định" in caught.value.text("vi")



def test_values_not_scored_for_an_unknown_limit_are_warned_of_and_kept_as_on_the_command_line():
    import pandas as pd

    from villagescore.i18n import use_language
    from villagescore.limit_gaps import LimitWarning

    frame = pd.read_csv(bundled.path(bundled.PILOT), dtype=str, keep_default_na=False)
    frame.loc[frame["year"] == "2025", "facilities_existing_before_new_qcvn"] = ""  # 'keeps the old version?' unsaid
    use_language("en")
    try:
        with pytest.warns(vs.DataWarning, match=r"'effluent_cod_mg_l'.*not scored") as caught:
            result = vs.evaluate(frame)
    finally:
        use_language(None)
    (warned,) = [w.message for w in caught if "'effluent_cod_mg_l'" in str(w.message)]
    assert "facilities_existing_before_new_qcvn" in str(warned)  # the field to fill
    assert "không được chấm điểm" in warned.text("vi")
    kept = [w for w in result.warnings if isinstance(w, LimitWarning)]
    assert kept and "effluent_cod_mg_l" in kept[0].format("en")  # kept, as validate lists them
    clean = pd.read_csv(bundled.path(bundled.PILOT), dtype=str, keep_default_na=False)
    assert not [w for w in vs.evaluate(clean).warnings if isinstance(w, LimitWarning)]


def test_a_dataframe_s_unknown_limit_warnings_name_its_rows_by_index_label():
    """Left out on the eighth walk: rows were named by number only, with the village-year beside."""
    import pandas as pd

    from villagescore.limit_gaps import LimitWarning

    frame = pd.read_csv(bundled.path(bundled.PILOT), dtype=str, keep_default_na=False)
    frame.index = [f"r{100 + k}" for k in range(len(frame))]
    rows = frame.index[frame["year"] == "2025"]
    frame.loc[rows, "facilities_existing_before_new_qcvn"] = ""
    frame = pd.concat([frame.iloc[:1].assign(village_id="", name=""), frame])  # a blank row first: labels by row
    frame.index = ["blank", *frame.index[1:]]
    with pytest.warns(vs.DataWarning):
        result = vs.evaluate(frame, keep_going=True)
    (kept, *_) = [w for w in result.warnings if isinstance(w, LimitWarning)]
    position = list(frame.index).index(rows[0])
    assert kept.indexes[0] == repr(rows[0]) and kept.rows[0] == position + 2
    assert f"{position + 2} (index {rows[0]!r})" in kept.format("en")
    assert f"{position + 2} (chỉ mục {rows[0]!r})" in kept.format("vi")
    assert kept.to_dict("en")["indexes"][0] == repr(rows[0])
    file_kept = [w for w in vs.evaluate(bundled.path(bundled.PILOT)).warnings if isinstance(w, LimitWarning)]
    assert all(w.indexes == () and "index" not in w.to_dict("en") for w in file_kept)


def test_a_dataframe_cell_holding_half_a_character_is_a_dataset_problem_not_a_unicode_traceback():
    frame = _frame().astype({"name": object})  # Python text: pyarrow's cannot hold the half character at all
    frame.loc[0, "name"] = "L\ud800ng"
    with pytest.raises(VillageScoreError, match=r"a cell contains '\\ud800', half of a character"):
        vs.evaluate(frame)


@pytest.mark.parametrize(("data", "said"), [
    ("series", "a pandas Series (one row or one column), not a DataFrame"),
    ("records", "the data is a list, not a DataFrame: pass pandas.DataFrame(data)"),
    ("columns", "the data is a dict, not a DataFrame: pass pandas.DataFrame(data)"),
    ("number", "the data must be a dataset file's path or a pandas DataFrame, not int"),
])
def test_data_that_is_not_a_dataframe_is_refused_saying_what_to_pass(data, said):
    from villagescore.errors import OptionError

    frame = _frame()
    given = {"series": frame.iloc[0], "records": frame.to_dict("records"), "columns": frame.to_dict("list"),
             "number": 5}[data]
    with pytest.raises(OptionError, match=re.escape(said)) as caught:
        vs.evaluate(given)
    assert "DataFrame" in caught.value.text("vi")


@pytest.mark.parametrize(("villages", "said"), [
    (5, "villages must be a village id or name, or a list of them, not int (5)"),
    ([], "villages is empty, which would choose no village"),
])
def test_villages_that_choose_nothing_or_are_not_names_are_refused(villages, said):
    from villagescore.errors import OptionError

    with pytest.raises(OptionError, match=re.escape(said)):
        vs.evaluate(_frame(), villages=villages)


def test_metadata_that_is_not_a_mapping_is_refused():
    from villagescore.errors import OptionError

    with pytest.raises(OptionError, match=re.escape("metadata must be a mapping (a dict as in NAME.meta.json: "
                                                    '{"columns": …}), not list')):
        vs.evaluate(_frame(), metadata=[1])


def test_an_empty_dataframe_is_said_to_have_no_rows_and_each_problem_is_listed_once():
    from villagescore.errors import DatasetError

    with pytest.raises(DatasetError, match="the DataFrame has no rows") as caught:
        vs.evaluate(_frame().iloc[:0])
    assert "has a header" not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__  # a notebook shows the list once


@pytest.mark.parametrize("through", ["keyword", "registry", "environment"])
def test_the_catalogue_files_of_an_api_run_are_recorded_as_the_command_line_records_them(
        tmp_path, monkeypatch, through):
    """Seventeenth walk: ``--catalogue`` was recorded in the options, the API's catalogues were not."""
    import shutil

    from villagescore.reports.command_line import options_text

    catalogue = tmp_path / "bronze-casting.yaml"
    shutil.copy(REPO / "docs/examples/catalogues/bronze-casting.yaml", catalogue)
    monkeypatch.delenv("VILLAGESCORE_CATALOGUES", raising=False)
    assert "catalogue" not in vs.evaluate(PILOT).provenance["options"]
    if through == "keyword":
        result = vs.evaluate(PILOT, catalogues=[catalogue])
    elif through == "registry":
        result = vs.evaluate(PILOT, registry=vs.Registry.default(catalogues=[catalogue]))
    else:
        monkeypatch.setenv("VILLAGESCORE_CATALOGUES", str(catalogue))
        result = vs.evaluate(PILOT, registry=vs.Registry.default())
    options = result.provenance["options"]
    assert options["catalogue"] == ["bronze-casting.yaml"]
    assert "catalogues=['bronze-casting.yaml']" in options_text(options)


def test_catalogues_with_a_registry_are_refused_saying_why():
    with pytest.raises(VillageScoreError, match="catalogues or registry, not both") as caught:
        vs.evaluate(PILOT, registry=vs.Registry.default(), catalogues=["x.yaml"])
    assert "không dùng cùng lúc" in caught.value.text("vi")


def test_the_default_registry_reads_its_environment_variables_at_each_call_not_once_per_kernel(tmp_path, monkeypatch):
    """Audit 17 (notebook): setting VILLAGESCORE_CATALOGUES or _DISABLE_PLUGINS after a first evaluate was ignored."""
    import shutil

    from villagescore.api import default_registry

    catalogue = tmp_path / "bronze-casting.yaml"
    shutil.copy(REPO / "docs/examples/catalogues/bronze-casting.yaml", catalogue)
    for name in ("VILLAGESCORE_CATALOGUES", "VILLAGESCORE_DISABLE_PLUGINS", "VILLAGESCORE_LOAD_PLUGINS"):
        monkeypatch.delenv(name, raising=False)
    assert "catalogue" not in vs.evaluate(PILOT).provenance["options"]
    first = default_registry()
    assert default_registry() is first and "weaving" in first.sectors  # the same values: built once
    monkeypatch.setenv("VILLAGESCORE_CATALOGUES", str(catalogue))
    assert vs.evaluate(PILOT).provenance["options"]["catalogue"] == ["bronze-casting.yaml"]
    assert "bronze_casting" in default_registry().sectors
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(text.replace("Bronze casting", "Bronze and brass casting"), encoding="utf-8")
    os.utime(catalogue, ns=(catalogue.stat().st_atime_ns, catalogue.stat().st_mtime_ns + 10**9))
    assert default_registry().sectors["bronze_casting"].label["en"] == "Bronze and brass casting"  # saved again
    monkeypatch.setenv("VILLAGESCORE_DISABLE_PLUGINS", "weaving")
    assert "weaving" not in default_registry().sectors
    monkeypatch.delenv("VILLAGESCORE_DISABLE_PLUGINS")
    monkeypatch.delenv("VILLAGESCORE_CATALOGUES")
    assert default_registry() is first


def test_any_path_like_is_taken_as_the_data_and_the_framework(tmp_path):
    """Audit 17 (notebook): an os.DirEntry or a PurePath was refused ("must be a dataset file's path")."""
    import pathlib
    import shutil

    for source in (PILOT, PILOT.with_suffix(".meta.json")):  # the data and its sidecar
        shutil.copy(source, tmp_path / source.name)
    entry = next(e for e in os.scandir(tmp_path) if e.name == PILOT.name)
    expected = vs.evaluate(PILOT).to_frame()
    framework = pathlib.PurePath(REPO / "plugins/villagescore_vn_ttcn/vn-ttcn-sustainable.yaml")
    for data in (entry, pathlib.PurePath(entry.path)):
        assert vs.evaluate(data).to_frame().equals(expected)
        assert vs.evaluate(data, framework=framework).provenance["options"]["framework"] == "vn-ttcn-sustainable"
