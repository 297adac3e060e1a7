"""The national summary of the HTML report (villagescore.reports.national), for many village-years.

Toy results: overall v1 88.3333 (High), v2 29.5833 (Low), v3 43.3333 (Middle); all in Hà Nội
unless the CSV says otherwise.
"""


from villagescore.reports import national
from villagescore.reports.html import render


def test_many_village_years_give_a_national_summary_not_every_village(toy_result, summarised):
    page = render(toy_result, "en").decode("utf-8")
    assert '<section class="national">' in page and 'class="summary-table"' not in page
    assert "3 village-years (from 2 on): this report is a national summary" in page
    assert "detailed profiles are shown for the first 1 village-years" in page
    assert page.count('<section class="village"') == 1
    assert "The 10 highest-scoring village-years" in page and "The 10 lowest-scoring village-years" in page
    assert "<td>High <code>high</code></td>" in page  # a rating with its id


def test_the_summary_figures(toy_result, summarised):
    view = national.national_view(toy_result, "en")
    head = dict(view["headline"])
    assert head["Village-years"] == "3" and head["Villages"] == "3"
    assert head["Mean"] == "53.7" and head["Median"] == "43.3"  # (88.3333 + 29.5833 + 43.3333) / 3 = 53.74997
    counts = {d["range"]: d["count"] for d in view["distribution"]}
    assert counts["80–90"] == "1" and counts["20–30"] == "1" and counts["40–50"] == "1"
    assert [r["village_id"] for r in view["best"]] == ["v1", "v3", "v2"]
    assert [r["village_id"] for r in view["worst"]] == ["v2", "v3", "v1"]
    total = sum(int(p["count"]) for p in view["provinces"])
    assert total == 3


def test_few_village_years_keep_the_summary_table(toy_result):
    page = render(toy_result, "en").decode("utf-8")
    assert 'class="summary-table"' in page and '<section class="national">' not in page


def test_best_and_worst_found_without_sorting_the_country_are_those_of_a_full_sort():
    import numpy as np
    import pandas as pd

    from villagescore.reports import national

    rng = np.random.default_rng(1)
    n = 5000  # many ties on the rounded score, village id and year
    score = rng.choice([10.0, 10.004, 50.0, 90.001, 89.999, np.nan], n)
    frame = pd.DataFrame({"village_id": rng.choice(["a", "b", "c", "d"], n), "year": rng.choice([2020, 2021], n),
                          "row": np.arange(n)})
    scored = ~np.isnan(score)
    everything = frame.assign(_s=np.round(score, 2)).loc[scored]
    for highest in (True, False):
        full = everything.sort_values(["_s", "village_id", "year"], ascending=[not highest, True, True],
                                      kind="stable").head(national.EXTREMES)
        pd.testing.assert_frame_equal(national._extremes(frame, score, scored, highest=highest), full)


def test_counts_are_grouped_as_the_language_groups_thousands(toy_result):
    import pandas as pd

    frame = pd.concat([toy_result.summary_frame(lang="vi")] * 400, ignore_index=True)  # 1,200 village-years
    vi = national.national_view(toy_result, "vi", frame=frame)
    assert dict(vi["headline"])["Lượt làng-năm"] == "1.200"
    assert sorted(p["count"] for p in vi["provinces"]) == ["400", "800"]  # two provinces
    assert {d["count"] for d in vi["distribution"]} >= {"400"}
    en = national.national_view(toy_result, "en", frame=frame)
    assert dict(en["headline"])["Village-years"] == "1,200"


def test_the_estimates_warning_groups_its_count():
    from types import SimpleNamespace

    import numpy as np

    from villagescore.reports.view import estimates_notice

    many = SimpleNamespace(estimated=np.ones(5000), estimated_share=np.ones(5000))
    assert "5.000" in estimates_notice(many, "vi") and "5000" not in estimates_notice(many, "vi")
    assert "5,000" in estimates_notice(many, "en")


def test_a_village_with_only_a_former_province_is_under_the_province_compare_groups_it_in(
        tmp_path, toy_registry, toy_framework, summarised):
    # v2 and v3 leave province empty (v3 a blank) and give the pre-2025 province: Bắc Giang merged into
    # Bắc Ninh, Hà Nam into Ninh Bình
    from villagescore.admin_mapping import load_mapping
    from villagescore.compare import compare, load_table
    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine

    csv = tmp_path / "former.csv"
    csv.write_text(
        "village_id,name,commune,province,former_province,sectors,year,a,b,c,flag,zone,kind,total,craft\n"
        "v1,Làng Một,Xã Một,Hà Nội,,alpha,2024,80,90,25,1,A,x,100,50\n"
        "v2,Làng Hai,Xã Hai,,Bắc Giang,beta,2024,40,,150,0,B,y,200,20\n"
        "v3,Làng Ba,Xã Ba, ,Hà Nam,alpha;beta,2024,,60,50,1,A,z,100,10\n"
        "v4,Làng Bốn,Xã Bốn,Bắc Ninh,,alpha,2024,80,90,25,1,A,x,100,50\n", encoding="utf-8")
    result = Engine(toy_registry).evaluate(toy_framework, read_dataset(csv, toy_registry))
    view = national.national_view(result, "vi")
    counts = {p["name"]: p["count"] for p in view["provinces"]}
    assert counts == {"Bắc Ninh": "2", "Hà Nội": "1", "Ninh Bình": "1"}  # none "(không ghi nhận)"
    located = {r["village_id"]: r["province"] for r in view["best"]}
    assert located["v2"] == "Bắc Ninh" and located["v3"] == "Ninh Bình"
    grouped = compare(load_table([("former", result)]), by="province", min_group=1, mapping=load_mapping())
    assert {g["label"]: len(g["villages"]) for g in grouped["groups"]["rows"]} == {
        "Bắc Ninh": 2, "Hà Nội": 1, "Ninh Bình": 1}
    page = render(result, "en").decode("utf-8")
    assert "<td>Ninh Bình</td>" in page and "(not recorded)" not in page
