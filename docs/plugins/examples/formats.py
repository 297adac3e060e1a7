"""An example plugin adding a dataset format and an output format (quoted by docs/plugins/hooks.md)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from villagescore import Reader, Reporter, hookimpl


# [start readers]
def read_tsv(path):
    """Read a tab-separated file; villagescore validates the columns afterwards."""
    import pandas as pd

    from villagescore.datasets import RawDataset

    data = Path(path).read_bytes()
    frame = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, na_values=[""])
    return RawDataset(frame, str(path), hashlib.sha256(data).hexdigest())


@hookimpl
def register_readers():
    """Datasets in files ending in .tsv."""
    return [Reader("tsv", (".tsv",), read_tsv, "Tab-separated values, UTF-8")]
# [end readers]


# [start reporters]
def render_lines(result, lang):
    """One line per village-year: id, year, overall score (or '-' when missing)."""
    lines = []
    for i in range(len(result)):
        row = result.village_dict(i, lang=lang)
        score = row["overall"]["score"]
        lines.append(f"{row['village_id']}\t{row['year']}\t{'-' if score is None else score}\n")
    return "".join(lines).encode("utf-8")


@hookimpl
def register_reporters():
    """An output format: render(result, lang) returns the file's bytes."""
    return [Reporter("lines", ".txt", render_lines, "Village id, year and overall score")]
# [end reporters]
