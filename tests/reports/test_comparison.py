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
    assert small[0] == "—" and small[2] == 1 and small[4] == small[6] == small[7]  # not ranked, summarised
    assert rows["Hà Nội"][0] == 1
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
    assert rows[0][-1] == "small_group"
    assert [r[-1] for r in rows[1:]] == ["True", "False"]
    assert SMALL_MARK not in render(c, "csv", "en").decode("utf-8-sig")
    assert f"Bắc Ninh\u00a0{SMALL_MARK}" in render(c, "md", "en").decode("utf-8")


def test_a_signed_difference_gets_its_plus_when_it_shows_as_more_than_zero():
    from villagescore.reports.comparison import _f

    assert _f(0.5, 0, signed=True) == "+1"  # a half rounds away from zero: it shows as 1, so +1
    assert _f(0.25, 1, signed=True, lang="vi") == "+0,3"
    assert _f(0.004, 2, signed=True) == "0.00" and _f(-0.25, 1, signed=True) == "-0.3"
