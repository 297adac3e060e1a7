"""The pottery sector joins the national framework: tested beside the installed plugins."""

import pottery
import pytest

import villagescore


@pytest.fixture
def vs_plugins():
    """The plugin under test."""
    return [pottery]


@pytest.fixture
def vs_load_entrypoints():
    """The installed plugins too: the national framework and the sectors its gates name."""
    return True


def test_the_sector_joins_the_national_framework(vs_registry):
    """Its indicator is scored under vn-ttcn-sustainable, whose file does not name it."""
    framework = villagescore.load_framework("vn-ttcn-sustainable", vs_registry)
    assert "pottery.clean_kiln_share" in {node.id for node in framework.indicators}
