"""YAML dates (``villagescore.yaml_dates``): a day of the calendar is a date, an impossible one stays text."""

from __future__ import annotations

import datetime

import pytest
import yaml

from villagescore.yaml_dates import TIMESTAMP_TAG, construct_timestamp


class _Loader(yaml.SafeLoader):
    """A safe loader with villagescore's dates."""


_Loader.add_constructor(TIMESTAMP_TAG, construct_timestamp)


@pytest.mark.parametrize(("text", "value"), [
    ("2025-02-28", datetime.date(2025, 2, 28)),
    ("2024-02-29", datetime.date(2024, 2, 29)),
    ("2025-02-30", "2025-02-30"),  # before: ValueError "day is out of range for month", a traceback
    ("2025-02-29", "2025-02-29"),
    ("2025-13-01", "2025-13-01"),
    ("2025-02-30 10:00:00", "2025-02-30 10:00:00"),
])
def test_an_impossible_date_stays_the_text_written(text, value):
    assert yaml.load(f"d: {text}\n", Loader=_Loader) == {"d": value}  # noqa: S506 - a SafeLoader subclass
