"""Why a target on an indicator cannot be measured: which framework lacks it, and where the store has it.

A framework's new version may retire an indicator (``environment.dust_tsp``); a target on it then
names the frameworks of the village-years measured and, from the store, the evaluations whose
framework has the indicator and the ``--framework`` that measures them.
"""

from __future__ import annotations

from typing import Any

__all__ = ["missing_indicator"]


def missing_indicator(data: Any, ident: str) -> dict[str, str]:
    """``{vi, en}``: indicator ``ident`` is in none of the frameworks of ``data`` (a :class:`~.data.TargetData`)."""
    frameworks = data.frameworks()
    names = ", ".join(f"{fw['id']} {fw['version']}" for fw in frameworks)
    if names:
        lacks = "the framework {} has" if len(frameworks) == 1 else "the frameworks {} have"
        out = {"vi": f"chỉ số {ident} không có trong kết quả: bộ tiêu chí {names} không có chỉ số này",
               "en": f"indicator {ident} is not in the results: {lacks.format(names)} no such indicator"}
    else:  # a result recorded no framework
        out = {"vi": f"chỉ số {ident} không có trong kết quả (bộ tiêu chí không có chỉ số này)",
               "en": f"indicator {ident} is not in the results (the framework has no such indicator)"}
    others = data.indicator_elsewhere(ident)
    if not others:
        return out
    listed = {lang: "; ".join(f"{fw['id']} {fw['version']} (sha256 {str(fw['sha256'] or '—')[:12]}) {word} "
                              + ", ".join(f"#{e}" for e in fw["evaluations"]) for fw in others)
              for lang, word in (("vi", "ở lần đánh giá"), ("en", "in evaluation(s)"))}
    choose = list(dict.fromkeys(f"--framework {fw['id']}@{fw['version']}" for fw in others))
    out["vi"] += (f"; các lần đánh giá trong kho theo {listed['vi']} có chỉ số này: hãy đo trên chúng bằng "
                  + " hoặc ".join(choose))
    out["en"] += f"; the store's evaluations of {listed['en']} have it: measure them with " + " or ".join(choose)
    return out
