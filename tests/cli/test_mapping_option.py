"""villagescore.cli.mapping_option: ``--mapping`` of compare and targets, and what a scored dataset records of it."""

from pathlib import Path

from villagescore.cli.mapping_option import mapping_recorded


def test_a_given_table_is_recorded_by_its_file_name_the_shipped_one_not_at_all():
    assert mapping_recorded(Path("/somewhere/alt-map.csv")) == {"mapping": "alt-map.csv"}
    assert mapping_recorded(None) == {}
