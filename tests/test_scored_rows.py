"""Which rows an evaluation scored, when not all of them, is recorded in provenance (villagescore.scored_rows).

Audit (thirteenth walk): ``vs.evaluate(path, villages=[…])`` recorded the dataset hash of the whole
file and nothing else, so the store took a subset and the whole for one evaluation.
"""

from __future__ import annotations

import dataclasses
import hashlib
import warnings
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
VILLAGES = REPO / "datasets" / "villages" / "villages.csv"
TWO = ["bat-trang-gia-lam", "van-phuc-ha-dong"]


def _evaluate(*args, **kwargs):
    import villagescore as vs

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the data's plausibility notes are not what is checked here
        return vs.evaluate(*args, **kwargs)


@pytest.fixture(scope="module")
def whole():
    return _evaluate(VILLAGES)


def test_a_subset_chosen_in_python_records_the_pairs_it_scored(whole):
    subset = _evaluate(VILLAGES, villages=list(reversed(TWO)))
    lines = "".join(f"{v},2024\n" for v in TWO)  # in (village_id, year) order, whatever the order asked
    assert subset.provenance["dataset"] == {**whole.provenance["dataset"],
                                            "rows_sha256": hashlib.sha256(lines.encode()).hexdigest()}


def test_every_row_records_nothing_more(whole):
    assert "rows_sha256" not in whole.provenance["dataset"]
    every = _evaluate(VILLAGES, villages=sorted(set(whole.frame["village_id"])))
    assert every.provenance == whole.provenance


def test_a_frame_filtered_after_reading_records_its_rows_as_villages_chosen_do():
    import villagescore as vs
    from villagescore.framework import load_framework

    registry = vs.Registry.default()
    framework = load_framework(None, registry)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dataset = vs.read_dataset(VILLAGES, registry, framework=framework)
    kept = dataset.frame[dataset.frame["village_id"].isin(TWO)]
    filtered = vs.Engine(registry).evaluate(framework, dataclasses.replace(dataset, frame=kept))
    chosen = vs.Engine(registry).evaluate(framework, dataset, village_ids=TWO)
    assert filtered.provenance["dataset"]["rows_sha256"] == chosen.provenance["dataset"]["rows_sha256"]
    assert "rows_sha256" not in vs.Engine(registry).evaluate(framework, dataset).provenance["dataset"]


def test_a_float_year_hashes_as_the_whole_year():
    import pandas as pd

    from villagescore.scored_rows import scored_rows

    class Read:
        frame = pd.DataFrame({"village_id": ["a", "b"], "year": [2024, 2025]})
        rows = None

    as_int = scored_rows(Read(), Read.frame.iloc[:1])
    as_float = scored_rows(Read(), Read.frame.iloc[:1].astype({"year": float}))
    assert as_int == as_float == {"rows_sha256": hashlib.sha256(b"a,2024\n").hexdigest()}
    assert scored_rows(Read(), Read.frame) == {}
