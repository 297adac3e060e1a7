"""Benchmark: Monte Carlo sensitivity, 10,000 samples × 5,000 villages (DESIGN §8).

Measures, in one run (so the ratio is meaningful on a noisy shared machine):

* **villagescore**: :func:`villagescore.sensitivity.run` with weights (Dirichlet) and the
  aggregation rule (arithmetic/geometric per sample) varied, over the default framework and
  ``villagescore.synthetic.generate(5000, seed)`` villages (indices off: uncertainty only);
* **bare numpy**: the same number of Dirichlet weight samples over the same indicator-score
  matrix, a flat weighted sum (one matrix product per chunk), ``argsort`` ranks per sample
  and ``np.quantile`` 5/50/95 % per village — no hierarchy, no missing data, no gates.

Both are timed in each repeat, one after the other (so the ratio is taken under the same
load), without tracemalloc: tracing every allocation slows Python-level code several times
more than it slows a few big numpy calls, which would distort the ratio. Peak memory is
measured once for each, in a separate traced run. Targets (DESIGN §8), on the medians over
the repeats: ratio ≤ 2.5× the numpy reference (same run); peak ≤ 2 GiB. DESIGN's absolute
5 s is printed, not enforced. The exit code is 1 when a target
is missed (``--report-only``: always 0, for small smoke-test sizes). Usage::

    python benchmarks/bench_sensitivity.py [--villages 5000] [--samples 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
import tracemalloc

#: DESIGN §8: Monte Carlo 10,000 weight samples × 5,000 villages in bare numpy ≈ 2.2 s; target ≤ 5 s.
NUMPY_REFERENCE_SECONDS = 2.2
TARGET_SECONDS = 5.0
TARGET_RATIO = 2.5
TARGET_PEAK_BYTES = 2 * 2**30


def _time(fn) -> float:
    gc.collect()
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def _peak(fn) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def bare_numpy(scores, samples: int, seed: int, chunk: int = 500):
    """Weights-only Monte Carlo in plain numpy: weighted sum, ranks, rank percentiles."""
    import numpy as np

    n, m = scores.shape
    x = np.nan_to_num(scores)
    rng = np.random.default_rng(seed)
    w = rng.dirichlet(np.full(m, 50.0 / m), size=samples)
    ranks = np.empty((samples, n), dtype=np.uint16 if n < 65535 else np.uint32)
    order_values = np.broadcast_to(np.arange(1, n + 1, dtype=ranks.dtype), (chunk, n))
    for a in range(0, samples, chunk):
        total = w[a:a + chunk] @ x.T
        order = np.argsort(-total, axis=1)
        np.put_along_axis(ranks[a:a + chunk], order, order_values[: len(total)], axis=1)
    return np.quantile(ranks, [0.05, 0.5, 0.95], axis=0, method="inverted_cdf")


def main(argv=None) -> tuple[list[dict[str, float]], list[str]]:
    """Run the benchmark; print and return one dict of figures per repeat, and the missed targets."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--villages", type=int, default=5000)
    parser.add_argument("--samples", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--report-only", action="store_true", help="print the targets, never fail (smoke tests)")
    args = parser.parse_args(argv)

    import tempfile
    from pathlib import Path

    from villagescore import sensitivity
    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine
    from villagescore.framework import load_framework
    from villagescore.registry import Registry
    from villagescore.synthetic import generate, write

    registry = Registry.default()
    framework = load_framework(None, registry)
    frame, meta = generate(args.villages, args.seed)
    frame = frame.assign(year=int(frame["year"].max()))  # one year: every village is ranked
    with tempfile.TemporaryDirectory() as tmp:
        path, _ = write(frame, meta, Path(tmp) / "bench-synthetic.csv")
        dataset = read_dataset(path, registry)
    engine = Engine(registry)
    matrix_scores = engine.evaluate(framework, dataset).matrix.scores
    settings = sensitivity.Settings(samples=args.samples, seed=args.seed, weights="dirichlet", concentration=50.0,
                                    aggregation=True, threshold_spread=0.0, missing=False, data=False,
                                    indices=False)
    print(f"sensitivity benchmark: {args.villages} villages × {len(framework.indicators)} indicators "
          f"({len(framework.criteria)} criteria, {len(framework.pillars)} pillars), {args.samples} samples; "
          f"groups varied: {', '.join(settings.active())}")
    runs = []
    for r in range(args.repeat):
        ref_t = _time(lambda: bare_numpy(matrix_scores, args.samples, args.seed))
        vs_t = _time(lambda: sensitivity.run(engine, framework, dataset, settings))
        print(f"run {r + 1}: villagescore {vs_t:6.2f} s | bare numpy {ref_t:6.2f} s | ratio {vs_t / ref_t:4.2f}×",
              flush=True)
        runs.append({"seconds": vs_t, "numpy_seconds": ref_t, "ratio": vs_t / ref_t})
    ref_mem = _peak(lambda: bare_numpy(matrix_scores, args.samples, args.seed))
    vs_mem = _peak(lambda: sensitivity.run(engine, framework, dataset, settings))
    seconds = statistics.median(r["seconds"] for r in runs)
    numpy_seconds = statistics.median(r["numpy_seconds"] for r in runs)
    ratio = statistics.median(r["ratio"] for r in runs)
    print(f"peak traced memory: villagescore {vs_mem / 2**20:.1f} MiB, bare numpy {ref_mem / 2**20:.1f} MiB")
    print(f"medians of {len(runs)} runs: villagescore {seconds:.2f} s, bare numpy {numpy_seconds:.2f} s, "
          f"ratio {ratio:.2f}× (DESIGN: {TARGET_SECONDS} s against numpy's {NUMPY_REFERENCE_SECONDS} s; not enforced)")
    checks = [
        (f"ratio <= {TARGET_RATIO}x bare numpy", ratio <= TARGET_RATIO, f"{ratio:.2f}x"),
        ("peak memory <= 2 GiB", vs_mem <= TARGET_PEAK_BYTES, f"{vs_mem / 2**20:.1f} MiB"),
    ]
    missed = []
    for name, ok, detail in checks:
        mark = "PASS" if ok else ("note" if args.report_only else "FAIL")
        print(f"  [{mark}] sensitivity {name}: {detail}")
        if not ok:
            missed.append(name)
    for run in runs:
        run.update(peak_bytes=vs_mem, numpy_peak_bytes=ref_mem)
    return runs, [] if args.report_only else missed


if __name__ == "__main__":
    sys.exit(1 if main()[1] else 0)
