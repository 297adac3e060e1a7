"""villagescore.sensitivity.indices: first- and total-order indices, SALib, dominant assumptions."""

from __future__ import annotations

import dataclasses
import sys

import pytest

from villagescore import sensitivity as sa
from villagescore.engine import Engine


@pytest.fixture
def toy_engine(toy_registry):
    return Engine(toy_registry)


def test_indices_rank_the_groups(toy_engine, toy_framework, toy_dataset):
    s = sa.Settings(samples=64, seed=1, sa_samples=64, bootstrap=50)
    d = sa.run(toy_engine, toy_framework, toy_dataset, s).to_dict()
    assert set(d["indices"]) == set(sa.GROUPS)
    for g, ix in d["indices"].items():
        assert ix["total"] is None or ix["total"] >= 0, g


def test_salib_estimator_is_optional(toy_engine, toy_framework, toy_dataset, monkeypatch):
    monkeypatch.setitem(sys.modules, "SALib", None)
    monkeypatch.setitem(sys.modules, "SALib.analyze", None)
    s = sa.Settings(samples=8, sa_samples=8, estimator="salib")
    with pytest.raises(sa.SensitivityError, match=r"villagescore\[sensitivity\]"):
        sa.run(toy_engine, toy_framework, toy_dataset, s)


def test_the_builtin_estimator_agrees_with_salib(toy_engine, toy_framework, toy_dataset):
    pytest.importorskip("SALib")
    settings = sa.Settings(samples=64, seed=2, sa_samples=128, bootstrap=20)
    ours = sa.run(toy_engine, toy_framework, toy_dataset, settings).indices
    theirs = sa.run(toy_engine, toy_framework, toy_dataset, dataclasses.replace(settings, estimator="salib")).indices
    assert set(ours) == set(theirs) == set(sa.GROUPS)
    for group in ours:  # the same runs, the same (centred) estimators: the same figures
        assert ours[group]["first"] == pytest.approx(theirs[group]["first"], abs=2e-4), group
        assert ours[group]["total"] == pytest.approx(theirs[group]["total"], abs=2e-4), group


def test_a_dominant_assumption_is_named_in_english_and_said_in_any_language():
    from villagescore.i18n import use_language

    previous = use_language("vi")  # the language of the moment does not fix the words
    try:
        warnings = sa.dominance_warnings({"aggregation": {"first": 0.97, "total": 1.0}, "weights": {"first": 0.1}})
    finally:
        use_language(previous)
    assert len(warnings) == 1
    assert warnings[0].startswith("97 % of the variation of the ranks comes from the aggregation rule alone:")
    assert warnings[0].text("vi").startswith("97 % mức biến động của thứ hạng là do riêng quy tắc tổng hợp:")
    assert "explain(s)" not in warnings[0]  # audit 13: a sentence whose verb needs no guessing at the group's number
    assert sa.dominance_warnings({"weights": {"first": None, "total": None}}) == []
    # a noisy estimate whose interval reaches below one half is not called dominant
    assert sa.dominance_warnings({"weights": {"first": 0.61, "first_ci": [0.2, 0.9]}}) == []


@pytest.mark.parametrize(("lang", "runs"), [("vi", "1.400 lần chạy"), ("en", "1,400 runs")])
def test_the_number_of_runs_has_the_language_s_thousands_separator(lang, runs):
    import numpy as np

    from villagescore.i18n import use_language
    from villagescore.sensitivity.indices import _jansen_indices

    rng = np.random.default_rng(0)
    groups = tuple(sa.GROUPS)[:5]
    y_a, y_b = rng.random(200), rng.random(200)
    previous = use_language("vi" if lang == "en" else "en")  # the run's language is not the one asked
    try:
        _, note = _jansen_indices(groups, y_a, y_b, {g: rng.random(200) for g in groups},
                                  sa.Settings(sa_samples=200, bootstrap=0))
    finally:
        use_language(previous)
    assert runs in note.text(lang) and "1,400 runs" in str(note)
