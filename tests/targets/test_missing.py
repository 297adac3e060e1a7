"""villagescore.targets.missing: a target on an indicator the framework retired names where it can be measured."""

from .test_measure import ROWS, _data, _run, _target

RETIRED = {"statistic": "share", "condition": {"indicator": "environment.dust_tsp", "op": "<=", "value": 200}}


def _store_like(elsewhere):
    data = _data(ROWS)
    data.provenance = {"source": "store", "evaluations": [
        {"evaluation": 2, "framework": {"id": "fw-v2", "version": "2.0.0", "sha256": "9a55dc0f08479f9e"}},
        {"evaluation": 4, "framework": {"id": "fw-v2", "version": "2.0.0", "sha256": "9a55dc0f08479f9e"}}]}
    data._elsewhere = elsewhere
    return data


def test_a_retired_indicator_names_the_framework_and_the_evaluations_that_have_it():
    """Audit 14 #3: "the framework has no such indicator" named no framework, nor where to measure the target."""
    v1 = {"id": "fw", "version": "1.4.1", "sha256": "c62c7daa6b7c57a4", "evaluations": [1, 3]}
    data = _store_like(lambda ident: [v1] if ident == "environment.dust_tsp" else [])
    (missing,) = _run(data, _target(measure=RETIRED))["targets"][0]["missing_data"]
    assert missing["en"] == ("indicator environment.dust_tsp is not in the results: the framework fw-v2 2.0.0 has no "
                             "such indicator; the store's evaluations of fw 1.4.1 (sha256 c62c7daa6b7c) in "
                             "evaluation(s) #1, #3 have it: measure them with --framework fw@1.4.1")
    assert missing["vi"].startswith("chỉ số environment.dust_tsp không có trong kết quả: bộ tiêu chí fw-v2 2.0.0 ")
    assert "ở lần đánh giá #1, #3 có chỉ số này: hãy đo trên chúng bằng --framework fw@1.4.1" in missing["vi"]


def test_an_indicator_no_stored_framework_has_names_the_framework_alone():
    (missing,) = _run(_store_like(None), _target(measure=RETIRED))["targets"][0]["missing_data"]
    assert missing["en"] == ("indicator environment.dust_tsp is not in the results: the framework fw-v2 2.0.0 has no "
                             "such indicator")
