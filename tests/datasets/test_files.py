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


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbfa,b\n1,2\n", "village_id,name\nv1,Làng\n".encode()])
def test_a_mapped_file_reads_as_its_bytes(tmp_path, content):
    """Mapped (a regular file with bytes) or read (an empty one): sliced, searched and hashed alike."""
    import mmap

    path = tmp_path / "d.csv"
    path.write_bytes(content)
    data = files.read_bytes(path, mapped=True)
    assert isinstance(data, mmap.mmap) == bool(content)
    assert data[:] == content == files.read_bytes(path) and len(data) == len(content)
    assert (b"\n" in data) == (b"\n" in content) and files.sha256(data) == files.sha256(content)


def test_a_mapped_file_is_refused_as_a_read_one(tmp_path, monkeypatch):
    with pytest.raises(DatasetError, match=r"gone.csv: cannot read the file"):
        files.read_bytes(tmp_path / "gone.csv", mapped=True)
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * 101)
    monkeypatch.setattr(files, "MAX_DATASET_BYTES", 100)
    with pytest.raises(DatasetError, match="the file is 101 bytes; datasets are limited to 100"):
        files.read_bytes(path, mapped=True)


def test_a_mapping_is_released_once_read_and_bytes_need_nothing(tmp_path):
    import numpy as np

    path = tmp_path / "d.csv"
    path.write_bytes(b"a,b\n1,2\n")
    data = files.read_bytes(path, mapped=True)
    held = np.frombuffer(data, dtype=np.uint8)  # a view still alive: the mapping stays until it goes
    files.release(data)
    assert not data.closed and held[0] == ord("a")
    del held
    files.release(data)
    assert data.closed
    files.release(b"a,b\n")
