"""``villagescore targets`` on the policy audit's cases: the target's year, unclassified villages, partial totals."""

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from villagescore.cli import cli

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "datasets" / "synthetic" / "national-sample-synthetic.csv"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def _rows():
    text = SAMPLE.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    return reader.fieldnames, list(reader)


def _write(path, header, rows):
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header)
        w.writeheader()
        w.writerows(rows)
    return path


def _late(tmp_path, first, then):
    """The 2025 rows with (collective_mark, workers_trained_pct) = ``first``, copied as 2026 with ``then``."""
    header, rows = _rows()
    year = [r for r in rows if r["year"] == "2025"]
    out = [dict(r, collective_mark=first[0], workers_trained_pct=first[1]) for r in year]
    # from 15/02/2026 no national advanced or model new-rural grade exists: such a commune is recorded as NTM
    out += [dict(r, year="2026", collective_mark=then[0], workers_trained_pct=then[1],
                 ntm_status="ntm" if r["ntm_status"] in ("advanced", "model") else r["ntm_status"]) for r in year]
    return _write(tmp_path / "late.csv", header, out)


def _national(path, *extra):
    res = run("targets", path, "--by", "national", "--format", "json", "--lang", "en", *extra)
    assert res.exit_code == 0, res.output
    return {t["id"]: t for t in json.loads(res.stdout)["targets"]}


def test_a_2025_target_is_judged_on_2025_not_on_later_data(tmp_path):
    late = _national(_late(tmp_path, ("0", "60"), ("1", "90")))
    ip = late["d801-ip-2025"]  # 0 % with a collective mark in 2025 (100 % in 2026, after the target year)
    assert (ip["trend"]["*"]["verdict"], ip["trend"]["*"]["judged_year"]) == ("missed", 2025)
    assert [(r["year"], r["value"], r["after_target_year"]) for r in ip["rows"]] == [(2025, 0.0, False),
                                                                                      (2026, 100.0, True)]
    assert late["d801-workers-trained-2025"]["trend"]["*"]["verdict"] == "missed"  # 60 % < 80 % in 2025
    swapped = _national(_late(tmp_path, ("1", "90"), ("0", "60")))
    assert swapped["d801-ip-2025"]["trend"]["*"]["verdict"] == "met"  # 100 % in 2025
    assert swapped["d801-workers-trained-2025"]["trend"]["*"]["verdict"] == "met"  # 90 % ≥ 80 %
    res = run("targets", tmp_path / "late.csv", "--by", "national", "--format", "md", "--lang", "en")
    # the sample's 2025 rows cover 33 of the 34 provinces: their total is not called the country's
    assert ("| All data (33 of 34 provinces) | 2026 | 0.0 | 30.0 | 30.0 | 120/120 | — | later value, after the "
            "target year") in res.stdout


def test_a_province_whose_data_stop_before_the_target_year_has_no_verdict_on_it():
    res = run("targets", SAMPLE, "--format", "json", "--lang", "en")
    doc = json.loads(res.stdout)
    ip = next(t for t in doc["targets"] if t["id"] == "d801-ip-2025")
    trend = ip["trend"]["Đắk Lắk"]  # its villages were surveyed up to 2024 only
    assert (trend["latest_year"], trend["verdict"], trend["basis"]) == (2024, "no_target_year", "projection")


def test_villages_with_an_empty_population_field_are_counted_and_warned_about(tmp_path):
    header, rows = _rows()
    blanked = 0
    for r in rows:
        if r["year"] == "2025" and blanked < 100:
            r["recognition_status"], blanked = "", blanked + 1
    path = _write(tmp_path / "rec.csv", header, [r for r in rows if r["year"] == "2025"])
    res = run("targets", path, "--by", "national", "--format", "json", "--lang", "en")
    doc = json.loads(res.stdout)
    assert [w["code"] for w in doc["warnings"]] == ["unclassified_population"]
    assert "100 village-year(s) cannot be placed" in res.stderr
    ocop = next(t for t in doc["targets"] if t["id"] == "d801-ocop-2025")
    (row,) = ocop["rows"]
    assert (row["unclassified"], row["village_years"]) == (100, 120)
    low, high = row["range"]
    verdict = ocop["trend"]["*"]["verdict"]
    assert verdict == ("met" if low >= 50 else "insufficient_data" if high >= 50 else "missed")
    md = run("targets", path, "--by", "national", "--format", "md", "--lang", "en").stdout
    assert "100 of 120 not classifiable: governance.recognition empty" in md


