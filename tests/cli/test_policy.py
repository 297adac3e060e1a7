"""``--unverified-limits``: a run overrides the framework's policy for limits of confidence unverified."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from villagescore import bundled
from villagescore.cli import cli

PILOT = str(bundled.path(bundled.PILOT))
VILLAGES = str(bundled.path("villages/villages.csv"))


def _run(*args):
    res = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return res.stdout


def _scores(text):
    rows = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    return {(r["village_id"], r["year"]): (r["overall_score"], r["rating"]) for r in rows}


def test_the_option_overrides_the_framework_and_score_gives_the_scores_of_framework_1_3_0():
    framework = _scores(_run("pilot", "--format", "csv", "--lang", "en"))
    scored = _scores(_run("pilot", "--format", "csv", "--lang", "en", "--unverified-limits", "score"))
    excluded = _scores(_run("pilot", "--format", "csv", "--lang", "en", "--unverified-limits", "exclude"))
    assert excluded == framework  # the default framework's own policy is exclude
    # 1.3.0 scored against the QCVN 13-MT:2015 candidates: 37.0549 and 52.8409, in the same tiers
    assert scored == {("phung-xa-my-duc", "2021"): ("37.0549", "not_yet_sustainable"),
                      ("phung-xa-my-duc", "2025"): ("52.8409", "needs_improvement")}
    # 2025 also leaves out the noise indicators: QCVN 26:2010 after QCVN 26:2025 was issued on 15/05/2025
    assert framework == {("phung-xa-my-duc", "2021"): ("35.0506", "not_yet_sustainable"),
                         ("phung-xa-my-duc", "2025"): ("55.0225", "needs_improvement")}


def test_the_result_records_the_policy_and_where_it_came_from():
    own = json.loads(_run("evaluate", PILOT, "--format", "json"))["provenance"]
    assert own["unverified_limits"]["policy"] == "exclude" and own["unverified_limits"]["source"] == "framework"
    assert own["unverified_limits"]["left_out"]["weaving.dye_effluent_cod"] == 2
    assert "unverified_limits" not in own["options"]
    chosen = json.loads(_run("evaluate", PILOT, "--format", "json", "--unverified-limits", "score"))["provenance"]
    assert chosen["unverified_limits"] == {"policy": "score", "source": "option", "left_out": {}}
    assert chosen["options"]["unverified_limits"] == "score"
    assert chosen["framework"]["resolved_sha256"] != own["framework"]["resolved_sha256"]


def test_the_read_options_that_change_the_reading_are_recorded_and_printed(tmp_path):
    """``--percent-scale fraction`` multiplied a column by 100 and was lost (audit finding 15)."""
    vi = tmp_path / "pilot-vi.csv"  # the pilot saved with Vietnamese regional settings: ';' and decimal commas
    with open(PILOT, encoding="utf-8-sig", newline="") as f:
        rows = [[c.replace(".", ",") if c.replace(".", "", 1).replace("-", "", 1).isdigit() else c for c in row]
                for row in csv.reader(f)]
    with open(vi, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=";").writerows(rows)
    given = json.loads(_run("evaluate", vi, "--format", "json", "--percent-scale", "percent", "--csv-locale", "vi",
                            "--keep-going"))["provenance"]["options"]
    assert given["percent_scale"] == "percent" and given["csv_locale"] == "vi" and given["keep_going"] is True
    plain = json.loads(_run("evaluate", PILOT, "--format", "json", "--percent-scale", "auto"))["provenance"]["options"]
    assert "percent_scale" not in plain and "csv_locale" not in plain  # at their defaults: as before
    for lang, heading in (("vi", "Lệnh và tuỳ chọn"), ("en", "Command and options")):
        out = _run("evaluate", PILOT, "--format", "md", "--lang", lang, "--percent-scale", "percent")
        line = next(x for x in out.splitlines() if heading in x)
        assert "--percent-scale percent" in line


@pytest.mark.parametrize("lang, heading, line", [
    ("en", "Not scored: limit unverified (candidate values, or versions not verified to be in force on that date; "
           "to be checked before use):",
     "• Dye-house effluent COD (weaving.dye_effluent_cod): QCVN 13-MT:2015/BTNMT (qcvn-13-mt-2015)"),
    ("vi", "Không chấm điểm vì giới hạn chưa được kiểm chứng (giá trị ứng viên, hoặc phiên bản chưa được kiểm chứng "
           "còn hiệu lực vào ngày đó; phải kiểm tra trước khi dùng):",
     "(weaving.dye_effluent_cod): QCVN 13-MT:2015/BTNMT (qcvn-13-mt-2015)")])
def test_the_pilot_table_lists_the_indicators_not_scored(lang, heading, line):
    out = " ".join(_run("pilot", "--lang", lang).split())
    assert heading in out and " ".join(line.split()) in out
    assert heading not in " ".join(_run("pilot", "--lang", lang, "--unverified-limits", "score").split())


def test_the_evaluate_table_says_what_was_left_out_and_what_was_scored():
    out = " ".join(_run("evaluate", VILLAGES, "--lang", "en").split())
    # 12: the noise of the 2025 village-years too (QCVN 26:2010 after QCVN 26:2025 was issued)
    assert ("Limits unverified (candidate values, or versions not verified to be in force on that date; must be "
            "checked before use) were not used: 12 ") in out
    scored = " ".join(_run("evaluate", VILLAGES, "--lang", "en", "--unverified-limits", "score").split())
    assert "Scored against limits unverified as well (--unverified-limits score)" in scored


def test_explain_sensitivity_and_compare_take_the_option():
    plan = json.loads(_run("explain", PILOT, "--village", "phung-xa-my-duc", "--format", "json"))["plan"]
    assert [x["indicator"] for x in plan["limits_to_verify"]][:4] == [
        "environment.noise_day", "environment.noise_night", "sericulture.degumming_bod5", "sericulture.degumming_cod"]
    noise = plan["limits_to_verify"][0]["advice"]
    assert "sau ngày 14/05/2025 chưa được kiểm chứng: văn bản thay thế (qcvn-26-2025) đã được ban hành" in noise
    scored = json.loads(_run("explain", PILOT, "--village", "phung-xa-my-duc", "--format", "json",
                             "--unverified-limits", "score"))
    assert scored["plan"]["limits_to_verify"] == [] and scored["overall"]["score"] == pytest.approx(52.8409)
    sens = json.loads(_run("sensitivity", PILOT, "--samples", "8", "--format", "json", "--unverified-limits",
                           "score"))
    assert sens["villages"][0]["nominal"]["score"] == pytest.approx(52.8409)
    ranked = _run("compare", VILLAGES, "--format", "csv", "--unverified-limits", "score")
    assert "57.61" in ranked and "58.69" not in ranked  # Dương Ổ as framework 1.3.0 scored it


def test_an_unknown_policy_is_a_usage_error_not_a_traceback():
    res = CliRunner().invoke(cli, ["pilot", "--unverified-limits", "sometimes", "--lang", "en"])
    assert res.exit_code == 2 and "'sometimes' is not one of 'exclude', 'score'" in res.output
    assert "Traceback" not in res.output


def test_store_add_keeps_a_run_under_another_policy_as_another_evaluation(tmp_path):
    store = tmp_path / "s.sqlite"
    _run("store", "add", PILOT, "--store", store, "--plans", "none", "--lang", "en")
    _run("store", "add", PILOT, "--store", store, "--plans", "none", "--lang", "en", "--unverified-limits", "score")
    evaluations = json.loads(_run("store", "list", "--store", store, "--format", "json"))["evaluations"]
    hashes = {e["framework"]["resolved_sha256"] for e in evaluations}
    assert len(evaluations) == 2 and len(hashes) == 2  # the resolved framework says the policy applied



@pytest.mark.parametrize("through", ["option", "environment"])
def test_a_catalogue_file_loaded_is_recorded_so_the_printed_command_gives_the_same_result(tmp_path, monkeypatch,
                                                                                          through):
    import shutil
    from pathlib import Path

    from villagescore.reports.command_line import options_text

    catalogue = tmp_path / "bronze-casting.yaml"
    shutil.copy(Path(__file__).resolve().parents[2] / "docs/examples/catalogues/bronze-casting.yaml", catalogue)
    monkeypatch.delenv("VILLAGESCORE_CATALOGUES", raising=False)
    assert "catalogue" not in json.loads(_run("pilot", "--format", "json"))["provenance"]["options"]
    if through == "environment":
        monkeypatch.setenv("VILLAGESCORE_CATALOGUES", str(catalogue))
        args = ["pilot", "--format", "json"]
    else:
        args = ["--catalogue", catalogue, "pilot", "--format", "json"]
    options = json.loads(_run(*args))["provenance"]["options"]
    assert options["catalogue"] == ["bronze-casting.yaml"]
    assert options_text(options).startswith("villagescore --catalogue bronze-casting.yaml pilot ")
