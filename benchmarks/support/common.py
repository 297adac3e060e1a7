"""Shared helpers of the benchmark scripts: timing, the numpy reference, checks, data.

Every enforced target is a ratio taken in the same run: these machines vary by up to 30 %
from run to run and are shared, so a benchmark compares against a reference measured in
the same run (an in-process numpy computation, ``pandas.read_csv`` of the same file, a peer
library), never against an absolute time. DESIGN's absolute figures (≤ 1.0 s, ≤ 3 s) are
printed for information and not enforced: no load-dependent factor loosens them.
"""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[2]
#: DESIGN §8: bare numpy min-max + weighted sum over 100,000 × 100 floats ≈ 0.02–0.10 s.
NUMPY_REFERENCE_SECONDS = 0.10
NUMPY_REFERENCE_SHAPE = (100_000, 100)


@dataclass
class Timing:
    """Wall times of several runs of one piece of work."""

    label: str
    seconds: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def min(self) -> float:
        return min(self.seconds)

    @property
    def max(self) -> float:
        return max(self.seconds)

    def line(self, width: int = 58) -> str:
        return (f"  {self.label:<{width}} median {self.median:8.4f} s   min {self.min:8.4f}   "
                f"max {self.max:8.4f}   (n={len(self.seconds)})")


def measure(label: str, fn: Callable[[], Any], repeat: int, warmup: int = 1) -> Timing:
    """Run ``fn`` ``warmup`` times untimed, then ``repeat`` times timed."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return Timing(label, out)


def peak_memory(fn: Callable[[], Any]) -> int:
    """Peak bytes allocated (tracemalloc: Python objects and numpy buffers) while ``fn`` runs."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        result = fn()
        peak = tracemalloc.get_traced_memory()[1] - base
        del result
    finally:
        tracemalloc.stop()
    return peak


def numpy_minmax_wsm(matrix: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The bare-numpy reference: min-max normalisation and a weighted sum (flat, no checks)."""
    low = matrix.min(axis=0)
    span = matrix.max(axis=0) - low
    span[span == 0] = 1.0
    return ((matrix - low) / span) @ weights


def numpy_reference(repeat: int = 7, shape: tuple[int, int] = NUMPY_REFERENCE_SHAPE) -> Timing:
    """Time :func:`numpy_minmax_wsm` on a random matrix of ``shape`` (the reference of DESIGN §8)."""
    rng = np.random.default_rng(0)
    matrix = rng.random(shape) * 100
    weights = rng.random(shape[1])
    return measure(f"bare numpy min-max + WSM, {shape[0]:,} x {shape[1]}", lambda: numpy_minmax_wsm(matrix, weights),
                   repeat)


@dataclass
class Check:
    """One target: its name, whether it holds, and the figures behind it."""

    name: str
    ok: bool
    detail: str
    gated: bool = True

    def line(self) -> str:
        mark = "PASS" if self.ok else ("FAIL" if self.gated else "note")
        return f"  [{mark}] {self.name}: {self.detail}"


@dataclass
class Report:
    """What one benchmark script measured: timings, other figures, target checks."""

    title: str
    lines: list[str] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.lines.append(text)
        print(text, flush=True)

    def timing(self, timing: Timing) -> Timing:
        self.add(timing.line())
        return timing

    def check(self, name: str, ok: bool, detail: str, *, gated: bool = True) -> Check:
        check = Check(name, bool(ok), detail, gated)
        self.checks.append(check)
        print(check.line(), flush=True)
        return check

    @property
    def failed(self) -> list[Check]:
        return [c for c in self.checks if c.gated and not c.ok]


def header(title: str) -> None:
    print(f"\n== {title} ==", flush=True)


def bench_setup(n: int, seed: int = 2026, workdir: Path | None = None) -> dict[str, Any]:
    """Registry, framework and a read (unvalidated) dataset of ``n`` synthetic villages, 100 indicators.

    The villages come from :func:`villagescore.synthetic.generate` with the fields of the
    benchmark plugin (:mod:`benchmarks.support.bench_plugin`); the CSV is written and read
    back, so that the frame has the column types a user's file gives.
    """
    import tempfile

    from villagescore import synthetic
    from villagescore.datasets import read_csv
    from villagescore.framework import resolve_framework
    from villagescore.plugins import get_plugin_manager
    from villagescore.registry import Registry

    from . import bench_plugin as bp

    registry = Registry.from_plugin_manager(get_plugin_manager(entrypoints=False, plugins=(("bench", bp),)))
    framework = resolve_framework(bp.framework_document(), registry, name="bench-100")
    frame, meta = synthetic.generate(n, seed, list(registry.fields.values()), field_sectors=bp.field_sectors(),
                                     field_directions=bp.field_directions(), sectors=list(bp.SECTORS),
                                     dataset_id="bench-synthetic")
    tmp = Path(workdir or tempfile.mkdtemp(prefix="villagescore-bench-"))
    path = tmp / f"bench-{n}-synthetic.csv"
    synthetic.write(frame, meta, path)
    t0 = time.perf_counter()
    raw = read_csv(path)
    read_seconds = time.perf_counter() - t0
    return {"registry": registry, "framework": framework, "raw": raw, "path": path, "read_seconds": read_seconds}


def real_setup(n: int, seed: int = 2026, workdir: Path | None = None) -> dict[str, Any] | None:
    """The installed plugins and the default framework, on ``n`` generated villages; ``None`` if unavailable."""
    import tempfile

    try:
        from villagescore import synthetic
        from villagescore.datasets import read_csv
        from villagescore.framework import load_framework
        from villagescore.registry import Registry

        registry = Registry.default()
        framework = load_framework(None, registry)
        frame, meta = synthetic.generate(n, seed)
    except Exception as exc:  # the real content is optional for the engine benchmark
        print(f"  (real framework skipped: {type(exc).__name__}: {exc})")
        return None
    tmp = Path(workdir or tempfile.mkdtemp(prefix="villagescore-bench-"))
    path = tmp / f"real-{n}-synthetic.csv"
    synthetic.write(frame, meta, path)
    t0 = time.perf_counter()
    raw = read_csv(path)
    return {"registry": registry, "framework": framework, "raw": raw, "path": path,
            "read_seconds": time.perf_counter() - t0}


def ensure_repo_on_path() -> None:
    """Let ``python benchmarks/bench_x.py`` import ``benchmarks.support``."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
