"""Fixtures of the command-line tests."""

import csv

import pytest

#: A village name that rich would read as markup (``[cũ]`` hidden, ``[/x]`` an error) and that
#: Markdown would read as HTML and emphasis.
ODD_NAME = "Làng [cũ] [/x] <b>*một*</b>"


@pytest.fixture
def odd_name_csv(support_dir, tmp_path):
    """toy.csv with village v1 renamed to :data:`ODD_NAME`."""
    with open(support_dir / "toy.csv", encoding="utf-8", newline="") as src:
        rows = list(csv.reader(src))
    rows[1][1] = ODD_NAME
    path = tmp_path / "odd.csv"
    with open(path, "w", encoding="utf-8", newline="") as dst:
        csv.writer(dst).writerows(rows)
    return path


def settled_copy(source, tmp_path):
    """A copy of ``source`` last written a minute ago (a file written just now is not read ahead)."""
    import os
    import shutil

    path = tmp_path / source.name
    shutil.copyfile(source, path)
    minute_ago = os.stat(path).st_mtime_ns - 60_000_000_000
    os.utime(path, ns=(minute_ago, minute_ago))
    return path
