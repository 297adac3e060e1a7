"""Vietnamese terms: a rating (tier) is "xếp loại", a rank (position) is "hạng" / "xếp hạng"."""

import re

from villagescore.i18n.catalogues import catalogue


def _words(lang):
    return {k: v for k, v in catalogue(lang)._catalog.items() if isinstance(k, str) and k}


def test_a_rating_is_xep_loai_never_xep_hang():
    vi, en = _words("vi"), _words("en")
    wrong = []
    for key, text in vi.items():
        english = en.get(key, key)  # a symbolic id's English word, else the English sentence itself
        if "xếp hạng" not in text.lower() or re.search(r"\brank", english, re.I):
            continue
        if re.search(r"\b(rating|rated|tier)", english, re.I):
            wrong.append((key, text))
    assert not wrong
    assert vi["cap"] == "Xếp loại tối đa" and vi["sensitivity.likely"] == "Xếp loại khả dĩ nhất"
