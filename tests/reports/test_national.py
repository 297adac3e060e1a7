"""The national summary of the HTML report (villagescore.reports.national), for many village-years.

Toy results: overall v1 88.3333 (High), v2 29.5833 (Low), v3 43.3333 (Middle); all in Hà Nội
unless the CSV says otherwise.
"""


import pytest

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


def test_a_name_the_mapping_table_does_not_know_is_marked_not_counted_as_a_province_and_warned(
        tmp_path, toy_registry, toy_framework, summarised):
    # audit 17 #1: "Hà Tây" (abolished 2008) was an unmarked province row and the headline counted it
    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine
    from villagescore.reports.markdown import render as render_markdown
    from villagescore.reports.national_text import national_renderables

    csv = tmp_path / "names.csv"
    csv.write_text(
        "village_id,name,commune,province,former_province,sectors,year,a,b,c,flag,zone,kind,total,craft\n"
        "v1,Làng Một,Xã Một,Hà Nội,,alpha,2024,80,90,25,1,A,x,100,50\n"
        "v2,Làng Hai,Xã Hai,Hà Tây,,beta,2024,40,,150,0,B,y,200,20\n"
        "v3,Làng Ba,Xã Ba,Hà Nội,Hà Nam,alpha;beta,2024,,60,50,1,A,z,100,10\n"
        "v4,Làng Bốn,Xã Bốn,T. Thái Bình,,alpha,2024,80,90,25,1,A,x,100,50\n", encoding="utf-8")
    result = Engine(toy_registry).evaluate(toy_framework, read_dataset(csv, toy_registry))
    en = national.national_view(result, "en")
    assert dict(en["headline"])["Province"] == "2"  # Hà Nội and Hưng Yên; Hà Tây is no 2025 province
    assert {p["name"]: p["count"] for p in en["provinces"]} == {
        "Hà Nội": "2", "Hưng Yên": "1", "Hà Tây (not in the 2025 mapping table)": "1"}
    assert {r["village_id"]: r["province"] for r in en["best"]}["v2"] == "Hà Tây (not in the 2025 mapping table)"
    unmapped, inconsistent = en["warnings"]
    assert unmapped.startswith("1 village-years record a province name that is not in the 2025 mapping table: "
                               "Hà Tây (1).")
    assert inconsistent.startswith("1 village-years record a former province that did not merge into their province")
    vi = national.national_view(result, "vi")
    assert dict(vi["headline"])["Tỉnh/thành"] == "2"
    assert "Hà Tây (không có trong bảng chuyển đổi 2025)" in {p["name"] for p in vi["provinces"]}
    assert vi["warnings"][0].startswith("1 lượt làng-năm ghi tên tỉnh không có trong bảng chuyển đổi 2025: Hà Tây")
    assert f'<p class="notice warning">{unmapped}</p>' in render(result, "en").decode("utf-8").replace("&#34;", '"')
    assert "> **1 village-years record a province name" in render_markdown(result, "en").decode("utf-8")
    assert any("Hà Tây (1)" in str(getattr(t, "caption", "")) for t in national_renderables(result, "en"))


# ---- the fast paths give what the former per-row pandas code gave ----


_CURRENT = {"Hà Nội", "Bắc Ninh", "Ninh Bình"}  # the current provinces _awkward_frame's names map to


def _reference_current(frame):
    """The former ``_current_province``: every row through ``current_provinces`` (``None``: not recorded)."""
    import numpy as np
    import pandas as pd

    from villagescore.admin_mapping import load_mapping
    from villagescore.provinces import current_provinces

    def cells(column):
        if column not in frame.columns:
            return pd.Series(None, index=frame.index, dtype=object)
        codes, names = pd.factorize(frame[column])
        text = np.array([str(x).strip() or None for x in names] + [None], dtype=object)
        return pd.Series(text[codes], index=frame.index, dtype=object)

    v = pd.DataFrame({"village_id": frame["village_id"].astype(object), "province": cells("province"),
                      "former_province": cells("former_province")}, index=frame.index, dtype=object)
    current = current_provinces(v, load_mapping())[0]["province_current"]
    return [x if isinstance(x, str) else None for x in current.tolist()]


def _reference_rows(frame, pillars, tiers, lang, none):
    """The former province table: a group-by over the names and a crosstab of the ratings."""
    import pandas as pd

    from villagescore.provinces import collation_key
    from villagescore.reports.view import fmt_num, fmt_pct

    province = pd.Series(_reference_current(frame), index=frame.index, dtype=object)
    province = province.where(province.notna(), none)
    rating = frame["rating"].astype(object).where(frame["rating"].notna(), "")
    data = pd.DataFrame({"province": province.to_numpy(), "score": frame["overall_score"].to_numpy(dtype=float),
                         "rating": rating.to_numpy(),
                         **{p: frame[f"{p}_score"].to_numpy(dtype=float) for p in pillars}})
    grouped = data.groupby("province", sort=False)
    stats = grouped["score"].agg(["size", "mean", "median", "min", "max"])
    means = grouped[pillars].mean()
    shares = pd.crosstab(data["province"], data["rating"], normalize="index")
    out = []
    for name in sorted(stats.index, key=lambda x: collation_key(str(x))):
        row = stats.loc[name]
        out.append({"name": str(name), "count": national.format_integer(int(row["size"]), lang),
                     "mean": fmt_num(row["mean"], 1, lang), "median": fmt_num(row["median"], 1, lang),
                     "min": fmt_num(row["min"], 1, lang), "max": fmt_num(row["max"], 1, lang),
                     "pillars": [fmt_num(means.at[name, p], 1, lang) for p in pillars],
                     "tiers": [fmt_pct(shares.at[name, t] if t in shares.columns else 0.0, lang, 0) for t in tiers]})
    return out, province[province != none].nunique()


