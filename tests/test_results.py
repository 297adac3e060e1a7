"""The Result's plain forms: the pinned JSON shape, its schema, determinism."""

import json

from villagescore import schemas


def test_json_follows_the_pinned_shape_and_validates(toy_result):
    data = json.loads(toy_result.to_json())
    schemas.validator("result").validate(data)
    prov = data["provenance"]
    assert set(prov) >= {"engine_version", "framework", "dataset", "plugins"}
    assert set(prov["framework"]) >= {"id", "version", "sha256"}
    assert {"name": "toy", "version": "9.9.9"} in prov["plugins"]
    v1 = data["villages"][0]
    assert set(v1) >= {"village_id", "name", "province", "sectors", "year", "overall", "pillars", "indicators",
                       "gates"}
    assert v1["overall"] == {"score": 88.3333, "coverage": 1.0, "rating": "high", "rating_label": "High"}
    assert v1["pillars"]["env"] == {"score": 82.5, "coverage": 1.0, "status": "scored"}
    ind = v1["indicators"][1]
    assert (ind["id"], ind["pillar"], ind["criterion"], ind["value"], ind["score"], ind["status"]) == (
        "toy.c", "env", "env.one", 25.0, 100.0, "scored")
    assert ind["references"][0]["document"] == "Toy rule 1/2020"


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
