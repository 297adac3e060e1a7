"""UTF-8 read as Latin-1 (Windows-1252) and saved again: recovered on enough evidence that it is Vietnamese."""

import pytest

from villagescore.datasets.double_encoding import ENOUGH, _evidence, recovered


def _double(text):
    return text.encode("utf-8").decode("latin-1")


@pytest.mark.parametrize(("text", "was"), [
    ("LÃ\u00a0ng nghá»\x81", "Làng nghề"),
    ("LÃ ng nghá»\x81", "Làng nghề"),  # the no-break space of 'à' became a space on the way
    ("HÃ  Ná»™i", "Hà Nội"),  # Windows-1252: ộ's 0x99 is '™'
    (_double("Làng dệt Phùng Xá"), "Làng dệt Phùng Xá"),
    (_double("Hà Nam"), "Hà Nam"),
    (_double("Đông Hồ"), "Đông Hồ"),
    (_double("Hà Nội").replace("\u00a0", " "), "Hà Nội"),
])
def test_real_double_encoded_vietnamese_is_recovered(text, was):
    assert recovered(text) == was


@pytest.mark.parametrize("text", [
    "Â\u00a0A",  # reads '\xa0A' as UTF-8: a no-break space is no letter
    "Â\u00a0Â\u00a0",
    "UBND XÃ NAM",  # Vietnamese in capitals: 'XÃ ' would read 'Xà' only by guessing a no-break space
    "IRMÃ E",
    "CÔ…",  # 'Ô…' reads as a Cyrillic letter: one piece, no syllable
    "Hà Nội",
    "Ha Noi",
])
def test_legal_text_that_reads_as_utf8_without_enough_evidence_is_left_as_it_is(text):
    """Audit (fifteenth walk): 'Â\\xa0A' was refused as double-encoded (it reads '\\xa0A' as UTF-8)."""
    assert recovered(text) is None


def test_a_letter_of_three_bytes_weighs_two_and_a_syllable_one_more():
    assert _evidence("đ") == 1  # no syllable alone
    assert _evidence("é") == 1 + 1  # 'é' is a syllable
    assert _evidence("nghề") == 2 + 1
    assert _evidence("\u00a0A") == 0
    assert _evidence("café") == 1 < ENOUGH
