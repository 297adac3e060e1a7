"""villagescore.api: the keywords of ``evaluate``, what it warns of, and a DataFrame read like a file."""

from __future__ import annotations

import pytest

import villagescore as vs
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
    assert round(float(own.tree.overall_score[0]), 4) == 32.9354


def test_an_unknown_policy_is_a_clear_error():
    with pytest.raises(VillageScoreError, match="unverified_limits must be one of exclude, score, not 'yes'"):
        vs.evaluate(PILOT, unverified_limits="yes")


# ---- what the command line prints beside the scores is a DataWarning, kept on the result ----

PHUNG_XA = "datasets/phung-xa/phung-xa.csv"


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
    with pytest.warns(vs.DataWarning, match=r"1 invalid row\(s\) left out \(keep_going\): rows 2;"):
        result = vs.evaluate(frame, keep_going=True)
    assert result.provenance["rows_left_out"]["rows"][0]["row"] == 2 and len(result) == 1


def test_clean_data_warns_of_nothing(recwarn):
    vs.evaluate(PHUNG_XA)
    assert not [w for w in recwarn if issubclass(w.category, vs.DataWarning)]


def test_the_warnings_are_kept_beside_the_provenance_not_in_it():
    result = vs.evaluate(PHUNG_XA)
    assert "warnings" not in result.provenance and "notes" not in result.provenance
