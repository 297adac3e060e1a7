"""Property-based tests of the scoring semantics (DESIGN §3, §9) on generated toy datasets.

Frames are generated for the toy framework of ``tests/support`` (built-ins + toy plugin):
fields ``a``, ``b`` (0–100 %), ``c`` (≥ 0 mg/L, scored against a limit that depends on
``zone``), ``flag`` (yes/no), ``kind`` (x/y/z), ``total`` ≥ ``craft`` households, and one or
two sectors. Each example goes through the real pipeline: validation, indicators, scorers,
aggregation, gates and tiers. The toy framework aggregates with the weighted arithmetic rule
at every level, which is the rule the monotonicity property is stated for.
"""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.corpus.harness import TOY_FRAMEWORK, toy_registry
from villagescore.datasets import RawDataset, ReadOptions, validate
from villagescore.engine import Engine
from villagescore.framework import load_framework_document, resolve_framework

REGISTRY = toy_registry()
DOC, DIGEST, NAME = load_framework_document(TOY_FRAMEWORK)
FRAMEWORK = resolve_framework(DOC, REGISTRY, name=NAME, sha256=DIGEST)
ENGINE = Engine(REGISTRY)
SETTINGS = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

maybe = st.one_of  # readability: maybe(st.none(), x)


@st.composite
def village(draw, index: int) -> dict:
    total = draw(st.integers(1, 5000))
    return {
        "village_id": f"v{index:02d}",
        "name": f"Làng {index}",
        "commune": "Xã Một",
        "province": draw(st.sampled_from(["Hà Nội", "Bắc Ninh", "Huế"])),
        "sectors": draw(st.sampled_from(["alpha", "beta", "alpha;beta"])),
        "year": draw(st.sampled_from([2021, 2024])),
        "a": draw(maybe(st.none(), st.floats(0, 100))),
        "b": draw(maybe(st.none(), st.floats(0, 100))),
        "c": draw(maybe(st.none(), st.floats(0, 500))),
        "flag": draw(st.sampled_from([None, "1", "0", "có", "không"])),
        "zone": draw(st.sampled_from(["A", "B"])),
        "kind": draw(st.sampled_from([None, "x", "y", "z"])),
        "total": total,
        "craft": draw(st.integers(0, total)),
    }


@st.composite
def frames(draw, min_size: int = 1, max_size: int = 8) -> pd.DataFrame:
    n = draw(st.integers(min_size, max_size))
    return pd.DataFrame([draw(village(i)) for i in range(n)])


def evaluate(frame: pd.DataFrame, framework=FRAMEWORK):
    # the generated percentages may all fall below 1: say they are percentages, not fractions
    raw = RawDataset(frame.copy(), "generated.csv", "0" * 64, options=ReadOptions(percent_scale="percent"))
    return ENGINE.evaluate(framework, validate(raw, REGISTRY))


def node_scores(result) -> np.ndarray:
    """Criterion, pillar and overall scores side by side, one row per village."""
    tree = result.tree
    return np.column_stack([tree.criterion_score, tree.pillar_score, tree.overall_score])


# ---- scores stay in [0, 100] ----


@SETTINGS
@given(frames())
def test_every_score_is_in_0_100_or_missing(frame):
    result = evaluate(frame)
    for scores in (result.matrix.scores, node_scores(result)):
        present = scores[~np.isnan(scores)]
        assert ((present >= 0) & (present <= 100)).all()
    assert ((result.rating >= -1) & (result.rating < len(FRAMEWORK.tiers))).all()


# ---- monotonicity under the arithmetic rule ----

#: field -> (indicator, move in the good direction: new value from old value and a step in (0, 1])
IMPROVEMENTS = {
    "a": ("toy.a", lambda row, t: row["a"] + t * (100 - row["a"])),  # higher is better, max 100
    "b": ("toy.b", lambda row, t: row["b"] + t * (100 - row["b"])),
    "c": ("toy.c", lambda row, t: row["c"] * (1 - t)),  # lower is better, min 0
    "craft": ("toy.share", lambda row, t: row["craft"] + round(t * (row["total"] - row["craft"]))),
}


