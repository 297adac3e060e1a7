"""A test-only plugin that adds one output format, ``toy-lines`` (used with the toy plugin)."""

from villagescore import Reporter, hookimpl

__version__ = "0.0.1"


def render_lines(result, lang):
    """One line per village-year: id, year and overall score rounded to 2 decimals ('-' when missing)."""
    lines = []
    for i in range(len(result)):
        row = result.village_dict(i, lang=lang)
        score = row["overall"]["score"]
        lines.append(f"{row['village_id']}\t{row['year']}\t{'-' if score is None else f'{score:.2f}'}\n")
    return "".join(lines).encode("utf-8")


@hookimpl
def register_reporters():
    return [Reporter("toy-lines", ".txt", render_lines, "Village id, year and overall score")]
