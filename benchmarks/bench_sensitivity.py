"""Benchmark: Monte Carlo sensitivity, 10,000 samples × 5,000 villages (DESIGN §8).

Measures, in one run (so the ratio is meaningful on a noisy shared machine):

* **villagescore**: :func:`villagescore.sensitivity.run` with weights (Dirichlet) and the
  aggregation rule (arithmetic/geometric per sample) varied, over the default framework and
  ``villagescore.synthetic.generate(5000, seed)`` villages (indices off: uncertainty only);
* **bare numpy**: the same number of Dirichlet weight samples over the same indicator-score
  matrix, a flat weighted sum (one matrix product per chunk), ``argsort`` ranks per sample
  and ``np.quantile`` 5/50/95 % per village — no hierarchy, no missing data, no gates.

Prints wall time, peak traced memory (tracemalloc) and the ratio; targets: ≤ 5 s,
≤ 2 GiB and ≤ 2.5× the numpy reference. Usage::

    python benchmarks/bench_sensitivity.py [--villages 5000] [--samples 10000] [--repeat 2]
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc


def _measure(fn):
    gc.collect()
    tracemalloc.start()
    t0 = time.perf_counter()
    out = fn()
    wall = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return wall, peak, out


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


def main(argv=None) -> list[dict[str, float]]:
    """Run the benchmark; print and return one dict of figures per repeat."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--villages", type=int, default=5000)
    parser.add_argument("--samples", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
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
        ref_t, ref_mem, _ = _measure(lambda: bare_numpy(matrix_scores, args.samples, args.seed))
        vs_t, vs_mem, _ = _measure(lambda: sensitivity.run(engine, framework, dataset, settings))
        print(f"run {r + 1}: villagescore {vs_t:6.2f} s, peak {vs_mem / 2**20:7.1f} MiB | "
              f"bare numpy {ref_t:6.2f} s, peak {ref_mem / 2**20:7.1f} MiB | ratio {vs_t / ref_t:4.2f}× "
              f"(targets: ≤ 5 s, ≤ 2048 MiB, ≤ 2.5×)")
        runs.append({"seconds": vs_t, "peak_bytes": vs_mem, "numpy_seconds": ref_t, "numpy_peak_bytes": ref_mem,
                     "ratio": vs_t / ref_t})
    return runs


if __name__ == "__main__":
    main()
