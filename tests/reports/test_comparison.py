"""The comparison for people (villagescore.reports.comparison): names, small groups, numbers per language."""

import csv
import io

from villagescore.admin_mapping import load_mapping
from villagescore.compare import compare, load_table
from villagescore.reports.comparison import SMALL_MARK, render, sections


def _comparison(toy_result, **options):
    return compare(load_table([("toy", toy_result)]), mapping=load_mapping(), **options)


def test_the_name_column_shows_name_and_id(toy_result):
    rankings = sections(_comparison(toy_result), "en")[0]
    assert rankings["header"][:2] == ["Rank", "Village"]
    assert [row[1] for row in rankings["rows"]] == ["Làng Một (v1)", "Làng Ba (v3)", "Làng Hai (v2)"]
    narrow = sections(_comparison(toy_result), "en", narrow=True)[0]
    assert narrow["rows"][0][1] == "Làng Một (v1) — 2024, Hà Nội"


def test_small_groups_keep_their_statistics_with_a_mark_and_a_legend(toy_result):
    c = _comparison(toy_result, by="province", min_group=2)
    groups = next(s for s in sections(c, "vi") if s["key"] == "groups")
    rows = {row[1]: row for row in groups["rows"]}
    small = rows[f"Bắc Ninh\u00a0{SMALL_MARK}"]
    assert small[0] == "—" and small[2] == "1" and small[4] == small[6] == small[7]  # not ranked, summarised
    assert rows["Hà Nội"][0] == "1"
    assert groups["notes"] == [f"{SMALL_MARK} ít hơn 2 lượt làng-năm: cần thận trọng khi đọc (không xếp hạng)"]


def test_numbers_follow_the_language(toy_result):
    c = _comparison(toy_result, by="province", min_group=1)
    vi = next(s for s in sections(c, "vi") if s["key"] == "groups")
    en = next(s for s in sections(c, "en") if s["key"] == "groups")
    assert vi["rows"][0][4] == en["rows"][0][4].replace(".", ",")
    assert "," in vi["rows"][0][4] and "." in en["rows"][0][4]


def test_csv_and_json_say_small_group_without_the_mark(toy_result):
    c = _comparison(toy_result, by="province", min_group=2)
    assert [g["small_group"] for g in c["groups"]["rows"]] == [True, False]  # Bắc Ninh 1, Hà Nội 2
    rows = list(csv.reader(io.StringIO(render(c, "csv", "en").decode("utf-8-sig"))))
    assert rows[0][-1] == "Small group"
    assert [r[-1] for r in rows[1:]] == ["yes", "no"]
    vi = list(csv.reader(io.StringIO(render(c, "csv", "vi").decode("utf-8-sig"))))
    assert vi[0][-1] == "Nhóm quá nhỏ" and [r[-1] for r in vi[1:]] == ["có", "không"]
    assert SMALL_MARK not in render(c, "csv", "en").decode("utf-8-sig")
    assert f"Bắc Ninh\u00a0{SMALL_MARK}" in render(c, "md", "en").decode("utf-8")


def test_a_signed_difference_gets_its_plus_when_it_shows_as_more_than_zero():
    from villagescore.reports.comparison import _f

    assert _f(0.5, 0, signed=True) == "+1"  # a half rounds away from zero: it shows as 1, so +1
    assert _f(0.25, 1, signed=True, lang="vi") == "+0,3"
    assert _f(0.004, 2, signed=True) == "0.00" and _f(-0.25, 1, signed=True) == "-0.3"


def _over_time(toy_result, toy_registry, toy_framework, **options):
    from pathlib import Path

    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine

    csv_path = Path(__file__).parents[1] / "fixtures" / "compare_toy_2025.csv"
    later = Engine(toy_registry).evaluate(toy_framework, read_dataset(csv_path, toy_registry))
    return compare(load_table([("2024", toy_result), ("2025", later)]), mapping=load_mapping(), **options)


