"""Shared by the tests of villagescore.resultdoc."""

import io


def _bytes(writer, result, **kw):
    buf = io.BytesIO()
    writer(result, buf, **kw)
    return buf.getvalue()


def _odd_frame(national, n):
    """The first ``n`` rows of the national result's frame with odd texts, missing identity cells and sectors."""
    frame = national.frame.iloc[:n].copy()
    odd = ['quote " and \\ back', "tab\tnew\nline\x00\x1f", "Làng nghề 𝄞 \u2028", "", "</script>"]
    frame["name"] = [odd[i % len(odd)] for i in range(len(frame))]
    frame["commune"] = [None if i % 3 else odd[i % len(odd)] for i in range(len(frame))]
    frame["sectors"] = [";".join(odd[: i % 3]) if i % 4 else None for i in range(len(frame))]
    return frame.drop(columns=["province"])
