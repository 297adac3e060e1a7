"""The HTML page of a large comparison lists the best and worst villages, overall and per group, not every one."""

import copy
import json
import re

from villagescore.admin_mapping import load_mapping
from villagescore.compare import compare, load_table
from villagescore.reports.comparison_page import GROUP_EXTREMES, PAGE_EXTREMES, bounded
from villagescore.reports.html import render_comparison


def _many(toy_result, n_per_province=20, **options):
    """60 village-years: copies of the toy villages in three provinces."""
    doc = json.loads(toy_result.to_json())
    villages = []
    for province in ("Hà Nội", "Bắc Ninh", "Huế"):
        for k in range(n_per_province):
            v = copy.deepcopy(doc["villages"][k % 3])
            v.update(village_id=f"v-{province[:2].lower()}-{k:02d}", province=province, former_province=None)
            villages.append(v)
    doc["villages"] = villages
    return compare(load_table([("many", doc)]), mapping=load_mapping(), **options)


def _table(html, key):
    at = html.index(f'<table class="{key}-table">')
    return html[at:html.index("</table>", at)]


def test_with_groups_the_page_lists_the_best_and_worst_overall_and_of_each_group(toy_result):
    c = _many(toy_result, by="province")
    html = render_comparison(c, "en").decode("utf-8")
    assert len(re.findall("<tr>", _table(html, "rankings"))) == 1 + 2 * PAGE_EXTREMES  # header and 20 rows
    assert len(re.findall("<tr>", _table(html, "group-extremes"))) == 1 + 3 * 2 * GROUP_EXTREMES
    assert "the 10 best and the 10 worst of the 60 village-years compared" in html
    assert "--format csv or --format json" in html
    assert html.index('id="section-groups"') < html.index('id="section-group-extremes"')
    vi = render_comparison(c, "vi").decode("utf-8")
    assert "10 lượt cao nhất và 10 lượt thấp nhất trong 60 lượt làng-năm" in vi
    assert len(c["rankings"]["rows"]) == 60  # the comparison itself (JSON, CSV) keeps every row


def test_the_best_of_each_group_are_its_first_ranked_members(toy_result):
    c = _many(toy_result, by="province")
    _, (extremes,), notes = bounded(c, "en")
    hue = [row for row in extremes["rows"] if row[0] == "Huế"]
    assert [row[1] for row in hue][:GROUP_EXTREMES] == ["1", "1", "1"]  # v1 copies: 88.33, tied first
    assert list(notes) == ["rankings"] and len(notes["rankings"]) == 1  # the toy results say nothing of estimates


def test_small_comparisons_keep_their_page(toy_result):
    c = _many(toy_result, n_per_province=2)  # no groups, 6 village-years: every row, as before
    assert bounded(c, "en") == (c, [], {})
    c = _many(toy_result, n_per_province=2, by="province")  # as few rows as the extremes would list
    assert bounded(c, "en") == (c, [], {})
    c = _many(toy_result, by="province", villages=["v-hà-00", "v-hu-01"])
    assert bounded(c, "en") == (c, [], {})


def test_changes_over_time_are_bounded_to_the_largest_rises_and_falls(toy_result):
    doc = json.loads(toy_result.to_json())
    villages = []
    for k in range(30):  # 30 villages, 2024 and 2025: 30 changes of -15 … +14
        for year, delta in ((2024, 0), (2025, k - 15)):
            v = copy.deepcopy(doc["villages"][2])  # v3, 43.3333
            v.update(village_id=f"v{k:02d}", year=year)
            v["overall"]["score"] = round(43.3333 + delta, 4)
            villages.append(v)
    doc["villages"] = villages
    c = compare(load_table([("panel", doc)]), by="province", mapping=load_mapping())
    assert len(c["over_time"]["changes"]) == 30
    shown, _, notes = bounded(c, "en")
    deltas = [ch["delta"] for ch in shown["over_time"]["changes"]]
    assert deltas == [*range(14, 4, -1), *range(-6, -16, -1)]  # the 10 largest rises, then falls, largest last
    kept = {ch["village_id"] for ch in shown["over_time"]["changes"]}
    assert {n["village_id"] for n in shown["over_time"]["node_changes"]} <= kept
    assert "Of the 30 changes over time, this page lists the 10 largest rises and the 10 largest falls" in \
        notes["changes"][0]
    html = render_comparison(c, "vi").decode("utf-8")
    assert "Trong 30 thay đổi theo thời gian, trang này chỉ liệt kê 10 mức tăng lớn nhất" in html
    assert len(c["over_time"]["changes"]) == 30  # the comparison itself keeps every change