def test_the_latest_period_is_said_in_the_language(toy_result, toy_registry, toy_framework):
    c = _over_time(toy_result, toy_registry, toy_framework, villages=["v2@2024", "v2@2025"])
    assert {p["period"] for p in c["rankings"]["periods"]} == {"2024", "latest"}  # the id stays in JSON
    for lang, word in (("vi", "mới nhất"), ("en", "latest")):
        for narrow in (False, True):
            periods = {row[0] for row in sections(c, lang, narrow=narrow)[0]["rows"]}
            assert periods == {"2024", word}
    md = render(c, "md", "vi").decode("utf-8")
    assert "| mới nhất |" in md and "latest" not in md
    assert "mới nhất" in render(c, "html", "vi").decode("utf-8")


def test_changes_csv_names_each_column_once_and_says_the_tier_change(toy_result, toy_registry, toy_framework):
    c = _over_time(toy_result, toy_registry, toy_framework)

    def table(name, lang):
        return list(csv.reader(io.StringIO(render(c, "csv", lang, table=name).decode("utf-8-sig"))))

    for lang in ("vi", "en"):
        for name in ("changes", "node-changes"):
            header = table(name, lang)[0]
            assert len(set(header)) == len(header), header
    vi, en = table("changes", "vi"), table("changes", "en")
    assert vi[0][-3] == "Thay đổi xếp loại" and en[0][-3] == "Tier change"
    assert en[0][-2:] == ["Pillars unscored from", "Pillars unscored to"]
    assert vi[0][2:4] == ["Năm từ", "Năm đến"] and en[0][2:4] == ["Year from", "Year to"]
    # Vietnamese readers get words; the English CSV keeps the ids same / up / down
    assert {r[0]: r[-3] for r in vi[1:]} == {"v1": "giảm hạng", "v2": "tăng hạng"}
    assert {r[0]: r[-3] for r in en[1:]} == {"v1": "down", "v2": "up"}
    nodes = table("node-changes", "en")[0]
    assert nodes[2:4] == ["Year from", "Year to"] and nodes[-3:] == ["Score from", "Score to", "Change"]
    assert table("node-changes", "vi")[0][-3:] == ["Điểm từ", "Điểm đến", "Thay đổi"]


def test_groups_csv_shares_are_fractions_under_a_header_without_the_percent_sign(toy_result):
    c = _comparison(toy_result, by="province", min_group=1)
    for lang, word in (("vi", "Tỷ lệ "), ("en", "Share ")):
        rows = list(csv.reader(io.StringIO(render(c, "csv", lang).decode("utf-8-sig"))))
        share_cols = [k for k, h in enumerate(rows[0]) if h.startswith(word)]
        assert len(share_cols) == len(c["tiers"]) + 1 and not any(h.startswith("%") for h in rows[0])
        for row, group in zip(rows[1:], c["groups"]["rows"], strict=True):
            values = [float(row[k]) for k in share_cols]
            assert all(0 <= v <= 1 for v in values) and abs(sum(values) - 1) < 1e-3
            assert values[:len(c["tiers"])] == [group["tier_shares"].get(x["id"], 0.0) for x in c["tiers"]]
    readable = next(s for s in sections(c, "vi") if s["key"] == "groups")  # the views for reading: % and "%"
    k = readable["header"].index(f"% {c['tiers'][0]['label']}")
    assert all(str(row[k]).endswith(" %") for row in readable["rows"])


