from pathlib import Path

from villagescore.store.paths import ENV_VAR, default_path, resolve_path


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
