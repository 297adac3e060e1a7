"""villagescore.reports.comparison_groups: the groups as data, made by column, are the cells of each row."""

import random

import numpy as np
import pytest

from villagescore.compare import compare, load_table
from villagescore.numbers import round_like_python
from villagescore.reports.comparison import _period, _w
from villagescore.reports.comparison_groups import _data_rows, group_sections
from villagescore.reports.comparison_page import _highest_and_lowest
from villagescore.reports.comparison_places import other_names


def _expected(rows, tier_ids, multi_period, lang):
    """The data cells of each group, one row dict at a time (as the groups table was made before)."""
    out = []
    for r in rows:
        notes = [] if r["mapped"] else [_w("unmapped", lang)]
        extra = other_names(r["recorded_names"], r["key"])
        if extra:
            notes.append("← " + ", ".join(extra))
        shares = r["tier_shares"] or {}
        row = ([_period(r["period"], lang)] if multi_period else []) + [r["rank"], r["label"],
                                                                   None if r["not_recorded"] else r["key"], r["count"],
                                                                   r["scored"]]
        row += [r["mean"], r["median"], r["min"], r["max"]] + [shares.get(t) for t in tier_ids]
        row += [r.get("estimated_share"), r.get("mostly_estimated")]
        row += [None if v is None else v.get(k) for v in (r["best"], r["worst"])
                for k in ("village_id", "name", "score")]
        row += ["; ".join(notes), _w("yes" if r["small_group"] else "no", lang)]
        out.append(row)
    return out


