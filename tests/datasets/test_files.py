"""A data file's bytes: read within the size limit, errors that name the file."""

import pytest

from villagescore.datasets import files
from villagescore.errors import DatasetError


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(DatasetError, match=r"gone.csv: cannot read the file"):
        files.read_bytes(tmp_path / "gone.csv")


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * 101)
    monkeypatch.setattr(files, "MAX_DATASET_BYTES", 100)
    with pytest.raises(DatasetError, match="the file is 101 bytes; datasets are limited to 100"):
        files.read_bytes(path)


def test_the_digest_is_the_sha256_of_the_bytes():
    assert files.sha256(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
