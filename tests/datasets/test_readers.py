"""The registered reader for a suffix: options for any reader that takes them, failures named alike."""

import pytest

from villagescore import Reader, hookimpl
from villagescore.datasets import ReadOptions, read_dataset, read_raw
from villagescore.errors import DatasetError

from .helpers import write_csv


class _TsvPlugin:
    """A third-party plugin reading ``.tsv`` files with the function it is given."""

    def __init__(self, read):
        self.read = read

    @hookimpl
    def register_readers(self):
        return [Reader("tsv", (".tsv",), self.read, "tab-separated")]


def _registry_with(read):
    from tests.support import toy_plugin
    from villagescore.plugins import get_plugin_manager
    from villagescore.registry import Registry

    pm = get_plugin_manager(entrypoints=False, plugins=(("toy", toy_plugin), ("third", _TsvPlugin(read))))
    return Registry.from_plugin_manager(pm)


def _read_tsv(path):
    import pandas as pd

    from villagescore.datasets import RawDataset

    return RawDataset(pd.read_csv(path, sep="\t", dtype=str), str(path), "0" * 64)


def test_a_third_party_reader_that_takes_options_gets_them_as_the_built_in_ones_do(tmp_path):
    seen = []

    def read(path, options=None):
        seen.append(options)
        return _read_tsv(path)

    path = tmp_path / "d.tsv"
    path.write_text("village_id\tyear\nv1\t2024\n", encoding="utf-8")
    options = ReadOptions(csv_locale="vi", percent_scale="fraction")

    raw = read_raw(path, _registry_with(read), options)

    assert seen == [options] and raw.options == options


def test_a_reader_that_takes_the_path_only_is_called_with_the_path_only(tmp_path):
    path = tmp_path / "d.tsv"
    path.write_text("village_id\tyear\nv1\t2024\n", encoding="utf-8")

    raw = read_raw(path, _registry_with(_read_tsv), ReadOptions(csv_locale="vi"))

    assert raw.frame["village_id"].tolist() == ["v1"] and raw.options.csv_locale == "vi"


def _broken(path, *, options=None):
    raise RuntimeError("boom")


@pytest.mark.parametrize(("suffix", "plugin"), [(".csv", "villagescore"), (".tsv", "third")])
def test_a_reader_failing_unexpectedly_names_the_file_the_reader_and_its_plugin(tmp_path, monkeypatch, suffix,
                                                                                  plugin):
    from villagescore import datasets

    monkeypatch.setattr(datasets, "read_csv", lambda path, *, locale="default": _broken(path))
    registry = _registry_with(_broken)
    path = write_csv(tmp_path, "v1,Một,X,HN,alpha,2024,80,90,25,1,A,x,100,50\n", name=f"d{suffix}")

    with pytest.raises(DatasetError) as caught:
        read_dataset(path, registry)

    name = suffix[1:]
    assert caught.value.problems[0].format() == (
        f"{path}: cannot read the file with reader {name!r} (plugin {plugin!r}): RuntimeError: boom; check that "
        f"it is a valid {name.upper()} file, and if it is, please report this message to the plugin's authors")
    assert f"không đọc được tệp bằng bộ đọc {name!r} (plugin {plugin!r}): RuntimeError: boom" in \
        caught.value.problems[0].format("vi")


@pytest.mark.parametrize("suffix", [".xls", ".ods", ".xlsm", ".et", ".XLS"])
def test_a_workbook_no_reader_reads_is_told_to_be_saved_as_xlsx_in_the_user_s_language(tmp_path, toy_registry,
                                                                                       suffix):
    """Audit 16 I#2: an .xls got "no reader for files ending in '.xls'" in English under --lang vi."""
    path = tmp_path / f"survey{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    with pytest.raises(DatasetError) as info:
        read_raw(path, toy_registry)
    (found,) = info.value.problems
    assert "save it as Excel Workbook (.xlsx)" in found.message
    assert "lưu dưới dạng Excel Workbook (.xlsx)" in found.format("vi")


def test_a_suffix_no_reader_reads_is_said_in_the_user_s_language(tmp_path, toy_registry):
    path = tmp_path / "notes.txt"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        read_raw(path, toy_registry)
    assert "không có bộ đọc cho tệp đuôi '.txt'" in info.value.problems[0].format("vi")


def test_a_plugin_reading_ods_is_used_rather_than_the_advice_to_save_as_xlsx(tmp_path):
    class _OdsPlugin:
        @hookimpl
        def register_readers(self):
            return [Reader("ods", (".ods",), lambda path: (_ for _ in ()).throw(ValueError("mine")), "ods")]

    from tests.support import toy_plugin
    from villagescore.plugins import get_plugin_manager
    from villagescore.registry import Registry

    registry = Registry.from_plugin_manager(get_plugin_manager(entrypoints=False, plugins=(
        ("toy", toy_plugin), ("third", _OdsPlugin()))))
    path = tmp_path / "d.ods"
    path.write_bytes(b"x")
    with pytest.raises(DatasetError, match="mine"):
        read_raw(path, registry)


@pytest.mark.parametrize("holds", [["v.csv", "v.meta.json", "notes.txt", "b.xlsx"], ["notes.txt"]])
def test_a_folder_given_as_the_data_is_said_to_be_a_folder_with_the_files_to_give(tmp_path, toy_registry, holds):
    """Audit 17 (notebook): a folder was told "no reader for files ending in '<none>'"."""
    for name in holds:
        (tmp_path / name).write_text("x\n", encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        read_raw(tmp_path, toy_registry)
    message = str(caught.value)
    assert "it is a folder, not a dataset file" in message and "<none>" not in message
    assert ".csv, .json, .xlsx" in message
    if len(holds) > 1:
        assert "such as b.xlsx, v.csv (files" in message  # a sidecar and a text file are no dataset
    else:
        assert "it holds none" in message
    assert "đây là một thư mục, không phải tệp dữ liệu" in caught.value.text("vi")
