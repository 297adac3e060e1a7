"""villagescore.compare.group_rows: group rows held by column read and write as the documented dicts."""

import json

import pytest

from villagescore.compare.group_rows import GroupRows


def _rows(recorded=True, alike=False) -> GroupRows:
    columns = {
        "period": ["latest", "latest", 2024], "key": ['A "1" — Hà Nội', "B%s", "not_recorded"],
        "label": ['A "1" — Hà Nội', "B%s", "không ghi"], "mapped": [True, False, True],
        "not_recorded": [False, False, True], "count": [3, 1, 2], "scored": [3, 0, 1],
        "small_group": [False, True, True], "note": [None, "ít hơn 3", "ít hơn 3"], "rank": [1, None, None],
        "mean": [50.1234, None, 0.0], "median": [50.0, None, 0.0], "min": [1e-05, None, 0.0],
        "max": [99.9999, None, 0.0], "estimated_share": [0.333, None, 1.0], "mostly_estimated": [1, None, 2],
    }
    shares = {"high": [0.3333, 0.0, None], "unrated": [0.6667, 1.0, None]}
    counts = {"high": [1, 0, 0], "unrated": [2, 1, 0]}
    who = {side: {"present": [True, False, True], "village_id": ["v1", None, "v9"], "name": ["Làng \\ 1", None, None],
                  "year": [2024, None, 2025], "score": [99.9999 if side == "best" else 1e-05, None, 0.0]}
           for side in ("best", "worst")}
    if alike:  # groups of one village: the worst is the best; labels are the keys
        who["worst"] = {k: list(v) for k, v in who["best"].items()}
        columns["label"] = list(columns["key"])
    return GroupRows(columns, shares, counts, who, ["v1", "v2", "v3", "v4", "v9", "v8"], [0, 3, 4, 6],
                     [["Hà Tây", "Hà Nội"], [], []] if recorded else None)


def test_a_row_is_the_documented_dict_in_its_order():
    rows = _rows()
    assert list(rows[0]) == ["period", "key", "label", "mapped", "not_recorded", "recorded_names", "count", "scored",
                             "small_group", "too_small", "note", "rank", "mean", "median", "min", "max", "tier_shares",
                             "tier_counts", "estimated_share", "mostly_estimated", "best", "worst", "villages"]
    assert rows[0]["best"] == {"village_id": "v1", "name": "Làng \\ 1", "year": 2024, "score": 99.9999}
    assert rows[1]["best"] is None and rows[1]["too_small"] is True
    assert rows[-1]["villages"] == ["v9", "v8"] and rows[1]["villages"] == ["v4"]
    assert rows[0]["recorded_names"] == ["Hà Tây", "Hà Nội"]
    assert rows[0]["tier_shares"] == {"high": 0.3333, "unrated": 0.6667}
    with pytest.raises(IndexError):
        rows[3]


@pytest.mark.parametrize("few", [1_000, 0])  # members joined group by group, or laid out all at once
@pytest.mark.parametrize("alike", [True, False])
@pytest.mark.parametrize("recorded", [True, False])
@pytest.mark.parametrize("size", [1, 2, 10_000])
def test_the_json_text_is_that_of_the_dicts(recorded, size, alike, few, monkeypatch):
    from villagescore.compare import group_rows

    monkeypatch.setattr(group_rows, "_FEW_GROUPS", few)
    rows = _rows(recorded, alike)
    expected = json.dumps(list(rows), ensure_ascii=False, separators=(",", ":"))
    assert "".join(rows.json_pieces(size)) == expected
    assert b"".join(rows.json_bytes(size)) == expected.encode("utf-8")
    assert rows.json_text() == expected


def test_no_rows_is_an_empty_array():
    rows = _rows().select([])
    assert len(rows) == 0 and rows.json_text() == "[]" and list(rows) == []


def test_a_selection_keeps_each_row_with_its_members():
    rows = _rows()
    picked = rows.select([2, 0])
    assert list(picked) == [rows[2], rows[0]]
    assert picked.json_text() == json.dumps([rows[2], rows[0]], ensure_ascii=False, separators=(",", ":"))
    assert picked == [rows[2], rows[0]] and rows[1:] == [rows[1], rows[2]]


def test_a_column_is_read_without_building_the_rows():
    rows = _rows()
    assert rows.column("mean") == [50.1234, None, 0.0]
    assert rows.column("tier_shares:unrated") == [0.6667, 1.0, None]
    assert rows.column("best:present") == [True, False, True]
    assert rows.column("recorded_names") == [["Hà Tây", "Hà Nội"], [], []]
    assert _rows(recorded=False).column("recorded_names") == [[], [], []]


@pytest.mark.parametrize("few", [1_000, 0])
def test_a_group_without_members_is_written_with_an_empty_list_either_way(few, monkeypatch):
    from villagescore.compare import group_rows

    monkeypatch.setattr(group_rows, "_FEW_GROUPS", few)
    full = _rows()
    rows = GroupRows(full._columns, full._shares, full._counts, full._who, ["v1", "v2", "v3", "v9", "v8"],
                     [0, 3, 3, 5], None)
    assert rows[1]["villages"] == []
    assert rows.json_text() == json.dumps(list(rows), ensure_ascii=False, separators=(",", ":"))


@pytest.mark.parametrize("members", [
    ["v1", "Hà Nội", "", "😀", "v9", "v8"],  # plain texts: each group's joined between quotes
    ['q"1', "b\\2", "c\n", "\x00", "v9", "v8"],  # texts JSON escapes: each written on its own
    ["v1", None, "v3", "v4", "v9", "v8"], ["v1", 2, 3.5, "v4", "v9", "v8"],  # not all texts
])
@pytest.mark.parametrize("starts", [[0, 3, 4, 6], [0, 0, 6, 6], [0, 6, 6, 6]])
def test_members_joined_group_by_group_are_the_json_of_each_list(members, starts):
    full = _rows()
    rows = GroupRows(full._columns, full._shares, full._counts, full._who, members, starts, None)
    assert rows.json_text() == json.dumps(list(rows), ensure_ascii=False, separators=(",", ":"))
    assert [r["villages"] for r in rows] == [members[a:b] for a, b in zip(starts[:-1], starts[1:], strict=True)]
