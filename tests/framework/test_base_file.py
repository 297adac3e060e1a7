"""Which file an overlay's extends.framework may name: a framework file in the overlay's own folder."""

from __future__ import annotations

import pytest

from villagescore.errors import FrameworkError
from villagescore.framework.base_file import base_file


@pytest.fixture
def folder(tmp_path):
    """``tmp_path/overlays/over.yaml`` with a base beside it and one in a sub-folder; secrets one level up."""
    inside = tmp_path / "overlays"
    (inside / "bases").mkdir(parents=True)
    for path in (inside / "base.yaml", inside / "bases" / "base.yml", inside / "notes.txt", tmp_path / "secret.yaml"):
        path.write_text("id: x\n", encoding="utf-8")
    return inside


@pytest.mark.parametrize("spec", ["base.yaml", "bases/base.yml", "./bases/../base.yaml"])
def test_a_framework_file_in_the_overlay_s_folder_or_below_is_its_base(folder, spec):
    assert base_file(spec, str(folder / "over.yaml")) == folder / spec


@pytest.mark.parametrize("spec", ["vn-ttcn-sustainable", "missing.yaml"])
def test_a_name_that_is_no_file_there_is_left_to_the_installed_ids(folder, spec):
    assert base_file(spec, str(folder / "over.yaml")) is None


@pytest.mark.parametrize("spec", ["../secret.yaml", "../../../../../../etc/passwd", "/proc/self/environ",
                                  "/etc/shadow", "bases/../../secret.yaml", "..\\secret.yaml", "C:\\base.yaml",
                                  "link.yaml"])
def test_a_path_leading_outside_the_overlay_s_folder_is_refused_before_anything_is_read(folder, spec):
    """Sixteenth walk (ov-passwd.yaml, ov-environ.yaml): extends read /etc/passwd and showed parts of it back."""
    (folder / "link.yaml").symlink_to(folder.parent / "secret.yaml")
    with pytest.raises(FrameworkError) as info:
        base_file(spec, str(folder / "over.yaml"))
    [found] = info.value.problems
    assert found.where == "$.extends.framework" and found.file == str(folder / "over.yaml")
    assert found.format("en").endswith(
        f"{spec!r} is outside this overlay's folder, so it is not read: a base named by a path is a .yaml, .yml or "
        ".json file in the overlay's folder or a folder inside it (base.yaml, bases/base.yaml), without an absolute "
        "path or '..'; copy the base beside the overlay, or name by its id a framework an installed plugin ships")
    assert "nằm ngoài thư mục của lớp điều chỉnh này nên không được đọc" in found.format("vi")


def test_a_file_that_is_not_a_framework_file_is_refused(folder):
    with pytest.raises(FrameworkError) as info:
        base_file("notes.txt", str(folder / "over.yaml"))
    [found] = info.value.problems
    assert "'notes.txt' is not a framework file, so it is not read: a base named by a path ends in .yaml, .yml or " \
           ".json" in found.format("en")
    assert "'notes.txt' không phải tệp bộ tiêu chí nên không được đọc" in found.format("vi")
