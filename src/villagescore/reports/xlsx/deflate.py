"""A large sheet deflated a chunk at a time by the process that made the chunk (as ``pigz`` does).

A national workbook is hundreds of MB of XML. Deflating it all in the command, while forked
copies make half of the chunks (:func:`~villagescore.chunks.chunks_in_order`), left the command
with more work than its copies. Each chunk is instead deflated where it is made, by
python-isal at level 1, into blocks that end on a byte (``Z_SYNC_FLUSH``), so the blocks of
successive chunks follow each other in one deflate stream that a last empty block closes;
each chunk's CRC-32 is combined into the entry's. The chunks, hence the deflated bytes, are
the same whichever process makes them: the same file for any number of processes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

#: Bytes before a deflated chunk: the CRC-32 (4) and the length (8) of the XML it holds.
_HEAD = 12
#: The last block of a deflate stream, empty (fixed Huffman codes, end of block).
_LAST_BLOCK = b"\x03\x00"
#: What :func:`write_deflated` needs of the entry ``zipfile`` opened for writing.
_ENTRY_STATE = ("_crc", "_file_size", "_compress_size", "_fileobj", "_compressor")


def deflated(data: bytes) -> bytes:
    """``data`` deflated into blocks that a following chunk's blocks can follow, after its CRC-32 and length."""
    from isal import isal_zlib

    compressor = isal_zlib.compressobj(1, isal_zlib.DEFLATED, -15)
    body = compressor.compress(data) + compressor.flush(isal_zlib.Z_SYNC_FLUSH)
    return isal_zlib.crc32(data).to_bytes(4, "little") + len(data).to_bytes(8, "little") + body


def can_write_deflated(out: Any) -> bool:
    """Whether ``out`` (a ``zipfile`` entry open for writing, nothing written yet) takes deflated chunks.

    ``zipfile`` has no way to write data deflated elsewhere: :func:`write_deflated` keeps the
    entry's sizes and CRC itself. Should a future ``zipfile`` name them otherwise, the XML is
    written through ``out.write`` as before.
    """
    return all(hasattr(out, name) for name in _ENTRY_STATE) and out._compressor is not None


def write_deflated(out: Any, chunks: Iterable[bytes]) -> None:
    """Write the chunks made by :func:`deflated` to ``out``, in order; the entry's stream ends when it closes."""
    from isal import isal_zlib

    for chunk in chunks:
        crc, size = int.from_bytes(chunk[:4], "little"), int.from_bytes(chunk[4:_HEAD], "little")
        out._crc = isal_zlib.crc32_combine(out._crc, crc, size)
        out._file_size += size
        out._compress_size += len(chunk) - _HEAD
        out._fileobj.write(memoryview(chunk)[_HEAD:])
    out._compressor = _Closing()


class _Closing:
    """What the entry calls when it closes: the deflate stream's last block (nothing else is compressed)."""

    def flush(self) -> bytes:
        return _LAST_BLOCK
