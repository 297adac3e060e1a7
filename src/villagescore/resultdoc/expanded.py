"""One village record of a version-2 document in the expanded per-village shape of version 1."""

from __future__ import annotations

from typing import Any

from .codes import FLAGS, STATUS_CODES


def expand(head: dict[str, Any], record: dict[str, Any], lang: str = "en") -> dict[str, Any]:
    """One village record of a version-2 document in the expanded per-village shape of version 1.

    ``head``: the document (or its header line); ``record``: one of its ``villages``. Each
    pillar and criterion keyed by id, each indicator and gate an object with its metadata and
    references, ``overall.rating_label`` in ``lang`` (see ``docs/result-format.md``).
    """
    fw = head["framework"]
    codes = head.get("status_codes") or STATUS_CODES
    flags = head.get("flags") or FLAGS
    refs = head.get("references") or []
    regs = head.get("regulations") or {}
    tiers = {t["id"]: t for t in fw.get("tiers") or []}
    rating = record["overall"].get("rating")
    out = {k: v for k, v in record.items() if k not in ("pillars", "criteria", "indicators", "regulations", "flags",
                                                         "gates")}
    label = (tiers.get(rating) or {}).get("label") or {}
    out["overall"] = {**record["overall"], "rating_label": label.get(lang) if rating is not None else None}

    def level(table: list[dict[str, Any]], block: dict[str, Any], pillar: bool) -> dict[str, Any]:
        return {x["id"]: {**({} if pillar else {"pillar": x["pillar"]}), "score": block["score"][k],
                          "coverage": block["coverage"][k], "status": codes[block["status"][k]]}
                for k, x in enumerate(table)}

    out["pillars"] = level(fw["pillars"], record["pillars"], True)
    out["criteria"] = level(fw["criteria"], record["criteria"], False)
    ind, applied = record["indicators"], iter(record.get("regulations") or [])
    weights = head["weight_profiles"][ind["weights"]]
    indicators = []
    for j, x in enumerate(fw["indicators"]):
        status = codes[ind["status"][j]]
        item = {"id": x["id"], "pillar": x["pillar"], "criterion": x["criterion"], "value": ind["value"][j],
                "unit": x["unit"], "score": ind["score"][j], "status": status, "weight": weights[j],
                "contribution": ind["contribution"][j]}
        if "versions" in x:
            k = next(applied, None)
            if k is not None and k >= 0:
                v = x["versions"][k]
                item["regulation"] = {"id": v["regulation"], "document": (regs.get(v["regulation"]) or {}).get(
                    "document"), "limit": v["limit"]}
            elif k is not None:
                item["regulation"] = None
            flag = (record.get("flags") or {}).get(x["id"])
            if flag:
                item["flag"] = flags.get(flag, flag)
        item["references"] = [refs[r] for r in x["references"]]
        indicators.append(item)
    out["indicators"] = indicators
    gates = record["gates"]
    out["gates"] = [{"id": g["id"], "indicator": g["indicator"], "rule": g["rule"], "fired": gates["fired"][k],
                     "status": gates["status"][k], "cap": g.get("cap")} for k, g in enumerate(fw["gates"])]
    return out
