"""Programme targets as data, measured from results (``villagescore targets``).

A targets file (``schemas/targets.schema.json``) names each target's source (decision,
provision), the confidence of the figure, its year and unit, and how it is measured from
results — which indicator, field or rating, which threshold, which population — or, for a
target the results cannot measure, which data is missing. Shipped files: Decision
801/QĐ-TTg (the default), Decision 1058/QĐ-TTg and an example seed programme
(:mod:`villagescore.targets.programmes`).

>>> from villagescore.targets import load_targets, measure_targets, data_from_result
>>> report = measure_targets(data_from_result(result), load_targets(None))   # doctest: +SKIP

``load_targets`` reads each condition with the installed plugins' fields unless given ``registry=``,
and with ``framework=`` the fields a framework file declares itself too (as ``villagescore targets
DATASET -f FILE`` does, before scoring); ``conditions.resolve_conditions(targets, registry,
framework=…)`` reads a loaded set again knowing them.
"""

from __future__ import annotations

from .data import TargetData, data_from_result, data_from_store
from .measure import NATIONAL, VERDICTS, measure_targets
from .model import DEFAULT, Target, TargetsError, TargetSet, load_targets, shipped

__all__ = ["Target", "TargetSet", "TargetsError", "TargetData", "load_targets", "shipped", "measure_targets",
           "data_from_result", "data_from_store", "NATIONAL", "VERDICTS", "DEFAULT"]
