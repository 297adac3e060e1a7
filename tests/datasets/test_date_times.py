"""villagescore.datasets.date_times: the datetimes of a date column that hold a time of day or a time zone."""

from __future__ import annotations

import datetime

import numpy as np
import pandas as pd

from villagescore.datasets.date_times import moments

HANOI = "Asia/Ho_Chi_Minh"


def test_a_zoned_column_is_zoned_in_every_present_cell():
    column = pd.Series([pd.Timestamp("2025-05-15 06:30", tz=HANOI), pd.NaT, pd.Timestamp("2025-05-15", tz=HANOI)])
    zoned, timed = moments(column)
    assert zoned.tolist() == [True, False, True] and not timed.any()


def test_a_naive_column_is_timed_where_a_cell_is_not_at_midnight():
    column = pd.Series([pd.Timestamp("2024-06-15 13:45"), pd.Timestamp("2024-06-16"), pd.NaT])
    zoned, timed = moments(column)
    assert timed.tolist() == [True, False, False] and not zoned.any()


def test_an_object_column_is_looked_at_cell_by_kind():
    column = pd.Series([datetime.datetime(2024, 6, 15, 13, 45), datetime.datetime(2024, 6, 15), "2024-06-15",
                        datetime.date(2024, 6, 15), pd.Timestamp("2025-05-14 23:30", tz="UTC"),
                        pd.Timestamp("2025-05-15 06:30", tz=HANOI), None], dtype=object)
    zoned, timed = moments(column)
    assert zoned.tolist() == [False, False, False, False, True, True, False]
    assert timed.tolist() == [True, False, False, False, False, False, False]


def test_text_and_dates_are_neither():
    for column in (pd.Series(["2024-06-15 13:45", None]), pd.Series([datetime.date(2024, 6, 15)]),
                   pd.Series([2024.0, np.nan])):
        zoned, timed = moments(column)
        assert not zoned.any() and not timed.any()