@pytest.mark.parametrize("by", ["province", "commune", "sector"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_groups_as_data_are_the_cells_of_each_row(toy_result, by, lang):
    c = compare(load_table([("a", toy_result)]), by=by, per_year=True, min_group=2, lang=lang)
    rows = c["groups"]["rows"]
    tier_ids = [t["id"] for t in c["tiers"]] + ["unrated"]
    for multi in (True, False):  # with a period column, and without
        expected = _expected(list(rows), tier_ids, multi, lang)
        assert _data_rows(rows, tier_ids, multi, lang) == expected  # read by column
        assert _data_rows(list(rows), tier_ids, multi, lang) == expected  # a plain list of row dicts
    expected = _expected(list(rows), tier_ids, len(c["rankings"]["periods"]) > 1, lang)
    (section,) = [s for s in group_sections(c, c["groups"], lang, text=False, narrow=False, num=lambda x: x,
                                            share=lambda x: x) if s["key"] == "groups"]
    assert section["rows"] == expected


def test_a_province_notes_its_recorded_names_and_an_unmapped_one():
    row = {"period": "latest", "key": "Hà Nội", "label": "Hà Nội", "mapped": False, "not_recorded": False,
           "recorded_names": ["Hà Nội", "Hà Tây"], "count": 2, "scored": 2, "small_group": False, "rank": 1,
           "mean": 50.0, "median": 50.0, "min": 40.0, "max": 60.0, "tier_shares": {"high": 1.0},
           "estimated_share": None, "mostly_estimated": None, "best": {"village_id": "v1", "score": 60.0},
           "worst": None}
    (cells,) = _data_rows([row], ["high", "unrated"], False, "en")
    assert cells[-2] == f"{_w('unmapped', 'en')}; ← Hà Tây"
    assert cells[-8:-2] == ["v1", None, 60.0, None, None, None]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_best_and_worst_as_data_are_an_id_a_name_and_a_number(toy_result, lang):
    """Audit 13: a Vietnamese workbook held 'syn-000121 (61.59)': an English decimal point in a text, no name."""
    c = compare(load_table([("a", toy_result)]), by="province", min_group=1, lang=lang)
    (data,) = [s for s in group_sections(c, c["groups"], lang, text=False, narrow=False, num=lambda x: x,
                                         share=lambda x: x) if s["key"] == "groups"]
    at = data["header"].index(_w("best_id", lang))
    assert data["header"][at:at + 6] == [_w(f"{side}_{part}", lang) for side in ("best", "worst")
                                         for part in ("id", "name", "score")]
    assert len(set(data["header"])) == len(data["header"])
    for row, group in zip(data["rows"], c["groups"]["rows"], strict=True):
        best = group["best"]
        assert row[at:at + 3] == [best["village_id"], best["name"], best["score"]]
        assert isinstance(row[at + 2], float)


@pytest.mark.parametrize("seed", range(8))
def test_the_highest_and_lowest_means_are_those_of_sorting_every_group(seed):
    from villagescore.provinces import collation_key

    rnd = random.Random(seed)
    n = rnd.choice([5, 30, 200])
    labels = [rnd.choice(["Đông", "dong", "An", "ân", "B"]) + str(rnd.randrange(4)) for _ in range(n)]
    means = [rnd.choice([50.0, 50.004, 49.996, 12.5, round(rnd.uniform(0, 100), 4)]) for _ in range(n)]
    positions = list(range(0, 3 * n, 3))
    everyone = sorted(range(n), key=lambda i: (-round(means[i], 2), collation_key(labels[i])))
    k = 4
    expected = everyone if n <= 2 * k else everyone[:k] + everyone[-k:]
    spread = [None] * (3 * n)
    for i, p in enumerate(positions):
        spread[p] = labels[i]
    got = _highest_and_lowest(np.array(positions), round_like_python(np.array(means), 2), spread, k)
    assert got == [positions[i] for i in expected]


def test_two_sectors_of_one_label_are_told_apart_by_their_ids_in_every_view(toy_result):
    # a catalogue sector labelled "Gốm sứ" beside the ceramics sector: each group shows "label (id)"
    from villagescore.reports.comparison_page import listed_sections
    from villagescore.reports.html import render_comparison

    same = {"vi": "Gốm sứ", "en": "Pottery"}
    c = compare(load_table([("a", toy_result)]), by="sector", min_group=1, lang="vi",
                labels={"alpha": same, "beta": same})
    _, sections = listed_sections(c, "vi")
    (groups,) = [s for s in sections if s["key"] == "groups"]
    assert sorted(row[1] for row in groups["rows"]) == ["Gốm sứ (alpha)", "Gốm sứ (beta)"]
    _, narrow = listed_sections(c, "vi", narrow=True)
    assert sorted(row[0] for s in narrow if s["key"] == "group-members" for row in s["rows"]) == [
        "Gốm sứ (alpha)", "Gốm sứ (beta)"]
    (data,) = [s for s in group_sections(c, c["groups"], "vi", text=False, narrow=False, num=lambda x: x,
                                         share=lambda x: x) if s["key"] == "groups"]
    assert data["header"][1:3] == [f"{_w('group', 'vi')}: {_w('by:sector', 'vi')}", "Mã nhóm"]
    assert sorted(row[1:3] for row in data["rows"]) == [["Gốm sứ", "alpha"], ["Gốm sứ", "beta"]]
    page = render_comparison(c, "vi").decode()
    assert "Gốm sứ (alpha)" in page and "Gốm sứ (beta)" in page
    provinces = compare(load_table([("a", toy_result)]), by="province", min_group=1, lang="vi")
    _, sections = listed_sections(provinces, "vi")
    assert "Hà Nội" in [row[1] for s in sections if s["key"] == "groups" for row in s["rows"]]  # its label is its id


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_groups_tier_headers_name_a_renamed_tier_by_each_framework(tmp_path, toy_registry, toy_framework, lang):
    """Audit 2026-12 (15th walk, left over) #2: '% <tier>' took one framework's label for every period."""
    import shutil
    from pathlib import Path

    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine
    from villagescore.framework import load_framework
    from villagescore.reports.comparison import sections

    support = Path(__file__).parents[1] / "support"
    shutil.copy(support / "toy-framework.yaml", tmp_path / "toy-framework.yaml")
    (tmp_path / "v2.yaml").write_text(
        "id: toy-v2\nversion: '2.0'\ntitle: {vi: Thử 2, en: Toy 2}\nextends: {framework: toy-framework.yaml}\n"
        "change:\n  tiers: {mid: {label: {vi: Khá (v2), en: Fair (v2)}}}\n", encoding="utf-8")
    v2 = load_framework(tmp_path / "v2.yaml", toy_registry)
    runs = [(f"{fw.id}.json", Engine(toy_registry).evaluate(fw, read_dataset(support / "toy.csv", toy_registry)))
            for fw in (toy_framework, v2)]
    c = compare(load_table(runs), lang=lang, by="province")
    mid = {"en": "Middle (toy 1.0) / Fair (v2) (toy-v2 2.0)", "vi": "Trung bình (toy 1.0) / Khá (v2) (toy-v2 2.0)"}
    for text, head in ((True, f"% {mid[lang]}"), (False, _w("tier_share", lang).format(tier=mid[lang]))):
        (groups,) = [s for s in sections(c, lang, text=text) if s["key"] == "groups"]
        assert head in groups["header"]


#: An overlay of the default framework renaming one tier (docs/framework-format.md, "Overlays").
RENAMED = """\
id: vn-ttcn-renamed
version: "0.1.0"
title: {vi: "Bộ tiêu chí đổi tên hạng", en: "Renamed tier"}
extends: {framework: vn-ttcn-sustainable}
change:
  tiers: {needs_improvement: {label: {vi: "Cần cố gắng", en: "Must try harder"}}}
"""


@pytest.fixture(scope="module")
def two_frameworks(tmp_path_factory):
    """The example dataset's results under the default framework and under an overlay renaming a tier (JSON files)."""
    from pathlib import Path

    import villagescore as vs

    folder = tmp_path_factory.mktemp("renamed")
    (folder / "renamed.yaml").write_text(RENAMED, encoding="utf-8")
    data = Path(__file__).parents[2] / "datasets" / "examples" / "example-small.csv"
    for name, framework in (("a.json", None), ("b.json", folder / "renamed.yaml")):
        (folder / name).write_bytes(vs.evaluate(data, framework).to_json())
    return folder


@pytest.mark.parametrize(("lang", "renamed", "kept"), [
    ("en", "Must try harder (needs_improvement) 66.7 %", "Needs improvement (needs_improvement) 66.7 %"),
    ("vi", "Cần cố gắng (needs_improvement) 66,7 %", "Cần cải thiện (needs_improvement) 66,7 %")])
def test_the_narrow_groups_name_each_row_s_tiers_as_its_own_framework_does(two_frameworks, lang, renamed, kept):
    """Audit 2026-12 (16th walk) #2: each narrow row named tier needs_improvement by both frameworks' labels."""
    from villagescore.reports.comparison_page import listed_sections

    runs = [(name, two_frameworks / name) for name in ("a.json", "b.json")]
    c = compare(load_table(runs), by="province", min_group=1, lang=lang)
    periods = c["rankings"]["periods"]  # each names the framework it was scored with
    assert [p["framework"]["id"] for p in periods] == ["vn-ttcn-renamed", "vn-ttcn-sustainable"]
    assert all(p["period"] == f"latest · {p['framework']['id']} {p['framework']['version']}" for p in periods)
    _, narrow = listed_sections(c, lang, narrow=True)
    (members,) = [s for s in narrow if s["key"] == "group-members"]
    shares = {"renamed" if "vn-ttcn-renamed" in row[0] else "default": row[2] for row in members["rows"]}
    progressing = {"en": "Progressing towards sustainability (progressing) 33.3 %",
                   "vi": "Đang tiến tới bền vững (progressing) 33,3 %"}[lang]
    assert shares == {"renamed": f"{progressing} · {renamed}", "default": f"{progressing} · {kept}"}


def test_group_notes_list_merged_provinces_not_spellings_of_one(toy_result):
    # audit 17 #4: "Thanh Hóa ← Thanh Hoá, Tỉnh Thanh Hóa", "Phú Thọ ← Phu Tho" in every view
    import copy
    import json

    from villagescore.admin_mapping import load_mapping
    from villagescore.reports.comparison import render, sections

    doc = json.loads(toy_result.to_json())
    first = doc["villages"][0]
    places = [("Thanh Hoá", None), ("Thanh Hóa", None), ("Tỉnh Thanh Hóa", None), ("Thành phố Hồ Chí Minh", None),
              ("Hồ Chí Minh", None), ("Phu Tho", None), ("Phú Thọ", None), ("Ninh Bình", "Hà Nam"),
              ("Ninh Bình", "Tỉnh Hà Nam"), ("Ninh Bình", None)]
    doc["villages"] = [{**copy.deepcopy(first), "village_id": f"v{k}", "province": p, "former_province": f}
                       for k, (p, f) in enumerate(places)]
    c = compare(load_table([("doc", doc)]), by="province", min_group=1, mapping=load_mapping())
    expected = {"Hồ Chí Minh": "", "Ninh Bình": "← Hà Nam", "Phú Thọ": "", "Thanh Hóa": ""}
    for how in ({"text": True}, {"text": False}, {"narrow": True}):
        tables = {s["key"]: s for s in sections(c, "en", **how)}
        table = tables["group-members" if how.get("narrow") else "groups"]
        group = next(k for k, h in enumerate(table["header"]) if h.startswith("Group:"))
        note = table["header"].index("Note") if "Note" in table["header"] else None
        notes = {row[group].split("\u00a0")[0]: "" if note is None else row[note] for row in table["rows"]}
        assert notes == expected, how
    md = render(c, "md", "en").decode("utf-8")
    assert "← Hà Nam" in md and "Tỉnh Hà Nam" not in md and "Thanh Hoá" not in md and "Phu Tho" not in md
