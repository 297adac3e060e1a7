"""A framework whose gates compare with a legal limit, on two regulation versions with a transitional rule.

``rule-2011`` (until 2025-08-31, kept to 2031-12-31 for village-years whose ``flag`` is yes)
sets COD by ``zone``: A 75, B 150. ``rule-2025`` (2025-09-01 to 2029-12-31) sets one value,
60, for column A only: a gate that names column B has no limit under it.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

from villagescore import Limit, Regulation

OLD = Regulation("rule-2011", "Rule 40:2011: effluent", "secondary", valid_to="2025-08-31",
                 limits=(Limit("cod", "COD", "mg/L", "secondary", provision="Table 1", by_field="zone",
                               values={"A": {"value": 75}, "B": {"value": 150}}),),
                 transition={"until": "2031-12-31", "field": "flag"})
NEW = Regulation("rule-2025", "Rule 40:2025: effluent", "unverified", valid_from="2025-09-01", valid_to="2029-12-31",
                 limits=(Limit("cod", "COD", "mg/L", "unverified", column="A", value=60),))

GATES = [
    {"id": "cod-b", "label": {"vi": "COD cột B", "en": "COD column B"}, "indicator": "toy.c",
     "condition": {"on": "value", "op": "<=", "limit": {"column": "B"}}, "cap": "low", "on_missing": "ignore"},
    {"id": "cod-own", "indicator": "toy.c", "condition": {"on": "value", "op": "<=", "limit": {}}, "cap": "low",
     "on_missing": "ignore"},
    {"id": "cod-150", "indicator": "toy.c", "condition": {"on": "value", "op": "<=", "value": 150}, "cap": "low",
     "on_missing": "ignore"},
]

DOC: dict[str, Any] = {
    "id": "gated", "version": "1.0", "title": {"vi": "Thử", "en": "Gated"},
    "pillars": [{"id": "p", "label": {"vi": "P", "en": "P"}, "weight": 1, "criteria": [
        {"id": "c", "label": {"vi": "C", "en": "C"}, "weight": 1, "indicators": [
            {"id": "toy.a", "weight": 1},
            {"id": "toy.c", "weight": 1, "threshold": {"versions": [
                {"regulation": "rule-2011", "limit": "cod"}, {"regulation": "rule-2025", "limit": "cod"}]}},
            {"id": "toy.flag", "weight": 1}]}]}],
    "gates": GATES,
    "rating": {"tiers": [{"id": "high", "label": {"vi": "Cao", "en": "High"}, "min_score": 50},
                         {"id": "low", "label": {"vi": "Thấp", "en": "Low"}, "min_score": 0}]},
}

#: (year, survey_date, zone, flag) → the bound of cod-b, cod-own
ROWS = [
    ({"year": 2024, "zone": "A", "flag": 0}, 150.0, 75.0),  # 31/12/2024: rule-2011
    ({"year": 2025, "survey_date": "2025-06-30", "zone": "B", "flag": 0}, 150.0, 150.0),
    ({"year": 2025, "survey_date": "2025-10-01", "zone": "B", "flag": 0}, None, 60.0),  # rule-2025: no column B
    ({"year": 2025, "survey_date": "2025-10-01", "zone": "A", "flag": 1}, 150.0, 75.0),  # kept by the transition
    ({"year": 2032, "zone": "A", "flag": 1}, None, None),  # no version in force, the transition over
    ({"year": 2024, "zone": None, "flag": 0}, 150.0, None),  # no zone: column B is fixed by the gate
]


def registry(toy_registry: Any) -> Any:
    """The toy registry with both regulations declared."""
    return dataclasses.replace(toy_registry, regulations={**toy_registry.regulations, "rule-2011": OLD,
                                                          "rule-2025": NEW})


def document(**changes: Any) -> dict[str, Any]:
    """A copy of :data:`DOC`; ``gate=…`` replaces the gates by one."""
    doc = copy.deepcopy(DOC)
    if "gate" in changes:
        doc["gates"] = [changes.pop("gate")]
    doc.update(changes)
    return doc


def rows(c: float = 100.0) -> list[dict[str, Any]]:
    """One village-year per case of :data:`ROWS`, each with COD ``c`` and indicator A at 80."""
    out = []
    for k, (row, _, _) in enumerate(ROWS):
        cells = {"village_id": f"v{k}", "a": 80, "c": c, **row}
        out.append({key: value for key, value in cells.items() if value is not None})
    return out


#: Vietnamese titles a third-party plugin declares for its regulations (the core knows no word of them).
TITLES = {"rule-2011": {"vi": "về nước thải của làng nghề", "en": "effluent"},
          "rule-2025": {"vi": "về nước thải của làng nghề (2025)", "en": "effluent (2025)"}}


def titled_registry(toy_registry: Any) -> Any:
    """:func:`registry` with the regulations' Vietnamese titles declared (:data:`TITLES`)."""
    reg = registry(toy_registry)
    return dataclasses.replace(reg, regulations={**reg.regulations, **{
        rid: dataclasses.replace(reg.regulations[rid], title=title) for rid, title in TITLES.items()}})


def titled_store(path: Any, toy_registry: Any) -> Any:
    """A store at ``path``: one evaluation of :data:`DOC` on :func:`rows`, the regulations titled (:data:`TITLES`)."""
    from villagescore.engine import Engine
    from villagescore.framework import resolve_framework
    from villagescore.store import Store
    from villagescore.testing import make_dataset

    reg = titled_registry(toy_registry)
    fw = resolve_framework(document(), reg, name="gated.yaml")
    with Store(path, create=True) as store:
        store.add(Engine(reg).evaluate(fw, make_dataset(rows(), reg)))
    return path
