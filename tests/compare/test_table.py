"""The run identity helpers of ``villagescore.compare.table``."""

from villagescore.compare.table import plugin_versions_used


def test_plugin_versions_used_names_the_used_plugins_with_their_versions():
    prov = {"plugins": [{"name": "wood", "version": "0.1.0"}, {"name": "bronze", "version": "1.0 sha256:abc"},
                        {"name": "unused", "version": "9"}],
            "plugins_used": ["wood", "bronze", "gone"]}
    assert plugin_versions_used(prov) == ("bronze==1.0 sha256:abc", "gone==?", "wood==0.1.0")


def test_plugin_versions_used_of_older_or_odd_provenance():
    assert plugin_versions_used({"plugins": [{"name": "b", "version": "2"}, {"name": "a"}]}) == ("a==?", "b==2")
    assert plugin_versions_used({"plugins": [], "plugins_used": []}) == ()
    assert plugin_versions_used({}) == ()
    assert plugin_versions_used(None) == ()
    assert plugin_versions_used({"plugins": "x", "plugins_used": "y"}) == ()


def test_a_result_without_plugins_used_names_none_when_asked_so():
    prov = {"plugins": [{"name": "b", "version": "2"}]}
    assert plugin_versions_used(prov, unrecorded_as_all=False) == ()
    assert plugin_versions_used({**prov, "plugins_used": ["b"]}, unrecorded_as_all=False) == ("b==2",)

