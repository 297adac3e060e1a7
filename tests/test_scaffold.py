"""``new-plugin`` where the machine says no: a folder it cannot write, a run interrupted while writing."""

from __future__ import annotations

import errno
import pathlib
import tempfile

import pytest

from villagescore.cli import main
from villagescore.errors import Terminated
from villagescore.scaffold import create_plugin


def test_a_folder_that_cannot_be_written_is_a_user_error_in_the_runs_language(tmp_path, capsys, monkeypatch):
    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(tmp_path / ".villagescore-demo4-x"))

    monkeypatch.setattr(tempfile, "mkdtemp", read_only)
    monkeypatch.setenv("VILLAGESCORE_LANG", "vi")
    with pytest.raises(SystemExit) as info:
        main(["new-plugin", "demo4", "-d", str(tmp_path)])
    err = capsys.readouterr().err
    assert info.value.code == 1, err
    assert "ổ đĩa chỉ cho phép đọc" in err and "Read-only" not in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("stop", [Terminated, KeyboardInterrupt])
def test_an_interrupted_run_leaves_no_staging_folder(tmp_path, monkeypatch, stop):
    written = []
    real_write = pathlib.Path.write_text

    def write_then_stop(self, *args, **kwargs):
        written.append(self)
        if len(written) == 5:
            raise stop()
        return real_write(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "write_text", write_then_stop)
    with pytest.raises(stop):
        create_plugin("demo9", tmp_path, check_installed=False)
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_says_so_in_the_runs_language(tmp_path, monkeypatch, capsys):
    real_write = pathlib.Path.write_text

    def full(self, *args, **kwargs):
        if self.name == "pyproject.toml":
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return real_write(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "write_text", full)
    monkeypatch.setenv("VILLAGESCORE_LANG", "vi")
    with pytest.raises(SystemExit) as info:
        main(["new-plugin", "demo5", "-d", str(tmp_path)])
    err = capsys.readouterr().err
    assert info.value.code == 1, err
    assert "ổ đĩa đã hết chỗ trống" in err and "No space" not in err
    assert list(tmp_path.iterdir()) == []
