"""TCVN3 (ABC) and VNI font text: read through the font, every word with a Latin-1 code is a Vietnamese syllable."""

import pytest

from villagescore.datasets.legacy_fonts import reads_as_font_text


@pytest.mark.parametrize("text", ["Hµ Néi", "Lµng dÖt Phïng X¸", "Haø Noäi", "Phöôùc", "NghÖ An 2024"])
def test_font_text_reads_as_syllables(text):
    assert reads_as_font_text(text)


@pytest.mark.parametrize("text", ["Nestlé", "Müller", "Zürich", "Noël", "Curaçao", "Peña", "Straße", "kW·h", "Nº 5",
                                  "GBP£", "Hà Nội", "Ha Noi", ""])
def test_foreign_and_unicode_text_does_not(text):
    assert not reads_as_font_text(text)
