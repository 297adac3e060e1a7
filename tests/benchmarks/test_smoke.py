"""Smoke test: the benchmark scripts run end to end with tiny sizes (no timing is asserted)."""

from __future__ import annotations

import pytest

pytest.importorskip("benchmarks.support.common")


def test_engine_benchmark_runs_and_checks_every_target():
    from benchmarks import bench_engine

    report = bench_engine.main(["--n", "400", "--repeat", "1", "--no-real"])
    names = {c.name for c in report.checks}
    # the five targets of DESIGN §8 for the engine are all evaluated (peers may be skipped)
    assert any("pymcdm" in n for n in names)
    assert any("scikit-criteria" in n for n in names)
    assert "score + aggregate within 5x bare numpy" in names
    assert "peak memory <= 4x input frame" in names
    assert any(n.startswith("full pipeline vs DESIGN's 1.0 s") for n in names)
    assert not any("speed factor" in n for n in names)


def test_growth_benchmark_prints_time_per_cell():
    from benchmarks import bench_growth

    report = bench_growth.main(["--sizes", "100,1000", "--repeat", "1"])
    assert sum(line.strip().startswith("per village-indicator") for line in report.lines) == 2


def test_validation_benchmark_finds_every_spoiled_cell():
    from benchmarks import bench_validation

    report = bench_validation.main(["--n", "500", "--repeat", "1"])
    found = next(c for c in report.checks if c.name == "every problem reported")
    # 500 rows x 100 fields x 1 % = 500 spoiled cells, each exactly one problem
    assert found.ok, found.detail
    assert "500 problems for 500 spoiled cells" in found.detail


def test_bench_framework_has_100_indicators_over_20_criteria():
    from benchmarks.support import bench_plugin

    doc = bench_plugin.framework_document()
    criteria = [c for p in doc["pillars"] for c in p["criteria"]]
    indicators = [i for c in criteria for i in c["indicators"]]
    assert (len(doc["pillars"]), len(criteria), len(indicators)) == (4, 20, 100)
    assert len({i["id"] for i in indicators}) == 100


def test_command_benchmark_runs_commands_against_the_read_csv_floor(capsys):
    from benchmarks import bench_commands

    code = bench_commands.main(["--sizes", "200", "--repeat", "1", "--only", "evaluate jsonl",
                                "compare RESULT.jsonl"])
    out = capsys.readouterr().out
    assert code == 0  # no target is checked below 100,000 village-years
    assert "evaluate jsonl" in out and "compare RESULT.jsonl" in out and "× F" in out and "FAILED" not in out


def test_sensitivity_benchmark_checks_its_tree_reference_against_the_engine(capsys):
    from benchmarks import bench_sensitivity

    runs, missed = bench_sensitivity.main(["--villages", "300", "--samples", "40", "--repeat", "1", "--report-only"])
    out = capsys.readouterr().out
    assert missed == []  # --report-only never fails
    assert "tree reference at the nominal weights against the engine: largest difference" in out
    (run,) = runs
    assert run["numpy_seconds"] > 0 and run["flat_numpy_seconds"] > 0
    assert run["ratio"] == run["seconds"] / run["numpy_seconds"]


def test_sensitivity_tree_reference_gives_the_engines_scores_at_the_nominal_weights(tmp_path):
    import numpy as np

    from benchmarks import bench_sensitivity as bench
    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine
    from villagescore.framework import load_framework
    from villagescore.registry import Registry
    from villagescore.synthetic import generate, write

    registry = Registry.default()
    framework = load_framework(None, registry)
    frame, meta = generate(200, 3)
    path, _ = write(frame.assign(year=2024), meta, tmp_path / "synthetic.csv")
    result = Engine(registry).evaluate(framework, read_dataset(path, registry))
    tree = bench.Tree.of(framework, result.matrix, registry)
    assert bench.check_tree(tree, framework, result, registry) < 1e-9
    weights = (tree.ind_w[None, :], tree.crit_w[None, :], tree.pill_w[None, :])
    geometric = bench.tree_scores(tree, *weights, geometric=True)[0]
    arithmetic = bench.tree_scores(tree, *weights, geometric=False)[0]
    scored = ~np.isnan(arithmetic)
    assert scored.any()
    # a geometric mean never exceeds the arithmetic one of the same (floored) children
    assert (geometric[scored] <= arithmetic[scored] + 1e-9).all()
