"""Explain one village's score and plan the smallest improvements that reach the next tier.

:func:`explain` returns an :class:`Explanation`: every indicator's contribution to the
overall score along the tree (pillar → criterion → indicator), every gate that fired
(indicator value, rule, cap), what keeps the village from the next tier, and an
improvement plan.

The plan (algorithm and limits in ``docs/explain.md``):

1. Only indicators that are a single field (``Indicator.compute is None``) can be moved;
   a value may only move within its feasible range (``Indicator.feasible``, else the
   field's ``minimum``/``maximum``; booleans 0/1; categories from the field's list).
2. Gates that cap the rating below the target tier are fixed first, with the smallest
   change that makes the rule hold.
3. Then a greedy search: for each movable indicator, the candidate moves are the values
   nearest to the current one that reach each higher score level of its scorer (next
   band … best score; found by scoring breakpoints and a grid in one scorer call). Every
   candidate plan (current plan + one move) is re-scored through the engine in one batch,
   one row per candidate. The move that most reduces the shortfall (overall score below
   the tier minimum, plus every pillar below the per-pillar minimum) is kept; the search
   stops when the target tier is reached or no move helps.
4. When the target tier is reached, every score step is relaxed to the least demanding
   score level of its scorer (the value nearest the current one) with which the plan still
   reaches the target, or dropped when the target is reached without it: no step asks for
   more than the plan needs, and no value goes past the point where its score stops rising.
5. Each step is linked to the cleaner-production measures that improve its indicator
   (``Measure.improves`` and ``Indicator.measures``) among the measures of **the village's own
   sectors**; a step with no such measure says so (``no_measure``).

The plan is verified: the final values are re-scored by the normal engine and the tier
it reaches is the one reported.
"""

from __future__ import annotations

from .measures import apply_plan
from .model import MAX_REPORT_PLANS, MAX_STEPS, ExplainError, Explanation, PlanStep, no_measure_text
from .run import attach_plans, explain

__all__ = ["Explanation", "PlanStep", "ExplainError", "explain", "apply_plan", "attach_plans", "MAX_STEPS",
           "MAX_REPORT_PLANS", "no_measure_text"]
