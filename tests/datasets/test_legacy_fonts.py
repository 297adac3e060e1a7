"""TCVN3 (ABC) and VNI font text: read through the font, every word with a Latin-1 code is a Vietnamese syllable."""

import pytest

from villagescore.datasets.legacy_fonts import is_syllable, reads_as_font_text


@pytest.mark.parametrize("text", ["Hµ Néi", "Lµng dÖt Phïng X¸", "Haø Noäi", "Phöôùc", "NghÖ An 2024"])
def test_font_text_reads_as_syllables(text):
    assert reads_as_font_text(text)


@pytest.mark.parametrize("text", ["Nestlé", "Müller", "Zürich", "Noël", "Curaçao", "Peña", "Straße", "kW·h", "Nº 5",
                                  "GBP£", "Hà Nội", "Ha Noi", "", "Lü", "Lü Wei", "Nü", "Haß", "Maß", "Haß Keramik"])
def test_foreign_and_unicode_text_does_not(text):
    assert not reads_as_font_text(text)


@pytest.mark.parametrize("word", ["hòa", "hoà", "thủy", "thuỷ", "già", "gì", "giữa", "người", "khuyến", "quốc", "hoạch",
                                  "huýt", "ngoài", "tuổi", "hươu", "chuyện", "khuya", "tò"])
def test_a_tone_where_vietnamese_spelling_puts_it_reads_as_a_syllable(word):
    assert is_syllable(word)


@pytest.mark.parametrize("word", ["haò", "ngoaì", "tuôí", "hóac"])
def test_a_tone_on_the_wrong_vowel_does_not(word):
    """Fourteenth walk: 'Haß' reads 'haò' in TCVN3, which took it for a syllable."""
    assert not is_syllable(word)


@pytest.mark.parametrize("text", ["Lü", "Lü Wei", "Nü"])
def test_one_foreign_letter_is_too_little_evidence(text):
    """Fourteenth walk: 'Lü' reads 'Lỹ' in TCVN3, a syllable: one converted letter does not make font text."""
    assert not reads_as_font_text(text)
