"""A village-year whose pillar went unscored is marked where it is ranked and compared over time (audit, policy team).

The auditor's case in miniature: the pilot village's 2025 survey lacks most environment inputs
(in the audit, effluent limits with no regulation version in force counted as missing), so its
environment pillar is unscored, the overall score rests on three pillars and "rises" by 24 points.
"""

import json
import warnings

import pandas as pd
import pytest
from click.testing import CliRunner

import villagescore as vs
from tests.conftest import REPO
from villagescore.cli import cli
from villagescore.compare import compare, load_table

PILOT = REPO / "datasets" / "phung-xa" / "phung-xa.csv"
ENVIRONMENT = ["environmental_protection_plan", "env_self_management_level", "drainage_connected_pct",
               "wastewater_treated_pct", "noise_day_dba", "noise_night_dba", "tsp_24h_ug_m3", "pm10_24h_ug_m3",
               "solid_waste_collected_pct", "hazardous_waste_handled_pct", "facilities_permitted_pct",
               "clean_process_heat_pct", "material_use_reduction_pct", "receiving_water_bod5_mg_l",
               "households_waste_separating_pct", "energy_saving_pct"]
EFFLUENT = ["effluent_cod_mg_l", "effluent_bod5_mg_l", "effluent_tss_mg_l", "effluent_nh4_mg_l"]
WHO = "phung-xa-my-duc"


def _pilot(*, no_limit: bool) -> pd.DataFrame:
    """The pilot with its 2025 environment inputs blank; ``no_limit``: effluents kept, no effluent limit in force."""
    frame = pd.read_csv(PILOT, dtype=str, keep_default_na=False)
    late = frame["year"] == "2025"
    frame.loc[late, ENVIRONMENT + ([] if no_limit else EFFLUENT)] = ""
    if no_limit:  # the new QCVN's transitional rule does not apply: no version in force on 31/12/2025
        frame.loc[late, "facilities_existing_before_new_qcvn"] = "no"
    return frame


def _compare(frame, lang="en", **options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return compare(load_table([("t", vs.evaluate(frame))]), lang=lang, **options)


@pytest.mark.parametrize("no_limit", [False, True])
def test_the_village_year_resting_on_fewer_pillars_is_marked_and_said_once(no_limit):
    out = _compare(_pilot(no_limit=no_limit))
    (change,) = out["over_time"]["changes"]
    assert change["to"]["pillars_unscored"] == ["environment"] and "pillars_unscored" not in change["from"]
    (row,) = out["rankings"]["rows"]  # the latest year is ranked
    assert row["year"] == 2025 and row["pillars_unscored"] == ["environment"]
    assert row["pillars"]["environment"]["score"] is None and row["score"] == change["to"]["score"]  # unchanged
    (warning,) = [w for w in out["warnings"] if w["code"] == "pillars_unscored"]
    assert warning["count"] == 1 and warning["village_years"] == [f"{WHO}@2025"]
    assert f"Làng dệt Phùng Xá ({WHO}) 2025" in warning["message"] and "fewer pillars" in warning["message"]
    assert ("no regulation version in force" in warning["message"]) is no_limit


def test_the_cause_claims_no_value_when_none_was_given_for_the_limit_without_a_version():
    # the reviewer's case: 2025 with no QCVN 40 version in force and the effluent values blank as well
    frame = _pilot(no_limit=True)
    frame.loc[frame["year"] == "2025", EFFLUENT] = ""
    (warning,) = [w for w in _compare(frame)["warnings"] if w["code"] == "pillars_unscored"]
    assert "no regulation version in force" in warning["message"] and "values given" not in warning["message"]


def test_every_pillar_scored_is_not_marked():
    out = _compare(pd.read_csv(PILOT, dtype=str, keep_default_na=False))
    assert out["rankings"]["rows"][0]["pillars_unscored"] == []
    assert "pillars_unscored" not in out["over_time"]["changes"][0]["to"]
    assert not [w for w in out["warnings"] if w["code"] == "pillars_unscored"]


def test_the_warning_is_in_vietnamese():
    out = _compare(_pilot(no_limit=True), lang="vi")
    (warning,) = [w for w in out["warnings"] if w["code"] == "pillars_unscored"]
    assert "dựa trên ít trụ cột hơn" in warning["message"] and "không có phiên bản văn bản quy định" in \
        warning["message"]


def test_per_year_rankings_mark_only_the_year_unscored():
    rows = _compare(_pilot(no_limit=False), per_year=True)["rankings"]["rows"]
    assert {r["year"]: r["pillars_unscored"] for r in rows} == {2021: [], 2025: ["environment"]}


def test_compare_store_marks_and_warns_in_every_view(tmp_path):
    """The auditor's journey: ``compare --store`` said nothing; the views now mark the score and warn."""
    data = tmp_path / "pilot.csv"
    _pilot(no_limit=True).to_csv(data, index=False)
    (tmp_path / "pilot.meta.json").write_bytes(PILOT.with_suffix(".meta.json").read_bytes())
    store = tmp_path / "st.sqlite"
    res = CliRunner().invoke(cli, ["store", "add", "--store", str(store), str(data), "--plans", "none"])
    assert res.exit_code == 0, res.output

    def run(fmt, *extra):
        out = tmp_path / f"c.{fmt}"
        res = CliRunner().invoke(cli, ["compare", "--store", str(store), "--format", fmt, "-o", str(out),
                                       "--lang", "en", *extra])
        assert res.exit_code == 0, res.output
        return out.read_bytes().decode("utf-8-sig")

    doc = json.loads(run("json"))
    assert [w["code"] for w in doc["warnings"]].count("pillars_unscored") == 1
    assert doc["over_time"]["changes"][0]["to"]["pillars_unscored"] == ["environment"]
    md = run("md")
    assert "59.14 ◇" in md and "◇ a pillar of this village-year was left unscored" in md
    assert "59.14 ◇" in run("html")
    changes = run("csv", "--table", "changes").splitlines()
    assert changes[0].endswith("Pillars unscored from,Pillars unscored to") and changes[1].endswith(",environment")
    rankings = run("csv", "--table", "rankings").splitlines()
    assert rankings[0].endswith(",Pillars unscored") and rankings[1].endswith(",environment")
