"""villagescore.versions_applied: where each version of a threshold applies, once per frame in a frame memo."""

import numpy as np
import pandas as pd

from villagescore import model
from villagescore.versions_applied import transition_flag, transition_window, versions_applied


def _threshold(limit_id):
    from villagescore.model import Threshold, ThresholdVersion
    from villagescore.objects import Limit, Regulation

    old = Regulation("old", "Old rule", "secondary", valid_to="2025-08-31",
                     transition={"until": "2031-12-31", "field": "existing"},
                     limits=(Limit(limit_id, "X", "mg/L", "verified", value=75),))
    new = Regulation("new", "New rule", "secondary", valid_from="2025-09-01",
                     limits=(Limit(limit_id, "X", "mg/L", "verified", value=60),))
    return Threshold((ThresholdVersion(old, old.limits[0]), ThresholdVersion(new, new.limits[0])), by_date=True)


_FRAME = pd.DataFrame({"year": [2024, 2025, 2025, 2026, None], "existing": [0.0, 1.0, 0.0, np.nan, 1.0],
                       "survey_date": [None, "2025-10-01", "2025-10-01", None, None]})


def test_thresholds_following_the_same_regulations_share_where_each_version_applies():
    cod, bod = _threshold("cod"), _threshold("bod")
    expected = [m.tolist() for m in versions_applied(cod.versions, _FRAME)]  # outside a block: every time
    # 2025-10-01 with the flag: kept under the old version; without it, the new one; no year: none
    assert expected == [[True, True, False, False, False], [False, False, True, True, False]]
    with model.frame_memo():
        shared = cod._applies(_FRAME)
        assert [m.tolist() for m in shared] == expected
        assert all(a is b for a, b in zip(bod._applies(_FRAME), shared, strict=True))  # the same versions: once
        assert not any(m.flags.writeable for m in shared)
        assert cod.version_index(_FRAME).tolist() == [0, 0, 1, 1, -1]
        np.testing.assert_array_equal(cod.limit(_FRAME), [75, 75, 60, 60, np.nan])


def test_the_transition_window_and_flag_are_read_once_per_frame():
    old = _threshold("cod").versions[0].regulation
    with model.frame_memo():
        window = transition_window(old, _FRAME)
        assert window.tolist() == [False, True, True, True, False]
        assert transition_window(old, _FRAME) is window
        flag = transition_flag("existing", _FRAME)
        np.testing.assert_array_equal(flag, [0.0, 1.0, 0.0, np.nan, 1.0])
        assert transition_flag("existing", _FRAME) is flag
    assert np.isnan(transition_flag("no_such_column", _FRAME)).all()


def test_in_force_on_day_numbers_is_what_comparing_the_dates_gives():
    import numpy as np

    from villagescore.versions_applied import _in_force

    class Regulation:
        def __init__(self, valid_from, valid_to):
            self.valid_from, self.valid_to = valid_from, valid_to

    dates = np.array(["2009-12-31", "2010-01-01", "2025-06-30", "2025-07-01", "NaT", "1969-12-31", "1970-01-01",
                      "2262-04-11", "9999-12-31", "-0001-01-01", "2031-12-31"], dtype="datetime64[D]")
    for valid_from, valid_to in [("2010-01-01", "2025-06-30"), ("2025-07-01", None), (None, "1970-01-01"), (None, None),
                                 ("1969-12-31", "1969-12-31"), ("0001-01-01", "9999-12-31")]:
        regulation = Regulation(valid_from, valid_to)
        expected = ~np.isnat(dates)
        if valid_from:
            expected &= dates >= np.datetime64(valid_from, "D")
        if valid_to:
            expected &= dates <= np.datetime64(valid_to, "D")
        assert _in_force(regulation, dates).tolist() == expected.tolist()
        seconds = dates.astype("datetime64[s]")  # another unit: compared as dates
        assert _in_force(regulation, seconds).tolist() == expected.tolist()


def _unsure_threshold(confidence="verified", by_date=True):
    from villagescore.model import Threshold, ThresholdVersion
    from villagescore.objects import Limit, Regulation

    old = Regulation("noise-old", "Old noise rule", "verified", replaced_by="noise-new",
                     in_force_verified_to="2025-05-14",
                     limits=(Limit("laeq", "LAeq", "dBA", confidence, value=70),))
    return Threshold((ThresholdVersion(old, old.limits[0]),), by_date=by_date)


def test_a_version_past_its_in_force_verified_to_has_unverified_limits_there():
    """A successor issued, its effective date unknown: the old limits are unverified after the last verified day."""
    frame = pd.DataFrame({"year": [2024, 2025, 2025, 2030], "survey_date": [None, "2025-05-14", "2025-05-15", None]})
    th = _unsure_threshold()
    assert th.unverified(frame).tolist() == [False, False, True, True]
    np.testing.assert_array_equal(th.limit(frame), [70, 70, 70, 70])  # still the limit applied: the policy decides
    with model.frame_memo():
        assert th.unverified(frame).tolist() == [False, False, True, True]


