"""A catalogue's ids that an installed plugin registers already: each clash named, with the plugin."""

import pytest

from tests.support import toy_plugin
from villagescore import Sector, SectorCriterion, hookimpl
from villagescore.catalogue.clashes import registry_clashes
from villagescore.plugins import get_plugin_manager
from villagescore.registry import Registry


class Gamma:
    """A sector plugin declaring sector criterion ``alpha_env``."""

    @hookimpl
    def register_sectors(self):
        return [Sector("gamma", {"vi": "Gamma", "en": "Gamma"},
                       criteria=(SectorCriterion("alpha_env", "env", {"vi": "Môi trường", "en": "Environment"}),))]


@pytest.fixture
def registry():
    return Registry.from_plugin_manager(get_plugin_manager(entrypoints=False, plugins=(
        ("toy", toy_plugin), ("gamma", Gamma()))))


def _doc():
    return {"catalogue": "non_la", "fields": [{"id": "non_la_households"}, {"id": "a"}],
            "indicators": [{"id": "non_la.share"}],
            "sectors": [{"id": "non_la", "criteria": [{"id": "non_la_env"}, {"id": "alpha_env"}]},
                        {"id": "beta"}]}


def test_a_field_sector_or_sector_criterion_id_an_installed_plugin_registers_is_a_clash(registry):
    found = registry_clashes(_doc(), "c.yaml", registry, own={"non_la"})
    assert [(p.where, p.message) for p in found] == [
        ("$.fields[1].id", "field id 'a' is already registered by plugin 'toy': loaded with it, this catalogue would "
                           "be refused; give it an id of its own (prefix it with your sector)"),
        ("$.sectors[1].id", "sector id 'beta' is already registered by plugin 'toy': loaded with it, this catalogue "
                            "would be refused; give it an id of its own (prefix it with your sector)"),
        ("$.sectors[0].criteria[1].id", "sector criterion id 'alpha_env' is already registered by plugin 'gamma': "
                                        "loaded with it, this catalogue would be refused; give it an id of its own "
                                        "(prefix it with your sector)")]
    assert found[2].format("vi").endswith("mã tiêu chí ngành nghề 'alpha_env' đã được plugin 'gamma' đăng ký: nếu nạp "
                                          "cùng plugin đó, danh mục này sẽ bị từ chối; hãy đặt một mã riêng (thêm "
                                          "tiền tố là tên ngành nghề của bạn)")


def test_the_file_installed_clashes_with_nothing(registry):
    assert registry_clashes(_doc(), "c.yaml", registry, own={"toy", "gamma"}) == []
