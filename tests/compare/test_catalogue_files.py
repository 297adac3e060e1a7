"""villagescore.compare.catalogue_files: the catalogue files a result's plugins loaded, and where results differ."""

from villagescore.compare.catalogue_files import catalogue_files_differ, catalogue_files_entry, catalogue_files_used


def _provenance(sha: str = "a" * 64, *, files: bool = True) -> dict:
    economy = {"name": "economy", "version": "0.1.0"}
    if files:
        economy["files"] = [{"file": "catalogue.yaml", "sha256": sha}]
    return {"plugins": [economy, {"name": "unused", "version": "1", "files": [{"file": "x.yaml", "sha256": "b"}]}],
            "plugins_used": ["economy"]}


def test_the_files_of_the_plugins_used_are_read_and_an_older_result_records_none():
    assert catalogue_files_used(_provenance()) == (("economy", "catalogue.yaml", "a" * 64),)
    older = _provenance(files=False)
    older["plugins"][1].pop("files")
    assert catalogue_files_used(older) is None  # written before the files were recorded: not recorded
    assert catalogue_files_used({"plugins": _provenance()["plugins"]}) is None  # no plugins_used
    assert catalogue_files_used(None) is None
    assert catalogue_files_entry(None) is None
    assert catalogue_files_entry(catalogue_files_used(_provenance())) == [
        {"plugin": "economy", "file": "catalogue.yaml", "sha256": "a" * 64}]


def test_files_that_differ_are_named_and_a_result_recording_none_is_said_not_recorded():
    a, b = catalogue_files_used(_provenance("a" * 64)), catalogue_files_used(_provenance("c" * 64))
    assert catalogue_files_differ([a, a], {"economy"}) is None
    assert catalogue_files_differ([None, None], {"economy"}) is None  # nothing recorded to compare
    assert catalogue_files_differ([a, b], set()) is None  # a plugin not shared is said by its versions
    for lang, unrecorded in (("en", "catalogue files not recorded"), ("vi", "chưa ghi lại tệp danh mục")):
        said = catalogue_files_differ([a, b, None], {"economy"}, lang)
        assert said == [["economy: catalogue.yaml sha256:" + "a" * 12], ["economy: catalogue.yaml sha256:" + "c" * 12],
                        [unrecorded]]


def test_the_same_bytes_under_another_file_name_are_the_same_catalogue():
    copied = _provenance("a" * 64)
    copied["plugins"][0]["files"][0]["file"] = "same-bytes.yaml"
    a, same = catalogue_files_used(_provenance("a" * 64)), catalogue_files_used(copied)
    assert catalogue_files_differ([a, same], {"economy"}) is None
    b = catalogue_files_used(_provenance("c" * 64))
    assert catalogue_files_differ([a, same, b], {"economy"}) == [  # named as each run loaded them
        ["economy: catalogue.yaml sha256:" + "a" * 12], ["economy: same-bytes.yaml sha256:" + "a" * 12],
        ["economy: catalogue.yaml sha256:" + "c" * 12]]


def test_a_result_recording_none_beside_one_that_records_files_is_named_not_taken_to_match():
    """Fifteenth walk: an older result against one newer result was compared without a word."""
    a, named = catalogue_files_used(_provenance("a" * 64)), ["economy: catalogue.yaml sha256:" + "a" * 12]
    for lang, unrecorded in (("en", "catalogue files not recorded"), ("vi", "chưa ghi lại tệp danh mục")):
        assert catalogue_files_differ([a, None], {"economy"}, lang) == [named, [unrecorded]]
        assert catalogue_files_differ([None, a, a], {"economy"}, lang) == [[unrecorded], named, named]
    assert catalogue_files_differ([a, None], set()) is None  # no file of a plugin they share recorded