def _communes(toy_result, n):
    """``n`` village-years of the toy villages, each in its own commune (a commune per village, as nationally)."""
    doc = json.loads(toy_result.to_json())
    villages = []
    for k in range(n):
        v = copy.deepcopy(doc["villages"][k % 3])
        # 2025: merged communes, keyed within their province (a pre-reform one also by its former units)
        v.update(village_id=f"v{k:03d}", commune=f"Xã {k:03d}", province="Hà Nội", former_province=None, year=2025)
        v["overall"]["score"] = round(20 + 0.5 * k, 4)  # v000 lowest … last highest
        villages.append(v)
    doc["villages"] = villages
    return compare(load_table([("communes", doc)]), by="commune", mapping=load_mapping())


def test_more_groups_than_the_limit_list_the_best_and_worst_groups_by_mean(toy_result, monkeypatch):
    from villagescore.reports import comparison_page

    monkeypatch.setattr(comparison_page, "GROUP_LIMIT", 8)
    monkeypatch.setattr(comparison_page, "GROUP_PAGE_EXTREMES", 3)
    c = _communes(toy_result, 30)
    shown, (extremes,), notes = bounded(c, "en")
    assert [g["key"] for g in shown["groups"]["rows"]] == [
        "Xã 029 — Hà Nội", "Xã 028 — Hà Nội", "Xã 027 — Hà Nội", "Xã 002 — Hà Nội", "Xã 001 — Hà Nội",
        "Xã 000 — Hà Nội"]  # highest mean first, the 3 best then the 3 worst
    assert {row[0] for row in extremes["rows"]} == {g["label"] for g in shown["groups"]["rows"]}
    (note,) = notes["groups"]
    assert "Of the 30 groups compared, this page lists the 3 with the highest mean score and the 3 with the " \
           "lowest" in note and "24 groups are left out" in note and "--format csv or --format json" in note
    html = render_comparison(c, "vi").decode("utf-8")
    assert len(re.findall("<tr>", _table(html, "groups"))) == 1 + 6
    assert "Trong 30 nhóm được so sánh, trang này chỉ liệt kê 3 nhóm có điểm trung bình cao nhất" in html
    assert len(c["groups"]["rows"]) == 30  # the comparison itself (JSON, CSV) keeps every group
    monkeypatch.setattr(comparison_page, "GROUP_LIMIT", 30)  # as many groups as the limit: every one, no note
    shown, _, notes = bounded(c, "en")
    assert shown["groups"]["rows"] == c["groups"]["rows"] and "groups" not in notes


def test_a_national_commune_comparison_page_is_bounded(tmp_path):
    # the brief's check: 3,000 synthetic villages in about 1,900 communes (most of them with one or two)
    from click.testing import CliRunner

    from villagescore.cli import cli
    from villagescore.reports.comparison_page import GROUP_PAGE_EXTREMES
    from villagescore.synthetic import generate, write

    frame, meta = generate(3000, seed=5)
    csv, _ = write(frame, meta, tmp_path / "n-synthetic.csv")
    out = tmp_path / "c.html"
    res = CliRunner().invoke(cli, ["compare", str(csv), "--by", "commune", "--format", "html", "--lang", "en",
                                   "-o", str(out)])
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    groups = len(re.findall("<tr>", _table(html, "groups"))) - 1
    assert 2 * GROUP_PAGE_EXTREMES <= groups <= 2 * GROUP_PAGE_EXTREMES + 1  # and the unrecorded ones, if any
    # the communes of villages last seen before 2025 are keyed by their former units too (docs/compare.md)
    communes = int(re.search(r"Of the ([\d,]+) groups compared", html).group(1).replace(",", ""))
    assert communes > 1_500
    assert len(re.findall("<tr>", _table(html, "rankings"))) == 1 + 2 * PAGE_EXTREMES
    assert len(html) < 200_000  # every group and village listed made 2.4 MB


def test_markdown_and_the_terminal_list_a_large_comparison_as_the_page_does(toy_result, monkeypatch):
    from villagescore.reports import national
    from villagescore.reports.comparison import render, rich_view

    monkeypatch.setattr(national, "SUMMARY_LIMIT", 50)  # 60 village-years, no groups: a national number here
    c = _many(toy_result)
    md = render(c, "md", "en").decode("utf-8")
    rows = [line for line in md.split("\n## Provenance")[0].splitlines() if line.startswith("| ")]
    assert len(rows) == 1 + 2 * PAGE_EXTREMES  # the header and the 10 best and 10 worst
    assert "the 10 best and the 10 worst of the 60 village-years compared" in md
    vi = render(c, "md", "vi").decode("utf-8")
    assert "10 lượt cao nhất và 10 lượt thấp nhất trong 60 lượt làng-năm" in vi
    (view,) = rich_view(c, "en")
    assert len(view.rows) == 2 * PAGE_EXTREMES and "--format csv or --format json" in view.caption
    assert view.caption.startswith("Score = ")  # the terminal's legend of short headers stays first
    assert len(c["rankings"]["rows"]) == 60  # the comparison itself keeps every row


