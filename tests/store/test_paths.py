import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from villagescore.store.paths import ENV_VAR, default_path, resolve_path

#: Whether another user finds this installation (not imported: an import that crashes is what is tested).
FINDS_VILLAGESCORE = "import importlib.util, sys; sys.exit(importlib.util.find_spec('villagescore') is None)"


def test_env_var_overrides_the_per_user_folder(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "mine.sqlite"))
    assert default_path() == tmp_path / "mine.sqlite"
    assert resolve_path(None) == tmp_path / "mine.sqlite"
    assert resolve_path(tmp_path / "given.sqlite") == tmp_path / "given.sqlite"


def test_xdg_data_home_is_used_when_absolute(monkeypatch, tmp_path):
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_path() == tmp_path / "villagescore" / "store.sqlite"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/path")  # invalid per the XDG spec: ignored
    assert default_path() == Path.home() / ".local" / "share" / "villagescore" / "store.sqlite"


def _no_home(*args, **kwargs):
    raise RuntimeError("could not determine the home directory for '~/.local/share'")


def test_a_user_with_no_home_is_asked_for_the_store_path(monkeypatch):
    """Audit 2026-12-07: no HOME and no passwd entry (docker run --user 12345): a traceback, exit 3."""
    import platformdirs

    from villagescore.store.errors import StoreError

    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setattr(platformdirs, "user_data_dir", _no_home)
    with pytest.raises(StoreError) as raised:
        default_path()
    assert raised.value.key == "no_default_folder"
    assert "--store" in raised.value.text("vi") and "VILLAGESCORE_STORE" in raised.value.text("en")
    assert "thư mục nhà" in raised.value.text("vi")


def test_a_path_from_a_home_that_cannot_be_found_is_a_store_error(monkeypatch):
    from villagescore.store.errors import StoreError

    def no_home(self):
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "expanduser", no_home)
    monkeypatch.setenv(ENV_VAR, "~/mine.sqlite")
    for look_up in (default_path, lambda: resolve_path("~/given.sqlite")):
        with pytest.raises(StoreError) as raised:
            look_up()
        assert raised.value.key == "no_home_folder"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("setpriv"),
                    reason="runs a command as a user with no passwd entry: needs root and setpriv")
def test_commands_run_for_a_user_with_no_home_and_no_passwd_entry():
    """Audit 2026-12-07 (docker run --user 12345): pilot crashed; store list crashed even with no cache."""
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    user = ["setpriv", "--reuid=12345", "--regid=12345", "--clear-groups", sys.executable, "-m", "villagescore"]
    probe = subprocess.run([*user[:-2], "-c", FINDS_VILLAGESCORE], capture_output=True, env=env, cwd="/")
    if probe.returncode != 0:  # an environment root made for itself (tox's, under a folder of root's): not ours
        pytest.skip("another user cannot import this installation of villagescore")
    pilot = subprocess.run([*user, "pilot", "--lang", "en"], capture_output=True, text=True, env=env, cwd="/")
    assert pilot.returncode == 0, pilot.stderr
    assert "home directory" not in pilot.stderr
    listed = subprocess.run([*user, "store", "list", "--lang", "en"], capture_output=True, text=True, env=env, cwd="/")
    assert listed.returncode == 1
    assert "Traceback" not in listed.stderr
    assert "no per-user store folder" in listed.stderr and "--store PATH" in listed.stderr
