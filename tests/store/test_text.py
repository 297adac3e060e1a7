"""villagescore.store.text: the words of the store interface."""

from villagescore.store.text import option_flags


def test_option_flags_are_written_as_typed_on_the_command_line():
    assert option_flags({}) == ""
    assert option_flags({"keep_going": True, "as_of": "2025-06-30", "villages": ["a", "b"]}) == (
        "--as-of 2025-06-30 --keep-going --villages a b")


def test_plugin_versions_name_the_catalogue_files_each_plugin_loaded():
    """Fifteenth walk: ``store history`` told evaluations apart by plugin versions only, not their catalogues."""
    from villagescore.store.text import plugin_versions

    used = ["economy==0.1.0", "villagescore==0.1.0"]
    assert plugin_versions(used) == "economy 0.1.0, villagescore 0.1.0"
    files = {"economy": [{"file": "catalogue.yaml", "sha256": "fcc47c36ad9f" + "0" * 52}]}
    assert plugin_versions(used, files) == "economy 0.1.0 (catalogue.yaml fcc47c36ad9f), villagescore 0.1.0"
