"""The registered reader for a suffix; a built-in reader failing names the file."""

import pytest

from villagescore.datasets import read_dataset
from villagescore.errors import DatasetError

from .helpers import write_csv


def test_a_builtin_reader_failing_unexpectedly_names_the_file_not_a_plugin(tmp_path, toy_registry, monkeypatch):
    from villagescore import datasets

    def broken(path, *, locale="default"):
        raise RuntimeError("boom")

    monkeypatch.setattr(datasets, "read_csv", broken)
    with pytest.raises(DatasetError) as caught:
        read_dataset(write_csv(tmp_path, "v1,Một,X,HN,alpha,2024,80,90,25,1,A,x,100,50\n"), toy_registry)
    message = caught.value.problems[0].format()
    assert "d.csv: cannot read the file (RuntimeError: boom)" in message
    assert "plugin" not in message
