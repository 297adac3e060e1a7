"""What targets reports say beside their figures, in every format and both languages."""

import csv
import io

import pytest

from villagescore.reports.terminal import render_text
from villagescore.targets import NATIONAL
from villagescore.targets.notes import coverage_text, header_notices, verdict_text
from villagescore.targets.render import render, rich_view

from .test_measure import ROWS, _data, _run, _target


def _report():
    """Synthetic data, all inputs estimated; a share with an unclassified village; a total over a sample."""
    rows = [*ROWS, ("B", 2024, "good", ("w",))]
    data = _data(rows, indicators={"status": ["t", "t", "t", "t", "t", "t", None]},
                 fields={"workers": [10, 30, 1, 3, 5, None, 2]})
    data.villages["estimated_share"] = 1.0
    data.provenance = {"dataset": {"kind": "synthetic"}}
    share = _target(year=2023, measure={"statistic": "share", "condition": {"rating_at_least": "good"},
                                        "population": {"where": [{"indicator": "status", "op": "==", "value": "t"}]}})
    total = _target(id="s", unit="count", value=100, scope="national", year=2030,
                    measure={"statistic": "sum", "value": {"field": "workers"}})
    return _run(data, share, total)


@pytest.mark.parametrize(("lang", "kind", "notice", "estimated", "partial"), [
    ("en", "Kind of data: synthetic (generated)", "not real measured data", "Estimated data", "sums only the villages"),
    ("vi", "Loại dữ liệu: tổng hợp", "không phải số liệu thực đo", "Dữ liệu ước tính", "chỉ cộng các làng")])
def test_every_format_says_the_kind_of_data_the_estimates_and_partial_totals(lang, kind, notice, estimated, partial):
    report = _report()
    texts = {fmt: render(report, fmt, lang).decode("utf-8-sig") for fmt in ("md", "html")}
    texts["table"] = render_text(rich_view(report, lang), width=400).replace("\xa0", " ")
    for fmt, text in texts.items():
        assert kind in text and notice in text and estimated in text and partial in text, fmt
        assert "100 %" in text, fmt  # every measured value rests on estimated inputs only


def test_csv_carries_the_notes_in_columns_not_comments():
    report = _report()
    text = render(report, "csv", "en").decode("utf-8-sig")
    assert not any(line.startswith("#") for line in text.splitlines())
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {"Not classifiable", "Estimated data", "Kind of data", "Notes"} <= set(rows[0])
    assert {r["Kind of data"] for r in rows} == {"synthetic (generated)"}
    assert {r["Estimated data"] for r in rows if r["Measured"]} == {"100.0"}
    national_total = [r for r in rows if r["Target id"] == "s"
                      and r["Province"] == "All data (0 of 34 provinces)"]
    assert national_total and all("sums only the villages in the data" in r["Notes"] for r in national_total)
    b = next(r for r in rows if r["Target id"] == "t" and r["Province"] == "B" and r["Year"] == "2024")
    assert b["Not classifiable"] == "1" and "status empty" in b["Notes"]


def test_coverage_names_the_unclassified_and_the_empty_field():
    report = _report()
    t = report["targets"][0]
    row = next(r for r in t["rows"] if r["group"] == NATIONAL and r["year"] == 2024)
    assert coverage_text(row, "en", t) == "2/3; 1 of 4 not classifiable: status empty"
    assert coverage_text(row, "vi", t) == "2/3; 1/4 không xếp được: status để trống"


def test_the_verdict_is_said_on_its_row_and_later_rows_are_marked():
    report = _report()
    t = report["targets"][0]  # by 2023: the data have 2022 and 2024, so no data for the target year
    cells = {(r["group"], r["year"]): verdict_text(t, r, "en") for r in t["rows"]}
    assert cells[(NATIONAL, 2022)] == "no data for the target year"
    assert cells[(NATIONAL, 2024)].startswith("later value, after the target year")
    total = report["targets"][1]
    last = [r for r in total["rows"] if r["group"] == NATIONAL][-1]
    cell = verdict_text(total, last, "vi")
    assert cell.startswith("chưa đánh giá được: tổng một phần") and "dự báo đến năm 2030" in cell


def test_data_without_quality_flags_say_the_share_of_estimates_is_unknown():
    report = _run(_data(ROWS), _target())
    assert any("how much of these scores rests on estimates is unknown" in n for n in header_notices(report, "en"))