def _path_of(indicator: str) -> tuple[int, int]:
    crit = next(k for k, c in enumerate(FRAMEWORK.criteria) if any(i.id == indicator for i in c.indicators))
    pillar = next(k for k, p in enumerate(FRAMEWORK.pillars) if FRAMEWORK.criteria[crit] in p.criteria)
    return crit, pillar


@SETTINGS
@given(frames(max_size=5), st.sampled_from(sorted(IMPROVEMENTS)), st.floats(0.01, 1.0), st.data())
def test_improving_an_indicator_never_lowers_its_criterion_pillar_or_overall(frame, field, step, data):
    indicator, improve = IMPROVEMENTS[field]
    rows = [i for i in range(len(frame)) if pd.notna(frame.at[i, field])]
    if not rows:
        frame.at[0, field] = frame.at[0, "total"] // 2 if field == "craft" else 50.0
        rows = [0]
    i = data.draw(st.sampled_from(rows))
    better = frame.copy()
    better.at[i, field] = improve(frame.loc[i], step)
    before, after = evaluate(frame), evaluate(better)
    vid = frame.at[i, "village_id"]
    r0, r1 = before.row(vid), after.row(vid)
    crit, pillar = _path_of(indicator)
    levels = [(before.tree.criterion_score[r0, crit], after.tree.criterion_score[r1, crit]),
              (before.tree.pillar_score[r0, pillar], after.tree.pillar_score[r1, pillar]),
              (before.tree.overall_score[r0], after.tree.overall_score[r1])]
    for old, new in levels:
        assert np.isnan(old) == np.isnan(new)  # presence did not change, so neither did coverage
        if not np.isnan(old):
            assert new >= old - 1e-9


def test_improvement_example_by_hand():
    """The property on one worked case: v1 of toy.csv with a raised from 80 to 90.

    env.one = mean(toy.a, toy.c) = mean(80, 100) = 90 → mean(90, 100) = 95;
    env = mean(env.one, env.alpha 75) = 82.5 → 85; overall = (2·env + soc 100) / 3 = 88.33 → 90.
    """
    base = pd.read_csv(TOY_FRAMEWORK.parent / "toy.csv", dtype=str, keep_default_na=False).replace("", None)
    better = base.copy()
    better.at[0, "a"] = "90"
    r0, r1 = evaluate(base), evaluate(better)
    assert r0.tree.overall_score[0] == pytest.approx(88.3333, abs=1e-4)
    assert r1.tree.criterion_score[0, 0] == pytest.approx(95.0)
    assert r1.tree.pillar_score[0, 0] == pytest.approx(85.0)
    assert r1.tree.overall_score[0] == pytest.approx(90.0)


# ---- order does not matter ----


@SETTINGS
@given(frames(min_size=2), st.randoms(use_true_random=False))
def test_row_order_and_column_order_change_nothing(frame, rnd):
    rows = list(frame.index)
    rnd.shuffle(rows)
    identity, fields = list(frame.columns[:6]), list(frame.columns[6:])
    columns = identity + fields
    rnd.shuffle(columns)
    shuffled = frame.loc[rows, columns].reset_index(drop=True)

    original, reordered = evaluate(frame), evaluate(shuffled)

    np.testing.assert_array_equal(original.matrix.scores, reordered.matrix.scores)
    np.testing.assert_array_equal(node_scores(original), node_scores(reordered))
    assert original.to_json() == reordered.to_json()  # every village, indicator, gate and tier


# ---- scaling every weight by a constant changes nothing ----


def _scaled(doc: dict, k: float) -> dict:
    out = copy.deepcopy(doc)
    for pillar in out["pillars"]:
        pillar["weight"] *= k
        for crit in pillar["criteria"]:
            crit["weight"] *= k
            for ind in crit["indicators"]:
                ind["weight"] *= k
    return out


@SETTINGS
@given(frames(), st.floats(0.001, 1000.0))
def test_scaling_all_weights_changes_nothing(frame, k):
    scaled = resolve_framework(_scaled(DOC, k), REGISTRY, name=NAME, sha256=DIGEST)

    original, rescaled = evaluate(frame), evaluate(frame, scaled)

    np.testing.assert_allclose(node_scores(rescaled), node_scores(original), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(rescaled.overall_weights(), original.overall_weights(), rtol=1e-9, atol=1e-12)
    np.testing.assert_array_equal(rescaled.rating, original.rating)
