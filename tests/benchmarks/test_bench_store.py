"""Smoke test: benchmarks/bench_store.py runs end to end on a tiny store (no timing is asserted)."""

import pytest

pytest.importorskip("benchmarks.support.common")


def test_store_benchmark_measures_add_history_targets_and_compare():
    from benchmarks import bench_store

    report = bench_store.main(["--n", "60", "--years", "2024,2025", "--repeat", "1"])
    text = "\n".join(report.lines)
    assert text.count("store add 20") == 2 and "store add again 2025 (no-op)" in text
    assert "store history --village" in text and "store list" in text
    assert "targets --by province" in text and "compare --store" in text
    assert "village_years 120" in text  # 60 villages x 2 years, each added once
