"""Each indicator's flag in a village's details, as the result document's records have it."""

import json

import pytest

import villagescore as vs
from villagescore import bundled
from villagescore.resultdoc.codes import FLAGS

CODES = {text: code for code, text in FLAGS.items()}


@pytest.fixture(scope="module", params=["exclude", "score"])
def pilot(request):
    return vs.evaluate(bundled.path(bundled.PILOT), unverified_limits=request.param)


def test_the_village_details_flag_what_the_records_flag_transitional_included(pilot):
    """Seventeenth walk: ``village_dict`` never wrote ``transitional`` (nor ``limit_unverified_scored``)."""
    records = {(r["village_id"], r["year"]): r.get("flags") or {} for r in pilot.to_dict()["villages"]}
    for i in range(len(pilot)):
        v = pilot.village_dict(i)
        flags = {ind["id"]: CODES[ind["flag"]] for ind in v["indicators"] if ind.get("flag")}
        assert flags == records[(v["village_id"], v["year"])]
    assert "transitional" in records[("phung-xa-my-duc", 2025)].values()


def test_explain_says_the_transitional_flag_in_the_language_asked(pilot):
    from villagescore.explain import explain

    why = explain(vs.Engine(vs.Registry.default()), pilot.framework,
                  vs.read_dataset(bundled.path(bundled.PILOT), vs.Registry.default(), framework=pilot.framework),
                  "phung-xa-my-duc", year=2025)
    for lang, word in (("en", "transitional rule"), ("vi", "chuyển tiếp")):
        doc = json.loads(json.dumps(why.to_dict(lang=lang), default=str))
        items = [ind for p in doc["pillars"] for c in p["criteria"] for ind in c["indicators"]]
        kept = [ind for ind in items if ind.get("flag_code") == "transitional"]
        assert kept and all(word in ind["flag"] for ind in kept)
