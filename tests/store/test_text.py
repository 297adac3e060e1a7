"""villagescore.store.text: the words of the store interface."""

from villagescore.store.text import option_flags, regulation_names, regulation_titles


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


def test_a_regulation_is_named_with_the_title_its_evaluation_recorded():
    """Walk 15: the store's views named a regulation by its stored document alone, its Vietnamese title lost."""
    import json

    versions = json.dumps({"rule-2011": {"document": "Rule 40:2011: effluent", "title": {"vi": "về nước thải",
                                                                                        "en": "effluent"}},
                           "rule-2025": {"document": "Rule 40:2025: effluent"}})
    titles = regulation_titles(versions)
    assert titles == {"rule-2011": {"vi": "về nước thải", "en": "effluent"}} and regulation_titles(None) == {}
    stored = [{"regulation": rid, "document": doc, "title": titles.get(rid)}
              for rid, doc in (("rule-2011", "Rule 40:2011: effluent"), ("rule-2025", "Rule 40:2025: effluent"))]
    assert regulation_names(stored, "vi") == ["Rule 40:2011 về nước thải (rule-2011)", "Rule 40:2025 (rule-2025)"]
    assert regulation_names(stored, "en") == ["Rule 40:2011 (rule-2011)", "Rule 40:2025 (rule-2025)"]
