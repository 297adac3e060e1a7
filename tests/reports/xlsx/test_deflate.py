"""A sheet deflated a chunk at a time: one deflate stream, the entry's CRC and sizes those of the XML."""

import io
import zipfile
import zlib

from villagescore.reports.xlsx.deflate import can_write_deflated, deflated, write_deflated

PARTS = [b"<worksheet>", b"", "<row>ý</row>".encode() * 5000, bytes(range(256)) * 100, b"</worksheet>"]


def test_deflated_chunks_follow_each_other_in_one_stream():
    chunks = [deflated(part) for part in PARTS]
    for part, chunk in zip(PARTS, chunks, strict=True):
        assert int.from_bytes(chunk[:4], "little") == zlib.crc32(part)
        assert int.from_bytes(chunk[4:12], "little") == len(part)
    stream = b"".join(chunk[12:] for chunk in chunks) + b"\x03\x00"
    assert zlib.decompress(stream, -15) == b"".join(PARTS)


def test_an_entry_written_from_deflated_chunks_reads_back_with_its_crc():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("before.xml", b"<a/>")
        info = zipfile.ZipInfo("sheet.xml", date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w") as entry:
            assert can_write_deflated(entry)
            write_deflated(entry, (deflated(part) for part in PARTS))
        z.writestr("after.xml", b"<b/>")
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as z:
        assert z.testzip() is None
        info = z.getinfo("sheet.xml")
        assert info.CRC == zlib.crc32(b"".join(PARTS)) and info.file_size == len(b"".join(PARTS))
        assert z.read("sheet.xml") == b"".join(PARTS) and z.read("after.xml") == b"<b/>"


def test_an_entry_without_the_state_it_needs_is_not_written_so():
    assert not can_write_deflated(io.BytesIO())
    with zipfile.ZipFile(io.BytesIO(), "w", zipfile.ZIP_STORED) as z, z.open("x", "w") as entry:
        assert not can_write_deflated(entry)  # stored, not deflated
