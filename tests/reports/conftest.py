"""Shared by the report tests: the bundled pilot, scored once, with its improvement plans."""

import pytest


@pytest.fixture(scope="session")
def pilot_vi():
    """The Phùng Xá pilot in Vietnamese, with the improvement plans ``villagescore pilot`` attaches."""
    from villagescore import bundled
    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine
    from villagescore.explain import attach_plans
    from villagescore.framework import load_framework
    from villagescore.registry import Registry

    registry = Registry.default()
    framework = load_framework(None, registry)
    result = Engine(registry).evaluate(framework, read_dataset(bundled.path(bundled.PILOT), registry))
    return attach_plans(Engine(registry), result, lang="vi")


@pytest.fixture
def summarised(monkeypatch):
    """3 toy village-years count as "many": reports give the national summary, with one profile."""
    from villagescore.reports import national

    monkeypatch.setattr(national, "SUMMARY_LIMIT", 2)
    monkeypatch.setattr(national, "NATIONAL_PROFILES", 1)


@pytest.fixture(scope="session")
def blank_flag(tmp_path_factory):
    """The pilot with its 2025 row's transitional flag left blank: its effluent limits are unknown there.

    Row 1 (2025) has 9 values given but not scored and its COD gate ``unknown`` (it caps the rating
    all the same); row 0 (2021) has the same gate failed.
    """
    from tests.test_limit_gaps import FLAG, pilot_csv
    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine
    from villagescore.framework import load_framework
    from villagescore.registry import Registry

    registry = Registry.default()
    path = pilot_csv(tmp_path_factory.mktemp("blank-flag"), **{FLAG: (None, "")})
    return Engine(registry).evaluate(load_framework(None, registry), read_dataset(path, registry))


#: A gate that capped a rating without being judged (review 2026-12 #3): ``(lang, heading, column, why)``.
NOT_JUDGED = [
    ("en", "Mandatory rules not judged; their cap on the rating applies all the same", "Mandatory rules not judged",
     "limit unknown for this village-year"),
    ("vi", "Điều kiện bắt buộc chưa xét được; mức xếp loại tối đa của điều kiện vẫn áp dụng",
     "Điều kiện bắt buộc chưa xét được",
     "chưa rõ giới hạn cho lượt làng-năm này"),
]
