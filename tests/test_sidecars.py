"""Where a data file's metadata sidecar is: beside the name given, or beside the file a link points to."""

from villagescore.sidecars import metadata_path_for


def test_the_sidecar_beside_the_name_given(tmp_path):
    data = tmp_path / "a.csv"
    data.write_text("x\n")
    assert metadata_path_for(data) == tmp_path / "a.meta.json"  # none yet: still where it would be
    (tmp_path / "a.meta.json").write_text("{}")
    assert metadata_path_for(str(data)) == tmp_path / "a.meta.json"


def test_a_link_finds_the_sidecar_of_the_file_it_points_to(tmp_path):
    (tmp_path / "2024-synthetic.csv").write_text("x\n")
    (tmp_path / "2024-synthetic.meta.json").write_text("{}")
    (tmp_path / "latest.csv").symlink_to("2024-synthetic.csv")
    assert metadata_path_for(tmp_path / "latest.csv") == tmp_path / "2024-synthetic.meta.json"


def test_a_sidecar_beside_the_link_wins(tmp_path):
    (tmp_path / "real.csv").write_text("x\n")
    (tmp_path / "real.meta.json").write_text("{}")
    (tmp_path / "latest.csv").symlink_to("real.csv")
    (tmp_path / "latest.meta.json").write_text("{}")
    assert metadata_path_for(tmp_path / "latest.csv") == tmp_path / "latest.meta.json"


def test_a_link_to_a_file_without_a_sidecar_and_a_broken_link(tmp_path):
    (tmp_path / "real.csv").write_text("x\n")
    (tmp_path / "latest.csv").symlink_to("real.csv")
    assert metadata_path_for(tmp_path / "latest.csv") == tmp_path / "latest.meta.json"
    (tmp_path / "gone.csv").symlink_to("missing.csv")
    assert metadata_path_for(tmp_path / "gone.csv") == tmp_path / "gone.meta.json"
    (tmp_path / "loop.csv").symlink_to("loop.csv")
    assert metadata_path_for(tmp_path / "loop.csv") == tmp_path / "loop.meta.json"
