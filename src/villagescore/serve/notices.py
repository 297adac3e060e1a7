"""What the village page says of what each year's scores rest on, and which gates failed or were not judged.

The page draws stored village-years, not a :class:`~villagescore.results.Result`: each year's
notices are those every report prints (:func:`~villagescore.reports.notices.report_notices`),
of a stand-in made of what the store kept for it (its evaluation's provenance, its share of
estimated inputs, its indicators left out for an unverified limit). Like a fact sheet, the
page prints their brief form and says of its own village-year what the brief form leaves to it:
its share of estimated inputs, and the indicators left out there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import SimpleNamespace
from typing import Any

__all__ = ["year_notices", "gate_lists"]


def _stored_year(provenance: Mapping[str, Any], estimated_share: float | None,
                 left_out: Mapping[str, Mapping[str, str]]) -> Any:
    """A one-village-year stand-in for a result, as :func:`report_notices` reads one.

    ``left_out``: the indicators left out there for an unverified limit, id → ``{lang: label}``;
    they replace the evaluation's counts, so the notice names this village-year's alone. No
    frame: the store keeps no values given but not scored, so that notice is not said.
    """
    import numpy as np
    import pandas as pd

    unverified = dict(provenance.get("unverified_limits") or {})
    if unverified.get("policy") == "exclude":
        unverified["left_out"] = {ident: 1 for ident in left_out}
    shares = None if estimated_share is None else np.array([estimated_share], dtype=float)
    indicators = [SimpleNamespace(id=ident, indicator=SimpleNamespace(label=dict(labels)))
                  for ident, labels in left_out.items()]
    return SimpleNamespace(provenance={**provenance, "unverified_limits": unverified}, estimated=shares,
                           estimated_share=shares, framework=SimpleNamespace(indicators=indicators),
                           frame=pd.DataFrame(), matrix=SimpleNamespace(limit_unknown={}))


def year_notices(provenance: Mapping[str, Any], estimated_share: float | None,
                 left_out: Mapping[str, Mapping[str, str]], lang: str) -> list[dict[str, Any]]:
    """One year's notices for the page, in the order reports print them: ``{"text", "warning"}`` each.

    The data's kind and the rows left out as every report says them; the village-year's own
    share of estimated inputs (with the warning past
    :data:`~villagescore.quality.ESTIMATED_WARNING`; unknown when the store did not record it)
    and its own indicators left out for an unverified limit.
    """
    from ..i18n import format_percent, t
    from ..quality import ESTIMATED_WARNING
    from ..reports.notices import report_notices

    out = []
    for notice in report_notices(_stored_year(provenance, estimated_share, left_out), lang):
        if notice.key == "estimates":
            continue  # said below, of this village-year
        # the stand-in is this village-year alone: its unverified notice names its own indicators left out
        text = notice.text if notice.key == "unverified" else notice.to_dict()["brief"]
        if text:
            out.append({"key": notice.key, "text": text, "warning": notice.warning})
    if estimated_share is None:
        estimates = {"text": t("targets.estimates_not_stored", lang), "warning": False}
    else:
        mostly = estimated_share >= ESTIMATED_WARNING
        share = f"{t('xlsx.estimated_share', lang)}: {format_percent(estimated_share, lang, 0)}"
        estimates = {"text": f"{share}. {t('estimates_warning', lang)}" if mostly else share, "warning": mostly}
    at = 1 if out and out[0]["key"] == "kind" else 0  # where reports say the estimates: after the data's kind
    out.insert(at, {"key": "estimates", **estimates})
    return out


def gate_lists(fired: Sequence[str], status: str | None, labels: Mapping[str, str], lang: str) -> dict[str, Any]:
    """The gates that fired, split as the reports split them: ``{"failed", "not_judged", "unsplit"}``.

    ``status``: the stored ``gates_status`` (``id=status;…``); a gate fired with status ``failed``
    failed, one ``unknown`` or ``missing`` capped the rating without being judged (each said with
    why). A village-year stored before the status was (``None``) cannot be split: its gates are
    ``unsplit``, under the heading that says "failed or not judged".
    """
    from ..reports.notices import gate_why

    if status is None:
        return {"failed": [], "not_judged": [], "unsplit": [labels.get(g, g) for g in fired]}
    statuses = dict(part.split("=", 1) for part in status.split(";") if "=" in part)
    failed = [labels.get(g, g) for g in fired if statuses.get(g, "failed") == "failed"]
    not_judged = [f"{labels.get(g, g)} — {gate_why(statuses[g], lang)}" for g in fired
                  if statuses.get(g, "failed") != "failed"]
    return {"failed": failed, "not_judged": not_judged, "unsplit": []}
