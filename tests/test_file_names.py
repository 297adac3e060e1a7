"""File names as recorded and printed: the base name, in NFC whatever the system wrote."""

import unicodedata

from villagescore.file_names import file_name


def test_a_decomposed_name_is_recorded_composed():
    nfd = unicodedata.normalize("NFD", "/dữ liệu/Làng nghề.csv")
    assert nfd != unicodedata.normalize("NFC", nfd)
    assert file_name(nfd) == unicodedata.normalize("NFC", "Làng nghề.csv")
    assert file_name("a/b.csv") == "b.csv"


def test_a_whole_path_shown_as_a_label_is_composed():
    from villagescore.file_names import path_label

    nfd = unicodedata.normalize("NFD", "/dữ liệu/Làng nghề.csv")
    assert path_label(nfd) == unicodedata.normalize("NFC", "/dữ liệu/Làng nghề.csv")