def test_more_groups_than_the_limit_are_bounded_in_markdown_and_the_terminal(toy_result, monkeypatch):
    from villagescore.reports import comparison_page
    from villagescore.reports.comparison import render, rich_view

    monkeypatch.setattr(comparison_page, "GROUP_LIMIT", 8)
    monkeypatch.setattr(comparison_page, "GROUP_PAGE_EXTREMES", 3)
    c = _communes(toy_result, 30)
    md = render(c, "md", "en").decode("utf-8")
    assert "Of the 30 groups compared, this page lists the 3 with the highest mean score" in md
    assert md.count("| Xã ") == 6 and "Group extremes" not in md  # village rankings stay in CSV and JSON
    views = rich_view(c, "en")
    assert [len(v.rows) for v in views] == [6, 6]  # the groups, and their tier shares and best and worst


def test_groups_name_their_best_and_worst_villages_wherever_they_rank(toy_result):
    c = _many(toy_result, by="province")
    names = {r["village_id"]: r["name"] for r in c["rankings"]["rows"]}
    for g in c["groups"]["rows"]:  # JSON: the name beside the id
        assert g["best"]["name"] == names[g["best"]["village_id"]] and g["worst"]["name"]
    html = render_comparison(c, "en").decode("utf-8")
    groups = _table(html, "groups")
    for g in c["groups"]["rows"]:  # the page lists 20 of the 60 village-years, yet every group's are named
        for who in (g["best"], g["worst"]):
            assert f"{names[who['village_id']]} ({who['village_id']})" in groups


def _one_by_one(periods, ids, ranks, groups, n, k):
    """The former selection: (period, village id) mapped to its last row, the ranked rows listed one by one."""
    def extremes(positions, n):
        ranked = [i for i in positions if ranks[i] is not None]
        return ranked if len(ranked) <= 2 * n else ranked[:n] + ranked[-n:]

    at = {}
    for i, p in enumerate(periods):
        at.setdefault(p, []).append(i)
    where = {(p, v): i for i, (p, v) in enumerate(zip(periods, ids, strict=True))}
    return ([i for positions in at.values() for i in extremes(positions, n)],
            [extremes(sorted(where[(p, v)] for v in villages if (p, v) in where), k) for p, villages in groups])


def test_the_rows_found_by_codes_are_those_a_mapping_of_every_row_finds():
    import numpy as np

    from villagescore.reports.comparison_page import _extremes, _Positions

    rng = np.random.default_rng(11)
    for n, missing in [(1, False), (7, False), (300, False), (3000, False), (300, True)]:
        periods = rng.choice(np.array(["2023", "2024", "latest", 2024], dtype=object), n).tolist()
        ids = [f"v{x}" for x in rng.integers(0, max(n // 2, 1), n)]  # repeated (period, village): the last row
        if missing:
            ids[0], periods[-1] = None, float("nan")
        ranks = [None if x < 0.2 else int(x * 100) for x in rng.random(n)]
        groups = [(p, [f"v{x}" for x in rng.integers(0, n, rng.integers(0, 12))] + ["nowhere", None])
                  for p in ("2023", "2024", 2024, "latest", "1999", None)] + [("2023", [])]
        expected = _one_by_one(periods, ids, ranks, groups, 3, 2)
        ranked = np.array([r is not None for r in ranks])
        # periods as a list or an object array, ids as a list or a function listing them when first needed
        for where in (_Positions(periods, ids), _Positions(np.array(periods, dtype=object), lambda ids=ids: ids)):
            assert [i for at in where.periods() for i in _extremes(at, ranked, 3)] == expected[0]
            assert [_extremes(where.find(p, villages), ranked, 2) for p, villages in groups] == expected[1]


def test_group_members_found_by_their_rows_are_those_their_ids_find(toy_result, monkeypatch):
    """The page's best and worst of each group, from the members' rows, equal those found by looking ids up."""
    from villagescore.reports import comparison_page

    monkeypatch.setattr(comparison_page, "GROUP_LIMIT", 2)  # groups selected first: their members' rows kept
    for options in ({"by": "province"}, {"by": "sector"}, {"by": "province", "per_year": True},
                    {"by": "commune"}):
        c = _many(toy_result, **options)
        assert comparison_page._member_positions(c["rankings"]["rows"], c["groups"]["rows"]) is not None
        fast = bounded(c, "en")
        with monkeypatch.context() as m:
            m.setattr(comparison_page, "_member_positions", lambda rows, groups: None)  # by id, as before
            assert bounded(c, "en") == fast
