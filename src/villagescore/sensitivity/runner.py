"""The Monte Carlo run: the nominal evaluation, the uncertainty samples, then the indices."""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

from ..errors import Count, SaidText, said
from ..i18n import N_
from ..kernel.patterns import patterns, pays
from .batches import SampleBatches
from .indices import dominance_warnings, sobol_indices
from .ranks import rank_desc, rank_quantiles
from .result import SensitivityResult
from .settings import GROUPS, SensitivityError, Settings

__all__ = ["run"]


def run(engine: Any, framework: Any, dataset: Any, settings: Settings, *, year: int | None = None,
        village_ids: Sequence[str] | None = None, progress: Callable[[int, int], None] | None = None,
        options: Mapping[str, Any] | None = None) -> SensitivityResult:
    """Run the uncertainty and sensitivity analysis on ``dataset``.

    With ``year`` the rows of that year are analysed; without it, each village's latest
    row (its current state). Ranks are among the rows analysed. ``progress(done, total)``
    is called after every chunk of samples. ``dataset``: the validated data
    (:func:`villagescore.read_dataset`), or a DataFrame (validated like a file,
    :func:`villagescore.api.frame_dataset`), as :func:`villagescore.explain.explain` takes it.
    """
    settings.check()
    dataset = _dataset(engine, framework, dataset)
    if village_ids:  # resolved on every year's rows: a village absent from ``year`` is said so, not another named
        from ..villages import check_village_years, choose_villages

        village_ids = choose_villages(dataset.frame, village_ids, source=dataset.path)
        check_village_years(dataset.frame, village_ids, [year] if year is not None else [], source=dataset.path)
    sub = _rows(dataset, year)
    opts = {"command": "sensitivity", "seed": settings.seed, "samples": settings.samples, "year": year}
    opts.update(options or {})
    result = engine.evaluate(framework, sub, village_ids=list(village_ids) if village_ids else None, options=opts)
    active = settings.active()
    n_ua = settings.samples
    n_sa = settings.sa_samples if settings.indices and active else 0
    base_b = max(n_ua, n_sa)
    batches = SampleBatches(engine.registry, framework, result, sub, settings, base_b + n_sa)
    chunk = _chunk_size(settings, batches, len(batches.rescoring.entries))
    total = n_ua + (n_sa * (len(active) + 2) - (min(n_sa, n_ua)) if n_sa else 0)
    done = 0

    def tick(k: int) -> None:
        nonlocal done
        done += k
        if progress is not None:
            progress(done, total)

    with _single_blas_thread():
        nominal_rank = rank_desc(result.tree.overall_score[None, :])[0]
        quant, counts, rated, y_a = _uncertainty(batches, nominal_rank, n_ua, chunk, tick)
        indices, note = {}, ""
        if n_sa:
            def outputs(ids: np.ndarray) -> np.ndarray:
                return _outputs(batches, ids, nominal_rank[batches.order], chunk, tick)

            indices, note = sobol_indices(outputs, settings, active, y_a, base_b)
        elif not active:
            note = said(SaidText, N_("no assumption is varied: every sample equals the nominal run"))
    ident = result.frame[["village_id", "name", "province", "year"]].reset_index(drop=True)
    return SensitivityResult(framework, ident, settings, active, result.tree.overall_score.copy(), nominal_rank,
                             np.asarray(result.rating), quant, counts, indices, note, year, dict(result.provenance),
                             rated, _sample_warnings(settings, rated) + dominance_warnings(indices),
                             estimates=[result.estimates_summary(i) for i in range(len(ident))])


#: How the warnings name the settings they point to, as the Python API sets them; the command line
#: names its options instead (``SensitivityResult.to_dict(options=...)``).
OPTION_NAMES = {"samples": "Settings(samples=N)", "no_aggregation": "Settings(aggregation=False)"}
#: Fewer uncertainty samples than this give rough intervals and probabilities (a warning says so).
FEW_SAMPLES = 100


def _sample_warnings(settings: Settings, rated: int) -> list[SaidText]:
    """Warnings said in any language: too few samples for the intervals, no sample to count ratings in."""
    out = []
    if settings.samples < FEW_SAMPLES:
        # English has a singular; Vietnamese says both alike (the catalogue gives each the same sentence)
        few = (N_("only {n} Monte Carlo sample ({samples}): the rank intervals and rating probabilities are rough; "
                  "use at least {few} (the default is {default})") if settings.samples == 1 else
               N_("only {n} Monte Carlo samples ({samples}): the rank intervals and rating probabilities are rough; "
                  "use at least {few} (the default is {default})"))
        out.append(said(SaidText, few, n=Count(settings.samples), few=Count(FEW_SAMPLES),
                        default=Count(Settings.samples), **OPTION_NAMES))
    if rated == 0:
        out.append(said(SaidText, N_("no sample kept the framework's aggregation rule, so no rating probability can be "
                                     "given (shown as —): raise {samples}, or keep the rule with {no_aggregation}"),
                        **OPTION_NAMES))
    return out


def _dataset(engine: Any, framework: Any, dataset: Any) -> Any:
    """``dataset``, a DataFrame validated like a file, or :class:`SensitivityError` saying what to pass."""
    import pandas as pd

    if isinstance(dataset, pd.DataFrame):
        from ..api import frame_dataset

        return frame_dataset(dataset, engine.registry, framework=framework)
    if not isinstance(getattr(dataset, "frame", None), pd.DataFrame) or not hasattr(dataset, "path"):
        raise said(SensitivityError, N_("the sensitivity analysis takes the data to score: a dataset "
                                        "(villagescore.read_dataset(path, registry)) or a DataFrame, not {kind}"),
                   kind=type(dataset).__name__)
    return dataset