def test_a_pinned_version_past_its_in_force_verified_to_is_unverified_there_too():
    """Audit 16 #1: a threshold pinned the old way scored QCVN 26:2010 after 14/05/2025 as verified.

    The reports and ``framework show`` called it unverified; the score, the flag and the notice must agree.
    """
    from villagescore.gate import GateLimit

    frame = pd.DataFrame({"year": [2024, 2025, 2025, 2030], "survey_date": [None, "2025-05-14", "2025-05-15", None]})
    pinned = _unsure_threshold(by_date=False)
    assert pinned.unverified(frame).tolist() == [False, False, True, True]
    assert GateLimit(pinned).unverified(frame).tolist() == [False, False, True, True]
    assert pinned.limit(frame) == 70  # still applied whatever the date: the policy decides
    with model.frame_memo():
        assert pinned.unverified(frame).tolist() == [False, False, True, True]
    assert _unsure_threshold("unverified", by_date=False).unverified(frame).tolist() == [True] * 4


def test_in_force_verified_to_must_lie_within_the_versions_validity():
    import pytest

    from villagescore.errors import InvalidObjectError
    from villagescore.objects import Regulation

    with pytest.raises(InvalidObjectError, match="in_force_verified_to"):
        Regulation("r", "R", "verified", valid_to="2025-01-01", in_force_verified_to="2025-06-01")
    with pytest.raises(InvalidObjectError, match="in_force_verified_to"):
        Regulation("r", "R", "verified", valid_from="2025-01-01", in_force_verified_to="2024-06-01")
    with pytest.raises(InvalidObjectError, match="not a date"):
        Regulation("r", "R", "verified", in_force_verified_to="2025-13-01")


PINNED = """id: pinned-threshold
version: "0.1.0"
title: {vi: "Ngưỡng kiểu cũ", en: "Old-style threshold"}
status: example
defaults: {aggregator: weighted_arithmetic, missing_data: {policy: exclude, min_coverage: 0.5}}
pillars:
  - id: environment
    label: {vi: Môi trường, en: Environment}
    weight: 1
    criteria:
      - id: effluent
        label: {vi: Nước thải, en: Effluent}
        weight: 1
        indicators:
          - id: environment.effluent_cod
            weight: 1
            threshold: {regulation: qcvn-40-2011, limit: cod}
rating:
  tiers:
    - {id: good, label: {vi: Tốt, en: Good}, min_score: 70}
    - {id: poor, label: {vi: Yếu, en: Poor}, min_score: 0}
"""


def test_a_pinned_version_past_its_valid_to_is_flagged_pinned_not_transitional(tmp_path):
    """Audit 17 #3: QCVN 40:2011 pinned, 2026, transitional flag no: the pin keeps it, not its transitional rule."""
    import json

    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine
    from villagescore.framework import load_framework
    from villagescore.registry import Registry
    from villagescore.reports.regulations import regulation_rows
    from villagescore.versions_applied import kept_by_transition, pinned_past_validity

    registry = Registry.default()
    (tmp_path / "fw.yaml").write_text(PINNED, encoding="utf-8")
    (tmp_path / "cod.csv").write_text(
        "village_id,name,commune,province,year,sectors,effluent_cod_mg_l,discharge_column,"
        "facilities_existing_before_new_qcvn\n"
        "v-a,A,X,Hà Nội,2024,weaving,120,B,\n"
        "v-c,C,X,Hà Nội,2026,weaving,120,B,no\n"
        "v-d,D,X,Hà Nội,2026,weaving,120,B,yes\n", encoding="utf-8")
    result = Engine(registry).evaluate(load_framework(str(tmp_path / "fw.yaml"), registry),
                                       read_dataset(tmp_path / "cod.csv", registry))
    assert pinned_past_validity(result, 0).tolist() == [False, True, False]
    assert kept_by_transition(result, 0).tolist() == [False, False, True]  # only where its rule keeps it
    doc = json.loads(result.to_json())
    assert [v.get("flags") for v in doc["villages"]] == [
        {}, {"environment.effluent_cod": "pinned_past_validity"}, {"environment.effluent_cod": "transitional"}]
    assert "pinned_past_validity" in doc["flags"]
    for lang, words in (("en", "pinned version applied past its validity (valid_to 2025-08-31)"),
                        ("vi", "phiên bản được cố định vẫn áp dụng sau thời hạn hiệu lực (valid_to 31/08/2025)")):
        village = result.village_dict(1, lang=lang)
        [row] = regulation_rows(result, 1, village["indicators"], lang)
        assert words in row["regulation_text"] and "transitional" not in row["regulation_text"]
