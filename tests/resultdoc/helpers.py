"""Shared by the tests of villagescore.resultdoc."""

import io


def _bytes(writer, result, **kw):
    buf = io.BytesIO()
    writer(result, buf, **kw)
    return buf.getvalue()
