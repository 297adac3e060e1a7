"""The village page's notices and gates, from what the store kept (no Datasette needed)."""

import pytest


@pytest.mark.parametrize(("lang", "kind", "warning", "share"), [
    ("vi", "không phải số liệu thực đo", "CẢNH BÁO", "95 %"),
    ("en", "not real measured data", "WARNING", "95 %"),
])
def test_a_stored_year_says_what_every_report_says_of_its_data(lang, kind, warning, share):
    """Audit 15: the served page printed no notice; a synthetic village's scores showed as if measured."""
    from villagescore.serve.notices import year_notices

    provenance = {"dataset": {"kind": "synthetic"}, "rows_left_out": {"rows": [{"row": 7, "village_id": "x",
                                                                              "year": 2024}]},
                  "unverified_limits": {"policy": "exclude", "left_out": {"a.b": 12, "c.d": 3}}}
    left_out = {"a.b": {"vi": "BOD5 nước thải", "en": "Effluent BOD5"}}
    notices = year_notices(provenance, 0.95, left_out, lang)
    assert [n["key"] for n in notices] == ["kind", "estimates", "left_out", "unverified"]
    assert kind in notices[0]["text"] and not notices[0]["warning"]
    assert share in notices[1]["text"] and warning in notices[1]["text"] and notices[1]["warning"]
    assert "7 (x 2024)" in notices[2]["text"]
    # its own indicators left out, not the evaluation's counts
    assert "(a.b) ×1" in notices[3]["text"] and "c.d" not in notices[3]["text"]
    label = left_out["a.b"][lang]
    assert label in notices[3]["text"]


def test_a_measured_year_with_few_estimates_says_its_share_alone_and_an_unrecorded_share_is_said_unknown():
    from villagescore.i18n import t
    from villagescore.serve.notices import year_notices

    assert year_notices({"dataset": {"kind": "measured"}}, 0.1, {}, "en") == [
        {"key": "estimates", "text": "Estimated inputs: 10 %", "warning": False}]
    assert year_notices({}, None, {}, "vi")[0]["text"] == t("targets.estimates_not_stored", "vi")


def test_the_gates_that_fired_are_split_into_failed_and_not_judged():
    """Audit 15: one list "failed or not judged" did not say which gate was which, though the store knows."""
    from villagescore.reports.notices import gate_why
    from villagescore.serve.notices import gate_lists

    labels = {"g.a": "A (g.a)", "g.b": "B (g.b)"}
    split = gate_lists(["g.a", "g.b"], "g.a=failed;g.b=unknown;g.c=not_applicable", labels, "vi")
    assert split == {"failed": ["A (g.a)"], "not_judged": [f"B (g.b) — {gate_why('unknown', 'vi')}"], "unsplit": []}
    # stored before the gates' status was: said under the heading that covers both
    assert gate_lists(["g.a"], None, labels, "en") == {"failed": [], "not_judged": [], "unsplit": ["A (g.a)"]}
