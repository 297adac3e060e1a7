"""The machine's reasons (a full disk, a file size limit, a failing disk …) in words each language has."""

from __future__ import annotations

import errno
import sqlite3

import pytest

from villagescore.errors import OutputError, os_reason, said
from villagescore.i18n import N_
from villagescore.system_reasons import sqlite_reason


@pytest.mark.parametrize(("code", "english", "vietnamese"), [
    (errno.EFBIG, "a limit such as `ulimit -f`", "một giới hạn như `ulimit -f`"),
    (errno.EDQUOT, "this user's disk quota is used up", "hạn mức dung lượng ổ đĩa"),
    (errno.EIO, "an input/output error", "lỗi vào/ra"),
    (errno.EPIPE, "a broken pipe", "đường ống bị ngắt"),
    (errno.EPERM, "the operation is not permitted", "thao tác này không được phép"),
    (errno.EMFILE, "too many files are open", "có quá nhiều tệp đang mở"),
    (errno.EBUSY, "in use by another program", "chương trình khác sử dụng"),
])
def test_the_systems_reason_is_said_in_the_runs_language(code, english, vietnamese):
    error = said(OutputError, N_("cannot write {file}: {reason}"), file="o.json",
                 reason=os_reason(OSError(code, "the system's English words")))
    assert english in error.text("en") and vietnamese in error.text("vi")
    assert "the system's English words" not in error.text("vi")


def test_an_unknown_error_number_keeps_the_systems_words():
    assert os_reason(OSError(errno.ECONNRESET, "Connection reset by peer")) == "Connection reset by peer"


@pytest.mark.parametrize(("said_by_sqlite", "words"), [
    ("database or disk is full", "no space left on the disk"),
    ("disk I/O error", "the disk could not be read or written"),
])
def test_sqlites_machine_refusals_are_worded(said_by_sqlite, words):
    assert sqlite_reason(sqlite3.OperationalError(said_by_sqlite)).startswith(words)


def test_other_sqlite_errors_are_not_the_machines():
    assert sqlite_reason(sqlite3.OperationalError("no such table: x")) is None
