"""Many rows a statement (villagescore.store.bulk): the same rows, in the same order, as one statement a row."""

import sqlite3

import pytest

from villagescore.store.bulk import MOST_PARAMETERS, ROWS_AT_ONCE, insert_rows


def _table(width):
    con = sqlite3.connect(":memory:")
    con.execute(f"CREATE TABLE t (k INTEGER, {', '.join(f'c{i}' for i in range(width))}, tag TEXT)")
    return con


def _rows(con):
    return con.execute("SELECT rowid, *, typeof(c0) FROM t ORDER BY rowid").fetchall()


@pytest.mark.parametrize("width", [1, 3, 22, MOST_PARAMETERS // 2 + 1])
@pytest.mark.parametrize("n", [0, 1, 44, 45, 46, ROWS_AT_ONCE - 1, ROWS_AT_ONCE, ROWS_AT_ONCE + 1, 1000])
def test_the_rows_are_those_of_one_statement_a_row(width, n):
    columns = [[(i * 7 + j) % 5 * 0.5 if j % 3 == 0 else None if (i + j) % 4 == 0 else f"v{i}-{j}" for i in range(n)]
               for j in range(width)]
    row = f"(7, {', '.join(['?'] * width)}, 'x')"
    head = f"INSERT INTO t (k, {', '.join(f'c{i}' for i in range(width))}, tag)"
    one, many = _table(width), _table(width)
    one.executemany(f"{head} VALUES {row}", zip(*columns, strict=True))
    insert_rows(many, head, row, columns)
    assert _rows(many) == _rows(one) and len(_rows(many)) == n


def test_columns_that_do_not_fit_the_row_are_refused():
    con = _table(2)
    with pytest.raises(ValueError, match="2 parameters"):
        insert_rows(con, "INSERT INTO t (k, c0, c1, tag)", "(1, ?, ?, 'x')", [[1]])
    with pytest.raises(ValueError, match="different lengths"):
        insert_rows(con, "INSERT INTO t (k, c0, c1, tag)", "(1, ?, ?, 'x')", [[1, 2], [1]])
    assert _rows(con) == []
