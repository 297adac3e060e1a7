"""Rows held column by column, read as a list of dicts: the sequence behaviour the ranked and grouped rows share."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

__all__ = ["ColumnRows"]


class ColumnRows(Sequence):
    """A read-only sequence of row dicts held column by column; each row is a dict built when it is read.

    ``len``, indexing, slicing (a list), iteration and ``==`` with a list or tuple behave as
    those of a list of the dicts. A subclass sets ``_n`` (how many rows) and builds the rows
    at some positions (:meth:`_rows_at`) or one row (:meth:`_row`).
    """

    _n = 0
    #: What an index out of range says.
    _index_error = "row index out of range"

    def _rows_at(self, at: Iterable[int]) -> Iterator[dict[str, Any]]:
        """The rows at positions ``at``, in that order."""
        return (self._row(i) for i in at)

    def _row(self, i: int) -> dict[str, Any]:
        """The row at position ``i``."""
        return next(iter(self._rows_at([i])))

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return list(self._rows_at(range(self._n)[index]))
        if index < 0:
            index += self._n
        if not 0 <= index < self._n:
            raise IndexError(self._index_error)
        return self._row(index)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return self._rows_at(range(self._n))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (ColumnRows, list, tuple)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable-looking sequence, like list

    def __repr__(self) -> str:
        return f"{type(self).__name__}({len(self)} rows)"

    def json_text(self) -> str:
        """The rows as a compact JSON array (``ensure_ascii=False``, separators ``,`` and ``:``).

        The same text as ``json.dumps(list(rows), ensure_ascii=False, separators=(",", ":"))``,
        built column by column (see :meth:`json_pieces`), no dict per row.
        """
        return "".join(self.json_pieces())

    def json_pieces(self, size: int = 10_000) -> Iterator[str]:
        """:meth:`json_text` in pieces of ``size`` rows, each built column by column.

        In each piece every distinct text is escaped once and each number column is encoded
        by one call of the C encoder; only one piece's cells are held at a time.
        """
        if self._n == 0:
            yield "[]"
            return
        template = self._template()
        for lo in range(0, self._n, size):
            yield self._piece(template, lo, min(lo + size, self._n))
        yield "]"

    def json_bytes(self, size: int = 10_000, workers: int | None = None) -> Iterator[bytes]:
        """The UTF-8 of :meth:`json_pieces`, the pieces shared between processors from the command line.

        The pieces are made by :func:`~villagescore.chunks.chunks_in_order` (the same bytes as
        making them all here; ``workers`` as it takes them); only a piece per process is held at a time.
        """
        import contextlib

        from ..chunks import chunks_in_order

        if self._n == 0:
            yield b"[]"
            return
        template = self._template()

        def make(lo: int, hi: int) -> bytes:
            return self._piece_bytes(template, lo, hi)

        with contextlib.closing(chunks_in_order(make, self._n, size, workers)) as pieces:
            yield from pieces
        yield b"]"

    def _piece_bytes(self, template: str, lo: int, hi: int) -> bytes:
        """The UTF-8 of :meth:`_piece` (a subclass may make it otherwise)."""
        return self._piece(template, lo, hi).encode("utf-8")

    @abstractmethod
    def _template(self) -> str:
        """A row's JSON text as a ``%`` template of its cells (see :meth:`_piece`)."""

    @abstractmethod
    def _piece(self, template: str, lo: int, hi: int) -> str:
        """Rows ``lo:hi`` as JSON texts joined by commas, after ``[`` (the first piece) or ``,``."""
