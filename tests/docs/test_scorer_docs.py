"""docs/scoring.md §3 names every parameter of each built-in scorer, as its parameter schema has them, and no other."""

from __future__ import annotations

import re

import pytest

from tests.conftest import REPO
from villagescore.scoring import BUILTIN_SCORERS


def _documented_parameters() -> dict[str, set[str]]:
    """Each method of the scorers table with the ids written in code in its parameters column."""
    text = (REPO / "docs" / "scoring.md").read_text(encoding="utf-8")
    table = text.split("## 3. Scorers", 1)[1].split("\n\n", 2)[1]
    rows = [line.split(" | ") for line in table.splitlines() if line.startswith("| `")]
    return {row[0].strip("| `"): set(re.findall(r"`([a-z_]+)`", row[1])) for row in rows}


@pytest.mark.parametrize("scorer", BUILTIN_SCORERS, ids=lambda s: s.name)
def test_the_scorers_table_names_each_parameter_of_the_schema(scorer):
    documented = _documented_parameters()
    assert scorer.name in documented, f"docs/scoring.md §3 has no row for the built-in scorer {scorer.name!r}"
    assert documented[scorer.name] == set(scorer.params_schema["properties"]), (
        f"docs/scoring.md §3, {scorer.name}: the parameters column names {sorted(documented[scorer.name])}, "
        f"the schema has {sorted(scorer.params_schema['properties'])}")
