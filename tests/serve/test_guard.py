"""The safety of what ``serve`` answers: neutralised CSV cells, safety headers, plain error pages."""

import asyncio
import csv
import io
import json

import pytest

from villagescore.serve.guard import SECURITY_HEADERS, CsvCells, bad_parameter, error_page, guarded

ROWS = [["id", "commune", "note", "score"],
        ["1", '=HYPERLINK("http://evil.example","x")', "a, b\nc", "-5"],
        ["2", "+ thêm", "@x", "1.5e-3"],
        ["3", "Hồng Sơn", "-", "-0.25"],
        ["4", "\tx", '"=quoted"', ""]]


def _csv(rows):
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows(rows)
    return buf.getvalue().encode()


def _rewritten(data: bytes, size: int) -> bytes:
    cells = CsvCells()
    return b"".join(cells.feed(data[i:i + size]) for i in range(0, len(data), size)) + cells.close()


@pytest.mark.parametrize("size", [1, 2, 7, 64, 10_000])
def test_formula_cells_are_neutralised_wherever_the_stream_is_cut(size):
    out = list(csv.reader(io.StringIO(_rewritten(_csv(ROWS), size).decode())))
    assert out[1] == ["1", "'=HYPERLINK(\"http://evil.example\",\"x\")", "a, b\nc", "-5"]  # a number stays a number
    assert out[2] == ["2", "'+ thêm", "'@x", "1.5e-3"]
    assert out[3] == ["3", "Hồng Sơn", "'-", "-0.25"]
    assert out[4] == ["4", "'\tx", '"=quoted"', ""]


def test_a_csv_without_formula_cells_passes_byte_identical():
    data = _csv([["id", "name"], ["1", "Làng dệt Phùng Xá"], ["2", 'a "b", c']])
    assert _rewritten(data, 5) == data


def _answer(path, content_type, body_parts):
    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", content_type), (b"content-length", b"999")]})
        for i, part in enumerate(body_parts):
            await send({"type": "http.response.body", "body": part, "more_body": i < len(body_parts) - 1})

    sent = []

    async def send(message):
        sent.append(message)

    asyncio.run(guarded(app)({"type": "http", "path": path}, None, send))
    headers = dict(sent[0]["headers"])
    return headers, b"".join(m.get("body", b"") for m in sent[1:])


def test_a_csv_download_is_rewritten_and_every_answer_carries_the_safety_headers():
    headers, body = _answer("/f/village_years.csv", b"text/csv; charset=utf-8", [b"a,=1", b"+2\r\n3,x"])
    assert body == b"a,'=1+2\r\n3,x"
    assert b"content-length" not in headers
    assert all(headers[k] == v for k, v in SECURITY_HEADERS)
    headers, body = _answer("/f/village_years", b"text/html; charset=utf-8", [b"<p>=1</p>"])
    assert body == b"<p>=1</p>" and headers[b"content-length"] == b"999"
    assert headers[b"x-frame-options"] == b"DENY" and headers[b"x-content-type-options"] == b"nosniff"


def test_an_error_page_says_the_status_in_both_languages_and_escapes_the_reason():
    body, kind = error_page("/x/<b>", 404, "Table <b>x</b> not found")
    assert "Không tìm thấy · Not found" in body and "&lt;b&gt;" in body and "<b>" not in body
    assert kind.startswith("text/html")
    body, kind = error_page("/f/x.json", 404, "Table not found")
    assert kind == "application/json" and '"status": 404' in body


class _DatasetteError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def test_a_sort_or_a_value_datasette_cannot_follow_is_the_visitors_slip_in_both_languages():
    assert bad_parameter(_DatasetteError("Cannot sort table by nope"), ["_sort"]).startswith(
        "Không sắp xếp được bảng theo nope")
    assert "Cannot use _sort and _sort_desc" in bad_parameter(
        _DatasetteError("Cannot use _sort and _sort_desc at the same time"), ["_sort", "_sort_desc"])
    assert bad_parameter(ValueError("invalid literal"), ["_timelimit"]) == (
        "Không đọc được giá trị của _timelimit · The value of _timelimit could not be read")
    assert "year__in" in bad_parameter(ValueError("Expecting value"), ["year__in", "_size"])
    assert bad_parameter(KeyError("table"), ["_through"]) is not None


def test_a_fault_of_the_server_is_not_taken_for_a_bad_parameter():
    assert bad_parameter(ValueError("boom"), ["_size", "year"]) is None  # no parameter read unchecked
    assert bad_parameter(RuntimeError("boom"), ["_timelimit"]) is None
    assert bad_parameter(_DatasetteError("something else"), ["_sort"]) is None


def test_an_error_page_says_every_problem_and_links_to_the_first_page():
    body, _ = error_page("/f/t", 400, ["a <1>", "b"], first_page="/f/t?_sort=x&y=1")
    assert "<p>a &lt;1&gt;</p><p>b</p>" in body and 'href="/f/t?_sort=x&amp;y=1">Trang đầu · First page' in body
    body, _ = error_page("/f/t.json", 400, ["a", "b"], first_page="/f/t.json")
    assert json.loads(body) == {"ok": False, "error": "a\nb", "errors": ["a", "b"], "status": 400,
                                "first_page": "/f/t.json"}