@pytest.mark.parametrize("fmt", ["md", "html", "csv", "table"])
def test_every_format_says_the_data_are_synthetic_and_estimated(fmt):
    res = run("targets", SAMPLE, "--format", fmt, "--lang", "vi", "--by", "national")
    text = res.stdout.replace("\xa0", " ")
    assert "tổng hợp (sinh tự động)" in text and "Dữ liệu ước tính" in text
    if fmt == "csv":  # the share in its own column, the kind of data in another: no comment lines
        rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
        assert {r["Dữ liệu ước tính"] for r in rows} == {"100.0"}
        assert {r["Loại dữ liệu"] for r in rows} == {"tổng hợp (sinh tự động)"}
    else:
        assert "không phải số liệu thực đo" in text and "100 %" in text


def test_a_national_total_over_a_sample_is_not_judged_off_track(tmp_path):
    workers = _national(SAMPLE, "--targets", "decision-1058")["d1058-workers-2030"]
    assert workers["total"] == {"partial": True, "scope": "national"}
    assert workers["trend"]["*"]["verdict"] == "partial_total"
    for fmt in ("md", "html", "csv"):
        text = run("targets", SAMPLE, "--targets", "decision-1058", "--format", fmt, "--lang", "en").stdout
        assert "sums only the villages in the data" in text, fmt
    census = tmp_path / "national-sample-synthetic.csv"  # the same data, declared complete in its metadata
    shutil.copy(SAMPLE, census)
    meta = json.loads(SAMPLE.with_suffix(".meta.json").read_text(encoding="utf-8"))
    meta["dataset"]["complete"] = True
    census.with_suffix(".meta.json").write_text(json.dumps(meta), encoding="utf-8")
    judged = _national(census, "--targets", "decision-1058")["d1058-workers-2030"]
    assert judged["total"]["partial"] is False and judged["trend"]["*"]["verdict"] == "off_track"


def _filled_template(tmp_path, complete, lang="vi"):
    """The survey workbook ``villagescore template`` writes, filled with the sample's rows, ``complete`` in B8."""
    import openpyxl

    path = tmp_path / f"survey-{lang}-{complete}.xlsx"
    res = run("template", "--lang", lang, "-o", path)
    assert res.exit_code == 0, res.output
    header, rows = _rows()
    wb = openpyxl.load_workbook(path)
    data = wb[wb.sheetnames[0]]
    codes = [str(c.value).split("\n")[-1] for c in data[1]]
    for r, row in enumerate(rows, start=2):
        for c, code in enumerate(codes, start=1):
            data.cell(row=r, column=c, value=row.get(code) or None)
    ds = wb[wb.sheetnames[4]]
    assert ds["A8"].value == "complete"
    ds["B8"] = complete
    wb.save(path)
    return path


@pytest.mark.parametrize(("lang", "yes", "no"), [("vi", "có", "không"), ("en", "yes", "no")])
def test_a_filled_survey_workbook_declaring_complete_data_is_judged_on_its_totals(tmp_path, lang, yes, no):
    judged = _national(_filled_template(tmp_path, yes, lang), "--targets", "decision-1058")["d1058-workers-2030"]
    assert judged["total"] == {"partial": False, "scope": "national"}
    assert judged["trend"]["*"]["verdict"] == "off_track"  # as the same data in CSV with complete: true
    sample = _national(_filled_template(tmp_path, no, lang), "--targets", "decision-1058")["d1058-workers-2030"]
    assert sample["total"]["partial"] is True and sample["trend"]["*"]["verdict"] == "partial_total"
