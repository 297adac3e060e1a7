"""Engine at national scale: the whole pipeline and the score + aggregate stage, against peers.

Measures, on N synthetic villages × 100 indicators (benchmark plugin and framework, see
``benchmarks/support/bench_plugin.py``), in one process:

* the full pipeline: validate + compute + score + aggregate + gates + tiers (``validate``
  then ``Engine.evaluate``); the CSV is read once beforehand (its time is printed);
* the score + aggregate stage alone (``Engine.score_values`` + ``Engine.aggregate``);
* bare numpy min-max + weighted sum on the same value matrix, scikit-criteria (min-max +
  WSM) and pymcdm (WSM) on it (the peers of the ``bench`` extra; skipped with a message
  when they are not installed);
* peak memory of the full pipeline (tracemalloc) against the input frame's size;
* the same pipeline with the real default framework on generated villages (informative).

Targets (DESIGN §8), all ratios taken in this run: full pipeline faster than pymcdm;
stage faster than scikit-criteria and within 5× the numpy reference; peak memory ≤ 4×
the input frame; full pipeline ≤ 1.0 s × speed factor (see ``support/common.py``).

Usage: ``python benchmarks/bench_engine.py [--n 100000] [--repeat 5]``
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from benchmarks.support.common import (  # noqa: E402
    Report,
    bench_setup,
    header,
    measure,
    numpy_minmax_wsm,
    numpy_reference,
    peak_memory,
    real_setup,
)


def value_matrix(values: list[np.ndarray]) -> np.ndarray:
    """The indicator values as one float matrix for the flat peers (categories coded, gaps 0)."""
    import pandas as pd

    cols = []
    for v in values:
        if v.dtype == object:
            v = pd.factorize(v, use_na_sentinel=True)[0].astype(float)
        cols.append(np.nan_to_num(np.asarray(v, dtype=float), nan=0.0))
    return np.column_stack(cols)


def _peers(matrix: np.ndarray, weights: np.ndarray, repeat: int, report: Report) -> dict[str, float]:
    out = {}
    try:
        import skcriteria as skc
        from skcriteria.agg.simple import WeightedSumModel
        from skcriteria.preprocessing.scalers import MinMaxScaler
    except ImportError as exc:
        report.add(f"  scikit-criteria not installed ({exc}); skipped: pip install 'villagescore[bench]'")
    else:
        m = matrix.shape[1]

        def skc_run():
            dm = skc.mkdm(matrix, objectives=[max] * m, weights=weights)
            return WeightedSumModel().evaluate(MinMaxScaler(target="matrix").transform(dm))

        out["skcriteria"] = report.timing(measure("scikit-criteria min-max + WSM (flat)", skc_run, repeat)).median
    try:
        from pymcdm.methods import WSM
        from pymcdm.normalizations import minmax_normalization
    except ImportError as exc:
        report.add(f"  pymcdm not installed ({exc}); skipped: pip install 'villagescore[bench]'")
    else:
        wsm = WSM(normalization_function=minmax_normalization)
        w = weights / weights.sum()
        types = np.ones(matrix.shape[1])
        out["pymcdm"] = report.timing(measure("pymcdm WSM (flat)", lambda: wsm(matrix, w, types), repeat)).median
    return out


def run_framework(setup: dict, repeat: int, report: Report, label: str) -> dict[str, float]:
    """Time the full pipeline and the score + aggregate stage for one (registry, framework, raw)."""
    from villagescore.datasets import validate
    from villagescore.engine import Engine

    reg, fw, raw = setup["registry"], setup["framework"], setup["raw"]
    engine = Engine(reg)
    n = len(raw.frame)
    m = len(fw.indicators)
    size = int(raw.frame.memory_usage(deep=True).sum())
    report.add(f"  {label}: {n:,} villages x {m} indicators, input frame {size / 2**20:.1f} MiB "
               f"(read from CSV in {setup['read_seconds']:.3f} s, not counted)")

    def full():
        return engine.evaluate(fw, validate(raw, reg))

    t_full = report.timing(measure(f"{label}: full pipeline (validate..tiers)", full, repeat))
    dataset = validate(raw, reg)
    frame = dataset.frame
    values = engine.compute_values(fw, frame)

    def stage():
        matrix = engine.score_values(fw, frame, values)
        return engine.aggregate(fw, matrix)

    t_stage = report.timing(measure(f"{label}: score + aggregate stage", stage, repeat))
    peak = peak_memory(full)
    report.add(f"  {label}: peak memory of the full pipeline {peak / 2**20:.1f} MiB = {peak / size:.2f} x input frame")
    weights = np.array([node.weight for node in fw.indicators], dtype=float)
    return {"full": t_full.median, "stage": t_stage.median, "peak_ratio": peak / size,
            "matrix": value_matrix(values), "weights": weights}


def main(argv: list[str] | None = None) -> Report:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="villages (default 100,000)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per figure (default 5)")
    parser.add_argument("--no-real", action="store_true", help="skip the real default framework")
    args = parser.parse_args(argv)
    report = Report("engine")
    header(f"engine: {args.n:,} villages x ~100 indicators (repeat {args.repeat})")
    report.timing(numpy_reference(max(args.repeat, 5)))

    bench = run_framework(bench_setup(args.n), args.repeat, report, "bench-100")
    matrix, weights = bench.pop("matrix"), bench.pop("weights")
    t_np = report.timing(measure(f"bare numpy min-max + WSM on the same {matrix.shape[0]:,} x {matrix.shape[1]} matrix",
                                 lambda: numpy_minmax_wsm(matrix, weights), max(args.repeat, 5))).median
    peers = _peers(matrix, weights, args.repeat, report)

    report.add("  ratios (same run):")
    full, stage = bench["full"], bench["stage"]
    report.add(f"    full pipeline / numpy = {full / t_np:.1f}x   stage / numpy = {stage / t_np:.1f}x")
    if "pymcdm" in peers:
        report.check("full pipeline faster than pymcdm flat WSM", full < peers["pymcdm"],
                     f"{full:.3f} s vs {peers['pymcdm']:.3f} s ({peers['pymcdm'] / full:.1f}x faster)")
    else:
        report.check("full pipeline faster than pymcdm flat WSM", True, "pymcdm not installed: skipped", gated=False)
    if "skcriteria" in peers:
        report.check("score + aggregate faster than scikit-criteria min-max + WSM", stage < peers["skcriteria"],
                     f"{stage:.3f} s vs {peers['skcriteria']:.3f} s ({peers['skcriteria'] / stage:.1f}x faster)")
    else:
        report.check("score + aggregate faster than scikit-criteria", True, "scikit-criteria not installed: skipped",
                     gated=False)
    report.check("score + aggregate within 5x bare numpy", stage <= 5 * t_np,
                 f"{stage:.3f} s vs 5 x {t_np:.3f} s = {5 * t_np:.3f} s ({stage / t_np:.1f}x)")
    report.check("peak memory <= 4x input frame", bench["peak_ratio"] <= 4.0, f"{bench['peak_ratio']:.2f}x")
    scale = args.n / 100_000
    report.check("full pipeline vs DESIGN's 1.0 s per 100k (absolute: reported, not enforced)",
                 full <= 1.0 * scale, f"{full:.3f} s for {args.n:,} villages ({full / t_np:.1f}x bare numpy, same run)",
                 gated=False)

    if not args.no_real:
        real = real_setup(args.n)
        if real is not None:
            got = run_framework(real, args.repeat, report, "default framework")
            got.pop("matrix")
            got.pop("weights")
            report.check("default framework: full pipeline vs 1.0 s per 100k (reported, not enforced)",
                         got["full"] <= 1.0 * scale, f"{got['full']:.3f} s", gated=False)
            report.check("default framework: peak memory <= 4x input frame", got["peak_ratio"] <= 4.0,
                         f"{got['peak_ratio']:.2f}x", gated=False)
    return report


if __name__ == "__main__":
    sys.exit(1 if main().failed else 0)
