"""villagescore.framework.documents: a parsed document normalised as the plain recursive walk does."""

import datetime
import unicodedata
from collections import OrderedDict

from hypothesis import given, settings
from hypothesis import strategies as st

from villagescore.framework.documents import _normalise


def _reference(value):
    """The walk as it was before the plain types were told apart by their exact type (the same isinstance tests)."""
    match value:
        case dict():
            return {_reference(k): _reference(v) for k, v in value.items()}
        case list():
            return list(map(_reference, value))
        case datetime.date():
            return value.isoformat()
        case str():
            return unicodedata.normalize("NFC", value)
        case _:
            return value


class Text(str):
    pass


_TEXTS = st.one_of(st.text(max_size=6), st.sampled_from(["plain", "Làng", unicodedata.normalize("NFD", "Làng Xá"),
                                                         "e\u0301", "\u0301", "ﬁ", "Ω", ""]))
_SCALARS = st.one_of(_TEXTS, _TEXTS.map(Text), st.integers(), st.floats(allow_nan=False), st.booleans(), st.none(),
                     st.dates(), st.datetimes())
_KEYS = st.one_of(_TEXTS, _TEXTS.map(Text), st.integers(), st.booleans(), st.none())
_TREES = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=4),
    st.dictionaries(_KEYS, inner, max_size=3).map(OrderedDict)), max_leaves=30)


def _typed(value):
    """The value with every type spelt out (``==`` does not tell 1 from True, nor str from a subclass)."""
    if isinstance(value, dict):
        return (type(value), [(_typed(k), _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return (type(value), [_typed(v) for v in value])
    return (type(value), repr(value))


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(_TREES)
def test_normalise_gives_what_the_plain_walk_gives(tree):
    assert _typed(_normalise(tree)) == _typed(_reference(tree))


def test_text_is_nfc_and_dates_are_iso():
    doc = {unicodedata.normalize("NFD", "Hà"): [unicodedata.normalize("NFD", "Xá"), datetime.date(2025, 7, 1), 1.5]}
    assert _normalise(doc) == {"Hà": ["Xá", "2025-07-01", 1.5]}
