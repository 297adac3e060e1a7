"""The expanded (version-1) shape of a village record."""

import json

from villagescore.resultdoc import (
    expand,
)


def test_expand_gives_the_version_1_village_shape(toy_result):
    doc = json.loads(toy_result.to_json())
    for i, record in enumerate(doc["villages"]):
        assert expand(doc, record) == json.loads(json.dumps(toy_result.village_dict(i)))