def _rows(dataset: Any, year: int | None) -> Any:
    """The dataset restricted to the rows analysed: those of ``year``, or each village's latest."""
    frame = dataset.frame
    if len(frame) == 0:
        raise said(SensitivityError, N_("{path}: the dataset has no village rows to analyse"), path=dataset.path)
    if year is None:  # each village's latest year: its current state
        latest = frame.sort_values(["village_id", "year"], kind="stable").drop_duplicates("village_id", keep="last")
        return dataclasses.replace(dataset, frame=latest)
    years = sorted({int(y) for y in frame["year"]})
    if year not in years:
        raise said(SensitivityError, N_("{path}: no village rows for year {year}; years present: {years}"),
                   path=dataset.path, year=year, years=", ".join(map(str, years)))
    return dataclasses.replace(dataset, frame=frame[frame["year"] == year])


def _uncertainty(batches: SampleBatches, nominal_rank: np.ndarray, n_ua: int, chunk: int,
                 tick: Callable[[int], None]) -> tuple[np.ndarray, np.ndarray, int, np.ndarray]:
    """The uncertainty samples: rank quantiles (3, n), tier counts (n, tiers + 1), rated samples, outputs."""
    n = batches.n
    tiers = len(batches.fw.tiers)
    nominal_perm = nominal_rank[batches.order]
    store = np.empty((n_ua, n), dtype=np.uint16 if n < 65535 else np.uint32)
    counts = np.zeros((n, tiers + 1), dtype=np.int64)
    y_a = np.empty(n_ua)
    rated_samples = 0
    spans = [(a, min(n_ua, a + chunk)) for a in range(0, n_ua, chunk)]
    chunks = [np.repeat(np.arange(a, b)[:, None], len(GROUPS), axis=1) for a, b in spans]

    def summed(ids: np.ndarray, order: np.ndarray, ranks: np.ndarray, ratings: np.ndarray) -> tuple[Any, ...]:
        rated = ratings[batches.rated(ids[order])]
        part = np.empty((n, tiers + 1), dtype=np.int64)
        for t in range(tiers):
            part[:, t] = (rated == t).sum(axis=0)
        part[:, -1] = ((rated < 0) | (rated >= tiers)).sum(axis=0)  # no score, or the unrated outcome
        return order, ranks, np.abs(ranks - nominal_perm).mean(axis=1), part, rated.shape[0]

    for (a, b), (order, ranks, y, part, rated) in zip(spans, _evaluated(batches, chunks, summed), strict=True):
        store[a + order] = ranks
        y_a[a + order] = y
        counts += part
        rated_samples += rated
        tick(b - a)
    quant = rank_quantiles(store)[:, batches.inverse]
    return quant, counts[batches.inverse], rated_samples, y_a


def _outputs(batches: SampleBatches, ids: np.ndarray, nominal_perm: np.ndarray, chunk: int,
             tick: Callable[[int], None]) -> np.ndarray:
    """The output of each run (rows of ``ids``): the mean absolute rank shift."""
    y = np.empty(ids.shape[0])
    starts = range(0, ids.shape[0], chunk)

    def shift(_ids: np.ndarray, order: np.ndarray, ranks: np.ndarray, _ratings: np.ndarray) -> tuple[Any, ...]:
        return order, np.abs(ranks - nominal_perm).mean(axis=1)

    chunks = [ids[a:a + chunk] for a in starts]
    for a, (order, shifts) in zip(starts, _evaluated(batches, chunks, shift), strict=True):
        y[a + order] = shifts
        tick(min(chunk, ids.shape[0] - a))
    return y


def _evaluated(batches: SampleBatches, chunks: list[np.ndarray], summary: Callable[..., Any]) -> Iterator[Any]:
    """``summary(ids, *batches.evaluate(ids))`` for each chunk of draw ids, in order.

    While a chunk's ranks, ratings and summary are computed (:meth:`SampleBatches.outcomes`:
    sorts, comparisons and sums in numpy, which let other threads run) in a second thread,
    this thread scores the next chunk, so two processors share the work. Each step depends on
    its own chunk alone, so the results are those of evaluating the chunks in turn. Plugin
    code (scorers, aggregators) runs in this thread only.
    """

    def finish(ids: np.ndarray, scored: tuple[Any, ...]) -> Any:
        return summary(ids, *batches.outcomes(scored))

    if len(chunks) < 2 or _usable_processors() < 2:
        for ids in chunks:
            yield finish(ids, batches.scores(ids))
        return
    with ThreadPoolExecutor(1, thread_name_prefix="villagescore-ranks") as pool:
        pending = pool.submit(finish, chunks[0], batches.scores(chunks[0]))
        for ids in chunks[1:]:
            following = pool.submit(finish, ids, batches.scores(ids))  # queued behind ``pending``
            yield pending.result()
            pending = following
        yield pending.result()


def _usable_processors() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _chunk_size(settings: Settings, batches: SampleBatches, perturbed: int) -> int:
    if settings.chunk:
        return int(settings.chunk)
    plan = batches.plan
    n, m = plan.scores.shape
    groups = len(patterns(plan).bounds) if pays(plan) else 0
    per_sample = n * (len(plan.pill_slices) + 8 + 3 * perturbed) + 4 * groups * m
    return int(max(1, min(2048, (1 << 25) // max(per_sample, 1))))


def _single_blas_thread() -> Any:
    """Limit BLAS to one thread while sampling, when threadpoolctl is installed.

    The batched aggregation does many medium-sized matrix products; BLAS threads add
    synchronisation and, on a busy machine, stall on each other (measured: 5–8× slower
    with 2 threads on a loaded 2-core machine, see ``docs/sensitivity.md``).
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - optional
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")
