"""What the installed package ships (tox runs the suite against the built wheel)."""

from importlib.metadata import entry_points
from importlib.resources import files

from villagescore import bundled, schemas


def test_schemas_ship_inside_the_package():
    assert {"framework", "dataset-metadata", "result"} <= set(schemas.names())
    from jsonschema import Draft202012Validator

    for name in schemas.names():
        Draft202012Validator.check_schema(schemas.load(name))  # each is a valid Draft 2020-12 schema


def test_pilot_data_and_metadata_ship_inside_the_package():
    pilot = bundled.path(bundled.PILOT)
    assert pilot.is_file()
    assert pilot.with_name("phung-xa.meta.json").is_file()


def test_first_party_plugins_are_entry_points():
    names = {ep.name for ep in entry_points(group="villagescore")}
    assert {"environment", "economy", "society", "governance", "weaving", "vn_ttcn"} <= names
    assert {"rattan_bamboo", "lacquer", "sericulture", "seagrass", "handmade_paper", "ceramics",
            "food_processing", "wood"} <= names


def test_default_framework_ships_with_its_plugin():
    assert (files("villagescore_vn_ttcn") / "vn-ttcn-sustainable.yaml").is_file()


def test_catalogues_ship_with_their_plugins():
    # the first-party plugins are catalogues plus compute functions: a wheel without them registers nothing
    assert (files("villagescore_vn_ttcn") / "regulations.yaml").is_file()
    first_party = {"environment", "economy", "society", "governance", "weaving", "rattan_bamboo", "lacquer",
                   "sericulture", "seagrass", "handmade_paper", "ceramics", "food_processing", "wood"}
    for name in first_party:
        assert (files(f"villagescore_{name}") / "catalogue.yaml").is_file(), name
