"""Uncertainty and sensitivity analysis: how far do the assumptions move ranks and tiers.

Monte Carlo over five groups of assumptions (see ``docs/sensitivity.md``):

``weights``
    Dirichlet around the nominal weights of each node's children (``concentration``),
    or independent uniform factors ``1 ± weight_spread``.
``aggregation``
    per sample, one of the rules that the framework's rules declare ``interchangeable``
    (today the weighted arithmetic and geometric means, for each other) is drawn with equal
    probability, and every node that may use it does; other rules (minimum, plugin rules
    without interchangeable ones) stay.
``thresholds``
    per sample and indicator, the thresholds of every scorer that can move them
    (``Scorer.perturb``: legal limits, band edges, goalposts, target bands) are scaled by a
    factor drawn uniformly in ``1 ± threshold_spread``.
``missing``
    per sample, the missing-data policy of every node is ``exclude`` or ``zero``.
``data``
    numeric indicator values get multiplicative log-normal noise whose σ depends on the
    quality flag of the fields they come from (measured / reported / estimated, from the
    dataset metadata), clipped to the feasible range.

The modules, in the order of a run (:func:`run`, in :mod:`.runner`): :mod:`.settings` (what
varies), :mod:`.sampling` (the draws of every group), :mod:`.rescoring` (the indicators a
sample scores again, :mod:`.quality` for the noise), :mod:`.batches` (a batch of samples to
ranks and ratings), :mod:`.ranks`, :mod:`.indices` and :mod:`.result`. The arithmetic is the
kernel's: the tree is aggregated for a whole chunk of samples at once by
:func:`~villagescore.kernel.batch.aggregate_batch` (``(samples, villages)`` arrays; matrix
products at the indicator level, pattern folding), which reproduces
:meth:`~villagescore.engine.Engine.aggregate` exactly, sector blocks included; gates and
ratings are :mod:`villagescore.kernel.outcomes`. Ranks are computed chunk by chunk with one
sort per sample (a packed integer key: score as published (4 decimals), then the row index).

Sensitivity indices are first-order and total-order variance-based indices over the
groups (Saltelli 2010 / Jansen 1999 estimators on ``N·(d+2)`` runs; ``estimator="salib"``
delegates the same computation to SALib, an optional extra). Their output is the mean
absolute rank shift (the mean over villages of ``|rank − nominal rank|``), as in COINr.

Everything is seeded (``numpy.random.default_rng`` from ``SeedSequence([seed, group])``,
and for data noise ``[seed, group, draw]``), so results do not depend on the chunk size.
"""

from __future__ import annotations

from ..kernel.batch import BatchScores, Plan, aggregate_batch
from ..kernel.patterns import pattern_order
from .indices import DOMINANT_INDEX, dominance_warnings
from .quality import quality_sigma
from .ranks import rank_desc
from .result import SensitivityResult
from .runner import run
from .settings import GROUPS, QUALITIES, SensitivityError, Settings

__all__ = [
    "GROUPS",
    "QUALITIES",
    "DOMINANT_INDEX",
    "Settings",
    "SensitivityError",
    "SensitivityResult",
    "Plan",
    "BatchScores",
    "aggregate_batch",
    "pattern_order",
    "dominance_warnings",
    "rank_desc",
    "run",
    "quality_sigma",
]
