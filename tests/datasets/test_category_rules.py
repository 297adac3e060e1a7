"""A category field's row rules: a grade refused on a date it does not exist, a value where the field does not apply."""

from __future__ import annotations

import pytest

from tests.conftest import REPO
from tests.datasets.helpers import csv_copy, problems_of, villages_copy
from villagescore.datasets import read_dataset
from villagescore.registry import Registry

PHUNG_XA = REPO / "datasets" / "phung-xa" / "phung-xa.csv"


@pytest.fixture(scope="module")
def registry():
    return Registry.default()


def _grades(rows):
    """Audit G: 2021 given the modern grade (from 15/02/2026 only), 2025 moved to 2026 with the model grade."""
    rows[0]["ntm_status"] = "modern"
    rows[1]["year"], rows[1]["ntm_status"] = "2026", "model"


def test_a_grade_that_does_not_exist_on_the_reference_date_is_refused_naming_those_that_do(tmp_path, registry):
    problems = problems_of(csv_copy(PHUNG_XA, tmp_path / "px.csv", _grades), registry)
    said = {p.where: p for p in problems}
    assert sorted(said) == ["row 2", "row 3"] and {p.column for p in problems} == {"ntm_status"}
    assert said["row 2"].value == "modern" and "2021-12-31" in said["row 2"].format("en")
    assert "(model)" in said["row 2"].format("en") and "(modern)" not in said["row 2"].format("en")
    assert said["row 3"].value == "model"
    en, vi = said["row 3"].format("en"), said["row 3"].format("vi")
    assert "what exists on that date: not yet (none), new-rural commune (ntm), modern new-rural commune (modern)" in en
    assert "không tồn tại vào ngày 31/12/2026" in vi and "nông thôn mới hiện đại (modern)" in vi
    assert "(model)" not in en.split("exists on that date")[1]


def test_the_grades_of_their_own_dates_are_read(tmp_path, registry):
    def own(rows):
        rows[0]["ntm_status"] = "model"
        rows[1]["year"], rows[1]["ntm_status"] = "2026", "modern"

    frame = read_dataset(csv_copy(PHUNG_XA, tmp_path / "px.csv", own), registry).frame
    assert frame["ntm_status"].tolist() == ["model", "modern"]


def test_a_survey_date_decides_over_the_year(tmp_path, registry):
    def surveyed(rows):
        for r in rows:
            r["survey_date"] = ""
        rows[1]["year"], rows[1]["ntm_status"], rows[1]["survey_date"] = "2026", "advanced", "2026-01-20"

    frame = read_dataset(csv_copy(PHUNG_XA, tmp_path / "px.csv", surveyed), registry).frame
    assert frame["ntm_status"].tolist()[1] == "advanced"  # 20/01/2026: Decision 318/2022 still in force


def test_a_grade_given_to_an_urban_ward_is_refused(tmp_path, registry):
    def ward_graded(rows):
        next(r for r in rows if r["village_id"] == "van-phuc-ha-dong")["ntm_status"] = "advanced"

    (problem,) = problems_of(villages_copy(tmp_path, ward_graded), registry)
    assert (problem.column, problem.value, problem.village_id) == ("ntm_status", "advanced", "van-phuc-ha-dong")
    assert "does not apply where 'locality_type'" in problem.format("en")
    assert "urban ward (phường) (ward)" in problem.format("en") and "not scored 0" in problem.format("en")
    assert "không áp dụng khi 'locality_type'" in problem.format("vi") and "để trống ô này" in problem.format("vi")