def test_counts_and_ranks_have_the_language_s_thousands_separator(toy_result):
    c = _comparison(toy_result, by="province", min_group=1)
    groups = list(c["groups"]["rows"])  # made on demand too: a plain list to change them
    groups[0].update(rank=1234, count=2000, scored=1999)
    c["groups"]["rows"] = groups
    rows = [dict(r) for r in c["rankings"]["rows"]]  # the rows are made on demand: copy them to change them
    rows[0].update(rank=1500, estimated_share=0.9)
    c["rankings"]["rows"] = rows * 400  # 1,200 rows: the estimates note counts them
    groups = next(s for s in sections(c, "vi") if s["key"] == "groups")
    assert groups["rows"][0][:4] == ["1.234", c["groups"]["rows"][0]["label"], "2.000", "1.999"]
    rankings = sections(c, "vi")[0]
    assert rankings["rows"][0][0] == "1.500"
    assert any(n.startswith("400 trong 1.200 ") for n in rankings["notes"])
    assert sections(c, "en")[0]["rows"][0][0] == "1,500"
    assert "| 1.234 |" in render(c, "md", "vi").decode("utf-8")
    raw = list(csv.reader(io.StringIO(render(c, "csv", "vi").decode("utf-8-sig"))))
    group = c["groups"]["rows"][0]
    assert raw[1][:5] == ["1234", group["label"], group["key"], "2000", "1999"]  # CSV: raw numbers, the group's id


def _share_doc(toy_result, plan, estimates=None):
    """The toy result document with copies of its villages: ``plan`` is ``[(source id, province, n), …]``."""
    import copy
    import json

    doc = json.loads(toy_result.to_json())
    by_id = {v["village_id"]: v for v in doc["villages"]}
    villages = []
    for source, province, n in plan:
        for k in range(n):
            v = copy.deepcopy(by_id[source])
            v.update(village_id=f"{source}-{k}-{province}", province=province, former_province=None)
            if estimates is not None:
                v["estimates"] = {"share": estimates}
            villages.append(v)
    doc["villages"] = villages
    return compare(load_table([("doc", doc)]), by="province", mapping=load_mapping())


def test_tier_shares_shown_are_rounded_once_from_the_counts(toy_result):
    c = _share_doc(toy_result, [("v1", "Ninh Bình", 1), ("v2", "Ninh Bình", 25)])  # 1 of 26: 3.846 %
    md = render(c, "md", "vi").decode("utf-8")
    assert "| 3,8 % |" in md and "3,9 %" not in md  # rounding 0.0385 again showed 3,9 %
    c = _share_doc(toy_result, [("v1", "Điện Biên", 2), ("v2", "Điện Biên", 6), ("v3", "Điện Biên", 3)])
    row = next(s for s in sections(c, "en") if s["key"] == "groups")["rows"][0]
    assert row[8:12] == ["18.2 %", "27.3 %", "54.5 %", "0.0 %"]  # 2, 3, 6 of 11: they add up to 100.0 %


def test_groups_say_how_much_rests_on_estimates_in_every_format(toy_result):
    c = _share_doc(toy_result, [("v1", "Hà Nội", 3), ("v3", "Bắc Ninh", 3)], estimates=0.75)
    note = "6 of 6 village-years rest for 50 % or more of their scoring inputs on estimates"
    md = render(c, "md", "en").decode("utf-8")
    assert note in md and "Estimated share of inputs (mean)" in md and "| 75.0 % |" in md
    table = next(s for s in sections(c, "en", narrow=True) if s["key"] == "group-members")
    assert table["header"][2] == "Estimated share of inputs (mean)" and table["rows"][0][2] == "75.0 %"
    assert any(note in n for n in table["notes"])
    rows = list(csv.reader(io.StringIO(render(c, "csv", "vi").decode("utf-8-sig"))))
    at = rows[0].index("Đầu vào ước tính (tỷ lệ trung bình)")
    assert rows[0][at + 1] == "Số lượt làng-năm chủ yếu dựa vào ước tính"
    assert [(r[at], r[at + 1]) for r in rows[1:]] == [("0.75", "3"), ("0.75", "3")]
    assert not any(r[0].startswith("#") for r in rows)  # a column, not a comment line


def test_the_not_recorded_group_is_translated_and_unranked_in_the_views(toy_result):
    c = compare(load_table([("toy", toy_result)]), by="former_district", lang="vi", min_group=1)
    md = render(c, "md", "vi").decode("utf-8")
    assert "| — | (không ghi nhận) | 3 |" in md and "(not recorded)" not in md