def test_an_older_store_says_it_did_not_record_the_estimates_rather_than_blaming_the_metadata(tmp_path):
    from pathlib import Path

    import villagescore as vs
    from villagescore.store import Store
    from villagescore.targets import data_from_store, load_targets, measure_targets

    dataset = Path(__file__).resolve().parents[2] / "datasets" / "phung-xa" / "phung-xa.csv"
    with Store(tmp_path / "s.sqlite", create=True) as st:
        st.add(vs.evaluate(dataset), now="2026-01-01T00:00:00+00:00")
        st.con.execute("UPDATE village_years SET estimated_share = NULL")  # as schema version 1 left them
        report = measure_targets(data_from_store(st.con), load_targets(None))
    en, vi = header_notices(report, "en"), header_notices(report, "vi")
    assert any(n.startswith("The store did not record how much of these scores rests on estimates (evaluations "
                            "stored before") for n in en)
    assert any(n.startswith("Kho kết quả không ghi lại các điểm số này dựa vào số liệu ước tính") for n in vi)
    assert not any("NAME.meta.json" in n or "metadata" in n for n in en)


def test_rows_left_out_are_said_to_be_village_years_not_whole_villages():
    """Audit (twelfth walk): the note said "their villages are in no figure" though their other years are."""
    report = _run(_data(ROWS), _target())
    report["data"]["rows_left_out"] = 1
    en, vi = header_notices(report, "en"), header_notices(report, "vi")
    assert any("those village-years are in no figure, the same villages' other years are" in n for n in en), en
    assert any("các lượt làng-năm đó không có trong số liệu nào, còn các năm khác của những làng ấy vẫn có" in n
               for n in vi), vi
    assert not any("their villages are" in n for n in en) and not any("các làng đó không có" in n for n in vi)


@pytest.mark.parametrize(("lang", "part", "whole"), [("vi", "Tất cả dữ liệu (2/34 tỉnh)", "Cả nước"),
                                                     ("en", "All data (2 of 34 provinces)", "National")])
def test_the_total_of_data_over_some_provinces_is_not_called_the_country(lang, part, whole):
    """Audit 2026-12 (15th walk) #2: Hà Nội and Ninh Bình alone are not "Cả nước"; all 34 provinces are."""
    from villagescore.provinces import official_provinces

    two = _run(_data([("Hà Nội", 2025, "good", ("w",)), ("Ninh Bình", 2025, "poor", ("w",))]), _target())
    assert two["data"]["provinces"] == {"present": 2, "official": 34}
    texts = {fmt: render(two, fmt, lang).decode("utf-8-sig") for fmt in ("md", "html", "csv")}
    texts["table"] = " ".join(render_text(rich_view(two, lang), width=400).split())
    for fmt, text in texts.items():
        assert part in text and whole not in text, fmt
    every = _run(_data([(p, 2025, "good", ("w",)) for p in official_provinces()]), _target())
    assert every["data"]["provinces"] == {"present": 34, "official": 34}
    assert whole in render(every, "md", lang).decode("utf-8") and part.split(" (")[0] not in render(every, "md",
                                                                                                     lang).decode()


@pytest.mark.parametrize(("lang", "part", "whole"), [("vi", "Tất cả dữ liệu (2/34 tỉnh)", "Cả nước"),
                                                     ("en", "All data (2 of 34 provinces)", "National")])
def test_each_total_row_is_named_by_the_provinces_of_its_own_year(lang, part, whole):
    """Review (15th walk): every province in 2024, only Hà Nội and Ninh Bình in 2025: the 2025 total was "Cả nước"."""
    from villagescore.provinces import official_provinces

    rows = [(p, 2024, "good", ("w",)) for p in official_provinces()]
    rows += [("Hà Nội", 2025, "good", ("w",)), ("Ninh Bình", 2025, "poor", ("w",))]
    report = _run(_data(rows), _target())
    totals = {r["year"]: r["provinces"] for r in report["targets"][0]["rows"] if r["group"] == NATIONAL}
    assert totals == {2024: {"present": 34, "official": 34}, 2025: {"present": 2, "official": 34}}
    assert '"provinces"' in render(report, "json", lang).decode("utf-8")
    md = render(report, "md", lang).decode("utf-8").splitlines()
    assert any(line.startswith(f"| {whole} | 2024 |") for line in md), md
    assert any(line.startswith(f"| {part} | 2025 |") for line in md), md
    assert not any(line.startswith(f"| {whole} | 2025 |") for line in md), md
    body = list(csv.reader(io.StringIO(render(report, "csv", lang).decode("utf-8-sig"))))
    assert [r[2] for r in body if r[3] == "2025" and r[2] in (part, whole)] == [part]
    table = " ".join(render_text(rich_view(report, lang), width=400).split())
    assert part in table and whole in table
    html = render(report, "html", lang).decode("utf-8")
    assert f"<tr><td>{part}</td><td class=\"num\">2025" in html.replace("&quot;", '"')