def _awkward_frame(n, seed):
    """Provinces current, former only, misspelt, unknown, blank or missing; NaN scores, ties, unrated rows."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    provinces = ["Hà Nội", "Bắc Ninh", " Ninh Bình ", "Ha Noi", "Nowhere", "", "  ", None, np.nan, "Hà Nam"]
    formers = ["Bắc Giang", "Hà Nam", "Hà Tây", "", None, "Atlantis", np.nan]
    score = rng.choice([12.5, 48.25, 48.25, 77.0, 100.0, 0.0, np.nan], n)
    frame = pd.DataFrame({
        "village_id": [f"v{k % max(n // 2, 1)}" for k in range(n)], "year": rng.choice([2023, 2024], n),
        "name": "x", "province": rng.choice(np.array(provinces, dtype=object), n),
        "former_province": rng.choice(np.array(formers, dtype=object), n), "overall_score": score,
        "rating": rng.choice(np.array(["low", "high", None, "retired"], dtype=object), n),
        "a_score": rng.choice([10.0, 20.0, np.nan], n), "b_score": np.full(n, np.nan)})
    frame["rating_label"] = frame["rating"]
    return frame


@pytest.mark.parametrize(("n", "seed"), [(0, 9), (1, 0), (2, 1), (7, 2), (300, 3), (5000, 4)])
def test_provinces_per_distinct_name_pair_and_counted_in_arrays_are_the_former_group_bys(n, seed):
    frame = _awkward_frame(n, seed)
    none = "(not recorded)"
    group, labels, current, marks = national._province_groups(frame, none)
    assert current.tolist() == _reference_current(frame)
    known = {n for n in labels.tolist() if n == none or n in _CURRENT}
    assert dict(zip(labels.tolist(), marks["mapped"].tolist(), strict=True)) == {n: n in known for n in labels}
    score, pillars = frame["overall_score"].to_numpy(), [frame["a_score"].to_numpy(), frame["b_score"].to_numpy()]
    for lang in ("vi", "en"):
        rows = national._province_rows(group, labels, score, pillars, frame["rating"], ["low", "high", "none"], lang)
        expected, count = _reference_rows(frame, ["a", "b"], ["low", "high", "none"], lang, none)
        assert rows == expected
    assert sum(1 for x in labels.tolist() if x != none) == count


def test_the_overall_score_and_the_pillars_are_apart_whatever_the_pillars_are_called():
    # a pillar with the id "score" once replaced the overall score in the province table
    import numpy as np
    import pandas as pd

    group, labels = np.zeros(3, dtype=np.int64), np.array(["Hà Nội"], dtype=object)
    score, pillar = np.array([10.0, 20.0, 30.0]), np.array([90.0, 90.0, 90.0])
    (row,) = national._province_rows(group, labels, score, [pillar], pd.Series(["low", "low", None]), ["low"], "en")
    assert (row["mean"], row["max"], row["pillars"], row["tiers"]) == ("20.0", "30.0", ["90.0"], ["67 %"])


def test_without_the_province_columns_every_village_year_is_not_recorded():
    frame = _awkward_frame(50, 5).drop(columns=["province", "former_province"])
    group, labels, current, marks = national._province_groups(frame, "(none)")
    assert marks["mapped"].tolist() == [True] and marks["unmapped"] == {} and marks["inconsistent"] == 0
    assert labels.tolist() == ["(none)"] and set(group.tolist()) == {0} and set(current.tolist()) == {None}


def test_the_extremes_name_each_village_year_s_current_province(toy_result, summarised):
    import pandas as pd

    frame = pd.concat([toy_result.summary_frame(lang="en")] * 400, ignore_index=True).iloc[::-1]  # index not 0..n
    view = national.national_view(toy_result, "en", frame=frame)
    expected = dict(zip(frame["village_id"], _reference_current(frame), strict=True))
    assert [r["province"] for r in view["best"] + view["worst"]] == [
        expected[r["village_id"]] or "" for r in view["best"] + view["worst"]]


@pytest.mark.parametrize("values", [["a", "b", "a"], [], ["a", None, "a", float("nan")], [1, 1.0, "1", True, 2],
                                    [0.0, -0.0, 3], ["x"] * 5])
def test_villages_are_counted_as_nunique_counts_them(values):
    import pandas as pd

    column = pd.Series(values, dtype=object)
    assert national._distinct(column) == column.nunique()