def test_the_mean_estimated_share_of_a_group_is_shown_rounded_once(toy_result):
    c = _share_doc(toy_result, [("v1", "Hà Nội", 3)], estimates=0.03846)  # 4 decimals: 0.0385, shown 3.9 %
    row = next(s for s in sections(c, "en") if s["key"] == "groups")["rows"][0]
    assert "3.8 %" in row and "3.9 %" not in row


def test_a_section_the_comparison_lacks_is_refused_in_english_and_said_in_vietnamese(toy_result):
    import pytest

    from villagescore.errors import VillageScoreError
    from villagescore.i18n import use_language

    previous = use_language("vi")
    try:
        with pytest.raises(VillageScoreError) as exc:
            render(_comparison(toy_result), "csv", "vi", table="groups")
    finally:
        use_language(previous)
    assert str(exc.value).startswith("--table groups: this comparison has no such section")
    assert exc.value.text("vi") != str(exc.value) and exc.value.text("vi").startswith("--table groups: ")


def test_node_changes_name_every_node_with_its_label_and_id(toy_result, toy_registry, toy_framework):
    """Audit 2026-12: criteria and indicators showed as bare ids, pillars as labels without ids."""
    from villagescore.reports.comparison import _w

    labels = {c.id: dict(c.label) for c in toy_framework.criteria}
    labels.update({k: dict(x.label) for k, x in toy_registry.indicators.items()})
    pillar, crit, ind = toy_framework.pillars[0], toy_framework.criteria[0], toy_framework.indicators[0]
    for lang in ("vi", "en"):
        c = _over_time(toy_result, toy_registry, toy_framework, villages=["v2"], labels=labels, lang=lang)
        assert set(c["over_time"]["labels"]) == {"pillar", "criterion", "indicator"}
        expected = {f"{pillar.label[lang]} ({pillar.id})", f"{crit.label[lang]} ({crit.id})",
                    f"{toy_registry.indicators[ind.id].label[lang]} ({ind.id})"}
        for narrow in (False, True):
            section = next(s for s in sections(c, lang, narrow=narrow) if s["key"] == "node-changes")
            column = section["header"].index(_w("node", lang))
            assert expected <= {row[column] for row in section["rows"]}
        for fmt in ("md", "html"):
            assert f"{crit.label[lang]} ({crit.id})" in render(c, fmt, lang).decode("utf-8").replace("\\_", "_")
        rows = list(csv.reader(io.StringIO(render(c, "csv", lang, table="node-changes").decode("utf-8-sig"))))
        assert crit.id in {r[rows[0].index(_w("node", lang))] for r in rows[1:]}  # CSV keeps the bare id
        # audit 13: beside it its label, and the village's name beside its id
        node, label = rows[0].index(_w("node", lang)), rows[0].index(_w("label", lang))
        assert label == node + 1 and (crit.id, crit.label[lang]) in {(r[node], r[label]) for r in rows[1:]}
        assert rows[0][:2] == [_w("village_id", lang), _w("village", lang)] and {r[1] for r in rows[1:]} == {"Làng Hai"}


def test_a_province_spelt_with_the_old_tone_mark_placement_is_not_a_move(toy_result):
    """``Thanh Hóa (← Thanh Hoá)`` marked a province change that is only a spelling (audit finding 16)."""
    c = _share_doc(toy_result, [("v1", "Thanh Hoá", 1), ("v2", "Bắc Giang", 1)])
    for lang in ("vi", "en"):
        for narrow in (True, False):
            rows = next(s for s in sections(c, lang, narrow=narrow) if s["key"] == "rankings")["rows"]
            cells = [" ".join(str(x) for x in row) for row in rows]
            spelt = next(x for x in cells if "Thanh Hóa" in x).replace("v1-0-Thanh Hoá", "")  # the id holds it
            assert "Thanh Hoá" not in spelt and "←" not in spelt  # the same province: no arrow, no second name
            moved = next(x for x in cells if "Bắc Ninh" in x)
            assert "Bắc Giang" in moved  # a real merger still names the recorded province


