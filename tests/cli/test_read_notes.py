"""villagescore.cli.read_notes: what the command line says beside a dataset it read."""

from __future__ import annotations

from types import SimpleNamespace

from villagescore.cli.read_notes import echo_plausibility


def test_the_plausibility_hint_names_the_framework_that_reads_the_data_otherwise(capsys, monkeypatch):
    """Before: 'run villagescore validate FILE', which refused the columns the framework (-f) declares."""
    monkeypatch.setenv("VILLAGESCORE_LANG", "vi")
    dataset = SimpleNamespace(warnings=["w1", "w2"])
    own = SimpleNamespace(local_fields={"craft_age_years": object()}, uses_sectors=True, source="nd52.yaml")
    echo_plausibility("data.csv", dataset, own)
    assert "chạy villagescore validate data.csv -f nd52.yaml để xem chi tiết" in capsys.readouterr().err
    default = SimpleNamespace(local_fields={}, uses_sectors=True, source="default.yaml")
    echo_plausibility("data.csv", dataset, default)
    assert "chạy villagescore validate data.csv để xem chi tiết" in capsys.readouterr().err


def test_the_plausibility_hint_names_the_run_s_catalogue_files_quoted(capsys, monkeypatch):
    """A sector given by --catalogue: validate without it would refuse the file's sector and columns."""
    monkeypatch.setenv("VILLAGESCORE_LANG", "en")
    echo_plausibility("my data.csv", SimpleNamespace(warnings=["w1"]), None, ("bronze casting.yaml",))
    assert ("run villagescore --catalogue 'bronze casting.yaml' validate 'my data.csv' to see them"
            in capsys.readouterr().err)