def test_a_renamed_village_is_named_alike_in_overall_and_node_by_node_changes(toy_result):
    """Audit 2026-12: node-by-node rows took the latest name, the overall rows the name of their year."""
    import copy
    import json

    doc = json.loads(toy_result.to_json())
    docs = []
    for year, name in ((2023, "Làng Cũ"), (2024, "Làng Giữa"), (2025, "Làng Mới")):
        d = copy.deepcopy(doc)
        d["villages"] = [dict(v, year=year, name=name) for v in d["villages"] if v["village_id"] == "v1"]
        docs.append((str(year), d))
    c = compare(load_table(docs), villages=["v1"], mapping=load_mapping())
    for narrow in (False, True):
        changes, nodes = (next(s for s in sections(c, "en", narrow=narrow) if s["key"] == key)
                          for key in ("changes", "node-changes"))
        overall = {tuple(row[1:3]) if not narrow else row[1]: row[0] for row in changes["rows"]}
        by_node = {tuple(row[1:3]) if not narrow else row[1]: row[0] for row in nodes["rows"]}
        assert overall == by_node and set(overall.values()) == {"Làng Giữa (v1)", "Làng Mới (v1)"}


def test_the_section_of_changes_by_node_is_titled_for_what_it_lists(toy_result, toy_registry, toy_framework):
    """Audit 13: with the pillars alone listed, the title still named pillars, criteria and indicators."""
    from rich.console import Console

    from villagescore.reports.comparison import rich_view

    titles = {"vi": ("Thay đổi theo thời gian, theo trụ cột",
                     "Thay đổi theo thời gian, theo trụ cột, tiêu chí và chỉ số"),
              "en": ("Changes over time, pillar by pillar", "Changes over time, node by node")}
    for lang, (pillars_title, nodes_title) in titles.items():
        pillars = _over_time(toy_result, toy_registry, toy_framework, lang=lang)
        every_level = _over_time(toy_result, toy_registry, toy_framework, villages=["v2"], lang=lang)
        for c, only_pillars in ((pillars, True), (every_level, False)):
            console = Console(width=400, record=True, file=io.StringIO())
            console.print(*rich_view(c, lang))
            for text in (render(c, "md", lang).decode("utf-8"), render(c, "html", lang).decode("utf-8"),
                         console.export_text()):
                # the pillars' title begins the every level's one in Vietnamese: counted, not searched
                assert (text.count(pillars_title), text.count(nodes_title)) == ((1, 0) if only_pillars else
                                                                               (int(lang == "vi"), 1)), lang


def test_a_period_of_one_framework_among_several_says_latest_in_the_language():
    # frameworks differ: each has its periods ("latest · ID VERSION"); the word is read, the framework kept
    from villagescore.reports.comparison import _period

    assert _period("latest · toy 1.1", "vi") == "mới nhất · toy 1.1"
    assert _period("latest · toy 1.1", "en") == "latest · toy 1.1"
    assert _period("2024 · toy 1.1", "vi") == "2024 · toy 1.1" and _period("latest", "vi") == "mới nhất"


def test_every_section_says_what_each_of_its_columns_holds(toy_result, toy_registry, toy_framework):
    """Audit 15: the workbook told a score column by its header, and missed those whose header differs."""
    from villagescore.reports.comparison import KINDS

    c = _over_time(toy_result, toy_registry, toy_framework, villages=["v2@2024", "v1@2024"], by="province")
    for text in (False, True):
        for s in sections(c, "en", text=text):
            assert len(s["kinds"]) == len(s["header"]) and set(s["kinds"]) <= set(KINDS), s["key"]
            assert text is False or set(s["kinds"]) == {"text"}  # for reading, every number is formatted text
    data = {s["key"]: dict(zip(s["header"], s["kinds"], strict=True)) for s in sections(c, "en", text=False)}
    assert data["rankings"]["Overall"] == "score" and data["groups"]["Mean"] == "score"
    assert data["groups"]["Villages"] == "count" and data["changes"]["Change"] == "difference"
